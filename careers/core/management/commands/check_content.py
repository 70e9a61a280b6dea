"""`manage.py check_content`: the content checks of every registered type (core.checks.findings_for), as text or JSON."""

import json

from django.core.management.base import BaseCommand, CommandError

from careers.core.checks import ERROR, WARNING, findings_for
from careers.core.interchange.commands import add_type_argument
from careers.core.registry import content_kinds

# The type --slug works on, whose count the JSON report keeps as articles_checked.
ARTICLES = "interviews"


class Command(BaseCommand):
    help = (
        "サイトの内容を点検します。記事は代替テキストのない画像、重なった・逆順のスケジュール、回答のない職員、"
        "空の質問・回答、サイト内の存在しないページへのリンク、長すぎるリード文・回答など。"
        "採用区分のページ・お知らせ・イベント・よくある質問・ページは、それぞれの規則"
        "（受付期間の順序、代替テキストなど）と、本文からサイト内の存在しない・公開前のページへのリンク。"
        "終了コード: 0 = エラーなし（警告だけなら 0）、1 = エラーあり、またはスラッグが見つからない。"
        "--format json の出力は {articles_checked, errors, warnings, findings: [{slug, title, "
        "severity, location, code, message, type}], items_checked} で、キーと並び順は固定です"
        "（slug は記事以外では書き出しのファイル名、type は種類のフォルダ名）。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--slug",
            action="append",
            default=[],
            metavar="S",
            help="この記事だけを点検する（複数指定可）。指定すると記事だけを点検します。",
        )
        add_type_argument(parser, "点検する")
        parser.add_argument(
            "--format", choices=["text", "json"], default="text", help="出力形式（既定: text）"
        )

    def handle(self, *args, slug, types, format, **options):
        kinds = {kind.folder: kind for kind in content_kinds()}
        chosen = types or ([ARTICLES] if slug else list(kinds))
        results = []  # (type folder, slug or file name, title, findings)
        for folder in chosen:
            kind = kinds[folder]
            items = kind.format.queryset().order_by("pk")
            if folder == ARTICLES:
                items, missing = items.order_by("slug").with_slugs(slug)
                if missing:
                    raise CommandError(f"次のスラッグの記事はありません: {', '.join(missing)}")
            for item in items:
                found = findings_for(kind, item)
                results.append((folder, kind.format.file_name(item), str(item), found))
        findings = [
            {"slug": key, "title": title, **f.as_dict(), "type": folder}
            for folder, key, title, found in results
            for f in found
        ]
        errors = sum(1 for f in findings if f["severity"] == ERROR)
        warnings = sum(1 for f in findings if f["severity"] == WARNING)
        articles = sum(1 for folder, *_ in results if folder == ARTICLES)
        if format == "json":
            report = {
                "articles_checked": articles,
                "errors": errors,
                "warnings": warnings,
                "findings": findings,
                "items_checked": len(results),
            }
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
        else:
            labels = {ERROR: "エラー", WARNING: "警告"}
            for f in findings:
                name = f["slug"] if f["type"] == ARTICLES else f"{f['type']}/{f['slug']}"
                where = f"{name}: {f['location']}" if f["location"] else name
                self.stdout.write(f"{where}: [{labels[f['severity']]}] {f['message']}")
            others = len(results) - articles
            checked = f"{articles} 件の記事" + (f"と {others} 件のほかの項目" if others else "")
            summary = f"{checked}を点検: エラー {errors} 件、警告 {warnings} 件"
            style = self.style.ERROR if errors else self.style.SUCCESS
            self.stdout.write(style(summary))
        if errors:
            raise CommandError(f"エラーが {errors} 件あります。", returncode=1)
