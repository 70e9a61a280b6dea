from django.conf import settings
from django.contrib import admin
from django.db import DatabaseError, connection
from django.db.models import Count, Q
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import ListView

from interviews.models import Article

from .models import JobCategory


def categories_with_counts():
    live = Article.objects.live()
    return JobCategory.objects.annotate(
        live_count=Count("articles", filter=Q(articles__in=live))
    ).filter(live_count__gt=0)


@require_GET
def home(request):
    return render(
        request,
        "careers/home.html",
        {
            "latest": Article.objects.live().for_listing()[:6],
            "categories": categories_with_counts(),
        },
    )


class JobCategoryDetailView(ListView):
    template_name = "careers/jobcategory_detail.html"
    paginate_by = 12

    def get_queryset(self):
        public = JobCategory.objects.used_by(Article.objects.live())
        self.category = get_object_or_404(public, slug=self.kwargs["slug"])
        return Article.objects.live().filter(category=self.category).for_listing()

    def get_context_data(self, **kwargs):
        return super().get_context_data(category=self.category, **kwargs)


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
