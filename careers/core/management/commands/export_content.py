"""`manage.py export_content DIR`: every registered type, one YAML file per item, in the type's folder."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from careers.core.interchange.commands import add_type_argument, export_all, plan_exports
from careers.core.interchange.paths import UnsafePath, inside
from careers.core.registry import folders


class Command(BaseCommand):
    help = (
        "サイトの内容をすべて、1項目1ファイルの YAML で DIR に書き出します。種類ごとにフォルダを分けます"
        f"（{'、'.join(f'{folder}/' for folder in folders())}）。画像は各ファイルの隣の images/<名前>/ に置きます。"
        "同じ内容なら何度書き出しても同じバイト列になり、import_content で取り込むと同じ内容に戻ります。"
        "書き出し先のフォルダの外になる項目があれば、何も書き出しません。"
        "終了コード: 0 = 成功、1 = 書き込めない・フォルダの外になる項目があるなど。"
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", metavar="DIR", help="書き出し先のフォルダ（なければ作成）")
        add_type_argument(parser, "書き出す")

    def handle(self, *args, directory, types, verbosity, **options):
        target = Path(directory)
        if target.exists() and not target.is_dir():
            raise CommandError(f"{target} はフォルダではありません。")
        written = set()

        def on_file(path):
            written.add(path)
            if verbosity >= 2:
                self.stdout.write(f"書き出し: {path}")

        chosen = [(f, format) for f, format in folders().items() if not types or f in types]
        planned = plan_exports(
            [
                (format, format.queryset().order_by("pk"), type_folder(target, f))
                for f, format in chosen
            ]
        )
        total = 0
        for (folder, format), files in zip(chosen, planned, strict=True):
            count = export_all(files, done=total, on_file=on_file)
            total += count
            # A file of an item deleted since an earlier export into the same folder
            # would bring the item back on import: say so.
            found = (target / folder).rglob("*.yaml")
            for stale in sorted(p for p in found if p.resolve() not in written):
                self.stderr.write(
                    f"注意: {stale} は今回書き出した項目のファイルではありません"
                    "（削除した項目なら消してください。残すと import_content で元に戻ります）。"
                )
            self.stdout.write(
                f"{format.model._meta.verbose_name_plural}: {count} 件 → {target / folder}"
            )
        self.stdout.write(self.style.SUCCESS(f"合わせて {total} 件を {target} に書き出しました。"))


def type_folder(target, folder):
    """A type's folder in the target, resolved: a symlink there must not take the export
    elsewhere (each item's files are then resolved inside this folder)."""
    try:
        return inside(target, folder)
    except UnsafePath as exc:
        raise CommandError(f"{target / folder} {exc}。何も書き出しませんでした。") from exc
