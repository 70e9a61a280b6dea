"""WSGI entry point: page-cache hits are answered before Django's handler (core.page_cache.CachedApplication)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careers.settings")
# Cache hits are answered before Django's handler (careers.core.page_cache).
from careers.core.page_cache import CachedApplication

application = CachedApplication(get_wsgi_application())
