from django.apps import AppConfig


class NewsConfig(AppConfig):
    """お知らせ: posts with a category and pinning, their list, pages and Atom feed."""

    name = "careers.news"
    label = "news"
    verbose_name = "お知らせ"

    def ready(self):
        from django.urls import include, path

        from careers.core.registry import ContentKind, register
        from careers.core.rendering import plain_text

        from .demo import load_news
        from .formats import NEWS
        from .models import NewsPost
        from .sitemaps import NewsSitemap

        register(
            ContentKind(
                model=NewsPost,
                format=NEWS,
                folder="news",
                search_heading="お知らせ",
                search_hit=lambda post: (
                    post.title,
                    post.get_absolute_url(),
                    plain_text(post.body),
                ),
                order=30,
                urls=(path("news/", include("careers.news.urls")),),
                nav_label="お知らせ",
                index="news:list",
                sitemaps={"news": NewsSitemap},
                demo=load_news,
                linked_views={"news:detail": "slug"},
            )
        )
