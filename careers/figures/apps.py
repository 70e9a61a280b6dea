from django.apps import AppConfig


class FiguresConfig(AppConfig):
    """数字でみる: figures grouped by theme in HR's order, breakdowns drawn as bar charts."""

    name = "careers.figures"
    label = "figures"
    verbose_name = "数字でみる"

    def ready(self):
        from django.urls import include, path

        from careers.core.registry import ContentKind, register
        from careers.core.rendering import plain_text

        from .checks import check_figure
        from .demo import load_figures
        from .formats import FIGURES
        from .models import Figure, FigureBreakdownRow, FigureTheme

        register(
            ContentKind(
                model=Figure,
                format=FIGURES,
                folder="figures",
                search_heading="数字でみる",
                search_hit=lambda figure: (
                    figure.label,
                    figure.get_absolute_url(),
                    f"{figure.shown_value}{figure.unit}　{plain_text(figure.note)}",
                ),
                order=60,
                urls=(path("figures/", include("careers.figures.urls")),),
                # Its items have no pages of their own: the list page is in the sitemap's
                # "pages" section, and a link to /figures/#… always finds the page.
                nav_label="数字でみる",
                index="figures:list",
                demo=load_figures,
                rows=(FigureBreakdownRow,),
                other_permissions={
                    "editor": {FigureTheme: ["view"]},
                    "publisher": {FigureTheme: ["view", "add", "change"]},
                },
                check=check_figure,
            )
        )
