"""A database that cannot be reached: pages in the cache are served stale (for a while, and
never past their next scheduled moment), everything else answers a Japanese 503 with
Retry-After, and pages are exact again on the first request after it answers
(careers/core/page_cache.py, careers/core/unavailable.py).

On SQLite the connection is pointed at a file that cannot be opened (the real driver
error, wrapped as Django wraps it). On PostgreSQL the server itself is stopped and started
again (the one scripts/with-postgres runs, found through its data directory); skipped
where the test cannot control it.
"""

import datetime
import os
import pwd
import shlex
import sqlite3
import subprocess
from contextlib import contextmanager
from pathlib import Path

import pytest
import time_machine
from django.core.cache import caches
from django.db import OperationalError, close_old_connections, connection, connections
from django.utils import timezone

import careers.core.page_cache
from careers.core.unavailable import is_unavailable, server_error
from tests.factories import make_article
from tests.wsgi import wsgi_get

ARTICLES = "/interviews/"


@pytest.fixture(autouse=True)
def _empty_cache(monkeypatch):
    monkeypatch.setattr(careers.core.page_cache, "_last_read", None)  # a process of its own
    caches["default"].clear()
    yield
    caches["default"].clear()


def assert_unavailable(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    assert '<html lang="ja">' in html and "データベースに接続できない" in html
    assert "管理画面での保存も、いまはできません" in html


def assert_stale(response, fresh):
    assert response.status_code == 200
    assert response["X-Cache"] == "STALE"
    assert response.content == fresh.content
    assert (
        response["Cache-Control"] == fresh["Cache-Control"] == "public, max-age=0, must-revalidate"
    )
    assert response["ETag"] == fresh["ETag"]


# --- SQLite: a database file that cannot be opened -------------------------------------

sqlite_only = pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "sqlite").split(":")[0] != "sqlite",
    reason="SQLite の接続を開けなくする試験（PostgreSQL では下の試験がサーバーを止めます）",
)


@contextmanager
def sqlite_unreachable(monkeypatch, tmp_path):
    """Every new query fails as SQLite fails on a file it cannot open."""

    def connect():
        with connection.wrap_database_errors:
            sqlite3.connect(tmp_path / "missing" / "db.sqlite3")

    with monkeypatch.context() as patch:
        patch.setattr(connections["default"], "ensure_connection", connect)
        yield


@sqlite_only
@pytest.mark.django_db
def test_a_cached_page_is_served_stale_and_the_rest_answers_503(
    client, editor_client, monkeypatch, tmp_path
):
    article = make_article("止まっても読める記事", people=1, answers=1)
    fresh = client.get(article.get_absolute_url())
    with sqlite_unreachable(monkeypatch, tmp_path):
        assert_stale(client.get(article.get_absolute_url()), fresh)
        hit = wsgi_get(article.get_absolute_url())  # the production entry
        assert hit["status"] == "200 OK" and hit["headers"]["X-Cache"] == "STALE"
        assert hit["body"] == fresh.content
        assert_unavailable(client.get(ARTICLES))  # never stored
        assert wsgi_get(ARTICLES)["status"].startswith("503")
        assert client.get("/healthz").status_code == 503
        assert_unavailable(editor_client.get("/admin/"))
        change = f"/admin/interviews/article/{article.pk}/change/"
        assert_unavailable(editor_client.post(change, {"title": "保存できない題"}))


@sqlite_only
@pytest.mark.django_db
def test_a_stale_page_is_never_served_past_its_next_scheduled_moment(client, monkeypatch, tmp_path):
    at = timezone.now() + datetime.timedelta(seconds=30)
    make_article("今ある記事")
    make_article("予約の記事", published_at=at)
    fresh = client.get(ARTICLES)
    with sqlite_unreachable(monkeypatch, tmp_path):
        with time_machine.travel(at - datetime.timedelta(seconds=1), tick=False):
            assert_stale(client.get(ARTICLES), fresh)
        with time_machine.travel(at, tick=False):
            assert_unavailable(client.get(ARTICLES))


@sqlite_only
@pytest.mark.django_db
def test_a_stale_page_is_served_for_page_cache_stale_seconds_at_most(
    client, settings, monkeypatch, tmp_path
):
    settings.PAGE_CACHE_STALE_SECONDS = 120
    make_article("記事")
    fresh = client.get(ARTICLES)
    with sqlite_unreachable(monkeypatch, tmp_path):
        with time_machine.travel(timezone.now() + datetime.timedelta(seconds=110)):
            assert_stale(client.get(ARTICLES), fresh)
        with time_machine.travel(timezone.now() + datetime.timedelta(seconds=130)):
            assert_unavailable(client.get(ARTICLES))


@sqlite_only
@pytest.mark.django_db
def test_a_page_seen_current_since_it_was_stored_is_stale_from_that_moment(
    client, settings, monkeypatch, tmp_path
):
    settings.PAGE_CACHE_STALE_SECONDS = 120
    make_article("記事")
    fresh = client.get(ARTICLES)
    later = timezone.now() + datetime.timedelta(seconds=100)
    with time_machine.travel(later, tick=False):
        client.get("/")  # the same content token, read 100 s after the page was stored
    with sqlite_unreachable(monkeypatch, tmp_path):
        with time_machine.travel(later + datetime.timedelta(seconds=110), tick=False):
            assert_stale(client.get(ARTICLES), fresh)


@sqlite_only
@pytest.mark.django_db
def test_a_page_known_to_have_changed_is_not_served_stale(client, monkeypatch, tmp_path):
    article = make_article("元の題")
    client.get(ARTICLES)
    article.title = "直した題"
    article.save()
    client.get("/")  # this process has read the new token: the stored list is out of date
    with sqlite_unreachable(monkeypatch, tmp_path):
        assert_unavailable(client.get(ARTICLES))


@sqlite_only
@pytest.mark.django_db
def test_only_a_database_that_cannot_be_reached_is_unavailable():
    with connection.cursor() as cursor:
        with pytest.raises(OperationalError) as missing_table:
            cursor.execute("SELECT * FROM no_such_table")
    assert not is_unavailable(missing_table.value)  # a bug stays a 500
    assert not is_unavailable(ValueError())


@sqlite_only
@pytest.mark.django_db
def test_a_middleware_that_cannot_reach_the_database_answers_503_too(rf, tmp_path):
    """Django's handler500 is called inside the except block of an error raised outside a
    view; the view's own are answered by DatabaseUnavailableMiddleware."""
    try:
        with connection.wrap_database_errors:
            sqlite3.connect(tmp_path / "missing" / "db.sqlite3")
    except OperationalError:
        assert_unavailable(server_error(rf.get("/")))
    try:
        raise ValueError("a bug")
    except ValueError:
        assert server_error(rf.get("/")).status_code == 500


# --- PostgreSQL: the server stopped and started again ----------------------------------


class PostgresServer:
    """The server the test database is on, stopped and started with its own options (those
    postmaster.opts recorded), as the user that owns its data directory."""

    def __init__(self, data):
        self.data = Path(data)
        command = shlex.split((self.data / "postmaster.opts").read_text())
        self.pg_ctl = str(Path(command[0]).with_name("pg_ctl"))
        options = command[1:]
        at = options.index("-D")
        self.options = shlex.join(options[:at] + options[at + 2 :])
        owner = self.data.stat().st_uid
        self.run_as = []
        if os.geteuid() != owner:
            self.run_as = ["runuser", "-u", pwd.getpwuid(owner).pw_name, "--"]

    @classmethod
    def of_test_database(cls):
        """The server, or None where this test cannot stop and start it."""
        if connection.vendor != "postgresql" or connection.settings_dict["HOST"] not in (
            "127.0.0.1",
            "localhost",
        ):
            return None
        with connection.cursor() as cursor:
            cursor.execute("SHOW data_directory")
            (data,) = cursor.fetchone()
        try:
            server = cls(data)
        except OSError:  # not on this machine, or not ours to read
            return None
        if server.run_as and os.geteuid() != 0:
            return None
        return server

    def pg_ctl_(self, *arguments):
        subprocess.run([*self.run_as, self.pg_ctl, "-D", str(self.data), *arguments], check=True)

    def stop(self):
        self.pg_ctl_("-m", "fast", "-w", "stop")

    def start(self):
        log = self.data.parent / "server.log"
        self.pg_ctl_("-w", "-l", str(log), "-o", self.options, "start")

    def running(self):
        status = [*self.run_as, self.pg_ctl, "-D", str(self.data), "status"]
        return subprocess.run(status, capture_output=True).returncode == 0


@pytest.fixture
def postgres(transactional_db):
    server = PostgresServer.of_test_database()
    if server is None:
        pytest.skip("PostgreSQL のサーバーを止めて起動し直せる環境でのみ（scripts/with-postgres）")
    yield server
    if not server.running():
        server.start()
    connection.close()  # the one it had died with the server


def test_with_postgresql_stopped_cached_pages_are_stale_the_rest_503_and_exact_on_return(
    client, editor_client, postgres
):
    article = make_article("止まっても読める記事", people=1, answers=1)
    fresh = client.get(article.get_absolute_url())
    fresh_gzip = client.get(article.get_absolute_url(), headers={"accept-encoding": "gzip"})
    assert fresh.status_code == fresh_gzip.status_code == 200

    postgres.stop()
    try:
        for _ in range(2):  # the connection it had, then a new one refused
            assert_stale(client.get(article.get_absolute_url()), fresh)
            close_old_connections()  # as each request of the server does
        gzip = client.get(article.get_absolute_url(), headers={"accept-encoding": "gzip"})
        assert_stale(gzip, fresh_gzip)
        hit = wsgi_get(article.get_absolute_url())  # the production entry
        assert hit["status"] == "200 OK" and hit["headers"]["X-Cache"] == "STALE"
        assert hit["body"] == fresh.content
        assert_unavailable(client.get(ARTICLES))
        assert wsgi_get(ARTICLES)["status"].startswith("503")
        assert client.get("/healthz").status_code == 503
        assert_unavailable(editor_client.get("/admin/"))
        change = f"/admin/interviews/article/{article.pk}/change/"
        assert_unavailable(editor_client.post(change, {"title": "保存できない題"}))
    finally:
        postgres.start()

    close_old_connections()  # the first request after it returns
    article.title = "戻ってから直した題"
    article.save()
    again = client.get(article.get_absolute_url())
    assert again.status_code == 200 and not again.has_header("X-Cache")
    assert "戻ってから直した題" in again.content.decode()
    assert client.get(ARTICLES).status_code == 200
    assert client.get("/healthz").status_code == 200
