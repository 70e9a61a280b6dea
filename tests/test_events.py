"""Events: upcoming and past by the clock, Event data, an iCalendar file per event and a
calendar of the upcoming ones that calendar apps read; nothing unpublished on any."""

import datetime
import json
import re

import pytest
import time_machine
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.urls import reverse

from careers.events.models import Event, calendar, fold, ics_text

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 4, 1, 1, 0, tzinfo=datetime.UTC)
STARTS = datetime.datetime(2026, 4, 10, 9, 0, tzinfo=datetime.UTC)  # 18:00 in Tokyo
ENDS = STARTS + datetime.timedelta(hours=1, minutes=30)
SECOND = datetime.timedelta(seconds=1)
CALENDAR = reverse("events:calendar")


@pytest.fixture(autouse=True)
def _empty_cache():
    caches["default"].clear()
    yield
    caches["default"].clear()


def make_event(title="オンライン仕事説明会", **fields):
    fields.setdefault("status", Event.Status.PUBLISHED)
    fields.setdefault("published_at", NOW - SECOND)
    fields.setdefault("starts_at", STARTS)
    fields.setdefault("ends_at", ENDS)
    fields.setdefault("online", True)
    return Event.objects.create(title=title, body=fields.pop("body", "職員が話します。"), **fields)


def unfolded(body):
    """The content lines of an iCalendar body (RFC 5545 §3.1 unfolding)."""
    text = body.decode()
    assert "\n" not in text.replace("\r\n", "")  # CRLF only
    return text.replace("\r\n ", "").split("\r\n")


def test_an_event_moves_from_upcoming_to_past_at_its_end_through_the_cache(client):
    event = make_event()
    with time_machine.travel(ENDS - 2 * SECOND, tick=False):
        page = client.get(reverse("events:list")).content.decode()
        assert (
            page.index("これからのイベント")
            < page.index("オンライン仕事説明会")
            < page.index("終わったイベント")
        )
        assert "オンライン仕事説明会" in client.get("/").content.decode()
        assert "SUMMARY:オンライン仕事説明会" in unfolded(client.get(CALENDAR).content)
    with time_machine.travel(ENDS, tick=False):
        page = client.get(reverse("events:list")).content.decode()
        assert page.index("終わったイベント") < page.index("オンライン仕事説明会")
        assert "SUMMARY:オンライン仕事説明会" not in unfolded(client.get(CALENDAR).content)
        detail = client.get(event.get_absolute_url()).content.decode()
    assert "このイベントは終了しました" in detail


def test_the_event_page_carries_event_data(client):
    event = make_event(
        online=False, place="都庁第一本庁舎 32階", registration_url="https://example.jp/e/"
    )
    with time_machine.travel(NOW, tick=False):
        html = client.get(event.get_absolute_url()).content.decode()
    raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1]
    described = next(d for d in json.loads(raw) if d["@type"] == "Event")
    assert described["startDate"] == "2026-04-10T18:00:00+09:00"
    assert described["location"] == {
        "@type": "Place",
        "name": "都庁第一本庁舎 32階",
        "address": "都庁第一本庁舎 32階",
    }
    assert described["eventAttendanceMode"].endswith("OfflineEventAttendanceMode")
    assert 'href="https://example.jp/e/"' in html and event.get_ics_url() in html


def test_the_ics_file_is_what_calendar_apps_read(client):
    event = make_event('説明会, 第1回; "特別編"', body="一行目\n二行目\\" + "あ" * 60)
    with time_machine.travel(NOW, tick=False):
        response = client.get(event.get_ics_url())
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    raw = response.content
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))  # folded in octets
    lines = unfolded(raw)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR" and lines[-1] == ""
    assert 'SUMMARY:説明会\\, 第1回\\; "特別編"' in lines
    assert "DTSTART:20260410T090000Z" in lines and "DTEND:20260410T103000Z" in lines
    assert any(line.startswith(f"UID:event-{event.pk}@") for line in lines)
    description = next(line for line in lines if line.startswith("DESCRIPTION:"))
    assert description.startswith("DESCRIPTION:一行目\\n二行目\\\\")


def test_folding_never_splits_a_character():
    line = "DESCRIPTION:" + "日本語" * 40
    folded = fold(line).encode()
    for part in folded.split(b"\r\n"):
        assert len(part) <= 75
        part.decode()  # each physical line is whole UTF-8
    assert fold(line).replace("\r\n ", "") == line
    assert ics_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


@pytest.mark.parametrize(
    "fields",
    [
        {"status": Event.Status.DRAFT},
        {"status": Event.Status.REVIEW},
        {"published_at": NOW + SECOND},
        {"expires_at": NOW},
    ],
    ids=["draft", "review", "scheduled", "expired"],
)
def test_an_event_that_is_not_live_is_on_no_surface(client, fields):
    hidden = make_event("見えてはいけないイベント", **fields)
    with time_machine.travel(NOW, tick=False):
        assert client.get(hidden.get_absolute_url()).status_code == 404
        assert client.get(hidden.get_ics_url()).status_code == 404
        for url in ("/", reverse("events:list"), CALENDAR, "/sitemap-events.xml"):
            assert "見えてはいけない" not in client.get(url).content.decode(), url


def test_an_event_ends_after_it_starts_and_has_a_place_unless_online():
    event = Event(title="x", starts_at=ENDS, ends_at=STARTS, online=False, place="")
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert set(error.value.message_dict) >= {"ends_at", "place"}


def test_the_calendar_of_nothing_is_still_a_calendar(rf):
    lines = unfolded(calendar([], rf.get("/"), "説明会"))
    assert lines[:2] == ["BEGIN:VCALENDAR", "VERSION:2.0"] and "END:VCALENDAR" in lines
