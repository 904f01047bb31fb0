"""Reading a company's folder of exports into a validated :class:`~recouvrement.ledger.Ledger`.

A plain CSV with the canonical columns and ISO dates loads with no configuration at
all, and French Excel CSV just works (see :mod:`recouvrement.io.files`); anything else
is described in the folder's ``recouvrement.yml`` (:mod:`recouvrement.io.config`).

:func:`read_ledger` reads every table; :func:`activity_period` reads only the dates of
the invoices and payments, to find the month a company is audited for by default
without building its ledger.

**Confinement.** A report reads only its company's folder (``confined=True``): every
file, the configuration included, is resolved (symbolic links followed) and checked to
lie inside the folder *before* it is opened, so nothing of a file outside the folder
is ever read, nor quoted in a message. Whatever ``confined`` says, a ``file:`` of the
configuration is a plain relative path: an absolute path or a ``..`` is refused.

**No row lost in silence.** A line a ``where:`` leaves out is counted and listed with
the condition it failed (``meta["excluded"]``); a ``defaults:`` value is recorded
with the rows it filled (``meta["defaults"]``). See :func:`read_ledger`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from recouvrement import conventions as cv
from recouvrement.io.config import CONFIG_NAME, CompanyConfig, load_config
from recouvrement.io.fec_folder import fec_paths, fec_period, read_fec_folder
from recouvrement.io.files import FILE_ALIASES, find_file, read_file
from recouvrement.io.mapping import (
    DEFAULT_COLUMNS,
    EXCLUDED_COLUMNS,
    apply_mapping,
    excluded_rows,
    fill_defaults,
)
from recouvrement.io.paths import check_inside
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
        self.excluded: dict[str, pd.DataFrame] = {}  # lines a where: left out, per table
        self.taken: dict[str, tuple[Path, set[int]]] = {}  # lines of a file each table took
        self.filled: dict[str, list[dict]] = {}  # what each default filled, per table

    def locate(self, table: str) -> tuple[dict[str, Any], str, dict[str, Any], Path | None]:
        """``(spec, base table, base spec, file or None)`` of ``table``; checks before any read.

        Raises
        ------
        LedgerError
            A file named in the configuration that does not exist, the base file of a
            table taken ``from`` another that is missing, or (``confined``) a file that
            leads outside the company folder.

        """
        spec = self.cfg.table(table)
        base_table = spec.get("from", table)
        base_spec = self.cfg.table(base_table) if base_table != table else spec
        if base_spec.get("file"):
            written = base_spec["file"]
            file = self.folder / written
            if self.confined:
                check_inside(
                    file, self.root, f"{CONFIG_NAME} : tables.{base_table}.file = « {written} »"
                )
            if not file.is_file():
                raise LedgerError(
                    [
                        f"{written} : fichier nommé dans {CONFIG_NAME} pour la table "
                        f"{base_table} (tables.{base_table}.file), introuvable dans le dossier "
                        f"{self.folder} ; corriger son nom ou l'y déposer"
                    ]
                )
        else:
            file = find_file(self.folder, base_table)
            if file is not None and self.confined:
                check_inside(file, self.root, f"{file.name} : ce fichier du dossier")
        if file is None and base_table != table:
            raise LedgerError(
                [
                    f"{CONFIG_NAME} : tables.{table}.from = « {base_table} », mais aucun fichier "
                    f"de {base_table} n'est dans le dossier {self.folder} ; nommer son fichier "
                    f"(tables: {base_table}: file: ...) ou retirer tables.{table}"
                ]
            )
        return spec, base_table, base_spec, file

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
                names = " ou ".join(f"{s}.csv" for s in FILE_ALIASES[table])
                raise LedgerError(
                    [
                        f"{table} : aucun fichier dans le dossier {self.folder} (attendu : "
                        f"{names}, ou le même nom en .xlsx ou .parquet) ; y déposer le fichier "
                        f"ou le nommer dans {CONFIG_NAME} (tables: {table}: file: ...)"
                    ]
                )
            return None
        raw, numbers, bad = self.raw(file, base_spec)
        source = file.name
        if base_table != table:
            bad = []  # malformed lines are reported once, with the base table
        if "where" in spec:
            kept, self.excluded[table] = excluded_rows(raw, numbers, spec["where"], source, table)
            raw = raw[kept.to_numpy()]
            numbers = [n for n, keep in zip(numbers, kept, strict=True) if keep]
        self.taken[table] = (file, set(numbers))
        mapped = apply_mapping(raw.reset_index(drop=True), table, spec, source)
        if base_table != table:
            # a derived table repeats the same fact on many source rows (e.g. one
            # debtor per invoice line): identical projected rows are one row
            keep = ~mapped.astype("str").duplicated().to_numpy()
            mapped = mapped[keep].reset_index(drop=True)
            numbers = [n for n, k in zip(numbers, keep, strict=True) if k]
        others = {k: v for k, v in self.cfg.defaults.items() if k != "kind"}  # kind: the ledger's
        mapped, self.filled[table] = fill_defaults(mapped, table, others)
        missing = [c for c in cv.required_columns(table) if c not in mapped.columns]
        if missing:
            found = mapped.attrs.get("source_columns", list(mapped.columns))
            raise LedgerError(
                [
                    f"{table} ({source}) : colonne(s) obligatoire(s) absente(s) : "
                    f"{', '.join(missing)} ; le fichier a les colonnes "
                    f"{', '.join(f'« {c} »' for c in found) or '(aucune)'} ; les renommer "
                    f"dans le fichier ou les associer dans {CONFIG_NAME} (tables: {table}: "
                    f'columns: {{"<nom dans le fichier>": {missing[0]}}})'
                ]
            )
        return mapped, numbers, bad, file

    def parse_options(self, table: str) -> ParseOptions:
        """How ``table``'s text dates and amounts are read.

        The file-level ``read``, overridden by its base table's (``from``), then by its own.
        """
        spec = self.cfg.table(table)
        base = spec.get("from")
        read = {
            **self.cfg.read,
            **((self.cfg.table(base).get("read") or {}) if base else {}),
            **(spec.get("read") or {}),
        }
        return ParseOptions(date_format=read.get("date_format"), decimal=read.get("decimal"))

    def excluded_frame(self) -> pd.DataFrame:
        """Every line a ``where:`` left out, with the other tables that took it (``taken_by``)."""
        frames = []
        for table in (t for t in cv.TABLES if t in self.excluded):
            file = self.taken[table][0]
            others = [
                (name, lines)
                for name, (other, lines) in self.taken.items()
                if name != table and other == file
            ]
            frame = self.excluded[table]
            taken = [", ".join(n for n, lines in others if r in lines) for r in frame["row"]]
            frames.append(frame.assign(taken_by=pd.Series(taken, index=frame.index, dtype=object)))
        if not frames:
            return pd.DataFrame({c: pd.Series(dtype=object) for c in EXCLUDED_COLUMNS}).astype(
                {"row": "int64"}
            )
        return pd.concat(frames, ignore_index=True)

    def defaults_frame(self, ledger: Ledger) -> pd.DataFrame:
        """What each default filled: those of the files, then the debtors' kind.

        The kind's ``filled`` counts debtors: listed without a kind (or an unknown one),
        or not listed, whose kind is therefore the default (:meth:`Ledger.kinds`).
        """
        records = [r for table in cv.TABLES for r in self.filled.get(table, [])]
        kind = ledger.default_kind
        if kind is not None:
            listed = ledger.debtors.drop_duplicates("debtor_id").set_index("debtor_id")["kind"]
            ids = ledger.kinds().index
            key = "defaults.kind" if "kind" in self.cfg.defaults else "default_debtor_kind"
            filled = int(listed.reindex(ids).isna().sum())
            row = ("debtors", "kind", kind, filled, key)
            records.append(dict(zip(DEFAULT_COLUMNS, row, strict=True)))
        return pd.DataFrame.from_records(records, columns=DEFAULT_COLUMNS).astype(
            {"filled": "int64"}
        )


def _open(
    path: str | os.PathLike[str],
    config: str | os.PathLike[str] | Mapping[str, Any] | None,
    confined: bool,
) -> _Reader:
    """The reader of a folder, its configuration checked (and confined) before it is read."""
    folder = Path(path)
    if not folder.is_dir():
        raise LedgerError([f"{folder} : dossier de données introuvable"])
    if config is None:
        candidate = folder / CONFIG_NAME
        if candidate.exists() or candidate.is_symlink():
            config = candidate
    if isinstance(config, str | os.PathLike):
        config = Path(config)
        if confined:
            check_inside(config, folder.resolve(), f"{config.name} : ce fichier")
    return _Reader(folder, load_config(config), confined)


def _meta(reader: _Reader, files: dict[str, Path]) -> dict[str, Any]:
    """The ledger's metadata of a folder (``files``: table -> file, plus ``config``)."""
    cfg, folder = reader.cfg, reader.folder
    if cfg.source is not None:
        files["config"] = cfg.source
    return {
        "name": cfg.name or folder.name,
        "company": folder.name,
        "sector": cfg.sector,
        "folder": folder,
        "files": files,
        # checked by the modules that use them (recouvrement.dunning, recouvrement.legal)
        "dunning": cfg.dunning,
        "legal": cfg.legal,
        "creditor": cfg.creditor,
        "report": cfg.report,
        "limits": cfg.limits,
    }


def read_ledger(
    path: str | os.PathLike[str],
    config: str | os.PathLike[str] | Mapping[str, Any] | None = None,
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
        are resolved: the configuration file, a ``file:`` it names, a file found by
        its usual name. What a report uses (a report reads only its company's
        folder). Even with ``confined=False`` (the default, for library users who
        link files on purpose), a ``file:`` of the configuration that is an absolute
        path or contains ``..`` is refused.

    Returns
    -------
    Ledger
        With ``meta`` holding ``name``, ``company``, ``sector``, ``folder``, ``files``
        (table -> Path of every file read, plus ``config``), ``dunning``, ``legal``,
        ``limits`` (:class:`~recouvrement.conventions.Limits`), ``excluded`` (a frame:
        ``table, source, row, filter, value, taken_by``, one row per line a ``where:``
        left out, :func:`~recouvrement.io.mapping.excluded_rows`) and ``defaults`` (a
        frame: ``table, column, value, filled, key``, one row per default and table).

    Raises
    ------
    LedgerError
        Folder missing, invalid configuration, invoices or payments file missing,
        unreadable file, missing mandatory column, file leading outside the folder
        (``confined``): one exception lists every problem found, in French, with the
        file and how to fix it. Row-level problems never raise: they are in
        ``ledger.quality``.

    Notes
    -----
    Per table, lines read = kept + set aside (``ledger.counts``, the ledger's own
    invariant over the rows it receives) + excluded (``meta["excluded"]``). Each table
    counts against its own file: a file feeding several tables (``from:`` with
    ``where:``) has each of its lines counted once in every one of them, taken or
    excluded, so a line excluded from ``invoices`` and taken by ``payments`` is in
    both counts, and ``taken_by`` names ``payments``; a line no table took has an
    empty ``taken_by``. A table taken ``from`` another counts identical projected rows
    once.

    """
    reader = _open(path, config, confined)
    folder, cfg = reader.folder, reader.cfg
    fec = fec_paths(folder, cfg, confined=confined)
    if fec:  # a FEC folder: the FEC gives invoices, payments, credit notes, write-offs
        return read_fec_folder(reader, fec, _meta(reader, {}))
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
    meta = _meta(reader, files)
    ledger = Ledger(
        **frames,
        default_terms_days=cfg.default_terms_days,
        sources=sources,
        rows=rows,
        meta={**meta, "excluded": reader.excluded_frame()},
        read_problems=early,
        limits=cfg.limits,
        default_kind=cfg.default_debtor_kind,
        currency=cfg.currency,
        parse={table: reader.parse_options(table) for table in cv.TABLES},
    )
    ledger.meta["defaults"] = reader.defaults_frame(ledger)  # the kind's count is the ledger's
    return ledger


def activity_period(
    path: str | os.PathLike[str], *, confined: bool = True
) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """The first and last invoice issue date or payment date of a company's folder.

    Reads only the invoices and payments files (through the company's configuration,
    confined to its folder by default) and parses only their date columns
    (:data:`recouvrement.conventions.ACTIVITY_DATES`): no ledger is built. Dates
    outside the company's plausible window (``limits:``,
    :meth:`~recouvrement.conventions.Limits.window`) are ignored, so a row dated 2200
    does not move the period; unreadable dates are ignored too (the report lists both
    in its data-quality section).

    Returns
    -------
    tuple of Timestamp, or None
        ``(first, last)``; ``None`` when no plausible date can be read.

    Raises
    ------
    LedgerError
        When the folder, its configuration or one of the two files cannot be read (or
        leads outside the folder, ``confined``).

    """
    reader = _open(path, None, confined)
    low, high = reader.cfg.limits.window()
    fec = fec_paths(reader.folder, reader.cfg, confined=confined)
    if fec:
        return fec_period(fec, (low, high))
    dates = []
    for table, column in cv.ACTIVITY_DATES:
        found = reader.table(table)
        if found is not None and column in found[0].columns:
            parsed, _ = parse_dates(found[0][column], reader.parse_options(table))
            dates.append(parsed[(parsed >= low) & (parsed <= high)].dropna())
    dates = [d for d in dates if len(d)]
    if not dates:
        return None
    every = pd.concat(dates)
    return pd.Timestamp(every.min()), pd.Timestamp(every.max())


def last_activity(path: str | os.PathLike[str], *, confined: bool = True) -> pd.Timestamp | None:
    """The last date of :func:`activity_period` (``None`` when there is none)."""
    period = activity_period(path, confined=confined)
    return None if period is None else period[1]
