"""Benchmarks (docs/conventions.md: speed and memory targets live here, not in tests).

``harness`` starts the real parts (PostgreSQL databases, a Celery worker on Redis, the
fake LINE server) and is shared with the tests that need a real worker.
"""
