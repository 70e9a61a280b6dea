"""Events (説明会・イベント): when and where (online or a place), for whom, how to
register, and for past events a report. Published like any other content; whether an
event is upcoming or past is the clock's business (its end is a boundary of the page
cache). Each event is an iCalendar file, and the upcoming ones a calendar feed that
calendar apps subscribe to (RFC 5545, written here: a few lines, no dependency)."""

import datetime

import reversion
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from careers.core.publishing import Publishable
from careers.core.rendering import MARKDOWN_HELP
from careers.core.slugs import readable_slug_field, title_slug
from careers.core.validation import validate_date_in_range

END_AFTER_START = "終了日時は開始日時より後にしてください。"
PLACE_NEEDED = (
    "会場で開くイベントには会場を書いてください（オンラインなら「オンライン」にチェック）。"
)


@reversion.register()
class Event(Publishable):
    title = models.CharField("タイトル", max_length=200)
    slug = readable_slug_field(
        "URL に使う半角の小文字英数字とハイフン。空欄のまま保存するとタイトルのローマ字から付けます。"
    )
    starts_at = models.DateTimeField("開始日時", validators=[validate_date_in_range])
    ends_at = models.DateTimeField("終了日時", validators=[validate_date_in_range])
    online = models.BooleanField("オンライン", default=False)
    place = models.CharField(
        "会場", max_length=200, blank=True, help_text="例: 都庁第一本庁舎 5階 大会議場"
    )
    audience = models.CharField(
        "対象", max_length=200, blank=True, help_text="例: 2028年3月卒業見込みの学生"
    )
    capacity_note = models.CharField("定員", max_length=100, blank=True, help_text="例: 先着100名")
    registration_url = models.URLField(
        "申込先の URL",
        blank=True,
        help_text="申込フォームのページ（https://…）。開催前だけ案内します。",
    )
    body = models.TextField("内容", blank=True, help_text=MARKDOWN_HELP)
    report = models.TextField(
        "開催報告",
        blank=True,
        help_text="終わったイベントのページに表示します。インタビュー記事へのリンクも書けます。"
        + MARKDOWN_HELP,
    )

    # Its end moves it from upcoming to past on every page that lists it.
    boundary_fields = (*Publishable.boundary_fields, "ends_at")
    # Moving a published event is a publisher's decision, like its publication date.
    timing_fields = ("starts_at", "ends_at")

    class Meta(Publishable.Meta):
        db_table = "careers_event"  # the table keeps the name it had before this app
        ordering = [models.F("starts_at").desc(), "-id"]
        verbose_name = "イベント"
        verbose_name_plural = "説明会・イベント"
        permissions = [("publish_event", "イベントを公開・公開停止できる")]

    def __str__(self):
        return self.title

    def content_errors(self):
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = END_AFTER_START
        if not self.online and not self.place.strip():
            errors["place"] = PLACE_NEEDED
        return errors

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = title_slug(Event, self.title, "event", timezone.localdate(self.starts_at))
        super().save(*args, **kwargs)

    def is_past(self, now=None):
        return self.ends_at <= (now or timezone.now())

    def where(self):
        return (
            "オンライン" + (f"（{self.place}）" if self.place else "")
            if self.online
            else self.place
        )

    def get_absolute_url(self):
        return reverse("events:detail", kwargs={"slug": self.slug})

    def get_preview_url(self):
        return reverse("events:preview", kwargs={"slug": self.slug})

    def get_ics_url(self):
        return reverse("events:ics", kwargs={"slug": self.slug})


# --- iCalendar (RFC 5545) ------------------------------------------------------------------


def ics_text(value):
    """TEXT as RFC 5545 §3.3.11 escapes it."""
    value = str(value).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")


def fold(line):
    """A content line folded at 75 octets, never inside a UTF-8 character (§3.1)."""
    out, current = [], b""
    for char in line:
        encoded = char.encode()
        limit = 75 if not out else 74  # continuation lines start with a space
        if len(current) + len(encoded) > limit:
            out.append(current)
            current = b""
        current += encoded
    out.append(current)
    return "\r\n ".join(part.decode() for part in out)


def calendar(events, request, name):
    """A VCALENDAR of events, as bytes with CRLF line ends."""
    host = request.get_host().split(":")[0]
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//{ics_text(settings.SITE_NAME)}//careers-portal//JA",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{ics_text(name)}",
        "X-WR-TIMEZONE:Asia/Tokyo",
    ]
    for event in events:
        url = request.build_absolute_uri(event.get_absolute_url())
        description = event.body
        if event.registration_url:
            description = f"{description}\n\n申込: {event.registration_url}".strip()
        lines += [
            "BEGIN:VEVENT",
            f"UID:event-{event.pk}@{host}",
            f"DTSTAMP:{utc(event.updated_at)}",
            f"DTSTART:{utc(event.starts_at)}",
            f"DTEND:{utc(event.ends_at)}",
            f"SUMMARY:{ics_text(event.title)}",
            f"LOCATION:{ics_text(event.where())}",
            f"DESCRIPTION:{ics_text(description)}",
            f"URL:{url}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(fold(line) for line in lines) + "\r\n").encode()


def utc(moment):
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
