"""The portfolio report of one month: ``portefeuille.ipynb`` executed, exported and printed.

``recouvrement portfolio --month 2026-10`` runs the package's notebook
``portefeuille.ipynb`` with papermill (every company of the data folder, or those named),
exports it to HTML with the report template, prints it to PDF and writes the workbook
``portefeuille.xlsx``, into ``<out>/_portefeuille/<YYYY-MM>/``: a folder name no company id
can take (an id starts with a letter or a digit), published atomically like a company's
report (built aside, then renamed in place); the output folder's index page links it.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from recouvrement import conventions as cv
from recouvrement.conventions.data import package_path
from recouvrement.formatting import fmt_date, fmt_month
from recouvrement.io import company_folder, company_month, list_companies, validate_company
from recouvrement.io.companies import CompanyError
from recouvrement.ledger import LedgerError
from recouvrement.report.plan import ReportError, validate_buckets, validate_month
from recouvrement.runner.export import (
    export_html,
    html_to_pdf,
    notebook_attachments,
    write_attachment,
)
from recouvrement.runner.folders import publish, tmp_prefix, writable_out_dir
from recouvrement.runner.index import PORTFOLIO_DIR, write_index
from recouvrement.runner.kernel import execute

__all__ = ["PortfolioResult", "latest_month", "run_portfolio"]

#: The notebook of the portfolio report (package data).
NOTEBOOK = "portefeuille.ipynb"

#: The files of a portfolio report folder.
NAME = "portefeuille"


@dataclass(frozen=True)
class PortfolioResult:
    """Where the portfolio report was written, its pages and how long it took (seconds)."""

    month: str
    folder: Path
    pdf_pages: int
    duration_s: float
    files: tuple[str, ...]


def latest_month(data_dir: str | os.PathLike[str], companies: list[str] | None = None) -> str:
    """The latest month with data among the companies (each one's latest month).

    Each company's month is :func:`recouvrement.io.company_month`; a company whose data
    cannot be dated does not count (the portfolio report sets it aside with its reason).
    """
    ids = companies or list_companies(data_dir)
    months = []
    for company in ids:
        try:
            months.append(company_month(company_folder(data_dir, company)))
        except (CompanyError, LedgerError):
            continue
    if not months:
        raise ReportError(
            "aucune société datée dans le dossier de données : préciser le mois (--month AAAA-MM)"
        )
    return max(months)


def run_portfolio(
    month: str | None,
    *,
    data_dir: str | os.PathLike[str] = "data/samples",
    out_dir: str | os.PathLike[str] = "reports",
    companies: list[str] | None = None,
    buckets: str = "jours",
    timeout: float = 600,
) -> PortfolioResult:
    """Build the portfolio report of ``month``.

    Parameters
    ----------
    month : str or None
        ``YYYY-MM``; None: the latest month with data among the companies
        (:func:`latest_month`).
    data_dir, out_dir : path
        The folder of company folders; the output folder (the report goes to
        ``<out_dir>/_portefeuille/<month>/``).
    companies : list of str, optional
        Company ids (default: every company folder of ``data_dir``).
    buckets : str
        Bucket preset of the roll rates.
    timeout : float
        Seconds allowed per notebook cell.

    Returns
    -------
    PortfolioResult

    Raises
    ------
    ReportError
        Invalid month, preset, company id, missing data folder, or a notebook that fails
        (the message is its French error; nothing is published then).

    """
    validate_buckets(buckets)
    try:
        ids = [validate_company(c) for c in companies] if companies else None
        data = Path(data_dir).expanduser().resolve()
        list_companies(data)  # a missing data folder is said here, before any kernel
        month = validate_month(month) if month else latest_month(data, ids)
    except CompanyError as exc:
        raise ReportError(str(exc)) from None
    root = writable_out_dir(out_dir) / PORTFOLIO_DIR
    root.mkdir(exist_ok=True)
    final = root / month
    tmp = Path(tempfile.mkdtemp(prefix=tmp_prefix(month), dir=root))
    t0 = time.perf_counter()
    try:
        parameters = {
            "month": month,
            "data_dir": str(data),
            "companies": ids or [],
            "buckets": buckets,
        }
        notebook = package_path("notebooks", NOTEBOOK)
        try:
            nb = execute(notebook, tmp / f"{NAME}.ipynb", parameters, None, timeout)
        except Exception as exc:  # papermill's error carries the notebook's French message
            raise ReportError(
                f"rapport de portefeuille de {month} en échec : {_reason(exc)}"
            ) from None
        html = export_html(
            nb,
            title=f"Vue de portefeuille — {fmt_month(month)}",
            subject=f"Comparaison des sociétés du portefeuille au {fmt_date(cv.month_end(month))}",
        )
        (tmp / f"{NAME}.html").write_text(html, encoding="utf-8")
        pages = html_to_pdf(html, tmp / f"{NAME}.pdf")
        for doc in notebook_attachments(nb):
            write_attachment(doc, tmp)
        tmp.chmod(0o755)
        publish(tmp, final)
        write_index(root.parent)  # the index page links the portfolio reports
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    files = tuple(sorted(p.name for p in final.iterdir() if p.is_file()))
    return PortfolioResult(month, final, pages, round(time.perf_counter() - t0, 3), files)


def _reason(exc: BaseException) -> str:
    """The last line of the notebook's error (its exception and French message)."""
    evalue = getattr(exc, "evalue", None)
    if evalue:
        return f"{getattr(exc, 'ename', 'Erreur')} : {evalue}"
    text = str(exc).strip().splitlines()
    return text[-1] if text else type(exc).__name__
