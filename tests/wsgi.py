"""Requests through the production WSGI entry (careers.wsgi), as gunicorn makes them."""

import io

from django.core import signals
from django.db import close_old_connections
from django.test.client import RequestFactory


class ServerEnviron(RequestFactory):
    """The environ a server builds (PATH_INFO is the path's bytes read as ISO-8859-1), as
    Django's test client builds it: not a WSGIRequest's, which writes the decoded path back
    into its dict."""

    def request(self, **request):
        return self._base_environ(**request)


def wsgi_request(path, method="GET", **headers):
    """{"status", "headers", "body"} of one request through careers.wsgi.application."""
    from careers.wsgi import application

    environ = ServerEnviron().generic(method, path, **headers)
    environ["wsgi.input"] = io.BytesIO(b"")
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer["status"], answer["headers"] = status, dict(headers)

    # As Django's test client does: the test's connection (in its transaction) must not be
    # closed by the end-of-request signal.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        result = application(environ, start_response)
        try:
            answer["body"] = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
    return answer


def wsgi_get(path, **headers):
    return wsgi_request(path, "GET", **headers)
