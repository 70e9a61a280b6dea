import json

from django.core.management.base import BaseCommand, CommandError

from interviews.content_checks import ERROR, WARNING, check_article
from interviews.models import Article


class Command(BaseCommand):
    help = (
        "記事の内容を点検します（代替テキストのない画像、重なった・逆順のスケジュール、回答のない職員、"
        "空の質問・回答、サイト内の存在しないページへのリンク、長すぎるリード文・回答など）。"
        "終了コード: 0 = エラーなし（警告だけなら 0）、1 = エラーあり、またはスラッグが見つからない。"
        "--format json の出力は {articles_checked, errors, warnings, findings: [{slug, title, "
        "severity, location, code, message}]} で、キーと並び順は固定です。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--slug",
            action="append",
            default=[],
            metavar="S",
            help="この記事だけを点検する（複数指定可）。省略するとすべての記事。",
        )
        parser.add_argument(
            "--format", choices=["text", "json"], default="text", help="出力形式（既定: text）"
        )

    def handle(self, *args, slug, format, **options):
        articles, missing = Article.objects.with_content().order_by("slug").with_slugs(slug)
        if missing:
            raise CommandError(f"次のスラッグの記事はありません: {', '.join(missing)}")
        results = [(article, check_article(article)) for article in articles]
        findings = [
            {"slug": a.slug, "title": a.title, **f.as_dict()} for a, found in results for f in found
        ]
        errors = sum(1 for f in findings if f["severity"] == ERROR)
        warnings = sum(1 for f in findings if f["severity"] == WARNING)
        if format == "json":
            report = {
                "articles_checked": len(results),
                "errors": errors,
                "warnings": warnings,
                "findings": findings,
            }
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
        else:
            labels = {ERROR: "エラー", WARNING: "警告"}
            for f in findings:
                where = f"{f['slug']}: {f['location']}" if f["location"] else f["slug"]
                self.stdout.write(f"{where}: [{labels[f['severity']]}] {f['message']}")
            summary = f"{len(results)} 件の記事を点検: エラー {errors} 件、警告 {warnings} 件"
            style = self.style.ERROR if errors else self.style.SUCCESS
            self.stdout.write(style(summary))
        if errors:
            raise CommandError(f"エラーが {errors} 件あります。", returncode=1)
