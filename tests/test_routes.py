"""Entry routes as pages: their application windows in words, the call to apply on the
interviews, JobPosting data while a window is open, all changing at the window's edges
with nothing run at that moment, and nothing of an unpublished route page in public."""

import datetime
import json
import re

import pytest
import time_machine
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from careers.core.checks import findings_for
from careers.core.registry import kind_of
from careers.routes.models import ApplicationWindow, RoutePage, SelectionStep, WindowState
from careers.taxonomy.models import EntryRoute
from interviews.models import Article
from tests.factories import make_article, make_profile

pytestmark = pytest.mark.django_db

OPENS = datetime.datetime(2026, 6, 1, 1, 0, tzinfo=datetime.UTC)  # 10:00 in Tokyo
CLOSES = datetime.datetime(2026, 6, 30, 8, 0, tzinfo=datetime.UTC)  # 17:00 in Tokyo
SECOND = datetime.timedelta(seconds=1)
APPLY = "https://example.jp/apply/"


@pytest.fixture(autouse=True)
def _empty_cache():
    caches["default"].clear()
    yield
    caches["default"].clear()


def make_route_page(name="キャリア活用採用選考", *, status=RoutePage.Status.PUBLISHED, **fields):
    route = EntryRoute.objects.create(name=name, slug=fields.pop("slug", "career"))
    page = RoutePage.objects.create(
        route=route,
        status=status,
        published_at=fields.pop("published_at", OPENS - datetime.timedelta(days=30)),
        lead=fields.pop("lead", "経験を生かす選考です。"),
        **fields,
    )
    SelectionStep.objects.create(page=page, position=0, title="第1次選考（筆記）")
    ApplicationWindow.objects.create(
        page=page, label="令和9年度 第1回", opens_at=OPENS, closes_at=CLOSES, apply_url=APPLY
    )
    page.refresh_derived()
    return page


def interview_of(page):
    article = make_article(
        "キャリア採用で入った職員の1日", published_at=OPENS - datetime.timedelta(days=60)
    )
    make_profile(article, entry_route=page.route, entries=1, answers=1)
    article.refresh_derived()
    return article


def page_html(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def structured(html):
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(found[1]) if found else []


def job_postings(html):
    return [d for d in structured(html) if d["@type"] == "JobPosting"]


# --- the window in words -----------------------------------------------------------------


def test_a_window_says_where_it_stands_in_words_at_its_edges():
    window = make_route_page().windows.get()
    assert window.state(OPENS - SECOND) == WindowState.UPCOMING
    assert window.state_words(OPENS - SECOND) == "受付前（6月1日 10:00 から）"
    assert window.state_words(OPENS) == "受付中（6月30日 17:00 まで）"
    assert window.state_words(CLOSES - SECOND) == "受付中（6月30日 17:00 まで）"
    assert window.state_words(CLOSES) == "締切"


def test_a_window_closes_after_it_opens_in_the_form_and_in_the_database():
    page = make_route_page()
    window = ApplicationWindow(page=page, label="逆", opens_at=CLOSES, closes_at=OPENS)
    with pytest.raises(ValidationError) as error:
        window.full_clean()
    assert error.value.message_dict["closes_at"] == ["締切日時は受付開始日時より後にしてください。"]
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        window.save()


# --- the route page ----------------------------------------------------------------------


def test_the_route_page_shows_its_windows_steps_and_interviews(
    client, no_page_cache, django_assert_max_num_queries
):
    page = make_route_page()
    interview_of(page)
    with time_machine.travel(OPENS + SECOND, tick=False):
        page_html(client, page.get_absolute_url())  # the live index and cards, once
        with django_assert_max_num_queries(6):
            html = page_html(client, page.get_absolute_url())
    assert "令和9年度 第1回：受付中（6月30日 17:00 まで）" in html
    assert "第1次選考（筆記）" in html
    assert f'href="{APPLY}"' in html
    assert "キャリア採用で入った職員の1日" in html
    assert "この採用区分で入った職員のインタビュー（1件）" in html
    (trail,) = [d for d in structured(html) if d["@type"] == "BreadcrumbList"]
    assert [i["name"] for i in trail["itemListElement"]] == [
        "トップ",
        "採用区分",
        "キャリア活用採用選考",
    ]
    assert trail["itemListElement"][2]["item"] == f"http://testserver{page.get_absolute_url()}"


def test_job_posting_data_is_there_exactly_while_the_window_is_open(client):
    page = make_route_page(lead='経験を生かす</script><script>alert("x")</script>選考です。')
    url = page.get_absolute_url()
    with time_machine.travel(OPENS - SECOND, tick=False):
        html = page_html(client, url)
        assert job_postings(html) == [] and f'href="{APPLY}"' not in html
    with time_machine.travel(OPENS, tick=False):
        (posting,) = job_postings(page_html(client, url))
    assert posting["@type"] == "JobPosting"
    assert posting["title"] == "キャリア活用採用選考"
    assert posting["validThrough"] == "2026-06-30T17:00:00+09:00"
    assert posting["hiringOrganization"]["name"]
    assert posting["jobLocation"]["address"]["addressCountry"] == "JP"
    assert posting["description"] == '経験を生かす</script><script>alert("x")</script>選考です。'
    with time_machine.travel(CLOSES, tick=False):
        html = page_html(client, url)
        assert job_postings(html) == [] and "令和9年度 第1回：締切" in html


def test_the_call_to_apply_on_an_interview_changes_at_the_closing_time_through_the_cache(client):
    page = make_route_page()
    article = interview_of(page)
    url = article.get_absolute_url()
    with time_machine.travel(CLOSES - 2 * SECOND, tick=False):
        html = page_html(client, url)
        assert "キャリア活用採用選考に応募する" in html and f'href="{APPLY}"' in html
        assert "キャリア活用採用選考に応募する" in page_html(client, url)  # from the cache
    with time_machine.travel(CLOSES, tick=False):
        html = page_html(client, url)
    assert "キャリア活用採用選考に応募する" not in html
    assert "令和9年度 第1回：締切" in html


def test_the_home_page_shows_routes_accepting_applications_and_opening_soon(client):
    make_route_page()
    with time_machine.travel(OPENS - SECOND, tick=False):
        assert "令和9年度 第1回：受付前（6月1日 10:00 から）" in page_html(client, "/")
    with time_machine.travel(OPENS, tick=False):
        assert "令和9年度 第1回：受付中（6月30日 17:00 まで）" in page_html(client, "/")
    with time_machine.travel(CLOSES, tick=False):
        html = page_html(client, "/")
    assert "令和9年度 第1回" not in html
    assert "現在、受付中・受付予定の採用試験はありません。" in html


# --- nothing unpublished in public --------------------------------------------------------


@pytest.mark.parametrize(
    "fields",
    [
        {"status": RoutePage.Status.DRAFT},
        {"status": RoutePage.Status.REVIEW},
        {"published_at": OPENS + datetime.timedelta(days=1)},  # scheduled
        {"expires_at": OPENS - SECOND},
    ],
    ids=["draft", "review", "scheduled", "expired"],
)
def test_a_route_page_that_is_not_live_is_on_no_surface(client, fields):
    page = make_route_page(**fields)
    article = interview_of(page)
    with time_machine.travel(OPENS + SECOND, tick=False):
        assert client.get(page.get_absolute_url()).status_code == 404
        assert client.get(page.get_preview_url()).status_code == 404
        for url in ("/", reverse("routes:list"), article.get_absolute_url(), "/sitemap-routes.xml"):
            html = page_html(client, url)
            assert "令和9年度 第1回" not in html and page.get_absolute_url() not in html, url


def test_staff_preview_a_draft_route_page_unindexed_and_uncached(editor_client):
    page = make_route_page(status=RoutePage.Status.DRAFT)
    response = editor_client.get(page.get_preview_url())
    assert response.status_code == 200
    assert "プレビュー：このページは公開されていません" in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]


# --- HR's side ------------------------------------------------------------------------------


def test_an_editor_writes_a_route_page_and_only_a_publisher_publishes_it(
    editor_client, publisher_user
):
    route = EntryRoute.objects.create(name="キャリア活用採用選考")
    add = reverse("admin:routes_routepage_add")
    data = {
        "route": route.pk,
        "status": "published",
        "position": "0",
        "lead": "概要",
        "windows-TOTAL_FORMS": "1",
        "windows-INITIAL_FORMS": "0",
        "windows-0-label": "令和9年度",
        "windows-0-opens_at_0": "2026-06-01",
        "windows-0-opens_at_1": "10:00",
        "windows-0-closes_at_0": "2026-06-30",
        "windows-0-closes_at_1": "17:00",
        "steps-TOTAL_FORMS": "0",
        "steps-INITIAL_FORMS": "0",
    }
    response = editor_client.post(add, data)
    assert response.status_code == 200  # 公開 is not among an editor's choices
    assert not RoutePage.objects.exists()
    data["status"] = "review"
    assert editor_client.post(add, data).status_code == 302
    page = RoutePage.objects.get()
    assert page.status == RoutePage.Status.REVIEW
    assert page.windows.get().closes_at.hour == 8  # 17:00 in Tokyo, stored in UTC
    publisher = Client()
    publisher.force_login(publisher_user)
    publisher.post(
        reverse("admin:routes_routepage_changelist"),
        {"action": "publish", "_selected_action": [page.pk]},
    )
    page.refresh_from_db()
    assert page.status == RoutePage.Status.PUBLISHED


# --- content checks -------------------------------------------------------------------------


def test_check_content_warns_of_a_promoted_route_that_accepts_nothing_and_of_a_close_deadline():
    page = make_route_page()
    article = interview_of(page)

    def codes(now):
        fresh = Article.objects.with_content().get(pk=article.pk)
        with time_machine.travel(now, tick=False):
            return {f.code for f in findings_for(kind_of(Article), fresh)}

    assert "route-not-accepting" not in codes(OPENS - SECOND)  # upcoming is fine
    assert "window-closing-soon" not in codes(OPENS + SECOND)
    assert "window-closing-soon" in codes(CLOSES - datetime.timedelta(days=6))
    assert "route-not-accepting" in codes(CLOSES)


def test_the_next_boundary_is_the_next_window_edge_of_a_published_page():
    from careers.core.freshness import next_boundary

    make_route_page()
    make_route_page("下書きの区分", slug="draft-route", status=RoutePage.Status.DRAFT)
    assert next_boundary(OPENS - datetime.timedelta(days=2)) == OPENS
    assert next_boundary(OPENS) == CLOSES
    assert next_boundary(CLOSES) is None
    assert timezone.is_aware(next_boundary(OPENS))
