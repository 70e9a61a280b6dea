"""The core app's configuration: connects the freshness signals, the inline safety net and the search indexes, and names Django's permissions and link tables in Japanese. Also django-axes under a Japanese name."""

from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The layers every content type shares (publishing, freshness, interchange, images,
    search…) and the registry of the types. Imports no content app."""

    default = True  # this module also holds AxesConfig
    name = "careers.core"
    label = "core"
    verbose_name = "共通"

    def ready(self):
        from django.db.models.signals import post_migrate

        from careers.core import freshness, inlines, search

        inlines.install()
        freshness.connect_signals()
        post_migrate.connect(search.install_indexes, sender=self, dispatch_uid="search_indexes")
        # Every app's, after Django made them (its receiver was connected first).
        post_migrate.connect(name_permissions_in_japanese, dispatch_uid="permission_names")
        name_link_tables_in_japanese()


def name_link_tables_in_japanese():
    """The tables Django makes for a many-to-many field (an article's tags) are named in
    English and shown as 「Article-tag の関連: Article_tags object (21)」 on the delete
    confirmation HR reads. Give ours a Japanese name and rows a readable one."""
    from careers.core.freshness import our_models

    for model in our_models(include_auto_created=True):
        opts = model._meta
        if not opts.auto_created:
            continue
        source, target = (f for f in opts.fields if f.is_relation)
        opts.verbose_name = f"{source.related_model._meta.verbose_name}と{target.related_model._meta.verbose_name}の結び付き"
        opts.verbose_name_plural = opts.verbose_name

        def __str__(self, source=source, target=target):
            return f"「{getattr(self, source.name)}」の{target.related_model._meta.verbose_name}「{getattr(self, target.name)}」"

        model.__str__ = __str__


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


class AxesConfig(AxesAppConfig):
    """django-axes under a Japanese name in the admin's menu (it shows "Axes")."""

    verbose_name = "ログインの記録と制限"
