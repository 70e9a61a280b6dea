from django.conf import settings


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
