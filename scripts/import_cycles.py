"""List the import cycles among mpp_lite's modules, read from the source (nothing is imported).

Two graphs are checked: the imports a module runs when it is loaded (module level, class bodies
included), and those together with the imports inside functions. A cycle of the first kind breaks
loading; one of the second kind is a circular import hidden in a function. Imports under
`if TYPE_CHECKING:` never run and are left out, and so is the package a module sits in (Python
loads it first, but that is not a dependency the code chose).

    python scripts/import_cycles.py          # exit status 1 when there is a cycle
    python scripts/import_cycles.py --edges  # also print every import behind a cycle
"""

from __future__ import annotations

import argparse
import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "mpp_lite"


def module_names(root: Path) -> dict[str, Path]:
    names = {}
    for path in sorted((root / PACKAGE).rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        names[".".join(parts)] = path
    return names


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imports_of(name: str, path: Path, modules: set[str]) -> list[tuple[str, int, bool]]:
    """(imported module, line, inside a function) for each import of an mpp_lite module."""
    is_package = path.name == "__init__.py"
    found: list[tuple[str, int, bool]] = []

    def target(dotted: str) -> str | None:
        while dotted and dotted not in modules:
            dotted = dotted.rpartition(".")[0]
        return dotted or None

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child.test):
                for other in child.orelse:
                    visit(other, in_function)
                continue
            if isinstance(child, ast.Import):
                for alias in child.names:
                    if alias.name.split(".")[0] == PACKAGE and (hit := target(alias.name)):
                        found.append((hit, child.lineno, in_function))
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    anchor = name.split(".") if is_package else name.split(".")[:-1]
                    anchor = anchor[: len(anchor) - (child.level - 1)]
                    base = ".".join(anchor + ([base] if base else []))
                if base.split(".")[0] != PACKAGE:
                    continue
                for alias in child.names:
                    hit = target(f"{base}.{alias.name}") if f"{base}.{alias.name}" in modules else target(base)
                    if hit:
                        found.append((hit, child.lineno, in_function))
            visit(child, in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)))

    visit(ast.parse(path.read_text(encoding="utf-8"), str(path)), False)
    return [(hit, line, inner) for hit, line, inner in found if hit != name]


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph.get(node, ())):
            if other not in index:
                connect(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    sys.setrecursionlimit(10_000)
    for node in sorted(graph):
        if node not in index:
            connect(node)
    return sorted(found)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edges", action="store_true", help="print the imports behind each cycle")
    options = parser.parse_args(argv)
    names = module_names(ROOT)
    edges = {name: imports_of(name, path, set(names)) for name, path in names.items()}
    loading = {name: {hit for hit, _line, inner in found if not inner} for name, found in edges.items()}
    everything = {name: {hit for hit, _line, _inner in found} for name, found in edges.items()}
    load_cycles = cycles(loading)
    hidden_cycles = [c for c in cycles(everything) if c not in load_cycles]
    for title, found in (
        ("module-level import cycles", load_cycles),
        ("cycles through imports inside functions", hidden_cycles),
    ):
        print(f"{title}: {len(found)}")
        for component in found:
            print("  " + " <-> ".join(component))
            if options.edges:
                members = set(component)
                for name in component:
                    for hit, line, inner in edges[name]:
                        if hit in members:
                            where = "in a function" if inner else "module level"
                            print(f"    {names[name].relative_to(ROOT)}:{line} imports {hit} ({where})")
    total = len(load_cycles) + len(hidden_cycles)
    print("import cycles: " + ("none" if not total else str(total)))
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())
