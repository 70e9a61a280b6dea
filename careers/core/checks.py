"""Content checks every type shares: the findings, a model's own rules as findings, and
links in Markdown to pages of this site the public cannot see (found through the
registry: each type names the views of its pages). A type's own checks are its app's
(interviews/content_checks.py for articles).
"""

import html
import re
from dataclasses import asdict, dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import Resolver404, resolve

from careers.core.interchange.fields import Children, Text
from careers.core.registry import added_checks, content_kinds
from careers.core.rendering import render_markdown

ERROR = "error"


WARNING = "warning"


SEVERITY_LABELS = {ERROR: "エラー", WARNING: "警告"}


HREF = re.compile(r'href="([^"]*)"')


@dataclass(frozen=True)
class Finding:
    severity: str
    location: str
    code: str
    message: str

    @property
    def severity_label(self):
        return SEVERITY_LABELS[self.severity]

    def as_dict(self):
        return asdict(self)


def check_item(format, item):
    """Every finding for one item of another type (loaded with format.queryset())."""
    findings = model_rule_findings(item, "", "")
    bodies = []
    for field in format.fields:
        if isinstance(field, Text) and field.multiline:
            bodies.append((field.key, getattr(item, field.attr)))
        elif isinstance(field, Children):
            for i, row in enumerate(getattr(item, field.attr).all()):
                where = f"{field.key}[{i}]"
                findings += model_rule_findings(row, where, "")
                bodies += [
                    (f"{where}.{sub.key}", getattr(row, sub.attr))
                    for sub in field.fields
                    if isinstance(sub, Text) and sub.multiline
                ]
    return findings + link_findings(bodies)


def link_findings(bodies):
    """Links in Markdown bodies [(location, text)] to pages the public cannot see."""
    findings = []
    for location, body in bodies:
        for href in _internal_links(body):
            if problem := _link_problem(href):
                severity, code, reason = problem
                findings.append(Finding(severity, location, code, f"リンク先 {href} は{reason}。"))
    return findings


# The model's field a rule names -> the finding's code (documented for --format json).
RULE_CODES = {"hero_alt": "missing-alt", "photo_alt": "missing-alt", "end": "schedule-order"}


def model_rule_findings(instance, where, prefix):
    """The model's own invariants (its clean()) on stored data, which may predate them."""
    try:
        instance.clean()
    except ValidationError as exc:
        return [
            Finding(
                ERROR,
                where if name == "end" else (f"{where}.{name}" if where else name),
                RULE_CODES.get(name, "invalid"),
                f"{prefix}{message}",
            )
            for name, messages in exc.message_dict.items()
            for message in messages
        ]
    return []


def _internal_links(body):
    """Paths on this site that a Markdown body links to."""
    for href in HREF.findall(str(render_markdown(body))):
        href = html.unescape(href)
        if href.startswith("/") and not href.startswith("//"):
            yield href


def _link_problem(href):
    """(severity, code, reason) when the page at href is not there for the public."""
    path = urlsplit(href).path
    if path.startswith((settings.STATIC_URL, settings.MEDIA_URL)):
        return None
    try:
        match = resolve(path)
    except Resolver404:
        return ERROR, "broken-link", "このサイトにないページです"
    for kind in content_kinds():
        if match.view_name in kind.linked_views:
            value = next(iter(match.kwargs.values()), "").strip("/")
            item = kind.model.objects.filter(**{kind.linked_views[match.view_name]: value}).first()
            name = kind.model._meta.verbose_name
            if item is None:
                return ERROR, "broken-link", f"存在しない{name}です"
            if not item.is_live():
                return (
                    WARNING,
                    "link-not-live",
                    f"まだ公開されていない{name}です（公開されるまで閲覧者には見つかりません）",
                )
        if kind.link_check is not None and (problem := kind.link_check(match)):
            return problem
    return None


def findings_for(kind, item):
    """Every finding for one item of a registered type: its own checks (or its rules and
    links, found through its format) and those other apps add."""
    own = kind.check(item) if kind.check else check_item(kind.format, item)
    return own + [finding for check in added_checks(kind.folder) for finding in check(item)]
