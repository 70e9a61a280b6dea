from django.conf import settings
from django.middleware.gzip import GZipMiddleware
from django.utils.cache import patch_vary_headers


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
