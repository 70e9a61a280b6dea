"""Slugs: the ASCII part of public URLs, what they may contain and how a free one is found."""

import hashlib
import re

from django.core.exceptions import ValidationError
from django.utils.text import slugify

LOWERCASE_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_FORMAT = "スラッグは半角の小文字英数字とハイフンだけで書いてください（例: ict-one-day）。"


def validate_lowercase_slug(value):
    if value and not LOWERCASE_SLUG.match(value):
        raise ValidationError(SLUG_FORMAT, code="invalid_slug")


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


def ascii_slug(name, prefix):
    """An ASCII slug for a (usually Japanese) name.

    slugify() drops kana and kanji, so 「デジタルサービス局」 would give an empty
    slug and 「ICT職採用試験（大学卒業程度）」 just "ict"; such names get a short,
    stable hash of the whole name so that different names never share a slug.
    """
    slug = slugify(name)[:40].strip("-")
    if name.isascii() and len(slug) >= 3:
        return slug
    digest = hashlib.blake2s(name.encode(), digest_size=4).hexdigest()
    return f"{slug}-{digest}" if slug else f"{prefix}-{digest}"
