from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from careers.core.freshness import changed
from careers.core.interchange.importing import ImportFailed, OnExisting, import_files
from careers.demo import load_events, load_faq, load_news, load_pages, load_route_pages
from careers.models import JobCategory
from interviews.interchange import ARTICLE

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo"
ICT_SUMMARY = (
    "ICT職は、情報通信技術を使って行政サービスと職員の働き方を支える技術系の職種です。"
    "システムの企画・調達・運用、ネットワークとセキュリティ、データ活用など、"
    "活躍の場は本庁・事業所・学校・派遣先まで広がっています。"
)


class Command(BaseCommand):
    help = (
        "リポジトリに同梱したデモ記事を取り込みます。既にある記事には手を触れないので、"
        "何度実行しても結果は同じです。終了コード: 0 = 成功、1 = 失敗。"
    )

    def handle(self, *args, **options):
        try:
            report = import_files(ARTICLE, [DEMO_DIR], existing=OnExisting.SKIP)
        except ImportFailed as exc:
            for problem in exc.problems:
                self.stderr.write(str(problem))
            raise CommandError("デモ記事を取り込めませんでした。") from None
        # The YAML format carries no category summaries; give the demo one unless HR wrote one.
        JobCategory.objects.filter(name="ICT職", summary="").update(summary=ICT_SUMMARY)
        if not JobCategory.objects.filter(slug="ict").exists():
            JobCategory.objects.filter(name="ICT職").update(slug="ict")  # a readable demo URL
        routes = load_route_pages()
        news = load_news()
        faq = load_faq()
        pages = load_pages()
        events = load_events()
        changed()  # the updates above send no signals
        self.stdout.write(self.style.SUCCESS(f"デモ記事: {report.summary()}"))
        self.stdout.write(self.style.SUCCESS(f"採用区分のページ: {routes} 件を作成しました"))
        self.stdout.write(self.style.SUCCESS(f"お知らせ: {news} 件を作成しました"))
        self.stdout.write(self.style.SUCCESS(f"よくある質問: {faq} 件を作成しました"))
        self.stdout.write(self.style.SUCCESS(f"ページ: {pages} 件を作成しました"))
        self.stdout.write(self.style.SUCCESS(f"イベント: {events} 件を作成しました"))
