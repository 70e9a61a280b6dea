"""Free pages HR writes: at the path HR chose (never one the site uses), in the header or
footer when live, and nowhere when not."""

import datetime

import pytest
import time_machine
from django.core.cache import caches
from django.core.exceptions import ValidationError

from careers.pages.models import FreePage, PageSection

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 4, 1, 1, 0, tzinfo=datetime.UTC)
SECOND = datetime.timedelta(seconds=1)


@pytest.fixture(autouse=True)
def _empty_cache():
    caches["default"].clear()
    yield
    caches["default"].clear()


def make_page(path="hatarakikata", title="働き方・待遇", **fields):
    fields.setdefault("status", FreePage.Status.PUBLISHED)
    fields.setdefault("published_at", NOW - SECOND)
    fields.setdefault("placement", FreePage.Placement.HEADER)
    page = FreePage.objects.create(path=path, title=title, lead="はじめに。", **fields)
    PageSection.objects.create(page=page, position=0, heading="勤務時間", body="7時間45分です。")
    return page


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("interviews", "サイトがすでに使っている URL"),
        ("admin", "サイトがすでに使っている URL"),
        ("routes", "サイトがすでに使っている URL"),
        ("news/feed", "サイトがすでに使っている URL"),
        ("static/x", "サイトがすでに使っている URL"),
        ("Hatarakikata", None),  # lower-cased, then accepted
        ("／ｈａｔａｒａｋｉｋａｔａ／", None),  # full-width, as a Japanese IME types it
        ("／ＡＤＭＩＮ／", "サイトがすでに使っている URL"),
        ("働き方", "半角の小文字英数字とハイフン"),
        ("a//b", "半角の小文字英数字とハイフン"),
    ],
)
def test_a_path_the_site_uses_or_cannot_serve_is_refused(path, message):
    page = FreePage(title="ページ", path=path)
    if message is None:
        page.full_clean()
        assert page.path == "hatarakikata"
        return
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert message in " ".join(error.value.message_dict["path"])


def test_a_live_page_is_served_at_its_path_and_placed_in_the_navigation(client):
    make_page()
    make_page("career/training", "研修", placement=FreePage.Placement.FOOTER)
    with time_machine.travel(NOW, tick=False):
        home = client.get("/").content.decode()
        page = client.get("/hatarakikata/").content.decode()
        nested = client.get("/career/training/")
    assert '<a href="/hatarakikata/">働き方・待遇</a>' in home
    assert '<a href="/career/training/">研修</a>' in home
    assert '<h2 id="section-' in page and "7時間45分です。" in page
    assert '<a href="/hatarakikata/" aria-current="page">' in page
    assert nested.status_code == 200


@pytest.mark.parametrize(
    "fields",
    [
        {"status": FreePage.Status.DRAFT},
        {"status": FreePage.Status.REVIEW},
        {"published_at": NOW + SECOND},
        {"expires_at": NOW},
    ],
    ids=["draft", "review", "scheduled", "expired"],
)
def test_a_page_that_is_not_live_is_nowhere(client, fields):
    make_page(**fields)
    with time_machine.travel(NOW, tick=False):
        assert client.get("/hatarakikata/").status_code == 404
        for url in ("/", "/sitemap-pages-hr.xml"):
            assert "hatarakikata" not in client.get(url).content.decode()


def test_a_page_scheduled_for_later_joins_the_navigation_at_its_time(client):
    make_page(published_at=NOW + 10 * SECOND)
    with time_machine.travel(NOW, tick=False):
        assert "/hatarakikata/" not in client.get("/").content.decode()
    with time_machine.travel(NOW + 10 * SECOND, tick=False):
        assert "/hatarakikata/" in client.get("/").content.decode()


def test_an_unknown_path_is_a_plain_404(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "ページが見つかりません" in response.content.decode()


def test_a_section_image_needs_its_alt_text():
    from io import BytesIO

    from django.core.files.base import ContentFile
    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (64, 48), "#0b5cad").save(buffer, "PNG")
    section = PageSection(page=make_page(), heading="写真")
    section.image.save("x.png", ContentFile(buffer.getvalue()), save=False)
    with pytest.raises(ValidationError) as error:
        section.clean()
    assert "image_alt" in error.value.message_dict


def test_staff_preview_a_draft_page(editor_client):
    page = make_page(status=FreePage.Status.DRAFT)
    response = editor_client.get(page.get_preview_url())
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex, nofollow"


@pytest.mark.parametrize("url", ["/a%00b/", "/%E2%80%AEevil/", "/UPPER/", "/" + "x" * 300 + "/"])
def test_a_path_no_page_can_have_is_a_plain_404(client, url):
    assert client.get(url).status_code == 404
