"""LINE's rate limits, shared by every worker (token buckets in Redis).

LINE counts per channel, not per process (line-platform.md §2.2), so the budget lives
in Redis. Without Redis (the embedded default runs tasks in-process) a bucket in this
process is used instead.
"""

import logging
import threading
import time

from django.conf import settings

import redis


logger = logging.getLogger(__name__)

# KEYS[1] bucket; ARGV: capacity, refill per second. Returns 0 (taken) or ms to wait.
_TAKE = """
local now = redis.call('TIME')
local now_ms = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2]) / 1000
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or capacity
local at = tonumber(state[2]) or now_ms
tokens = math.min(capacity, tokens + (now_ms - at) * rate)
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
else
  wait = math.ceil((1 - tokens) / rate)
end
redis.call('HSET', KEYS[1], 'tokens', tokens, 'at', now_ms)
redis.call('PEXPIRE', KEYS[1], math.ceil(capacity / rate) + 1000)
return wait
"""


class _LocalBucket:
    def __init__(self, capacity: int, per_seconds: float) -> None:
        self.capacity = capacity
        self.rate = capacity / per_seconds
        self.tokens = float(capacity)
        self.at = time.monotonic()
        self.lock = threading.Lock()

    def take(self) -> float:
        with self.lock:
            now = time.monotonic()
            self.tokens = min(self.capacity, self.tokens + (now - self.at) * self.rate)
            self.at = now
            if self.tokens >= 1:
                self.tokens -= 1
                return 0.0
            return (1 - self.tokens) / self.rate


_local_buckets: dict[str, _LocalBucket] = {}
_redis_client: redis.Redis | None = None
_redis_broken = False


def _redis() -> redis.Redis | None:
    global _redis_client, _redis_broken
    if _redis_broken:
        return None
    if _redis_client is None:
        _redis_client = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2)
    return _redis_client


def _wait_seconds(bucket: str, capacity: int, per_seconds: float) -> float:
    """Take one token from ``bucket``; 0 when taken, else seconds until one is free."""
    global _redis_broken
    client = _redis()
    if client is not None:
        try:
            return (
                int(client.eval(_TAKE, 1, bucket, capacity, capacity / per_seconds))
                / 1000
            )
        except redis.exceptions.ConnectionError:
            logger.warning(
                "Redis unreachable: rate limits are counted in this process only"
            )
            _redis_broken = True
    local = _local_buckets.setdefault(bucket, _LocalBucket(capacity, per_seconds))
    return local.take()


def acquire(endpoint: str) -> None:
    """Block until one request to ``endpoint`` fits LINE's rate limit."""
    capacity, per_seconds = settings.LINE_RATE_LIMITS[endpoint]
    while True:
        wait = _wait_seconds(f"line:ratelimit:{endpoint}", capacity, per_seconds)
        if wait <= 0:
            return
        time.sleep(min(wait, 5.0))


def allow(name: str, who: str, capacity: int, per_seconds: float) -> bool:
    """Whether ``who`` (an IP address, a friend) may make one more ``name`` request now.

    Our own endpoints' limits (LIFF login, settings saves): never waits, the caller
    answers 429 instead.
    """
    return _wait_seconds(f"ratelimit:{name}:{who}", capacity, per_seconds) <= 0
