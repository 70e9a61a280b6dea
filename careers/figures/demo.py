import datetime
from decimal import Decimal

from django.utils import timezone

from careers.core.demo import demo_revision
from careers.figures.models import Figure, FigureTheme

# theme -> [(label, value, unit, source, note, breakdown title, [(row label, value)])]
FIGURES = {
    "職員": [
        (
            "ICT職の職員数",
            "186",
            "人",
            "人事課調べ",
            "再任用職員・任期付職員を含みます。",
            "年代別",
            [("20代", "38"), ("30代", "61"), ("40代", "52"), ("50代以上", "35")],
        ),
        ("ICT職に占める女性の割合", "34.4", "%", "人事課調べ", "", "", []),
    ],
    "働き方": [
        (
            "年次休暇の平均取得日数",
            "15.8",
            "日",
            "職員の勤務状況調査",
            "前年1年間の実績です。",
            "",
            [],
        ),
        ("在宅勤務を利用した職員の割合", "72.6", "%", "職員の勤務状況調査", "", "", []),
    ],
    "育成": [
        ("1人あたりの研修受講時間（年間）", "42", "時間", "研修所調べ", "", "", []),
        ("情報処理技術者試験の合格者数", "27", "人", "人事課調べ", "前年度の合格者です。", "", []),
    ],
}


def load_figures(now=None):
    """Create the demo figures that do not exist yet (by label), as of the last 1 April;
    how many were made."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    as_of = datetime.date(today.year if today.month >= 4 else today.year - 1, 4, 1)
    made = 0
    for theme_position, (theme_name, figures) in enumerate(FIGURES.items()):
        theme, _ = FigureTheme.objects.get_or_create(
            name=theme_name, defaults={"position": theme_position}
        )
        for position, (label, value, unit, source, note, title, rows) in enumerate(figures):
            if Figure.objects.filter(label=label).exists():
                continue
            with demo_revision():
                figure = Figure.objects.create(
                    theme=theme,
                    position=position,
                    label=label,
                    value=Decimal(value),
                    unit=unit,
                    as_of=as_of,
                    source=source,
                    note=note,
                    breakdown_title=title,
                    status=Figure.Status.PUBLISHED,
                    published_at=now - datetime.timedelta(days=1),
                )
                for row_position, (row_label, row_value) in enumerate(rows):
                    figure.breakdown.create(
                        position=row_position, label=row_label, value=Decimal(row_value)
                    )
                figure.refresh_derived()
            made += 1
    return made
