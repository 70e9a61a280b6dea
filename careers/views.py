from django.conf import settings
from django.contrib import admin
from django.contrib.syndication.views import Feed
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.text import Truncator
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import ListView

from careers.core import search, sharing
from careers.core.rendering import plain_text
from careers.events import Event, calendar
from careers.faq import FaqItem
from careers.models import HomeMessage
from careers.news import NewsPost
from careers.pages import PATH, FreePage
from careers.routes import RoutePage, WindowState, live_pages
from interviews.feeds import xml_safe
from interviews.filtering import list_url, used_by_live
from interviews.live_index import LiveIndex, category_token, route_token
from interviews.models import Article
from interviews.views import CardListView, mark_private


def categories_with_counts():
    """The job categories a live article is in, each with its number of live articles."""
    index = LiveIndex.current()
    categories = list(used_by_live("category", index))
    for category in categories:
        category.live_count = index.count(category_token(category))
    return categories


@require_GET
def home(request):
    index = LiveIndex.current()
    now = timezone.now()
    windows = [(page, page.current_window(now)) for page in live_pages(now)]
    # The featured ones (a partial index finds the few), live and newest first by the index.
    chosen = Article.objects.filter(featured=True).order_by().values_list("pk", flat=True)
    featured = index.newest(index.mask_of_ids(pk for pk in chosen if pk in index.position), 3)
    return render(
        request,
        "careers/home.html",
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


class JobCategoryDetailView(CardListView):
    template_name = "careers/jobcategory_detail.html"

    def get_queryset(self):
        """The ids of the category's live articles; only the page's are read whole."""
        index = LiveIndex.current()
        # A category only drafts use is not found, as one that does not exist.
        self.category = get_object_or_404(used_by_live("category", index), slug=self.kwargs["slug"])
        return index.ids_in(index.mask(category_token(self.category)))

    def get_context_data(self, **kwargs):
        category = self.category
        description = (
            Truncator(plain_text(category.summary)).chars(120)
            if category.summary
            else f"{category.name}の職員のインタビュー一覧です。"
        )
        context = super().get_context_data(category=category, description=description, **kwargs)
        path = category.get_absolute_url()
        if context.get("page_obj") and context["page_obj"].number > 1:
            path += f"?page={context['page_obj'].number}"
        context["canonical_url"] = self.request.build_absolute_uri(path)
        return context


@require_GET
@never_cache
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "database unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


@require_GET
def favicon(request):
    # Resolved per request: the hashed static name exists only after collectstatic.
    return redirect(static("img/favicon.svg"), permanent=True)


@require_GET
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


def preview(request, queryset, template, context_of, **lookup):
    """The preview rule of every content type: staff who may edit its items see any of
    them as it will look (a live one sends them to its public page), never indexed or
    cached; anyone else gets the 404 a missing page gives."""
    if not queryset.model.can_preview(request.user):
        raise Http404("見つかりません")
    item = get_object_or_404(queryset, **lookup)
    if item.is_live():
        return redirect(item)
    context = {**context_of(item), "preview_state": item.visibility()}
    return mark_private(render(request, template, context))


# --- entry routes (採用区分) ------------------------------------------------------------


@require_GET
def route_list(request):
    now = timezone.now()
    pages = live_pages(now)
    return render(
        request,
        "careers/routepage_list.html",
        {
            "pages": [(page, page.current_window(now)) for page in pages],
            "now": now,
            "description": "ICT職の採用区分ごとに、対象となる人・受験資格・選考の流れと受付期間を紹介します。",
            "structured_data": sharing.json_ld(
                sharing.breadcrumb_list(
                    request, [("トップ", "/"), ("採用区分", reverse("routes:list"))]
                )
            ),
        },
    )


def route_context(request, page, now):
    """What the route page shows: its windows in words, the interviews of people who came
    this way, and JobPosting structured data while a window is open."""
    index = LiveIndex.current()
    ids = index.ids_in(index.mask(route_token(page.route)))
    windows = sorted(page.windows.all(), key=lambda w: w.opens_at)
    open_windows = [w for w in windows if w.state(now) == WindowState.OPEN]
    postings = [w.job_posting(page, request) for w in open_windows]
    trail = [
        ("トップ", "/"),
        ("採用区分", reverse("routes:list")),
        (page.route.name, page.get_absolute_url()),
    ]
    data = [sharing.breadcrumb_list(request, trail), *postings]
    return {
        "page": page,
        "windows": [(w, w.state(now), w.state_words(now)) for w in windows],
        "current": page.current_window(now),
        "interviews": Article.objects.cards(ids[:6]),
        "interview_count": len(ids),
        "interviews_url": list_url(route=page.route.slug),
        "structured_data": sharing.json_ld(data),
        "description": Truncator(plain_text(page.lead)).chars(120) or page.route.name,
    }


@require_GET
def route_detail(request, slug):
    now = timezone.now()
    page = next((p for p in live_pages(now) if p.route.slug == slug), None)
    if page is None:
        raise Http404("公開中の採用区分のページではありません")
    context = route_context(request, page, now)
    context["canonical_url"] = request.build_absolute_uri(page.get_absolute_url())
    return render(request, "careers/routepage_detail.html", context)


@require_GET
def route_preview(request, slug):
    return preview(
        request,
        RoutePage.objects.select_related("route").prefetch_related("windows", "steps"),
        "careers/routepage_detail.html",
        lambda page: route_context(request, page, timezone.now()),
        route__slug=slug,
    )


# --- news (お知らせ) ----------------------------------------------------------------------

NEWS_PER_PAGE = 20


def live_news():
    return NewsPost.objects.live().order_by("-pinned", "-published_at", "-id")


class NewsListView(ListView):
    template_name = "careers/newspost_list.html"
    paginate_by = NEWS_PER_PAGE
    context_object_name = "posts"

    def get_queryset(self):
        return live_news().only("title", "slug", "category", "pinned", "published_at")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        path = reverse("news:list")
        if context["page_obj"].number > 1:
            path += f"?page={context['page_obj'].number}"
        context["canonical_url"] = self.request.build_absolute_uri(path)
        context["description"] = "ICT職の採用試験・説明会などのお知らせです。"
        return context


def news_context(request, post):
    trail = [
        ("トップ", "/"),
        ("お知らせ", reverse("news:list")),
        (post.title, post.get_absolute_url()),
    ]
    return {
        "post": post,
        "description": Truncator(plain_text(post.body)).chars(120) or post.title,
        "structured_data": sharing.json_ld(sharing.breadcrumb_list(request, trail)),
    }


@require_GET
def news_detail(request, slug):
    post = get_object_or_404(live_news(), slug=slug)
    context = news_context(request, post)
    context["canonical_url"] = request.build_absolute_uri(post.get_absolute_url())
    return render(request, "careers/newspost_detail.html", context)


@require_GET
def news_preview(request, slug):
    return preview(
        request,
        NewsPost.objects.all(),
        "careers/newspost_detail.html",
        lambda post: news_context(request, post),
        slug=slug,
    )


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


# --- FAQ (よくある質問) ----------------------------------------------------------------


def faq_context(request, items):
    """The questions grouped by theme (in HR's order), FAQPage and breadcrumb data."""
    themes = {}
    for item in items:
        themes.setdefault(item.theme, []).append(item)
    faq_page = {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "mainEntity": [
            {
                "@type": "Question",
                "name": item.question,
                "acceptedAnswer": {"@type": "Answer", "text": plain_text(item.answer)},
            }
            for item in items
        ],
    }
    trail = sharing.breadcrumb_list(request, [("トップ", "/"), ("よくある質問", reverse("faq"))])
    data = [trail, faq_page] if items else [trail]
    return {
        "themes": list(themes.items()),
        "structured_data": sharing.json_ld(data),
        "description": "ICT職の採用試験・仕事・働き方について、よくある質問と回答です。",
    }


@require_GET
def faq(request):
    items = list(FaqItem.objects.live().select_related("theme"))
    context = faq_context(request, items)
    context["canonical_url"] = request.build_absolute_uri(reverse("faq"))
    return render(request, "careers/faq.html", context)


@require_GET
def faq_preview(request):
    """Every question HR has written, live or not, marked by its state; staff only."""
    if not FaqItem.can_preview(request.user):
        raise Http404("見つかりません")
    items = list(FaqItem.objects.select_related("theme"))
    for item in items:
        item.state_label = item.visibility().label
    context = faq_context(request, items)
    context["preview_state"] = True
    return mark_private(render(request, "careers/faq.html", context))


# --- free pages -----------------------------------------------------------------------


def free_page_context(request, page):
    trail = [("トップ", "/"), (page.title, page.get_absolute_url())]
    return {
        "page": page,
        "description": Truncator(plain_text(page.lead)).chars(120) or page.title,
        "structured_data": sharing.json_ld(sharing.breadcrumb_list(request, trail)),
    }


@require_GET
def free_page(request, path):
    if not PATH.match(path.strip("/")):  # no page can have it (NUL, capitals…): no query
        raise Http404("ページが見つかりません")
    page = FreePage.objects.live().filter(path=path.strip("/")).prefetch_related("sections").first()
    if page is None:
        raise Http404("ページが見つかりません")
    context = free_page_context(request, page)
    context["canonical_url"] = request.build_absolute_uri(page.get_absolute_url())
    return render(request, "careers/freepage_detail.html", context)


@require_GET
def free_page_preview(request, pk):
    return preview(
        request,
        FreePage.objects.prefetch_related("sections"),
        "careers/freepage_detail.html",
        lambda page: free_page_context(request, page),
        pk=pk,
    )


# --- events (説明会・イベント) ---------------------------------------------------------


def upcoming_and_past(now):
    """(upcoming, soonest first; past, latest first), live events only."""
    live = list(Event.objects.live(now).order_by("starts_at", "id"))
    upcoming = [e for e in live if not e.is_past(now)]
    past = [e for e in reversed(live) if e.is_past(now)]
    return upcoming, past


@require_GET
def event_list(request):
    now = timezone.now()
    upcoming, past = upcoming_and_past(now)
    trail = sharing.breadcrumb_list(
        request, [("トップ", "/"), ("説明会・イベント", reverse("events:list"))]
    )
    return render(
        request,
        "careers/event_list.html",
        {
            "upcoming": upcoming,
            "past": past[:30],
            "canonical_url": request.build_absolute_uri(reverse("events:list")),
            "description": "ICT職の仕事説明会・イベントの日程と申込方法、開催報告です。",
            "structured_data": sharing.json_ld(trail),
        },
    )


def event_context(request, event, now):
    trail = [
        ("トップ", "/"),
        ("説明会・イベント", reverse("events:list")),
        (event.title, event.get_absolute_url()),
    ]
    described = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "startDate": timezone.localtime(event.starts_at).isoformat(),
        "endDate": timezone.localtime(event.ends_at).isoformat(),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OnlineEventAttendanceMode"
        if event.online
        else "https://schema.org/OfflineEventAttendanceMode",
        "location": {
            "@type": "VirtualLocation",
            "url": event.registration_url or request.build_absolute_uri(event.get_absolute_url()),
        }
        if event.online
        else {"@type": "Place", "name": event.place, "address": event.place},
        "description": plain_text(event.body) or event.title,
        "organizer": {
            "@type": "Organization",
            "name": settings.SITE_PUBLISHER,
            "url": request.build_absolute_uri("/"),
        },
    }
    return {
        "event": event,
        "past": event.is_past(now),
        "description": Truncator(plain_text(event.body)).chars(120) or event.title,
        "structured_data": sharing.json_ld([sharing.breadcrumb_list(request, trail), described]),
    }


@require_GET
def event_detail(request, slug):
    now = timezone.now()
    event = get_object_or_404(Event.objects.live(now), slug=slug)
    context = event_context(request, event, now)
    context["canonical_url"] = request.build_absolute_uri(event.get_absolute_url())
    return render(request, "careers/event_detail.html", context)


@require_GET
def event_preview(request, slug):
    return preview(
        request,
        Event.objects.all(),
        "careers/event_detail.html",
        lambda event: event_context(request, event, timezone.now()),
        slug=slug,
    )


def ics_response(body, filename):
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_GET
def event_ics(request, slug):
    event = get_object_or_404(Event.objects.live(), slug=slug)
    return ics_response(calendar([event], request, event.title), f"{event.slug}.ics")


@require_GET
def event_calendar(request):
    """The upcoming events, for calendar apps to subscribe to."""
    upcoming, _past = upcoming_and_past(timezone.now())
    name = f"{settings.SITE_NAME}（説明会・イベント）"
    return ics_response(calendar(upcoming, request, name), "calendar.ics")


# --- site-wide search ------------------------------------------------------------------

SEARCH_RESULTS_PER_TYPE = 20
MAX_SEARCH_LENGTH = 100


def search_sections():
    """(heading, model, how a hit is listed) for every kind of live content, in the order
    the results page shows them."""
    return [
        ("インタビュー", Article, lambda a: (a.title, a.get_absolute_url(), a.description())),
        ("採用区分", RoutePage, lambda p: (p.route.name, p.get_absolute_url(), plain_text(p.lead))),
        ("説明会・イベント", Event, lambda e: (e.title, e.get_absolute_url(), plain_text(e.body))),
        ("お知らせ", NewsPost, lambda n: (n.title, n.get_absolute_url(), plain_text(n.body))),
        (
            "よくある質問",
            FaqItem,
            lambda f: (f.question, f.get_absolute_url(), plain_text(f.answer)),
        ),
        ("ページ", FreePage, lambda p: (p.title, p.get_absolute_url(), plain_text(p.lead))),
    ]


def live_matches(model, query):
    """(how many live items of model contain query, the first SEARCH_RESULTS_PER_TYPE)."""
    if model is Article:
        # The interview list's own search: the live index, which keeps recent searches,
        # so a word found in 10,000 interviews costs no count and no sort of them all.
        index = LiveIndex.current()
        found = index.search(query)
        ids = index.newest(found, SEARCH_RESULTS_PER_TYPE)
        rows = Article.objects.only("title", "slug", "meta_description", "lead").in_bulk(ids)
        return found.bit_count(), [rows[pk] for pk in ids]
    found = model.objects.live().filter(pk__in=search.matching_pks(model, query))
    if model is RoutePage:
        found = found.select_related("route")
    items = list(found[:SEARCH_RESULTS_PER_TYPE])
    count = found.count() if len(items) == SEARCH_RESULTS_PER_TYPE else len(items)
    return count, items


@require_GET
def site_search(request):
    """Every live item whose text contains the words, whatever its type, full- or
    half-width alike (careers/search.py normalises both sides)."""
    query = " ".join(str(request.GET.get("q", ""))[:MAX_SEARCH_LENGTH].split())
    query = "".join(c for c in query if c.isprintable())
    sections, total = [], 0
    if query:
        for heading, model, listed in search_sections():
            count, items = live_matches(model, query)
            hits = [listed(item) for item in items]
            total += count
            if hits:
                sections.append(
                    (heading, count, [(t, u, Truncator(s).chars(80)) for t, u, s in hits])
                )
    return render(
        request,
        "careers/search.html",
        {
            "query": query,
            "sections": sections,
            "total": total,
            "robots": "noindex, follow",
            "description": "サイト内のインタビュー・採用区分・イベント・お知らせ・よくある質問・ページを探します。",
        },
    )
