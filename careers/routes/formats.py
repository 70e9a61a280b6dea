"""The route page's file format (careers.core.interchange): keyed by its route's name, windows and steps as rows."""

from careers.core.interchange.fields import (
    PUBLISHING,
    Children,
    DateTime,
    Format,
    Number,
    Ref,
    Text,
)
from careers.routes.models import RoutePage
from careers.taxonomy.formats import route_defaults
from careers.taxonomy.models import EntryRoute

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
