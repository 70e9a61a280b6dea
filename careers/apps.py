from django.apps import AppConfig


class CareersConfig(AppConfig):
    name = "careers"
    verbose_name = "サイト共通（職種・所属局・採用区分）"

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import inlines, page_cache, search

        inlines.install()
        page_cache.connect_signals()
        post_migrate.connect(search.install_indexes, sender=self, dispatch_uid="search_indexes")
