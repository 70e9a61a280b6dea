"""Filters and search for the interview list (/interviews/?tag=…&route=…&q=…).

Each facet counts the live articles that the *other* active filters leave, so
an applicant sees how many interviews a click would give. All counts come from
one pass over one short column of the live articles (Article.facet_values),
read from an index; the number of queries does not grow with the articles.
A filter value is resolved only against the names that a live article uses
(used_by_live): options, headings, the category pages, the feeds and the sitemap
all take their names from it. A name that only unpublished articles use (a
planned category: slugs are the romaji of the names) gives exactly the page an
unknown one gives. A value that cannot match anything (a malformed slug, an
unknown place, a control character) gives an empty list, never an error.
"""

import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse

from careers.core.validation import FORBIDDEN
from careers.taxonomy.models import Department, EntryRoute, JobCategory

from .live_index import LiveIndex
from .models import FACET_CODES, ScheduleEntry, Tag, facet_token

MAX_QUERY_LENGTH = 100
SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")
TAXONOMY = {"category": JobCategory, "route": EntryRoute, "department": Department, "tag": Tag}
FACET_KEYS = tuple(FACET_CODES)  # in the order the list shows them


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    count: int
    active: bool
    url: str


@dataclass(frozen=True)
class Facet:
    key: str
    label: str
    options: list


@dataclass(frozen=True)
class ActiveFilter:
    key: str
    label: str
    value_label: str
    remove_url: str


def used_by_live(key, index=None):
    """The categories, routes, departments or tags (filter key) that a live article uses,
    as a QuerySet: the only rows a public page may resolve a slug to or name. Which ones
    are used comes from the live index (Article.objects.live()), so it costs no scan of
    the articles."""
    if index is None:
        index = LiveIndex.current()
    return TAXONOMY[key].objects.filter(pk__in=index.used(key))


def list_url(**filters):
    """The interview list filtered by the given keys (route=, tag=…): the one place such
    URLs are built, for templates, feeds and the filter's own links."""
    base = reverse("interviews:article-list")
    params = [(k, filters[k]) for k in ArticleFilter.KEYS if filters.get(k)]
    return f"{base}?{urlencode(params)}" if params else base


class ArticleFilter:
    KEYS = ("q", "category", "route", "department", "place", "tag")
    LABELS = {
        "q": "キーワード",
        "category": "職種",
        "route": "採用区分",
        "department": "所属局",
        "place": "働く場所",
        "tag": "タグ",
    }

    def __init__(self, params):
        self.values = {}
        self.matches_nothing = False
        for key in self.KEYS:
            raw = str(params.get(key, ""))
            value = " ".join(FORBIDDEN.sub("", raw).split())
            if key == "q":
                value = value[:MAX_QUERY_LENGTH]
            if value:
                self.values[key] = value
            if FORBIDDEN.search(raw) or not self._well_formed(key, value):
                self.matches_nothing = True

    @staticmethod
    def _well_formed(key, value):
        if not value or key == "q":
            return True
        if key == "place":
            return value in ScheduleEntry.Place.values
        return bool(SLUG.match(value))

    @property
    def query(self):
        return self.values.get("q", "")

    def is_active(self):
        return bool(self.values)

    def is_indexable(self):
        """Whether search engines should index this list: the whole list, or the list of
        one category, route, department, place or tag (a landing page an applicant may
        search for). Keyword searches and combinations are noindex: endless, thin pages."""
        return not self.matches_nothing and "q" not in self.values and len(self.values) <= 1

    # --- matching and counting -------------------------------------------------------

    def results(self):
        """(ids of the matching live articles, newest first; the facets with their counts).

        Counting comes from LiveIndex: bit sets of the live articles per filter value, so
        a facet's count is one AND and one bit count whatever the number of articles. A
        facet counts the articles that every *other* active filter (and the keyword) lets
        through. The keyword is matched by the search index (careers.core.search).
        """
        index = LiveIndex.current()
        names = {
            key: list(used_by_live(key, index).values_list("pk", "slug", "name"))
            for key in TAXONOMY
        }
        wanted = {}  # filter key -> the token an article must have
        for key, value in self.values.items():
            if key == "place":
                wanted[key] = facet_token(key, value)
            elif key != "q":
                pk = next((pk for pk, slug, _name in names[key] if slug == value), None)
                wanted[key] = facet_token(key, pk)
                self.matches_nothing |= pk is None

        base = 0 if self.matches_nothing else index.everything
        if self.query and base:
            base &= index.search(self.query)
        # What each filter lets through; a facet is counted within all the *other* filters.
        passes = {key: index.masks.get(token, 0) for key, token in wanted.items()}
        matching = base
        for mask in passes.values():
            matching &= mask

        facets = []
        for key in FACET_KEYS:
            active = self.values.get(key)
            within = base
            for other, mask in passes.items():
                if other != key:
                    within &= mask
            if key == "place":
                choices = [
                    (facet_token(key, v), v, label) for v, label in ScheduleEntry.Place.choices
                ]
            else:
                choices = [(facet_token(key, pk), slug, name) for pk, slug, name in names[key]]
            options = []
            for token, value, label in choices:
                count = (index.masks.get(token, 0) & within).bit_count()
                # The active option stays (to be removed) even at 0, if a live article uses it.
                if count or (value == active and token in index.masks):
                    options.append(self._option(key, value, label, count))
            facets.append(Facet(key, self.LABELS[key], options))
        return index.ids_in(matching), facets

    def _option(self, key, value, label, count):
        active = self.values.get(key) == value
        return Option(value, label, count, active, self.url(**{key: None if active else value}))

    # --- URLs -------------------------------------------------------------------

    def url(self, **changes):
        """The list URL with some filters changed (None removes one); back to page 1."""
        return list_url(**{**self.values, **changes})

    def active(self, facets):
        labels = {facet.key: {o.value: o.label for o in facet.options} for facet in facets}
        return [
            ActiveFilter(
                key,
                self.LABELS[key],
                value if key == "q" else labels.get(key, {}).get(value, value),
                self.url(**{key: None}),
            )
            for key, value in self.values.items()
        ]
