"""What one content type's page shows of another, composed here in the portal (which may
read every type) so that the types themselves never import each other: the routes an
interview's people came through, with their windows; the interviews of a route."""

from django import template
from django.utils import timezone

from careers.routes.models import live_pages
from interviews.filtering import list_url
from interviews.live_index import LiveIndex, route_token
from interviews.models import Article

register = template.Library()

ROUTE_INTERVIEWS_SHOWN = 6


@register.simple_tag
def apply_calls(article):
    """(route page, its window to show) for each route the article's people came through
    that has a live page: the article ends by saying whether and until when one can apply.
    Outside the kept body, as it changes with the clock (the page cache keeps a page no
    longer than the next window opening or closing)."""
    ids = article.route_ids()
    if not ids:
        return []
    now = timezone.now()
    return [(p, p.current_window(now)) for p in live_pages(now) if p.route_id in ids]


@register.simple_tag
def route_interviews(route):
    """The live interviews of people who came through route: the newest as cards, how
    many there are, and the interview list filtered to them."""
    index = LiveIndex.current()
    ids = index.ids_in(index.mask(route_token(route)))
    return {
        "cards": Article.objects.cards(ids[:ROUTE_INTERVIEWS_SHOWN]),
        "count": len(ids),
        "url": list_url(route=route.slug),
    }
