"""The content types HR publishes, each registered once, by its own app.

A content type is an app under careers/ (or interviews/) whose AppConfig.ready()
calls register() with a ContentKind: its model, its file format and export folder,
how site search lists it, its URLs, sitemap and demo data, the rows HR edits with
it. Everything that lists the types reads them from here, in their order: the root
URLs and the sitemap index, site search, the content checks' link targets, the
import/export folders, load_demo, setup_roles and the contract tests. Adding a type
is a new app and one register() call.

Imports nothing of ours: the types come to it.
"""

import dataclasses
from collections.abc import Callable

ACTIONS = ("view", "add", "change", "delete")


@dataclasses.dataclass(frozen=True)
class ContentKind:
    model: type  # a Publishable
    format: object  # its careers.core.interchange Format
    folder: str  # its folder in an export, and its --type name
    search_heading: str  # the heading of its hits in site search
    search_hit: Callable  # item -> (title, url, summary) for a hit in site search
    order: int  # where it stands among the types (search results, folders, URLs)
    urls: tuple = ()  # URL patterns it adds to the site's root
    index: str | None = None  # the URL name of its list page, if it has one
    nav_label: str | None = None  # its list page's name in the site's header, if it is there
    sitemaps: dict = dataclasses.field(default_factory=dict)  # {section: Sitemap class}
    # demo(now) -> how many demo items it made, live ones among them: load_demo's, and where
    # the contract tests (tests/test_contract.py, test_live_items.py) take the type's items.
    demo: Callable | None = None
    # View names of its public pages -> the lookup that finds the item from the URL's one
    # keyword (the content checks follow links to them; the contract tests find an
    # unpublished item at none of them).
    linked_views: dict = dataclasses.field(default_factory=dict)
    # link_check(match) -> (severity, code, reason) or None: for its other pages (a job
    # category's), what the content checks say of a link to one.
    link_check: Callable | None = None
    rows: tuple = ()  # models of the rows HR edits with an item (a route page's windows)
    # Other models of the app and what each role may do with them: {"editor": {model: actions}}.
    other_permissions: dict = dataclasses.field(default_factory=dict)
    # check(item) -> [Finding]: its content checks, when more than its own rules and links.
    check: Callable | None = None
    # search(query, limit) -> (how many live items match, the first `limit` of them), when the
    # type has a faster way than the generic one (the interviews' live index).
    search: Callable | None = None

    @property
    def label(self):
        return self.model._meta.label_lower

    def permissions(self, publisher):
        """{"app.model": [actions]} a role has on this type: an editor writes items and their
        rows; a publisher also deletes and publishes them."""
        own = ["view", "add", "change", *(["delete", "publish"] if publisher else [])]
        granted = {self.label: own}
        granted |= {row._meta.label_lower: list(ACTIONS) for row in self.rows}
        role = "publisher" if publisher else "editor"
        for model, actions in self.other_permissions.get(role, {}).items():
            granted[model._meta.label_lower] = list(actions)
        return granted


_registered = {}
_added_checks = {}


def register(kind):
    """Add a content type (from its app's ready()); registering one twice is a mistake."""
    if kind.folder in _registered and _registered[kind.folder].model is not kind.model:
        raise ValueError(f"two content types use the folder {kind.folder!r}")
    _registered[kind.folder] = kind


def content_kinds():
    """Every registered type, in order."""
    return sorted(_registered.values(), key=lambda kind: kind.order)


def folders():
    """{folder: format} of every type, in order: what import and export work on."""
    return {kind.folder: kind.format for kind in content_kinds()}


def kind_of(model):
    return next(kind for kind in content_kinds() if kind.model is model)


def add_check(folder, check):
    """Another app's check of the items of the type at folder (the portal checks that the
    routes an interview promotes accept applications): check(item) -> [Finding]."""
    _added_checks.setdefault(folder, []).append(check)


def added_checks(folder):
    return list(_added_checks.get(folder, ()))
