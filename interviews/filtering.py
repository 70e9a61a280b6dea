"""Filters and search for the interview list (/interviews/?tag=…&route=…&q=…).

Each facet counts the live articles that the *other* active filters leave, so
an applicant sees how many interviews a click would give. Every count is one
query whatever the number of articles. Options name only taxonomy that a live
article uses. A value that cannot match anything (a malformed slug, an unknown
place, a control character) gives an empty list, never an error.
"""

import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse

from careers.models import Department, EntryRoute, JobCategory
from careers.search import normalize
from careers.validation import FORBIDDEN

from .models import Article, ScheduleEntry, StaffProfile, Tag

MAX_QUERY_LENGTH = 100
SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")
SLUG_KEYS = ("category", "route", "department", "tag")


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


def list_url(**filters):
    """The interview list filtered by the given keys (route=, tag=…): the one place such
    URLs are built, for templates, feeds and the filter's own links."""
    base = reverse("interviews:article-list")
    params = [(k, filters[k]) for k in ArticleFilter.KEYS if filters.get(k)]
    return f"{base}?{urlencode(params)}" if params else base


def _profiles_matching(**lookups):
    return Exists(StaffProfile.objects.filter(article=OuterRef("pk"), **lookups))


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

    # --- querysets ------------------------------------------------------------

    def condition(self, key, value):
        match key:
            case "q":
                # One substring, as typed (Japanese has no spaces to split words on), in
                # one width and case on both sides; contains escapes %, _ and \.
                return Q(search_text__contains=normalize(value))
            case "category":
                return Q(category__slug=value)
            case "route":
                return _profiles_matching(entry_route__slug=value)
            case "department":
                return _profiles_matching(department__slug=value)
            case "place":
                return Exists(
                    ScheduleEntry.objects.filter(profile__article=OuterRef("pk"), place=value)
                )
            case "tag":
                return Q(tags__slug=value)
        raise ValueError(key)

    def apply(self, queryset, *, skip=None):
        if self.matches_nothing:
            return queryset.none()
        for key, value in self.values.items():
            if key != skip:
                queryset = queryset.filter(self.condition(key, value))
        return queryset

    # --- facets -----------------------------------------------------------------

    def facets(self):
        return [
            self._facet("category", JobCategory.objects.all(), "articles"),
            self._facet("route", EntryRoute.objects.all(), "profiles__article"),
            self._facet("department", Department.objects.all(), "profiles__article"),
            self._place_facet(),
            self._facet("tag", Tag.objects.all(), "articles"),
        ]

    def _facet(self, key, queryset, path):
        candidates = self.apply(Article.objects.live(), skip=key)
        # The active option stays (to be removed) even at 0, but only if it is public at all.
        active = queryset.filter(slug=self.values.get(key, "")).used_by(Article.objects.live())
        rows = queryset.annotate(
            n=Count(path, filter=Q(**{f"{path}__in": candidates.values("pk")}), distinct=True)
        ).filter(Q(n__gt=0) | Q(pk__in=active.values("pk")))
        return Facet(
            key,
            self.LABELS[key],
            [self._option(key, row.slug, row.name, row.n) for row in rows],
        )

    def _place_facet(self):
        candidates = self.apply(Article.objects.live(), skip="place")
        counts = dict(
            ScheduleEntry.objects.filter(profile__article__in=candidates.values("pk"))
            .values("place")
            .annotate(n=Count("profile__article", distinct=True))
            .values_list("place", "n")
        )
        return Facet(
            "place",
            self.LABELS["place"],
            [
                self._option("place", value, label, counts.get(value, 0))
                for value, label in ScheduleEntry.Place.choices
                if counts.get(value) or self.values.get("place") == value
            ],
        )

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
