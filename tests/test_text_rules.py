"""What text may carry, on every model of our apps (careers/validation.py): no control
characters in any text field, no line breaks in a single-line one, whichever way the
text comes in. Rows nobody types are named in MACHINE_WRITTEN; any other field left
out of the rule fails here."""

import pytest
from django.core.exceptions import ValidationError
from django.db import models
from django.test import Client
from django.urls import reverse

from careers.core.freshness import our_models
from careers.core.validation import MACHINE_WRITTEN
from careers.news.models import NewsPost
from careers.portal.models import HomeMessage
from interviews.models import Article
from tests.factories import make_article
from tests.forms import form_data


def label(model, field):
    return f"{model._meta.label}.{field.name}"


TEXT_FIELDS = [
    (model, field)
    for model in our_models()
    for field in model._meta.concrete_fields
    if isinstance(field, (models.CharField, models.TextField))
]
CHECKED = [(m, f) for m, f in TEXT_FIELDS if label(m, f) not in MACHINE_WRITTEN]
SINGLE_LINE = [(m, f) for m, f in CHECKED if isinstance(f, models.CharField)]
MULTI_LINE = [(m, f) for m, f in CHECKED if isinstance(f, models.TextField)]


def fields(pairs):
    return pytest.mark.parametrize(("model", "field"), pairs, ids=[label(*p) for p in pairs])


def clean(model, field, value):
    """The instance and the errors clean_fields() reports for field holding value."""
    instance = model()
    setattr(instance, field.attname, value)
    others = [f.name for f in model._meta.concrete_fields if f.name != field.name]
    try:
        instance.clean_fields(exclude=others)
    except ValidationError as exc:
        return instance, exc.message_dict.get(field.name, [])
    return instance, []


@fields(CHECKED)
def test_every_text_field_refuses_a_character_that_reorders_text(model, field):
    _, errors = clean(model, field, "逆向き\u202eの文字")
    assert any("文字の表示順を変える制御文字（U+202E" in e for e in errors)


@fields(SINGLE_LINE)
@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("一行目\u2028二行目", "行区切り文字（U+2028 line separator）"),
        ("一行目\u2029二行目", "段落区切り文字（U+2029 paragraph separator）"),
        ("一行目\r\n二行目", "改行（U+000D）"),
        ("一行目\n二行目", "改行（U+000A）"),
    ],
    ids=["U+2028", "U+2029", "CRLF", "LF"],
)
def test_every_single_line_field_refuses_a_line_break_and_names_it(model, field, text, named):
    _, errors = clean(model, field, text)
    assert any(named in e for e in errors)


@fields(MULTI_LINE)
def test_every_multi_line_field_keeps_line_breaks_and_takes_separators_as_them(model, field):
    instance, errors = clean(model, field, "一行目\u2028二行目\u2029次の段落\n最後")
    assert errors == []
    assert getattr(instance, field.attname) == "一行目\n二行目\n\n次の段落\n最後"


def test_the_fields_left_out_exist_and_say_why():
    assert set(MACHINE_WRITTEN) <= {label(m, f) for m, f in TEXT_FIELDS}
    assert all(reason.strip() for reason in MACHINE_WRITTEN.values())


# --- in the admin ---------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "named"), [("\u202e", "U+202E"), ("\x07", "U+0007")], ids=["U+202E", "BEL"]
)
def test_the_home_message_refuses_control_characters_and_the_home_page_never_serves_them(
    publisher_client, typed, named
):
    message = HomeMessage.objects.create(heading="元の見出し", lead="元の案内文")
    change = reverse("admin:portal_homemessage_change", args=[message.pk])
    response = publisher_client.post(
        change, {"heading": f"ICT職の{typed}仕事", "lead": f"説明会を{typed}開きます。"}
    )
    assert response.status_code == 200
    assert response.content.decode().count(named) == 2  # heading and lead
    message.refresh_from_db()
    assert (message.heading, message.lead) == ("元の見出し", "元の案内文")
    html = Client().get("/").content.decode()
    assert "元の見出し" in html and typed not in html


def news_post():
    return NewsPost.objects.create(title="元の題", body="本文です。", status=NewsPost.Status.DRAFT)


def article():
    return make_article("元の題", status=Article.Status.DRAFT)


@pytest.mark.django_db
@pytest.mark.parametrize("make", [news_post, article], ids=["news", "article"])
@pytest.mark.parametrize(
    ("title", "named"),
    [
        ("説明会の\u2028お知らせ", "行区切り文字（U+2028"),
        ("説明会の\r\nお知らせ", "改行（U+000D）"),
    ],
    ids=["line separator", "CRLF"],
)
def test_a_title_with_a_line_break_sent_for_review_is_a_form_error(
    editor_client,
    publisher_user,
    mailoutbox,
    django_capture_on_commit_callbacks,
    make,
    title,
    named,
):
    publisher_user.email = "publisher@example.jp"
    publisher_user.save()
    item = make()
    opts = item._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk])
    data = form_data(editor_client.get(url).content.decode(), f"{opts.model_name}_form")
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(url, {**data, "title": title, "status": "review"})
    assert response.status_code == 200
    assert named in response.content.decode()
    item.refresh_from_db()
    assert (item.title, item.status) == ("元の題", "draft")
    assert mailoutbox == []
