"""Production: everything that differs between deployments must be in the environment.

A missing required variable stops the process at start-up with a message that names
it (``env_required``), rather than running half-configured.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .env import env_bool, env_int, env_list, env_required


DEBUG = False
SECRET_KEY = env_required("SECRET_KEY")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "The environment variable SECRET_KEY must be at least 50 random characters."
    )
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS") or [env_required("ALLOWED_HOSTS")]
WAGTAILADMIN_BASE_URL = env_required("WAGTAILADMIN_BASE_URL")
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS") or [WAGTAILADMIN_BASE_URL]

_database_url = env_required("DATABASE_URL")
if not _database_url.startswith(("postgres://", "postgresql://")):
    raise ImproperlyConfigured(
        "The environment variable DATABASE_URL must point to PostgreSQL in production."
    )
DATABASES["default"] = dj_database_url.parse(  # noqa: F405
    _database_url,
    conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
    conn_health_checks=True,
)

REDIS_URL = env_required("REDIS_URL")
CELERY_BROKER_URL = REDIS_URL
CELERY_TASK_ALWAYS_EAGER = False
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
    }
}

FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEYS") or [
    env_required("FIELD_ENCRYPTION_KEYS")
]
FIELD_HASH_KEY = env_required("FIELD_HASH_KEY")
# Backups are encrypted with this age key; keep a copy off the server (README.md).
BACKUP_ENCRYPTION_KEY = env_required("BACKUP_ENCRYPTION_KEY")

ACCESS_LOG_MINIMUM_RETENTION_DAYS = 180
if ACCESS_LOG_RETENTION_DAYS < ACCESS_LOG_MINIMUM_RETENTION_DAYS:  # noqa: F405
    raise ImproperlyConfigured(
        "The environment variable ACCESS_LOG_RETENTION_DAYS must be at least 180 "
        "(the contract keeps access logs for 180 days or more)."
    )

if LINE_CHANNEL_ACCESS_TOKEN and not LINE_CHANNEL_SECRET:  # noqa: F405
    env_required("LINE_CHANNEL_SECRET")

# TLS is terminated by the proxy (nginx), which sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True

# Wagtail's preview panel needs same-origin framing (X_FRAME_OPTIONS in base.py);
# check --deploy flags anything but DENY, so that single check is silenced on purpose.
SILENCED_SYSTEM_CHECKS = ["security.W019"]
