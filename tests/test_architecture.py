"""The direction of imports between the apps, kept by a test rather than by memory.

careers holds the site (views, URLs) and the layers every content type shares
(publishing, interchange, images, validation, slugs, inlines, reference data).
Site pages may use content (careers/views.py, careers/urls.py import interviews);
the shared layers never import a content type, and content never imports the
site's views or URLs. No module imports itself back through others, counting the
imports written inside functions.
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


def module_graph():
    """{module: {modules it imports}} over our packages, imports inside functions included
    (an import moved into a function to dodge a cycle is still a cycle)."""
    ours = dict(modules("careers")) | dict(modules("interviews"))
    graph = {}
    for module, path in ours.items():
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*parent, base] if base else parent)
                names = [base, *(f"{base}.{alias.name}" for alias in node.names)]
            else:
                continue
            found |= {name for name in names if name in ours and name != module}
        graph[module] = {name for name in found if not ours[name].name == "__init__.py"}
    return graph


def test_no_module_imports_itself_back_through_others():
    graph = module_graph()
    cycles = []
    state = {}  # module -> "open" while on the current path, "done" after

    def visit(module, trail):
        state[module] = "open"
        for target in sorted(graph[module]):
            if state.get(target) == "open":
                cycles.append(" → ".join([*trail[trail.index(target) :], target]))
            elif target not in state:
                visit(target, [*trail, target])
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert cycles == []
