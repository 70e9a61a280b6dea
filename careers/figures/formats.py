from django.db.models import Max

from careers.core.interchange.fields import (
    PUBLISHING,
    Children,
    Date,
    DecimalNumber,
    Format,
    Number,
    Ref,
    Text,
)
from careers.figures.models import Figure, FigureTheme


def _theme_defaults(name):
    """A theme met for the first time goes after the existing ones (HR can reorder)."""
    last = FigureTheme.objects.aggregate(last=Max("position"))["last"]
    return {"position": 0 if last is None else last + 1}


FIGURES = Format(
    Figure,
    [
        Text("slug", required=True),
        Ref("theme", FigureTheme, defaults=_theme_defaults, required=True),
        Number("position"),
        Text("label"),
        *PUBLISHING,
        DecimalNumber("value", required=True),
        Text("unit"),
        Date("as_of", required=True),
        Text("source"),
        Text("note", multiline=True),
        Text("breakdown_title"),
        Children(
            "breakdown",
            "breakdown",
            [Text("label"), DecimalNumber("value", required=True)],
            position="position",
        ),
    ],
    queryset=lambda: Figure.objects.select_related("theme").prefetch_related("breakdown"),
)
