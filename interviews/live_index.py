"""The live articles in memory, as bit sets per filter value: what lists count and rank with.

The list's filter counts, the home page's and category pages' counts and the
related interviews are all questions about sets of live articles ("those with
this tag", "those in this category"). Asked of the database they cost a scan
that grows with the collection (seconds at 10,000 articles on SQLite); asked of
bit sets they are a few operations on 1,250 bytes.
"""

import threading

from django.utils import timezone

from careers.core import search
from careers.core.freshness import until_change

from .models import FACET_CODES, Article, facet_token

SEARCHES_KEPT = 256


def category_token(category):
    return facet_token("category", category.pk)


def tag_token(tag):
    return facet_token("tag", tag.pk)


def route_token(route):
    return facet_token("route", route.pk)


class LiveIndex:
    """The live articles, newest first, and per filter value the set of them that has it.

    A set is an int used as a bit set (bit i: the i-th newest live article), so
    combining filters and counting are a few operations on 1,250 bytes at 10,000
    articles. Built from one query of one indexed column (Article.facet_values) and
    kept per process until the content changes or a scheduled article goes live or
    expires (careers.core.freshness.until_change): the same exact rule as the page cache,
    so it is never out of date.
    """

    _lock = threading.Lock()

    def __init__(self, now):
        rows = (
            Article.objects.live(now)
            .order_by("-published_at", "-pk")
            .values_list("pk", "facet_values")
        )
        self.ids, positions = [], {}
        for position, (pk, values) in enumerate(rows):
            self.ids.append(pk)
            for token_ in values.split():
                positions.setdefault(token_, []).append(position)
        self.position = {pk: i for i, pk in enumerate(self.ids)}
        self.everything = (1 << len(self.ids)) - 1
        self.masks = {t: self._bits(found) for t, found in positions.items()}
        self.searches = {}

    @classmethod
    def current(cls):
        now = timezone.now()
        return until_change("live-index", lambda: cls(now), now)

    def _bits(self, positions):
        bits = bytearray((len(self.ids) + 7) // 8)
        for p in positions:
            bits[p >> 3] |= 1 << (p & 7)
        return int.from_bytes(bits, "little")

    def search(self, query):
        """The bit set of the live articles whose text contains query; the last
        SEARCHES_KEPT searches are kept with the index (a broad word can match them all)."""
        query = search.normalize(query)
        found = self.searches.get(query)
        if found is None:
            position = self.position
            pks = search.matching_pks(Article, query)
            found = self._bits([position[pk] for pk in pks if pk in position])
            with self._lock:  # runserver and threaded servers share the index
                while len(self.searches) >= SEARCHES_KEPT:
                    del self.searches[next(iter(self.searches))]
                self.searches[query] = found
        return found

    def ids_in(self, mask):
        """The ids in a bit set, newest first."""
        bits = bin(mask)[:1:-1]  # bit 0 first
        return [self.ids[i] for i, bit in enumerate(bits) if bit == "1"]

    def count(self, token):
        return self.masks.get(token, 0).bit_count()

    def used(self, key):
        """The primary keys of the categories, routes, departments or tags (a filter key of
        FACET_CODES) that at least one live article has."""
        code = FACET_CODES[key]
        return {int(token[1:]) for token in self.masks if token[0] == code}

    def mask(self, token):
        return self.masks.get(token, 0)

    def newest(self, mask, limit):
        """The ids of the `limit` newest articles in a bit set."""
        found = []
        while mask and len(found) < limit:
            lowest = mask & -mask
            found.append(self.ids[lowest.bit_length() - 1])
            mask ^= lowest
        return found

    def related(self, article, limit):
        """Live articles that share the most of the article's tags, newest first among equals,
        then the newest that share its category or one of its departments."""
        own = article.facet_values.split()
        itself = self.position.get(article.pk)
        rest = self.everything & ~(1 << itself if itself is not None else 0)
        tag_sets = [self.mask(t) for t in own if t[0] == FACET_CODES["tag"]]
        # at_least[j]: the articles that share at least j of the tags.
        at_least = [rest] + [0] * len(tag_sets)
        for tagged in tag_sets:
            for j in range(len(tag_sets), 0, -1):
                at_least[j] |= at_least[j - 1] & tagged
        found, taken = [], 0
        for j in range(len(tag_sets), 0, -1):
            picked = self.newest(at_least[j] & ~taken, limit - len(found))
            found += picked
            taken |= self.mask_of_ids(picked)
        shares = 0
        for token in own:
            if token[0] in (FACET_CODES["category"], FACET_CODES["department"]):
                shares |= self.mask(token)
        found += self.newest(shares & rest & ~taken, limit - len(found))
        return found

    def mask_of_ids(self, pks):
        bits = 0
        for pk in pks:
            bits |= 1 << self.position[pk]
        return bits


def related_cards(article, limit=3):
    """The cards of the live articles that share tags with article, most tags shared first,
    then the newest that share its category or a department (ranked in memory, whatever
    the size of the collection)."""
    return Article.objects.cards(LiveIndex.current().related(article, limit))


def search_live(query, limit):
    """Site search's interviews: the interview list's own search through the live index,
    which keeps recent searches, so a word found in 10,000 interviews costs no count and
    no sort of them all. (how many, the newest `limit` of them)"""
    index = LiveIndex.current()
    found = index.search(query)
    ids = index.newest(found, limit)
    rows = Article.objects.only("title", "slug", "meta_description", "lead").in_bulk(ids)
    return found.bit_count(), [rows[pk] for pk in ids]
