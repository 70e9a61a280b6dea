"""`manage.py export_interviews DIR`: articles only, in the article file format."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from careers.core.interchange.commands import export_all, plan_exports
from interviews.interchange import ARTICLE
from interviews.models import Article


class Command(BaseCommand):
    help = (
        "記事を1記事1ファイルの YAML（import_interviews と同じ形式）で DIR に書き出します。"
        "画像は DIR/images/<スラッグ>/ に置きます。同じ内容なら何度書き出しても同じバイト列になります。"
        "各ファイルは一時ファイルに書いてから置き換えるので、途中で失敗しても書きかけのファイルは残りません。"
        "書き出し先のフォルダの外になる記事があれば、何も書き出しません。"
        "終了コード: 0 = 成功、1 = 指定したスラッグがない・書き込めない・フォルダの外になる記事があるなど。"
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", metavar="DIR", help="書き出し先のフォルダ（なければ作成）")
        parser.add_argument(
            "--slug",
            action="append",
            default=[],
            metavar="S",
            help="この記事だけを書き出す（複数指定可）。省略するとすべての記事。",
        )

    def handle(self, *args, directory, slug, verbosity, **options):
        articles, missing = Article.objects.with_content().order_by("slug").with_slugs(slug)
        if missing:
            raise CommandError(f"次のスラッグの記事はありません: {', '.join(missing)}")
        target = Path(directory)
        if target.exists() and not target.is_dir():
            raise CommandError(f"{target} はフォルダではありません。")
        on_file = (lambda path: self.stdout.write(f"書き出し: {path}")) if verbosity >= 2 else None
        (files,) = plan_exports([(ARTICLE, articles, target)])
        count = export_all(files, on_file=on_file)
        self.stdout.write(self.style.SUCCESS(f"{count} 件の記事を {target} に書き出しました。"))
