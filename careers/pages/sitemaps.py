"""Live free pages in the sitemap."""

from django.contrib.sitemaps import Sitemap

from careers.pages.models import FreePage


class FreePageSitemap(Sitemap):
    def items(self):
        return FreePage.objects.live().order_by("path").only("path", "updated_at")

    def lastmod(self, page):
        return page.updated_at
