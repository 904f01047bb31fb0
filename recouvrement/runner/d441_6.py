"""The D.441-6 table of one company at one fiscal year end: HTML, PDF (WeasyPrint) and XLSX.

:func:`run_d441_6` checks the request before reading anything (a plain company id, a
real date ``AAAA-MM-JJ``, a writable output folder), reads the company's ledger from its
own folder only (:func:`recouvrement.io.read_ledger` with ``confined=True``), builds the
table (:func:`recouvrement.legal.d441_6.d441_6_table`, reconciled with the aged balance
to the cent), renders it (:mod:`recouvrement.report.d441_6`), prints the HTML to PDF
with the report's own function (:func:`recouvrement.runner.export.html_to_pdf`) and
writes ``<out>/<company>/d441-6-<date>.html``, ``.pdf`` and ``.xlsx``: each written
beside its target under a hidden temporary name, then renamed into place once all three
are ready, so a failed run never leaves a half-written table.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from recouvrement import conventions as cv
from recouvrement.formatting import fmt_date
from recouvrement.io import activity_period, company_folder, read_ledger
from recouvrement.ledger import LedgerError
from recouvrement.legal.d441_6 import D4416Table, d441_6_table, fiscal_year_start
from recouvrement.report.d441_6 import d441_6_xlsx, render_d441_6
from recouvrement.report.plan import ReportError
from recouvrement.runner.export import html_to_pdf
from recouvrement.runner.folders import writable_out_dir

#: A date as the command takes it.
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

#: The files written, by kind.
SUFFIXES = ("html", "pdf", "xlsx")


class D4416Error(RuntimeError):
    """The table of a valid request could not be made (data unreadable): a French message."""


@dataclass(frozen=True)
class D4416Files:
    """What :func:`run_d441_6` wrote: the table and its three files."""

    table: D4416Table
    html: Path
    pdf: Path
    xlsx: Path


def validate_date(value: object, what: str = "date de clôture") -> pd.Timestamp:
    """A date written ``AAAA-MM-JJ`` that exists, or :class:`ReportError` (French)."""
    text = str(value).strip()
    fix = "attendu AAAA-MM-JJ, par exemple 2025-12-31"
    if not DATE_RE.fullmatch(text):
        raise ReportError(f"{what} invalide : « {value} » ; {fix}")
    try:
        return cv.as_date(text, "date")
    except ValueError:
        raise ReportError(f"{what} invalide : « {value} » n'existe pas ; {fix}") from None


def file_name(year_end: pd.Timestamp, suffix: str) -> str:
    """``d441-6-2025-12-31.pdf``."""
    return f"d441-6-{year_end:%Y-%m-%d}.{suffix}"


def run_d441_6(
    company: str,
    year_end: object,
    *,
    data_dir: str | os.PathLike[str] = "data/samples",
    out_dir: str | os.PathLike[str] = "reports",
    year_start: object = None,
) -> D4416Files:
    """Write the D.441-6 table of ``company`` at ``year_end`` as HTML, PDF and XLSX.

    Parameters
    ----------
    company : str
        The company id (its folder's name under ``data_dir``).
    year_end, year_start : str
        The fiscal year's closing date and, optionally, its first day (``AAAA-MM-JJ``;
        default the twelve months ending at ``year_end``).
    data_dir, out_dir : path
        The folder of the companies and the folder of the reports.

    Returns
    -------
    D4416Files

    Raises
    ------
    ReportError
        A usage error, before any file is read: invalid company id or date, unknown
        company, a fiscal year where the company has no invoice nor payment, an output
        folder that cannot be written.
    D4416Error
        The company's files cannot be read into a ledger (the message names the company,
        the date and the problems).

    """
    end = validate_date(year_end, f"{company} : date de clôture")
    start = (
        fiscal_year_start(end)
        if year_start is None
        else validate_date(year_start, f"{company} : début d'exercice")
    )
    if start > end:
        raise ReportError(
            f"{company} : début d'exercice {fmt_date(start)} postérieur à la clôture "
            f"{fmt_date(end)}"
        )
    folder = company_folder(data_dir, company)
    out = writable_out_dir(out_dir) / company
    where = f"{company} au {fmt_date(end)}"
    try:
        period = activity_period(folder)
        if period is None or period[1] < start or period[0] > end:
            seen = (
                f"données du {fmt_date(period[0])} au {fmt_date(period[1])}"
                if period
                else "aucune date lisible"
            )
            raise ReportError(
                f"{where} : aucune facture ni aucun règlement pendant l'exercice du "
                f"{fmt_date(start)} au {fmt_date(end)} ({seen}) ; choisir une autre date"
            )
        ledger = read_ledger(folder, confined=True)
    except LedgerError as exc:
        raise D4416Error(f"{where} : données illisibles — {exc}") from None
    table = d441_6_table(ledger, end, year_start=start)
    html = render_d441_6(table, max_rows=ledger.limits.max_rows)
    out.mkdir(parents=True, exist_ok=True)
    final = {s: out / file_name(end, s) for s in SUFFIXES}
    tmp = {s: out / f".{p.name}.tmp-{os.getpid()}" for s, p in final.items()}
    try:
        tmp["html"].write_text(html, encoding="utf-8")
        tmp["xlsx"].write_bytes(d441_6_xlsx(table))
        html_to_pdf(html, tmp["pdf"], base_url=out)
        for s in SUFFIXES:
            os.replace(tmp[s], final[s])
    finally:
        for path in tmp.values():
            path.unlink(missing_ok=True)
    return D4416Files(table=table, html=final["html"], pdf=final["pdf"], xlsx=final["xlsx"])
