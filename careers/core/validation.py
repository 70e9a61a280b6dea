"""What input may carry, wherever it comes in: admin forms, imports, URLs.

Characters
----------

C0 and C1 control characters (other than tab and line breaks) are invisible, break
XML and, NUL above all, PostgreSQL; the bidirectional overrides and isolates
(U+202A–U+202E, U+2066–U+2069) make text display in an order other than the one
it is stored in, which can disguise a title or a link. Both are refused with a
message that names the character, so HR can find and delete it.

Zero-width characters (U+200B–U+200D, U+2060, U+FEFF) are allowed: they cannot
reorder text, emoji need the zero-width joiner, and they arrive unnoticed in text
pasted from word processors, where refusing them would only puzzle HR.

Line breaks
-----------
A single-line field (every CharField: titles, names, labels, URLs) refuses line
breaks too: CR, LF, and the line and paragraph separators U+2028 and U+2029 (U+0085
is a C1 control already). They arrive by paste or in a crafted post, cannot be seen
in a one-line box, and break whatever expects one line, a mail subject above all.
A multi-line field (TextField) keeps LF; U+2028 becomes "\n" and U+2029 "\n\n"
in normalize(), the line and the paragraph break they stand for in Markdown, since
refusing what a word processor pasted into a textarea would only puzzle HR.

Which fields
------------
Every model of our apps whose text people type inherits CheckedTextModel, so the
rule covers its fields, those added later included. The text fields outside it are
written by the code alone and named, with the reason, in MACHINE_WRITTEN;
tests/test_text_rules.py fails on any other.

Dates
-----
Editorial dates (publication, expiry, revision, interview) lie between 1900 and
2100. Year 1 is a typing slip, and converting it to UTC overflows (a 500).
"""

import datetime
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.db import models

CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
LINE_BREAKS = {
    "\r": "改行（U+000D）",
    "\n": "改行（U+000A）",
    "\u2028": "行区切り文字（U+2028 line separator）",
    "\u2029": "段落区切り文字（U+2029 paragraph separator）",
}
FORBIDDEN = re.compile(f"[{CONTROLS}]")
FORBIDDEN_IN_ONE_LINE = re.compile(f"[{CONTROLS}{''.join(LINE_BREAKS)}]")

# Text fields outside the rule: written by the code, never typed or imported.
MACHINE_WRITTEN = {
    "core.ContentVersion.key": "the name of a page-cache version, a constant in page_cache",
    "core.ContentVersion.token": "a random hex token from page_cache",
    "core.EditingSession.object_id": "the primary key of the item open for editing",
}


def forbidden_character_message(text, *, one_line=False):
    """A message naming the first character text may not carry, or None; one_line
    refuses line breaks too (a CharField's text)."""
    pattern = FORBIDDEN_IN_ONE_LINE if one_line else FORBIDDEN
    match = pattern.search(text) if isinstance(text, str) else None
    if match is None:
        return None
    char = match.group()
    code = f"U+{ord(char):04X}"
    if char in LINE_BREAKS:
        return (
            f"{LINE_BREAKS[char]}が含まれています。この項目は1行で書くため、改行は入れられません。"
            "コピー元から紛れ込むと画面では見えないことがあります。改行を削除してから保存してください。"
        )
    if "\u202a" <= char <= "\u202e" or "\u2066" <= char <= "\u2069":
        name = unicodedata.name(char, "").lower()
        return (
            f"文字の表示順を変える制御文字（{code} {name}）が含まれています。"
            "コピー元から紛れ込んだ可能性があります。削除してから保存してください。"
        )
    return (
        f"使えない制御文字（{code}）が含まれています。"
        "コピー元から紛れ込んだ可能性があります。削除してから保存してください。"
    )


def validate_text(value):
    if message := forbidden_character_message(value):
        raise ValidationError(message, code="forbidden_character")


EARLIEST_YEAR, LATEST_YEAR = 1900, 2100
DATE_RANGE_MESSAGE = f"{EARLIEST_YEAR}年から{LATEST_YEAR}年までの日付を入力してください（年の桁数を確認してください）。"


def date_in_range(value):
    """Whether a date or datetime lies in the years an editorial date can have."""
    return value is None or EARLIEST_YEAR <= value.year <= LATEST_YEAR


def validate_date_in_range(value):
    if isinstance(value, (datetime.date, datetime.datetime)) and not date_in_range(value):
        raise ValidationError(DATE_RANGE_MESSAGE, code="date_out_of_range")


class CheckedTextModel(models.Model):
    """Refuses forbidden characters in every text field of the model, and line breaks in
    its single-line ones (CharFields), on full_clean().

    ModelForms (the admin) and the importer both validate through full_clean(), so
    one mixin covers every way text comes in, fields added later included.
    """

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.normalize()
        super().save(*args, **kwargs)

    def normalize(self):
        """Tidy what people type, before it is checked and whenever it is stored (the admin,
        the importer, which also calls it before bulk_create(), and scripts); types
        override and call super()."""
        deferred = self.get_deferred_fields()
        for field in self._meta.concrete_fields:
            if isinstance(field, models.TextField) and field.attname not in deferred:
                value = getattr(self, field.attname)
                if isinstance(value, str) and ("\u2028" in value or "\u2029" in value):
                    value = value.replace("\u2028", "\n").replace("\u2029", "\n\n")
                    setattr(self, field.attname, value)

    def clean_fields(self, exclude=None):
        self.normalize()
        exclude = set(exclude or ())
        errors = {}
        # First, so that an invisible character is named rather than reported as, say,
        # an invalid URL; the field's other checks then have nothing to add.
        for field in self._meta.concrete_fields:
            if field.name in exclude or not isinstance(field, (models.CharField, models.TextField)):
                continue
            value = getattr(self, field.attname)
            one_line = isinstance(field, models.CharField)
            if message := forbidden_character_message(value, one_line=one_line):
                errors[field.name] = [message]
        try:
            super().clean_fields(exclude | errors.keys())
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)


LEADING_NOTE_MARK = re.compile(r"^[\s\u3000]*※[\s\u3000]*")


def without_note_mark(text):
    """A note's text without a ※ typed at its start: the page adds its own."""
    return LEADING_NOTE_MARK.sub("", text or "", count=1)
