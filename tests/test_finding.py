"""Filters, search and pagination on /interviews/."""

import datetime

import pytest
from django.urls import reverse

from careers.taxonomy.models import EntryRoute
from interviews.models import Answer, Article, ScheduleEntry
from tests.factories import make_article, make_category, make_department, make_profile, make_route

pytestmark = pytest.mark.django_db

LIST = reverse("interviews:article-list")


def titles(client, **params):
    response = client.get(LIST, params)
    assert response.status_code == 200
    return sorted(a.title for a in response.context["page_obj"])


@pytest.fixture
def catalogue():
    experienced = make_route("キャリア活用採用選考", EntryRoute.Kind.EXPERIENCED)
    graduate = make_route("ICT職採用試験（大学卒業程度）", EntryRoute.Kind.NEW_GRADUATE)
    digital, welfare = make_department("デジタルサービス局"), make_department("福祉局")

    def article(title, route, department, places, tags=(), **kwargs):
        a = make_article(title, tags=tags, **kwargs)
        profile = make_profile(a, entry_route=route, department=department)
        for hour, place in enumerate(places, 9):
            ScheduleEntry.objects.create(
                profile=profile, start=datetime.time(hour), title=f"作業{hour}", place=place
            )
        a.refresh_derived()  # as the admin and the importer do after saving rows
        return a

    article("経験者・在宅", experienced, digital, ["office", "home"], tags=["働き方"])
    article("経験者・職場", experienced, welfare, ["office"])
    article("新卒・在宅", graduate, digital, ["home"], tags=["働き方"])
    article("新卒・下書き・在宅", graduate, digital, ["home"], status=Article.Status.DRAFT)
    return {"experienced": experienced, "graduate": graduate, "digital": digital}


def test_place_home_finds_interviews_where_someone_works_from_home_at_some_point(client, catalogue):
    assert titles(client, place="home") == ["新卒・在宅", "経験者・在宅"]


def test_filters_combine(client, catalogue):
    assert titles(client, place="home", route=catalogue["experienced"].slug) == ["経験者・在宅"]
    assert titles(client, department=catalogue["digital"].slug, tag="") == [
        "新卒・在宅",
        "経験者・在宅",
    ]


def test_each_option_counts_live_articles_given_the_other_filters(client, catalogue):
    response = client.get(LIST, {"route": catalogue["experienced"].slug})
    facets = {f.key: {o.label: o.count for o in f.options} for f in response.context["facets"]}
    assert facets["place"] == {"職場": 2, "在宅（テレワーク）": 1}
    # The route facet ignores its own filter, so the other route stays visible with its count;
    # the draft is never counted.
    assert facets["route"] == {"キャリア活用採用選考": 2, "ICT職採用試験（大学卒業程度）": 1}


def test_active_filters_are_shown_and_removable(client, catalogue):
    response = client.get(LIST, {"place": "home", "route": catalogue["experienced"].slug})
    html = response.content.decode()
    assert "選択中の条件" in html
    assert "働く場所: 在宅（テレワーク）" in html
    remove = {f.label: f.remove_url for f in response.context["active_filters"]}
    assert remove["働く場所"] == f"{LIST}?route={catalogue['experienced'].slug}"
    assert f'href="{LIST}"' in html  # すべての条件を外す


def test_pagination_keeps_the_filters(client):
    for n in range(14):
        a = make_article(f"記事{n}")
        ScheduleEntry.objects.create(
            profile=make_profile(a), start=datetime.time(9), title="在宅", place="home"
        )
        a.refresh_derived()
    html = client.get(LIST, {"place": "home"}).content.decode()
    assert 'href="?place=home&amp;page=2"' in html
    assert len(client.get(LIST, {"place": "home", "page": 2}).context["page_obj"]) == 2


def test_no_results_gives_a_friendly_empty_state(client, catalogue):
    html = client.get(LIST, {"q": "存在しない言葉"}).content.decode()
    assert "条件に合うインタビューは見つかりませんでした" in html
    assert "すべてのインタビューを見る" in html


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("title", "タイトル"),
        ("lead", "リード"),
        ("affiliation", "所属"),
        ("answer", "回答"),
        ("note", "注記"),
    ],
)
def test_search_looks_in_titles_leads_profiles_and_answers(client, field, expected):
    article = make_article(
        {"title": "タイトルに量子計算"}.get(field, "普通の記事"),
        lead="リードに量子計算" if field == "lead" else "リード",
    )
    profile = make_profile(
        article, affiliation="所属に量子計算" if field == "affiliation" else "総務局"
    )
    Answer.objects.create(
        profile=profile,
        question="質問",
        body="回答に量子計算" if field == "answer" else "回答",
        note="注記に量子計算" if field == "note" else "",
    )
    article.refresh_derived()  # what the admin and the importer do after saving rows
    make_article("関係ない記事")
    assert titles(client, q="量子計算") == [article.title]


def test_search_is_a_substring_search_without_word_splitting(client):
    make_article("データ連携基盤の開発")
    assert titles(client, q="連携基盤") == ["データ連携基盤の開発"]
    assert titles(client, q="連携 基盤") == []


@pytest.mark.parametrize("query", ["%", "_", "\\", "'", '"', "100%_\\'"])
def test_search_treats_wildcards_and_quotes_as_plain_text(client, query):
    make_article("普通の記事")
    make_article(f"記号{query}を含む記事")
    assert titles(client, q=query) == [f"記号{query}を含む記事"]


def test_search_is_length_capped(client):
    make_article("あ" * 100)
    response = client.get(LIST, {"q": "あ" * 150})
    assert response.context["filter"].query == "あ" * 100
    assert [a.title for a in response.context["page_obj"]] == ["あ" * 100]


def test_keyword_form_keeps_other_filters(client, catalogue):
    html = client.get(LIST, {"place": "home"}).content.decode()
    assert '<input type="hidden" name="place" value="home">' in html


def test_profiles_link_to_their_entry_route_and_job_category(client, catalogue):
    article = Article.objects.get(title="経験者・在宅")
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'href="{LIST}?route={catalogue["experienced"].slug}"' in html
    assert f'href="{make_category().get_absolute_url()}"' in html


@pytest.mark.parametrize(
    "query",
    [
        "q=%00",
        "q=%E2%80%AEabc",
        "tag=%00",
        "category=a%00b",
        "department=%FF%FE",
        "route=%3Cscript%3E",
        "place=nowhere",
        "place=home%00",
        "q=%00&tag=shared&page=1",
    ],
)
def test_hostile_filter_values_give_an_empty_list_not_an_error(client, query):
    make_article("公開記事", tags=["共通タグ"])
    response = client.get(f"{reverse('interviews:article-list')}?{query}")
    assert response.status_code == 200
    assert list(response.context["page_obj"]) == []
    assert "\x00" not in response.content.decode()


def test_a_bad_page_number_is_not_found(client):
    make_article("公開記事")
    assert client.get(reverse("interviews:article-list") + "?page=%00").status_code == 404


@pytest.mark.parametrize(
    ("written", "typed"),
    [
        ("ICT職の仕事", "ＩＣＴ"),  # an IME's full-width letters
        ("ＩＣＴ職の仕事", "ict"),  # full width in the text, half width typed
        ("テレワークの日", "ﾃﾚﾜｰｸ"),  # half-width katakana typed
        ("ﾃﾚﾜｰｸの日", "テレワーク"),  # half-width katakana in the text
        ("９：００に出勤", "9:00"),
    ],
)
def test_search_treats_full_and_half_width_forms_as_the_same(client, written, typed):
    make_article(written)
    make_article("関係ない記事")
    assert titles(client, q=typed) == [written]


def test_an_answer_edited_in_the_admin_is_found_by_search(client, publisher_user):
    from django.test import Client

    from tests.forms import form_data

    article = make_article("管理画面の記事", people=1, answers=1)
    staff = Client()
    staff.force_login(publisher_user)
    url = reverse("admin:interviews_article_change", args=[article.pk])
    data = form_data(staff.get(url).content.decode())
    data["profiles-0-answers-0-body"] = "新しく書いた量子暗号の話"
    assert staff.post(url, data).status_code == 302
    assert titles(client, q="量子暗号") == ["管理画面の記事"]
