import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careers.settings")
# Cache hits are answered before Django's handler (careers.page_cache).
from careers.page_cache import CachedApplication

application = CachedApplication(get_wsgi_application())
