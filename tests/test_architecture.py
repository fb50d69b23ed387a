"""The architecture rule: only tconv/ui imports streamlit; every page file is listed."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def imports_streamlit(path: Path) -> bool:
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and any(
            a.name.split(".")[0] == "streamlit" for a in node.names
        ):
            return True
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == ("streamlit"):
            return True
    return False


def test_library_outside_ui_never_imports_streamlit():
    offenders = [
        str(p.relative_to(ROOT))
        for p in (ROOT / "tconv").rglob("*.py")
        if "ui" not in p.relative_to(ROOT / "tconv").parts[:1] and imports_streamlit(p)
    ]
    assert offenders == []


def test_the_check_itself_detects_an_import(tmp_path):
    f = tmp_path / "m.py"
    f.write_text("def f():\n    from streamlit import session_state\n")
    assert imports_streamlit(f)


def test_every_page_file_is_routed_by_app():
    app = (ROOT / "app.py").read_text()
    for page in (ROOT / "pages").glob("*.py"):
        assert f'"pages/{page.name}"' in app, page.name
