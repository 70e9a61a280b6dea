import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from interviews.models import Article, ShareLink
from tests.factories import make_article, make_profile
from tests.forms import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    article = make_article("確認をお願いする記事", status=Article.Status.DRAFT)
    make_profile(article, label="Aさん")
    return article


def test_publisher_creates_a_share_link_from_the_article_form(
    publisher_client, publisher_user, draft
):
    url = reverse("admin:interviews_article_change", args=[draft.pk])
    data = form_data(publisher_client.get(url).content.decode())
    data.update({"share_links-TOTAL_FORMS": "1", "share_links-0-article": str(draft.pk)})
    default_expiry = (timezone.localtime() + datetime.timedelta(days=7)).strftime("%Y-%m-%d")
    data.update(
        {"share_links-0-expires_at_0": default_expiry, "share_links-0-expires_at_1": "18:00:00"}
    )
    assert publisher_client.post(url, data).status_code == 302
    link = ShareLink.objects.get()
    assert link.created_by == publisher_user
    html = publisher_client.get(url).content.decode()
    assert link.get_absolute_url() in html
    assert "まだ開かれていません" in html


def test_share_link_expires_after_seven_days_by_default(draft):
    link = ShareLink.objects.create(article=draft)
    remaining = link.expires_at - timezone.now()
    assert datetime.timedelta(days=6, hours=23) < remaining <= datetime.timedelta(days=7)


def test_editor_cannot_create_share_links(editor_client, draft):
    html = editor_client.get(reverse("admin:interviews_article_change", args=[draft.pk])).content
    assert "share_links-TOTAL_FORMS" not in html.decode()
    assert editor_client.get(reverse("admin:interviews_sharelink_add")).status_code == 403


def test_share_link_shows_the_draft_read_only_to_anyone_and_records_the_visit(client, draft):
    link = ShareLink.objects.create(article=draft)
    response = client.get(link.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "確認をお願いする記事" in html
    assert "プレビュー：この記事は公開されていません" in html
    assert "/admin/" not in html
    assert response["X-Robots-Tag"].startswith("noindex")
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"
    assert link.visits.count() == 1


def test_share_link_stops_working_when_it_expires(client, draft):
    link = ShareLink.objects.create(article=draft)
    with time_machine.travel(link.expires_at - datetime.timedelta(seconds=1), tick=False):
        assert client.get(link.get_absolute_url()).status_code == 200
    with time_machine.travel(link.expires_at, tick=False):
        response = client.get(link.get_absolute_url())
    assert response.status_code == 410
    assert "有効期限" in response.content.decode()
    assert "確認をお願いする記事" not in response.content.decode()


def test_revoked_share_link_stops_working_at_once(client, draft):
    link = ShareLink.objects.create(article=draft)
    link.revoked = True
    link.save()
    response = client.get(link.get_absolute_url())
    assert response.status_code == 410
    assert "無効" in response.content.decode()
    assert link.revoked_at is not None
    assert link.visits.count() == 0


@pytest.mark.parametrize(
    "tamper",
    [
        lambda signed: signed[:-1] + ("A" if signed[-1] != "A" else "B"),  # signature changed
        lambda signed: "x" + signed,  # token changed
        lambda signed: signed.split(":")[0],  # signature removed
    ],
    ids=["signature", "token", "unsigned"],
)
def test_tampered_share_link_is_404(client, draft, tamper):
    link = ShareLink.objects.create(article=draft)
    signed = link.get_absolute_url().rstrip("/").rsplit("/", 1)[1]
    url = reverse("interviews:shared-article", kwargs={"signed": tamper(signed)})
    assert client.get(url).status_code == 404


def test_share_link_of_one_draft_does_not_open_another(client, draft):
    other = make_article("別の下書き", status=Article.Status.DRAFT)
    link = ShareLink.objects.create(article=draft)
    html = client.get(link.get_absolute_url()).content.decode()
    assert "別の下書き" not in html
    assert client.get(other.get_absolute_url()).status_code == 404


def test_share_link_of_an_article_published_since_leads_to_the_public_page(client, draft):
    link = ShareLink.objects.create(article=draft)
    draft.status, draft.published_at = Article.Status.PUBLISHED, timezone.now()
    draft.save()
    response = client.get(link.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"] == draft.get_absolute_url()
