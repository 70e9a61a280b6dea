"""Django's Redis cache backend, where a cache that fails is a miss, never an error page.

settings.CACHES uses it whenever CACHE_URL is redis:// (or rediss://), so the page cache,
the kept renderings and anything else that asks django.core.cache go through it without
knowing. A backend rather than a wrapper module: no caller can forget it.

Any error of Redis (down, refusing connections, timing out, out of memory, read-only) is
answered as a miss: get() finds nothing, set() stores nothing, and the page is rendered
from the database. After an error this process leaves Redis alone for PAUSE_SECONDS, so a
hung Redis costs each process one timeout (CACHES' socket_timeout) that often rather than
one per cache call; then the next call asks again, and the cache is back as soon as it
answers, without a restart. A warning is logged at most once a minute per process, and
one line when Redis answers again.

delete(), delete_many(), incr() and clear() still raise: whoever wants an entry gone or
counted must know that it was not.

Imports nothing of ours.
"""

import logging
import threading
import time

from django.core.cache.backends import redis as django_redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

PAUSE_SECONDS = 2
WARN_EVERY_SECONDS = 60


class _Outage:
    """This process's view of Redis, shared by every thread's backend instance."""

    def __init__(self):
        self.lock = threading.Lock()
        self.paused_until = 0.0  # time.monotonic()
        self.since = None  # the first error since Redis last answered
        self.warned_at = None
        self.errors = 0  # since the last warning
        self.reported = False  # a warning was logged since Redis last answered

    def paused(self):
        return time.monotonic() < self.paused_until

    def failed(self, error):
        now = time.monotonic()
        with self.lock:
            self.paused_until = now + PAUSE_SECONDS
            self.since = self.since or now
            self.errors += 1
            if self.warned_at is not None and now - self.warned_at < WARN_EVERY_SECONDS:
                return
            self.warned_at, errors, self.errors, self.reported = now, self.errors, 0, True
        logger.warning(
            "キャッシュ（Redis）が使えないため、データベースから描画します（前回の記録から %d 回）: %s: %s",
            errors,
            type(error).__name__,
            error,
        )

    def answered(self):
        if self.since is None:
            return
        with self.lock:
            since, reported, self.since, self.reported = self.since, self.reported, None, False
        if since is not None and reported:
            logger.info(
                "キャッシュ（Redis）が %.0f 秒ぶりに応答しました。", time.monotonic() - since
            )


outage = _Outage()


class RedisCache(django_redis.RedisCache):
    """Django's, with each read and write answering a miss when Redis fails."""

    def _or_miss(self, miss, call, *args):
        if outage.paused():
            return miss
        try:
            result = call(*args)
        except RedisError as error:
            outage.failed(error)
            return miss
        outage.answered()
        return result

    def get(self, key, default=None, version=None):
        return self._or_miss(default, super().get, key, default, version)

    def get_many(self, keys, version=None):
        return self._or_miss({}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._or_miss(False, super().has_key, key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._or_miss(False, super().add, key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._or_miss(None, super().set, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        # Django's answer for keys it could not store: all of them.
        return self._or_miss(list(data), super().set_many, data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._or_miss(False, super().touch, key, timeout, version)
