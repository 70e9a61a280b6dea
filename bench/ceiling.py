"""The ceiling row of `make bench`: a bare WSGI app that serves one page's bytes.

Run under the same gunicorn, configuration and worker count as the site, it
measures what the server and the machine can do at all; every other row is
given as a share of it.
"""

import os
from pathlib import Path

BODY = Path(os.environ["CEILING_BODY"]).read_bytes()
HEADERS = [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(BODY)))]


def application(environ, start_response):
    start_response("200 OK", HEADERS)
    return [BODY]
