"""The interview article's file format: its one field map (see careers/interchange),
and the folder of every content type in a whole-site export.

The order of the fields is the order of the keys in an exported file; the README
documents the same format for ops.
"""

from careers.core.interchange.fields import (
    Children,
    Choice,
    Date,
    DateTime,
    Flag,
    Format,
    Group,
    Image,
    Names,
    Ref,
    Text,
    Time,
)
from careers.taxonomy.formats import route_defaults
from careers.taxonomy.models import Department, EntryRoute, JobCategory

from .models import Article, Tag

SCHEDULE = [
    Time("time", "start"),
    Time("end"),
    Text("title"),
    Choice("place"),
    Text("detail", multiline=True),
]

QA = [
    Text("question"),
    Text("answer", "body", multiline=True),
    Text("note", multiline=True),
]

PROFILE = [
    Text("case_label"),
    Text("label"),
    Ref("job_category", JobCategory),
    Text("affiliation"),
    Text("affiliation_short"),
    Text("duties", multiline=True),
    Text("career", multiline=True),
    Text("motivation", multiline=True),
    Ref("entry_route", EntryRoute, defaults=route_defaults),
    Ref("department", Department),
    Image("photo", export_name="photo-{n}"),
    Text("photo_alt"),
    Children("schedule", "schedule", SCHEDULE),
    Children("qa", "answers", QA, position="position"),
]

ARTICLE = Format(
    Article,
    [
        Text("slug", required=True),
        Text("title"),
        Choice("status"),
        DateTime("published_at"),
        Date("revised_at"),
        Date("as_of"),
        DateTime("expires_at"),
        Ref("category", JobCategory),
        Names("tags", Tag),
        Flag("featured"),
        Text("lead", multiline=True),
        Image("hero_image", export_name="hero"),
        Text("hero_alt"),
        Text("meta_description"),
        Children("profiles", "profiles", PROFILE, position="position"),
        Group(
            "closing",
            [Text("heading", "closing_heading"), Text("body", "closing_body", multiline=True)],
        ),
    ],
    queryset=lambda: Article.objects.with_content(),
)
