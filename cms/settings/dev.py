"""The embedded default for ``make run``: SQLite, in-process Celery, local only."""

import contextlib

from .base import *  # noqa: F403
from .env import env_bool, env_list, env_str


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

with contextlib.suppress(ImportError):
    from .local import *  # noqa: F403
# SQLite and one developer: write each access-log record at once, no batching thread.
ACCESS_LOG_BATCH_SIZE = 1
