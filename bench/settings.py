"""Settings for benchmarks and the real-worker tests: production's ``base`` plus a
dedicated database, Redis db and fake LINE server, all given by the harness.

Everything a worker needs comes from the environment the harness builds
(``bench.harness.product_env``), so the bench process, its Celery worker and the
crash test's subprocesses all see the same database, broker and LINE host.
"""

import dj_database_url

from cms.settings.base import *  # noqa: F403
from cms.settings.base import LOGGING
from cms.settings.env import env_str


DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/otake_bench"),
        # Persistent connections, as production runs (base.py's default).
        conn_max_age=60,
    )
}
# A fixed key: the seeded template databases hold ciphertext and lookup hashes
# derived from it (crypto.py), so every run must derive the same keys.
SECRET_KEY = "bench-only-secret-key-not-for-production-0123456789abcdef"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
# Real tasks on a real broker: the point of the benchmark.
CELERY_TASK_ALWAYS_EAGER = False
# The harness flushes its own Redis db before each run; never the default db 0.
REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:6379/13")
CELERY_BROKER_URL = REDIS_URL
# No manifest: nothing here runs collectstatic.
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
WAGTAILADMIN_BASE_URL = "https://line.example.jp"
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
# One INFO line per task would cost more than the work being measured.
LOGGING["root"]["level"] = env_str("LOG_LEVEL", "WARNING")
# Each run consumes a queue of its own (bench.harness.Broker), so concurrent runs on
# one Redis never take each other's tasks.
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_TASK_DEFAULT_QUEUE", "celery")
