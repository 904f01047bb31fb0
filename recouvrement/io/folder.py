"""Reading a company's folder of exports into a validated :class:`~recouvrement.ledger.Ledger`.

A plain CSV with the canonical columns and ISO dates loads with no configuration at
all, and French Excel CSV just works (see :mod:`recouvrement.io.files`); anything else
is described in the folder's ``recouvrement.yml`` (:mod:`recouvrement.io.config`).

:func:`read_ledger` reads every table; :func:`last_activity` reads only the dates of
the invoices and payments, to find the month a batch audits by default without
building every company's ledger.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from recouvrement import conventions as cv
from recouvrement.io.config import CONFIG_NAME, CompanyConfig, load_config
from recouvrement.io.files import FILE_ALIASES, find_file, read_file
from recouvrement.io.mapping import apply_mapping, where_mask
from recouvrement.ledger import Ledger, LedgerError, ParseOptions
from recouvrement.ledger.parse import parse_dates


@dataclass
class _Reader:
    """One folder's files read once each (a derived table reuses its base file)."""

    folder: Path
    cfg: CompanyConfig
    confined: bool

    def __post_init__(self) -> None:
        self.cache: dict[Path, tuple[pd.DataFrame, list[int], list[dict]]] = {}
        self.root = self.folder.resolve()

    def locate(self, table: str) -> tuple[dict[str, Any], str, dict[str, Any], Path | None]:
        """``(spec, base table, base spec, file or None)`` of ``table``; checks before any read.

        Raises
        ------
        LedgerError
            Unknown ``from`` table, a file named in the configuration that does not exist,
            or (``confined``) a file outside the company folder.

        """
        spec = self.cfg.table(table)
        base_table = spec.get("from", table)
        if base_table not in cv.TABLES:
            raise LedgerError(
                [f"{CONFIG_NAME}: tables.{table}.from names an unknown table {base_table!r}"]
            )
        base_spec = self.cfg.table(base_table) if base_table != table else spec
        if base_spec.get("file"):
            file = self.folder / base_spec["file"]
            self.check_inside(file, f"{CONFIG_NAME} (tables: {base_table}: file)")
            if not file.is_file():
                raise LedgerError(
                    [
                        f"{file.name}: file named in {CONFIG_NAME} for {base_table} "
                        f"not found in {self.folder}"
                    ]
                )
        else:
            file = find_file(self.folder, base_table)
            if file is not None:
                self.check_inside(file, "the company folder")
        return spec, base_table, base_spec, file

    def check_inside(self, file: Path, where: str) -> None:
        """With ``confined``: refuse, before opening it, a file that leads out of the folder."""
        if self.confined and not file.resolve().is_relative_to(self.root):
            raise LedgerError(
                [
                    f"{file.name}: named by {where}, it leads outside the company folder "
                    f"{self.folder}; a company's report reads only the files of its own folder"
                ]
            )

    def raw(self, file: Path, base_spec: Mapping[str, Any]):
        """The file's text cells, line numbers and malformed lines (read once per file)."""
        if file not in self.cache:
            self.cache[file] = read_file(file, {**self.cfg.read, **(base_spec.get("read") or {})})
        return self.cache[file]

    def table(self, table: str) -> tuple[pd.DataFrame, list[int], list[dict], Path] | None:
        """``(canonical frame, line numbers, malformed lines, file)``, ``None`` without a file."""
        spec, base_table, base_spec, file = self.locate(table)
        if file is None:
            if table in cv.MANDATORY_TABLES:
                names = " or ".join(f"{s}.csv" for s in FILE_ALIASES[table])
                expected = f"expected {names}, .xlsx or .parquet"
                raise LedgerError([f"{table}: no file found in {self.folder} ({expected})"])
            return None
        raw, numbers, bad = self.raw(file, base_spec)
        source = file.name
        if "where" in spec:
            mask = where_mask(raw, spec["where"], source, table)
            raw = raw[mask.to_numpy()]
            numbers = [n for n, keep in zip(numbers, mask, strict=True) if keep]
            bad = []  # malformed lines are reported once, with the base table
        mapped = apply_mapping(raw.reset_index(drop=True), table, spec, source)
        if base_table != table:
            # a derived table repeats the same fact on many source rows (e.g. one
            # debtor per invoice line): identical projected rows are one row
            keep = ~mapped.astype("str").duplicated().to_numpy()
            mapped = mapped[keep].reset_index(drop=True)
            numbers = [n for n, k in zip(numbers, keep, strict=True) if k]
        missing = [c for c in cv.required_columns(table) if c not in mapped.columns]
        if missing:
            found = mapped.attrs.get("source_columns", list(mapped.columns))
            raise LedgerError(
                [
                    f"{table} ({source}): missing mandatory column(s) {', '.join(missing)}; "
                    f"the file has {', '.join(map(repr, found))}. "
                    f"Rename them or map them in {CONFIG_NAME} "
                    f"(tables: {table}: columns: {{'<source name>': {missing[0]}}})"
                ]
            )
        return mapped, numbers, bad, file

    def parse_options(self) -> ParseOptions:
        return ParseOptions(
            date_format=self.cfg.read.get("date_format"), decimal=self.cfg.read.get("decimal")
        )


def _open(path: str | Path, config, confined: bool) -> _Reader:
    folder = Path(path)
    if not folder.is_dir():
        raise LedgerError([f"{folder}: no such data folder"])
    cfg = load_config(config, folder)
    if confined and cfg.source is not None:
        _Reader(folder, cfg, True).check_inside(cfg.source, "the configuration")
    return _Reader(folder, cfg, confined)


def read_ledger(
    path: str | Path,
    config: str | Path | Mapping[str, Any] | None = None,
    *,
    confined: bool = False,
) -> Ledger:
    """Read a company's folder of exports into a validated :class:`Ledger`.

    Parameters
    ----------
    path : str or Path
        Folder holding one file per table (``invoices.csv``, ``payments.xlsx``...).
    config : str, Path or mapping, optional
        The company configuration (see :mod:`recouvrement.io.config`). Default:
        ``<path>/recouvrement.yml`` when present.
    confined : bool
        Refuse, before opening it, any file that is not inside ``path`` once links
        are resolved (a report reads only its company's folder).

    Returns
    -------
    Ledger
        With ``meta`` holding ``name``, ``company``, ``sector``, ``folder``, ``files``
        (table -> Path of every file read, plus ``config``), ``dunning`` and ``legal``.

    Raises
    ------
    LedgerError
        Folder missing, invoices or payments file missing, unreadable file,
        missing mandatory column, file outside the folder (``confined``): one
        exception lists every problem found, with the file and how to fix it.
        Row-level problems never raise: they are in ``ledger.quality``.

    """
    reader = _open(path, config, confined)
    folder, cfg = reader.folder, reader.cfg
    files: dict[str, Path] = {}
    frames: dict[str, pd.DataFrame | None] = {}
    rows: dict[str, list[int]] = {}
    sources: dict[str, str] = {}
    early: dict[str, list[dict]] = {}
    problems: list[str] = []
    for table in cv.TABLES:
        try:
            found = reader.table(table)
        except LedgerError as exc:
            problems.extend(exc.problems)
            continue
        if found is None:
            frames[table] = None
            continue
        frames[table], rows[table], early[table], files[table] = found
        sources[table] = files[table].name
    if problems:
        raise LedgerError(problems)
    if cfg.source is not None:
        files["config"] = cfg.source
    meta = {
        "name": cfg.name or folder.name,
        "company": folder.name,
        "sector": cfg.sector,
        "folder": folder,
        "files": files,
        # checked by the modules that use them (recouvrement.dunning, recouvrement.legal)
        "dunning": cfg.dunning,
        "legal": cfg.legal,
    }
    return Ledger(
        **frames,
        default_terms_days=cfg.default_terms_days,
        sources=sources,
        rows=rows,
        parse=reader.parse_options(),
        meta=meta,
        read_problems=early,
    )


def last_activity(path: str | Path, *, confined: bool = True) -> pd.Timestamp | None:
    """The latest invoice issue date or payment date of a company's folder.

    Reads only the invoices and payments files (through the company's configuration)
    and parses only their date columns (:data:`recouvrement.conventions.ACTIVITY_DATES`):
    no ledger is built. Unreadable dates are ignored here (the report lists them in its
    data-quality section).

    Returns
    -------
    Timestamp or None
        ``None`` when no date can be read.

    Raises
    ------
    LedgerError
        When the folder, its configuration or one of the two files cannot be read.

    """
    reader = _open(path, None, confined)
    dates = {}
    for table, column in cv.ACTIVITY_DATES:
        found = reader.table(table)
        if found is not None and column in found[0].columns:
            parsed, _ = parse_dates(found[0][column], reader.parse_options())
            dates[table] = pd.DataFrame({column: parsed})
    return cv.last_activity_date(dates)
