"""For `make serve` only: the WSGI application behind what a TLS proxy would add.

Production runs behind a load balancer that terminates TLS and adds
X-Forwarded-Proto and X-Forwarded-For; the settings trust those headers (HTTPS
redirect, secure cookies, the client address for login throttling). Locally
there is no proxy, so this wrapper adds the same headers and the production
settings run unchanged. Never point a real server at it.
"""

from careers.wsgi import application as django_application


def application(environ, start_response):
    environ["HTTP_X_FORWARDED_PROTO"] = "https"
    environ["HTTP_X_FORWARDED_FOR"] = environ.get("REMOTE_ADDR", "127.0.0.1")
    return django_application(environ, start_response)
