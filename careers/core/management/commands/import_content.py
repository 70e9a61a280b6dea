"""`manage.py import_content DIR`: the folders export_content writes, all validated before one transaction writes them."""

from pathlib import Path

from django.core.management.base import CommandError

from careers.core.interchange.commands import ImportCommand
from careers.core.interchange.importing import ImportFailed
from careers.core.interchange.reading import Problem
from careers.core.registry import folders


class Command(ImportCommand):
    help = (
        "export_content で書き出したフォルダ（種類ごとのフォルダ"
        f"{'・'.join(f'{folder}/' for folder in folders())}に1項目1ファイルの YAML）を取り込みます。"
        "すべての種類のすべてのファイルを検証してから1つのトランザクションで書き込み、"
        "1つでも誤りがあれば何も書き込みません。ない種類のフォルダは飛ばします。"
        "終了コード: 0 = 成功、1 = 入力の誤りなどで取り込まなかった。"
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", metavar="DIR", help="export_content で書き出したフォルダ")
        super().add_arguments(parser)

    def handle(self, *args, directory, dry_run, update, verbosity, **options):
        sets = self.folders(Path(directory))
        report = self.run_import(sets, dry_run=dry_run, update=update, verbosity=verbosity)
        for format, _ in sets:
            label = format.model._meta.verbose_name_plural
            self.stdout.write(f"{label}: {report.of(format).summary(note=False)}")
        self.stdout.write(self.style.SUCCESS(f"合計: {report.summary()}"))

    def folders(self, directory):
        """[(format, [folder])] for the type folders under directory; anything else there
        is refused, so a misspelt folder is not skipped without a word."""
        if not directory.is_dir():
            raise CommandError(f"{directory}: フォルダが見つかりません。")
        problems = []
        for entry in sorted(directory.iterdir()):
            if entry.name.startswith("."):
                continue  # .git and the like
            if entry.name not in folders() or not entry.is_dir():
                problems.append(
                    Problem(
                        entry,
                        "",
                        f"種類のフォルダではありません。使えるのは {', '.join(folders())} です。",
                    )
                )
        sets = [
            (format, [directory / folder])
            for folder, format in folders().items()
            if (directory / folder).is_dir()
        ]
        if not sets and not problems:
            problems.append(
                Problem(directory, "", f"種類のフォルダ（{', '.join(folders())}）がありません。")
            )
        if problems:
            self.report_failure(ImportFailed(problems))
        return sets
