"""The content checks of figures: their rules and links, and a figure gone stale."""

from careers.core.checks import WARNING, Finding, check_item
from careers.core.times import date_words
from careers.figures.formats import FIGURES
from careers.figures.models import STALE_AFTER_YEARS

STALE = (
    "{as_of}時点の数値で、{years}年以上たっています。新しい数値に更新するか、公開を終えてください。"
)


def check_figure(figure, today=None):
    findings = check_item(FIGURES, figure)
    if figure.is_stale(today) and figure.visibility() != figure.Visibility.EXPIRED:
        as_of = date_words(figure.as_of)
        message = STALE.format(as_of=as_of, years=STALE_AFTER_YEARS)
        findings.append(Finding(WARNING, "as_of", "stale-figure", message))
    return findings
