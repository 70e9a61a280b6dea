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
        # Every app's, after Django made them (its receiver was connected first).
        post_migrate.connect(name_permissions_in_japanese, dispatch_uid="permission_names")


ACTIONS = {"add": "追加", "change": "変更", "delete": "削除", "view": "閲覧"}


def name_permissions_in_japanese(using="default", **kwargs):
    """Django names permissions in English ("Can add log entry") when it creates them;
    HR reads them on the group and user screens. Renamed after every migrate."""
    from django.contrib.auth.models import Permission
    from django.utils import translation

    with translation.override("ja"):
        for permission in Permission.objects.using(using).select_related("content_type"):
            action, _, _model = permission.codename.partition("_")
            model = permission.content_type.model_class()
            if action not in ACTIONS or model is None or not permission.name.startswith("Can "):
                continue
            permission.name = f"{model._meta.verbose_name}を{ACTIONS[action]}できる"[:255]
            permission.save(update_fields=["name"])
