"""The packages are layers: each imports only from the layers below it.

The layering is the one ``docs/architecture.md`` draws; a module importing
from a layer above it (even inside a function) fails here, with the module
and the import named, so the folder listing stays the architecture.
"""

from __future__ import annotations

import ast
from pathlib import Path

KG = Path(__file__).resolve().parents[1] / "kg"

#: Each package's layer, lowest first. A package may import from a lower layer only;
#: the core modules (and ``kg`` itself, for ``__version__``) from each other too.
LAYERS: dict[str, int] = {
    **dict.fromkeys(("kg", "errors", "vocab", "dates", "paths"), 0),
    "rq": 1,
    "identity": 2,
    "records": 3,
    "store": 4,
    "query": 5,
    "output": 6,
    **dict.fromkeys(("sparql", "network", "importers", "extract"), 7),
    "cli": 8,
    "__main__": 9,
}


def _package(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "kg"


def _imports() -> list[tuple[str, str]]:
    """Every (importing module, imported kg module) in the package's source."""
    found = []
    for path in sorted(KG.rglob("*.py")):
        module = ".".join(path.relative_to(KG.parent).with_suffix("").parts)
        module = module.removesuffix(".__init__")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                targets = [node.module]
            elif isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                continue
            found += [(module, t) for t in targets if t == "kg" or t.startswith("kg.")]
    return found


def test_every_package_has_a_layer() -> None:
    packages = {_package(m) for m, _ in _imports()} | {_package(t) for _, t in _imports()}
    assert packages - set(LAYERS) == set()


def test_no_package_imports_from_a_layer_above_it_or_beside_it() -> None:
    wrong = [
        f"{module} imports {target}"
        for module, target in _imports()
        if (source := _package(module)) != (imported := _package(target))
        and not LAYERS[imported] < LAYERS[source]
        and not LAYERS[source] == LAYERS[imported] == 0
    ]
    assert wrong == []


def test_the_shipped_queries_are_a_leaf() -> None:
    assert [t for m, t in _imports() if m.startswith("kg.rq")] == []
