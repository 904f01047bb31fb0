"""Regenerating ``data/samples/``: :func:`write_samples`, its README and the command line."""

from __future__ import annotations

import argparse
import shutil
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from recouvrement import conventions as cv
from tools.samples.companies import COMPANIES, get_profile
from tools.samples.company import generate_company
from tools.samples.config import settings_text
from tools.samples.dates import DEFAULT_END, DEFAULT_MONTHS
from tools.samples.export import write_company
from tools.samples.fec import fec_files
from tools.samples.fec_company import FEC_COMPANY, fec_config, fiscal_years, generate_fec_company
from tools.samples.problems import inject_data_problems
from tools.samples.profiles import CompanyProfile
from tools.samples.styles import STYLE_SPECS

#: Default output folder of :func:`write_samples` (relative to the working directory).
DEFAULT_ROOT = Path("data") / "samples"


def problem_locations(
    log: pd.DataFrame, profile: CompanyProfile, style: str | None = None
) -> pd.DataFrame:
    """Locate the injected problems in the written files.

    Returns the log with ``file`` and ``line`` added: the line number the reader
    reports (CSV and XLSX: the header is line 1, the first data row line 2;
    Parquet: 1-based row position).
    """
    spec = STYLE_SPECS[style or profile.style]
    files = [spec.layouts[t].file for t in log["table"]]
    offset = [1 if f.endswith(".parquet") else 2 for f in files]
    out = log.copy()
    out.insert(1, "file", files)
    out.insert(2, "line", (log["row"] + pd.Series(offset, index=log.index)).astype("int64"))
    return out.drop(columns="row")


def write_samples(
    root: str | Path = DEFAULT_ROOT,
    companies: Sequence[str] | None = None,
    *,
    end: object = DEFAULT_END,
    months: int = DEFAULT_MONTHS,
) -> dict[str, pd.DataFrame]:
    """Regenerate the sample company folders under ``root``.

    Each company folder (``root/<company_id>``) is deleted and written again
    (only the folders of ``companies``); ``root/README.md`` describes them.

    Parameters
    ----------
    root : str or Path, default ``data/samples``
        Output folder.
    companies : sequence of str, optional
        Company ids of :data:`COMPANIES` or :data:`FEC_COMPANY`'s (default: all).
    end, months
        See :func:`generate_company`; :data:`FEC_COMPANY`'s history runs from
        1 January of the year before ``end``'s, whatever ``months``.

    Returns
    -------
    dict of str to DataFrame
        Per company, the injected problems with their file and line (see
        :func:`problem_locations`).

    """
    root = Path(root)
    ids = list(COMPANIES) if companies is None else list(companies)
    fec_id = FEC_COMPANY.company_id
    fec = None
    if fec_id in ids:
        ids.remove(fec_id)
    if companies is None or fec_id in companies:
        fec = write_fec_sample(root, end)
    logs, counts = {}, {}
    for company_id in ids:
        profile = get_profile(company_id)
        tables = generate_company(profile, end=end, months=months)
        rng = np.random.default_rng([profile.seed, 1])
        spoiled, log = inject_data_problems(
            tables, rng, profile.problems, default_terms_days=profile.default_terms_days
        )
        folder = root / profile.company_id
        if folder.exists():
            shutil.rmtree(folder)
        write_company(spoiled, folder, profile=profile)
        logs[company_id] = problem_locations(log, profile)
        counts[company_id] = {t: len(f) for t, f in spoiled.items()}
    if companies is None:
        (root / "README.md").write_text(_readme(logs, counts, end, months, fec), encoding="utf-8")
    return logs


def write_fec_sample(root: str | Path = DEFAULT_ROOT, end: object = DEFAULT_END) -> dict:
    """Write :data:`FEC_COMPANY` twice: as tables, and as FEC files of the same ledger.

    ``root/<id>`` holds the canonical CSV of ``invoices``, ``payments``,
    ``credit_notes``, ``write_offs`` and ``debtors`` (with ``terms_days``) and a
    minimal ``recouvrement.yml``; ``root/<id>-fec`` only the two FEC files of
    :func:`tools.samples.fec.fec_files` and a ``recouvrement.yml`` whose ``fec:``
    section gives each debtor's terms (:func:`~tools.samples.fec_company.fec_config`).
    Both folders are deleted and written again.

    Returns
    -------
    dict
        ``counts`` (rows per table), ``files`` (FEC file name -> number of lines,
        header included) and ``years`` (first day of each fiscal year, and the end).

    """
    root = Path(root)
    tables = generate_fec_company(end)
    folders = [root / FEC_COMPANY.company_id, root / f"{FEC_COMPANY.company_id}-fec"]
    for folder in folders:
        if folder.exists():
            shutil.rmtree(folder)
    write_company(tables, folders[0], profile=FEC_COMPANY, style="canonical", columns=None)
    folders[1].mkdir(parents=True)
    text = settings_text(FEC_COMPANY, fec_config(tables))
    (folders[1] / "recouvrement.yml").write_bytes(text.encode("utf-8"))
    files = fec_files(tables, end=end)
    for name, content in files.items():
        (folders[1] / name).write_bytes(content)
    return {
        "counts": {t: len(f) for t, f in tables.items()},
        "files": {name: content.count(b"\n") for name, content in files.items()},
        "years": fiscal_years(end),
    }


_STYLE_SUMMARY = {
    "canonical": "canonical CSV (`,`, ISO dates, `1234.56`, UTF-8), minimal `recouvrement.yml`",
    "french": "French Excel CSV: French file names and headers, `;`, decimal comma, `1 234,56` "
    "(space; U+00A0 on rows 2, 7, 12...), `dd/mm/yyyy`, cp1252, CRLF; full mapping and "
    "`read:` block in `recouvrement.yml`",
    "excel": "French Excel CSV in UTF-8 with BOM: `;`, decimal comma, U+202F thousands separator, "
    "`dd/mm/yyyy`, CRLF, no `read:` block (auto-detection); disputes are columns of "
    "`factures.csv` (`from`/`where`)",
    "mixed": "`invoices.parquet`, `payments.parquet`, `debtors.xlsx` (French headers, numeric "
    "codes as numbers), canonical CSV for the other tables",
}


def _readme(
    logs: Mapping[str, pd.DataFrame],
    counts: Mapping[str, Mapping[str, int]],
    end: object,
    months: int,
    fec: Mapping | None = None,
) -> str:
    lines = [
        "# Sample ledgers (fictional)",
        "",
        "Generated by `python -m tools.samples` (package `tools/samples/`); do not "
        "edit by hand: `tests/test_samples.py` checks that these files equal a fresh regeneration.",
        f"Every company has {months} months of history ending on {cv.as_date(end).date()}"
        + (f" (`{FEC_COMPANY.company_id}`: see below)" if fec is not None else "")
        + "; nothing is dated after it. Companies, people and amounts are invented.",
        "",
        "| company | name | sector | style | " + " | ".join(cv.TABLES) + " |",
        "|---|---|---|---|" + "---|" * len(cv.TABLES),
    ]
    for company_id, n in counts.items():
        p = COMPANIES[company_id]
        lines.append(
            f"| `{company_id}` | {p.name} | {p.sector} | {p.style} | "
            + " | ".join(str(n[t]) for t in cv.TABLES)
            + " |"
        )
    if fec is not None:
        p, n = FEC_COMPANY, fec["counts"]
        lines.append(
            f"| `{p.company_id}` | {p.name} | {p.sector} | {p.style} | "
            + " | ".join(str(n[t]) if t in n else "—" for t in cv.TABLES)
            + " |"
        )
    lines += ["", "## Styles", ""]
    for company_id in counts:
        p = COMPANIES[company_id]
        lines.append(f"- `{company_id}`: {_STYLE_SUMMARY[p.style]}.")
    if fec is not None:
        lines += _fec_readme(fec)
    lines += [
        "",
        "## Deliberate data problems",
        "",
        "Line numbers as the reader reports them (CSV/XLSX: header = line 1; "
        "Parquet: row position). Unparseable text is shown verbatim, other values in "
        "canonical form (ISO dates, `1234.56`).",
        "",
        "| company | table | file | line | column | value | problem |",
        "|---|---|---|---|---|---|---|",
    ]
    for company_id, log in logs.items():
        for r in log.itertuples(index=False):
            value = f"`{r.value}`" if r.value else "(vide)"
            cells = [f"`{company_id}`", r.table, r.file, str(r.line), r.column, value, r.problem]
            lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def _fec_readme(fec: Mapping) -> list[str]:
    """The README's section on :data:`FEC_COMPANY`, written as tables and as FEC files."""
    first, second, end = (str(np.datetime64(d, "D")) for d in fec["years"])
    close = str(np.datetime64(fec["years"][1] - 1, "D"))
    cid = FEC_COMPANY.company_id
    files = list(fec["files"].items())
    return [
        "",
        "## One ledger, as tables and as FEC files",
        "",
        f"`{cid}` ({FEC_COMPANY.name}) holds only what a FEC carries: professional debtors "
        "with their own terms (`terms_days`; due date = issue date + terms), invoices, "
        "payments (some in instalments, some grouped, a few unapplied), credit notes and "
        "write-offs; no dispute, reminder or cost, no data problem. Its history starts on "
        f"{first}: fiscal year 1 is {first} to {close}, fiscal year 2 {second} to {end}. "
        "Every lettrage group (invoices and credits linked by allocations) is settled "
        "oldest first, so the lettrage of the FEC tells the story of the tables.",
        "",
        f"- `{cid}`: {_STYLE_SUMMARY['canonical']}; `debtors.csv` has `terms_days`.",
        f"- `{cid}-fec`: the same ledger as two FEC files and a `recouvrement.yml` "
        "(`default_debtor_kind`, `fec: terms_days:` per `CompAuxNum`):",
        f"  - `{files[0][0]}` ({files[0][1]} lines, header included), fiscal year 1: TAB, "
        "UTF-8 with BOM, CRLF, `1234,56`, empty `DateLet` when not lettered;",
        f"  - `{files[1][0]}` ({files[1][1]} lines), fiscal year 2: `|` with a trailing `|`, "
        "ISO-8859-15, `\\r\\r\\n`, amounts zero-padded to 13 characters, `CompAuxNum` "
        "space-padded to 10, `DateLet` `19000101` when not lettered; it opens with a "
        "detailed `AN` entry (one `411000` line per item open at the close, balanced by "
        "`890000`).",
        "",
        "Journals `VE` (invoices: `411000` debit TTC, `706000` and `445710` credit; credit "
        "notes reversed), `BQ` (one entry per payment id, against `512000`), `OD` "
        "(write-offs, against `654000`). Lettrage codes `AA`, `AB`... per debtor and fiscal "
        "year, in the order groups were first lettered; `DateLet` is a credit's own date, "
        "an invoice's the date of its first credit.",
    ]


def main(argv: Sequence[str] | None = None) -> int:
    """Regenerate the sample folders (``python -m tools.samples [--out DIR]``).

    Parameters
    ----------
    argv : sequence of str, optional
        Command-line arguments (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        The exit status, 0.

    """
    parser = argparse.ArgumentParser(
        prog="python -m tools.samples",
        description="Regenerate the fictional sample ledgers of data/samples/.",
    )
    parser.add_argument(
        "--out", default=str(DEFAULT_ROOT), help="output folder (default: %(default)s)"
    )
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    logs = write_samples(args.out)
    for company_id, log in logs.items():
        print(f"{company_id}: {len(log)} deliberate data problem(s)")
    print(f"written to {args.out} in {time.perf_counter() - t0:.1f} s")
    return 0
