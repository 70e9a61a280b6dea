import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from interviews.models import Article
from tests.factories import make_article, make_category

pytestmark = pytest.mark.django_db


def test_list_is_newest_first_and_hides_what_is_not_live(client):
    now = timezone.now()
    make_article("古い", published_at=now - datetime.timedelta(days=2))
    make_article("新しい", published_at=now - datetime.timedelta(days=1))
    make_article("下書き", status=Article.Status.DRAFT)
    make_article("予約", published_at=now + datetime.timedelta(days=1))
    response = client.get(reverse("interviews:article-list"))
    assert [a.title for a in response.context["page_obj"]] == ["新しい", "古い"]


def test_list_is_paginated(client):
    for _ in range(13):
        make_article()
    first = client.get(reverse("interviews:article-list"))
    second = client.get(reverse("interviews:article-list"), {"page": 2})
    assert len(first.context["page_obj"]) == 12
    assert len(second.context["page_obj"]) == 1
    assert 'rel="next"' in first.content.decode()


@pytest.mark.parametrize(
    ("url", "limit"),
    [
        # The first request after a change, which builds the live index (version, next
        # boundary, live rows), the cards (their rows, names' version, then articles,
        # tags and people) and the navigation HR placed; later requests skip the builds.
        ("/", 14),  # and the route pages (kept like the index), the news, the message, featured
        ("/interviews/", 13),  # and the four taxonomies' names
        ("/interviews/?place=home&route=x&q=%E4%BB%95%E4%BA%8B&tag=y", 13),
        ("/careers/ict/", 11),
    ],
)
def test_list_pages_cost_the_same_queries_for_few_or_many_articles(
    client, url, limit, no_page_cache
):
    make_category("ICT職", slug="ict")
    make_article(people=1, tags=["働き方"])
    few = _count(client, url)
    for _ in range(11):
        make_article(people=3, tags=["働き方", "テレワーク"])
    assert _count(client, url) == few
    assert few <= limit


def _count(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_home_shows_latest_live_interviews_and_categories(client):
    make_category("ICT職", slug="ict", summary="技術で行政を支える職種です。")
    make_article("公開中の記事")
    make_article("下書きの記事", status=Article.Status.DRAFT)
    html = client.get("/").content.decode()
    assert "公開中の記事" in html
    assert "下書きの記事" not in html
    assert 'href="/careers/ict/"' in html
    assert "（1件）" in html


def test_category_page_lists_its_live_interviews(client):
    ict = make_category("ICT職", slug="ict", summary="技術で行政を支える職種です。")
    other = make_category("事務職", slug="admin-jobs")
    make_article("ICTの記事", category=ict)
    make_article("事務の記事", category=other)
    make_article("ICTの下書き", category=ict, status=Article.Status.DRAFT)
    response = client.get("/careers/ict/")
    assert [a.title for a in response.context["page_obj"]] == ["ICTの記事"]
    assert "技術で行政を支える職種です。" in response.content.decode()


def test_unknown_category_is_404(client):
    assert client.get("/careers/no-such/").status_code == 404
