import datetime
from io import StringIO

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from interviews.models import Article
from tests.factories import make_article
from tests.forms import form_data

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:interviews_article_changelist")


def change_url(article):
    return reverse("admin:interviews_article_change", args=[article.pk])


def perms(group_name):
    group = Group.objects.get(name=group_name)
    return sorted(f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all())


# --- roles -------------------------------------------------------------------


def test_setup_roles_creates_the_two_groups_with_the_documented_permissions(roles):
    editor, publisher = perms("編集者"), perms("公開担当")
    assert "interviews.change_article" in editor
    assert "interviews.publish_article" not in editor
    assert "interviews.add_sharelink" not in editor
    assert "interviews.delete_article" not in editor
    assert {"interviews.publish_article", "interviews.add_sharelink"} <= set(publisher)
    assert set(editor) < set(publisher)


def test_setup_roles_twice_changes_nothing(roles):
    before = (perms("編集者"), perms("公開担当"))
    out = StringIO()
    call_command("setup_roles", stdout=out)
    assert (perms("編集者"), perms("公開担当")) == before
    assert out.getvalue().count("変更なし") == 2


def test_setup_roles_restores_permissions_someone_changed(roles):
    group = Group.objects.get(name="編集者")
    group.permissions.clear()
    call_command("setup_roles", stdout=StringIO())
    assert "interviews.change_article" in perms("編集者")


# --- what an editor may and may not do --------------------------------------------


def test_editor_is_not_offered_the_published_status(editor_client):
    html = editor_client.get(reverse("admin:interviews_article_add")).content.decode()
    assert 'value="review"' in html
    assert 'value="published"' not in html


def test_editor_cannot_publish_with_a_crafted_form_post(editor_client):
    article = make_article(status=Article.Status.DRAFT)
    data = form_data(editor_client.get(change_url(article)).content.decode())
    data.update(status="published", published_at_0="2025-01-01", published_at_1="10:00:00")
    response = editor_client.post(change_url(article), data)
    assert response.status_code == 200  # the form comes back with an error
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert article.published_at is None


def test_editor_can_submit_for_review(editor_client):
    article = make_article(status=Article.Status.DRAFT)
    data = form_data(editor_client.get(change_url(article)).content.decode())
    data["status"] = "review"
    assert editor_client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW


def test_editor_cannot_unpublish_a_live_article_through_the_form(editor_client):
    article = make_article()
    data = form_data(editor_client.get(change_url(article)).content.decode())
    data["status"] = "draft"
    data["title"] = "誤字を直したタイトル"
    assert editor_client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert (article.status, article.title) == (Article.Status.PUBLISHED, "誤字を直したタイトル")


@pytest.mark.parametrize("action", ["publish", "unpublish"])
def test_editor_cannot_run_publishing_actions_with_a_crafted_post(editor_client, action):
    draft = make_article(status=Article.Status.DRAFT)
    live = make_article()
    editor_client.post(
        CHANGELIST, {"action": action, "_selected_action": [draft.pk, live.pk], "index": 0}
    )
    draft.refresh_from_db()
    live.refresh_from_db()
    assert draft.status == Article.Status.DRAFT
    assert live.status == Article.Status.PUBLISHED


def test_publisher_publishes_with_the_action_now_if_no_time_is_set(publisher_client):
    article = make_article(status=Article.Status.REVIEW)
    publisher_client.post(
        CHANGELIST, {"action": "publish", "_selected_action": [article.pk], "index": 0}
    )
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert article.is_live()


def test_publisher_unpublishes_with_the_action(publisher_client):
    article = make_article()
    publisher_client.post(
        CHANGELIST, {"action": "unpublish", "_selected_action": [article.pk], "index": 0}
    )
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert Client().get(article.get_absolute_url()).status_code == 404


def test_duplicate_makes_a_deep_draft_copy(publisher_client):
    article = make_article("元の記事", people=2, entries=3, answers=2, tags=["働き方"])
    publisher_client.post(
        CHANGELIST, {"action": "duplicate", "_selected_action": [article.pk], "index": 0}
    )
    copy = Article.objects.exclude(pk=article.pk).get()
    assert copy.status == Article.Status.DRAFT
    assert copy.slug == f"{article.slug}-copy"
    assert copy.title == "元の記事（複製）"
    assert [t.name for t in copy.tags.all()] == ["働き方"]
    assert copy.profiles.count() == 2
    assert sum(p.schedule.count() for p in copy.profiles.all()) == 6
    assert sum(p.answers.count() for p in copy.profiles.all()) == 4
    assert article.profiles.count() == 2  # the original keeps its people


# --- states and scheduling ---------------------------------------------------------


def test_changelist_names_each_state_and_filters_by_it(publisher_client):
    now = timezone.now()
    make_article("下書き", status=Article.Status.DRAFT)
    make_article("確認待ち", status=Article.Status.REVIEW)
    make_article("予約", published_at=now + datetime.timedelta(hours=1))
    make_article("公開中", published_at=now - datetime.timedelta(hours=1))
    make_article("終了", published_at=now - datetime.timedelta(days=2), expires_at=now)
    html = publisher_client.get(CHANGELIST).content.decode()
    for label in ("下書き", "確認待ち", "公開予約", "公開中", "公開終了"):
        assert f'<td class="field-visibility_label">{label}</td>' in html
    for state, title in [("scheduled", "予約"), ("live", "公開中"), ("expired", "終了")]:
        response = publisher_client.get(CHANGELIST, {"state": state})
        assert [a.title for a in response.context["cl"].result_list] == [title]


def test_scheduled_article_appears_on_the_list_at_its_time_without_any_command(client):
    at = timezone.now() + datetime.timedelta(minutes=2)
    make_article("予約記事", published_at=at)
    list_url = reverse("interviews:article-list")
    with time_machine.travel(at - datetime.timedelta(seconds=1), tick=False):
        assert "予約記事" not in client.get(list_url).content.decode()
    with time_machine.travel(at, tick=False):
        assert "予約記事" in client.get(list_url).content.decode()


# --- previews ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "state"),
    [
        ({"status": Article.Status.DRAFT}, "下書き"),
        ({"status": Article.Status.REVIEW}, "確認待ち"),
        ({"published_at": timezone.now() + datetime.timedelta(days=1)}, "公開予約"),
    ],
)
def test_editor_previews_an_unpublished_article_at_its_url(editor_client, kwargs, state):
    article = make_article("準備中の記事", **kwargs)
    response = editor_client.get(article.get_absolute_url())
    assert response.status_code == 302  # staff are sent from the public URL to the preview
    assert response["Location"] == article.get_preview_url()
    response = editor_client.get(article.get_preview_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "プレビュー：この記事は公開されていません" in html
    assert f"状態：{state}" in html
    assert response["X-Robots-Tag"].startswith("noindex")
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert '<meta name="robots" content="noindex, nofollow">' in html


def test_live_article_has_no_preview_banner_for_staff(editor_client):
    article = make_article()
    response = editor_client.get(article.get_absolute_url())
    assert "プレビュー" not in response.content.decode()
    assert "X-Robots-Tag" not in response


def test_logged_in_non_staff_cannot_preview(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("applicant", password="x"))
    article = make_article(status=Article.Status.DRAFT)
    assert client.get(article.get_absolute_url()).status_code == 404
    assert client.get(article.get_preview_url()).status_code == 404


def test_preview_of_a_live_article_is_its_public_page(editor_client):
    article = make_article()
    response = editor_client.get(article.get_preview_url())
    assert response.status_code == 302
    assert response["Location"] == article.get_absolute_url()


def test_change_form_has_a_preview_link(editor_client):
    article = make_article(status=Article.Status.DRAFT)
    html = editor_client.get(change_url(article)).content.decode()
    assert (
        f'<a href="{article.get_preview_url()}" target="_blank" rel="noopener" class="viewsitelink">プレビュー（下書き）</a>'
        in html
    )


# --- the publishing layer on the model ---------------------------------------------------


def test_publishing_a_draft_whose_expiry_has_passed_is_refused_with_a_message(publisher_client):
    article = make_article(
        "期限切れの下書き",
        status=Article.Status.DRAFT,
        expires_at=timezone.now() - datetime.timedelta(days=1),
    )
    response = publisher_client.post(
        CHANGELIST, {"action": "publish", "_selected_action": [article.pk]}, follow=True
    )
    assert response.status_code == 200
    messages = [str(m) for m in response.context["messages"]]
    assert any(
        "「期限切れの下書き」: 公開終了日時" in m and "公開できません" in m for m in messages
    )
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_the_model_refuses_to_publish_for_someone_who_may_not(editor_user, publisher_user):
    from django.core.exceptions import PermissionDenied

    article = make_article(status=Article.Status.REVIEW)
    with pytest.raises(PermissionDenied):
        article.publish(by=editor_user)
    assert article.publish(by=publisher_user) is True
    with pytest.raises(PermissionDenied):
        article.unpublish(by=editor_user)
    article.refresh_from_db()
    assert article.is_live()


@pytest.mark.parametrize("visibility", Article.Visibility.values)
def test_sql_and_python_agree_on_every_visibility(visibility):
    now = timezone.now()
    hour = datetime.timedelta(hours=1)
    examples = [
        make_article(status=Article.Status.DRAFT),
        make_article(status=Article.Status.REVIEW, published_at=now - hour),
        make_article(published_at=now + hour),
        make_article(published_at=now - hour),
        make_article(published_at=now - 2 * hour, expires_at=now - hour),
        make_article(published_at=now - 2 * hour, expires_at=now),
        make_article(published_at=now, expires_at=now + hour),
    ]
    in_sql = set(Article.objects.with_visibility(visibility, now).values_list("pk", flat=True))
    in_python = {a.pk for a in examples if a.visibility(now) == visibility}
    assert in_sql == in_python
    assert in_sql  # every visibility has an example
