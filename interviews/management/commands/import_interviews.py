"""`manage.py import_interviews PATH…`: article files, all validated before anything is written."""

from careers.core.interchange.commands import ImportCommand
from interviews.interchange import ARTICLE


class Command(ImportCommand):
    help = (
        "インタビュー記事を YAML ファイルから取り込みます（フォルダを渡すと中の *.yaml / *.yml をすべて）。"
        "すべてのファイルを検証してから1つのトランザクションで書き込み、1つでも誤りがあれば何も書き込みません。"
        "終了コード: 0 = 成功、1 = 入力の誤りなどで取り込まなかった。"
    )
    update_help = (
        "同じスラッグの記事があれば、その記事（職員・スケジュール・回答を含む）を置き換えます。"
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="YAML ファイルまたはフォルダ")
        super().add_arguments(parser)

    def handle(self, *args, paths, dry_run, update, verbosity, **options):
        report = self.run_import(
            [(ARTICLE, paths)], dry_run=dry_run, update=update, verbosity=verbosity
        )
        self.stdout.write(self.style.SUCCESS(report.summary()))
