"""Settings for pytest: PostgreSQL like production, only speed and safety knobs differ."""

from .base import *  # noqa: F403
from .env import env_str


# Tests run against PostgreSQL on loopback, as CI and production do (not SQLite).
DATABASES["default"] = dj_database_url.parse(  # noqa: F405
    env_str("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/otake_hub")
)
# A fixed key: signatures in tests must be reproducible.
SECRET_KEY = "test-only-secret-key-not-for-production-0123456789abcdef"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
# MD5 hashing makes creating users in tests fast; never used outside tests.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# No manifest: tests render templates without running collectstatic.
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# Tasks run inline unless a test starts a real worker on Redis.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
# Uploaded files go to a throw-away folder, not the developer's media.
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405
WAGTAILADMIN_BASE_URL = "http://testserver"
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
# Wagtail logs every search-index task at INFO; keep test output readable.
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
# WhiteNoise only serves collected files; tests never run collectstatic.
WHITENOISE_AUTOREFRESH = True
# Each request's access-log record is written at once, so tests can read it.
ACCESS_LOG_BATCH_SIZE = 1
# Many API requests come from one test address; test_throttle.py sets a low rate itself.
PUBLIC_API_RATE = "100000/min"
