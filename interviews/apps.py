from django.apps import AppConfig


class InterviewsConfig(AppConfig):
    """The interview article, the heart of the site: its people, days and answers, tags,
    share links, the live index, filters, feeds and job category pages."""

    name = "interviews"
    verbose_name = "インタビュー記事"

    def ready(self):
        from django.urls import include, path

        from careers.core.registry import ContentKind, register

        from .content_checks import category_link_problem, check_article
        from .demo import load_articles
        from .interchange import ARTICLE
        from .live_index import search_live
        from .models import Answer, Article, ScheduleEntry, ShareLink, StaffProfile, Tag
        from .sitemaps import ArticleSitemap, CategorySitemap

        register(
            ContentKind(
                model=Article,
                format=ARTICLE,
                folder="interviews",
                search_heading="インタビュー",
                search_hit=lambda a: (a.title, a.get_absolute_url(), a.description()),
                search=search_live,
                order=20,
                urls=(
                    path("interviews/", include("interviews.urls")),
                    path("careers/", include("interviews.category_urls")),
                ),
                nav_label="インタビュー一覧",
                index="interviews:article-list",
                sitemaps={"articles": ArticleSitemap, "categories": CategorySitemap},
                demo=load_articles,
                linked_views={"interviews:article-detail": "slug"},
                link_check=category_link_problem,
                check=check_article,
                rows=(StaffProfile, ScheduleEntry, Answer),
                other_permissions={
                    "editor": {Tag: ["view", "add", "change"]},
                    "publisher": {
                        Tag: ["view", "add", "change", "delete"],
                        ShareLink: ["view", "add", "change", "delete"],
                    },
                },
            )
        )
