from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from careers.core import sharing
from careers.core.views import preview
from careers.figures.charts import bar_chart
from careers.figures.models import Figure

DESCRIPTION = "職員数や働き方、育成など、職場のようすを数字で紹介します。"


def with_rows():
    return Figure.objects.select_related("theme").prefetch_related("breakdown")


def figures_context(request, figures):
    """The figures grouped by theme (in HR's order), each with its chart, and breadcrumbs."""
    themes = {}
    for figure in figures:
        figure.chart = bar_chart(figure.breakdown.all(), figure.unit)
        themes.setdefault(figure.theme, []).append(figure)
    trail = [("トップ", "/"), ("数字でみる", reverse("figures:list"))]
    return {
        "themes": list(themes.items()),
        "description": DESCRIPTION,
        "structured_data": sharing.json_ld(sharing.breadcrumb_list(request, trail)),
    }


@require_safe
def figure_list(request):
    context = figures_context(request, with_rows().live())
    context["canonical_url"] = request.build_absolute_uri(reverse("figures:list"))
    return render(request, "figures/figure_list.html", context)


@require_safe
def figure_preview(request, slug):
    """The page as it will be with this figure in its place among the live ones."""

    def context_of(figure):
        figure.state_label = figure.visibility().label
        live = with_rows().live().exclude(pk=figure.pk)
        figures = sorted(
            [*live, figure], key=lambda f: (f.theme.position, f.theme_id, f.position, f.pk)
        )
        return figures_context(request, figures) | {"previewed": figure}

    return preview(request, with_rows(), "figures/figure_list.html", context_of, slug=slug)
