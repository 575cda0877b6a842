"""Settings for the Good Practice Hub: the only settings module, read from the environment.

Every environment variable is read in the first block below and documented in README.md and .env.example. With
nothing set, the site runs on embedded parts (SQLite, database search, local-memory cache, tasks run immediately);
DATABASE_URL, OPENSEARCH_URL (or ELASTICSEARCH_URL), REDIS_URL and AWS_STORAGE_BUCKET_NAME switch in the production
parts; a .env file fills in what the environment does not set.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from corsheaders.defaults import default_headers as cors_default_headers
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from dotenv import load_dotenv

BASE_DIR = Path(__file__).resolve().parent.parent


def _env_bool(name, default=False):
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def _env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# --- Environment -----------------------------------------------------------------------------------------------
# A .env file (ENV_FILE, default .env beside manage.py) fills in what the process environment does not set; none is
# fine. The tests set ENV_FILE empty, so a developer's .env never points them at a real database.
_env_file = os.environ.get("ENV_FILE", str(BASE_DIR / ".env"))
if _env_file:
    load_dotenv(_env_file, override=False)
DEBUG = _env_bool("DJANGO_DEBUG")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}")
# A search cluster, when one is set (OpenSearch wins if both are): comma-separated node URLs, so that the client
# fails over between nodes. Empty → search inside the database.
OPENSEARCH_URL = _env_list("OPENSEARCH_URL", "")
ELASTICSEARCH_URL = _env_list("ELASTICSEARCH_URL", "")
ELASTICSEARCH_VERSION = int(os.environ.get("ELASTICSEARCH_VERSION", "8"))  # 8 or 9, the cluster's major version
SEARCH_INDEX_PREFIX = os.environ.get("SEARCH_INDEX_PREFIX", "hub_")
SEARCH_REPLICAS = int(os.environ.get("SEARCH_REPLICAS", "1"))
REDIS_URL = os.environ.get("REDIS_URL", "")  # empty → local-memory cache
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
# Uploads (images, their renditions, documents, video files) in an S3-compatible bucket, so that every web server
# sees them; empty: on the local disk under MEDIA_ROOT. Credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY,
# read by boto3 itself from the environment.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL", "")  # empty: Amazon S3; else MinIO, Ceph, a provider
AWS_S3_REGION_NAME = os.environ.get("AWS_S3_REGION_NAME", "")
AWS_S3_CUSTOM_DOMAIN = os.environ.get("AWS_S3_CUSTOM_DOMAIN", "")  # a CDN or bucket domain that serves the files
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "var" / "static"))
# The public address every absolute URL is built from, and the Wagtail Site record is kept equal to (home.site_record).
SITE_BASE_URL = os.environ.get("SITE_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# Empty: the host of SITE_BASE_URL (and, in debug, 127.0.0.1 and localhost).
ALLOWED_HOSTS = _env_list("ALLOWED_HOSTS") or [
    urlsplit(SITE_BASE_URL).hostname,
    *(["127.0.0.1", "localhost"] if DEBUG else []),
]
SECURE_SSL_REDIRECT = _env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
CSRF_TRUSTED_ORIGINS = _env_list("CSRF_TRUSTED_ORIGINS")
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "hub@localhost")
FEED_ANON_RATE = os.environ.get("FEED_ANON_RATE", "120/min")  # anonymous feed requests per IP; bench/ raises it
MACHINE_TRANSLATION = os.environ.get("MACHINE_TRANSLATION", "")  # deepl | libretranslate | empty: off
MACHINE_TRANSLATION_LANGUAGES = _env_list("MACHINE_TRANSLATION_LANGUAGES")  # target languages; empty: all
DEEPL_API_KEY = os.environ.get("DEEPL_API_KEY", "")
DEEPL_API_URL = os.environ.get("DEEPL_API_URL", "")  # empty: DeepL's own endpoint for the key (free or pro)
LIBRETRANSLATE_URL = os.environ.get("LIBRETRANSLATE_URL", "")
LIBRETRANSLATE_API_KEY = os.environ.get("LIBRETRANSLATE_API_KEY", "")
# The practice map's tiles (practices/site/map.py): any XYZ tile server (such as OpenStreetMap's,
# https://tile.openstreetmap.org/{z}/{x}/{y}.png); its attribution is shown on the map (HTML). Empty: no tile server,
# the map draws the country outlines of Natural Earth that the site serves itself (npm world-atlas), offline too.
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "")
# Proxies (IP addresses or networks) whose X-Forwarded-For and X-Forwarded-Proto are believed; empty: nobody's.
TRUSTED_PROXIES = _env_list("TRUSTED_PROXIES")
MAP_TILE_ATTRIBUTION = (
    os.environ.get("MAP_TILE_ATTRIBUTION")
    or '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
)
# ---------------------------------------------------------------------------------------------------------------

_site_base = urlsplit(SITE_BASE_URL)
if _site_base.scheme not in {"http", "https"} or not _site_base.hostname or _site_base.path or _site_base.query:
    raise ImproperlyConfigured(
        f"SITE_BASE_URL must be the site's origin, scheme and host only, such as https://hub.example.org "
        f"or http://127.0.0.1:8000; got {SITE_BASE_URL!r}."
    )
if _site_base.scheme == "https" and _site_base.port not in {None, 443}:
    # Wagtail's Site record (hostname and port) writes any port but 443 as http://host:port.
    raise ImproperlyConfigured(f"SITE_BASE_URL may use https only on port 443; got {SITE_BASE_URL!r}.")

_EXAMPLE_SECRET_KEY = "change-me-to-50-random-characters"  # noqa: S105 (.env.example's placeholder)
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "development-only-key-never-used-with-debug-off"  # noqa: S105
elif not DEBUG and (len(SECRET_KEY) < 50 or SECRET_KEY == _EXAMPLE_SECRET_KEY):
    # Sessions, CSRF tokens and preview links are signed with it: a short or published key forges them all.
    raise ImproperlyConfigured(
        "SECRET_KEY must be at least 50 random characters and not the example's when DJANGO_DEBUG is off; "
        'python -c "import secrets; print(secrets.token_urlsafe(50))" makes one.'
    )

INSTALLED_APPS = [
    "home",
    "practices",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.search_promotions",  # promoted results and query statistics (search/engine/backends/__init__.py)
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "search",  # after wagtail.search: it re-routes modelsearch's save handler (search/engine/indexing.py)
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail.api.v3",
    "ninja",  # serves the v3 API's docs page from its own static files, not a CDN
    "wagtail",
    "modelcluster",
    "taggit",
    "django_countries",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "practices.site.client_identity.TrustedProxyMiddleware",  # before anything reads the client's address or scheme
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    # after CSPMiddleware: the nonces it hands out reach the header
    "practices.editorial.admin_csp.AdminScriptNonceMiddleware",
    "practices.site.client_identity.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "practices.parameters.QueryParameterMiddleware",  # 400 naming the parameter for a bad number or NUL on /api/
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "practices.editorial.roles.PageEditRefusalMiddleware",  # 403, not a redirect, for a page the user may not edit
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "practices.site.page_cache.PageCacheMiddleware",  # last: keeps the page as the view rendered it (its docstring)
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Persistent connections, checked before each request reuses one: a worker whose connection broke while the database
# was away (a restart, a failover) reconnects on its next request instead of answering it with an error.
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets gunicorn workers read while an import writes; the timeout covers short write bursts.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    ),
    # Rate-limit counters must be shared by every worker, or each counts alone (practices.feed.access): Redis, else
    # a table of the database (``manage.py createcachetable``), never a process's memory.
    "throttle": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": "throttle"}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "throttle_cache"}
    ),
}

TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if DEBUG or not _env_bool("TASKS_DATABASE_QUEUE")
            else "django_tasks_db.backend.DatabaseBackend"
        )
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Languages -------------------------------------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = WAGTAIL_CONTENT_LANGUAGES = WAGTAILADMIN_PERMITTED_LANGUAGES = [
    ("en", _("English")),
    ("cs", _("Czech")),
    ("bg", _("Bulgarian")),
    ("hr", _("Croatian")),
    ("nb", _("Norwegian Bokmål")),
]
WAGTAIL_I18N_ENABLED = True
# wagtail-localize's "Translate" action creates translations as drafts even of a live page: each goes through its
# locale's workflow (docs/editorial.md "Translation").
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
# Machine translation fills translation drafts only (practices/translation/machine_translation.py); off unless
# configured.
_MACHINE_TRANSLATORS = {
    "deepl": {
        "CLASS": "practices.translation.machine_translation.DeepLTranslator",
        "OPTIONS": {"AUTH_KEY": DEEPL_API_KEY, "API_URL": DEEPL_API_URL},
    },
    "libretranslate": {
        "CLASS": "practices.translation.machine_translation.LibreTranslator",
        "OPTIONS": {"LIBRETRANSLATE_URL": LIBRETRANSLATE_URL.rstrip("/"), "API_KEY": LIBRETRANSLATE_API_KEY},
    },
}
if MACHINE_TRANSLATION:
    if MACHINE_TRANSLATION not in _MACHINE_TRANSLATORS:
        raise ImproperlyConfigured("MACHINE_TRANSLATION must be 'deepl', 'libretranslate' or empty.")
    WAGTAILLOCALIZE_MACHINE_TRANSLATOR = _MACHINE_TRANSLATORS[MACHINE_TRANSLATION]
    WAGTAILLOCALIZE_MACHINE_TRANSLATOR["OPTIONS"]["TARGET_LANGUAGES"] = MACHINE_TRANSLATION_LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locales"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Files -----------------------------------------------------------------------------------------------------
STATIC_URL = "/static/"
MEDIA_URL = "/media/"
# Front-end libraries come from the npm registry (package.json, `make install`) and are served by this server.
STATICFILES_DIRS = [
    ("vendor/leaflet", BASE_DIR / "node_modules" / "leaflet" / "dist"),
    # The map's country outlines when no tile server is configured: Natural Earth's TopoJSON and its reader.
    ("vendor/world-atlas", BASE_DIR / "node_modules" / "world-atlas"),
    ("vendor/topojson-client", BASE_DIR / "node_modules" / "topojson-client" / "dist"),
    ("vendor/flag-icons", BASE_DIR / "node_modules" / "flag-icons" / "flags"),  # country flags on cards (MIT)
]
# Themes' illustrations: only the icons practices.site.faces names, from @tabler/icons (MIT), not its whole set.
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "practices.site.faces.IllustrationFinder",
]
STORAGES = {
    "default": (
        {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": AWS_STORAGE_BUCKET_NAME,
                "endpoint_url": AWS_S3_ENDPOINT_URL or None,
                "region_name": AWS_S3_REGION_NAME or None,
                "custom_domain": AWS_S3_CUSTOM_DOMAIN or None,
                # Public files at stable URLs (images are linked from feeds and partners' pages for years); an
                # upload with a taken name gets a new name rather than replacing another page's file.
                "querystring_auth": False,
                "file_overwrite": False,
                "default_acl": None,
            },
        }
        if AWS_STORAGE_BUCKET_NAME
        else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    ),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "xlsx", "ods", "pptx", "txt", "csv", "rtf"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# A practice's reuse kit packs its materials' documents up to this many bytes; the rest are linked from its summary.
REUSE_KIT_MAX_BYTES = 100 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Wagtail ---------------------------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Good Practice Hub"
WAGTAILADMIN_BASE_URL = WAGTAILAPI_BASE_URL = SITE_BASE_URL  # links in e-mails; the content API's absolute URLs
# Privacy: the admin makes no request to a third party from editors' browsers (no Gravatar avatars, no check of
# Wagtail's release server).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.engine.backends.embedded"}}
# Search API (search/knowledge_search.py): results per page, values per facet, and below how many results a
# "did you mean" suggestion is offered.
SEARCH_PAGE_SIZE = 20
SEARCH_FACET_SIZE = 50
SEARCH_SUGGEST_BELOW = 3
# A locale with fewer matches also shows this many best items of the other languages (search.knowledge_search).
SEARCH_OTHER_LANGUAGES_BELOW = 3
SEARCH_OTHER_LANGUAGES_SIZE = 5
# Search by meaning (search/engine/semantic.py): the items closest to the query in meaning join the ranking by words
# by reciprocal rank fusion, the first SEARCH_SEMANTIC_DEPTH of them, each weighing SEARCH_SEMANTIC_WEIGHT times a
# rank by words, with the fusion's constant k; tuned on the evaluation set's dev half (docs/search.md).
# SEARCH_SEMANTIC_THREADS: the encoder's threads per process; one, because the site's workers already take every core,
# and two threads per query on a busy machine put p95 at 1.3 s against 28 ms with one (docs/performance.md).
# On by default with search inside the database; opt in on a search cluster, whose one-request page and facets it
# replaces by every match counted in the process (docs/search.md, "Search by meaning").
_SEMANTIC_DEFAULT = "false" if OPENSEARCH_URL or ELASTICSEARCH_URL else "true"
SEARCH_SEMANTIC = os.environ.get("SEARCH_SEMANTIC", _SEMANTIC_DEFAULT).lower() in {"1", "true", "yes", "on"}
SEARCH_SEMANTIC_DEPTH = int(os.environ.get("SEARCH_SEMANTIC_DEPTH", "20"))
SEARCH_SEMANTIC_WEIGHT = float(os.environ.get("SEARCH_SEMANTIC_WEIGHT", "3.0"))
SEARCH_SEMANTIC_RRF_K = int(os.environ.get("SEARCH_SEMANTIC_RRF_K", "10"))
# When the closest item in another language is closer than the locale's closest by more than this cosine, the query
# is taken to be about that item: the other languages are offered and the locale's own ranks by words alone.
SEARCH_SEMANTIC_ELSEWHERE_MARGIN = float(os.environ.get("SEARCH_SEMANTIC_ELSEWHERE_MARGIN", "0.02"))
SEARCH_SEMANTIC_THREADS = int(os.environ.get("SEARCH_SEMANTIC_THREADS", "1"))
if OPENSEARCH_URL or ELASTICSEARCH_URL:
    # Analysis, mapping and queries live in the backend classes (search/engine/backends/cluster.py, one definition for
    # both engines); the index settings here are the deployment's. update_index rebuilds into a new index and
    # swaps the alias (ATOMIC_REBUILD), so searches go on answering from the old one meanwhile.
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.engine.backends.opensearch"
            if OPENSEARCH_URL
            else {
                8: "search.engine.backends.elasticsearch.ElasticsearchSearchBackend",
                9: "search.engine.backends.elasticsearch.Elasticsearch9SearchBackend",
            }[ELASTICSEARCH_VERSION],
            "URLS": OPENSEARCH_URL or ELASTICSEARCH_URL,
            "INDEX_PREFIX": SEARCH_INDEX_PREFIX,
            "TIMEOUT": 5,
            "ATOMIC_REBUILD": True,
            "INDEX_SETTINGS": {"settings": {"index": {"number_of_replicas": SEARCH_REPLICAS}}},
        },
        # Where search answers from while the cluster is unreachable (search.engine.backends.ranked_matches); kept up to
        # date by the same indexing tasks.
        "fallback": {"BACKEND": "search.engine.backends.embedded"},
    }
# Workflow e-mails (docs/editorial.md): reviewers are told of submissions, authors of approvals and rejections, by
# Django's e-mail backend. Administrators who are not reviewers are left out of the reviewers' mail.
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL
WAGTAILADMIN_NOTIFICATION_USE_HTML = True
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False
WAGTAILEMBEDS_RESPONSIVE_HTML = True
# oEmbed look-ups through the guarded outgoing client (practices.outgoing): public addresses only.
WAGTAILEMBEDS_FINDERS = [{"class": "practices.site.embed_finders"}]
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# Content API (/api/v2/, docs/api.md): rich text with links expanded to real URLs unless ?rich_text_format= asks
# otherwise; at most 100 items a page.
WAGTAILAPI_RICH_TEXT_FORMAT = "html"
WAGTAILAPI_LIMIT_MAX = 100
# The backend that answers the content API's ``?search=`` (practices/api/views.py). "stock" is the benchmark's
# comparison (bench/scenarios/stock_search.py): Wagtail's own database backend as a second backend, filled only by
# ``update_index --backend stock`` and never on publish, so that the same data is searched the stock way.
WAGTAILAPI_SEARCH_BACKEND = os.environ.get("WAGTAILAPI_SEARCH_BACKEND", "default")
if WAGTAILAPI_SEARCH_BACKEND == "stock":
    WAGTAILSEARCH_BACKENDS["stock"] = {"BACKEND": "modelsearch.backends.database", "AUTO_UPDATE": False}

# --- HTTP security (production) --------------------------------------------------------------------------------
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = 0 if DEBUG else 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# X-Forwarded-Proto and -For count only when a trusted proxy sent them (practices.site.client_identity strips them from
# anyone else); DRF's throttles then take the address the nearest proxy saw, otherwise the peer's own address.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if TRUSTED_PROXIES else None
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP, behind the TLS they terminate
# Content-Security-Policy (django-csp): no inline script anywhere on the public site, scripts from the site only;
# images, video and frames (embedded videos, map tiles, media on a storage host) from any https origin; inline style
# attributes only (Wagtail's responsive embeds size themselves with one). Wagtail's admin gets the same policy,
# enforced, with a nonce for the few inline initialisers Wagtail still writes and inline styles
# (practices.editorial.admin_csp).
_CSP_DIRECTIVES = {
    "default-src": [SELF],
    "script-src": [SELF],
    "style-src": [SELF, NONCE],  # the embeddable cards' own <style nonce="…"> (practices/templates/practices/embed)
    "style-src-attr": ["'unsafe-inline'"],
    "img-src": [SELF, "data:", "https:"],
    "media-src": [SELF, "https:"],
    "frame-src": [SELF, "https:"],
    "font-src": [SELF],
    "connect-src": [SELF],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
}
CONTENT_SECURITY_POLICY = {"DIRECTIVES": _CSP_DIRECTIVES}
# Browser features no page of the site uses, refused to the page and anything it frames
# (practices.site.client_identity).
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()"
# Wagtail's live preview shows the page in a same-origin frame of the admin, so frames stay allowed from the
# site's own origin (and only from it); W019 asks for DENY, which would break the preview.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"]

# The API, and the JSON Feed that the embeddable widget reads from partners' pages (practices/syndication/widget.py).
CORS_URLS_REGEX = r"^/(api/.*|[a-z]{2}/feeds/latest\.json)$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
# Browsers may send the partner key and conditional headers, and read the caching and throttling headers.
CORS_ALLOW_HEADERS = [*cors_default_headers, "x-api-key", "if-none-match", "if-modified-since"]
CORS_EXPOSE_HEADERS = ["ETag", "Retry-After"]

# --- Partner feed: REST framework, throttling, OpenAPI (docs/api.md) ------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Anonymous clients of /api/feed/v1/ per IP address, and partners sending their API key, per partner
    # (practices.feed.access); docs/api.md states both rates.
    "DEFAULT_THROTTLE_RATES": {"anon": FEED_ANON_RATE, "partner": "1200/min"},
    "NUM_PROXIES": 1 if TRUSTED_PROXIES else 0,
}
# The most rows one CSV/XLSX export of a feed list may have (practices.feed.export_views); docs/api.md states it.
# Measured: about 12 ms and 70 kB of memory per practice row, so 2,000 rows stay well inside a worker's 30 s.
FEED_EXPORT_MAX_ROWS = 2_000
# The most practices the map page and its GeoJSON show at once (practices/site/map.py); more than fit on a readable map
# or list, and the page says to narrow the filters when it cuts the list there.
MAP_MAX_PRACTICES = 2_000
# The largest file the admin's bulk import accepts (practices.knowledge_base.admin_import); the importer reads it
# whole, twice (preview, confirm). 10 MB is about 5,000 practices with long bodies.
KB_IMPORT_MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# Where an upload waits between its preview and its confirmation: outside MEDIA_ROOT, never served. The web process
# writes it and the worker that imports it reads it, so with a worker on another machine this is a shared folder.
KB_IMPORT_PENDING_ROOT = Path(os.environ.get("KB_IMPORT_PENDING_ROOT", BASE_DIR / "var" / "imports-pending"))
# Between claiming a run and locking its row a worker holds no lock yet: a run page asks the lock only after this.
KB_IMPORT_CLAIM_GRACE_SECONDS = 60
SPECTACULAR_SETTINGS = {
    "TITLE": "Good Practice Hub partner feed",
    # The description (getting started) and the version are the feed's own: practices.feed.contract sets them.
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/feed/v1",
    "PREPROCESSING_HOOKS": ["practices.feed.views.feed_endpoints_only"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "practices.feed.contract.document_feed_responses",
    ],
    "OAS_VERSION": "3.1.0",
    # Every field a serializer declares is in every answer, null or not: required, so generated clients type it.
    "COMPONENT_NO_READ_ONLY_REQUIRED": False,
    # Swagger UI from drf-spectacular-sidecar's static files: the docs page loads nothing from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# --- Draft preview for a headless front end (practices.api.preview; docs/api.md) ------------------------------
PREVIEW_TOKEN_MAX_AGE = 24 * 3600  # seconds a preview link from the admin stays valid

# --- Webhooks (practices.partners.webhooks; docs/api.md) --------------------------------------------------------------
WEBHOOK_CONNECT_TIMEOUT = 3  # seconds; short, because with the immediate task backend an attempt runs in a request
WEBHOOK_READ_TIMEOUT = 5
WEBHOOK_RETRY_DELAY = 60  # seconds before the first retry, doubled after each failed attempt
WEBHOOK_MAX_ATTEMPTS = 8  # then the delivery is marked failed: about two hours after the first attempt
WEBHOOK_SECRET_GRACE_PERIOD = 24 * 3600  # seconds a rotated secret keeps signing beside its successor

# The scheduler process (manage.py run_schedule, the Procfile's "scheduler"): each command with None (every minute)
# or "HH:MM" (once a day, UTC). Wagtail's publish_scheduled publishes and expires pages at their set times; the
# webhook deliveries that are due are sent; the outside links are checked at night, when editors are not waiting.
PERIODIC_COMMANDS = [("publish_scheduled", None), ("deliver_webhooks", None), ("check_links", "02:30")]

# /healthz (home/health.py) reports the task queue failing when a due task has waited this long: no worker runs.
TASK_QUEUE_STALL_SECONDS = 15 * 60

ADMIN_EXPORT_MAX_ROWS = 20_000  # rows one admin listing export may hold (practices/editorial/admin_exports.py)
# seconds to connect and to wait for an answer, per request (practices/editorial/link_checks.py)
LINK_CHECK_TIMEOUT = 10
LINK_CHECK_WORKERS = 8  # links checked at the same time over all hosts
LINK_CHECK_PER_HOST = 2  # requests one host gets at the same time
LINK_CHECK_HOST_INTERVAL = 0.5  # seconds between the starts of two requests to one host
# practices.outgoing refuses every non-public address; tests that run a server on 127.0.0.1 turn this on for
# themselves (never in production: it would open the hub's own services to the link checker and webhooks).
OUTGOING_ALLOW_LOOPBACK = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"practices": {"level": "INFO"}, "search": {"level": "INFO"}},
}
