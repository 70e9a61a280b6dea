"""Renderings kept in the cache until what they show changes.

An item's page body or list card is built from the item and its rows, and from
the names it shares with other items (job categories, departments, routes,
tags). It is kept under a key made of the item's edit token and update time,
which every save changes (a restore writes back the token of the version it
restores, whose content is that version's), and the version of the shared names
(freshness.NAMES_KEY). So it is built once per change of what it shows, on
whichever process or machine asks first, and never served out of date: a
changed item has a new key, and so does every item after a deploy that changes the code
(freshness.code_version). Previews render fresh and never read these.
"""

from django.core.cache import cache

from careers.core.freshness import NAMES_KEY, code_version, current_version

# Keys change with the content, so this only bounds how long unused entries stay.
KEPT_SECONDS = 24 * 60 * 60


def stamp(pk, edit_token, updated_at):
    return f"{pk}:{edit_token}:{updated_at.timestamp()}"


def kept(name, item, build):
    """build(), kept for this version of the item."""
    (key,) = _keys(name, {item.pk: stamp(item.pk, item.edit_token, item.updated_at)}).values()
    return cache.get_or_set(key, build, KEPT_SECONDS)


def kept_many(name, stamps, build):
    """{pk: value} for the items of `stamps` ({pk: stamp()}); build(pks) -> {pk: value}
    is called once, for those not kept yet."""
    keys = _keys(name, stamps)
    found = cache.get_many(keys.values())
    missing = [pk for pk, key in keys.items() if key not in found]
    if missing:
        built = build(missing)
        fresh = {keys[pk]: value for pk, value in built.items()}
        cache.set_many(fresh, KEPT_SECONDS)
        found.update(fresh)
    return {pk: found[key] for pk, key in keys.items() if key in found}


def _keys(name, stamps):
    names, _changed_at = current_version(NAMES_KEY)
    code = code_version()  # a deploy renders afresh
    return {pk: f"kept:{code}:{name}:{s}:{names}" for pk, s in stamps.items()}
