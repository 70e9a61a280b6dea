"""Times of day as HR types them, for the admin and the import files alike.

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

TIME_FORMAT_ERROR = (
    "時刻は 9:00・9時30分・0930 のように、0:00〜23:59 の範囲で入力してください"
    "（全角の数字でもかまいません）。"
)
TIME_HELP = "例: 9:00、9時30分、0930（全角でも入力できます）"

_FORMS = [
    re.compile(r"^(?P<h>\d{1,2})[:.](?P<m>\d{2})(?::(?P<s>00))?$"),  # 9:00 9.30 09:00:00
    re.compile(r"^(?P<h>\d{1,2})(?P<m>\d{2})$"),  # 0930 930
    re.compile(r"^(?P<h>\d{1,2})時(?:(?P<m>\d{1,2})分|(?P<half>半))?$"),  # 9時 9時5分 9時半
    re.compile(r"^(?P<h>\d{1,2})$"),  # 9
]


def parse_time_of_day(text):
    """The time of day in text, or None if it is not one of the forms above."""
    text = unicodedata.normalize("NFKC", str(text)).strip().replace(" ", "")
    afternoon = text.startswith("午後")
    text = text.removeprefix("午前").removeprefix("午後")
    for pattern in _FORMS:
        match = pattern.match(text)
        if match:
            hour = int(match["h"])
            minute = 30 if match.groupdict().get("half") else int(match.groupdict().get("m") or 0)
            if afternoon and hour < 12:
                hour += 12
            if hour < 24 and minute < 60:
                return datetime.time(hour, minute)
            return None
    return None


class TimeOfDayField(forms.TimeField):
    """A form field for a time of day that takes what people type (see the module)."""

    widget = forms.TimeInput(format="%H:%M", attrs={"size": 8, "autocomplete": "off"})
    default_error_messages = {"invalid": TIME_FORMAT_ERROR}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.time):
            return value.replace(second=0, microsecond=0)
        parsed = parse_time_of_day(value)
        if parsed is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return parsed
