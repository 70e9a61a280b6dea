"""A cache that fails is a miss: pages come from the database while Redis is down, full
or hung, and from the cache again as soon as it answers (careers/core/cache.py).

Each test starts its own redis-server (it stops and hangs it), so these run wherever one
is installed (scripts/system-deps installs it for `make test`); skipped where none is.
"""

import logging
import shutil
import signal
import socket
import subprocess
import time

import pytest
import redis

import careers.core.cache
from tests.factories import make_article
from tests.wsgi import wsgi_get

REDIS_SERVER = shutil.which("redis-server")

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.redis,
    pytest.mark.skipif(
        REDIS_SERVER is None, reason="redis-server がありません（scripts/system-deps で入ります）"
    ),
]


class RedisServer:
    """A throwaway redis-server on a port of its own, which a test may stop, hang and start
    again on the same port."""

    def __init__(self, folder, *options):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.folder, self.options, self.process = folder, options, None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/1"

    def client(self):
        return redis.Redis(port=self.port, db=1)

    def start(self):
        command = [REDIS_SERVER, *f"--port {self.port} --bind 127.0.0.1 --appendonly no".split()]
        command += ["--dir", self.folder, "--save", "", *self.options]  # nothing on disk
        self.process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        for _ in range(200):
            try:
                self.client().ping()
                return
            except redis.ConnectionError:
                time.sleep(0.01)
        raise RuntimeError(f"redis-server did not start on port {self.port}")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)  # if a test hung it
            self.process.kill()
            self.process.wait()

    def entries(self):
        return self.client().dbsize()


def use(settings, server, timeout=0.5):
    """The cache settings.py makes of CACHE_URL=redis://… (test_a_redis_cache_url_…)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "careers.core.cache.RedisCache",
            "LOCATION": server.url,
            "OPTIONS": {"socket_connect_timeout": timeout, "socket_timeout": timeout},
        }
    }


@pytest.fixture
def server(tmp_path, settings, monkeypatch):
    # A process of its own: no warning sent or pause begun by another test.
    monkeypatch.setattr(careers.core.cache, "outage", careers.core.cache._Outage())
    monkeypatch.setattr(careers.core.cache, "PAUSE_SECONDS", 0)
    server = RedisServer(str(tmp_path))
    server.start()
    use(settings, server)
    yield server
    server.stop()


def test_pages_come_from_the_database_while_redis_is_down_and_from_it_again_when_it_returns(
    client, server, django_assert_max_num_queries
):
    article = make_article("止まっても読める記事", people=1, answers=1)
    pages = ["/", "/interviews/", article.get_absolute_url()]
    for url in pages:
        assert client.get(url).status_code == 200
    assert server.entries() > 0  # pages and kept renderings

    server.stop()
    for url in pages:
        for response in (client.get(url), client.get(url, headers={"accept-encoding": "gzip"})):
            assert response.status_code == 200, url
        answer = wsgi_get(url)  # the production entry, which reads the cache first
        assert answer["status"] == "200 OK", url
        assert "止まっても読める記事" in answer["body"].decode()
    article.title = "止まっている間に直した題"
    article.save()
    assert "止まっている間に直した題" in client.get(article.get_absolute_url()).content.decode()

    server.start()  # empty, on the same port; no restart of ours
    assert server.entries() == 0
    client.get(article.get_absolute_url())
    assert server.entries() > 0
    with django_assert_max_num_queries(1):  # the content version: a hit
        hit = client.get(article.get_absolute_url())
    assert "止まっている間に直した題" in hit.content.decode()


def test_a_full_redis_is_a_miss_too(client, tmp_path, settings, monkeypatch, caplog):
    monkeypatch.setattr(careers.core.cache, "outage", careers.core.cache._Outage())
    full = RedisServer(str(tmp_path), "--maxmemory-policy", "noeviction")
    full.start()
    try:
        full.client().config_set("maxmemory", 1)  # full already: every write is refused
        use(settings, full)
        article = make_article("満杯でも読める記事", people=1)
        for _ in range(2):
            response = client.get(article.get_absolute_url())
            assert response.status_code == 200
            assert "満杯でも読める記事" in response.content.decode()
        assert full.entries() == 0
        assert "OutOfMemoryError" in caplog.text
    finally:
        full.stop()


def test_an_outage_is_logged_once_a_minute_with_its_error(client, server, caplog):
    make_article("記事")
    caplog.set_level(logging.INFO, logger="careers.core.cache")
    server.stop()
    for _ in range(20):
        assert client.get("/interviews/").status_code == 200
    (warning,) = caplog.records
    assert warning.levelname == "WARNING" and "Connection refused" in warning.getMessage()

    caplog.clear()
    server.start()
    client.get("/interviews/")
    server.stop()  # down again, within the minute: counted, not logged
    client.get("/interviews/")
    (recovered,) = caplog.records
    assert recovered.levelname == "INFO" and "応答しました" in recovered.getMessage()

    caplog.clear()
    careers.core.cache.outage.warned_at -= 61  # a minute later
    client.get("/interviews/")
    (again,) = caplog.records
    assert "前回の記録から" in again.getMessage() and "Connection refused" in again.getMessage()


def test_a_hung_redis_holds_a_request_for_one_timeout_a_pause_at_most(
    client, server, settings, monkeypatch
):
    """SIGSTOP: Redis takes connections and never answers, the worst case for a worker."""
    monkeypatch.setattr(careers.core.cache, "PAUSE_SECONDS", 60)
    use(settings, server, timeout=0.3)
    make_article("記事", people=1)
    urls = ["/", "/interviews/", "/faq/", "/routes/", "/events/", "/news/"]
    for url in urls:
        client.get(url)  # connected and stored
    server.process.send_signal(signal.SIGSTOP)
    started = time.monotonic()
    for url in urls * 3:
        assert client.get(url).status_code == 200
    # Each page asks the cache several times; without the pause that is 0.3 s each.
    assert time.monotonic() - started < 0.3 + 2
