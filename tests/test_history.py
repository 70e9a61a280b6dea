import pytest
from django.urls import reverse
from reversion.models import Version

from interviews.models import Answer, Article
from tests.factories import make_article
from tests.forms import form_data

pytestmark = pytest.mark.django_db


def save_form(client, article, **changes):
    url = reverse("admin:interviews_article_change", args=[article.pk])
    data = form_data(client.get(url).content.decode())
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context.get("errors")


def test_every_admin_save_is_recorded_with_who(publisher_client, publisher_user):
    article = make_article(status=Article.Status.DRAFT, people=1, answers=2)
    save_form(publisher_client, article, title="一回目")
    save_form(publisher_client, article, title="二回目")
    versions = Version.objects.get_for_object(article)
    assert versions.count() == 2
    assert versions.first().revision.user == publisher_user
    history = publisher_client.get(reverse("admin:interviews_article_history", args=[article.pk]))
    assert history.status_code == 200


def test_restore_brings_back_deleted_answers(publisher_client):
    article = make_article("元の記事", status=Article.Status.DRAFT, people=1, answers=3)
    save_form(publisher_client, article)  # the version to go back to
    original = list(Answer.objects.filter(profile__article=article).values_list("question", "body"))

    save_form(
        publisher_client,
        article,
        title="回答を消した記事",
        **{"profiles-0-answers-1-DELETE": "on", "profiles-0-answers-2-DELETE": "on"},
    )
    assert Answer.objects.filter(profile__article=article).count() == 1

    version = Version.objects.get_for_object(article).last()  # oldest first in .last()
    url = reverse("admin:interviews_article_revision", args=[article.pk, version.pk])
    page = publisher_client.get(url)
    assert page.status_code == 200
    assert publisher_client.post(url, form_data(page.content.decode())).status_code == 302

    article.refresh_from_db()
    assert article.title == "元の記事"
    restored = list(Answer.objects.filter(profile__article=article).values_list("question", "body"))
    assert restored == original
