"""The site's root URLs: the portal's pages, the admin, and every registered content
type's own, in the registry's order (free pages, which answer any path left, come last)."""

import nested_admin.urls
from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

from careers.core.registry import content_kinds

handler500 = "careers.core.unavailable.server_error"  # 503 while the database is down

urlpatterns = [
    path("", include("careers.portal.urls")),
    path("admin/", admin.site.urls),
    path("_nested_admin/", include(nested_admin.urls)),
]

if settings.SERVE_MEDIA:
    urlpatterns += [
        re_path(
            rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]

urlpatterns += [pattern for kind in content_kinds() for pattern in kind.urls]
