"""The direction of imports between the apps, kept by a test rather than by memory.

careers/ is the project (settings, root URLs, WSGI) and holds the apps:

- core, the layers every content type shares and the registry: imports no other app;
- taxonomy, the names items share: imports core only;
- the content types, one app each (interviews, and those under careers/), found through
  the registry: import core and taxonomy, never each other and never the portal;
- portal, the site around them: may read every type (what one type's page shows of
  another, such as an interview's call to apply, is composed there).

No module imports itself back through others, counting the imports written inside
functions.
"""

import ast
from pathlib import Path

import pytest

from careers.core.registry import content_kinds

ROOT = Path(__file__).resolve().parent.parent


def imports(path):
    """Every module path an import in the file names, at any depth (inside functions too)."""
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


def app_of(module):
    """The app a module belongs to: "careers.core", "interviews"…; "careers" for the project."""
    parts = module.split(".")
    if parts[0] == "careers" and len(parts) > 1 and (ROOT / "careers" / parts[1]).is_dir():
        return f"careers.{parts[1]}"
    return parts[0] if parts[0] in ("careers", "interviews") else None


CONTENT_APPS = {kind.model._meta.app_config.name for kind in content_kinds()}
ALLOWED = {
    "careers.core": {"careers.core"},
    "careers.taxonomy": {"careers.core", "careers.taxonomy"},
    **{app: {"careers.core", "careers.taxonomy", app} for app in CONTENT_APPS},
}
CHECKED = [
    (module, path)
    for package in ("careers", "interviews")
    for module, path in modules(package)
    if app_of(module) in ALLOWED
]


def test_every_content_type_has_an_app_of_its_own():
    assert len(CONTENT_APPS) == len(content_kinds())
    assert "careers.core" not in CONTENT_APPS and "careers.portal" not in CONTENT_APPS


@pytest.mark.parametrize(("module", "path"), CHECKED, ids=[m for m, _ in CHECKED])
def test_an_app_imports_only_the_apps_beneath_it(module, path):
    app = app_of(module)
    found = {app_of(name) for name in imports(path)} - {None}
    assert found <= ALLOWED[app], f"{module} imports {sorted(found - ALLOWED[app])}"


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
