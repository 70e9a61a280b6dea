"""The home page as a portal HR steers: its lead message and the featured interviews."""

import pytest
from django.urls import reverse

from careers.portal.models import HomeMessage
from interviews.models import Article
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_hr_writes_the_lead_message(admin_client, client):
    assert "1日のスケジュールで知る、ICT職の仕事" in client.get("/").content.decode()  # the default
    add = reverse("admin:portal_homemessage_add")
    admin_client.post(add, {"heading": "ICT職の仕事を知ろう", "lead": "**説明会**を開いています。"})
    html = client.get("/").content.decode()
    assert '<h1 id="hero-heading">ICT職の仕事を知ろう</h1>' in html
    assert "<strong>説明会</strong>を開いています。" in html
    # One message: no second one to add, none to delete.
    assert admin_client.get(add).status_code == 403
    message = HomeMessage.objects.get()
    delete = reverse("admin:portal_homemessage_delete", args=[message.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403


def test_featured_interviews_lead_the_home_page_while_live(client):
    make_article("ふつうの記事")
    make_article("紹介したい記事", featured=True)
    make_article("紹介したい下書き", featured=True, status=Article.Status.DRAFT)
    html = client.get("/").content.decode()
    featured = html[html.index("おすすめのインタビュー") : html.index("受付中・受付予定")]
    assert "紹介したい記事" in featured and "ふつうの記事" not in featured
    assert "紹介したい下書き" not in html


def test_a_publisher_writes_the_message_and_an_editor_cannot(publisher_client, editor_user):
    from django.test import Client

    add = reverse("admin:portal_homemessage_add")
    assert (
        publisher_client.post(add, {"heading": "公開担当の見出し", "lead": ""}).status_code == 302
    )
    editor = Client()
    editor.force_login(editor_user)
    message = HomeMessage.objects.get()
    change = reverse("admin:portal_homemessage_change", args=[message.pk])
    editor.post(change, {"heading": "編集者の見出し", "lead": ""})
    message.refresh_from_db()
    assert message.heading == "公開担当の見出し"


def test_the_newest_three_featured_interviews_are_shown_live_or_not(client):
    import datetime

    start = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
    for n in range(4):
        make_article(f"紹介記事{n}", featured=True, published_at=start + datetime.timedelta(days=n))
    make_article(
        "紹介したい予約記事",
        featured=True,
        published_at=datetime.datetime(2099, 1, 1, tzinfo=datetime.UTC),
    )
    html = client.get("/").content.decode()
    featured = html[html.index("おすすめのインタビュー") : html.index("受付中・受付予定")]
    assert [f"紹介記事{n}" in featured for n in range(4)] == [False, True, True, True]
    assert featured.index("紹介記事3") < featured.index("紹介記事2") < featured.index("紹介記事1")
    assert "紹介したい予約記事" not in html
