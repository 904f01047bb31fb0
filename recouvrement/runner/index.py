"""The index page of a report folder: every report found, newest month first, with its figures.

Rows come from the reports' manifests; the figures are each report's
:class:`~recouvrement.report.headline.Headline`, the very figures its notebook
displayed. Every value is escaped by Jinja's autoescape; the page is written to a
temporary file then renamed.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import quote

from recouvrement._version import __version__
from recouvrement.conventions import MONTH_RE
from recouvrement.report.headline import Headline
from recouvrement.report.templating import jinja_env, template_css
from recouvrement.runner.manifest import (
    ERROR_NAME,
    FAILED_SUFFIX,
    HTML_NAME,
    INDEX_NAME,
    LETTERS_NAME,
    PDF_NAME,
    read_manifest,
)


def _headline(manifest: dict[str, Any]) -> Headline | None:
    """The manifest's headline; ``None`` when it has none or one this version cannot read."""
    try:
        return Headline.from_json(manifest.get("headline") or {})
    except (TypeError, ValueError):
        return None


def index_rows(out_root: Path) -> list[dict[str, Any]]:
    """One row per (company, month) report folder under ``out_root``, newest month first."""
    rows = []
    for company_dir in sorted(
        p for p in out_root.iterdir() if p.is_dir() and not p.name.startswith(".")
    ):
        months: dict[str, dict[str, Any]] = {}
        for d in sorted(company_dir.iterdir()):
            if not d.is_dir() or d.name.startswith("."):
                continue
            month = d.name.removesuffix(FAILED_SUFFIX)
            if not MONTH_RE.fullmatch(month):
                continue
            m = read_manifest(d)
            if m is None:
                continue
            entry = months.setdefault(month, {"company": company_dir.name, "month": month})
            if d.name.endswith(FAILED_SUFFIX):
                entry["failed"] = m
                entry["failed_href"] = quote(f"{company_dir.name}/{d.name}/{ERROR_NAME}")
            else:
                entry["ok"] = m
                entry["headline"] = _headline(m)
                base = quote(f"{company_dir.name}/{d.name}")
                entry["html_href"], entry["pdf_href"] = f"{base}/{HTML_NAME}", f"{base}/{PDF_NAME}"
                entry["letters_href"] = f"{base}/{LETTERS_NAME}.pdf"
        rows.extend(months.values())
    rows.sort(key=lambda r: (r["month"], r["company"]), reverse=False)
    rows.sort(key=lambda r: r["month"], reverse=True)
    return rows


def write_index(out_dir: str | os.PathLike[str]) -> Path:
    """Write ``<out>/index.html``: every report under ``out_dir`` with its headline figures."""
    out_root = Path(out_dir)
    html = (
        jinja_env("index")
        .get_template("index.html.j2")
        .render(
            rows=index_rows(out_root),
            css=template_css("index", "index.css"),
            version=__version__,
        )
    )
    target = out_root / INDEX_NAME
    fd, tmp = tempfile.mkstemp(prefix=".index-", suffix=".html", dir=out_root)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(html)
    os.chmod(tmp, 0o644)  # mkstemp makes it private
    os.replace(tmp, target)
    return target
