"""The Atom feed of live news posts."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.text import Truncator

from careers.core.feeds import xml_safe
from careers.core.rendering import plain_text
from careers.news.views import live_news


class NewsFeed(Feed):
    feed_type = Atom1Feed

    def title(self):
        return xml_safe(f"{settings.SITE_NAME}（お知らせ）")

    def link(self):
        return reverse("news:list")

    def items(self):
        return live_news()[:30]

    def item_title(self, item):
        return xml_safe(item.title)

    def item_description(self, item):
        return escape(xml_safe(Truncator(plain_text(item.body)).chars(200)))

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [item.get_category_display()]
