"""The demo interviews for `load_demo`: the article files shipped in interviews/demo/,
imported like any others, and a summary for the demo's job category."""

from pathlib import Path

from careers.core.interchange.importing import Action, OnExisting, import_files
from careers.taxonomy.models import JobCategory

from .interchange import ARTICLE

DEMO_DIR = Path(__file__).resolve().parent / "demo"
ICT_SUMMARY = (
    "ICT職は、情報通信技術を使って行政サービスと職員の働き方を支える技術系の職種です。"
    "システムの企画・調達・運用、ネットワークとセキュリティ、データ活用など、"
    "活躍の場は本庁・事業所・学校・派遣先まで広がっています。"
)


def load_articles(now=None):
    """Import the demo articles that do not exist yet (by slug); how many were made.
    Raises ImportFailed (with the problems) if a shipped file does not validate."""
    report = import_files(ARTICLE, [DEMO_DIR], existing=OnExisting.SKIP)
    # The file format carries no category summaries; give the demo one unless HR wrote one.
    JobCategory.objects.filter(name="ICT職", summary="").update(summary=ICT_SUMMARY)
    if not JobCategory.objects.filter(slug="ict").exists():
        JobCategory.objects.filter(name="ICT職").update(slug="ict")  # a readable demo URL
    return report.count(Action.CREATE)
