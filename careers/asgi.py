"""ASGI entry point of the project (the site runs under WSGI in production: careers/wsgi.py)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careers.settings")
application = get_asgi_application()
