import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from interviews.models import Answer, Article, ScheduleEntry
from tests.factories import make_article, make_profile

pytestmark = pytest.mark.django_db


def get_page(client, article):
    return client.get(reverse("interviews:article-detail", kwargs={"slug": article.slug}))


@pytest.fixture
def full_article():
    article = make_article(
        "ICT職の1日を知る",
        lead="リード文の**段落**です。",
        revised_at=datetime.date(2025, 5, 20),
        as_of=datetime.date(2025, 3, 1),
        closing_heading="取材を終えて",
        closing_body="結びの本文です。",
        published_at=datetime.datetime(2025, 4, 1, 10, tzinfo=datetime.UTC),
        tags=["働き方"],
    )
    person = make_profile(
        article,
        label="Aさん",
        affiliation="デジタルサービス局 オンライン申請係",
        affiliation_short="デジタルサービス局",
        duties="申請の電子化",
        career="SIer で10年",
        motivation="地域の役に立ちたい",
    )
    ScheduleEntry.objects.create(
        profile=person,
        start=datetime.time(9),
        end=datetime.time(9, 30),
        title="メール確認",
        place=ScheduleEntry.Place.HOME,
    )
    ScheduleEntry.objects.create(profile=person, start=datetime.time(17, 15), title="退庁")
    Answer.objects.create(
        profile=person,
        question="現在の仕事は？",
        body="手続のオンライン化です。",
        note="電子申請システム：申請の仕組み",
    )
    make_profile(article, position=1, label="Bさん", case_label="Case2")
    return article


def test_article_shows_every_part_in_order(client, full_article):
    html = get_page(client, full_article).content.decode()
    html = html[html.index("<main") :]
    parts = [
        '<time datetime="2025-04-01">2025年4月1日</time>',
        '<time datetime="2025-05-20">2025年5月20日</time>',
        "<h1",
        "ICT職の1日を知る",
        "働き方",
        "リード文の<strong>段落</strong>です。",
        '<h2 id="people-heading">登場する職員</h2>',
        "SIer で10年",
        "地域の役に立ちたい",
        'class="case__label">【Case1】',
        "Aさんの1日のスケジュール",
        '<time datetime="09:00">9:00</time>',
        "メール確認",
        "在宅（テレワーク）",
        "退庁",
        "現在の仕事は？",
        "手続のオンライン化です。",
        "電子申請システム：申請の仕組み",
        'class="case__label">【Case2】',
        "所属・業務内容は取材当時（2025年3月）のものです",
        '<h2 id="closing-heading">取材を終えて</h2>',
        "結びの本文です。",
    ]
    position = 0
    for part in parts:
        found = html.find(part, position)
        assert found != -1, f"{part!r} missing, or not after the part before it"
        position = found + len(part)


def test_article_page_is_japanese_with_title_and_description(client, full_article):
    html = get_page(client, full_article).content.decode()
    assert '<html lang="ja">' in html
    assert "<title>ICT職の1日を知る |" in html
    assert '<meta name="description" content="リード文の段落です。">' in html


def test_timeline_is_an_ordered_list_in_time_order(client, full_article):
    html = get_page(client, full_article).content.decode()
    timeline = html[html.index('<ol class="timeline">') :]
    timeline = timeline[: timeline.index("</ol>")]
    assert timeline.index("メール確認") < timeline.index("退庁")


def test_plain_fields_are_escaped(client):
    article = make_article('<script>alert("x")</script>題名')
    make_profile(article, label="<b>Aさん</b>", affiliation="<img src=x onerror=alert(1)>")
    html = get_page(client, article).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html
    assert "<img src=x" not in html
    assert "<b>Aさん</b>" not in html


def test_markdown_bodies_lose_raw_html_and_unsafe_links(client):
    article = make_article(
        lead="<script>alert(1)</script>[危険](javascript:alert(1)) [安全](https://example.jp)"
        ' <a href="https://evil.example" onclick="x()">生HTML</a>'
    )
    html = get_page(client, article).content.decode()
    lead = html[html.index('class="prose lead"') :]
    lead = lead[: lead.index("</div>")]
    assert "<script>" not in lead
    assert 'href="javascript:' not in lead
    assert '<a href="https://example.jp" rel="noopener noreferrer">安全</a>' in lead
    assert '<a href="https://evil.example"' not in lead


@pytest.mark.parametrize(
    "kwargs",
    [
        {"status": Article.Status.DRAFT},
        {"status": Article.Status.REVIEW, "published_at": timezone.now()},
        {"published_at": timezone.now() + datetime.timedelta(minutes=5)},
        {
            "expires_at": timezone.now() - datetime.timedelta(seconds=1),
            "published_at": timezone.now() - datetime.timedelta(days=1),
        },
    ],
    ids=["draft", "review", "scheduled", "expired"],
)
def test_article_that_is_not_live_answers_404(client, kwargs):
    article = make_article(**kwargs)
    assert get_page(client, article).status_code == 404


def test_query_count_does_not_grow_with_people(
    client, django_assert_num_queries, django_assert_max_num_queries, no_page_cache
):
    small = make_article(people=1, entries=1, answers=1)
    big = make_article(people=5, entries=10, answers=8)
    # Built: the article, the versions (content and names, one query for the request), the
    # live index (the next boundary of every content type in one statement; live rows), the
    # body (tags, people, schedules, answers), the related cards (their rows, then the
    # cards' articles, tags and people), the live route pages (for the call to apply), the
    # pages HR placed in the navigation.
    with django_assert_num_queries(14):
        assert get_page(client, small).status_code == 200
    with django_assert_max_num_queries(14):
        response = get_page(client, big)
    assert response.status_code == 200
    assert response.content.decode().count('class="timeline__entry') == 50
    # Kept: the article, the versions of content and names, the related cards' rows.
    with django_assert_num_queries(3):
        assert get_page(client, big).content == response.content
