"""The site's URLs plus uploaded media, for browser tests (DEBUG is off under test)."""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from careers.urls import urlpatterns as site_patterns


def media(request, path):
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [*site_patterns, re_path(r"^media/(?P<path>.*)$", media)]
