"""Portraits and hero images carry nothing but pixels, at the sizes the page needs."""

import io
import re
import textwrap

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from PIL import Image

from careers.core import images
from interviews.models import Article, StaffProfile
from tests.factories import make_article, make_profile
from tests.forms import form_data

pytestmark = pytest.mark.django_db

SERIAL = "SERIAL-998877"
AUTHOR = "Yamada Taro"


def phone_photo(size=(400, 300), orientation=6):
    """A JPEG as a phone writes it: GPS position, camera serial, author, rotation flag."""
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x013B] = AUTHOR
    exif[0x0112] = orientation
    exif.get_ifd(0x8769)[0xA431] = SERIAL
    exif.get_ifd(0x8825).update({1: "N", 2: (35.0, 41.0, 22.0), 3: "E", 4: (139.0, 41.0, 30.0)})
    buffer = io.BytesIO()
    Image.new("RGB", size, "#336699").save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def png(size=(300, 200), mode="RGB"):
    buffer = io.BytesIO()
    Image.new(mode, size).save(buffer, "PNG")
    return buffer.getvalue()


def upload_photo(client, article, data, name="IMG_0001.JPG"):
    url = reverse("admin:interviews_article_change", args=[article.pk])
    post = form_data(client.get(url).content.decode())
    post["profiles-0-photo"] = SimpleUploadedFile(name, data)
    post["profiles-0-photo_alt"] = "Aさんの写真"
    return client.post(url, post)


def stored_bytes(fieldfile):
    with fieldfile.open("rb") as fh:
        return fh.read()


# --- what is stored -------------------------------------------------------------------


def test_a_phone_photo_uploaded_in_admin_is_stored_without_any_metadata(publisher_client):
    article = make_article(people=1)
    response = upload_photo(publisher_client, article, phone_photo())
    assert response.status_code == 302
    photo = StaffProfile.objects.get().photo
    data = stored_bytes(photo)
    assert SERIAL.encode() not in data and AUTHOR.encode() not in data
    with Image.open(io.BytesIO(data)) as image:
        assert dict(image.getexif()) == {}
        assert "icc_profile" not in image.info
        assert image.size == (300, 400)  # the rotation flag is applied to the pixels
    assert re.fullmatch(r"profiles/\d{4}/[0-9a-f]{32}\.jpg", photo.name)  # not IMG_0001.JPG


def test_the_public_page_serves_the_photo_without_metadata_at_the_size_it_needs(
    publisher_client, client
):
    article = make_article(people=1)
    upload_photo(publisher_client, article, phone_photo(size=(1200, 900)))
    html = client.get(article.get_absolute_url()).content.decode()
    source = re.search(r'<source type="image/webp" srcset="([^"]+)" sizes="96px">', html)
    assert source, html
    candidates = [c.strip().split(" ") for c in source.group(1).split(",")]
    assert [width for _, width in candidates] == ["96w", "192w", "288w"]
    photo = StaffProfile.objects.get().photo
    assert f'width="{photo.width}" height="{photo.height}"' in html
    for url, width in candidates:
        name = url.removeprefix("/media/")
        with default_storage.open(name) as fh, Image.open(fh) as image:
            assert image.format == "WEBP"
            assert image.width == int(width.removesuffix("w"))
            assert dict(image.getexif()) == {}


def test_an_image_narrower_than_the_renditions_is_never_scaled_up(publisher_client, client):
    article = make_article(people=1)
    upload_photo(publisher_client, article, png(size=(150, 150)), name="small.png")
    photo = StaffProfile.objects.get().photo
    assert images.rendition_sizes(photo.width, (96, 192, 288)) == [96, 150]
    html = client.get(article.get_absolute_url()).content.decode()
    assert ".w96.webp 96w" in html and ".w150.webp 150w" in html


@pytest.mark.parametrize(
    "payload",
    [b"<?php system($_GET['c']); ?>", b"<script>alert(document.cookie)</script>"],
)
def test_bytes_appended_to_an_image_are_not_stored(publisher_client, payload):
    article = make_article(people=1)
    assert upload_photo(publisher_client, article, png() + payload, "a.png").status_code == 302
    assert payload not in stored_bytes(StaffProfile.objects.get().photo)


def test_a_huge_original_is_scaled_down_before_it_is_stored():
    clean = images.clean_image(io.BytesIO(png(size=(6000, 4000), mode="L")))
    assert (clean.width, clean.height) == (images.MAX_SIDE, 1600)


# --- what is refused ----------------------------------------------------------------------


def huge_bilevel_png():
    buffer = io.BytesIO()
    Image.new("1", (10_000, 10_000)).save(buffer, "PNG")  # 100 megapixels, a few KB
    return buffer.getvalue()


def tiff():
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20)).save(buffer, "TIFF")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (huge_bilevel_png(), "画素数が多すぎます"),
        (phone_photo()[:1500], "途中までしか保存されていない"),
        (b"not an image at all", "画像として読み込めません"),
        (tiff(), "この形式（TIFF）の画像は使えません"),
        (b"\x00\x00\x00\x18ftypheic" + b"\x00" * 64, "HEIC 形式"),
        (png() + b"\x00" * (10 * 1024 * 1024), "ファイルサイズが大きすぎます"),
    ],
    ids=["100-megapixels", "truncated", "text", "tiff", "heic", "over-10MB"],
)
def test_an_unsafe_upload_is_refused_with_a_form_error(publisher_client, data, message):
    article = make_article(people=1)
    response = upload_photo(publisher_client, article, data, "upload.jpg")
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not StaffProfile.objects.get().photo


# --- no orphans -----------------------------------------------------------------------------


def test_a_replaced_photo_and_its_renditions_are_removed(
    publisher_client, django_capture_on_commit_callbacks
):
    article = make_article()
    profile = make_profile(article)
    profile.photo.save("first.png", io.BytesIO(png()))
    first = profile.photo.name
    assert default_storage.exists(f"{first}.w96.webp")
    with django_capture_on_commit_callbacks(execute=True):
        upload_photo(publisher_client, article, png(size=(310, 200)), "second.png")
    assert StaffProfile.objects.get().photo.name != first
    assert not default_storage.exists(first)
    assert not default_storage.exists(f"{first}.w96.webp")


def test_a_deleted_article_leaves_no_files_unless_its_history_needs_them(
    django_capture_on_commit_callbacks,
):
    article = make_article()
    profile = make_profile(article)
    profile.photo.save("a.png", io.BytesIO(png()))
    name = profile.photo.name
    with django_capture_on_commit_callbacks(execute=True):
        article.delete()
    assert not default_storage.exists(name)


def test_a_photo_that_a_version_in_history_refers_to_is_kept_for_a_restore(
    publisher_client, django_capture_on_commit_callbacks
):
    article = make_article(people=1)
    upload_photo(publisher_client, article, png(), "first.png")  # recorded in the history
    first = StaffProfile.objects.get().photo.name
    with django_capture_on_commit_callbacks(execute=True):
        upload_photo(publisher_client, article, png(size=(320, 200)), "second.png")
    assert default_storage.exists(first)


def test_clean_media_removes_files_nothing_refers_to(tmp_path):
    article = make_article()
    profile = make_profile(article)
    profile.photo.save("a.png", io.BytesIO(png()))
    kept = profile.photo.name
    default_storage.save("profiles/2020/0123456789abcdef0123456789abcdef.png", io.BytesIO(png()))
    default_storage.save(
        "profiles/2020/0123456789abcdef0123456789abcdef.png.w96.webp", io.BytesIO(b"x")
    )
    out = io.StringIO()
    call_command("clean_media", stdout=out)
    assert "1 件" in out.getvalue()
    assert default_storage.exists(kept) and default_storage.exists(f"{kept}.w96.webp")
    assert not default_storage.exists("profiles/2020/0123456789abcdef0123456789abcdef.png")


# --- the importer uses the same rules --------------------------------------------------


ARTICLE = textwrap.dedent(
    """\
    slug: photo-article
    title: 写真のある記事
    profiles:
      - label: Aさん
        affiliation: 総務局
        photo: images/a.jpg
        photo_alt: Aさんの写真
    """
)


def import_with_photo(tmp_path, data):
    (tmp_path / "images").mkdir(exist_ok=True)
    (tmp_path / "images" / "a.jpg").write_bytes(data)
    (tmp_path / "a.yaml").write_text(ARTICLE, encoding="utf-8")
    call_command("import_interviews", str(tmp_path / "a.yaml"), stdout=io.StringIO())


def test_an_imported_photo_is_stored_without_metadata(tmp_path):
    import_with_photo(tmp_path, phone_photo())
    photo = Article.objects.get().profiles.get().photo
    data = stored_bytes(photo)
    assert SERIAL.encode() not in data and AUTHOR.encode() not in data
    assert (photo.width, photo.height) == (300, 400)
    assert default_storage.exists(f"{photo.name}.w96.webp")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (huge_bilevel_png(), "画素数が多すぎます"),
        (phone_photo()[:1500], "画像として読み込めません"),
    ],
    ids=["decompression-bomb", "truncated"],
)
def test_an_unsafe_imported_image_is_a_problem_not_a_traceback(tmp_path, capsys, data, message):
    with pytest.raises(CommandError):
        import_with_photo(tmp_path, data)
    err = capsys.readouterr().err
    assert "a.yaml:6: profiles[0].photo: images/a.jpg: " in err
    assert message in err
    assert "Traceback" not in err
    assert not Article.objects.exists()
