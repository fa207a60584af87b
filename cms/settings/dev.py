"""The embedded default for ``make run``: SQLite, in-process Celery, local only."""

import contextlib

from .base import *  # noqa: F403
from .env import env_bool, env_int, env_list, env_str


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY", "dev-only-not-a-secret")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")

# No broker needed: tasks run in the web process (see wagtail-facts.md §B.6.7).
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", True)
CELERY_TASK_EAGER_PROPAGATES = True

# Plain storage so runserver needs no collectstatic.
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# SQLite with concurrent writers (runserver threads, the in-process worker and
# scheduler): WAL so readers never wait for a writer; BEGIN IMMEDIATE so a
# transaction takes the write lock when it starts and waits for it (busy timeout)
# instead of failing with "database is locked" when a read lock cannot be upgraded.
# https://docs.djangoproject.com/en/5.2/ref/databases/#sqlite-transaction-behavior
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["OPTIONS"] = {  # noqa: F405
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("SQLITE_BUSY_TIMEOUT_SECONDS", 30),
        "init_command": (
            "PRAGMA journal_mode=WAL;"
            "PRAGMA synchronous=NORMAL;"
            "PRAGMA foreign_keys=ON;"
            "PRAGMA wal_autocheckpoint=1000;"
        ),
    }
    # Sessions in a signed cookie: SESSION_SAVE_EVERY_REQUEST (the idle timeout)
    # would otherwise write the database on every admin request, autosave included.
    SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"

# Webhook events are answered by a thread of this process, not in the request
# (cms/embedded/worker.py), and beat's schedule runs in-process (cms/embedded/scheduler.py).
EMBEDDED_BACKGROUND_WORKER = env_bool("EMBEDDED_BACKGROUND_WORKER", True)
EMBEDDED_SCHEDULER = env_bool("EMBEDDED_SCHEDULER", True)
if BACKUP_ENCRYPTION_KEY:  # noqa: F405 - a configured backup runs nightly here too
    EMBEDDED_SCHEDULER_SKIP = ["cms-worker-heartbeat"]

with contextlib.suppress(ImportError):
    from .local import *  # noqa: F403
