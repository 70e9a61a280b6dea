"""A free page at the path HR chose; staff preview by id."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from careers.core import sharing
from careers.core.rendering import description
from careers.core.views import preview
from careers.pages.models import PATH, FreePage


def free_page_context(request, page):
    trail = [("トップ", "/"), (page.title, page.get_absolute_url())]
    return {
        "page": page,
        "description": description(page.lead, page.title),
        "structured_data": sharing.json_ld(sharing.breadcrumb_list(request, trail)),
    }


@require_safe
def free_page(request, path):
    if not PATH.match(path.strip("/")):  # no page can have it (NUL, capitals…): no query
        raise Http404("ページが見つかりません")
    page = FreePage.objects.live().filter(path=path.strip("/")).prefetch_related("sections").first()
    if page is None:
        raise Http404("ページが見つかりません")
    context = free_page_context(request, page)
    context["canonical_url"] = request.build_absolute_uri(page.get_absolute_url())
    return render(request, "pages/freepage_detail.html", context)


@require_safe
def free_page_preview(request, pk):
    return preview(
        request,
        FreePage.objects.prefetch_related("sections"),
        "pages/freepage_detail.html",
        lambda page: free_page_context(request, page),
        pk=pk,
    )
