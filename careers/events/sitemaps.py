"""Live events in the sitemap."""

from django.contrib.sitemaps import Sitemap

from careers.events.models import Event


class EventSitemap(Sitemap):
    def items(self):
        return Event.objects.live().order_by("slug").only("slug", "updated_at")

    def lastmod(self, event):
        return event.updated_at
