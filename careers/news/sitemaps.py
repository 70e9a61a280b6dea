"""Live news posts in the sitemap."""

from django.contrib.sitemaps import Sitemap

from careers.news.models import NewsPost


class NewsSitemap(Sitemap):
    limit = 200

    def items(self):
        return NewsPost.objects.live().order_by("slug").only("slug", "updated_at")

    def lastmod(self, post):
        return post.updated_at
