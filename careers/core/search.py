"""One rule for matching what applicants type against what HR wrote.

Japanese text comes in several widths: an IME gives ＩＣＴ or ９：００, old systems
half-width ｶﾀｶﾅ. Both sides of a search are brought to one form (Unicode NFKC,
then case folded), so ＩＣＴ, ICT and ict, or ｶﾀｶﾅ and カタカナ, find each other on
SQLite and PostgreSQL alike. Items keep their searchable text in this form in a
column of their own (Publishable.search_text), refreshed whenever they are saved
with their rows.
"""

import unicodedata

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import Q
from django.db.models.expressions import RawSQL


def normalize(text):
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


# --- the index behind it -------------------------------------------------------------
# A search is one substring of the normalised text. Both databases answer it from an
# index of trigrams (three-character pieces) for three characters or more:
# PostgreSQL from a pg_trgm GIN index, which its own LIKE uses; SQLite from an FTS5
# table with the trigram tokenizer, kept in step by triggers. Shorter searches (「AI」,
# 「育児」) have no trigram to look up and read the column of every item instead.

MIN_INDEXED_LENGTH = 3


def fts_table(model):
    return f"{model._meta.db_table}_fts"


def matching(model, text):
    """A condition on `model` (a Publishable) for items whose search text contains text."""
    text = normalize(text)
    if connection.vendor == "sqlite" and len(text) >= MIN_INDEXED_LENGTH:
        table = fts_table(model)
        return Q(
            pk__in=RawSQL(f'SELECT rowid FROM "{table}" WHERE "{table}" MATCH %s', [_phrase(text)])
        )
    return Q(search_text__contains=text)


def matching_pks(model, text):
    """The primary keys of every item of `model` whose search text contains text, any state."""
    text = normalize(text)
    if connection.vendor == "sqlite" and len(text) >= MIN_INDEXED_LENGTH:
        table = fts_table(model)
        with connection.cursor() as cursor:
            cursor.execute(f'SELECT rowid FROM "{table}" WHERE "{table}" MATCH %s', [_phrase(text)])
            return [pk for (pk,) in cursor.fetchall()]
    return list(
        model._default_manager.filter(search_text__contains=text).values_list("pk", flat=True)
    )


def _phrase(text):
    return '"' + text.replace('"', '""') + '"'


def install_indexes(using=DEFAULT_DB_ALIAS, **kwargs):
    """Create the search index of every model with a search_text column (every Publishable)
    where it is missing (post_migrate).

    Idempotent. On SQLite a migration that rebuilds a table drops its triggers; they
    are made again here and the index rebuilt from the column, so it is never stale.
    """
    conn = connections[using]
    tables = set(conn.introspection.table_names())
    for model in apps.get_models():
        searchable = any(f.name == "search_text" for f in model._meta.concrete_fields)
        if not searchable or model._meta.db_table not in tables:
            continue
        with conn.cursor() as cursor:
            if conn.vendor == "postgresql":
                _install_trigram_index(cursor, model._meta.db_table)
            elif conn.vendor == "sqlite":
                _install_fts(cursor, model._meta.db_table, fts_table(model))


def _install_trigram_index(cursor, table):
    cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    cursor.execute(
        f'CREATE INDEX IF NOT EXISTS "{table}_search" ON "{table}" '
        "USING gin (search_text gin_trgm_ops)"
    )


def _install_fts(cursor, table, fts):
    triggers = {f"{fts}_insert", f"{fts}_delete", f"{fts}_update"}
    cursor.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s", [f"{fts}_%"]
    )
    if {name for (name,) in cursor.fetchall()} == triggers:
        return
    remove = f'INSERT INTO "{fts}"("{fts}", rowid, search_text) VALUES (\'delete\', old.id, old.search_text);'
    add = f'INSERT INTO "{fts}"(rowid, search_text) VALUES (new.id, new.search_text);'
    cursor.execute(
        f'CREATE VIRTUAL TABLE IF NOT EXISTS "{fts}" USING fts5('
        f"search_text, content='{table}', content_rowid='id', tokenize='trigram')"
    )
    for name, event, body in (
        ("insert", "AFTER INSERT", add),
        ("delete", "AFTER DELETE", remove),
        ("update", "AFTER UPDATE OF search_text", remove + add),
    ):
        cursor.execute(f'DROP TRIGGER IF EXISTS "{fts}_{name}"')
        cursor.execute(f'CREATE TRIGGER "{fts}_{name}" {event} ON "{table}" BEGIN {body} END')
    cursor.execute(f'INSERT INTO "{fts}"("{fts}") VALUES (\'rebuild\')')


def live_matches(queryset, query, limit):
    """(how many items of queryset, a live() one, contain query; the first `limit` of them):
    how site search asks a content type that has no faster way of its own."""
    found = queryset.filter(pk__in=matching_pks(queryset.model, query))
    items = list(found[:limit])
    count = found.count() if len(items) == limit else len(items)
    return count, items
