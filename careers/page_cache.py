"""Anonymous pages served from the cache, never one moment out of date.

What makes it exact:

- Every change to public content (a save, delete, restore, import, publish or
  unpublish) gives ContentVersion a new random token, in the same transaction as
  the change. Pages are cached under the token they were rendered for, and every
  request reads the token from the database, so no process or machine can serve a
  page from before a change, whatever the cache backend (even one cache per
  process). Signals catch every model save and delete; code that writes with
  bulk_create() or update() calls content_changed() itself (the importer does).
- A page is cached no longer than until the next moment a scheduled item goes
  live or expires (next_boundary()), so scheduling needs no cron job here either.
- Only what is the same for everyone is cached: GET or HEAD from a visitor with no
  session cookie (so not logged in), status 200, no cookie set, not private.
  Previews and share links are private (never cached).
- The middleware is the first in MIDDLEWARE, so it stores the response as it was
  sent (compressed or not, a variant each) with every header the rest added (CSP,
  HSTS, X-Frame-Options, Permissions-Policy; none varies between visitors, and a
  page whose policy carries a nonce is not stored), and a hit skips the rest.
  CachedApplication answers hits before Django's handler, with the same function
  (stored_page), for the production server.

Responses carry an ETag and Last-Modified (ConditionalGetMiddleware answers 304)
and `Cache-Control: public, max-age=0, must-revalidate`: a CDN or browser may keep
a copy but must ask again each time, because a publish could not purge it.
"""

import datetime
import functools
import hashlib
import re
import uuid
from pathlib import Path

from asgiref.local import Local
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, parse_http_date, quote_etag

KEY = "public"
# A second version, of the names items share (job categories, departments, routes, tags):
# what an item's kept parts depend on besides the item itself.
TAXONOMY_KEY = "taxonomy"
# Not worth a cache (static, cheap or never the same for everyone).
EXEMPT_PATHS = ("/admin/", "/_nested_admin/", "/static/", "/media/", "/healthz", "/robots.txt")


# The versions read during the current request, so that the page cache, the live index
# and the kept renderings read them with one query between them. Only within a request
# (set on request_started, dropped on request_finished), and cleared by every change made
# in it; outside a request every read goes to the database.
_request = Local()


def _request_started(**kwargs):
    _request.versions = {}


def _request_finished(**kwargs):
    try:
        del _request.versions
    except AttributeError:
        pass


def content_changed(key=KEY):
    """Call after writing public content without model signals (bulk_create, update).

    The new token is written in the caller's transaction, so it becomes visible to
    other processes at the same moment as the change. One UPDATE of one row, at
    every change: a page rendered between two changes of one transaction must not
    outlive the second.
    """
    from .models import ContentVersion

    if (memo := getattr(_request, "versions", None)) is not None:
        memo.clear()
    values = {"token": uuid.uuid4().hex, "changed_at": timezone.now()}
    if ContentVersion.objects.filter(key=key).update(**values):
        return
    try:
        with transaction.atomic():  # two processes may both find no row at the very start
            ContentVersion.objects.create(key=key, **values)
    except IntegrityError:
        ContentVersion.objects.filter(key=key).update(**values)


def current_version(key=KEY):
    """(token, changed_at) of the content the public sees now (or of the shared names).

    Read on every cached request, so by one fixed statement rather than the ORM (whose
    query building costs more than the page cache hit it decides); both versions at once,
    kept for the rest of the request.
    """
    memo = getattr(_request, "versions", None)
    if memo and key in memo:
        return memo[key]
    versions = _read_versions()
    if key not in versions:
        content_changed(key)
        versions = _read_versions()
    if memo is not None:
        memo.update(versions)
    return versions[key]


def _read_versions():
    from django.db import connection

    from .models import ContentVersion

    table = connection.ops.quote_name(ContentVersion._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {connection.ops.quote_name('key')}, token, changed_at FROM {table} "
            f"WHERE {connection.ops.quote_name('key')} IN (%s, %s)",
            [KEY, TAXONOMY_KEY],
        )
        rows = cursor.fetchall()
    return {key: (token, _aware(changed_at)) for key, token, changed_at in rows}


def next_boundary(now):
    """The next moment any published item goes live or expires, or something else a page
    shows changes by the clock (a window opening or closing); None if none is scheduled.

    Kept per process like anything else until_change() keeps: it can only change when the
    content does, or when it has passed."""
    return until_change("next-boundary", lambda: _next_boundary(now), now, boundary=False)


def _next_boundary(now):
    """One statement for every content type: SELECT (the first published_at after now of
    the published articles), (… their expires_at), (… of route pages, of their windows…)."""
    from .publishing import Publishable, Status

    parts, params = [], []
    for model in apps.get_models():
        if issubclass(model, Publishable):
            for path in model.boundary_fields:
                first = (
                    model._default_manager.filter(status=Status.PUBLISHED, **{f"{path}__gt": now})
                    .order_by(path)
                    .values_list(path, flat=True)[:1]
                )
                sql, query_params = first.query.sql_with_params()
                parts.append(f"({sql})")
                params += query_params
    if not parts:
        return None
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(parts)}", params)
        row = cursor.fetchone()
    moments = [_aware(value) for value in row if value is not None]
    return min(moments) if moments else None


def _aware(value):
    """A datetime from a raw row: SQLite gives the text it stores, in UTC."""
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value)
    if timezone.is_naive(value):
        value = timezone.make_aware(value, datetime.UTC)
    return value


_kept_until_change = {}


def until_change(name, build, now=None, *, boundary=True):
    """build(), kept in this process until the content version changes or the clock
    reaches the next boundary (the rule of the page cache and the live index): for what
    every request would otherwise read again, such as the live route pages."""
    now = now or timezone.now()
    token, _changed_at = current_version()  # before building: a change meanwhile shows
    found = _kept_until_change.get(name)
    if found is not None:
        kept_token, built_at, until, value = found
        if kept_token == token and built_at <= now and (until is None or now < until):
            return value
    value = build()
    until = next_boundary(now) if boundary else value
    _kept_until_change[name] = (token, now, until, value)
    return value


def is_public_content(model):
    opts = model._meta
    return (
        opts.app_label in settings.PAGE_CACHE_APPS
        and opts.label_lower != "careers.contentversion"
        and opts.label_lower not in settings.PAGE_CACHE_IGNORED_MODELS
    )


def on_change(sender, **kwargs):
    if is_public_content(sender):
        content_changed()
        if is_taxonomy(sender):
            content_changed(TAXONOMY_KEY)


def is_taxonomy(model):
    from .models import NamedSlugModel

    return issubclass(model, NamedSlugModel)


def connect_signals():
    from django.core.signals import request_finished, request_started
    from django.db.models.signals import m2m_changed, post_delete, post_save

    request_started.connect(_request_started, dispatch_uid="page_cache_request_started")
    request_finished.connect(_request_finished, dispatch_uid="page_cache_request_finished")
    post_save.connect(on_change, dispatch_uid="page_cache_save")
    post_delete.connect(on_change, dispatch_uid="page_cache_delete")
    m2m_changed.connect(_on_m2m_change, dispatch_uid="page_cache_m2m")


def _on_m2m_change(sender, instance, action, **kwargs):
    if action.startswith("post_") and is_public_content(type(instance)):
        content_changed()


GZIP = re.compile(r"\bgzip\b")


@functools.cache
def code_version():
    """A digest of the code and templates that render pages, and of the URLs they print.

    Part of every cache key (pages and kept renderings), so that a deploy that changes a
    template, a view or MEDIA_URL is served fresh at once, even from a shared Redis that
    holds what the previous release rendered. Computed once per process.
    """
    digest = hashlib.sha256(f"{settings.MEDIA_URL} {settings.STATIC_URL}".encode())
    root = Path(settings.BASE_DIR)
    for folder in ("careers", "interviews", "templates"):
        for path in sorted((root / folder).rglob("*")):
            if path.suffix in (".py", ".html") and "migrations" not in path.parts:
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def page_key(request, token):
    """The cache key of this request's page: the code and content versions, scheme, host,
    path and query, and whether the visitor takes gzip (the stored bytes are what was sent)."""
    gzip = bool(GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()} gzip={gzip}"
    return f"page:{code_version()}:{token}:{hashlib.sha256(address.encode()).hexdigest()}"


def stored_page(request):
    """(the stored entry for this request or None, the content version it was looked up
    in; None for a request the cache does not serve). The one way a page leaves the cache,
    for PageCacheMiddleware and for CachedApplication."""
    if not PageCacheMiddleware.cacheable_request(request):
        return None, None
    version = current_version()
    entry = cache.get(page_key(request, version[0]))
    # The boundary is checked here, on this server's clock, not left to the cache's
    # expiry: that is whole seconds, and Redis keeps its own clock.
    if entry is None or (entry["until"] is not None and timezone.now() >= entry["until"]):
        return None, version
    return entry, version


def cached_response(request, entry):
    """The stored page as a response; 304 for a conditional GET that matches."""
    response = HttpResponse(
        entry["content"], status=entry["status"], headers=dict(entry["headers"])
    )
    return get_conditional_response(
        request,
        etag=response["ETag"],
        last_modified=entry["last_modified"],
        response=response,
    )


class PageCacheMiddleware:
    """Serves anonymous GETs of public pages from the cache (see the module docstring).

    First in MIDDLEWARE: what it stores is the response as sent, compressed and with
    every header the other middleware added.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        entry, version = stored_page(request)
        if entry is not None:
            return cached_response(request, entry)
        if version is None:  # not a cacheable request
            return self.get_response(request)
        now = timezone.now()
        boundary = next_boundary(now)
        response = self.get_response(request)
        if self.cacheable_response(request, response):
            timeout = settings.PAGE_CACHE_SECONDS
            if boundary is not None:
                timeout = min(timeout, int((boundary - now).total_seconds()) + 1)
            # Under the version read before rendering: a change made meanwhile makes
            # this entry unreachable at once.
            self.mark(response, version[1])
            entry = {**self.freeze(response), "until": boundary}
            cache.set(page_key(request, version[0]), entry, timeout)
        return response

    @staticmethod
    def cacheable_request(request):
        if not settings.PAGE_CACHE_SECONDS or request.method not in ("GET", "HEAD"):
            return False
        if request.path.startswith(EXEMPT_PATHS):
            return False
        # Sessions are made only for staff who log in (and for a failed login's
        # message): a visitor with a session cookie is served fresh, and never stored.
        return settings.SESSION_COOKIE_NAME not in request.COOKIES

    @staticmethod
    def cacheable_response(request, response):
        cache_control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "private" not in cache_control
            and "no-store" not in cache_control
            and "Cookie" not in response.get("Vary", "")
            # A nonce is new on every response; a page whose policy has one is not stored.
            and "'nonce-" not in response.get("Content-Security-Policy", "")
        )

    @staticmethod
    def freeze(response):
        """What is stored: the response as it is sent, its headers final (marked)."""
        if not response.has_header("ETag"):  # hashed once here, not per hit
            digest = hashlib.md5(response.content, usedforsecurity=False).hexdigest()
            response["ETag"] = quote_etag(digest)
        response["Content-Length"] = str(len(response.content))
        return {
            "content": response.content,
            "status": response.status_code,
            "headers": list(response.items()),
            "last_modified": int(parse_http_date(response["Last-Modified"])),
        }

    @staticmethod
    def mark(response, changed_at):
        patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
        if not response.has_header("Last-Modified"):
            response["Last-Modified"] = http_date(changed_at.timestamp())
        return response


class CachedApplication:
    """WSGI entry: a cache hit is answered here, before Django's handler and middleware.

    A hit is the same response PageCacheMiddleware would give (stored_page); a miss,
    or anything unusual, goes to Django unchanged. The request signals are sent as
    Django's handler sends them, so database connections are kept and closed alike.
    """

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        from django.core import signals
        from django.core.handlers.wsgi import WSGIRequest

        if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
            return self.application(environ, start_response)
        signals.request_started.send(sender=type(self), environ=environ)
        try:
            request = WSGIRequest(environ)
            entry, _version = stored_page(request)
        except Exception:
            entry = None
        finally:
            signals.request_finished.send(sender=type(self))
        if entry is None:
            return self.application(environ, start_response)
        if "HTTP_IF_NONE_MATCH" in environ or "HTTP_IF_MODIFIED_SINCE" in environ:
            response = cached_response(request, entry)  # perhaps 304
            start_response(
                f"{response.status_code} {response.reason_phrase}", list(response.items())
            )
            content = response.content
        else:  # the stored bytes and headers as they are (a stored page sets no cookie)
            start_response(f"{entry['status']} OK", entry["headers"])
            content = entry["content"]
        return [] if environ["REQUEST_METHOD"] == "HEAD" else [content]
