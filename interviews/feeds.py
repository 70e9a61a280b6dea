"""Atom feeds of live interviews: all, by job category, by tag."""

import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from careers.core.feeds import xml_safe

from .filtering import list_url, used_by_live
from .live_index import LiveIndex, category_token, tag_token
from .models import Article


class LatestArticlesFeed(Feed):
    feed_type = Atom1Feed
    limit = 30

    def title(self, obj=None):
        return xml_safe(f"{settings.SITE_NAME}（新着インタビュー）")

    def subtitle(self, obj=None):
        return "職員の1日のスケジュールとインタビューで、ICT職の仕事と働き方を紹介します。"

    def link(self, obj=None):
        return reverse("interviews:article-list")

    def items(self, obj=None):
        ids = self.articles(obj)
        found = (
            Article.objects.filter(pk__in=ids)
            .select_related("category")
            .prefetch_related("tags")
            .in_bulk()
        )
        return [found[pk] for pk in ids if pk in found]

    def articles(self, obj):
        """The ids of the newest live articles the feed carries."""
        index = LiveIndex.current()
        return index.newest(index.everything, self.limit)

    def item_title(self, item):
        return xml_safe(item.title)

    def item_description(self, item):
        # Atom sends the summary as type="html": plain text must be HTML-escaped first,
        # or "<script>" in a lead reaches a feed reader as markup and "R&D" shows wrong.
        return escape(xml_safe(item.description()))

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        if item.revised_at:
            return timezone.make_aware(datetime.datetime.combine(item.revised_at, datetime.time()))
        return item.published_at

    def item_author_name(self, item):
        return xml_safe(settings.SITE_PUBLISHER)

    def item_categories(self, item):
        return [xml_safe(tag.name) for tag in item.tags.all()]


class CategoryFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        # A category only drafts use is not found, as one that does not exist.
        return get_object_or_404(used_by_live("category"), slug=slug)

    def title(self, obj=None):
        return xml_safe(f"{settings.SITE_NAME}（{obj.name}のインタビュー）")

    def link(self, obj=None):
        return obj.get_absolute_url()

    def articles(self, obj):
        index = LiveIndex.current()
        return index.newest(index.mask(category_token(obj)), self.limit)


class TagFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(used_by_live("tag"), slug=slug)

    def title(self, obj=None):
        return xml_safe(f"{settings.SITE_NAME}（タグ: {obj.name}）")

    def link(self, obj=None):
        return list_url(tag=obj.slug)

    def articles(self, obj):
        index = LiveIndex.current()
        return index.newest(index.mask(tag_token(obj)), self.limit)
