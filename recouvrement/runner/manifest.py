"""A report folder's files and its ``manifest.json``: what was built, from what, and is it current.

Output layout (``out_dir`` defaults to ``reports/``)::

    <out>/index.html                      every report found under <out>, newest month first
    <out>/lettres-a-completer.csv|.html   (a batch) what its letters lack, per company and item
    <out>/<company>/<YYYY-MM>/            a complete, successful report, and only that
        rapport.html  rapport.pdf  rapport.xlsx (workbook)  lettres.html  lettres.pdf
        lettres/NNN-<debtor>-<kind>.docx (one per letter)  lettres.csv (register)
        lettres-a-completer.csv (checklist)  <table>.csv (tables too long to print)
        audit_mensuel.ipynb (executed)  manifest.json
    <out>/<company>/<YYYY-MM>.failed/     the last failed attempt, if any:
        error.txt  manifest.json  audit_mensuel.ipynb (as far as it ran)

Skip rule: a report is up to date when its folder holds a successful manifest whose
input fingerprints (SHA-256 of every file of the company's folder, plus the targets
file), key parameters, package version, notebook and template fingerprints and the
manifest's schema all equal the current ones, and every output file it lists is present.
"""

from __future__ import annotations

import json
import platform
from pathlib import Path
from typing import Any

from recouvrement._version import __version__
from recouvrement.conventions.data import package_path
from recouvrement.io.fingerprints import files_digest, sha256_file
from recouvrement.report.plan import KEY_PARAMETERS

HTML_NAME = "rapport.html"
PDF_NAME = "rapport.pdf"
NOTEBOOK_NAME = "audit_mensuel.ipynb"
MANIFEST_NAME = "manifest.json"
ERROR_NAME = "error.txt"
LETTERS_NAME = "lettres"
FAILED_SUFFIX = ".failed"
INDEX_NAME = "index.html"
#: 2: outputs listed with their sub-folder (``lettres/*.docx``), the letters' checklist.
MANIFEST_SCHEMA = 2

#: The report notebook template, shipped in the package.
NOTEBOOK = package_path("notebooks", NOTEBOOK_NAME)

#: Libraries whose versions a manifest records.
ENVIRONMENT_PACKAGES = ("pandas", "numpy", "papermill", "nbconvert", "weasyprint")


def code_fingerprint(notebook: Path = NOTEBOOK, template: str = "audit") -> dict[str, str]:
    """Package version and SHA-256 of the notebook and of the report template files."""
    template_files = [p for p in package_path("templates", template).rglob("*") if p.is_file()]
    return {
        "version": __version__,
        "notebook_sha256": sha256_file(notebook),
        "template_sha256": files_digest(template_files),
    }


def environment() -> dict[str, str]:
    """Versions of the interpreter and libraries a report depends on."""
    from importlib.metadata import PackageNotFoundError, version

    env = {"python": platform.python_version(), "platform": platform.platform()}
    for pkg in ENVIRONMENT_PACKAGES:
        try:
            env[pkg] = version(pkg)
        except PackageNotFoundError:  # pragma: no cover - all are dependencies
            env[pkg] = "absent"
    return env


def read_manifest(folder: Path) -> dict[str, Any] | None:
    """The manifest of a report folder, ``None`` when absent or unreadable."""
    try:
        return json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_json(path: Path, obj: Any) -> None:
    """Write ``obj`` as indented UTF-8 JSON (a manifest)."""
    path.write_text(
        json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=False) + "\n", encoding="utf-8"
    )


def up_to_date(folder: Path, inputs: dict, params: dict, code: dict) -> dict | None:
    """The existing manifest if the report in ``folder`` is current, else ``None``."""
    m = read_manifest(folder)
    if not m or m.get("status") != "ok" or m.get("schema") != MANIFEST_SCHEMA:
        return None
    names = {HTML_NAME, PDF_NAME, NOTEBOOK_NAME, *(m.get("outputs") or {})}
    if not all((folder / name).is_file() for name in names):
        return None
    same_params = {k: m.get("parameters", {}).get(k) for k in KEY_PARAMETERS} == {
        k: params[k] for k in KEY_PARAMETERS
    }
    if m.get("inputs") == inputs and same_params and m.get("code") == code:
        return m
    return None
