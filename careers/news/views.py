"""News' public pages: the list (pinned first, then newest) and each post; staff preview."""

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_safe
from django.views.generic import ListView

from careers.core import sharing
from careers.core.rendering import description
from careers.core.views import preview
from careers.news.models import NewsPost

NEWS_PER_PAGE = 20


def live_news():
    return NewsPost.objects.live().order_by("-pinned", "-published_at", "-id")


class NewsListView(ListView):
    template_name = "news/newspost_list.html"
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
        "description": description(post.body, post.title),
        "structured_data": sharing.json_ld(sharing.breadcrumb_list(request, trail)),
    }


@require_safe
def news_detail(request, slug):
    post = get_object_or_404(live_news(), slug=slug)
    context = news_context(request, post)
    context["canonical_url"] = request.build_absolute_uri(post.get_absolute_url())
    return render(request, "news/newspost_detail.html", context)


@require_safe
def news_preview(request, slug):
    return preview(
        request,
        NewsPost.objects.all(),
        "news/newspost_detail.html",
        lambda post: news_context(request, post),
        slug=slug,
    )
