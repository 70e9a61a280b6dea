"""The file formats of the portal's content types (see careers/interchange): one field
map each, in the order of the keys in an exported file. The README documents the same
formats for ops; interviews/interchange.py declares the article's.

FOLDERS names the folder each type has in an export (export_content / import_content).
"""

from django.db.models import Max

from careers.core.interchange.fields import (
    Children,
    Choice,
    DateTime,
    Flag,
    Format,
    Image,
    Number,
    Ref,
    Text,
)
from careers.events import Event
from careers.faq import FaqItem, FaqTheme
from careers.models import EntryRoute
from careers.news import NewsPost
from careers.pages import FreePage
from careers.routes import RoutePage

# Every type's publishing fields, in the same place in every file.
PUBLISHING = [Choice("status"), DateTime("published_at"), DateTime("expires_at")]


def route_defaults(name):
    """A route met for the first time (in any type's file) gets a kind from its name."""
    return {"kind": EntryRoute.kind_for_name(name)}


def _theme_defaults(name):
    """A theme met for the first time goes after the existing ones (HR can reorder)."""
    last = FaqTheme.objects.aggregate(last=Max("position"))["last"]
    return {"position": 0 if last is None else last + 1}


ROUTE = Format(
    # Keyed by the route's name, as the interviews name it; the file is named by its slug.
    RoutePage,
    [
        Ref("route", EntryRoute, defaults=route_defaults, required=True),
        *PUBLISHING,
        Number("position"),
        Text("lead", multiline=True),
        Text("audience", multiline=True),
        Text("eligibility", multiline=True),
        Text("conditions", multiline=True),
        Children(
            "steps",
            "steps",
            [Text("title"), Text("body", multiline=True)],
            position="position",
        ),
        Children(
            "windows",
            "windows",
            [
                Text("label"),
                DateTime("opens_at"),
                DateTime("closes_at"),
                Text("exam_dates"),
                Text("apply_url"),
                Text("notes", multiline=True),
            ],
        ),
    ],
    key="route",
    file_name=lambda page: page.route.slug,
    queryset=lambda: RoutePage.objects.select_related("route").prefetch_related("steps", "windows"),
)

NEWS = Format(
    NewsPost,
    [
        Text("slug", required=True),
        Text("title"),
        *PUBLISHING,
        Choice("category"),
        Flag("pinned"),
        Text("body", multiline=True),
    ],
)

EVENT = Format(
    Event,
    [
        Text("slug", required=True),
        Text("title"),
        *PUBLISHING,
        DateTime("starts_at"),
        DateTime("ends_at"),
        Flag("online"),
        Text("place"),
        Text("audience"),
        Text("capacity_note"),
        Text("registration_url"),
        Text("body", multiline=True),
        Text("report", multiline=True),
    ],
)

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

PAGE = Format(
    FreePage,
    [
        Text("path", required=True),
        Text("title"),
        *PUBLISHING,
        Choice("placement"),
        Text("nav_label"),
        Number("nav_order"),
        Text("lead", multiline=True),
        Children(
            "sections",
            "sections",
            [
                Text("heading"),
                Text("body", multiline=True),
                Image("image", export_name="section-{n}"),
                Text("image_alt"),
            ],
            position="position",
        ),
    ],
    key="path",
    queryset=lambda: FreePage.objects.prefetch_related("sections"),
)

# The folder of each type in an export, in the order an import writes them.
FOLDERS = {"routes": ROUTE, "news": NEWS, "events": EVENT, "faq": FAQ, "pages": PAGE}
