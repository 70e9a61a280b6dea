"""Settings for the careers portal, read from the environment (and an optional .env).

Every value that differs between a laptop and production comes from an
environment variable; the README lists them. Defaults suit local development
except DEBUG, which is off unless asked for.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)

# A public fallback key would let anyone forge sessions, password-reset and share
# links, so only a development run (DEBUG on) may start without a key of its own.
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY が設定されていません。本番（DEBUG が無効）では、環境変数 SECRET_KEY に"
            "50 文字以上のランダムな文字列を設定してください（作り方は README の「本番環境」）。"
        )
    SECRET_KEY = "django-insecure-dev-only-change-me"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "nested_admin",
    "reversion",
    "careers.core.apps.AxesConfig",  # django-axes, named in Japanese
    "careers",  # the project; as an app, the history of the tables below
    "careers.core",
    "careers.taxonomy",
    "interviews",
    "careers.routes",
    "careers.events",
    "careers.news",
    "careers.faq",
    "careers.figures",
    "careers.pages",
    "careers.portal",
]

MIDDLEWARE = [
    # First: it stores pages as sent and answers hits before the rest (see page_cache).
    "careers.core.page_cache.PageCacheMiddleware",
    # A view that cannot reach the database answers 503 (core.unavailable).
    "careers.core.unavailable.DatabaseUnavailableMiddleware",
    "careers.core.middleware.PublicGZipMiddleware",
    "careers.core.middleware.ETagConditionalGetMiddleware",  # ETag, 304 (no Last-Modified)
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "careers.core.middleware.PermissionsPolicyMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "careers.urls"
WSGI_APPLICATION = "careers.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "careers.portal.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
# Each worker keeps its connection (a new PostgreSQL connection costs more than a
# cached page); a connection that broke is noticed before a request uses it.
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", env.bool("CONN_HEALTH_CHECKS", default=True))
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A server that hangs rather than refuses holds a worker this long at most, then the
    # request gets the 503 page (careers/core/unavailable.py); ?connect_timeout=… overrides.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # A Redis that is down, full or hung is a miss, not an error page (careers/core/cache.py).
    # On a network where Redis answers in a millisecond, half a second to connect and half a
    # second per read is a Redis in trouble; CACHE_URL's ?socket_timeout=… overrides.
    CACHES["default"]["BACKEND"] = "careers.core.cache.RedisCache"
    CACHES["default"]["OPTIONS"] = {
        "socket_connect_timeout": 0.5,
        "socket_timeout": 0.5,
        **CACHES["default"].get("OPTIONS", {}),
    }
# Anonymous pages are cached for at most this long (and never past a scheduled change);
# 0 turns the page cache off. See careers/core/page_cache.py.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)
# While the database cannot be reached, a cached page is served (stale) at most this long
# after it was last known to be current, and never past its next scheduled moment.
PAGE_CACHE_STALE_SECONDS = env.int("PAGE_CACHE_STALE_SECONDS", default=300)

# Login throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords in a row, the
# user name and, separately, the address are locked out for AXES_COOLOFF_TIME. Every
# name is counted alike, existing or not, so the lockout tells nothing about accounts.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "careers.portal.views.login_locked_out"
AXES_VERBOSE = False  # no banner on every manage.py command; lockouts are still logged

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = env.str("LANGUAGE_CODE", default="ja")
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Tokyo")
# The content is Japanese, so is every screen, whatever the browser asks for.
LANGUAGES = [("ja", "日本語")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed names (cached for a year, immutable) and gzip/brotli copies, served by WhiteNoise.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploaded images in S3-compatible object storage (AWS S3, Cloudflare R2, MinIO…) through
# django-storages (the "s3" extra), when a bucket is named. Credentials come the way
# boto3 reads them (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, or the instance's role).
# Images are public, so their URLs carry no signature and can be cached by a CDN.
if bucket := env.str("AWS_STORAGE_BUCKET_NAME", default=""):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env.str("AWS_S3_REGION_NAME", default=None),
            "custom_domain": env.str("AWS_S3_CUSTOM_DOMAIN", default=None),
            "location": env.str("AWS_LOCATION", default="media"),
            "querystring_auth": False,
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=86400"},
        },
    }
# Uploaded images are served by the web server or object storage in production;
# SERVE_MEDIA=1 lets the app serve them itself (make run, make serve).
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=DEBUG)
STATIC_URL = env.str("STATIC_URL", default="/static/")
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = env.str("MEDIA_URL", default="/media/")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")

# Uploaded portraits and hero images; larger files are refused by the form.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000  # one article form carries many nested inline fields

# Mail to staff (a publisher is told when an item waits for review). EMAIL_URL as
# django-environ reads it, e.g. smtp+tls://user:password@smtp.example.jp:587. By default
# a local mail server in production, the console (the log) with DEBUG on.
_mail = env.email_url("EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25")
_smtp_options = {
    "host": _mail.get("EMAIL_HOST"),
    "port": _mail.get("EMAIL_PORT"),
    "username": _mail.get("EMAIL_HOST_USER"),
    "password": _mail.get("EMAIL_HOST_PASSWORD"),
    "use_tls": _mail.get("EMAIL_USE_TLS", False),
    "use_ssl": _mail.get("EMAIL_USE_SSL", False),
    "timeout": 10,
}
MAILERS = {
    "default": {
        "BACKEND": _mail["EMAIL_BACKEND"],
        "OPTIONS": _smtp_options if _mail["EMAIL_BACKEND"].endswith("smtp.EmailBackend") else {},
    }
}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="saiyo-site@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# The employer in the JobPosting data of a route page while it accepts applications
# (search engines' job listings), and where the jobs are.
HIRING_ORGANIZATION = env.str(
    "HIRING_ORGANIZATION", default=env.str("SITE_PUBLISHER", default="採用担当")
)
JOB_LOCATION = {
    "addressRegion": env.str("JOB_LOCATION_REGION", default=""),
    "addressLocality": env.str("JOB_LOCATION_LOCALITY", default=""),
    "streetAddress": env.str("JOB_LOCATION_STREET", default=""),
    "postalCode": env.str("JOB_LOCATION_POSTAL_CODE", default=""),
}

SITE_NAME = env.str("SITE_NAME", default="ICT職 採用インタビュー")
SITE_PUBLISHER = env.str("SITE_PUBLISHER", default="採用担当")

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    # The day-at-a-glance view sizes its blocks with a small per-page stylesheet.
    "style-src": [CSP.SELF, CSP.NONCE],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

# Powerful browser features nothing on the site uses: off for every page and frame.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}

# Production sits behind a TLS-terminating load balancer, which appends the client's
# address to X-Forwarded-For: the right-most entry is the one no client can forge.
if env.bool("BEHIND_TLS_PROXY", default=not DEBUG):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    AXES_IPWARE_PROXY_ORDER = "right-most"
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # django-axes logs every login at INFO; failures and lockouts are WARNING.
    "loggers": {"axes": {"level": "WARNING"}},
}
