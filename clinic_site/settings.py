"""Settings for the clinic site, read from environment variables.

Every variable is listed with its default in `.env.example`. The defaults are safe for a
developer's machine: DEBUG is off unless DJANGO_DEBUG asks for it, and without DEBUG the site
refuses to start until a real DJANGO_SECRET_KEY is set.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name, default):
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "Set DJANGO_SECRET_KEY (a long random string) or DJANGO_DEBUG=true for local work."
        )
    SECRET_KEY = "insecure-key-for-local-development-only"  # noqa: S105 (DEBUG only)
elif not DEBUG and (len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure")):
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be a random string of 50 or more characters."
    )

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# HTTPS and browser protections. The site holds health data, so production is strict by default
# and only DEBUG (local work over plain http) relaxes it.
#
# How many reverse proxies stand in front of gunicorn, each appending to X-Forwarded-For. With 1,
# the client is the last X-Forwarded-For entry (the one our proxy wrote; earlier entries are
# whatever the client claimed) and X-Forwarded-Proto from the proxy says whether it was HTTPS.
TRUSTED_PROXY_COUNT = env_int("DJANGO_TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
# Health checks from the load balancer may come over plain http on the private network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0 if DEBUG else 365 * 24 * 60 * 60)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Staff sessions end after a working day rather than Django's two weeks, and with the browser:
# the front desk may share a computer. accounts.middleware also signs staff out after
# STAFF_IDLE_TIMEOUT_SECONDS without a request, and SESSION_COOKIE_AGE after signing in however
# busy they were.
SESSION_COOKIE_AGE = env_int("DJANGO_SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Django's database sessions, but a session a view has just saved is not written again.
SESSION_ENGINE = "clinic_site.sessions"
STAFF_IDLE_TIMEOUT_SECONDS = env_int("STAFF_IDLE_TIMEOUT_SECONDS", 15 * 60)
CSRF_COOKIE_SECURE = not DEBUG
# Over HTTPS both cookies carry the __Host- prefix: a browser then takes them only from this very
# host over HTTPS, with Path=/ and no Domain, so no other subdomain can set or replace them (a
# session key planted before sign-in, say). Plain-http local work keeps the usual names, which
# browsers would refuse with the prefix.
SESSION_COOKIE_NAME = "__Host-sessionid" if SESSION_COOKIE_SECURE else "sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken" if CSRF_COOKIE_SECURE else "csrftoken"
# No script of ours reads the CSRF cookie; forms carry the token in a hidden field.
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "intake.views.csrf_failure"

# Every page, the admin's included, runs with no inline script or style and nothing from another
# host. The JSON-LD block is a data block, which script-src does not govern.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}
# Features the site never uses, turned off for it and anything it might embed. Passkeys
# (publickey-credentials-*) are staff's second factor: the site itself may use them, nothing else.
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), browsing-topics=(), camera=(), display-capture=(), "
    "encrypted-media=(), fullscreen=(), geolocation=(), gyroscope=(), hid=(), "
    "magnetometer=(), microphone=(), midi=(), payment=(), picture-in-picture=(), "
    "publickey-credentials-create=(self), publickey-credentials-get=(self), screen-wake-lock=(), serial=(), usb=(), "
    "xr-spatial-tracking=()"
)

# Password guessing on the admin login: after AXES_FAILURE_LIMIT failures at one account (from any
# number of addresses), that account is locked; after AXES_FAILURE_LIMIT failures from one client
# address (at any number of accounts), that address is locked; either for AXES_COOLOFF_TIME hours
# (`manage.py axes_reset_username NAME` or `axes_reset_ip ADDRESS` lifts it early). A successful
# sign-in clears only that account's failures from that address (accounts.signals), so signing in
# to one's own account does not wipe the count of guesses at someone else's. The address comes
# from intake.client_ip (django-ipware), which honours DJANGO_TRUSTED_PROXY_COUNT; an IPv6 client
# counts by its /64, as one home or server can send from any address in it.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_HOURS", 1)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_TEMPLATE = "axes/lockout.html"
AXES_CLIENT_IP_CALLABLE = "intake.client_ip.grouped_client_ip"
# Its start-up banner would open every management command's output.
AXES_VERBOSE = False

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"

# Two-factor sign-in for every staff account (accounts.middleware): after the password, a passkey
# (WebAuthn), a code from an authenticator app (TOTP) or a one-time recovery code. Passkeys are a
# second factor only, never a way round the password.
OTP_WEBAUTHN_RP_NAME = "Stanford Psychological Services staff"
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
# A passkey belongs to one domain (the site's host by default) and is accepted from these origins
# (by default https:// and each allowed host). Changing the domain later means new passkeys.
OTP_WEBAUTHN_RP_ID = os.environ.get("OTP_WEBAUTHN_RP_ID", "").strip() or ALLOWED_HOSTS[0]
OTP_WEBAUTHN_ALLOWED_ORIGINS = env_list("OTP_WEBAUTHN_ALLOWED_ORIGINS") or [
    f"https://{host.lstrip('.')}" for host in ALLOWED_HOSTS
]
if DEBUG:
    OTP_WEBAUTHN_ALLOWED_ORIGINS += ["http://localhost:8000"]
OTP_TOTP_ISSUER = "Stanford Psychological Services"
# django-otp's throttle counts wrong codes per device, so a stranger who knows someone's password
# could lock that person's own app and recovery codes by guessing. accounts.services limits the
# codes tried per session and per client address instead.
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0
# The access log (accounts.AccessEvent) is kept this long: HIPAA's six-year documentation period.
ACCESS_LOG_RETENTION_DAYS = env_int("ACCESS_LOG_RETENTION_DAYS", 6 * 365 + 2)

INSTALLED_APPS = [
    "accounts.admin_site.StaffAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "accounts",
    "content",
    "intake",
]

# The header middleware comes before WhiteNoise so static files carry the same headers as pages,
# and before KeptFormMiddleware and CachedPageMiddleware, which answer visitors' empty form and
# content pages from memory.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "clinic_site.middleware.SecurityHeadersMiddleware",
    "clinic_site.middleware.UntrustedProxyWarningMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The empty consultation form, to visitors without a session, as the cache serves pages.
    "intake.middleware.KeptFormMiddleware",
    "content.page_cache.CachedPageMiddleware",
    # Refuses an oversized or multipart form post before the CSRF check reads its body.
    "intake.middleware.FormBodyLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Who is answered, for the access log; idle and maximum session time; the second factor
    # before any admin page.
    "accounts.middleware.AccessLogMiddleware",
    "accounts.middleware.StaffSessionTimeoutMiddleware",
    "accounts.middleware.TwoFactorRequiredMiddleware",
    # On PostgreSQL, the queue's filters planned for their own values.
    "accounts.middleware.StaffPagesPlannedForTheirValuesMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "clinic_site.urls"
WSGI_APPLICATION = "clinic_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "content.context_processors.site_chrome",
            ],
        },
    },
]

# SQLite is the embedded default. The options let several gunicorn workers write without
# "database is locked": IMMEDIATE takes the write lock at the start of a transaction (so two
# writers queue instead of deadlocking), WAL lets readers carry on while one worker writes, and
# the timeout is how long a writer waits in that queue. PostgreSQL keeps each worker's connection
# open (DATABASE_CONN_MAX_AGE seconds) and checks it is still alive before reusing it.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# Only the benchmark sets this (to compare); production keeps FULL.
SQLITE_SYNCHRONOUS = os.environ.get("SQLITE_SYNCHRONOUS", "FULL").strip().upper()
if SQLITE_SYNCHRONOUS not in {"FULL", "EXTRA", "NORMAL"}:
    raise ImproperlyConfigured("SQLITE_SYNCHRONOUS must be FULL (the default), EXTRA or NORMAL.")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("SQLITE_BUSY_TIMEOUT", 20),
        # FULL: a request acknowledged to the patient survives a power cut (NORMAL may lose the
        # last commits in WAL mode). `make bench` measures what it costs, against NORMAL.
        "init_command": f"PRAGMA journal_mode=WAL; PRAGMA synchronous={SQLITE_SYNCHRONOUS};",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Values travel as bind parameters, never in the statement text, so PostgreSQL's log of a
    # failed statement holds no patient answers (psycopg 3 otherwise inlines them).
    # And a statement a connection has run 5 times is kept prepared (psycopg's own default, which
    # Django turns off for transaction-mode poolers; deployment.md asks for PgBouncer in session
    # mode): PostgreSQL then parses it once, which saves it half its work per form post. Staff
    # pages have each run planned for its own values (accounts.middleware).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True,
        prepare_threshold=5,
    )


def cache_from_url(url):
    """One CACHES entry from a URL: db://TABLE, file:///PATH, redis://HOST:PORT/DB, locmem://."""
    scheme, _, rest = url.partition("://")
    backends = {
        "db": ("django.core.cache.backends.db.DatabaseCache", rest or "django_cache"),
        "file": ("django.core.cache.backends.filebased.FileBasedCache", rest),
        "redis": ("django.core.cache.backends.redis.RedisCache", url),
        "rediss": ("django.core.cache.backends.redis.RedisCache", url),
        "locmem": ("django.core.cache.backends.locmem.LocMemCache", rest),
        "dummy": ("django.core.cache.backends.dummy.DummyCache", ""),
    }
    if scheme not in backends:
        raise ImproperlyConfigured(
            f"CACHE_URL: unknown cache {scheme!r}; use one of {list(backends)}"
        )
    backend, location = backends[scheme]
    if scheme in {"db", "file", "locmem"}:
        # Room for the pages and every client's rate-limit counter before Django culls entries.
        return {"BACKEND": backend, "LOCATION": location, "OPTIONS": {"MAX_ENTRIES": 10_000}}
    return {"BACKEND": backend, "LOCATION": location}


# Every gunicorn worker must see the same cache, or a page saved in one worker stays stale in the
# others. The default is a table in the site's own database (a cache hit is one query, no extra
# server); several app servers share Redis instead (CACHE_URL=redis://...).
CACHES = {"default": cache_from_url(os.environ.get("CACHE_URL") or "db://django_cache")}
# Each worker keeps rendered content pages until staff save; this bounds how long a page can stay
# stale if content changes without the admin (a raw database edit).
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 60 * 60)
# Each worker checks the shared content version at most this often: a page saved by staff reaches
# visitors of the other workers within this many seconds (at once in the worker that saved it).
PAGE_CACHE_VERSION_SECONDS = env_int("PAGE_CACHE_VERSION_SECONDS", 1)
# ...and keeps at most this many bytes of them (the pages least recently served leave first), so
# a worker's memory does not grow with the number of pages: 16 MB holds some 600 content pages.
PAGE_CACHE_MAX_BYTES = env_int("PAGE_CACHE_MAX_BYTES", 16 * 1024 * 1024)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Django's list misses a common word with a year and a symbol ("Summer2024!!") and repeats
    # ("aaaaaaaaaaaa"); zxcvbn estimates how many guesses a password takes and also weighs the
    # user's name and email. 4 is its top score: over ten billion guesses.
    {"NAME": "django_zxcvbn_password_validator.ZxcvbnPasswordValidator"},
]
PASSWORD_MINIMAL_STRENGTH = env_int("PASSWORD_MINIMAL_STRENGTH", 4)

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "America/Los_Angeles")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Where collectstatic writes the hashed, compressed files WhiteNoise serves.
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FORMS_URLFIELD_ASSUME_HTTPS = True

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Uploaded images larger than this are refused with a message in the admin.
PAGE_IMAGE_MAX_BYTES = env_int("PAGE_IMAGE_MAX_BYTES", 2 * 1024 * 1024)

EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "webmaster@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    # Django's own console handler would print each of its lines a second time in debug.
    "loggers": {
        "django": {
            "handlers": ["console"],
            "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO"),
            "propagate": False,
        }
    },
}

# Consultation requests
# Staff addresses told (by number and link only) when a request arrives; comma-separated.
INTAKE_NOTIFY_EMAILS = env_list("INTAKE_NOTIFY_EMAILS")
# The site's address for the admin link in that email, e.g. https://www.example.org. Empty: taken
# from the request the patient sent.
INTAKE_SITE_URL = os.environ.get("INTAKE_SITE_URL", "").strip()
# Accepted requests per client address per hour; more are answered 429 with the form kept.
INTAKE_RATE_LIMIT_PER_HOUR = env_int("INTAKE_RATE_LIMIT_PER_HOUR", 5)
# A form sent sooner than this after it was shown looks automated: it is saved as possible spam,
# out of the queue and with no staff email, and the sender is thanked as anyone is.
INTAKE_MIN_SECONDS_TO_SUBMIT = env_int("INTAKE_MIN_SECONDS_TO_SUBMIT", 3)
# `manage.py purge_closed_requests` deletes possible spam nobody moved to the queue this many days
# after it arrived.
INTAKE_SPAM_RETENTION_DAYS = env_int("INTAKE_SPAM_RETENTION_DAYS", 30)
# Forms sent with mistakes per client address per hour. Each keeps its answers in the visitor's
# session; past this they come back on the page itself (429) and nothing more is stored.
INTAKE_INVALID_POSTS_PER_HOUR = env_int("INTAKE_INVALID_POSTS_PER_HOUR", 20)
# A form shown longer ago than this comes back once, answers kept, with a fresh start token.
INTAKE_FORM_MAX_AGE_HOURS = env_int("INTAKE_FORM_MAX_AGE_HOURS", 24)
# Largest consultation form post accepted, in bytes; larger or multipart posts get a 413 page.
# The README's nginx example sets the same limit for /consultation/.
INTAKE_MAX_BODY_BYTES = env_int("INTAKE_MAX_BODY_BYTES", 64 * 1024)
# `manage.py purge_closed_requests` deletes requests closed longer ago than this.
INTAKE_RETENTION_DAYS = env_int("INTAKE_RETENTION_DAYS", 180)
