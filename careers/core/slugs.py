"""Slugs: the ASCII part of public URLs, what they may contain and how a free one is found."""

import functools
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.text import slugify

LOWERCASE_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_FORMAT = "スラッグは半角の小文字英数字とハイフンだけで書いてください（例: ict-one-day）。"


def validate_lowercase_slug(value):
    if value and not LOWERCASE_SLUG.match(value):
        raise ValidationError(SLUG_FORMAT, code="invalid_slug")


def readable_slug_field(help_text):
    """The slug of an item HR publishes: lowercase ASCII, unique, filled in from the title's
    romaji when left blank (the model's save() calls title_slug())."""
    from django.db import models

    return models.SlugField(
        "スラッグ",
        max_length=80,
        unique=True,
        blank=True,
        validators=[validate_lowercase_slug],
        help_text=help_text,
    )


def unique_slug(model, base, *, exclude_pk=None, field="slug"):
    """base, or base-2, base-3… : the first that no other row of model has."""
    max_length = model._meta.get_field(field).max_length
    base = base[: max_length - 4].strip("-") or base[:max_length]
    taken = model._default_manager.filter(**{f"{field}__startswith": base})
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    taken = set(taken.values_list(field, flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


# Particles and the like, which make a romanised slug longer without making it clearer.
PARTICLES = frozenset("の を が に は と で へ や も から まで より など".split())
SLUG_WORDS_LENGTH = 50


@functools.cache
def _kakasi():
    import pykakasi  # a dictionary of some MB: loaded on the first slug, not at start-up

    return pykakasi.kakasi()


def romanised(text, max_length=SLUG_WORDS_LENGTH):
    """Hepburn romanisation of Japanese text as slug words: 「区民の暮らしを支える2人」
    → "kumin-kurashi-sasaeru-2-nin". Particles are left out, a kana ending joins the word
    before it, and the result is cut at a word boundary."""
    words = []
    for token in _kakasi().convert(unicodedata.normalize("NFKC", text)):
        original, latin = token["orig"].strip(), slugify(token["hepburn"])
        if not latin or original in PARTICLES:
            continue
        if words and HIRAGANA.fullmatch(original) and not words[-1][-1].isdigit():
            words[-1] += latin.replace("-", "")  # 支え + る → sasaeru
        else:
            words.extend(latin.split("-"))
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length:
            break
        slug = candidate
    return slug or "-".join(words)[:max_length].strip("-")


HIRAGANA = re.compile(r"[\u3041-\u309f]+")


def title_slug(model, title, prefix, day):
    """A free slug for a new item of model: its title in romaji (「区民の暮らしを支える」→
    kumin-kurashi-sasaeru), else prefix and the day (interview-20250401)."""
    return unique_slug(model, romanised(title) or f"{prefix}-{day:%Y%m%d}")


def ascii_slug(name, prefix):
    """A readable ASCII slug for a (usually Japanese) name: 「デジタルサービス局」 →
    "dejitarusaabisu-kyoku"; the prefix when nothing of the name can be written in
    ASCII (unique_slug() then numbers names that read the same)."""
    return romanised(name) or prefix


def _hashed_slug(name, prefix):
    """The slug ascii_slug() gave before it romanised: a hash of the name."""
    import hashlib

    slug = slugify(name)[:40].strip("-")
    if name.isascii() and len(slug) >= 3:
        return slug
    digest = hashlib.blake2s(name.encode(), digest_size=4).hexdigest()
    return f"{slug}-{digest}" if slug else f"{prefix}-{digest}"


def make_hashed_slugs_readable(model, prefix):
    """For a data migration: rows whose slug is still the generated hash get a readable
    one; a slug HR chose is kept."""
    for row in model.objects.all():
        if row.slug == _hashed_slug(row.name, prefix) and not row.name.isascii():
            row.slug = unique_slug(model, ascii_slug(row.name, prefix), exclude_pk=row.pk)
            row.save(update_fields=["slug"])
