"""Settings shared by every environment; safe for production on their own.

DEBUG is off, secrets and hosts come from the environment (see ``env.py`` and
README.md "Configuration"). ``dev.py`` loosens, ``production.py`` insists.
"""

import datetime
from pathlib import Path

from celery.schedules import crontab
from csp.constants import NONE, SELF, UNSAFE_INLINE
import dj_database_url

from .env import env_bool, env_int, env_list, env_str


BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEBUG = False
SECRET_KEY = env_str("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "cms",
    "home",
    "search",
    "line_delivery",
    "line_delivery.inbox",
    "line_delivery.reports",
    "manual",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "cms.staff_admin.apps.StaffUsersConfig",  # wagtail.users, with audited user and group forms
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
]

MIDDLEWARE = [
    # First: it times and records every request, including redirects and static files.
    "cms.access_log.AccessLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "cms.csp.CityCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before sessions and sign-in: during maintenance no page, the admin included,
    # touches the database (cms/maintenance.py).
    "cms.maintenance.MaintenanceModeMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "cms.two_factor.RequireSecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Lets the admin's 「？ この画面の説明」 link know the screen (manual/help.py).
    "manual.help.HelpLinkMiddleware",
    # Last, as django-axes asks: it turns a lock-out into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

# Staff sign-in: password + second factor (cms/two_factor.py), lock-out after repeated
# failures (django-axes), and sessions that end after 30 minutes without activity.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
WAGTAILADMIN_USER_LOGIN_FORM = "cms.two_factor.OTPLoginForm"
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 30) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "two_factor/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# Behind nginx, the client's address comes from X-Forwarded-For: set
# TRUSTED_PROXY_COUNT=1 there (README "Configuration"). Lock-outs, the audit log and
# the access log all use this one resolution (cms/request_context.py).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "cms.request_context.forwarded_client_ip"
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True  # the age counts from the last request: idle timeout
OTP_TOTP_ISSUER = "Otake LINE Hub"

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Database: PostgreSQL in production and tests; SQLite only as the embedded default.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Japanese admin and site, Japan time.
LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", "日本語")]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("ja", "日本語")]
WAGTAIL_CONTENT_LANGUAGES = [("ja", "日本語")]
# Japanese slugs become unreadable percent-encoded URLs (/news/%E5%B9%B4…); pages with
# a Japanese title get a date slug instead (home.models.mixins.ReadableSlugMixin).
WAGTAIL_ALLOW_UNICODE_SLUGS = False

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "var" / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# A 10 MB ceiling on uploads; larger images are refused with a message, not a 500.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024

REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:6379/0")

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery: Redis as broker; beat runs a fixed schedule (no django-celery-beat, see
# shared/notes/wagtail-facts.md §0.2).
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL)
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = env_int("CELERY_WORKER_PREFETCH_MULTIPLIER", 1)
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
# A killed worker's unacknowledged tasks come back after this many seconds (Redis);
# deliveries resume sooner through the `resume_stalled_deliveries` beat job (20 s
# without progress). Not shorter: a retry's countdown (up to 64 s) waits unacked.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 300}
CELERY_BEAT_SCHEDULE = {
    # At second 0 of every minute: the reminders chosen for that minute (issue 8).
    "line-garbage-reminders": {
        "task": "line_delivery.tasks.send_due_reminders",
        "schedule": crontab(),
    },
    "wagtail-publish-scheduled": {
        "task": "cms.tasks.publish_scheduled",
        "schedule": 60.0,
    },
    "line-purge-expired-personal-data": {
        "task": "line_delivery.tasks.purge_expired_personal_data",
        "schedule": 60.0 * 60,
    },
    "line-resume-stalled-deliveries": {
        "task": "line_delivery.tasks.resume_stalled_deliveries",
        "schedule": 10.0,
    },
    # Replaced rich menus are deleted from LINE within its 100-an-hour limit.
    "line-delete-replaced-rich-menus": {
        "task": "line_delivery.rich_menus.tasks.delete_replaced_rich_menus",
        "schedule": 15 * 60.0,
    },
    # LINE's statistics of recent sends: each run stays within the insight budget
    # (LINE_INSIGHT_REQUESTS_PER_HOUR; LINE allows 60 an hour per endpoint).
    "line-delivery-statistics": {
        "task": "line_delivery.delivery_reports.tasks.refresh_delivery_statistics",
        "schedule": 15 * 60.0,
    },
    # LINE's friend figures of a day are ready the next day (UTC+9).
    "line-follower-counts": {
        "task": "line_delivery.delivery_reports.tasks.refresh_line_follower_counts",
        "schedule": 60 * 60.0,
    },
    # /healthz reads this timestamp to tell whether a worker is taking tasks.
    "cms-worker-heartbeat": {
        "task": "cms.tasks.record_worker_heartbeat",
        "schedule": 60.0,
    },
    "cms-make-backup": {
        "task": "cms.tasks.make_backup",
        "schedule": crontab(
            hour=env_int("BACKUP_HOUR", 3), minute=env_int("BACKUP_MINUTE", 15)
        ),
    },
    # まとめて配信: the day's digest goes out at the first run after its time.
    "line-digest": {
        "task": "line_delivery.tasks.send_due_digest",
        "schedule": crontab(minute="*/5"),
    },
    "line-survey-reminders": {
        "task": "line_delivery.tasks.send_due_survey_reminders",
        "schedule": 60.0,
    },
    "line-poll-disaster-mailbox": {
        "task": "line_delivery.tasks.poll_disaster_mailbox",
        "schedule": float(env_int("DISASTER_MAIL_POLL_SECONDS", 15)),
    },
    "access-log-seal": {
        "task": "cms.tasks.seal_access_log",
        "schedule": 60.0,
    },
    "access-log-purge": {
        "task": "cms.tasks.purge_access_log",
        "schedule": crontab(hour=3, minute=30),
    },
    # 有人チャット: conversations past INBOX_RETENTION_DAYS go, with messages and media.
    "inbox-purge-expired-conversations": {
        "task": "line_delivery.inbox.tasks.purge_expired_conversations",
        "schedule": 60.0 * 60,
    },
    # 通報: residents' words and photos go after the city's retention (ReportSettings),
    # unused chat photos after REPORTS_CHAT_PHOTO_HOURS.
    "reports-purge-expired": {
        "task": "line_delivery.reports.tasks.purge_expired_reports",
        "schedule": 60.0 * 60,  # chat photos are kept hours, not days
    },
    # Webhook events stored but never queued (broker down), or left "processing" by
    # a lost worker, are answered (line_delivery/webhook_lifecycle.py).
    "line-sweep-stranded-webhook-events": {
        "task": "line_delivery.tasks.sweep_stranded_webhook_events",
        "schedule": 10.0,
    },
}
# A pending or processing webhook event this old is stranded: well past the usual
# answer time, still inside the reply token's minute.
WEBHOOK_STRANDED_AFTER_SECONDS = env_int("WEBHOOK_STRANDED_AFTER_SECONDS", 15)
# A sending delivery with no attempt for this long lost its worker: its pending
# requests are queued again (LINE's read timeout is 10 s; resume_stalled_deliveries).
DELIVERY_STALLED_AFTER_SECONDS = env_int("DELIVERY_STALLED_AFTER_SECONDS", 20)

# The embedded default's in-process worker thread and scheduler (cms/embedded/);
# dev.py turns them on. Off here: production has Celery workers and beat.
EMBEDDED_BACKGROUND_WORKER = env_bool("EMBEDDED_BACKGROUND_WORKER", False)
EMBEDDED_SCHEDULER = env_bool("EMBEDDED_SCHEDULER", False)
EMBEDDED_SCHEDULER_TICK_SECONDS = float(
    env_str("EMBEDDED_SCHEDULER_TICK_SECONDS", "1.0")
)
# Beat jobs the in-process scheduler leaves out: no worker to vouch for, and backups
# are not configured in the embedded default unless BACKUP_ENCRYPTION_KEY is set.
EMBEDDED_SCHEDULER_SKIP = ["cms-worker-heartbeat", "cms-make-backup"]

# Backups (cms/backup/): encrypted with an age key, kept for BACKUP_KEEP generations
# in BACKUP_DIR, which belongs on an encrypted volume other than the database's.
BACKUP_DIR = Path(env_str("BACKUP_DIR", str(BASE_DIR / "var" / "backups")))
BACKUP_KEEP = env_int("BACKUP_KEEP", 14)
BACKUP_ENCRYPTION_KEY = env_str("BACKUP_ENCRYPTION_KEY")

# /healthz fails when the newest checked backup, or the worker heartbeat, is older.
HEALTHZ_BACKUP_MAX_AGE_HOURS = env_int("HEALTHZ_BACKUP_MAX_AGE_HOURS", 26)
HEALTHZ_HEARTBEAT_MAX_AGE_SECONDS = env_int("HEALTHZ_HEARTBEAT_MAX_AGE_SECONDS", 180)

# Planned night maintenance: `manage.py maintenance on|off` writes this file (or set
# MAINTENANCE_MODE=on); every page then answers 503 with a Japanese notice, except the
# LINE webhook and /healthz.
MAINTENANCE_MODE = env_bool("MAINTENANCE_MODE", False)
MAINTENANCE_FLAG_FILE = Path(
    env_str("MAINTENANCE_FLAG_FILE", str(BASE_DIR / "var" / "maintenance.on"))
)
MAINTENANCE_RETRY_AFTER_SECONDS = env_int("MAINTENANCE_RETRY_AFTER_SECONDS", 3600)

# The 防災情報メール mailbox (IMAPS). No host: the poller does nothing (pipe only).
DISASTER_MAIL_IMAP_HOST = env_str("DISASTER_MAIL_IMAP_HOST")
DISASTER_MAIL_IMAP_PORT = env_int("DISASTER_MAIL_IMAP_PORT", 993)
DISASTER_MAIL_IMAP_USER = env_str("DISASTER_MAIL_IMAP_USER")
DISASTER_MAIL_IMAP_PASSWORD = env_str("DISASTER_MAIL_IMAP_PASSWORD")
DISASTER_MAIL_IMAP_MAILBOX = env_str("DISASTER_MAIL_IMAP_MAILBOX", "INBOX")
# A CA bundle for a private certificate; empty = the system's trusted CAs.
DISASTER_MAIL_IMAP_CA_FILE = env_str("DISASTER_MAIL_IMAP_CA_FILE")
DISASTER_MAIL_IMAP_TIMEOUT_SECONDS = env_int("DISASTER_MAIL_IMAP_TIMEOUT_SECONDS", 20)

# Wagtail
WAGTAIL_SITE_NAME = env_str("SITE_NAME", "大竹市 LINE Hub")
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
WAGTAILAPI_RICH_TEXT_FORMAT = "html"
WAGTAILAPI_LIMIT_MAX = 100
WAGTAILAPI_SEARCH_ENABLED = False  # API ?search= would bypass our Japanese search.
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        # 'simple' keeps English stemming away from the bigram tokens of Japanese text.
        "SEARCH_CONFIG": "simple",
    }
}
WAGTAILDOCS_EXTENSIONS = [
    "csv",
    "docx",
    "key",
    "odt",
    "pdf",
    "pptx",
    "rtf",
    "txt",
    "xlsx",
    "zip",
]
# Wagtail's preview panel shows the page in a same-origin iframe.
X_FRAME_OPTIONS = "SAMEORIGIN"
# No calls from staff browsers to third parties: no Wagtail release check, no
# Gravatar (it would send a hash of each staff e-mail address abroad).
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Content-Security-Policy (django-csp; Django 5.2 has none built in). Scripts only
# from this site and LINE's LIFF SDK; inline style attributes are allowed because
# Wagtail's admin and our level colours use them; no plugins, no framing by others.
# deploy/nginx.conf.example does not send a second policy: this one is the policy.
LIFF_SDK_ORIGIN = "https://static.line-scdn.net"
# Wagtail 8's admin renders inline scripts (InlinePanel, choosers): allowed there only
# (cms/csp.py); residents' pages never run inline scripts.
ADMIN_PATH_PREFIX = "/admin/"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, LIFF_SDK_ORIGIN],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:", "https://*.line-scdn.net"],
        "font-src": [SELF, "data:"],
        # The LIFF SDK talks to LINE's login and API hosts.
        "connect-src": [
            SELF,
            "https://api.line.me",
            "https://access.line.me",
            "https://liffsdk.line-scdn.net",
        ],
        "frame-src": [SELF],
        "frame-ancestors": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF, "https://access.line.me"],
    }
}

# LINE channel (README "Configuration"). Without an access token, or with LINE_SANDBOX
# on, the sandbox channel is used: every request is validated and recorded, nothing
# leaves the machine.
LINE_CHANNEL_ACCESS_TOKEN = env_str("LINE_CHANNEL_ACCESS_TOKEN")
LINE_CHANNEL_SECRET = env_str("LINE_CHANNEL_SECRET")
LINE_API_BASE_URL = env_str("LINE_API_BASE_URL", "https://api.line.me").rstrip("/")
LINE_DATA_API_BASE_URL = env_str(
    "LINE_DATA_API_BASE_URL", "https://api-data.line.me"
).rstrip("/")
LINE_LIFF_ID = env_str("LINE_LIFF_ID")
LINE_LOGIN_CHANNEL_ID = env_str("LINE_LOGIN_CHANNEL_ID")
# LINE's LIFF SDK v2, loaded by residents' phones. Not vendored: @line/liff is under
# the LINE Developers Agreement, not an open licence; a deployment may serve its own
# build (esbuild of the npm package) here. The sandbox channel uses a stand-in.
LINE_LIFF_SDK_URL = env_str(
    "LINE_LIFF_SDK_URL", "https://static.line-scdn.net/liff/edge/2/sdk.js"
)
# LIFF endpoints' own limits (requests, seconds): login per IP address, settings
# saves per friend (issue 9).
LIFF_RATE_LIMITS = {
    "login": (20, 60.0),
    "settings": (30, 60.0),
    "reports": (10, 3600.0),  # reports one friend may send per hour
}
# 当日の朝 reminders go out at this time (HH:MM, Japan time).
GARBAGE_REMINDER_MORNING_TIME = datetime.time.fromisoformat(
    env_str("GARBAGE_REMINDER_MORNING_TIME", "06:30")
)
LINE_SANDBOX = env_bool("LINE_SANDBOX", False)
# (connect, read) seconds; the SDK has no timeout of its own (line-platform.md §4.3).
LINE_REQUEST_TIMEOUT = (3.05, float(env_int("LINE_READ_TIMEOUT_SECONDS", 10)))

# Our own budget per endpoint, just under LINE's published limits (requests, seconds).
LINE_RATE_LIMITS = {
    "multicast": (190, 1.0),
    "push": (1900, 1.0),
    "broadcast": (55, 3600.0),
}
# LINE's statistics (issue 16). Unit names per month (LINE allows 1,000), their prefix
# (tells environments sharing one channel apart), and the insight calls per hour we
# allow ourselves (LINE: 60 per endpoint).
LINE_AGGREGATION_UNITS_PER_MONTH = env_int("LINE_AGGREGATION_UNITS_PER_MONTH", 900)
LINE_AGGREGATION_UNIT_PREFIX = env_str("LINE_AGGREGATION_UNIT_PREFIX", "otake_")
LINE_INSIGHT_REQUESTS_PER_HOUR = env_int("LINE_INSIGHT_REQUESTS_PER_HOUR", 50)
# A delivery request is retried (same retry key) for at most this long; LINE keeps
# retry keys for 24 hours, after which a retry could deliver twice.
LINE_RETRY_WINDOW_SECONDS = 23 * 60 * 60

# Personal data is kept only as long as needed: friends who blocked the account, and
# webhook events (which hold what residents typed), are deleted after these many days.
BLOCKED_FRIEND_RETENTION_DAYS = env_int("BLOCKED_FRIEND_RETENTION_DAYS", 180)
WEBHOOK_EVENT_RETENTION_DAYS = env_int("WEBHOOK_EVENT_RETENTION_DAYS", 30)

# Field-level encryption of personal data (LINE user ids): Fernet keys, newest first
# (AES-256-GCM keys are derived from them, line_delivery/crypto.py),
# comma-separated (rotation: put the new key first, run `manage.py rotate_field_keys`,
# then drop the old one). A separate key makes the lookup hash of a user id.
FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEYS")
FIELD_HASH_KEY = env_str("FIELD_HASH_KEY")

# Access log (cms/access_log.py): kept this many days (the contract asks for at least
# 180; production refuses less), chained with an HMAC key. ACCESS_LOG_KEY defaults to
# one derived from SECRET_KEY; set it separately so rotating SECRET_KEY does not make
# older days unverifiable.
ACCESS_LOG_RETENTION_DAYS = env_int("ACCESS_LOG_RETENTION_DAYS", 400)
ACCESS_LOG_KEY = env_str("ACCESS_LOG_KEY")
# Records are written in batches (cms/access_log.py): this many, or after this long.
ACCESS_LOG_BATCH_SIZE = env_int("ACCESS_LOG_BATCH_SIZE", 50)
ACCESS_LOG_FLUSH_SECONDS = float(env_str("ACCESS_LOG_FLUSH_SECONDS", "1.0"))

# 有人チャット (line_delivery/inbox): how long conversations are kept (days, city-set),
# the bot's context before a handover (hours), media size kept, how often the
# after-hours reply repeats, and after how long a waiting event shows LINE's loading
# indicator (seconds; negative: never).
INBOX_RETENTION_DAYS = env_int("INBOX_RETENTION_DAYS", 365)
INBOX_CONTEXT_HOURS = env_int("INBOX_CONTEXT_HOURS", 24)
INBOX_MEDIA_MAX_BYTES = env_int("INBOX_MEDIA_MAX_BYTES", 20 * 1024 * 1024)
INBOX_AFTER_HOURS_REPEAT_HOURS = env_int("INBOX_AFTER_HOURS_REPEAT_HOURS", 12)
INBOX_LOADING_AFTER_SECONDS = float(env_str("INBOX_LOADING_AFTER_SECONDS", "2"))

# 通報 (line_delivery/reports): the largest photo accepted before re-encoding, and the
# map tiles. Without a tile URL the maps show the pin on a plain grid with the
# coordinates, nearest 地区 and address (nothing is fetched from a third party).
# Example: REPORTS_MAP_TILE_URL=https://cyberjapandata.gsi.go.jp/xyz/std/{z}/{x}/{y}.png
REPORTS_PHOTO_MAX_BYTES = env_int("REPORTS_PHOTO_MAX_BYTES", 10 * 1024 * 1024)
# Photos sent in the chat wait this long for the resident to use them in a report.
REPORTS_CHAT_PHOTO_HOURS = env_int("REPORTS_CHAT_PHOTO_HOURS", 24)
REPORTS_MAP_TILE_URL = env_str("REPORTS_MAP_TILE_URL")
REPORTS_MAP_TILE_ATTRIBUTION = env_str(
    "REPORTS_MAP_TILE_ATTRIBUTION", "地理院タイル（国土地理院）"
)
if REPORTS_MAP_TILE_URL:
    from urllib.parse import urlsplit

    _tiles = urlsplit(REPORTS_MAP_TILE_URL)
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(
        f"{_tiles.scheme}://{_tiles.netloc}"
    )

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    # LINE user ids are masked in every log line (issue 21; cms/masking.py).
    "filters": {"mask_line_ids": {"()": "cms.masking.MaskLineIdsFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["mask_line_ids"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # One INFO line per search-index task drowns everything else out.
        "django_tasks": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}

# Staff governance (issue 21): anything that asks for a sign-in goes to the admin's
# (there is no /accounts/login/).
LOGIN_URL = "wagtailadmin_login"

# 操作マニュアル: where `make manual-screens` (a Chromium test) writes the screenshots.
MANUAL_SCREENS_DIR = env_str(
    "MANUAL_SCREENS_DIR", str(BASE_DIR / "var" / "manual-screens")
)
# Public API (public_api/, README "Public API"): /api/v1/ for every kind of public
# content, its OpenAPI schema at /api/schema/, docs at /api/docs/, the widget at
# /api/widget.js; change notifications to the city's systems (change_notify/).
# An app with models comes last: cms.roles runs ensure_roles on the post_migrate of
# the last app, and Django sends post_migrate only to apps that have models.
INSTALLED_APPS += [
    "corsheaders",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI's files served from here, no CDN
    "public_api",
    "change_notify",
]
# CORS outermost of the two (a 304 needs its headers too), before CommonMiddleware.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.common.CommonMiddleware"),
    "corsheaders.middleware.CorsMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.common.CommonMiddleware"),
    "public_api.http.ConditionalApiMiddleware",
)
PUBLIC_API_PATH_PREFIX = "/api/"
PUBLIC_API_MAX_AGE = env_int("PUBLIC_API_MAX_AGE", 60)  # seconds, Cache-Control
# Requests per client address (DRF throttle, counted in the default cache: use a
# shared cache such as Redis when several web processes serve the API).
PUBLIC_API_RATE = env_str("PUBLIC_API_RATE", "300/min")
# The city's sites that may read the API from a browser, e.g.
# PUBLIC_API_CORS_ORIGINS=https://www.city.otake.hiroshima.jp
CORS_ALLOWED_ORIGINS = env_list("PUBLIC_API_CORS_ORIGINS")
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = ["accept", "if-none-match", "if-modified-since"]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified"]
REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"] = "drf_spectacular.openapi.AutoSchema"
SPECTACULAR_SETTINGS = {
    "TITLE": "Otake LINE Hub public API",
    "DESCRIPTION": (
        "Read-only public content of the city: the same news, disaster notices, "
        "shelters, garbage guide and collection days that LINE friends get. "
        "No personal data. Every answer has an ETag and Last-Modified; send "
        "If-None-Match to get 304 when nothing changed."
    ),
    "VERSION": "1.0.0",
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "PREPROCESSING_HOOKS": ["public_api.schema.only_public_api"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "public_api.schema.add_wagtail_pages",
    ],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
}
# Change notifications: webhook targets must resolve to public addresses, except
# in these networks (IT's explicit choice, e.g. "10.20.0.0/16" for an internal
# system). Empty: private, loopback and link-local targets are refused.
CHANGE_NOTIFY_ALLOWED_NETWORKS = env_list("CHANGE_NOTIFY_ALLOWED_NETWORKS")
CHANGE_NOTIFY_TIMEOUT_SECONDS = env_int("CHANGE_NOTIFY_TIMEOUT_SECONDS", 10)
CHANGE_NOTIFY_MAX_ATTEMPTS = env_int("CHANGE_NOTIFY_MAX_ATTEMPTS", 6)
# Every 5 minutes: webhook deliveries whose task was lost are queued again.
CELERY_BEAT_SCHEDULE["change-notify-resume-stranded"] = {
    "task": "change_notify.tasks.resume_stranded_webhooks",
    "schedule": 300,
}
