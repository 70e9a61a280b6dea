from django.apps import AppConfig


class CareersConfig(AppConfig):
    name = "careers"
    verbose_name = "サイト共通（職種・所属局・採用区分）"

    def ready(self):
        from . import inlines, page_cache

        inlines.install()
        page_cache.connect_signals()
