"""Dates and times in Japanese, as HR types them and as the site writes them.

Written: every Japanese date and time the site or the admin shows comes from the
three functions below (in local time), so that one style holds everywhere:
「2026年11月27日 10:35」, 「11月27日 10:35」, 「2026年11月27日」.

Typed: times of day as HR types them, for the admin and the import files alike.

A Japanese IME gives full-width digits and colon (「９：００」); people also write
9時, 9時30分, 9時半, 0930, 9.30, 午後2時. All of them mean one time of day, stored
and shown as 09:00 (no seconds). One parser, so the admin and the importer accept
the same things and say the same thing when they cannot.
"""

import datetime
import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone


def date_time_words(moment):
    """「2026年11月27日 10:35」 in local time."""
    moment = timezone.localtime(moment)
    return f"{moment.year}年{moment.month}月{moment.day}日 {moment:%H:%M}"


def month_day_time(moment):
    """「11月27日 10:35」 in local time: a moment of this year's schedule."""
    moment = timezone.localtime(moment)
    return f"{moment.month}月{moment.day}日 {moment:%H:%M}"


def date_words(day):
    """「2026年11月27日」 for a date."""
    return f"{day.year}年{day.month}月{day.day}日"


TIME_FORMAT_ERROR = (
    "時刻は 9:00・9時30分・0930 のように、0:00〜23:59 の範囲で入力してください"
    "（全角の数字でもかまいません）。"
)
TIME_HELP = "例: 9:00、9時30分、0930（全角でも入力できます）"

_FORMS = [
    re.compile(r"^(?P<h>\d{1,2})[:.](?P<m>\d{2})(?::(?P<s>\d{2}))?$"),  # 9:00 9.30 09:00:00
    re.compile(r"^(?P<h>\d{1,2})(?P<m>\d{2})$"),  # 0930 930
    re.compile(r"^(?P<h>\d{1,2})時(?:(?P<m>\d{1,2})分|(?P<half>半))?$"),  # 9時 9時5分 9時半
    re.compile(r"^(?P<h>\d{1,2})$"),  # 9
]


def parse_time_of_day(text, *, seconds=False):
    """The time of day in text, or None if it is not one of the forms above. Seconds
    other than :00 are kept only where a moment has them (a publication time)."""
    text = unicodedata.normalize("NFKC", str(text)).strip().replace(" ", "")
    afternoon = text.startswith("午後")
    text = text.removeprefix("午前").removeprefix("午後")
    for pattern in _FORMS:
        match = pattern.match(text)
        if match:
            hour = int(match["h"])
            minute = 30 if match.groupdict().get("half") else int(match.groupdict().get("m") or 0)
            second = int(match.groupdict().get("s") or 0)
            if afternoon and hour < 12:
                hour += 12
            if hour < 24 and minute < 60 and second < 60 and (seconds or not second):
                return datetime.time(hour, minute, second)
            return None
    return None


class TimeOfDayField(forms.TimeField):
    """A form field for a time of day that takes what people type (see the module)."""

    widget = forms.TimeInput(format="%H:%M", attrs={"size": 8, "autocomplete": "off"})
    default_error_messages = {"invalid": TIME_FORMAT_ERROR}
    seconds = False

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.time):
            return value if self.seconds else value.replace(second=0, microsecond=0)
        parsed = parse_time_of_day(value, seconds=self.seconds)
        if parsed is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return parsed


DATE_FORMAT_ERROR = (
    "日付は 2026-04-01・2026/4/1・2026年4月1日 のように入力してください"
    "（全角の数字でもかまいません）。"
)
_DATE = re.compile(r"^(?P<y>\d{4})[-/.年](?P<m>\d{1,2})[-/.月](?P<d>\d{1,2})日?$")


def parse_day(text):
    """The date in text (2026-04-01, 2026/4/1, 2026年4月1日, full-width alike), or None."""
    text = unicodedata.normalize("NFKC", str(text)).strip().replace(" ", "")
    match = _DATE.match(text.replace("ー", "-").replace("−", "-"))
    if not match:
        return None
    try:
        return datetime.date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:  # 2026-02-30
        return None


class DayField(forms.DateField):
    """A form field for a date that takes what people type (see parse_day)."""

    default_error_messages = {"invalid": DATE_FORMAT_ERROR}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        parsed = parse_day(value)
        if parsed is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return parsed


class MomentField(forms.SplitDateTimeField):
    """The admin's date-and-time field (two boxes), each box taking what people type."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        incomplete = {"incomplete": self.error_messages["incomplete"]}
        self.fields = (
            DayField(required=False, disabled=self.disabled, error_messages=incomplete),
            MomentTimeField(required=False, disabled=self.disabled, error_messages=incomplete),
        )


class MomentTimeField(TimeOfDayField):
    """The time half of a moment: seconds a stored time has (11:14:40) are kept."""

    seconds = True


class TypedDatesMixin:
    """For admin classes and inlines: every date and date-time box takes full-width digits
    and the forms above, as a Japanese IME gives them."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        from django.db import models

        if isinstance(db_field, models.DateTimeField):
            kwargs.setdefault("form_class", MomentField)
        elif isinstance(db_field, models.DateField):
            kwargs.setdefault("form_class", DayField)
        return super().formfield_for_dbfield(db_field, request, **kwargs)
