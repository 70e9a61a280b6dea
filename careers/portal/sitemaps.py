"""The sitemap index: the portal's own pages (home and each type's list page) and every
registered type's sections."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from careers.core.registry import content_kinds


class PageSitemap(Sitemap):
    def items(self):
        return ["home", *(kind.index for kind in content_kinds() if kind.index)]

    def location(self, name):
        return reverse(name)


# Read when the URLconf is first imported, after every app has registered its type.
sitemaps = {"pages": PageSitemap}
for kind in content_kinds():
    sitemaps |= kind.sitemaps
