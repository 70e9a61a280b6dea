from django.contrib.sitemaps import Sitemap

from careers.events import Event
from careers.news import NewsPost
from careers.pages import FreePage
from careers.routes import RoutePage


class RouteSitemap(Sitemap):
    """The live route pages, dated by their last save (their windows are on the page)."""

    def items(self):
        return RoutePage.objects.live().select_related("route").order_by("position", "id")

    def lastmod(self, page):
        return page.updated_at


class NewsSitemap(Sitemap):
    limit = 200

    def items(self):
        return NewsPost.objects.live().order_by("slug").only("slug", "updated_at")

    def lastmod(self, post):
        return post.updated_at


class FreePageSitemap(Sitemap):
    def items(self):
        return FreePage.objects.live().order_by("path").only("path", "updated_at")

    def lastmod(self, page):
        return page.updated_at


class EventSitemap(Sitemap):
    def items(self):
        return Event.objects.live().order_by("slug").only("slug", "updated_at")

    def lastmod(self, event):
        return event.updated_at
