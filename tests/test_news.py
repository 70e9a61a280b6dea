"""News (お知らせ): pinned first, then newest, on its list, the home page and its feed;
nothing unpublished on any of them."""

import datetime
import re
import xml.etree.ElementTree as ET

import pytest
import time_machine
from django.core.cache import caches
from django.urls import reverse

from careers.news.models import NewsPost

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 4, 1, 1, 0, tzinfo=datetime.UTC)
SECOND = datetime.timedelta(seconds=1)
DAY = datetime.timedelta(days=1)
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(autouse=True)
def _empty_cache():
    caches["default"].clear()
    yield
    caches["default"].clear()


def post(title, *, days_ago=1, **fields):
    fields.setdefault("status", NewsPost.Status.PUBLISHED)
    fields.setdefault("published_at", NOW - days_ago * DAY)
    return NewsPost.objects.create(title=title, body=fields.pop("body", "本文です。"), **fields)


def feed_titles(client):
    root = ET.fromstring(client.get(reverse("news:feed")).content)
    return [e.find(f"{ATOM}title").text for e in root.iter(f"{ATOM}entry")]


def test_pinned_posts_come_first_then_the_newest(client):
    post("古いお知らせ", days_ago=10)
    post("重要なお知らせ", days_ago=20, pinned=True)
    post("新しいお知らせ", days_ago=1)
    with time_machine.travel(NOW, tick=False):
        page = client.get(reverse("news:list")).content.decode()
        home = client.get("/").content.decode()
    order = [page.index(t) for t in ("重要なお知らせ", "新しいお知らせ", "古いお知らせ")]
    assert order == sorted(order)
    assert "重要</span>" in page
    assert home.index("重要なお知らせ") < home.index("新しいお知らせ")


def test_a_post_gets_a_readable_slug_and_its_page(client):
    news = post("説明会の資料を掲載しました")
    assert news.slug == "setsumeikai-shiryou-keisaishimashita"
    with time_machine.travel(NOW, tick=False):
        html = client.get(news.get_absolute_url()).content.decode()
    assert '<h1 id="post-title">説明会の資料を掲載しました</h1>' in html
    assert '"@type": "BreadcrumbList"' in html


@pytest.mark.parametrize(
    "fields",
    [
        {"status": NewsPost.Status.DRAFT},
        {"status": NewsPost.Status.REVIEW},
        {"published_at": NOW + SECOND},
        {"published_at": NOW - DAY, "expires_at": NOW},
    ],
    ids=["draft", "review", "scheduled", "expired"],
)
def test_a_post_that_is_not_live_is_on_no_surface(client, fields):
    hidden = post("見えてはいけないお知らせ", **fields)
    post("見えるお知らせ")
    with time_machine.travel(NOW, tick=False):
        assert client.get(hidden.get_absolute_url()).status_code == 404
        assert client.get(hidden.get_preview_url()).status_code == 404
        for url in ("/", reverse("news:list"), "/sitemap-news.xml"):
            html = client.get(url).content.decode()
            assert "見えるお知らせ" in html or url.endswith(".xml")
            assert "見えてはいけない" not in html and hidden.slug not in html, url
        assert feed_titles(client) == ["見えるお知らせ"]


def test_the_feed_is_well_formed_whatever_the_text(client):
    post('制御文字\x0bと<タグ>&"引用"の件', body="<script>alert(1)</script> R&D")
    with time_machine.travel(NOW, tick=False):
        assert feed_titles(client) == ['制御文字と<タグ>&"引用"の件']
        raw = client.get(reverse("news:feed")).content.decode()
    assert "<script>" not in raw


def test_staff_preview_a_draft_unindexed(editor_client):
    draft = post("下書きのお知らせ", status=NewsPost.Status.DRAFT)
    response = editor_client.get(draft.get_preview_url())
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "プレビュー：このお知らせは公開されていません" in response.content.decode()


def test_an_editor_cannot_publish_news(editor_client):
    data = {
        "title": "編集者のお知らせ",
        "slug": "",
        "status": "published",
        "category": "other",
        "body": "x",
    }
    data |= {"published_at_0": "2026-04-01", "published_at_1": "10:00"}
    response = editor_client.post(reverse("admin:news_newspost_add"), data)
    assert response.status_code == 200 and not NewsPost.objects.exists()
    data["status"] = "review"
    assert editor_client.post(reverse("admin:news_newspost_add"), data).status_code == 302
    assert NewsPost.objects.get().status == NewsPost.Status.REVIEW


def test_the_list_costs_the_same_with_many_posts(
    client, no_page_cache, django_assert_max_num_queries
):
    for n in range(30):
        post(f"お知らせ{n}", days_ago=n + 1)
    with time_machine.travel(NOW, tick=False):
        client.get(reverse("news:list"))
        with django_assert_max_num_queries(4):
            assert client.get(reverse("news:list")).status_code == 200


def test_machine_readable_dates_carry_no_fraction_of_a_second(client):
    # A post published with the bulk action gets the current time, microseconds and all;
    # the Nu HTML checker refuses more than three digits of a second in datetime="…".
    post("今すぐ公開したお知らせ", published_at=NOW - datetime.timedelta(microseconds=251495))
    with time_machine.travel(NOW, tick=False):
        html = client.get(reverse("news:list")).content.decode()
    stamps = re.findall(r'<time datetime="([^"]+)"', html)
    assert stamps == ["2026-04-01T09:59:59+09:00"]
