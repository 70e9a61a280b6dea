"""Numbers as HR types them, for the admin and the import files alike.

A Japanese IME gives full-width digits, comma and point (「１，２３４．５」); people
also group thousands with commas (「1,234」). All of them mean one Decimal. One
parser, so the admin and the importer accept the same things and say the same
thing when they cannot (a comma elsewhere than between thousands is refused rather
than guessed at: 「1,23」 is a typing slip, not 123).
"""

import decimal
import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError

NUMBER_FORMAT_ERROR = (
    "数値は 1234・1,234・12.5 のように入力してください（全角の数字でもかまいません）。"
)

_NUMBER = re.compile(r"^[+-]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?$")


def parse_decimal(text):
    """The number in text (1234, 1,234, １，２３４．５, -3), or None."""
    text = unicodedata.normalize("NFKC", str(text)).strip().replace(" ", "").replace("−", "-")
    if not _NUMBER.match(text):
        return None
    return decimal.Decimal(text.replace(",", ""))


class DecimalInputField(forms.DecimalField):
    """A form field for a number that takes what people type (see parse_decimal); a text
    box, since a browser's number box refuses full-width digits and commas."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "size": 14, "autocomplete": "off"})
    default_error_messages = {"invalid": NUMBER_FORMAT_ERROR}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, (int, decimal.Decimal)):
            return decimal.Decimal(value)
        parsed = parse_decimal(value)
        if parsed is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return parsed
