"""What a request gets while the database cannot be reached: a plain 503 page, never a 500.

The page (templates/503.html) is rendered without the context processors, which read the
database, and says when to try again (Retry-After), for visitors and for staff in the admin
alike (it says plainly that saving is not possible right now). Pages in the cache are still
served, stale, by careers/core/page_cache.py; this is for everything else.

DatabaseUnavailableMiddleware answers a view's error; the page cache answers its own (the
content version it reads first); server_error (handler500) any other middleware's. The error is logged, as a warning with its message: the
503 is itself logged by Django as a server error.

Imports nothing of ours.
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.views import defaults

try:
    import psycopg
except ImportError:  # SQLite only ('.[postgres]' not installed)
    psycopg = None
    DRIVER_ERRORS = ()
else:  # raised as they are where Django does not wrap the call
    DRIVER_ERRORS = (psycopg.OperationalError, psycopg.InterfaceError)

RETRY_AFTER_SECONDS = 30
# What says "cannot be reached" rather than "this statement is wrong": PostgreSQL's classes
# 08 (connection exception) and 57P (shut down, starting up); SQLite's file errors and a
# lock held past the timeout.
POSTGRES_STATES = ("08", "57P")
SQLITE_ERRORS = ("SQLITE_CANTOPEN", "SQLITE_IOERR", "SQLITE_BUSY")


def is_unavailable(error):
    """Whether error says the database cannot be reached (or answer) now, as opposed to a
    statement it refused: a missing table after a bad deploy stays a 500, and is not hidden
    behind "try again"."""
    if not isinstance(error, (OperationalError, InterfaceError, *DRIVER_ERRORS)):
        return False
    if isinstance(error, InterfaceError) or (psycopg and isinstance(error, psycopg.InterfaceError)):
        return True  # a connection closed or broken
    cause = error.__cause__ or error  # Django raises its own from the driver's
    if psycopg and isinstance(cause, psycopg.Error):
        # No state: the client's own (refused, closed, lost); a server's always has one.
        return cause.sqlstate is None or cause.sqlstate.startswith(POSTGRES_STATES)
    name = getattr(cause, "sqlite_errorname", None)
    return name is None or name.startswith(SQLITE_ERRORS)


logger = logging.getLogger(__name__)


def unavailable_response(request, error):
    logger.warning(
        "データベースに接続できないため 503 を返します（%s）: %s: %s",
        request.path,
        type(error).__name__,
        error,
    )
    # No request, so no context processors: they read the database.
    content = loader.render_to_string("503.html")
    response = HttpResponse(content, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """A view that fails because the database cannot be reached answers 503, not 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_unavailable(exception):
            return unavailable_response(request, exception)
        return None


def server_error(request, template_name=defaults.ERROR_500_TEMPLATE_NAME):
    """handler500: Django's, but 503 for an error of a database that cannot be reached
    raised outside a view (a middleware's: a session saved, say)."""
    error = sys.exc_info()[1]
    if error is not None and is_unavailable(error):
        return unavailable_response(request, error)
    return defaults.server_error(request, template_name)
