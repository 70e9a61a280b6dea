from django.core.management.base import BaseCommand, CommandError

from careers.interchange.importing import Action, ImportFailed, OnExisting, import_files
from interviews.interchange import ARTICLE

STAGES = {"validate": "検証", "write": "書き込み"}


class Command(BaseCommand):
    help = (
        "インタビュー記事を YAML ファイルから取り込みます（フォルダを渡すと中の *.yaml / *.yml をすべて）。"
        "すべてのファイルを検証してから1つのトランザクションで書き込み、1つでも誤りがあれば何も書き込みません。"
        "終了コード: 0 = 成功、1 = 入力の誤りなどで取り込まなかった。"
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="YAML ファイルまたはフォルダ")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="検証と結果の予告だけを行い、何も書き込みません。",
        )
        parser.add_argument(
            "--update",
            action="store_true",
            help="同じスラッグの記事があれば、その記事（職員・スケジュール・回答を含む）を置き換えます。",
        )

    def handle(self, *args, paths, dry_run, update, verbosity, **options):
        progress = self.progress if verbosity >= 1 else None
        try:
            report = import_files(
                ARTICLE,
                paths,
                existing=OnExisting.UPDATE if update else OnExisting.REFUSE,
                dry_run=dry_run,
                progress=progress,
            )
        except ImportFailed as exc:
            for problem in exc.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"{len(exc.problems)} 件の誤りがあるため、何も書き込みませんでした。"
            ) from None
        if dry_run or verbosity >= 2:
            labels = {
                Action.CREATE: "作成",
                Action.UPDATE: "更新",
                Action.UNCHANGED: "変更なし",
                Action.SKIP: "変更なし",
            }
            for plan in report.planned:
                self.stdout.write(f"{labels[plan.action]}: {plan.key}（{plan.path}）")
        self.stdout.write(self.style.SUCCESS(report.summary()))

    def progress(self, stage, done, total):
        """A line at every tenth of a large import (nothing for a handful of files)."""
        if total < 50:
            return
        step = max(1, total // 10)
        if done % step == 0 or done == total:
            self.stdout.write(f"{STAGES[stage]}: {done}/{total}（{done * 100 // total}%）")
