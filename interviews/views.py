"""Interviews' public pages: the filtered list, the article (kept body, related, share links, structured data), its preview and share links, and job category pages."""

from urllib.parse import quote

from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView

import careers.core.kept
from careers.core import sharing
from careers.core.middleware import allow_inline_style
from careers.core.rendering import description
from careers.core.sharing import ShareImage
from careers.core.views import mark_private
from interviews.filtering import used_by_live
from interviews.live_index import LiveIndex, category_token

from .filtering import ArticleFilter
from .glance import day_at_a_glance
from .live_index import related_cards
from .models import Article, ScheduleEntry, ShareLink, content_prefetches


class CardListView(ListView):
    """A list of articles whose get_queryset() gives their ids (from the live index): only
    the page's articles are read, as kept cards (Article.objects.cards)."""

    paginate_by = 12

    def paginate_queryset(self, queryset, page_size):
        paginator, page, _ids, is_paginated = super().paginate_queryset(queryset, page_size)
        page.object_list = Article.objects.cards(page.object_list)
        return paginator, page, page.object_list, is_paginated


LIST_DESCRIPTION = (
    "ICT職の職員インタビューの一覧です。職種・採用区分・所属局・働く場所・キーワードで探せます。"
)


class ArticleListView(CardListView):
    template_name = "interviews/article_list.html"

    def get_queryset(self):
        """The ids of the matching articles; only the page's articles are read whole."""
        self.filter = ArticleFilter(self.request.GET)
        ids, self.facets = self.filter.results()
        return ids

    def get_context_data(self, **kwargs):
        # The feed of the chosen tag, for feed readers (a tag no live article has has none).
        chosen = [o for f in self.facets if f.key == "tag" for o in f.options if o.active]
        tag_feed = [(o.label, reverse("interviews:tag-feed", args=[o.value])) for o in chosen]
        context = super().get_context_data(
            filter=self.filter,
            facets=self.facets,
            active_filters=self.filter.active(self.facets),
            tag_feed=tag_feed[0] if tag_feed else None,
            **kwargs,
        )
        active = context["active_filters"]
        if active and self.filter.is_indexable():
            (only,) = active
            description = f"{only.label}「{only.value_label}」の職員インタビューの一覧です。"
        else:
            description = LIST_DESCRIPTION
        # The list and its one-filter lists are indexed under their own URL (page 2 on
        # too); anything else is shown, shared as it is, but not indexed.
        page = context["page_obj"].number if context.get("page_obj") else 1
        path = self.filter.url()
        if page > 1:
            path += f"{'&' if '?' in path else '?'}page={page}"
        if self.filter.is_indexable():
            context["canonical_url"] = self.request.build_absolute_uri(path)
        else:
            context["robots"] = "noindex, follow"
            # This list as it was asked for, less the tracking parameters (core.page_cache).
            here = f"{self.request.path}?{self.request.GET.urlencode()}"
            context["og_url"] = self.request.build_absolute_uri(here)
        context["description"] = description
        return context


class ArticleDetailView(DetailView):
    """A live article. Staff who open an article that is not live are sent to its preview."""

    def get_queryset(self):
        return Article.objects.live().select_related("category")

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            if Article.can_preview(request.user) and Article.objects.filter(**kwargs).exists():
                return redirect("interviews:article-preview", **kwargs)
            raise

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        parts = article_parts(self.object, kept=True)
        context.update(parts)
        context.update(public_article_context(self.request, self.object, parts))
        return context

    def render_to_response(self, context, **kwargs):
        return allow_inline_style(
            super().render_to_response(context, **kwargs), context["glance_css"]
        )


class ArticlePreviewView(DetailView):
    """Any article, as it will look, for staff who may edit articles; never indexed or cached."""

    def get_queryset(self):
        if not Article.can_preview(self.request.user):
            return Article.objects.none()
        return Article.objects.select_related("category")

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object.is_live():
            return redirect(self.object)  # nothing to preview: the public page is the page
        context = self.get_context_data(object=self.object)
        response = self.render_to_response(context)
        return mark_private(allow_inline_style(response, context["glance_css"]))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(article_parts(self.object))
        context["preview_state"] = self.object.visibility()
        return context


@require_safe
def shared_article(request, signed):
    """The read-only view behind a share link, for interviewees without an account."""
    link = ShareLink.from_signed(signed)
    if link is None:
        raise Http404("共有リンクが見つかりません")
    if not link.is_active():
        response = render(request, "interviews/sharelink_inactive.html", {"link": link}, status=410)
        return mark_private(response)
    if request.method == "GET":  # a HEAD (a link checker) opens nothing for anyone to read
        link.record_visit()
    if link.article.is_live():
        return redirect(link.article)  # published since the link was sent: the real page
    article = Article.objects.select_related("category").get(pk=link.article_id)
    context = {
        "article": article,
        "preview_state": article.visibility(),
        "shared": True,
        **article_parts(article),
    }
    response = render(request, "interviews/article_detail.html", context)
    response["Referrer-Policy"] = "no-referrer"
    return mark_private(allow_inline_style(response, context["glance_css"]))


def article_parts(article, kept=False):
    """What the page shows of the article itself: the body's HTML, and what the head and
    the structured data need of it. Rendered from the article and its rows.

    kept=True (the public page) keeps it until the article or the names it shows change
    (careers.core.kept). Previews and share links render it fresh.
    """
    if not kept:
        return _build_parts(article)
    return careers.core.kept.kept("article-parts", article, lambda: _build_parts(article))


def _build_parts(article):
    prefetch_related_objects([article], *content_prefetches())
    profiles = list(article.profiles.all())
    glance = day_at_a_glance(profiles)
    context = {
        "article": article,
        "profiles": profiles,
        "glance": glance,
        "reading_minutes": article.reading_minutes(),
        "places": ScheduleEntry.Place.choices,
    }
    # The image a link preview shows: the hero image, else the first portrait.
    if article.hero_image:
        image = (article.hero_image.url, article.hero_width, article.hero_height, article.hero_alt)
    else:
        person = next((p for p in profiles if p.photo), None)
        image = (
            (person.photo.url, person.photo_width, person.photo_height, person.photo_alt)
            if person
            else None
        )
    return {
        "article_body": mark_safe(render_to_string("interviews/_article_body.html", context)),
        "glance_css": glance.stylesheet() if glance else "",
        "description": article.description(),
        "image": image,
        "og_type": "article",
    }


def public_article_context(request, article, parts):
    """What only the public page has: related links, share links, structured data."""
    url = request.build_absolute_uri(article.get_absolute_url())
    if parts["image"]:
        path, width, height, alt = parts["image"]
        share_image = ShareImage(request.build_absolute_uri(path), width, height, alt)
    else:
        share_image = sharing.default_image(request)
    encoded, text = quote(url, safe=""), quote(article.title, safe="")
    return {
        "canonical_url": url,
        "share_image": share_image,
        "related": related_cards(article),
        "share_links": [
            ("X", f"https://x.com/intent/post?url={encoded}&text={text}"),
            ("LINE", f"https://social-plugins.line.me/lineit/share?url={encoded}"),
            ("Facebook", f"https://www.facebook.com/sharer/sharer.php?u={encoded}"),
            ("はてなブックマーク", f"https://b.hatena.ne.jp/add?mode=confirm&url={encoded}"),
        ],
        "structured_data": structured_data(
            article,
            url,
            share_image.url,
            parts["description"],
            sharing.publisher(request),
            sharing.breadcrumb_list(
                request,
                [
                    ("トップ", "/"),
                    ("インタビュー一覧", reverse("interviews:article-list")),
                    (article.title, article.get_absolute_url()),
                ],
            ),
        ),
    }


def structured_data(article, url, image_url, description, publisher, breadcrumbs):
    """JSON-LD for search engines: the Article (its image, else the site's) and where it
    sits. Its questions are not a FAQPage: they are asked of one person about their own
    work, not the questions applicants ask (those are on /faq/)."""
    described = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": article.title[:110],
        "description": description,
        "datePublished": timezone.localtime(article.published_at).isoformat(),
        "dateModified": article.modified_at().isoformat(),
        "inLanguage": "ja",
        "mainEntityOfPage": url,
        "author": {"@type": "Organization", "name": publisher["name"], "url": publisher["url"]},
        "publisher": publisher,
        "image": [image_url],
    }
    return sharing.json_ld([described, breadcrumbs])


def categories_with_counts():
    """The job categories a live article is in, each with its number of live articles."""
    index = LiveIndex.current()
    categories = list(used_by_live("category", index))
    for category in categories:
        category.live_count = index.count(category_token(category))
    return categories


class JobCategoryDetailView(CardListView):
    template_name = "interviews/jobcategory_detail.html"

    def get_queryset(self):
        """The ids of the category's live articles; only the page's are read whole."""
        index = LiveIndex.current()
        # A category only drafts use is not found, as one that does not exist.
        self.category = get_object_or_404(used_by_live("category", index), slug=self.kwargs["slug"])
        return index.ids_in(index.mask(category_token(self.category)))

    def get_context_data(self, **kwargs):
        category = self.category
        summary = description(category.summary, f"{category.name}の職員のインタビュー一覧です。")
        context = super().get_context_data(category=category, description=summary, **kwargs)
        path = category.get_absolute_url()
        if context.get("page_obj") and context["page_obj"].number > 1:
            path += f"?page={context['page_obj'].number}"
        context["canonical_url"] = self.request.build_absolute_uri(path)
        return context
