"""Checks across types, which the portal adds to the registry (it may read every type)."""

from django.utils import timezone

from careers.core.checks import WARNING, Finding
from careers.core.times import month_day_time
from careers.routes.models import RoutePage, WindowState

WINDOW_WARNING_DAYS = 7


def promoted_route_findings(article):
    """A live article promotes the routes its people came through (the call to apply at
    its end): warn when such a route accepts no applications now or later, and when its
    window closes within a week."""
    if not article.is_live():
        return []
    now = timezone.now()
    route_ids = {p.entry_route_id for p in article.profiles.all() if p.entry_route_id}
    if not route_ids:
        return []
    findings = []
    pages = RoutePage.objects.live(now).filter(route_id__in=route_ids).select_related("route")
    for page in pages.prefetch_related("windows"):
        windows = list(page.windows.all())
        states = {w.state(now) for w in windows}
        if not states & {WindowState.OPEN, WindowState.UPCOMING}:
            findings.append(
                Finding(
                    WARNING,
                    "",
                    "route-not-accepting",
                    f"記事で紹介している採用区分「{page.route.name}」に、受付中・受付予定の受付期間がありません。",
                )
            )
        for window in windows:
            if window.closes_within(WINDOW_WARNING_DAYS, now):
                findings.append(
                    Finding(
                        WARNING,
                        "",
                        "window-closing-soon",
                        f"採用区分「{page.route.name}」の「{window.label}」は"
                        f"{month_day_time(window.closes_at)} に締め切られます（{WINDOW_WARNING_DAYS}日以内）。",
                    )
                )
    return findings
