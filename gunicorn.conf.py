"""gunicorn settings for production and `make serve`; every number can come from the environment.

Sync workers: each request is a short, CPU-bound render or a cache hit, and the
database is the only I/O. Workers are recycled after GUNICORN_MAX_REQUESTS
requests so that memory stays bounded over weeks of uptime.
"""

import os

bind = os.environ.get("BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * (os.cpu_count() or 1) + 1))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# A safety net against slow leaks, not a need: `make bench` soaks the workers with
# recycling off and their memory stays flat. Loaded once in the master (preload), a
# recycled worker is a fork, ready at once, instead of a second of start-up.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
preload_app = True
max_requests_jitter = max_requests // 10
# Logs go to standard output and error, for the platform's log collector.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
# The proxy's address, whose X-Forwarded-* headers gunicorn may trust.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
