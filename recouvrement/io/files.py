"""Reading one export file as text cells: CSV (any French Excel flavour), XLSX, Parquet.

A company's data is a folder of files named after the tables (``invoices.csv``,
``payments.xlsx``, ``credit_notes.parquet``...; the French names ``factures``,
``reglements``, ``avoirs``, ``passages_en_perte``, ``litiges``, ``clients``,
``relances``, ``couts`` are recognised too). A CSV is decoded as UTF-8 (with or without
BOM) or cp1252 and its separator sniffed from the header (``;``, ``,``, tab, ``|``);
every cell is kept as text for :mod:`recouvrement.ledger` to parse, and each kept row
carries its line number in the file so that the quality table can point at it.
"""

from __future__ import annotations

import csv
import io as _io
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from recouvrement.io.config import CONFIG_NAME
from recouvrement.ledger import LedgerError

#: File types read, by suffix.
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


def find_file(folder: Path, table: str) -> Path | None:
    """The file of ``table`` in ``folder`` by its usual names (:data:`FILE_ALIASES`), if any."""
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


def decode(path: Path, encoding: str | None) -> str:
    """A text file's content: ``encoding`` if given, else UTF-8 (with or without BOM) or cp1252."""
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


def sniff_sep(header: str) -> str:
    """The most frequent of ``;``, ``,``, tab and ``|`` in the header line (``,`` if none)."""
    counts = {sep: header.count(sep) for sep in (";", ",", "\t", "|")}
    return max(counts, key=counts.get) if max(counts.values()) else ","


def read_csv(path: Path, read: Mapping[str, Any]) -> tuple[pd.DataFrame, list[int], list[dict]]:
    """Read a CSV as text; return (frame, source line numbers, malformed lines)."""
    text = decode(path, read.get("encoding"))
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise LedgerError([f"{path.name}: the file is empty or has no header line"])
    sep = read.get("sep") or sniff_sep(lines[0])
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


def read_file(path: Path, read: Mapping[str, Any]) -> tuple[pd.DataFrame, list[int], list[dict]]:
    """A file of any supported type as ``(text cells, line numbers, malformed lines)``."""
    suffix = path.suffix.lower()
    try:
        if suffix in (".csv", ".txt"):
            return read_csv(path, read)
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


def normalise_header(name: object) -> str:
    """A column header stripped of spaces and of a leading byte-order mark."""
    return str(name).strip().lstrip("\ufeff")


def read_settings_table(path: str | Path) -> pd.DataFrame:
    """A settings table of the user's (e.g. scoring weights): comma-separated UTF-8, text cells.

    Raises ``FileNotFoundError`` when the file does not exist; the caller checks the
    columns and converts the values.
    """
    return pd.read_csv(Path(path), dtype="str", keep_default_na=False, encoding="utf-8")
