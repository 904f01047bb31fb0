"""Reading real exports into a :class:`~recouvrement.schema.Ledger`.

A company's data is a folder of files named after the tables (``invoices.csv``,
``payments.xlsx``, ``credit_notes.parquet``...; the French names ``factures``,
``reglements``, ``avoirs``, ``passages_en_perte``, ``litiges``, ``clients``,
``relances``, ``couts`` are recognised too). A plain CSV with the canonical columns
and ISO dates loads with no configuration at all, and French Excel CSV just works:
``;`` or ``,`` separators, decimal comma, UTF-8 with or without BOM or cp1252,
``dd/mm/yyyy`` or ISO dates, amounts like ``1 234,56``.

An optional ``recouvrement.yml`` in the folder (or passed as ``config``) maps source
file and column names and values to the contract and sets the default payment
terms::

    name: "Bâtiment Durand SAS"     # display name of the audited company
    sector: construction
    default_terms_days: 45          # used when an invoice has no due date
    read: {sep: ";", decimal: ",", encoding: cp1252, date_format: "%d/%m/%Y"}
    tables:
      invoices:
        file: factures.csv
        columns: {"N° facture": invoice_id, "Code client": debtor_id, ...}
        values: {currency: {"€": EUR}}
      disputes:                     # derived from another file's rows (identical
        from: invoices              # projected rows count once)
        where: {"Litige": "Oui"}    # "*" means "any non-empty value"
        columns: {"N° facture": invoice_id, "Date facture": opened_date}

This module is the only one that reads files.
"""

from __future__ import annotations

import csv
import io as _io
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from recouvrement import conventions as cv
from recouvrement.schema import Ledger, LedgerError, ParseOptions

CONFIG_NAME = "recouvrement.yml"
SUFFIXES = (".csv", ".txt", ".xlsx", ".xls", ".parquet")

#: Alternative file stems recognised for each table (French exports).
FILE_ALIASES = {
    "invoices": ("invoices", "factures"),
    "payments": ("payments", "reglements", "règlements", "encaissements"),
    "credit_notes": ("credit_notes", "avoirs"),
    "write_offs": ("write_offs", "passages_en_perte", "pertes"),
    "disputes": ("disputes", "litiges"),
    "debtors": ("debtors", "clients", "debiteurs", "débiteurs"),
    "actions": ("actions", "relances"),
    "costs": ("costs", "couts", "coûts"),
}

_TOP_KEYS = {
    "name",
    "sector",
    "default_terms_days",
    "read",
    "tables",
    "currency",
    "notes",
    "dunning",  # the company's own dunning calendar(s), see recouvrement.dunning
    "legal",  # contractual penalty rate and the like, see recouvrement.legal
}
_READ_KEYS = {"sep", "decimal", "encoding", "date_format", "sheet"}
_TABLE_KEYS = {"file", "columns", "values", "from", "where", "read"}


def load_config(config: str | Path | Mapping[str, Any] | None, folder: Path | None = None) -> dict:
    """Load and check a company configuration (YAML path, mapping or ``None``).

    With ``None``, ``<folder>/recouvrement.yml`` is used when it exists. Unknown
    keys raise :class:`LedgerError` listing the allowed ones (a typo never passes
    silently).
    """
    source = "configuration"
    if config is None and folder is not None and (folder / CONFIG_NAME).is_file():
        config = folder / CONFIG_NAME
    if config is None:
        return {}
    if isinstance(config, str | Path):
        source = str(config)
        try:
            config = yaml.safe_load(Path(config).read_text(encoding="utf-8")) or {}
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            raise LedgerError([f"{source}: cannot read the configuration: {exc}"]) from None
    if not isinstance(config, Mapping):
        raise LedgerError([f"{source}: the configuration must be a mapping of settings"])
    problems = []
    for key in set(config) - _TOP_KEYS:
        problems.append(
            f"{source}: unknown setting {key!r}; allowed: {', '.join(sorted(_TOP_KEYS))}"
        )
    for key in set(config.get("read") or {}) - _READ_KEYS:
        problems.append(
            f"{source}: unknown read option {key!r}; allowed: {', '.join(sorted(_READ_KEYS))}"
        )
    for table, spec in (config.get("tables") or {}).items():
        if table not in cv.TABLES:
            problems.append(f"{source}: unknown table {table!r}; tables are {', '.join(cv.TABLES)}")
            continue
        for key in set(spec or {}) - _TABLE_KEYS:
            problems.append(
                f"{source}: tables.{table}: unknown key {key!r}; "
                f"allowed: {', '.join(sorted(_TABLE_KEYS))}"
            )
        for canonical in (spec or {}).get("columns", {}).values():
            if canonical not in cv.columns(table):
                problems.append(
                    f"{source}: tables.{table}.columns maps to {canonical!r}, "
                    f"which is not a column of {table} ({', '.join(cv.columns(table))})"
                )
    if problems:
        raise LedgerError(problems)
    return dict(config)


def _find_file(folder: Path, table: str) -> Path | None:
    hits = [
        p
        for stem in FILE_ALIASES[table]
        for suffix in SUFFIXES
        if (p := folder / f"{stem}{suffix}").is_file()
    ]
    if len(hits) > 1:
        raise LedgerError(
            [
                f"{table}: several candidate files ({', '.join(h.name for h in hits)}); "
                f"keep one or name it in {CONFIG_NAME} (tables: {table}: file: ...)"
            ]
        )
    return hits[0] if hits else None


def _decode(path: Path, encoding: str | None) -> str:
    data = path.read_bytes()
    if encoding:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise LedgerError(
                [
                    f"{path.name}: not readable as {encoding} (byte {exc.start}); "
                    f"fix read.encoding in {CONFIG_NAME} or save the file as UTF-8"
                ]
            ) from None
    for enc in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise LedgerError([f"{path.name}: neither UTF-8 nor cp1252; save the file as UTF-8"])


def _sniff_sep(header: str) -> str:
    counts = {sep: header.count(sep) for sep in (";", ",", "\t", "|")}
    return max(counts, key=counts.get) if max(counts.values()) else ","


def _read_csv(path: Path, read: Mapping[str, Any]) -> tuple[pd.DataFrame, list[int], list[dict]]:
    """Read a CSV as text; return (frame, source line numbers, malformed lines)."""
    text = _decode(path, read.get("encoding"))
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise LedgerError([f"{path.name}: the file is empty or has no header line"])
    sep = read.get("sep") or _sniff_sep(lines[0])
    reader = csv.reader(_io.StringIO(text, newline=""), delimiter=sep)
    header = [h.strip() for h in next(reader)]
    records, numbers, bad = [], [], []
    for fields in reader:
        line = reader.line_num
        if not any(f.strip() for f in fields):
            continue  # blank line: not a row
        if len(fields) != len(header):
            bad.append(
                {
                    "row": line,
                    "column": "",
                    "value": sep.join(fields)[:80],
                    "problem": f"ligne mal formée : {len(fields)} champs au lieu de {len(header)}",
                }
            )
            continue
        records.append(fields)
        numbers.append(line)
    frame = pd.DataFrame(records, columns=header, dtype="object")
    return frame, numbers, bad


def _read_file(path: Path, read: Mapping[str, Any]) -> tuple[pd.DataFrame, list[int], list[dict]]:
    suffix = path.suffix.lower()
    try:
        if suffix in (".csv", ".txt"):
            return _read_csv(path, read)
        if suffix in (".xlsx", ".xls"):
            frame = pd.read_excel(path, sheet_name=read.get("sheet", 0), dtype=object)
            frame = frame.dropna(how="all")
            return frame.reset_index(drop=True), [int(i) + 2 for i in frame.index], []
        if suffix == ".parquet":
            frame = pd.read_parquet(path)
            return frame, list(range(1, len(frame) + 1)), []
    except LedgerError:
        raise
    except Exception as exc:  # any reader failure becomes one clear message
        raise LedgerError(
            [f"{path.name}: unreadable {suffix} file ({type(exc).__name__}: {exc})"]
        ) from None
    raise LedgerError([f"{path.name}: unsupported file type {suffix}; use .csv, .xlsx or .parquet"])


def _normalise_header(name: object) -> str:
    return str(name).strip().lstrip("\ufeff")


def _apply_mapping(
    frame: pd.DataFrame, table: str, spec: Mapping[str, Any], source: str
) -> pd.DataFrame:
    """Rename source columns to canonical ones and map values; unmapped columns dropped."""
    frame = frame.rename(columns=_normalise_header)
    mapping = dict(spec.get("columns") or {})
    if mapping:
        missing = [c for c in mapping if c not in frame.columns]
        if missing:
            raise LedgerError(
                [
                    f"{source}: column(s) {', '.join(map(repr, missing))} named in {CONFIG_NAME} "
                    f"(tables: {table}: columns) are not in the file; its columns are "
                    f"{', '.join(map(repr, frame.columns))}"
                ]
            )
        out = pd.DataFrame(
            {canonical: frame[src] for src, canonical in mapping.items()}, index=frame.index
        )
    else:
        lower = {c.lower(): c for c in frame.columns}
        out = pd.DataFrame(
            {c: frame[lower[c]] for c in cv.columns(table) if c in lower}, index=frame.index
        )
        if out.shape[1] == 0:
            out = pd.DataFrame(index=frame.index)
        # keep unknown headers visible in the structural error message
        out.attrs["source_columns"] = list(frame.columns)
    for col, values in (spec.get("values") or {}).items():
        if col in out.columns:
            as_text = out[col].astype("object")
            out[col] = as_text.map(
                lambda v, m=values: m.get(str(v).strip(), v) if pd.notna(v) else v
            )
    return out


def _where(frame: pd.DataFrame, where: Mapping[str, Any], source: str, table: str) -> pd.Series:
    mask = pd.Series(True, index=frame.index)
    for col, wanted in where.items():
        if col not in frame.columns:
            raise LedgerError(
                [f"{source}: column {col!r} used in tables.{table}.where is not in the file"]
            )
        text = frame[col].astype("object").map(lambda v: "" if pd.isna(v) else str(v).strip())
        if wanted == "*":
            mask &= text != ""
        else:
            options = wanted if isinstance(wanted, list) else [wanted]
            mask &= text.isin([str(o) for o in options])
    return mask


def read_ledger(path: str | Path, config: str | Path | Mapping[str, Any] | None = None) -> Ledger:
    """Read a company's folder of exports into a validated :class:`Ledger`.

    Parameters
    ----------
    path : str or Path
        Folder holding one file per table (``invoices.csv``, ``payments.xlsx``...).
    config : str, Path or mapping, optional
        The company configuration (see the module docstring). Default:
        ``<path>/recouvrement.yml`` when present.

    Returns
    -------
    Ledger
        With ``meta`` holding ``name``, ``sector``, ``folder`` and ``files`` (table
        -> Path of every file read, plus ``config``).

    Raises
    ------
    LedgerError
        Folder missing, invoices or payments file missing, unreadable file,
        missing mandatory column: one exception lists every problem found, with
        the file and how to fix it. Row-level problems never raise: they are in
        ``ledger.quality``.

    """
    folder = Path(path)
    if not folder.is_dir():
        raise LedgerError([f"{folder}: no such data folder"])
    cfg = load_config(config, folder)
    read_defaults = dict(cfg.get("read") or {})
    specs = dict(cfg.get("tables") or {})
    files: dict[str, Path] = {}
    raw_cache: dict[Path, tuple[pd.DataFrame, list[int], list[dict]]] = {}
    frames: dict[str, pd.DataFrame | None] = {}
    rows: dict[str, list[int]] = {}
    sources: dict[str, str] = {}
    early: dict[str, list[dict]] = {}
    problems: list[str] = []

    for table in cv.TABLES:
        spec = dict(specs.get(table) or {})
        base_table = spec.get("from", table)
        if base_table not in cv.TABLES:
            problems.append(
                f"{CONFIG_NAME}: tables.{table}.from names an unknown table {base_table!r}"
            )
            continue
        base_spec = dict(specs.get(base_table) or {}) if base_table != table else spec
        try:
            if base_spec.get("file"):
                file = folder / base_spec["file"]
                if not file.is_file():
                    raise LedgerError(
                        [
                            f"{file.name}: file named in {CONFIG_NAME} for {base_table} "
                            f"not found in {folder}"
                        ]
                    )
            else:
                file = _find_file(folder, base_table)
            if file is None:
                if table in cv.MANDATORY_TABLES:
                    names = " or ".join(f"{s}.csv" for s in FILE_ALIASES[table])
                    problems.append(
                        f"{table}: no file found in {folder} (expected {names}, .xlsx or .parquet)"
                    )
                frames[table] = None
                continue
            read = {**read_defaults, **(base_spec.get("read") or {})}
            if file not in raw_cache:
                raw_cache[file] = _read_file(file, read)
            raw, numbers, bad = raw_cache[file]
            source = file.name
            if "where" in spec:
                mask = _where(raw, spec["where"], source, table)
                raw = raw[mask.to_numpy()]
                numbers = [n for n, keep in zip(numbers, mask, strict=True) if keep]
                bad = []  # malformed lines are reported once, with the base table
            mapped = _apply_mapping(raw.reset_index(drop=True), table, spec, source)
            if base_table != table:
                # a derived table repeats the same fact on many source rows (e.g. one
                # debtor per invoice line): identical projected rows are one row
                keep = ~mapped.astype("str").duplicated().to_numpy()
                mapped = mapped[keep].reset_index(drop=True)
                numbers = [n for n, k in zip(numbers, keep, strict=True) if k]
            missing = [c for c in cv.required_columns(table) if c not in mapped.columns]
            if missing:
                found = mapped.attrs.get("source_columns", list(mapped.columns))
                problems.append(
                    f"{table} ({source}): missing mandatory column(s) {', '.join(missing)}; "
                    f"the file has {', '.join(map(repr, found))}. "
                    f"Rename them or map them in {CONFIG_NAME} "
                    f"(tables: {table}: columns: {{'<source name>': {missing[0]}}})"
                )
                continue
        except LedgerError as exc:
            problems.extend(exc.problems)
            continue
        files[table] = file
        frames[table] = mapped
        rows[table] = numbers
        sources[table] = source
        early[table] = bad
    if problems:
        raise LedgerError(problems)

    if (folder / CONFIG_NAME).is_file() and not isinstance(config, Mapping):
        files["config"] = Path(config) if config is not None else folder / CONFIG_NAME
    parse = ParseOptions(
        date_format=read_defaults.get("date_format"), decimal=read_defaults.get("decimal")
    )
    meta = {
        "name": cfg.get("name") or folder.name,
        "company": folder.name,
        "sector": cfg.get("sector"),
        "folder": folder,
        "files": files,
        # checked by the modules that use them (recouvrement.dunning, recouvrement.legal)
        "dunning": cfg.get("dunning"),
        "legal": cfg.get("legal"),
    }
    return Ledger(
        **frames,
        default_terms_days=int(cfg.get("default_terms_days", cv.DEFAULT_TERMS_DAYS)),
        sources=sources,
        rows=rows,
        parse=parse,
        meta=meta,
        read_problems=early,
    )


def load_targets(path: str | Path) -> dict[str, float]:
    """Read a targets file: a YAML mapping ``kpi key: target``.

    Parameters
    ----------
    path : str or Path
        YAML file, e.g. ``dso: 45`` and ``recovery_rate: 85``; targets are in each
        KPI's unit (percent for rates, days for DSO/ADD, a ratio for the cost per euro).

    Returns
    -------
    dict
        Key -> target (float), in the file's order. The keys are checked against
        the KPI keys by :func:`recouvrement.kpi.compare_to_targets` (this layer does
        not know the KPIs); merge over :data:`recouvrement.kpi.DEFAULT_TARGETS` to
        keep the defaults of the KPIs the file does not mention.

    Raises
    ------
    LedgerError
        Unreadable file, not a mapping, or a target that is not a finite number.

    """
    source = str(path)
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise LedgerError([f"{source}: cannot read the targets: {exc}"]) from None
    if not isinstance(raw, Mapping):
        raise LedgerError([f"{source}: the targets must be a mapping 'kpi key: target'"])
    problems, out = [], {}
    for key, value in raw.items():
        number = float("nan")
        if isinstance(value, int | float) and not isinstance(value, bool):
            number = float(value)
        if not math.isfinite(number):
            problems.append(f"{source}: target of {key!r} is not a number: {value!r}")
            continue
        out[str(key)] = number
    if problems:
        raise LedgerError(problems)
    return out
