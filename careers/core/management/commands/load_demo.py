"""`manage.py load_demo`: every registered type's demo items (idempotent)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from careers.core.freshness import changed
from careers.core.interchange.importing import ImportFailed
from careers.core.registry import content_kinds


class Command(BaseCommand):
    help = (
        "同梱のデモ（記事・採用区分のページ・お知らせ・イベント・よくある質問・ページなど、"
        "登録されたすべての種類）を入れます。既にある項目には手を触れないので、"
        "何度実行しても結果は同じです。終了コード: 0 = 成功、1 = 失敗。"
    )

    def handle(self, *args, **options):
        now, made = timezone.now(), []
        for kind in content_kinds():
            if kind.demo is None:
                continue
            try:
                made.append((kind, kind.demo(now)))
            except ImportFailed as exc:
                for problem in exc.problems:
                    self.stderr.write(str(problem))
                name = kind.model._meta.verbose_name
                raise CommandError(f"{name}のデモを入れられませんでした。") from None
        changed()  # demo loaders may write with update(), which sends no signals
        for kind, count in made:
            name = kind.model._meta.verbose_name
            self.stdout.write(self.style.SUCCESS(f"{name}: {count} 件を作成しました"))
