"""The event's file format (careers.core.interchange): one field map for import, export and the unchanged check."""

from careers.core.interchange.fields import (
    PUBLISHING,
    DateTime,
    Flag,
    Format,
    Text,
)
from careers.events.models import Event

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
