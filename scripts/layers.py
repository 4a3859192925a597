"""The portal's floor plan, read from its imports: `python -m scripts.layers` rewrites the diagram in
docs/architecture.md (a Mermaid flowchart of which area uses which), so the picture stays true."""
import ast
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "portal_site"
DOC = ROOT / "docs" / "architecture.md"
BEGIN, END = "<!-- layers: begin (python -m scripts.layers) -->", "<!-- layers: end -->"

# From the top: an area may use the areas of its own layer and of the layers below it, never above.
LAYERS = {
    "Views: blueprints that parse input, call a service, render": ("account", "admin", "auth", "api", "webhooks", "site"),
    "Web: htmx answers, errors, templates": ("web",),
    "Services: what the portal knows and does; billing is the only way to Stripe": (
        "stripe_events", "notifications", "billing", "signin", "settings", "activity", "merchants", "storage",
        "mail", "i18n", "jobs"),
    "Foundation: data, configuration, extensions": ("models", "config", "extensions"),
}
# Every area uses these; drawing each of those arrows would hide the ones that say something.
EVERYWHERE = frozenset({"models", "extensions", "config"})


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in PACKAGE.rglob("*.py")}


def imports_of(path: Path, known: dict[str, Path]) -> set[str]:
    """The portal modules a file imports (`from a import b` counts as a.b when b is a module)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                child = f"{node.module}.{alias.name}"
                found.add(child if child in known else node.module)
    return {name for name in found if name in known}


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports_of(path, known) - {name} for name, path in known.items()}


def area(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "portal_site"


def area_edges() -> set[tuple[str, str]]:
    drawn = {name for names in LAYERS.values() for name in names}
    return {(area(source), area(target)) for source, targets in graph().items() for target in targets
            if area(source) != area(target) and {area(source), area(target)} <= drawn
            and area(target) not in EVERYWHERE}


def layer_of(name: str) -> int:
    return next(number for number, names in enumerate(LAYERS.values()) if name in names)


def upward_edges() -> list[tuple[str, str]]:
    """Arrows from a lower layer to a higher one: there must be none."""
    return sorted((source, target) for source, target in area_edges() if layer_of(target) < layer_of(source))


def mermaid() -> str:
    lines = ["```mermaid", "flowchart TB"]
    for number, (title, names) in enumerate(LAYERS.items()):
        lines.append(f'  subgraph layer{number}["{title}"]')
        lines.extend(f"    {name}" for name in names)
        lines.append("  end")
    lines.extend(f"  {source} --> {target}" for source, target in sorted(area_edges()))
    lines.append("```")
    return "\n".join(lines)


def rewrite(text: str) -> str:
    pattern = re.compile(re.escape(BEGIN) + r".*?" + re.escape(END), re.DOTALL)
    return pattern.sub(lambda _match: f"{BEGIN}\n{mermaid()}\n{END}", text)


if __name__ == "__main__":
    DOC.write_text(rewrite(DOC.read_text()))
    sys.stdout.write(f"{DOC.relative_to(ROOT)}: {len(area_edges())} arrows\n")
