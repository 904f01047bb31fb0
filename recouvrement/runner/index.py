"""The index page of a report folder: every report found, newest month first, with its figures.

Rows come from the reports' manifests; the figures are each report's
:class:`~recouvrement.report.headline.Headline`, the very figures its notebook
displayed. One row per company and month, made to fit a landscape A4 page or a laptop
screen: the company's name on one line (cut with « … », whole in its tooltip) above
its id; every column sorts with a click (a few lines of inline JavaScript, no
network: the page works opened from disk), figures by their value (``data-sort``),
not by their French text. Each row links to the files of its report folder that
exist (HTML, PDF, workbook, letters, their register and checklist, the tables too
long to print); the page links to the batch's letters checklist when there is one.

Every value is escaped by Jinja's autoescape; only the package's own stylesheet is
inlined as is. Links are relative paths built from the folder names, and only folders
named like a company id (:data:`~recouvrement.io.COMPANY_RE`) and a month are read.
The page is written to a temporary file then renamed.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from recouvrement import formatting as fm
from recouvrement._version import __version__
from recouvrement.conventions import MONTH_RE
from recouvrement.io import COMPANY_RE
from recouvrement.report.headline import Headline
from recouvrement.report.letter_files import CHECKLIST_NAME
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

#: The folder of the portfolio reports inside the output folder: a name no company id can
#: take (an id starts with a letter or a digit), so never listed as a company.
PORTFOLIO_DIR = "_portefeuille"


@dataclass(frozen=True)
class Figure:
    """A column of figures: header, tooltip, the headline's field and its French format."""

    header: str
    title: str
    field: str
    fmt: Callable[[Any], str]


#: The figure columns of the index, in order.
FIGURES = (
    Figure("Encours", "Encours total (factures ouvertes et non affecté)", "encours", fm.fmt_eur),
    Figure("Échu", "Montant échu", "overdue", fm.fmt_eur),
    Figure("Part échue", "Part échue de l'encours", "overdue_share", fm.fmt_pct),
    Figure("> 90 j", "Échu depuis plus de 90 jours", "over_90", fm.fmt_eur),
    Figure("DSO", "Délai moyen de paiement (jours)", "dso", lambda v: fm.fmt_days(v, 1)),
    Figure("Recouvr. 3 mois", "Taux de recouvrement sur 3 mois", "recovery_rate_3m", fm.fmt_pct),
    Figure("Sans relance", "Part des factures échues sans relance", "undunned_share", fm.fmt_pct),
    Figure("Pénalités", "Pénalités et indemnités réclamables", "total_claimable", fm.fmt_eur),
    Figure("Anomalies", "Anomalies des données", "quality_findings", fm.fmt_int),
)

#: The files of a report folder linked when they exist, after rapport.html and .pdf (whose
#: link an « ok » manifest guarantees): file name → label; any other ``.csv`` (a table too
#: long to print) is linked by its name.
REPORT_FILES = {
    "rapport.xlsx": "Excel",
    f"{LETTERS_NAME}.pdf": "lettres",
    f"{LETTERS_NAME}.csv": "registre",
    f"{CHECKLIST_NAME}.csv": "à compléter",
}


def _headline(manifest: dict[str, Any]) -> Headline | None:
    """The manifest's headline; ``None`` when it has none or one this version cannot read."""
    try:
        return Headline.from_json(manifest.get("headline") or {})
    except (TypeError, ValueError):
        return None


def figure_cells(headline: Headline | None) -> list[dict[str, str]]:
    """Each figure's French text and its raw value to sort on (``""`` when missing)."""
    cells = []
    for f in FIGURES:
        value = getattr(headline, f.field, None) if headline is not None else None
        missing = fm.is_missing(value)
        text = f.fmt(None if missing else value)
        cells.append({"text": text, "sort": "" if missing else repr(value)})
    return cells


def report_links(folder: Path, base: str, headline: Headline | None) -> list[dict[str, str]]:
    """Links to the files of an « ok » report folder: label and relative ``href``.

    ``rapport.html`` and ``rapport.pdf`` always; then :data:`REPORT_FILES` that exist
    (the letters also when the headline counts some, labelled with their number); then
    the other CSV tables, by name.
    """
    links = [{"label": "HTML", "href": f"{base}/{HTML_NAME}"}]
    links.append({"label": "PDF", "href": f"{base}/{PDF_NAME}"})
    letters = headline.letters if headline is not None else None
    for name, label in REPORT_FILES.items():
        is_letters = name == f"{LETTERS_NAME}.pdf"
        if not ((folder / name).is_file() or (is_letters and letters)):
            continue
        if is_letters and letters:
            label = f"{label} ({fm.fmt_int(letters)})"
        links.append({"label": label, "href": f"{base}/{quote(name)}"})
    others = sorted(
        p.name for p in folder.glob("*.csv") if p.is_file() and p.name not in REPORT_FILES
    )
    links.extend({"label": name, "href": f"{base}/{quote(name)}"} for name in others)
    return links


def index_rows(out_root: Path) -> list[dict[str, Any]]:
    """One row per (company, month) report folder under ``out_root``, newest month first."""
    rows = []
    for company_dir in sorted(
        p for p in out_root.iterdir() if p.is_dir() and COMPANY_RE.fullmatch(p.name)
    ):
        months: dict[str, dict[str, Any]] = {}
        for d in sorted(company_dir.iterdir()):
            month = d.name.removesuffix(FAILED_SUFFIX)
            if not d.is_dir() or not MONTH_RE.fullmatch(month):
                continue
            m = read_manifest(d)
            if m is None:
                continue
            entry = months.setdefault(month, {"company": company_dir.name, "month": month})
            base = quote(f"{company_dir.name}/{d.name}")
            if d.name.endswith(FAILED_SUFFIX):
                entry["failed"] = m
                entry["failed_href"] = f"{base}/{ERROR_NAME}"
            else:
                entry["ok"] = m
                entry["headline"] = _headline(m)
                entry["figures"] = figure_cells(entry["headline"])
                entry["links"] = report_links(d, base, entry["headline"])
        for entry in months.values():
            ok = entry.get("ok") or {}
            entry["name"] = ok.get("company_name") or entry["company"]
        rows.extend(months.values())
    rows.sort(key=lambda r: (r["month"], r["company"]), reverse=False)
    rows.sort(key=lambda r: r["month"], reverse=True)
    return rows


def checklist_links(out_root: Path) -> list[dict[str, str]]:
    """Links to the letters checklists: the whole batch's, then each shard's.

    ``lettres-a-completer.html`` and ``.csv`` for a whole batch; the jobs of a sharded
    batch (``--shard k/N``) each write ``lettres-a-completer-k-sur-N``, linked by part.
    """
    shard = re.compile(rf"^{re.escape(CHECKLIST_NAME)}-(\d+)-sur-(\d+)$")
    shards = sorted(
        {
            (int(m[2]), int(m[1]))
            for p in out_root.glob(f"{CHECKLIST_NAME}-*")
            if (m := shard.match(p.stem))
        }
    )
    bases = [(CHECKLIST_NAME, "")] + [
        (f"{CHECKLIST_NAME}-{k}-sur-{n}", f"part {k}/{n} ") for n, k in shards
    ]
    return [
        {"label": f"{prefix}{ext.upper()}", "href": quote(f"{base}.{ext}")}
        for base, prefix in bases
        for ext in ("html", "csv")
        if (out_root / f"{base}.{ext}").is_file()
    ]


def portfolio_links(out_root: Path) -> list[dict[str, Any]]:
    """The portfolio reports (``_portefeuille/<YYYY-MM>/``), newest first, with their files."""
    root = out_root / PORTFOLIO_DIR
    if not root.is_dir():
        return []
    months = sorted(
        (d for d in root.iterdir() if d.is_dir() and MONTH_RE.fullmatch(d.name)),
        key=lambda d: d.name,
        reverse=True,
    )
    out = []
    for d in months:
        links = [
            {"label": ext.upper(), "href": quote(f"{PORTFOLIO_DIR}/{d.name}/portefeuille.{ext}")}
            for ext in ("pdf", "html", "xlsx")
            if (d / f"portefeuille.{ext}").is_file()
        ]
        if links:
            out.append({"month": d.name, "label": fm.fmt_month(d.name), "links": links})
    return out


def write_index(out_dir: str | os.PathLike[str]) -> Path:
    """Write ``<out>/index.html``: every report under ``out_dir`` with its headline figures."""
    out_root = Path(out_dir)
    html = (
        jinja_env("index")
        .get_template("index.html.j2")
        .render(
            rows=index_rows(out_root),
            figures=FIGURES,
            checklist=checklist_links(out_root),
            portfolios=portfolio_links(out_root),
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
