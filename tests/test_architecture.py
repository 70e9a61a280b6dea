"""The direction of imports between the apps, kept by a test rather than by memory.

careers holds the site (views, URLs) and the layers every content type shares
(publishing, interchange, images, validation, slugs, inlines, reference data).
Site pages may use content (careers/views.py, careers/urls.py import interviews);
the shared layers never import a content type, and content never imports the
site's views or URLs.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SITE_MODULES = {"careers.views", "careers.urls"}


def imports(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def modules(package):
    for path in sorted((ROOT / package).rglob("*.py")):
        if "migrations" not in path.parts:
            yield ".".join(path.relative_to(ROOT).with_suffix("").parts), path


SHARED = [(module, path) for module, path in modules("careers") if module not in SITE_MODULES]


@pytest.mark.parametrize(("module", "path"), SHARED, ids=[m for m, _ in SHARED])
def test_shared_layers_never_import_a_content_type(module, path):
    assert not [name for name in imports(path) if name.split(".")[0] == "interviews"], module


CONTENT = list(modules("interviews"))


@pytest.mark.parametrize(("module", "path"), CONTENT, ids=[m for m, _ in CONTENT])
def test_content_never_imports_the_site_views_or_urls(module, path):
    assert not [name for name in imports(path) if name in SITE_MODULES], module
