"""What text may carry, on every model of our apps (careers/validation.py): no control
characters in any text field, whichever way the text comes in. Rows nobody types are
named in MACHINE_WRITTEN; any other field left out of the rule fails here."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.test import Client
from django.urls import reverse

from careers.models import HomeMessage
from careers.validation import MACHINE_WRITTEN


def label(model, field):
    return f"{model._meta.label}.{field.name}"


TEXT_FIELDS = [
    (model, field)
    for app in ("careers", "interviews")
    for model in apps.get_app_config(app).get_models()
    for field in model._meta.concrete_fields
    if isinstance(field, (models.CharField, models.TextField))
]
CHECKED = [(m, f) for m, f in TEXT_FIELDS if label(m, f) not in MACHINE_WRITTEN]


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
    change = reverse("admin:careers_homemessage_change", args=[message.pk])
    response = publisher_client.post(
        change, {"heading": f"ICT職の{typed}仕事", "lead": f"説明会を{typed}開きます。"}
    )
    assert response.status_code == 200
    assert response.content.decode().count(named) == 2  # heading and lead
    message.refresh_from_db()
    assert (message.heading, message.lead) == ("元の見出し", "元の案内文")
    html = Client().get("/").content.decode()
    assert "元の見出し" in html and typed not in html
