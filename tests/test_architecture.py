"""The house in order (docs/architecture.md): packages in layers that import only downwards, no circle
of imports between any two modules, a few modules on the top floor, and every package saying what
lives in it."""

from __future__ import annotations

import ast
import shutil
import subprocess

import grimp

from .conftest import ROOT

PACKAGE = ROOT / "generator"


def test_packages_import_only_the_layers_below_them():
    lint = shutil.which("lint-imports")
    assert lint, "import-linter is not installed (pip install -e '.[test]')"
    result = subprocess.run([lint, "--config", str(ROOT / "pyproject.toml"), "--no-cache"], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 1 kept, 0 broken." in result.stdout


def _circles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), imports inside functions included."""
    modules = sorted(graph.modules)
    edges = {m: sorted(graph.find_modules_directly_imported_by(m)) for m in modules}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for other in edges[module]:
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in on_stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            group = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.append(top)
                if top == module:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for module in modules:
        if module not in index:
            visit(module)
    return found


def test_no_two_modules_import_each_other_even_through_others():
    graph = grimp.build_graph("generator", cache_dir=None)
    assert len(graph.modules) > 50  # the whole package was read
    assert _circles(graph) == []


def test_the_circle_finder_finds_a_circle(tmp_path, monkeypatch):
    for name, body in {"a.py": "from . import b\n", "b.py": "from . import c\n", "c.py": "from . import a\n",
                       "d.py": "from . import a\n", "__init__.py": ""}.items():
        (tmp_path / "loop" / name).parent.mkdir(exist_ok=True)
        (tmp_path / "loop" / name).write_text(body)
    monkeypatch.syspath_prepend(str(tmp_path))
    assert _circles(grimp.build_graph("loop", cache_dir=None)) == [["loop.a", "loop.b", "loop.c"]]


def test_the_top_floor_holds_only_the_commands_and_the_public_api():
    modules = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert modules == ["__init__.py", "__main__.py", "cli.py", "pipeline.py", "serve.py"]
    packages = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file())
    assert packages == ["answers", "content", "exchange", "language", "markup", "outputs", "preflight", "render",
                        "team", "views"]


def test_every_package_opens_with_two_lines_on_what_lives_there():
    inits = sorted(p for p in PACKAGE.rglob("__init__.py") if p.parent != PACKAGE)
    assert len(inits) >= 11
    for init in inits:
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")), clean=True)
        assert doc, f"{init.relative_to(ROOT)} has no docstring"
        first = doc.split("\n\n")[0].splitlines()
        assert len(first) == 2, f"{init.relative_to(ROOT)}: {first}"
