"""The house rules, checked on the code itself (docs/architecture.md).

- the layers run one way (import-linter's contract in ``pyproject.toml``);
- no module imports a private name (``_x``) of another module, nor reads ``module._x``;
- nothing inside the package imports the public façade (``recouvrement/__init__.py``);
- no module of the package is over 400 lines;
- every module is placed in the tree of ``docs/architecture.md``, and only modules that
  exist are.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "recouvrement"
MAX_LINES = 400
MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_package_module(name: str) -> bool:
    """Whether ``name`` (dotted) is a module or sub-package of the package."""
    path = ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def _resolve(module: str | None, level: int, path: Path) -> str:
    if not level:
        return module or ""
    base = _module_name(path).split(".")
    if path.name != "__init__.py":
        base = base[:-1]
    base = base[: len(base) - (level - 1)]
    return ".".join([*base, module] if module else base)


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _violations(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    aliases = {}  # local name -> module of the package it stands for
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            source = _resolve(node.module, node.level, path)
            if not source.startswith("recouvrement"):
                continue
            for alias in node.names:
                local = alias.asname or alias.name
                if source == "recouvrement" and not _is_package_module(f"recouvrement.{alias.name}"):
                    found.append(f"line {node.lineno}: imports {alias.name} from the façade")
                if _private(alias.name):
                    found.append(f"line {node.lineno}: imports private {source}.{alias.name}")
                if _is_package_module(f"{source}.{alias.name}"):
                    aliases[local] = f"{source}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "recouvrement":
                    found.append(f"line {node.lineno}: imports the façade")
                elif alias.name.startswith("recouvrement.") and alias.asname:
                    aliases[alias.asname] = alias.name
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in aliases
            and _private(node.attr)
        ):
            found.append(f"line {node.lineno}: reads private {aliases[node.value.id]}.{node.attr}")
    return found


def _ids(paths: list[Path]) -> list[str]:
    return [p.relative_to(ROOT).as_posix() for p in paths]


def test_import_linter_contract_holds():
    lint = Path(sys.executable).parent / "lint-imports"
    done = subprocess.run([str(lint)], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "Contracts: 1 kept, 0 broken." in done.stdout


#: Every module but the façade itself (whose imports are for type checkers only).
INSIDE = [p for p in MODULES if p != PACKAGE / "__init__.py"]


@pytest.mark.parametrize("path", INSIDE, ids=_ids(INSIDE))
def test_no_private_import_and_no_facade_import(path):
    assert _violations(path) == []


@pytest.mark.parametrize("path", MODULES, ids=_ids(MODULES))
def test_modules_are_at_most_400_lines(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{lines} lines"


def test_the_checker_catches_what_it_should(tmp_path):
    bad = tmp_path / "probe.py"  # absolute imports only: its place does not matter
    bad.write_text(
        "import recouvrement\n"
        "from recouvrement import aged_balance\n"
        "from recouvrement.report.html import _NOTE\n"
        "from recouvrement.report import html as h\n"
        "x = h._hidden\n",
        encoding="utf-8",
    )
    found = _violations(bad)
    assert sorted(f.split(":")[0] for f in found) == ["line 1", "line 2", "line 3", "line 5"]


def test_the_tree_of_the_architecture_document_is_the_package():
    doc = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    tree = doc.split("```text\nrecouvrement/\n", 1)[1].split("```", 1)[0]
    listed, folders = set(), []
    for line in tree.splitlines():
        m = re.match(r"^( *)([\w.]+/?)", line)
        if not m:
            continue
        depth = len(m.group(1)) // 2 - 1
        del folders[depth:]
        if m.group(2).endswith("/"):
            folders.append(m.group(2).rstrip("/"))
        else:
            listed.add("/".join([*folders, m.group(2)]))
    actual = {
        p.relative_to(PACKAGE).as_posix()
        for p in MODULES
        if p.name != "__init__.py" or p.parent == PACKAGE
    }
    assert listed == actual
