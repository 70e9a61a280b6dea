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
- Only what is the same for everyone is cached: GET or HEAD from a visitor who is
  not logged in, status 200, no cookie set, not private. Previews and share links
  are private (never cached); so is anything for a logged-in user.

Responses carry an ETag and Last-Modified (ConditionalGetMiddleware answers 304)
and `Cache-Control: public, max-age=0, must-revalidate`: a CDN or browser may keep
a copy but must ask again each time, because a publish could not purge it.
"""

import hashlib
import uuid

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Min, Q
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import http_date

KEY = "public"
# A second version, of the names items share (job categories, departments, routes, tags):
# what an item's kept parts depend on besides the item itself.
TAXONOMY_KEY = "taxonomy"
# Not worth a cache (static, cheap or never the same for everyone).
EXEMPT_PATHS = ("/admin/", "/_nested_admin/", "/static/", "/media/", "/healthz", "/robots.txt")


def content_changed(key=KEY):
    """Call after writing public content without model signals (bulk_create, update).

    The new token is written in the caller's transaction, so it becomes visible to
    other processes at the same moment as the change. One UPDATE of one row, at
    every change: a page rendered between two changes of one transaction must not
    outlive the second.
    """
    from .models import ContentVersion

    values = {"token": uuid.uuid4().hex, "changed_at": timezone.now()}
    if ContentVersion.objects.filter(key=key).update(**values):
        return
    try:
        with transaction.atomic():  # two processes may both find no row at the very start
            ContentVersion.objects.create(key=key, **values)
    except IntegrityError:
        ContentVersion.objects.filter(key=key).update(**values)


def current_version(key=KEY):
    """(token, changed_at) of the content the public sees now (or of the shared names)."""
    from .models import ContentVersion

    version = ContentVersion.objects.filter(key=key).values_list("token", "changed_at").first()
    if version is None:
        content_changed(key)
        return current_version(key)
    return version


def next_boundary(now):
    """The next moment any published item goes live or expires (None if none is scheduled)."""
    from .publishing import Publishable, Status

    moments = []
    for model in apps.get_models():
        if issubclass(model, Publishable):
            found = model._default_manager.filter(status=Status.PUBLISHED).aggregate(
                goes_live=Min("published_at", filter=Q(published_at__gt=now)),
                expires=Min("expires_at", filter=Q(expires_at__gt=now)),
            )
            moments += [m for m in found.values() if m is not None]
    return min(moments) if moments else None


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
    from django.db.models.signals import m2m_changed, post_delete, post_save

    post_save.connect(on_change, dispatch_uid="page_cache_save")
    post_delete.connect(on_change, dispatch_uid="page_cache_delete")
    m2m_changed.connect(_on_m2m_change, dispatch_uid="page_cache_m2m")


def _on_m2m_change(sender, instance, action, **kwargs):
    if action.startswith("post_") and is_public_content(type(instance)):
        content_changed()


class PageCacheMiddleware:
    """Serves anonymous GETs of public pages from the cache (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.cacheable_request(request):
            return self.get_response(request)
        now = timezone.now()
        token, changed_at = current_version()
        address = hashlib.sha256(f"{request.get_host()}{request.get_full_path()}".encode())
        key = f"page:{token}:{address.hexdigest()}"
        entry = cache.get(key)
        # The boundary is checked here, on this server's clock, not left to the cache's
        # expiry: that is whole seconds, and Redis keeps its own clock.
        if entry is not None and (entry["until"] is None or now < entry["until"]):
            return self.mark(self.rebuild(entry), changed_at)
        boundary = next_boundary(now)
        response = self.get_response(request)
        if self.cacheable_response(request, response):
            timeout = settings.PAGE_CACHE_SECONDS
            if boundary is not None:
                timeout = min(timeout, int((boundary - now).total_seconds()) + 1)
            cache.set(key, {**self.freeze(response), "until": boundary}, timeout)
            self.mark(response, changed_at)
        return response

    @staticmethod
    def cacheable_request(request):
        if not settings.PAGE_CACHE_SECONDS or request.method not in ("GET", "HEAD"):
            return False
        if request.path.startswith(EXEMPT_PATHS):
            return False
        # A visitor without a session is anonymous; only a session cookie needs a look.
        if settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_authenticated:
            return False
        return True

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
        )

    @staticmethod
    def freeze(response):
        headers = {k: v for k, v in response.items() if k.lower() not in ("content-length",)}
        return {
            "content": response.content,
            "status": response.status_code,
            "headers": headers,
            "csp": getattr(response, "_csp_config", None),
        }

    @staticmethod
    def rebuild(entry):
        response = HttpResponse(entry["content"], status=entry["status"], headers=entry["headers"])
        if entry["csp"] is not None:
            response._csp_config = entry["csp"]
        return response

    @staticmethod
    def mark(response, changed_at):
        patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
        if not response.has_header("Last-Modified"):
            response["Last-Modified"] = http_date(changed_at.timestamp())
        return response
