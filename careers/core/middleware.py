"""Middleware every public page goes through: gzip for anonymous pages only, conditional GETs
answered by the ETag alone, and the inline-style allowance a page's own CSS needs under the CSP."""

import base64
import hashlib

from django.conf import settings
from django.http import FileResponse
from django.middleware.gzip import GZipMiddleware
from django.middleware.http import ConditionalGetMiddleware
from django.utils.cache import patch_vary_headers
from django.utils.csp import CSP


class PublicGZipMiddleware(GZipMiddleware):
    """Compresses public pages, feeds and the sitemap; never a page that carries a secret.

    Compressing a page that holds a secret (a CSRF token, a session) and reflects
    what an attacker sends lets the compressed size leak the secret (BREACH). The
    public pages hold neither; the admin, private responses and responses that set
    cookies are sent uncompressed. Static files are compressed ahead by WhiteNoise.
    """

    def process_response(self, request, response):
        private = "private" in response.get("Cache-Control", "")
        if request.path.startswith("/admin/") or private or response.cookies:
            patch_vary_headers(response, ["Accept-Encoding"])
            return response
        return super().process_response(request, response)


class ETagConditionalGetMiddleware(ConditionalGetMiddleware):
    """Django's, answering 304 only when the ETag (a hash of the exact bytes) matches.

    A page is built from the database and the clock: a window closing or a news post
    expiring changes it with no write, and a feed's newest date goes back when its newest
    post expires. So no date says whether the bytes changed, and pages, feeds and sitemaps
    send no Last-Modified (an If-Modified-Since could only give a stale 304). Files (static
    and uploaded) keep theirs: their modification time is when their bytes changed.
    """

    def process_response(self, request, response):
        if not isinstance(response, FileResponse):
            del response["Last-Modified"]
        return super().process_response(request, response)


class PermissionsPolicyMiddleware:
    """Sends the Permissions-Policy header from settings.PERMISSIONS_POLICY.

    The site uses no camera, microphone, location or payment API, so every page,
    the admin included, switches them off; an injected script or a framed third
    party then cannot ask for them either.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(allowed)})"
            for feature, allowed in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response


def allow_inline_style(response, css):
    """Let this one inline stylesheet through the response's CSP, by its SHA-256 hash.

    A hash, unlike a nonce, is the same on every response with the same content, so
    the page can be cached and served again without weakening the policy.
    """
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    config = getattr(response, "_csp_config", None) or settings.SECURE_CSP
    styles = [s for s in config.get("style-src", [CSP.SELF]) if s != CSP.NONCE]
    response._csp_config = {**config, "style-src": [*styles, f"'sha256-{digest}'"]}
    return response
