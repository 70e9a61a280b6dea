"""Live interviews and the job categories they use, in the sitemap."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max

from .filtering import used_by_live
from .models import Article


class ArticleSitemap(Sitemap):
    # URLs per sitemap page. The protocol allows 50,000; a page costs about 0.25 ms per
    # URL to build, so 200 keeps each one near 50 ms (10,000 articles: 50 pages).
    limit = 200

    def items(self):
        return Article.objects.live().order_by("slug").only("slug", "published_at", "revised_at")

    def lastmod(self, article):
        return article.modified_at()  # the revision date HR gives, not the time of a save

    def get_latest_lastmod(self):
        # Django would otherwise call lastmod() on every item to date the index entry.
        latest = self.items().aggregate(published=Max("published_at"), revised=Max("revised_at"))
        if latest["published"] is None:
            return None
        return Article(published_at=latest["published"], revised_at=latest["revised"]).modified_at()


class CategorySitemap(Sitemap):
    def items(self):
        return used_by_live("category")
