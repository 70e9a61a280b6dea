from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, Max, OuterRef
from django.urls import reverse

from careers.models import JobCategory

from .models import Article


class ArticleSitemap(Sitemap):
    limit = 1000  # URLs per sitemap page (the protocol allows 50,000; small pages stay fast)

    def items(self):
        return Article.objects.live().order_by("slug")

    def lastmod(self, article):
        return article.updated_at

    def get_latest_lastmod(self):
        # Django would otherwise call lastmod() on every item to date the index entry.
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


class CategorySitemap(Sitemap):
    def items(self):
        live = Article.objects.live().filter(category=OuterRef("pk"))
        return JobCategory.objects.filter(Exists(live))


class PageSitemap(Sitemap):
    def items(self):
        return ["home", "interviews:article-list"]

    def location(self, name):
        return reverse(name)


sitemaps = {"pages": PageSitemap, "categories": CategorySitemap, "articles": ArticleSitemap}
