"""`manage.py setup_roles`: the editor and publisher groups, with each registered type's permissions and the site's."""

from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from careers.core.registry import content_kinds

EDITOR = "編集者"
PUBLISHER = "公開担当"

# What the roles may do beyond the content types (each type's permissions are the
# registry's: ContentKind.permissions). The README lists the same table for HR.
SITE = {
    EDITOR: {
        "taxonomy.jobcategory": ["view"],
        "taxonomy.department": ["view"],
        "taxonomy.entryroute": ["view"],
    },
    PUBLISHER: {
        "taxonomy.jobcategory": ["view", "add", "change"],
        "taxonomy.department": ["view", "add", "change"],
        "taxonomy.entryroute": ["view", "add", "change"],
        # The home page's lead message: what the public sees, so the publisher's.
        "portal.homemessage": ["view", "add", "change"],
        # Unlocking a user locked out after wrong passwords is deleting their record.
        "axes.accessattempt": ["view", "delete"],
    },
}


def roles():
    """{group name: {"app.model": [actions]}}: every registered type's, then the site's."""
    return {
        name: {
            **{
                label: actions
                for kind in content_kinds()
                for label, actions in kind.permissions(publisher=name == PUBLISHER).items()
            },
            **SITE[name],
        }
        for name in (EDITOR, PUBLISHER)
    }


def permissions_for(spec):
    wanted = {
        (model.split(".")[0], f"{action}_{model.split('.')[1]}")
        for model, actions in spec.items()
        for action in actions
    }
    found = {
        (p.content_type.app_label, p.codename): p
        for p in Permission.objects.select_related("content_type").filter(
            codename__in={codename for _, codename in wanted}
        )
    }
    missing = wanted - set(found)
    if missing:
        names = ", ".join(sorted(f"{app}.{code}" for app, code in missing))
        raise CommandError(
            f"権限が見つかりません: {names}。先に `manage.py migrate` を実行してください。"
        )
    return [found[key] for key in sorted(wanted)]


class Command(BaseCommand):
    help = (
        "人事向けの2つのグループ「編集者」と「公開担当」を作成し、権限を README の表のとおりに"
        "そろえます（既にあれば上書き）。何度実行しても結果は同じです。"
        "ユーザーを管理画面でどちらかのグループに入れ、「スタッフ権限」をオンにしてください。"
        "終了コード: 0 = 成功、1 = 失敗。"
    )

    @transaction.atomic
    def handle(self, *args, **options):
        for name, spec in roles().items():
            group, created = Group.objects.get_or_create(name=name)
            permissions = permissions_for(spec)
            before = set(group.permissions.values_list("pk", flat=True))
            group.permissions.set(permissions)
            changed = before != {p.pk for p in permissions}
            state = "作成" if created else ("更新" if changed else "変更なし")
            self.stdout.write(f"{name}: {state}（権限 {len(permissions)} 件）")
        self.stdout.write(self.style.SUCCESS("グループの設定が完了しました。"))
