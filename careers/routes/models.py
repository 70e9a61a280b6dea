"""Entry routes as pages (採用区分): who a route is for, its selection steps and its
application windows (受付期間), published by HR like any other content.

A route (EntryRoute) is the name the interviews and filters use; its page
(RoutePage) is what HR writes about it, published by the publishing layer. A
window's state is a matter of the clock: 受付前 until it opens, 受付中 until it
closes, then 締切. Nothing runs at those moments: pages that show a state are
cached only until the next opening or closing (RoutePage.boundary_fields, which
careers.core.freshness.next_boundary() reads for every content type).
"""

import datetime

import reversion
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from careers.core.freshness import until_change
from careers.core.publishing import Publishable
from careers.core.rendering import MARKDOWN_HELP, plain_text
from careers.core.times import month_day_time
from careers.core.validation import CheckedTextModel, validate_date_in_range

CLOSE_AFTER_OPEN = "締切日時は受付開始日時より後にしてください。"


class WindowState(models.TextChoices):
    UPCOMING = "upcoming", "受付前"
    OPEN = "open", "受付中"
    CLOSED = "closed", "締切"


@reversion.register(follow=["steps", "windows"])
class RoutePage(Publishable):
    route = models.OneToOneField(
        "taxonomy.EntryRoute",
        verbose_name="採用区分",
        on_delete=models.PROTECT,
        related_name="page",
        help_text="ページの URL は採用区分のスラッグから作ります（/routes/スラッグ/）。",
    )
    lead = models.TextField("概要", blank=True, help_text=MARKDOWN_HELP)
    audience = models.TextField("対象となる人", blank=True, help_text=MARKDOWN_HELP)
    eligibility = models.TextField("受験資格", blank=True, help_text=MARKDOWN_HELP)
    conditions = models.TextField(
        "給与・勤務条件", blank=True, help_text="概要を書きます。" + MARKDOWN_HELP
    )
    position = models.PositiveIntegerField("表示順", default=0, help_text="小さい順に並びます。")

    class Meta(Publishable.Meta):
        db_table = "careers_routepage"  # the table keeps the name it had before this app
        ordering = ["position", "id"]
        verbose_name = "採用区分のページ"
        verbose_name_plural = "採用区分のページ"
        permissions = [("publish_routepage", "採用区分のページを公開・公開停止できる")]

    def __str__(self):
        return self.route.name if self.route_id else "採用区分のページ"

    @property
    def slug(self):
        return self.route.slug

    def get_absolute_url(self):
        return reverse("routes:detail", kwargs={"slug": self.route.slug})

    def get_preview_url(self):
        return reverse("routes:preview", kwargs={"slug": self.route.slug})

    def search_document(self):
        texts = [self.route.name, *super().search_document()]
        texts += [f"{s.title} {s.body}" for s in self.steps.all()]
        texts += [f"{w.label} {w.notes}" for w in self.windows.all()]
        return texts

    def current_window(self, now=None):
        """The window to show first: the open one, else the next to open, else the
        last that closed (from the prefetched windows)."""
        now = now or timezone.now()
        windows = sorted(self.windows.all(), key=lambda w: w.opens_at)
        for state in (WindowState.OPEN, WindowState.UPCOMING):
            for window in windows:
                if window.state(now) == state:
                    return window
        return windows[-1] if windows else None

    # A window opening or closing changes the page, the home page and the interviews'
    # call to apply, like going live does.
    boundary_fields = (*Publishable.boundary_fields, "windows__opens_at", "windows__closes_at")
    # The page's URL is its route's; opening or closing a window is a publisher's decision.
    address_fields = ("route",)
    derived_from_names = ("route",)  # its search text starts with the route's name
    timing_fields = ("windows__opens_at", "windows__closes_at")


def live_pages(now=None):
    """The live route pages with their route, steps and windows, in HR's order. Kept in
    the process until the content changes or the next boundary (freshness.until_change),
    so the pages, the home page and every interview's call to apply read no rows for them."""

    def build():
        pages = RoutePage.objects.live(now).select_related("route")
        return list(pages.prefetch_related("windows", "steps"))

    return until_change("route-pages", build, now)


@reversion.register()
class SelectionStep(CheckedTextModel):
    page = models.ForeignKey(RoutePage, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveIntegerField("順番", default=0)
    title = models.CharField("段階", max_length=100, help_text="例: 第1次選考（筆記試験）")
    body = models.TextField("内容", blank=True, help_text=MARKDOWN_HELP)

    class Meta:
        db_table = "careers_selectionstep"  # the table keeps the name it had before this app
        ordering = ["position", "id"]
        verbose_name = "選考の段階"
        verbose_name_plural = "選考の流れ"

    def __str__(self):
        return self.title


@reversion.register()
class ApplicationWindow(CheckedTextModel):
    page = models.ForeignKey(RoutePage, on_delete=models.CASCADE, related_name="windows")
    label = models.CharField("名称", max_length=100, help_text="例: 令和9年度 第1回")
    opens_at = models.DateTimeField("受付開始日時", validators=[validate_date_in_range])
    closes_at = models.DateTimeField("締切日時", validators=[validate_date_in_range])
    exam_dates = models.CharField(
        "試験日", max_length=200, blank=True, help_text="例: 第1次 6月14日（日）、第2次 7月中旬"
    )
    apply_url = models.URLField(
        "応募先の URL",
        blank=True,
        help_text="公式の申込システムのページ（https://…）。受付中だけ「応募する」ボタンで案内します。",
    )
    notes = models.TextField("注意事項", blank=True, help_text=MARKDOWN_HELP)

    class Meta:
        db_table = "careers_applicationwindow"  # the table keeps the name it had before this app
        ordering = ["opens_at", "id"]
        verbose_name = "受付期間"
        verbose_name_plural = "受付期間"
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")),
                name="applicationwindow_closes_after_opening",
                violation_error_message=CLOSE_AFTER_OPEN,
            )
        ]

    def __str__(self):
        return self.label

    def clean(self):
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": CLOSE_AFTER_OPEN})

    def state(self, now=None):
        now = now or timezone.now()
        if now < self.opens_at:
            return WindowState.UPCOMING
        if now < self.closes_at:
            return WindowState.OPEN
        return WindowState.CLOSED

    def state_words(self, now=None):
        """受付前（6月1日 10:00 から） / 受付中（6月30日 17:00 まで） / 締切."""
        state = self.state(now)
        if state == WindowState.UPCOMING:
            return f"受付前（{month_day_time(self.opens_at)} から）"
        if state == WindowState.OPEN:
            return f"受付中（{month_day_time(self.closes_at)} まで）"
        return "締切"

    def closes_within(self, days, now=None):
        now = now or timezone.now()
        return self.state(now) == WindowState.OPEN and self.closes_at - now <= datetime.timedelta(
            days=days
        )

    def job_posting(self, page, request):
        """schema.org JobPosting for search engines while the window is open."""
        organisation = {
            "@type": "Organization",
            "name": settings.HIRING_ORGANIZATION,
            "sameAs": request.build_absolute_uri("/"),
        }
        address = {"@type": "PostalAddress", "addressCountry": "JP"}
        for key, value in settings.JOB_LOCATION.items():
            if value:
                address[key] = value
        return {
            "@context": "https://schema.org",
            "@type": "JobPosting",
            "title": page.route.name,
            "description": plain_text(page.lead) or page.route.name,
            "datePosted": timezone.localtime(self.opens_at).isoformat(),
            "validThrough": timezone.localtime(self.closes_at).isoformat(),
            "employmentType": "FULL_TIME",
            "hiringOrganization": organisation,
            "jobLocation": {"@type": "Place", "address": address},
            "url": request.build_absolute_uri(page.get_absolute_url()),
        }
