"""The floor plan holds: no import cycles, Stripe only behind the gateway, views above services."""
import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "portal_site"


def module_name(path):
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(path): path for path in PACKAGE.rglob("*.py")}


def imports_of(name):
    """The portal modules `name` imports, anywhere in its body (`from a import b` counts as a.b when b is one)."""
    tree = ast.parse(MODULES[name].read_text())
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                child = f"{node.module}.{alias.name}"
                found.add(child if child in MODULES else node.module)
    return {module for module in found if module in MODULES and module != name}


GRAPH = {name: imports_of(name) for name in MODULES}


def reaches(start, goal):
    seen, stack = set(), [start]
    while stack:
        for nxt in GRAPH[stack.pop()]:
            if nxt == goal:
                return True
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return False


def test_no_module_imports_one_that_imports_it_back():
    cycles = sorted(f"{a} <-> {b}" for a in GRAPH for b in GRAPH[a] if a < b and reaches(b, a))
    assert cycles == []


def test_only_the_billing_gateway_imports_stripe():
    importers = sorted(
        name for name, path in MODULES.items()
        if any(isinstance(node, ast.Import | ast.ImportFrom)
               and "stripe" in ([alias.name for alias in node.names] if isinstance(node, ast.Import) else [node.module])
               for node in ast.walk(ast.parse(path.read_text())))
    )
    assert importers and all(name.startswith("portal_site.billing") for name in importers), importers


@pytest.mark.parametrize("service", ["portal_site.billing", "portal_site.signin", "portal_site.storage",
                                     "portal_site.settings", "portal_site.activity", "portal_site.merchants"])
def test_services_never_import_the_views_above_them(service):
    views = ("portal_site.account", "portal_site.admin", "portal_site.auth", "portal_site.api",
             "portal_site.webhooks", "portal_site.site")
    upward = sorted(f"{name} -> {target}" for name in GRAPH if name.startswith(service)
                    for target in GRAPH[name] if target.startswith(views))
    assert upward == []
