"""The free page's file format (careers.core.interchange): keyed by its path, sections as rows."""

from careers.core.interchange.fields import (
    PUBLISHING,
    Children,
    Choice,
    Format,
    Image,
    Number,
    Text,
)
from careers.pages.models import FreePage

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
