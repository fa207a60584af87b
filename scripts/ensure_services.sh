#!/usr/bin/env bash
# Start PostgreSQL and Redis on loopback if they are not running, then insist on
# PostgreSQL: the tests must never silently fall back to another database.
set -u

pg_up() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }
redis_up() { redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; }

if ! pg_up; then
  echo "PostgreSQL is not answering on 127.0.0.1:5432; starting it…"
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start || true
  fi
  for _ in $(seq 1 30); do pg_up && break; sleep 1; done
fi
if ! pg_up; then
  echo "ERROR: PostgreSQL cannot be reached on 127.0.0.1:5432. The tests need it." >&2
  echo "       Start it (pg_ctlcluster <version> main start) or set PG_URL." >&2
  exit 1
fi

if ! redis_up; then
  echo "Redis is not answering on 127.0.0.1:6379; starting it…"
  if command -v redis-server >/dev/null 2>&1; then
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no || true
  fi
  for _ in $(seq 1 10); do redis_up && break; sleep 1; done
fi
if ! redis_up; then
  echo "ERROR: Redis cannot be reached on 127.0.0.1:6379. The tests need it." >&2
  exit 1
fi
echo "PostgreSQL and Redis are up."
