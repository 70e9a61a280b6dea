import pytest
from django.test import Client
from django.urls import reverse

from interviews.models import Article
from tests.factories import make_article
from tests.forms import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_editors(roles, django_user_model):
    from django.contrib.auth.models import Group

    clients = []
    for name in ("佐藤", "鈴木"):
        user = django_user_model.objects.create_user(
            username=name, password="x", is_staff=True, last_name=name
        )
        user.groups.add(Group.objects.get(name="編集者"))
        client = Client()
        client.force_login(user)
        clients.append(client)
    return clients


def test_second_save_from_a_stale_form_is_refused_and_keeps_the_input(two_editors):
    first, second = two_editors
    article = make_article("元のタイトル", status=Article.Status.DRAFT, people=1, answers=1)
    url = reverse("admin:interviews_article_change", args=[article.pk])
    form_a = form_data(first.get(url).content.decode())
    form_b = form_data(second.get(url).content.decode())

    form_a["title"] = "佐藤さんのタイトル"
    assert first.post(url, form_a).status_code == 302

    form_b["title"] = "鈴木さんのタイトル"
    form_b["profiles-0-answers-0-body"] = "鈴木さんが書いた長い回答"
    response = second.post(url, form_b)
    assert response.status_code == 200
    html = response.content.decode()
    assert "佐藤 さんが" in html and "保存しています" in html
    assert 'value="鈴木さんのタイトル"' in html
    assert "鈴木さんが書いた長い回答" in html
    article.refresh_from_db()
    assert article.title == "佐藤さんのタイトル"

    # Having seen the message, saving again is a deliberate overwrite.
    again = form_data(html)
    assert second.post(url, again).status_code == 302
    article.refresh_from_db()
    assert article.title == "鈴木さんのタイトル"


def test_one_person_saving_twice_is_never_refused(two_editors):
    first, _ = two_editors
    article = make_article(status=Article.Status.DRAFT)
    url = reverse("admin:interviews_article_change", args=[article.pk])
    for title in ("一回目", "二回目", "三回目"):
        data = form_data(first.get(url).content.decode())
        data["title"] = title
        data["_continue"] = "1"
        assert first.post(url, data).status_code == 302
    article.refresh_from_db()
    assert article.title == "三回目"


def test_restoring_an_old_version_still_refuses_forms_loaded_before_it(two_editors):
    from reversion.models import Version

    first, second = two_editors
    article = make_article("版1", status=Article.Status.DRAFT)
    url = reverse("admin:interviews_article_change", args=[article.pk])
    for title in ("版2", "版3"):
        data = form_data(first.get(url).content.decode())
        data["title"] = title
        assert first.post(url, data).status_code == 302
    stale = form_data(second.get(url).content.decode())  # loaded at 版3
    Version.objects.get_for_object(article).last().revision.revert(delete=True)  # back to 版2
    article.refresh_from_db()
    assert article.title == "版2"
    stale["title"] = "古い画面からの保存"
    assert second.post(url, stale).status_code == 200  # refused
    article.refresh_from_db()
    assert article.title == "版2"
