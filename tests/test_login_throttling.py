"""Wrong passwords on /admin/login/ lock the user name and the address out for a while."""

import datetime
import re

import pytest
import time_machine
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

LOGIN = reverse("admin:login")
PASSWORD = "correct-horse-battery-42"


@pytest.fixture
def hr_user(django_user_model):
    return django_user_model.objects.create_user("hr", password=PASSWORD, is_staff=True)


def attempt(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password, "next": "/admin/"})


def fail(client, username, times):
    """Wrong passwords; the last of AXES_FAILURE_LIMIT of them already locks out."""
    return [attempt(client, username, "wrong").status_code for _ in range(times)]


def test_the_right_password_is_refused_after_five_wrong_ones(client, hr_user, settings):
    codes = fail(client, "hr", settings.AXES_FAILURE_LIMIT)
    assert codes == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    response = attempt(client, "hr", PASSWORD)
    assert response.status_code == 429
    html = response.content.decode()
    assert "ログインを一時的に止めています" in html
    assert "15 分ほど待ってから" in html
    assert "_auth_user_id" not in client.session


def test_the_lockout_does_not_tell_whether_a_user_exists(hr_user, settings):
    existing, unknown = Client(REMOTE_ADDR="192.0.2.1"), Client(REMOTE_ADDR="192.0.2.2")
    fail(existing, "hr", settings.AXES_FAILURE_LIMIT)
    fail(unknown, "nobody", settings.AXES_FAILURE_LIMIT)
    locked_existing = attempt(existing, "hr", "wrong")
    locked_unknown = attempt(unknown, "nobody", "wrong")
    assert locked_existing.status_code == locked_unknown.status_code == 429
    without_nonce = [
        re.sub(r'nonce="[^"]*"', "", r.content.decode()) for r in (locked_existing, locked_unknown)
    ]
    assert without_nonce[0] == without_nonce[1]


def test_an_address_that_guesses_many_names_is_locked_out(hr_user, settings):
    attacker = Client(REMOTE_ADDR="198.51.100.7")
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt(attacker, f"guess{n}", "wrong")
    assert attempt(attacker, "hr", PASSWORD).status_code == 429
    # The real user, from elsewhere, is not locked out by the attacker's guesses.
    assert attempt(Client(REMOTE_ADDR="192.0.2.10"), "hr", PASSWORD).status_code == 302


def test_a_user_name_is_locked_out_from_every_address(hr_user, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt(Client(REMOTE_ADDR=f"203.0.113.{n + 1}"), "hr", "wrong")
    assert attempt(Client(REMOTE_ADDR="203.0.113.99"), "hr", PASSWORD).status_code == 429


def test_the_lockout_ends_by_itself_after_the_cool_off(client, hr_user, settings):
    fail(client, "hr", settings.AXES_FAILURE_LIMIT)
    later = datetime.datetime.now(datetime.UTC) + settings.AXES_COOLOFF_TIME
    with time_machine.travel(later + datetime.timedelta(seconds=1)):
        assert attempt(client, "hr", PASSWORD).status_code == 302


def test_a_publisher_unlocks_a_user_by_deleting_the_record(publisher_client, hr_user, settings):
    locked = Client()
    fail(locked, "hr", settings.AXES_FAILURE_LIMIT)
    record = AccessAttempt.objects.get(username="hr")
    url = reverse("admin:axes_accessattempt_delete", args=[record.pk])
    assert publisher_client.post(url, {"post": "yes"}).status_code == 302
    assert attempt(locked, "hr", PASSWORD).status_code == 302


def test_an_editor_cannot_unlock(editor_client, hr_user, settings):
    fail(Client(), "hr", settings.AXES_FAILURE_LIMIT)
    record = AccessAttempt.objects.get(username="hr")
    url = reverse("admin:axes_accessattempt_delete", args=[record.pk])
    assert editor_client.post(url, {"post": "yes"}).status_code == 403
    assert AccessAttempt.objects.filter(pk=record.pk).exists()


def test_the_client_address_behind_the_proxy_is_the_one_the_proxy_appended(hr_user, settings):
    # A client may send its own X-Forwarded-For; the load balancer appends the real address.
    spoofing = Client(HTTP_X_FORWARDED_FOR="10.9.9.9, 198.51.100.20", REMOTE_ADDR="10.0.0.2")
    attempt(spoofing, "hr", "wrong")
    assert AccessAttempt.objects.get().ip_address == "198.51.100.20"
