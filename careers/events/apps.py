from django.apps import AppConfig


class EventsConfig(AppConfig):
    """説明会・イベント: upcoming and past by the clock, Event data and iCalendar files."""

    name = "careers.events"
    label = "events"
    verbose_name = "説明会・イベント"

    def ready(self):
        from django.urls import include, path

        from careers.core.registry import ContentKind, register
        from careers.core.rendering import plain_text

        from .demo import load_events
        from .formats import EVENT
        from .models import Event
        from .sitemaps import EventSitemap

        register(
            ContentKind(
                model=Event,
                format=EVENT,
                folder="events",
                search_heading="説明会・イベント",
                search_hit=lambda event: (
                    event.title,
                    event.get_absolute_url(),
                    plain_text(event.body),
                ),
                order=40,
                urls=(path("events/", include("careers.events.urls")),),
                nav_label="イベント",
                index="events:list",
                sitemaps={"events": EventSitemap},
                demo=load_events,
                linked_views={"events:detail": "slug", "events:ics": "slug"},
            )
        )
