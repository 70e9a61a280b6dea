"""Anonymous pages served from the cache, never one moment out of date.

What makes it exact (the rules are careers/core/freshness.py's, which this module asks):

- Every change to public content gives the content token a new value, in the same
  transaction as the change. Pages are cached under the token they were rendered
  for, and every request reads the token from the database, so no process or
  machine can serve a page from before a change, whatever the cache backend (even
  one cache per process).
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
- Tracking parameters (utm_*, fbclid, gclid…: where a visitor came from, never what the
  page shows) are taken out of request.GET before any view reads it, and out of the key:
  a campaign link is the page's own entry, and cannot make a new one per click.
- A cache that fails (Redis down, full or hung) is a miss: the page is rendered from the
  database (careers/core/cache.py, the backend settings uses for redis://).
- A database that cannot be reached (careers.core.unavailable.is_unavailable) is the one
  time a page is served without reading the token: from a second key per address, without
  the token, that points at the last entry stored for it ("last good"). That entry is
  served, marked `X-Cache: STALE` (its other headers, Cache-Control included, as stored),
  if its next boundary has not come and it was known current at most
  PAGE_CACHE_STALE_SECONDS ago: when it was stored, or later when this process last read
  the same token. A page without one answers 503 (careers/core/unavailable.py). The first
  request after the database answers again reads the token, and is exact.

Responses carry an ETag, a hash of the bytes, and no Last-Modified: a page changes at a
scheduled moment with no write, so no date can say whether it changed (304 only when the
ETag matches; careers.core.middleware.ETagConditionalGetMiddleware), and
`Cache-Control: public, max-age=0, must-revalidate`: a CDN or browser may keep
a copy but must ask again each time, because a publish could not purge it.
"""

import hashlib
import re
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, QueryDict
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import quote_etag

from careers.core.freshness import code_version, current_version, next_boundary
from careers.core.unavailable import is_unavailable, unavailable_response

# Not worth a cache (static, cheap or never the same for everyone).
EXEMPT_PATHS = ("/admin/", "/_nested_admin/", "/static/", "/media/", "/healthz", "/robots.txt")


GZIP = re.compile(r"\bgzip\b")
# Where a visitor came from (campaigns, ad clicks, newsletters, analytics' cross-domain
# links); the browser's analytics read them from the address bar, the site never does.
TRACKING = re.compile(
    r"utm_\w*|fbclid|gclid|gbraid|wbraid|dclid|yclid|msclkid|twclid|ttclid|igshid|li_fat_id"
    r"|mc_cid|mc_eid|_ga|_gl|_hsenc|_hsmi|mkt_tok|srsltid"
)


def without_tracking(query):
    """The QueryDict query without the tracking parameters (query itself if it has none)."""
    if not any(TRACKING.fullmatch(name) for name in query):
        return query
    kept = [
        (name, value)
        for name, values in query.lists()
        if not TRACKING.fullmatch(name)
        for value in values
    ]
    return QueryDict(urlencode(kept), encoding=query.encoding)


def page_address(request):
    """This request's page: scheme, host, path and query (as the view reads it), and whether
    the visitor takes gzip (the stored bytes are what was sent), hashed."""
    gzip = bool(GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))
    query = without_tracking(request.GET).urlencode()
    address = f"{request.scheme}://{request.get_host()}{request.path}?{query} gzip={gzip}"
    return hashlib.sha256(address.encode()).hexdigest()


def page_key(request, token):
    """The cache key of this request's page: the code and content versions, and the address."""
    return f"page:{code_version()}:{token}:{page_address(request)}"


def last_good_key(request):
    """The key of {"token", "read_at"} of the last entry stored for this address: read only
    when the database cannot be (stale_page)."""
    return f"page-last:{code_version()}:{page_address(request)}"


# (token, when) this process last read the content token from the database.
_last_read = None


def stored_page(request):
    """(the stored entry for this request or None, the content version it was looked up
    in; None for a request the cache does not serve). The one way a page leaves the cache,
    for PageCacheMiddleware and for CachedApplication."""
    if not PageCacheMiddleware.cacheable_request(request):
        return None, None
    try:
        version = current_version()
    except Exception as error:
        if is_unavailable(error) and (stale := stale_page(request)) is not None:
            return stale, None
        raise
    global _last_read
    _last_read = (version[0], timezone.now())
    entry = cache.get(page_key(request, version[0]))
    # The boundary is checked here, on this server's clock, not left to the cache's
    # expiry: that is whole seconds, and Redis keeps its own clock.
    if entry is None or (entry["until"] is not None and timezone.now() >= entry["until"]):
        return None, version
    return entry, version


def stale_page(request):
    """The last entry stored for this request's address, marked stale, while the database
    cannot be read; None if there is none or it may be out of date (the module docstring)."""
    pointer = cache.get(last_good_key(request))
    if pointer is None:
        return None
    entry = cache.get(page_key(request, pointer["token"]))
    now = timezone.now()
    if entry is None or (entry["until"] is not None and now >= entry["until"]):
        return None
    known_current_at = pointer["read_at"]
    if _last_read is not None and _last_read[1] >= known_current_at:
        if _last_read[0] != pointer["token"]:
            return None  # the content changed after it was stored
        known_current_at = _last_read[1]
    if (now - known_current_at).total_seconds() > settings.PAGE_CACHE_STALE_SECONDS:
        return None
    return {**entry, "headers": [*entry["headers"], ("X-Cache", "STALE")]}


def cached_response(request, entry):
    """The stored page as a response; 304 for a conditional GET that matches."""
    response = HttpResponse(
        entry["content"], status=entry["status"], headers=dict(entry["headers"])
    )
    return get_conditional_response(
        request,
        etag=response["ETag"],
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
        request.GET = without_tracking(request.GET)  # for every view, cached or not
        try:
            entry, version = stored_page(request)
            if entry is not None:
                return cached_response(request, entry)
            if version is None:  # not a cacheable request
                return self.get_response(request)
            now = timezone.now()
            boundary = next_boundary(now)
        except Exception as error:
            if is_unavailable(error):
                return unavailable_response(request, error)
            raise
        response = self.get_response(request)
        if self.cacheable_response(request, response):
            timeout = settings.PAGE_CACHE_SECONDS
            if boundary is not None:
                timeout = min(timeout, int((boundary - now).total_seconds()) + 1)
            # Under the version read before rendering: a change made meanwhile makes
            # this entry unreachable at once.
            self.mark(response)
            entry = {**self.freeze(response), "until": boundary}
            pointer = {"token": version[0], "read_at": now}
            cache.set_many(
                {page_key(request, version[0]): entry, last_good_key(request): pointer}, timeout
            )
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
        }

    @staticmethod
    def mark(response):
        patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
        del response["Last-Modified"]  # the ETag alone (see the module docstring)
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
            # On a copy: WSGIRequest writes the decoded path back into the dict it is given,
            # and Django, on a miss, must get the environ exactly as the server built it.
            request = WSGIRequest({**environ})
            entry, _version = stored_page(request)
        except Exception:
            entry = None
        finally:
            signals.request_finished.send(sender=type(self))
        if entry is None:
            result = self.application(environ, start_response)
            if environ["REQUEST_METHOD"] != "HEAD":
                return result
            # No body, as for a hit, whatever the server does; closing ends Django's request.
            if hasattr(result, "close"):
                result.close()
            return []
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
