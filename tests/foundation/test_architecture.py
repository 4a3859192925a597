"""The floor plan holds: no import cycles, no layer uses one above it, Stripe only behind the gateway,
and the picture in docs/architecture.md is the one the code draws."""
import ast

from scripts import layers

GRAPH = layers.graph()
MODULES = layers.modules()


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


def test_no_area_uses_one_in_a_layer_above_it():
    assert layers.upward_edges() == []


def test_every_area_of_the_portal_is_in_a_layer():
    drawn = {name for names in layers.LAYERS.values() for name in names}
    areas = {layers.area(name) for name in MODULES} - {"portal_site", "cli", "demo"}
    assert areas <= drawn, areas - drawn


def test_only_the_billing_gateway_imports_stripe():
    def imports_stripe(path):
        for node in ast.walk(ast.parse(path.read_text())):
            names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else \
                [node.module] if isinstance(node, ast.ImportFrom) else []
            if any(name and name.split(".")[0] == "stripe" for name in names):
                return True
        return False

    importers = sorted(name for name, path in MODULES.items() if imports_stripe(path))
    assert importers and all(name.startswith("portal_site.billing") for name in importers), importers


def test_the_architecture_document_shows_the_layers_the_code_has():
    assert layers.mermaid() in layers.DOC.read_text(), "run `python -m scripts.layers` to redraw it"
