import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
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
    # The whole URL, to paste into an e-mail, and a copy button (shown by the script).
    assert f'value="http://testserver{link.get_absolute_url()}" readonly' in html
    assert 'data-copy="share-link-' in html and "js/admin-copy.js" in html
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
    link.refresh_from_db()
    assert link.visit_count == 1
    assert link.first_visited_at == link.last_visited_at is not None


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
    link.refresh_from_db()
    assert link.visit_count == 0


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


def test_visits_are_counted_in_one_row_however_many_there_are(client, draft):
    link = ShareLink.objects.create(article=draft)
    first = timezone.now()
    with time_machine.travel(first, tick=False):
        client.get(link.get_absolute_url())
    for _ in range(49):
        client.get(link.get_absolute_url())
    link.refresh_from_db()
    assert link.visit_count == 50
    assert link.first_visited_at == first < link.last_visited_at


def test_a_head_request_answers_but_is_not_counted_as_a_visit(client, draft):
    """Link checkers and chat previews ask with HEAD; nobody has read the draft."""
    link = ShareLink.objects.create(article=draft)
    response = client.head(link.get_absolute_url())
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    link.refresh_from_db()
    assert link.visit_count == 0


def test_unticking_revoked_does_not_revive_a_link(publisher_client, draft):
    link = ShareLink.objects.create(article=draft, revoked=True)
    url = reverse("admin:interviews_article_change", args=[draft.pk])
    data = form_data(publisher_client.get(url).content.decode())
    # Disabled, so a browser sends nothing, which is also what unticking would send.
    assert "share_links-0-revoked" not in data
    assert publisher_client.post(url, data).status_code == 302
    link.refresh_from_db()
    assert link.revoked
    assert client_status(link) == 410
    standalone = reverse("admin:interviews_sharelink_change", args=[link.pk])
    page = publisher_client.get(standalone).content.decode()
    assert "元に戻せません" in page
    publisher_client.post(standalone, {**form_data(page, "sharelink_form"), "revoked": ""})
    link.refresh_from_db()
    assert link.revoked
    link.revoked = False
    link.save()  # any other path: the model holds the rule
    link.refresh_from_db()
    assert link.revoked


def client_status(link):
    from django.test import Client

    return Client().get(link.get_absolute_url()).status_code


def test_a_link_cannot_be_moved_to_another_article(publisher_client, draft):
    other = make_article("別の記事", status=Article.Status.DRAFT)
    link = ShareLink.objects.create(article=draft)
    url = reverse("admin:interviews_sharelink_change", args=[link.pk])
    page = publisher_client.get(url).content.decode()
    assert 'name="article"' not in page  # shown, not editable
    data = {**form_data(page, "sharelink_form"), "article": str(other.pk)}
    publisher_client.post(url, data)
    link.refresh_from_db()
    assert link.article == draft
    link.article = other
    with pytest.raises(ValidationError, match="記事は変更できません"):
        link.full_clean()
