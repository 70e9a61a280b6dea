from django.apps import AppConfig


class RoutesConfig(AppConfig):
    """採用区分のページ: who a route is for, its selection steps and application windows."""

    name = "careers.routes"
    label = "routes"
    verbose_name = "採用区分のページ"

    def ready(self):
        from django.urls import include, path

        from careers.core.registry import ContentKind, register
        from careers.core.rendering import plain_text
        from careers.core.search import live_matches

        from .demo import load_route_pages
        from .formats import ROUTE
        from .models import ApplicationWindow, RoutePage, SelectionStep
        from .sitemaps import RouteSitemap

        register(
            ContentKind(
                model=RoutePage,
                format=ROUTE,
                folder="routes",
                search_heading="採用区分",
                search_hit=lambda page: (
                    page.route.name,
                    page.get_absolute_url(),
                    plain_text(page.lead),
                ),
                search=lambda query, limit: live_matches(
                    RoutePage.objects.live().select_related("route"), query, limit
                ),
                order=10,
                urls=(path("routes/", include("careers.routes.urls")),),
                nav_label="採用区分",
                index="routes:list",
                sitemaps={"routes": RouteSitemap},
                demo=load_route_pages,
                linked_views={"routes:detail": "route__slug"},
                rows=(SelectionStep, ApplicationWindow),
            )
        )
