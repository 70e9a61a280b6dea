"""The FAQ question's file format (careers.core.interchange); a theme is referred to by name."""

from django.db.models import Max

from careers.core.interchange.fields import (
    PUBLISHING,
    Format,
    Number,
    Ref,
    Text,
)
from careers.faq.models import FaqItem, FaqTheme


def _theme_defaults(name):
    """A theme met for the first time goes after the existing ones (HR can reorder)."""
    last = FaqTheme.objects.aggregate(last=Max("position"))["last"]
    return {"position": 0 if last is None else last + 1}


FAQ = Format(
    FaqItem,
    [
        Text("slug", required=True),
        Ref("theme", FaqTheme, defaults=_theme_defaults, required=True),
        Number("position"),
        Text("question"),
        *PUBLISHING,
        Text("answer", multiline=True),
    ],
    queryset=lambda: FaqItem.objects.select_related("theme"),
)
