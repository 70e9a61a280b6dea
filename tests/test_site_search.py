"""Site-wide search: every type of live content, full- and half-width alike, nothing else."""

import datetime

import pytest
from django.urls import reverse

from careers.events.models import Event
from careers.faq.models import FaqItem, FaqTheme
from careers.news.models import NewsPost
from careers.pages.models import FreePage
from tests.factories import make_article

pytestmark = pytest.mark.django_db

PAST = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
LIVE = {"status": "published", "published_at": PAST}


def searched(client, words):
    return client.get(reverse("search"), {"q": words}).content.decode()


def test_every_type_of_live_content_is_found_by_full_width_words(client):
    make_article("データ活用の仕事")
    NewsPost.objects.create(title="データ活用セミナーのお知らせ", **LIVE).refresh_derived()
    event = Event.objects.create(
        title="データ活用の説明会",
        starts_at=PAST,
        ends_at=PAST + datetime.timedelta(hours=1),
        online=True,
        **LIVE,
    )
    event.refresh_derived()
    theme = FaqTheme.objects.create(name="仕事")
    FaqItem.objects.create(
        theme=theme, question="データ活用はしますか？", answer="します。", **LIVE
    ).refresh_derived()
    FreePage.objects.create(title="データ活用の取り組み", path="data", **LIVE).refresh_derived()
    NewsPost.objects.create(title="下書きのデータ活用", status="draft").refresh_derived()
    html = searched(client, "ﾃﾞｰﾀ活用")  # half-width katakana, as some keyboards type
    for heading in (
        "インタビュー（1件）",
        "説明会・イベント（1件）",
        "お知らせ（1件）",
        "よくある質問（1件）",
        "ページ（1件）",
    ):
        assert heading in html
    assert "下書きのデータ活用" not in html
    assert '<meta name="robots" content="noindex, follow">' in html


def test_the_words_are_escaped_and_nothing_found_says_so(client):
    html = searched(client, "<script>alert(1)</script>")
    assert "<script>alert(1)</script>" not in html
    assert "見つかりませんでした" in html


def test_an_empty_search_shows_the_form(client):
    html = client.get(reverse("search")).content.decode()
    assert 'role="search"' in html and "一致するもの" not in html


def test_many_interviews_found_are_counted_and_the_newest_listed_in_few_queries(
    client, django_assert_max_num_queries
):
    from careers.portal.views import SEARCH_RESULTS_PER_TYPE

    for n in range(SEARCH_RESULTS_PER_TYPE + 5):
        make_article(f"データ活用の仕事 その{n}", published_at=PAST + datetime.timedelta(days=n))
    make_article("データ活用の予定記事", published_at=PAST + datetime.timedelta(days=3650))
    searched(client, "データ")  # the live index and the page's other parts, once per process
    with django_assert_max_num_queries(14):  # whatever the number found: 2 a type at most
        html = client.get(reverse("search"), {"q": "データ活用"}).content.decode()
    assert f"インタビュー（{SEARCH_RESULTS_PER_TYPE + 5}件）" in html
    newest = f"データ活用の仕事 その{SEARCH_RESULTS_PER_TYPE + 4}"
    assert newest in html and "データ活用の仕事 その5<" in html  # the newest 20 only
    assert "データ活用の仕事 その4<" not in html
    assert "データ活用の予定記事" not in html
