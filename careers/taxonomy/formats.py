"""What the file formats fill in for a route created by name."""

from careers.taxonomy.models import EntryRoute


def route_defaults(name):
    """A route met for the first time (in any type's file) gets a kind from its name."""
    return {"kind": EntryRoute.kind_for_name(name)}
