"""Views every content type shares: the preview rule and private responses."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers


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


def mark_private(response):
    """Headers for anything not public: never indexed, never stored by a cache."""
    add_never_cache_headers(response)  # no-cache, no-store, must-revalidate, private
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
