"""WSGI entry point: page-cache hits are answered before Django's handler (core.page_cache.CachedApplication)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careers.settings")
django_application = get_wsgi_application()  # sets Django up: the cache front reads models

# Cache hits are answered before Django's handler (careers.core.page_cache).
from careers.core.page_cache import CachedApplication  # noqa: E402

application = CachedApplication(django_application)
