"""The architecture rules, read from the source (AST), so `make test` keeps them.

- Layers (docs/LAYOUT.md): core < engine < views, arith, frameworks < render, photo < app < ui
  < pages.
  A module imports its own subpackage and lower layers only; layers of the same rank
  (views, arith and frameworks; render and photo) do not import each other.
- Only tconv/ui and pages/ import streamlit.
- No import cycles between tconv's modules, function-local imports included.
- Every page file is listed in app.py's st.navigation.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

RANKS = {
    "core": 0,
    "engine": 1,
    "": 1.5,  # tconv/__init__.py: the public API, re-exports core and engine
    "views": 2,
    "arith": 2,
    "frameworks": 2,
    "render": 3,
    "photo": 3,
    "app": 4,
    "ui": 5,
    "pages": 6,
}
STREAMLIT_LAYERS = {"ui", "pages"}


def module_name(path: Path, root: Path) -> str:
    """``tconv/core/params.py`` -> ``tconv.core.params``; ``tconv/__init__.py`` -> ``tconv``."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def layer(module: str) -> str | None:
    """The layer of a module of the project, None for anything else (numpy, streamlit...)."""
    parts = module.split(".")
    if parts[0] == "pages":
        return "pages"
    if parts[0] != "tconv":
        return None
    return parts[1] if len(parts) > 1 else ""  # an unknown subpackage fails the tests below


def imports(path: Path, root: Path) -> set[str]:
    """Every module ``path`` imports, at the top or inside a function.

    ``from a.b import c`` counts as importing ``a.b.c`` when that is a module of the
    project, else ``a.b``; relative imports are resolved against ``path``'s package.
    """
    tree = ast.parse(path.read_text(), filename=str(path))
    package = module_name(path, root).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package[: len(package) - node.level + 1] + ([base] if base else []))
            for a in node.names:
                sub = f"{base}.{a.name}"
                as_file = root / Path(*sub.split("."))
                is_module = (
                    as_file.with_suffix(".py").exists() or (as_file / "__init__.py").exists()
                )
                found.add(sub if is_module else base)
    return found


def project_files(root: Path) -> list[Path]:
    return sorted((root / "tconv").rglob("*.py")) + sorted((root / "pages").glob("*.py"))


def layer_violations(root: Path) -> list[str]:
    """``importer -> imported`` for every import that goes up or sideways between layers."""
    out = []
    for path in project_files(root):
        me = module_name(path, root)
        mine = layer(me)
        for other in sorted(imports(path, root)):
            theirs = layer(other)
            if other.split(".")[0] == "streamlit" and mine not in STREAMLIT_LAYERS:
                out.append(f"{me} -> {other} (only tconv.ui and pages import streamlit)")
            if theirs is None or theirs == mine:
                continue
            if RANKS[theirs] >= RANKS[mine]:
                out.append(f"{me} ({mine or 'tconv'}) -> {other} ({theirs or 'tconv'})")
    return out


def import_cycles(root: Path) -> list[list[str]]:
    """Every strongly connected group of more than one tconv module (Tarjan's algorithm)."""
    files = {module_name(p, root): p for p in (root / "tconv").rglob("*.py")}
    graph = {m: sorted(i for i in imports(p, root) if i in files) for m, p in files.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles = []

    def visit(m: str) -> None:
        index[m] = low[m] = len(index)
        stack.append(m)
        for n in graph[m]:
            if n not in index:
                visit(n)
                low[m] = min(low[m], low[n])
            elif n in stack:
                low[m] = min(low[m], index[n])
        if low[m] == index[m]:
            group = []
            while True:
                n = stack.pop()
                group.append(n)
                if n == m:
                    break
            if len(group) > 1 or m in graph[m]:
                cycles.append(sorted(group))

    for m in sorted(graph):
        if m not in index:
            visit(m)
    return cycles


def test_every_module_belongs_to_a_layer():
    for path in project_files(ROOT):
        assert layer(module_name(path, ROOT)) in RANKS, path


def test_layers_import_only_downwards_and_only_ui_and_pages_import_streamlit():
    assert layer_violations(ROOT) == []


def test_no_import_cycles():
    assert import_cycles(ROOT) == []


def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        f = tmp_path / name
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(text)
    (tmp_path / "pages").mkdir(exist_ok=True)
    return tmp_path


def test_the_checks_themselves_catch_violations(tmp_path):
    """A synthetic project with one of each violation: the checks must name every one."""
    root = _package(
        tmp_path,
        {
            "tconv/__init__.py": "",
            "tconv/core/__init__.py": "",
            "tconv/core/params.py": "def f():\n    from tconv.render import gridsvg\n",
            "tconv/render/__init__.py": "",
            "tconv/render/gridsvg.py": "from ..core import params\n",
            "tconv/views/__init__.py": "",
            "tconv/views/gather.py": "from tconv.arith.shapes import x\nimport streamlit as st\n",
            "tconv/arith/__init__.py": "",
            "tconv/arith/shapes.py": "x = 1\n",
            "tconv/app/__init__.py": "",
            "tconv/app/config.py": "from tconv.core import params\nfrom tconv import app\n",
            "pages/home.py": "import streamlit\nfrom tconv.app import config\n",
        },
    )
    assert sorted(layer_violations(root)) == sorted(
        [
            "tconv.core.params (core) -> tconv.render.gridsvg (render)",
            "tconv.views.gather -> streamlit (only tconv.ui and pages import streamlit)",
            "tconv.views.gather (views) -> tconv.arith.shapes (arith)",
        ]
    )
    assert import_cycles(root) == [["tconv.core.params", "tconv.render.gridsvg"]]
    assert imports(root / "tconv/render/gridsvg.py", root) == {"tconv.core.params"}


def test_every_page_file_is_routed_by_app():
    app = (ROOT / "app.py").read_text()
    for page in (ROOT / "pages").glob("*.py"):
        assert f'"pages/{page.name}"' in app, page.name


MAX_LINES = 300
ONE_IDEA = "Why one module over 300 lines:"


def test_long_modules_say_why_they_are_one_idea():
    """No file under tconv/ over 300 lines unless its docstring says why it is one idea."""
    long = []
    for path in sorted((ROOT / "tconv").rglob("*.py")):
        text = path.read_text()
        if text.count("\n") > MAX_LINES and ONE_IDEA not in (
            ast.get_docstring(ast.parse(text)) or ""
        ):
            long.append(str(path.relative_to(ROOT)))
    assert long == []
