"""A database made before the content types had apps of their own upgrades with nothing
lost: its rows, its history (restorable from the admin), permissions and the groups that
hold them, on SQLite and on PostgreSQL alike."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from careers.news.models import NewsPost
from careers.routes.models import RoutePage
from interviews.models import Article

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [
    ("careers", "0011_faqitem_slug"),
    ("interviews", "0015_featured_index"),
    *(
        (app, None)
        for app in ("core", "taxonomy", "routes", "events", "news", "faq", "pages", "portal")
    ),
]


# What the rows below are made with, as of then.
ALSO = [
    ("auth", "0012_alter_user_first_name_max_length"),
    ("contenttypes", "0002_remove_content_type_name"),
    ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    nodes = [target for target in targets if target[1] is not None]
    return executor.loader.project_state(nodes + ALSO).apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def version_of(old_apps, user, obj, model_label):
    """A stored version as django-reversion wrote it before the move."""
    Revision = old_apps.get_model("reversion", "Revision")
    OldVersion = old_apps.get_model("reversion", "Version")
    OldContentType = old_apps.get_model("contenttypes", "ContentType")
    app_label, model = model_label.split(".")
    content_type, _ = OldContentType.objects.get_or_create(app_label=app_label, model=model)
    revision = Revision.objects.create(
        user_id=user.pk, comment="移行前の版", date_created=timezone.now()
    )
    return OldVersion.objects.create(
        revision=revision,
        object_id=str(obj.pk),
        content_type=content_type,
        db="default",
        format="json",
        serialized_data=serializers.serialize("json", [obj]),
        object_repr=str(obj),
    )


def test_a_database_from_before_the_apps_upgrades_with_its_history_and_grants(admin_user, client):
    old = migrate(BEFORE)
    OldNews = old.get_model("careers", "NewsPost")
    OldRoute = old.get_model("careers", "EntryRoute")
    OldPage = old.get_model("careers", "RoutePage")
    OldCategory = old.get_model("careers", "JobCategory")
    OldArticle = old.get_model("interviews", "Article")
    OldContentType = old.get_model("contenttypes", "ContentType")
    OldPermission = old.get_model("auth", "Permission")
    OldGroup = old.get_model("auth", "Group")

    post = OldNews.objects.create(title="移行前のお知らせ", slug="before", body="移行前の本文")
    route = OldRoute.objects.create(name="経験者採用", slug="keiken", kind="experienced")
    page = OldPage.objects.create(route=route, lead="移行前の概要")
    category = OldCategory.objects.create(name="ICT職", slug="ict")
    article = OldArticle.objects.create(
        title="移行前の記事", slug="before-article", category=category
    )
    versions = {
        "news": version_of(old, admin_user, post, "careers.newspost"),
        "route": version_of(old, admin_user, page, "careers.routepage"),
        "article": version_of(old, admin_user, article, "interviews.article"),
    }
    news_type = OldContentType.objects.get(app_label="careers", model="newspost")
    publish, _ = OldPermission.objects.get_or_create(
        content_type=news_type, codename="publish_newspost", defaults={"name": "公開"}
    )
    publishers = OldGroup.objects.create(name="公開担当（移行前）")
    publishers.permissions.add(publish)
    OldNews.objects.filter(pk=post.pk).update(body="移行後に直した本文")

    migrate(latest())

    ContentType.objects.clear_cache()
    news_type = ContentType.objects.get(pk=news_type.pk)
    assert (news_type.app_label, news_type.model_class()) == ("news", NewsPost)
    assert not ContentType.objects.filter(app_label="careers").exists()
    group = Group.objects.get(name="公開担当（移行前）")
    assert list(group.permissions.values_list("content_type__app_label", "codename")) == [
        ("news", "publish_newspost")
    ]
    assert Permission.objects.get(codename="publish_newspost").content_type == news_type
    assert Version.objects.get_for_object(NewsPost.objects.get(pk=post.pk)).count() == 1
    assert Version.objects.get_for_object(RoutePage.objects.get(pk=page.pk)).count() == 1

    client.force_login(admin_user)
    for model, version in [
        (NewsPost, versions["news"]),
        (RoutePage, versions["route"]),
        (Article, versions["article"]),
    ]:
        opts = model._meta
        url = reverse(
            f"admin:{opts.app_label}_{opts.model_name}_revision",
            args=[version.object_id, version.pk],
        )
        assert client.get(url).status_code == 200, url
    Version.objects.get(pk=versions["news"].pk).revert()
    assert NewsPost.objects.get(pk=post.pk).body == "移行前の本文"


def test_the_move_can_be_undone():
    migrate(BEFORE)
    assert "careers_newspost" in connection.introspection.table_names()
    migrate(latest())
    assert NewsPost._meta.db_table in connection.introspection.table_names()
