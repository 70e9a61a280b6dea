"""Loaded by pytest before Django reads its settings (`-p tests.environment` in pyproject).

Settings refuse to start with DEBUG off and no key of their own; the suite runs with
DEBUG off, as production does, so it brings a throwaway key.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-" + "k" * 50)
