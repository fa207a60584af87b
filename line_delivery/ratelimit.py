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

# KEYS[1] bucket; ARGV: capacity, refill per second, tokens wanted. Returns {tokens
# taken (up to the wanted number, at least 1 when any is free), ms until one is free}.
_TAKE = """
local now = redis.call('TIME')
local now_ms = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2]) / 1000
local wanted = tonumber(ARGV[3])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or capacity
local at = tonumber(state[2]) or now_ms
tokens = math.min(capacity, tokens + (now_ms - at) * rate)
local taken = math.min(wanted, math.floor(tokens))
local wait = 0
if taken >= 1 then
  tokens = tokens - taken
else
  taken = 0
  wait = math.ceil((1 - tokens) / rate)
end
redis.call('HSET', KEYS[1], 'tokens', tokens, 'at', now_ms)
redis.call('PEXPIRE', KEYS[1], math.ceil(capacity / rate) + 1000)
return {taken, wait}
"""


class _LocalBucket:
    def __init__(self, capacity: int, per_seconds: float) -> None:
        self.capacity = capacity
        self.rate = capacity / per_seconds
        self.tokens = float(capacity)
        self.at = time.monotonic()
        self.lock = threading.Lock()

    def take(self, wanted: int = 1) -> tuple[int, float]:
        with self.lock:
            now = time.monotonic()
            self.tokens = min(self.capacity, self.tokens + (now - self.at) * self.rate)
            self.at = now
            taken = min(wanted, int(self.tokens))
            if taken >= 1:
                self.tokens -= taken
                return taken, 0.0
            return 0, (1 - self.tokens) / self.rate


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


def _take(
    bucket: str, capacity: int, per_seconds: float, wanted: int = 1
) -> tuple[int, float]:
    """Take up to ``wanted`` tokens from ``bucket`` in one round trip: (how many were
    taken, seconds until one is free when none was)."""
    global _redis_broken
    client = _redis()
    if client is not None:
        try:
            taken, wait_ms = client.eval(
                _TAKE, 1, bucket, capacity, capacity / per_seconds, wanted
            )
            return int(taken), int(wait_ms) / 1000
        except redis.exceptions.ConnectionError:
            logger.warning(
                "Redis unreachable: rate limits are counted in this process only"
            )
            _redis_broken = True
    local = _local_buckets.setdefault(bucket, _LocalBucket(capacity, per_seconds))
    return local.take(wanted)


def acquire(endpoint: str, wanted: int = 1) -> int:
    """Block until at least one request to ``endpoint`` fits LINE's rate limit; take
    up to ``wanted`` (one Redis call for a batch of requests) and return how many."""
    capacity, per_seconds = settings.LINE_RATE_LIMITS[endpoint]
    while True:
        taken, wait = _take(
            f"line:ratelimit:{endpoint}", capacity, per_seconds, max(wanted, 1)
        )
        if taken:
            return taken
        time.sleep(min(wait, 5.0))


def allow(name: str, who: str, capacity: int, per_seconds: float) -> bool:
    """Whether ``who`` (an IP address, a friend) may make one more ``name`` request now.

    Our own endpoints' limits (LIFF login, settings saves): never waits, the caller
    answers 429 instead.
    """
    return _take(f"ratelimit:{name}:{who}", capacity, per_seconds)[0] > 0
