"""The news post's file format (careers.core.interchange)."""

from careers.core.interchange.fields import (
    PUBLISHING,
    Choice,
    Flag,
    Format,
    Text,
)
from careers.news.models import NewsPost

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
