from django.apps import AppConfig


class TaxonomyConfig(AppConfig):
    """The names items share: job categories, departments and entry routes."""

    name = "careers.taxonomy"
    label = "taxonomy"
    verbose_name = "職種・所属局・採用区分"
