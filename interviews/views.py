from django.http import Http404
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.decorators.http import require_GET
from django.views.generic import DetailView, ListView

from .models import Article, ShareLink


def mark_private(response):
    """Headers for anything not public: never indexed, never stored by a cache."""
    add_never_cache_headers(response)
    patch_cache_control(response, private=True, no_store=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


class ArticleListView(ListView):
    paginate_by = 12

    def get_queryset(self):
        return Article.objects.live().for_listing()


class ArticleDetailView(DetailView):
    """A live article; staff who may edit articles also see any other state, as a preview."""

    preview = False

    def get_queryset(self):
        return Article.objects.with_content()

    def get_object(self, queryset=None):
        slug = self.kwargs["slug"]
        article = self.get_queryset().live().filter(slug=slug).first()
        if article is None and can_preview(self.request.user):
            article = self.get_queryset().filter(slug=slug).first()
            self.preview = True
        if article is None:
            raise Http404("記事が見つかりません")
        return article

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.preview:
            context["preview_state"] = self.object.state()
        return context

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        return mark_private(response) if self.preview else response


def can_preview(user):
    return user.is_active and user.is_staff and user.has_perm("interviews.change_article")


@require_GET
def shared_article(request, signed):
    """The read-only view behind a share link, for interviewees without an account."""
    link = ShareLink.from_signed(signed)
    if link is None:
        raise Http404("共有リンクが見つかりません")
    if not link.is_active():
        response = render(request, "interviews/sharelink_inactive.html", {"link": link}, status=410)
        return mark_private(response)
    link.visits.create()
    article = Article.objects.with_content().get(pk=link.article_id)
    context = {"article": article, "preview_state": article.state(), "shared": True}
    response = render(request, "interviews/article_detail.html", context)
    response["Referrer-Policy"] = "no-referrer"
    return mark_private(response)
