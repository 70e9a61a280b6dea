from django.apps import AppConfig


class PagesConfig(AppConfig):
    """Free pages HR writes at a path of their choosing, placed in the navigation."""

    name = "careers.pages"
    label = "pages"
    verbose_name = "ページ"

    def ready(self):
        from django.urls import path

        from careers.core.registry import ContentKind, register
        from careers.core.rendering import plain_text

        from . import views
        from .demo import load_pages
        from .formats import PAGE
        from .models import FREE_PAGE_VIEW, FreePage, PageSection
        from .sitemaps import FreePageSitemap

        register(
            ContentKind(
                model=FreePage,
                format=PAGE,
                folder="pages",
                search_heading="ページ",
                search_hit=lambda page: (
                    page.title,
                    page.get_absolute_url(),
                    plain_text(page.lead),
                ),
                # Last: its pages answer at any path nothing before them answers.
                order=1000,
                urls=(
                    path(
                        "pages/preview/<int:pk>/", views.free_page_preview, name="free-page-preview"
                    ),
                    path("<path:path>/", views.free_page, name=FREE_PAGE_VIEW),
                ),
                sitemaps={"pages-hr": FreePageSitemap},
                demo=load_pages,
                linked_views={FREE_PAGE_VIEW: "path"},
                rows=(PageSection,),
            )
        )
