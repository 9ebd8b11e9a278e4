"""The package's import structure (issue 21): no import cycle between the project's modules,
no module of read/, run/, the command, the errors or the API importing the project's own
modules inside a function, no private name used across modules, and report/ not depending
on run/.  Read from the source with `ast`, so nothing is imported to check it."""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "pipeline"

# The modules that import the project's own modules only at their top.  (`pipeline/__init__`
# loads `pipeline.api` when `pipeline.check` is first used, so the command starts without pandas.)
TOP_ONLY = ("read/", "run/", "cli.py", "errors.py", "api.py", "isolation.py")


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = ("pipeline",) + path.relative_to(PACKAGE).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


MODULES = _modules()


def _target(module: str, node: ast.ImportFrom | ast.Import, alias: ast.alias) -> str:
    """The project module an import reaches (`from pipeline.read import pdfium` reaches
    pipeline.read.pdfium), or "" for another library."""
    base = node.module or "" if isinstance(node, ast.ImportFrom) else alias.name
    if isinstance(node, ast.ImportFrom) and node.level:
        package = module.split(".")
        if MODULES[module].name != "__init__.py":
            package = package[:-1]
        package = package[: len(package) - node.level + 1]
        base = ".".join(package + ([base] if base else []))
    if isinstance(node, ast.ImportFrom) and f"{base}.{alias.name}" in MODULES:
        return f"{base}.{alias.name}"
    while base and base not in MODULES:
        base = base.rpartition(".")[0]
    return base


def _imports(module: str) -> list[tuple[str, str, bool, int]]:
    """(target module, imported name, inside a function, line) of each import of the project's
    modules, leaving out those under `if TYPE_CHECKING:`."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    out: list[tuple[str, str, bool, int]] = []

    def walk(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue
            if isinstance(child, (ast.Import, ast.ImportFrom)):
                for alias in child.names:
                    target = _target(module, child, alias)
                    if target.startswith("pipeline"):
                        out.append((target, alias.name, in_function, child.lineno))
            walk(child, in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)))

    walk(tree, False)
    return out


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in graph:
        if v not in index:
            visit(v)
    return found


def _graph(with_functions: bool) -> dict[str, set[str]]:
    return {m: {t for t, _, inner, _ in _imports(m) if t != m and (with_functions or not inner)} for m in MODULES}


def test_no_import_cycle_even_through_imports_inside_functions():
    assert _cycles(_graph(with_functions=True)) == []


def test_read_run_cli_errors_api_import_the_project_only_at_their_top():
    inside = [f"{MODULES[m].relative_to(PACKAGE)}:{line} imports {target}"
              for m in MODULES if str(MODULES[m].relative_to(PACKAGE)).startswith(TOP_ONLY)
              for target, _, inner, line in _imports(m) if inner]
    assert inside == []


def test_no_private_name_imported_across_modules():
    private = [f"{MODULES[m].relative_to(PACKAGE)}:{line} imports {target}.{name}"
               for m in MODULES for target, name, _, line in _imports(m)
               if name.startswith("_") and not name.startswith("__") and target != m]
    assert private == []


def test_errors_hold_no_sentences_and_report_does_not_depend_on_run():
    assert not [t for t, *_ in _imports("pipeline.errors") if t.startswith("pipeline.text")]
    report_to_run = [f"{m} imports {t}" for m in MODULES if m.startswith("pipeline.report")
                     for t, *_ in _imports(m) if t.startswith("pipeline.run")]
    assert report_to_run == []
