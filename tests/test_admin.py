import datetime

import pytest
from django.urls import reverse

from careers.core.publishing import PUBLISHED_NEEDS_DATE
from careers.taxonomy.models import Department, EntryRoute
from interviews.models import Article
from tests.factories import make_article, make_category

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:interviews_article_add")


@pytest.fixture
def editor(admin_client):
    return admin_client


def management(prefix, total, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def person(i, label, entries, answers, department, route):
    p = f"profiles-{i}"
    data = {
        f"{p}-case_label": f"Case{i + 1}",
        f"{p}-label": label,
        f"{p}-position": str(i),
        f"{p}-affiliation": f"デジタルサービス局 第{i + 1}課",
        f"{p}-affiliation_short": "デジタルサービス局",
        f"{p}-department": str(department.pk),
        f"{p}-entry_route": str(route.pk),
        f"{p}-duties": "申請のオンライン化",
        f"{p}-career": "民間企業で開発",
        f"{p}-motivation": "地域の役に立ちたい",
        **management(f"{p}-schedule", len(entries)),
        **management(f"{p}-answers", len(answers)),
    }
    for j, (start, end, place, title) in enumerate(entries):
        data.update(
            {
                f"{p}-schedule-{j}-start": start,
                f"{p}-schedule-{j}-end": end,
                f"{p}-schedule-{j}-place": place,
                f"{p}-schedule-{j}-title": title,
            }
        )
    for j, (question, body, note) in enumerate(answers):
        data.update(
            {
                f"{p}-answers-{j}-question": question,
                f"{p}-answers-{j}-body": body,
                f"{p}-answers-{j}-note": note,
                f"{p}-answers-{j}-position": str(j),
            }
        )
    return data


def article_form(**overrides):
    category = make_category()
    department = Department.objects.create(name="デジタルサービス局")
    route = EntryRoute.objects.create(name="キャリア活用採用選考", kind=EntryRoute.Kind.EXPERIENCED)
    data = {
        "title": "管理画面から書いた記事",
        "slug": "",
        "status": Article.Status.PUBLISHED,
        "category": str(category.pk),
        "published_at_0": "2025-04-01",
        "published_at_1": "10:00:00",
        "lead": "リード文です。",
        "closing_heading": "取材を終えて",
        "closing_body": "結びです。",
        **management("profiles", 2),
        **management("share_links", 0),
        **person(
            0,
            "Aさん",
            [("9:00", "9:30", "home", "メール確認"), ("13:00", "", "office", "打合せ")],
            [("仕事内容は？", "オンライン化です。", "用語の説明")],
            department,
            route,
        ),
        **person(
            1,
            "Bさん",
            [("8:30", "17:15", "satellite", "資料作成")],
            [("やりがいは？", "使う人の顔が見えること。", ""), ("雰囲気は？", "和やかです。", "")],
            department,
            route,
        ),
    }
    data.update(overrides)
    return data


def test_admin_add_form_saves_a_two_person_article_with_schedule_and_answers(editor):
    response = editor.post(ADD_URL, article_form())
    assert response.status_code == 302, response.context["errors"] if response.context else response
    article = Article.objects.get()
    assert article.slug == "kanri-gamen-kaita-kiji"  # 管理画面から書いた記事, in romaji
    a, b = article.profiles.all()
    assert [e.title for e in a.schedule.all()] == ["メール確認", "打合せ"]
    assert a.schedule.first().place == "home"
    assert [x.question for x in b.answers.all()] == ["やりがいは？", "雰囲気は？"]
    assert a.answers.get().note == "用語の説明"

    page = editor.get(article.get_absolute_url())
    assert page.status_code == 200
    assert "使う人の顔が見えること。" in page.content.decode()


def test_schedule_end_before_start_is_shown_on_that_field_in_japanese(editor):
    data = article_form(**{"profiles-0-schedule-0-end": "8:00"})
    response = editor.post(ADD_URL, data)
    assert response.status_code == 200
    assert Article.objects.count() == 0
    html = response.content.decode()
    assert "終了時刻は開始時刻より後にしてください。" in html
    errors = response.context["inline_admin_formsets"][0].formset.forms[0].nested_formsets[0]
    assert errors.forms[0].errors["end"] == ["終了時刻は開始時刻より後にしてください。"]


def test_published_without_date_is_refused_on_the_date_field(editor):
    response = editor.post(ADD_URL, article_form(published_at_0="", published_at_1=""))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["published_at"] == [PUBLISHED_NEEDS_DATE]


def test_changelist_shows_state_in_words_and_filters(editor, django_assert_max_num_queries):
    make_article("公開中の記事")
    make_article("予約の記事", published_at=datetime.datetime(2099, 1, 1, tzinfo=datetime.UTC))
    make_article("下書きの記事", status=Article.Status.DRAFT)
    with django_assert_max_num_queries(12):
        response = editor.get(reverse("admin:interviews_article_changelist"))
    html = response.content.decode()
    assert "公開中" in html and "公開予約" in html and "下書き" in html
    filtered = editor.get(
        reverse("admin:interviews_article_changelist"), {"status__exact": "draft"}
    )
    assert list(filtered.context["cl"].result_list) == [Article.objects.get(title="下書きの記事")]


def test_change_form_links_to_the_public_page(editor):
    article = make_article(slug="visible")
    html = editor.get(
        reverse("admin:interviews_article_change", args=[article.pk])
    ).content.decode()
    assert '<a href="/interviews/visible/" class="viewsitelink">サイト上で表示</a>' in html


@pytest.mark.parametrize(
    "name",
    ["taxonomy_jobcategory", "taxonomy_department", "taxonomy_entryroute", "interviews_tag"],
)
def test_reference_data_can_be_managed(editor, name):
    assert editor.get(reverse(f"admin:{name}_changelist")).status_code == 200
    assert editor.get(reverse(f"admin:{name}_add")).status_code == 200


def test_resaving_an_article_untouched_succeeds_despite_blank_extra_forms(editor):
    from tests.factories import make_profile
    from tests.forms import form_data

    article = make_article(status=Article.Status.DRAFT)
    make_profile(article, answers=2, entries=2)
    url = reverse("admin:interviews_article_change", args=[article.pk])
    data = form_data(editor.get(url).content.decode())
    assert "profiles-0-answers-2-question" in data  # the blank extra answer form
    assert editor.post(url, data).status_code == 302
    assert article.profiles.get().answers.count() == 2


def test_dragging_answers_reorders_them(editor):
    from tests.factories import make_profile
    from tests.forms import form_data

    article = make_article(status=Article.Status.DRAFT)
    profile = make_profile(article, answers=2)
    url = reverse("admin:interviews_article_change", args=[article.pk])
    data = form_data(editor.get(url).content.decode())
    data["profiles-0-answers-0-position"], data["profiles-0-answers-1-position"] = "1", "0"
    assert editor.post(url, data).status_code == 302
    assert [a.question for a in profile.answers.all()] == ["質問2", "質問1"]
