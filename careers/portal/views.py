"""The portal's pages: home (every type's latest, from their apps), site-wide search over every registered type, health, robots, the lockout page."""

from django.conf import settings
from django.contrib import admin
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from careers.core.registry import content_kinds
from careers.core.search import live_matches
from careers.events.views import upcoming_and_past
from careers.news.views import live_news
from careers.portal.models import HomeMessage
from careers.routes.models import WindowState, live_pages
from interviews.live_index import LiveIndex
from interviews.models import Article
from interviews.views import categories_with_counts


@require_safe
def home(request):
    index = LiveIndex.current()
    now = timezone.now()
    windows = [(page, page.current_window(now)) for page in live_pages(now)]
    # The featured ones (a partial index finds the few), live and newest first by the index.
    chosen = Article.objects.filter(featured=True).order_by().values_list("pk", flat=True)
    featured = index.newest(index.mask_of_ids(pk for pk in chosen if pk in index.position), 3)
    return render(
        request,
        "portal/home.html",
        {
            "message": HomeMessage.current(),
            "featured": Article.objects.cards(featured),
            "latest": Article.objects.cards(index.newest(index.everything, 6)),
            "categories": categories_with_counts(),
            # Routes accepting applications now or soon, with their dates.
            "accepting": [(p, w) for p, w in windows if w and w.state(now) != WindowState.CLOSED],
            "events": upcoming_and_past(now)[0][:3],
            # Pinned posts first, then the newest.
            "news": list(
                live_news().only("title", "slug", "category", "pinned", "published_at")[:5]
            ),
        },
    )


@require_safe
@never_cache
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "database unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


@require_safe
def favicon(request):
    # Resolved per request: the hashed static name exists only after collectstatic.
    return redirect(static("img/favicon.svg"), permanent=True)


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /_nested_admin/",
        "Disallow: /interviews/share/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def login_locked_out(request, response=None, credentials=None):
    """The page django-axes shows while a user name or an address is locked out.

    The same page for every name, existing or not: it must not tell which accounts exist.
    """
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    context = {**admin.site.each_context(request), "minutes": minutes}
    return render(request, "admin/lockout.html", context, status=429)


SEARCH_RESULTS_PER_TYPE = 20
MAX_SEARCH_LENGTH = 100


@require_safe
def site_search(request):
    """Every live item whose text contains the words, whatever its type, full- or
    half-width alike (careers/core/search.py normalises both sides)."""
    query = " ".join(str(request.GET.get("q", ""))[:MAX_SEARCH_LENGTH].split())
    query = "".join(c for c in query if c.isprintable())
    sections, total = [], 0
    if query:
        for kind in content_kinds():
            if kind.search is not None:
                count, items = kind.search(query, SEARCH_RESULTS_PER_TYPE)
            else:
                count, items = live_matches(
                    kind.model.objects.live(), query, SEARCH_RESULTS_PER_TYPE
                )
            heading, hits = kind.search_heading, [kind.search_hit(item) for item in items]
            total += count
            if hits:
                sections.append(
                    (heading, count, [(t, u, Truncator(s).chars(80)) for t, u, s in hits])
                )
    return render(
        request,
        "portal/search.html",
        {
            "query": query,
            "sections": sections,
            "total": total,
            "robots": "noindex, follow",
            "description": "サイト内のインタビュー・採用区分・イベント・お知らせ・よくある質問・ページを探します。",
        },
    )
