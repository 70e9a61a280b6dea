"""`manage.py clean_media`: uploaded files no row refers to any more."""

import re

from django.apps import apps
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand

from careers.core.images import SafeImageField, delete_with_renditions, kept_in_history

RENDITION = re.compile(r"^(?P<original>.+)\.w\d+\.webp$")


def image_fields():
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, SafeImageField):
                yield model, field


def stored_files(storage, folder):
    """Every file below folder, as storage names."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}"
    for sub in folders:
        yield from stored_files(storage, f"{folder}/{sub}")


class Command(BaseCommand):
    help = (
        "アップロード画像のうち、どの記事・職員からも履歴からも参照されていないファイル"
        "（とその縮小版）を削除します。画像の差し替えや削除では、履歴から復元できるよう古い画像を残します。"
        "履歴を削除した後（reversion の deleterevisions など）に実行してください。"
        "--dry-run で削除せずに一覧だけを表示します。終了コード: 0 = 成功。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="削除せずに一覧を表示します。")

    def handle(self, *args, dry_run, verbosity, **options):
        in_use, folders = set(), set()
        for model, field in image_fields():
            in_use.update(
                model._base_manager.exclude(**{field.attname: ""}).values_list(
                    field.attname, flat=True
                )
            )
            folders.add(str(field.upload_to).split("/", 1)[0])
        removed = 0
        for folder in sorted(folders):
            for name in list(stored_files(default_storage, folder)):
                if match := RENDITION.match(name):
                    if default_storage.exists(match["original"]):
                        continue  # removed with its original, or kept with it
                    if not dry_run:
                        default_storage.delete(name)
                    continue
                if name in in_use or kept_in_history(name):
                    continue
                removed += 1
                if verbosity >= 2 or dry_run:
                    self.stdout.write(f"{'削除予定' if dry_run else '削除'}: {name}")
                if not dry_run:
                    delete_with_renditions(default_storage, name)
        verb = "削除できます（--dry-run のため残しています）" if dry_run else "削除しました"
        self.stdout.write(self.style.SUCCESS(f"使われていない画像 {removed} 件を{verb}。"))
