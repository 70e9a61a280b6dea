"""When anything derived from the content goes stale: the one rule, in one module.

Much of what the site shows is kept instead of built for every request. How long
each thing may be kept is decided here, and every cache and derived column asks:

| what is kept                              | where               | good until                                   |
|-------------------------------------------|---------------------|----------------------------------------------|
| anonymous pages (page_cache)              | the cache           | the content token changes, or the next boundary |
| kept renderings, an item's body or card (kept) | the cache      | the item's edit token, the names token or the code changes |
| live route pages, navigation, the live index, the next boundary (until_change) | each process | the content token changes, or the next boundary |
| an item's search text and filter tokens (derived columns) | its row | the item or its rows are saved (refresh_derived), or a name it shows changes |

The tokens (ContentVersion rows, a new random value at each change, written in the
transaction of the change so that no process sees one without the other):

| token              | a new value when                                                   |
|--------------------|--------------------------------------------------------------------|
| content (KEY)      | a row of our apps that pages show is written: every model but those that say `public_content = False` (share links, who has a page open) |
| names (NAMES_KEY)  | a name items share is written: a model that says `shared_names = True` (job categories, departments, routes, tags); renaming one (not saving it unchanged) also refreshes the derived columns of the items whose type names that relation in `derived_from_names` |

The next boundary is the first moment after now at which any published item goes
live, expires or changes by its own clock (a window opening): each content type
names its moments (Publishable.upcoming_moments), and one statement asks them all.

Model signals catch saves, deletes and many-to-many changes. A write that sends none
(bulk_create(), update(), raw SQL) is followed by changed(model, …), naming what it
wrote; changed() with no model says anything may have changed.

Imports nothing of the content types: they declare what this module reads.
"""

import datetime
import functools
import hashlib
import uuid
from pathlib import Path

from asgiref.local import Local
from django.apps import apps
from django.conf import settings
from django.core.signals import request_finished, request_started
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from careers.core.models import ContentVersion

KEY = "public"
NAMES_KEY = "taxonomy"
# The product's own packages: their models are content, their code renders pages.
OUR_PACKAGES = ("careers", "interviews")


def our_models(include_auto_created=False):
    return [
        model
        for model in apps.get_models(include_auto_created=include_auto_created)
        if model.__module__.split(".")[0] in OUR_PACKAGES
    ]


def is_public_content(model):
    """Whether a write to model's rows can change what a page shows."""
    return (
        model.__module__.split(".")[0] in OUR_PACKAGES
        and model is not ContentVersion
        and getattr(model, "public_content", True)
    )


def keys_for(model):
    """The tokens a write to model's rows makes new."""
    if not is_public_content(model):
        return ()
    return (KEY, NAMES_KEY) if getattr(model, "shared_names", False) else (KEY,)


# --- the tokens --------------------------------------------------------------------------

# The versions read during the current request, so that the page cache, the live index and
# the kept renderings read them with one query between them. Only within a request (set on
# request_started, dropped on request_finished), and cleared by every change made in it.
_request = Local()


def _request_started(**kwargs):
    _request.versions = {}


def _request_finished(**kwargs):
    try:
        del _request.versions
    except AttributeError:
        pass


def changed(*models):
    """Say that rows of these models were written (with no model: anything may have been).

    The new tokens are written in the caller's transaction, so they become visible to
    other processes at the same moment as the change. One UPDATE of one row per token,
    at every change: a page rendered between two changes of one transaction must not
    outlive the second."""
    keys = {KEY, NAMES_KEY} if not models else {k for m in models for k in keys_for(m)}
    for key in sorted(keys):
        _new_token(key)


def _new_token(key):
    if (memo := getattr(_request, "versions", None)) is not None:
        memo.clear()
    values = {"token": uuid.uuid4().hex, "changed_at": timezone.now()}
    if ContentVersion.objects.filter(key=key).update(**values):
        return
    try:
        with transaction.atomic():  # two processes may both find no row at the very start
            ContentVersion.objects.create(key=key, **values)
    except IntegrityError:
        ContentVersion.objects.filter(key=key).update(**values)


def current_version(key=KEY):
    """(token, changed_at) of the content the public sees now (or of the shared names).

    Read on every cached request, so by one fixed statement rather than the ORM (whose
    query building costs more than the page cache hit it decides); both tokens at once,
    kept for the rest of the request."""
    memo = getattr(_request, "versions", None)
    if memo and key in memo:
        return memo[key]
    versions = _read_versions()
    if key not in versions:
        _new_token(key)
        versions = _read_versions()
    if memo is not None:
        memo.update(versions)
    return versions[key]


def _read_versions():
    quote = connection.ops.quote_name
    table = quote(ContentVersion._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {quote('key')}, token, changed_at FROM {table} "
            f"WHERE {quote('key')} IN (%s, %s)",
            [KEY, NAMES_KEY],
        )
        rows = cursor.fetchall()
    return {key: (token, _aware(changed_at)) for key, token, changed_at in rows}


def _aware(value):
    """A datetime from a raw row: SQLite gives the text it stores, in UTC."""
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value)
    if timezone.is_naive(value):
        value = timezone.make_aware(value, datetime.UTC)
    return value


# --- the clock ---------------------------------------------------------------------------


def next_boundary(now):
    """The next moment any published item goes live or expires, or something else a page
    shows changes by the clock (a window opening); None if none is scheduled. Kept per
    process until the content changes or it has passed."""
    return until_change("next-boundary", lambda: _next_boundary(now), now, boundary=False)


def _next_boundary(now):
    """One statement for every content type: SELECT (the first published_at after now of
    the published articles), (… their expires_at), (… of route pages, of their windows…)."""
    parts, params = [], []
    for model in our_models():
        for first in getattr(model, "upcoming_moments", lambda now: [])(now):
            sql, query_params = first.query.sql_with_params()
            parts.append(f"({sql})")
            params += query_params
    if not parts:
        return None
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(parts)}", params)
        row = cursor.fetchone()
    moments = [_aware(value) for value in row if value is not None]
    return min(moments) if moments else None


_kept_until_change = {}


def until_change(name, build, now=None, *, boundary=True):
    """build(), kept in this process until the content token changes or the clock reaches
    the next boundary: for what every request would otherwise read again (the live route
    pages, the navigation, the live index). boundary=False keeps it until the moment the
    value itself names (the next boundary keeps itself until it has passed)."""
    now = now or timezone.now()
    token, _changed_at = current_version()  # before building: a change meanwhile shows
    found = _kept_until_change.get(name)
    if found is not None:
        kept_token, built_at, until, value = found
        if kept_token == token and built_at <= now and (until is None or now < until):
            return value
    value = build()
    until = next_boundary(now) if boundary else value
    _kept_until_change[name] = (token, now, until, value)
    return value


# --- the code ----------------------------------------------------------------------------


@functools.cache
def code_version():
    """A digest of the code and templates that render pages, and of the URLs they print.

    Part of every cache key (pages and kept renderings), so that a deploy that changes a
    template, a view or MEDIA_URL is served fresh at once, even from a shared Redis that
    holds what the previous release rendered. Computed once per process."""
    digest = hashlib.sha256(f"{settings.MEDIA_URL} {settings.STATIC_URL}".encode())
    root = Path(settings.BASE_DIR)
    for folder in (*OUR_PACKAGES, "templates"):
        for path in sorted((root / folder).rglob("*")):
            if path.suffix in (".py", ".html") and "migrations" not in path.parts:
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


# --- the signals -------------------------------------------------------------------------


def _on_write(sender, **kwargs):
    keys = keys_for(sender)
    if keys:
        changed(sender)
    instance = kwargs.get("instance")
    if NAMES_KEY in keys and kwargs.get("created") is False and getattr(instance, "renamed", True):
        refresh_items_showing(instance)


def _on_m2m_change(sender, instance, action, **kwargs):
    if action.startswith("post_"):
        changed(type(instance))


def refresh_items_showing(name):
    """Refresh the derived columns (search text) of every item whose derived columns show
    this shared name: the relations a type names in `derived_from_names` (a route page's
    "route"), through its rows too ("profiles__entry_route")."""
    target = type(name)
    for model in our_models():
        paths = [
            p for p in getattr(model, "derived_from_names", ()) if _leads_to(model, p) is target
        ]
        if not paths:
            continue
        showing = Q()
        for path in paths:
            showing |= Q(**{path: name})
        for item in model._default_manager.filter(showing).distinct():
            item.refresh_derived()


def _leads_to(model, path):
    """The model a lookup path through relations ends at."""
    for part in path.split("__"):
        model = model._meta.get_field(part).related_model
    return model


def connect_signals():
    request_started.connect(_request_started, dispatch_uid="freshness_request_started")
    request_finished.connect(_request_finished, dispatch_uid="freshness_request_finished")
    post_save.connect(_on_write, dispatch_uid="freshness_save")
    post_delete.connect(_on_write, dispatch_uid="freshness_delete")
    m2m_changed.connect(_on_m2m_change, dispatch_uid="freshness_m2m")
