from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

EDITOR = "編集者"
PUBLISHER = "公開担当"

_CONTENT = [
    "interviews.staffprofile",
    "interviews.scheduleentry",
    "interviews.answer",
    "careers.selectionstep",
    "careers.applicationwindow",
    "careers.pagesection",
]
_REFERENCE = ["careers.jobcategory", "careers.department", "careers.entryroute"]

# app_label.model -> actions. The README lists the same table for HR.
ROLES = {
    EDITOR: {
        "interviews.article": ["view", "add", "change"],
        "careers.routepage": ["view", "add", "change"],
        "careers.newspost": ["view", "add", "change"],
        "careers.faqitem": ["view", "add", "change"],
        "careers.faqtheme": ["view"],
        "careers.freepage": ["view", "add", "change"],
        "careers.event": ["view", "add", "change"],
        **{model: ["view", "add", "change", "delete"] for model in _CONTENT},
        "interviews.tag": ["view", "add", "change"],
        **{model: ["view"] for model in _REFERENCE},
    },
    PUBLISHER: {
        "interviews.article": ["view", "add", "change", "delete", "publish"],
        "careers.routepage": ["view", "add", "change", "delete", "publish"],
        "careers.newspost": ["view", "add", "change", "delete", "publish"],
        "careers.faqitem": ["view", "add", "change", "delete", "publish"],
        "careers.faqtheme": ["view", "add", "change"],
        "careers.freepage": ["view", "add", "change", "delete", "publish"],
        "careers.event": ["view", "add", "change", "delete", "publish"],
        # The home page's lead message: what the public sees, so the publisher's.
        "careers.homemessage": ["view", "add", "change"],
        **{model: ["view", "add", "change", "delete"] for model in _CONTENT},
        "interviews.tag": ["view", "add", "change", "delete"],
        "interviews.sharelink": ["view", "add", "change", "delete"],
        **{model: ["view", "add", "change"] for model in _REFERENCE},
        # Unlocking a user locked out after wrong passwords is deleting their record.
        "axes.accessattempt": ["view", "delete"],
    },
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
        for name, spec in ROLES.items():
            group, created = Group.objects.get_or_create(name=name)
            permissions = permissions_for(spec)
            before = set(group.permissions.values_list("pk", flat=True))
            group.permissions.set(permissions)
            changed = before != {p.pk for p in permissions}
            state = "作成" if created else ("更新" if changed else "変更なし")
            self.stdout.write(f"{name}: {state}（権限 {len(permissions)} 件）")
        self.stdout.write(self.style.SUCCESS("グループの設定が完了しました。"))
