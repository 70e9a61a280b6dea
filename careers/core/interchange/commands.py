"""What the import and export commands share: their options, how they report, and
the export loop. The commands themselves only say which formats and files."""

from django.core.management.base import BaseCommand, CommandError

from careers.core import registry
from careers.core.interchange.exporting import ExportRefused, plan, write
from careers.core.interchange.importing import Action, ImportFailed, OnExisting, import_sets

STAGES = {"validate": "検証", "write": "書き込み"}
LABELS = {
    Action.CREATE: "作成",
    Action.UPDATE: "更新",
    Action.UNCHANGED: "変更なし",
    Action.SKIP: "変更なし",
}


class ImportCommand(BaseCommand):
    update_help = "同じキーの項目があれば、その項目（子の行を含む）を置き換えます。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="検証と結果の予告だけを行い、何も書き込みません。",
        )
        parser.add_argument("--update", action="store_true", help=self.update_help)

    def run_import(self, sets, *, dry_run, update, verbosity):
        """Import [(format, paths)…] all or nothing, and say what happened."""
        progress = self.progress if verbosity >= 1 else None
        try:
            report = import_sets(
                sets,
                existing=OnExisting.UPDATE if update else OnExisting.REFUSE,
                dry_run=dry_run,
                progress=progress,
            )
        except ImportFailed as exc:
            self.report_failure(exc)
        if dry_run or verbosity >= 2:
            for plan in report.planned:
                self.stdout.write(f"{LABELS[plan.action]}: {plan.key}（{plan.path}）")
        return report

    def report_failure(self, failure):
        for problem in failure.problems:
            self.stderr.write(str(problem))
        raise CommandError(
            f"{len(failure.problems)} 件の誤りがあるため、何も書き込みませんでした。"
        ) from None

    def progress(self, stage, done, total):
        """A line at every tenth of a large import (nothing for a handful of files)."""
        if total < 50:
            return
        step = max(1, total // 10)
        if done % step == 0 or done == total:
            self.stdout.write(f"{STAGES[stage]}: {done}/{total}（{done * 100 // total}%）")


def plan_exports(sets):
    """Every file of every item, for [(format, items, directory)…]: a list of ItemFiles per
    set. All or nothing: an item whose stored values would put a file outside its folder
    stops the whole export before anything is written (CommandError naming every such item)."""
    planned, refused = [], []
    for format, items, directory in sets:
        files = []
        for item in items:
            try:
                files.append(plan(format, item, directory))
            except ExportRefused as exc:
                refused.append(str(exc))
        planned.append(files)
    if refused:
        raise CommandError(
            "\n".join(
                [*refused, f"{len(refused)} 件の項目を書き出せないため、何も書き出しませんでした。"]
            )
        )
    return planned


def export_all(files, *, done=0, on_file=None):
    """Write planned items (plan_exports); the number written. A failure says how many
    files were already written (each one whole: exporting.write_atomically)."""
    count = 0
    try:
        for item in files:
            path = write(item)
            count += 1
            if on_file:
                on_file(path)
    except OSError as exc:
        raise CommandError(
            f"書き出しに失敗しました（{done + count} 件は書き出し済み）: {exc}"
        ) from exc
    return count


def add_type_argument(parser, verb):
    """`--type T` (repeatable) for a command that works on some of the registered types."""
    folders = list(registry.folders())
    parser.add_argument(
        "--type",
        action="append",
        default=[],
        choices=folders,
        dest="types",
        metavar="TYPE",
        help=f"この種類だけを{verb}（複数指定可: {', '.join(folders)}）。省略するとすべて。",
    )
