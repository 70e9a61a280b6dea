"""Demo route pages (採用区分) for `load_demo`: original Japanese text, windows placed
around the day the demo is loaded so that one accepts applications, one opens later
and one has closed."""

from contextlib import contextmanager

import reversion
from django.db import transaction


@contextmanager
def demo_revision():
    """One transaction and one history entry per demo item, as an admin save makes."""
    with transaction.atomic(), reversion.create_revision():
        reversion.set_comment("デモから作成しました")
        yield
