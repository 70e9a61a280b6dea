"""Anonymous pages come from the cache, and no change is ever one request late.

Runs on the configured cache: locmem in the main pass, a real Redis server in the
pass `make test` runs under scripts/with-redis.
"""

import datetime
import re
from io import StringIO

import pytest
import time_machine
from django.core.cache import caches
from django.core.management import call_command
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from careers.core.page_cache import PageCacheMiddleware
from interviews.models import Article
from tests.factories import make_article
from tests.forms import form_data
from tests.wsgi import wsgi_get

pytestmark = pytest.mark.django_db

LIST = reverse("interviews:article-list")


@pytest.fixture(autouse=True)
def _empty_cache():
    caches["default"].clear()
    yield
    caches["default"].clear()


def titles(client, url=LIST):
    """The titles of the article cards, read from the HTML (a cached page has no context)."""
    html = client.get(url).content.decode()
    return re.findall(r'class="card__title"><a [^>]*>([^<]+)</a>', html)


def test_a_second_visit_is_served_from_the_cache_with_one_query(
    client, django_assert_max_num_queries
):
    article = make_article("キャッシュの記事", people=2, entries=3, answers=2)
    first = client.get(article.get_absolute_url())
    with django_assert_max_num_queries(1):  # the content version, nothing else
        second = client.get(article.get_absolute_url())
    assert second.status_code == 200
    assert second.content == first.content
    # A hit skips the middleware that adds the security headers; it must carry them all.
    for header in (
        "Content-Security-Policy",
        "X-Frame-Options",
        "Permissions-Policy",
        "Referrer-Policy",
        "X-Content-Type-Options",
        "Cross-Origin-Opener-Policy",
        "ETag",
    ):
        assert second[header] == first[header], header
    assert "sha256-" in second["Content-Security-Policy"]  # the glance's inline style


def test_a_visitor_with_a_session_cookie_is_served_fresh_and_nothing_is_stored(
    client, editor_user, django_assert_max_num_queries
):
    article = make_article("ログイン中の記事")
    staff = Client()
    staff.force_login(editor_user)
    staff.get(article.get_absolute_url())
    staff.get(article.get_absolute_url())  # neither stored nor served from the cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as staff_visit:
        staff.get(article.get_absolute_url())
    assert len(staff_visit.captured_queries) > 1
    with CaptureQueriesContext(connection) as first_anonymous:
        client.get(article.get_absolute_url())
    assert len(first_anonymous.captured_queries) > 1  # rendered: the staff visits stored nothing
    with django_assert_max_num_queries(1):
        client.get(article.get_absolute_url())


def test_every_kind_of_change_shows_on_the_very_next_request(client, publisher_user):
    article = make_article("元の題")
    url = article.get_absolute_url()
    assert "元の題" in client.get(url).content.decode()

    article.title = "保存した題"
    article.save()
    assert "保存した題" in client.get(url).content.decode()

    article.unpublish(by=publisher_user)
    assert client.get(url).status_code == 404
    article.publish(by=publisher_user)
    assert client.get(url).status_code == 200
    article.delete()
    assert client.get(url).status_code == 404


def test_an_admin_save_shows_on_the_next_anonymous_request(client, publisher_user):
    article = make_article("管理画面の前", people=1)
    public = Client()
    assert "管理画面の前" in public.get(article.get_absolute_url()).content.decode()
    client.force_login(publisher_user)
    url = reverse("admin:interviews_article_change", args=[article.pk])
    data = form_data(client.get(url).content.decode())
    data["title"] = "管理画面の後"
    assert client.post(url, data).status_code == 302
    assert "管理画面の後" in public.get(article.get_absolute_url()).content.decode()


def test_a_tag_added_in_a_many_to_many_change_shows_at_once(client):
    from tests.factories import make_tag

    article = make_article("タグの記事")
    assert "新しいタグ" not in client.get(article.get_absolute_url()).content.decode()
    article.tags.add(make_tag("新しいタグ"))
    assert "新しいタグ" in client.get(article.get_absolute_url()).content.decode()


def test_an_import_shows_on_the_next_request(client, tmp_path):
    call_command("load_demo", stdout=StringIO())
    before = titles(client)
    exported = tmp_path / "out"
    call_command("export_interviews", str(exported), stdout=StringIO())
    path = exported / "digital-service-two-days.yaml"
    text = path.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title: "))
    path.write_text(text.replace(title, "title: 取り込みで変えた題"), encoding="utf-8")
    call_command("import_interviews", str(path), "--update", stdout=StringIO())
    after = titles(client)
    assert "取り込みで変えた題" in after and after != before


def test_a_scheduled_article_appears_at_its_time_through_the_cache(client):
    at = timezone.now() + datetime.timedelta(minutes=5)
    make_article("今ある記事")
    make_article("予約の記事", published_at=at)
    with time_machine.travel(at - datetime.timedelta(seconds=2), tick=False):
        assert titles(client) == ["今ある記事"]
        assert titles(client) == ["今ある記事"]  # from the cache
    with time_machine.travel(at, tick=False):
        assert titles(client) == ["予約の記事", "今ある記事"]


def test_an_expiring_article_disappears_at_its_time_through_the_cache(client):
    at = timezone.now() + datetime.timedelta(minutes=5)
    article = make_article("期限の記事", expires_at=at)
    with time_machine.travel(at - datetime.timedelta(seconds=2), tick=False):
        assert client.get(article.get_absolute_url()).status_code == 200
    with time_machine.travel(at, tick=False):
        assert client.get(article.get_absolute_url()).status_code == 404


def test_two_processes_with_their_own_caches_never_serve_a_page_known_to_be_stale(client):
    """Each gunicorn worker with the default cache has a cache of its own; the content
    version lives in the database, which they share."""
    article = make_article("元の題")
    url = article.get_absolute_url()
    worker_a = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "a"}
    }
    worker_b = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "b"}
    }
    with override_settings(CACHES=worker_a):
        assert "元の題" in client.get(url).content.decode()
    with override_settings(CACHES=worker_b):
        assert "元の題" in client.get(url).content.decode()
        Article.objects.filter(pk=article.pk).update(title="更新した題")  # no signal here…
        from careers.core.freshness import changed

        changed()  # …so the writer says so, as the importer does
    with override_settings(CACHES=worker_a):
        assert "更新した題" in client.get(url).content.decode()


def test_logged_in_users_previews_and_share_links_are_never_cached(client, editor_user):
    from interviews.models import ShareLink

    draft = make_article("下書き", status=Article.Status.DRAFT)
    live = make_article("公開記事")
    client.force_login(editor_user)
    staff_view = client.get(live.get_absolute_url())
    assert "public" not in staff_view.get("Cache-Control", "")
    preview = client.get(draft.get_preview_url())
    assert "no-store" in preview["Cache-Control"]
    shared = Client().get(ShareLink.objects.create(article=draft).get_absolute_url())
    assert "no-store" in shared["Cache-Control"]
    # An anonymous visitor never gets what the editor saw.
    anonymous = Client().get(live.get_absolute_url())
    assert "プレビュー" not in anonymous.content.decode()


def test_responses_that_set_a_cookie_or_are_private_are_not_stored():
    cookie = HttpResponse("x")
    cookie.set_cookie("c", "1")
    private = HttpResponse("x")
    private["Cache-Control"] = "private"
    assert not PageCacheMiddleware.cacheable_response(None, cookie)
    assert not PageCacheMiddleware.cacheable_response(None, private)
    assert not PageCacheMiddleware.cacheable_response(None, HttpResponse("x", status=404))
    assert PageCacheMiddleware.cacheable_response(None, HttpResponse("x"))


@pytest.mark.parametrize(
    "url", ["/", LIST, f"{LIST}?tag=x", "/interviews/feed/", "/sitemap.xml", "/careers/ict/"]
)
def test_pages_and_feeds_answer_a_conditional_get_with_304(client, url):
    from tests.factories import make_category

    make_article("記事", category=make_category("ICT職", slug="ict"))
    first = client.get(url)
    assert first.status_code == 200
    assert first["Cache-Control"] == "public, max-age=0, must-revalidate"
    assert first.has_header("ETag") and not first.has_header("Last-Modified")
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""


def test_a_page_changed_by_the_clock_is_never_answered_304_after_its_moment(client):
    """No date says whether a page changed (a scheduled moment writes nothing): the ETag,
    a hash of the bytes, alone decides, on a hit and on a miss alike."""
    at = timezone.now() + datetime.timedelta(minutes=5)
    make_article("今ある記事")
    make_article("予約の記事", published_at=at)
    with time_machine.travel(at - datetime.timedelta(seconds=2), tick=False):
        before = client.get(LIST)
        assert client.get(LIST, HTTP_IF_NONE_MATCH=before["ETag"]).status_code == 304  # a hit
    with time_machine.travel(at, tick=False):
        far_future = "Fri, 01 Jan 2100 00:00:00 GMT"
        since = client.get(LIST, HTTP_IF_MODIFIED_SINCE=far_future)
        assert since.status_code == 200 and "予約の記事" in since.content.decode()
        old = client.get(LIST, HTTP_IF_NONE_MATCH=before["ETag"])
        assert old.status_code == 200 and "予約の記事" in old.content.decode()
        assert old["ETag"] != before["ETag"]
        assert client.get(LIST, HTTP_IF_NONE_MATCH=old["ETag"]).status_code == 304
        # From the cache now, and still no date to be fooled by.
        assert client.get(LIST, HTTP_IF_MODIFIED_SINCE=far_future).status_code == 200


def test_feeds_and_sitemaps_send_no_last_modified_that_could_go_back(client, no_page_cache):
    make_article("記事")
    sections = re.findall(r"/sitemap-[\w-]+\.xml", client.get("/sitemap.xml").content.decode())
    assert sections
    for url in ["/interviews/feed/", "/news/feed/", "/sitemap.xml", *sections]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.has_header("ETag") and not response.has_header("Last-Modified"), url
        far_future = "Fri, 01 Jan 2100 00:00:00 GMT"
        assert client.get(url, HTTP_IF_MODIFIED_SINCE=far_future).status_code == 200, url


def test_the_wsgi_entry_answers_hits_as_django_would_and_misses_through_django(
    client, publisher_user
):
    article = make_article("WSGIの記事")
    rendered = client.get(article.get_absolute_url())  # stored
    hit = wsgi_get(article.get_absolute_url())
    assert hit["status"] == "200 OK"
    assert hit["body"] == rendered.content
    for header in ("Content-Security-Policy", "X-Frame-Options", "ETag", "Cache-Control"):
        assert hit["headers"][header] == rendered[header], header
    assert hit["headers"]["Content-Length"] == str(len(rendered.content))
    # A conditional GET that matches gets 304 without a body.
    again = wsgi_get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=rendered["ETag"])
    assert again["status"].startswith("304") and again["body"] == b""
    # A change is on the next request through the same entry.
    article.title = "WSGIの記事（改題）"
    article.save()
    assert "WSGIの記事（改題）" in wsgi_get(article.get_absolute_url())["body"].decode()


def test_the_wsgi_entry_leaves_staff_and_previews_to_django(client, editor_user):
    article = make_article("下書きのWSGI記事", status=Article.Status.DRAFT)
    client.force_login(editor_user)
    cookie = client.cookies["sessionid"].value
    preview = article.get_preview_url()
    seen = wsgi_get(preview, HTTP_COOKIE=f"sessionid={cookie}")
    assert seen["status"] == "200 OK" and "下書きのWSGI記事" in seen["body"].decode()
    assert "no-store" in seen["headers"]["Cache-Control"]
    assert wsgi_get(preview)["status"].startswith("404")  # anonymous: no such page


def test_a_deploy_that_changes_the_code_renders_pages_and_kept_bodies_afresh(
    client, monkeypatch, django_assert_max_num_queries
):
    import careers.core.kept
    import careers.core.page_cache

    article = make_article("デプロイの記事", people=1, answers=1)
    client.get(article.get_absolute_url())
    with django_assert_max_num_queries(1):
        client.get(article.get_absolute_url())  # from the cache
    monkeypatch.setattr(careers.core.page_cache, "code_version", lambda: "next-release")
    monkeypatch.setattr(careers.core.kept, "code_version", lambda: "next-release")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as fresh:
        assert "デプロイの記事" in client.get(article.get_absolute_url()).content.decode()
    rendered = [q["sql"] for q in fresh.captured_queries]
    assert any("interviews_answer" in sql for sql in rendered)  # the body was built again


@pytest.mark.parametrize(
    "path", ["/働き方/", "/ｈａｔａｒａｋｉｋａｔａ/", "/zero\u200bwidth/", "/café/", "/faq/働き方"]
)
def test_the_wsgi_entry_answers_any_path_as_django_does(client, path):
    direct = client.get(path)
    for _ in range(2):  # a miss, then whatever the cache holds
        answer = wsgi_get(path)
        assert answer["status"].split()[0] == str(direct.status_code)
        assert answer["body"] == direct.content


def test_the_cache_front_hands_django_the_path_as_the_server_gave_it(monkeypatch):
    """Not the path WSGIRequest decodes and writes back into the environ: /café/ would
    reach Django as /caf%E9/, and a path above U+00FF would not reach it at all."""
    import careers.wsgi
    from careers.core.page_cache import CachedApplication

    seen = {}

    def django(environ, start_response):
        seen.update(environ)
        start_response("404 Not Found", [])
        return []

    monkeypatch.setattr(careers.wsgi, "application", CachedApplication(django))
    for path in ("/café/", "/働き方/"):
        wsgi_get(path)
        assert seen["PATH_INFO"] == path.encode().decode("iso-8859-1")  # PEP 3333


def stored_pages():
    """The page entries in the cache (locmem in the main pass, Redis in the Redis pass)."""
    backend = caches["default"]
    if isinstance(backend._cache, dict):  # locmem
        keys = backend._cache.keys()
    else:
        keys = (key.decode() for key in backend._cache.get_client().keys("*"))
    return [key for key in keys if ":page:" in key]


def test_tracking_parameters_share_the_page_s_one_entry(client, django_assert_max_num_queries):
    import secrets

    article = make_article("キャンペーンの記事", people=1)
    plain = client.get(article.get_absolute_url())
    assert len(stored_pages()) == 1
    for _ in range(50):
        tracked = f"{article.get_absolute_url()}?utm_x={secrets.token_hex(8)}"
        with django_assert_max_num_queries(1):  # the content version: from the cache
            response = client.get(tracked)
        assert response.content == plain.content
    for name in ("utm_source", "fbclid", "gclid", "yclid", "msclkid", "mc_cid", "mc_eid", "_ga"):
        client.get(f"{LIST}?{name}=1")
    assert len(stored_pages()) == 2  # the article's and the list's


def test_tracking_parameters_change_nothing_on_the_page(client):
    from tests.factories import make_category

    for n in range(13):  # two pages
        make_article(f"記事{n}", category=make_category("ICT職", slug="ict"))
    tracking = "utm_source=mail&utm_campaign=spring&fbclid=abc&_ga=1.2.3"
    for url in (LIST, f"{LIST}?category=ict", f"{LIST}?category=ict&q=記事"):
        caches["default"].clear()
        plain = client.get(url).content
        caches["default"].clear()
        tracked = client.get(f"{url}{'&' if '?' in url else '?'}{tracking}").content
        assert tracked == plain, url  # canonical, robots, og:url, the pages' links
    html = client.get(f"{LIST}?{tracking}").content.decode()
    assert '<link rel="canonical" href="http://testserver/interviews/">' in html
    assert "noindex" not in html and "utm_" not in html and "fbclid" not in html
