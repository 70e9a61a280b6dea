"""Route pages: windows in words, JobPosting data while one is open; staff preview. (The interviews of a route are the portal's route_interviews tag.)"""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from careers.core import sharing
from careers.core.rendering import description
from careers.core.views import preview
from careers.routes.models import RoutePage, WindowState, live_pages


@require_safe
def route_list(request):
    now = timezone.now()
    pages = live_pages(now)
    return render(
        request,
        "routes/routepage_list.html",
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
    """What the route page shows: its windows in words and JobPosting structured data
    while a window is open (the interviews of people who came this way are the portal's
    route_interviews tag)."""
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
        "structured_data": sharing.json_ld(data),
        "description": description(page.lead, page.route.name),
    }


@require_safe
def route_detail(request, slug):
    now = timezone.now()
    page = next((p for p in live_pages(now) if p.route.slug == slug), None)
    if page is None:
        raise Http404("公開中の採用区分のページではありません")
    context = route_context(request, page, now)
    context["canonical_url"] = request.build_absolute_uri(page.get_absolute_url())
    return render(request, "routes/routepage_detail.html", context)


@require_safe
def route_preview(request, slug):
    return preview(
        request,
        RoutePage.objects.select_related("route").prefetch_related("windows", "steps"),
        "routes/routepage_detail.html",
        lambda page: route_context(request, page, timezone.now()),
        route__slug=slug,
    )
