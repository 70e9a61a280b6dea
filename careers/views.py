from django.conf import settings
from django.contrib import admin
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.text import Truncator
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from interviews.live_index import LiveIndex, category_token
from interviews.models import Article
from interviews.rendering import plain_text
from interviews.views import CardListView

from .models import JobCategory


def categories_with_counts():
    """The job categories a live article is in, each with its number of live articles."""
    index = LiveIndex.current()
    categories = []
    for category in JobCategory.objects.all():
        category.live_count = index.count(category_token(category))
        if category.live_count:
            categories.append(category)
    return categories


@require_GET
def home(request):
    index = LiveIndex.current()
    return render(
        request,
        "careers/home.html",
        {
            "latest": Article.objects.cards(index.newest(index.everything, 6)),
            "categories": categories_with_counts(),
        },
    )


class JobCategoryDetailView(CardListView):
    template_name = "careers/jobcategory_detail.html"

    def get_queryset(self):
        """The ids of the category's live articles; only the page's are read whole."""
        index = LiveIndex.current()
        self.category = get_object_or_404(JobCategory, slug=self.kwargs["slug"])
        ids = index.ids_in(index.mask(category_token(self.category)))
        if not ids:
            raise Http404("公開中の記事がない職種です")
        return ids

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
