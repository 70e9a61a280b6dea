"""Live route pages in the sitemap."""

from django.contrib.sitemaps import Sitemap

from careers.routes.models import RoutePage


class RouteSitemap(Sitemap):
    """The live route pages, dated by their last save (their windows are on the page)."""

    def items(self):
        return RoutePage.objects.live().select_related("route").order_by("position", "id")

    def lastmod(self, page):
        return page.updated_at
