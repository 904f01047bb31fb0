"""Reading one export file as text cells: CSV (any French Excel flavour), XLSX, Parquet.

A company's data is a folder of files named after the tables (``invoices.csv``,
``payments.xlsx``, ``credit_notes.parquet``...; the French names ``factures``,
``reglements``, ``avoirs``, ``passages_en_perte``, ``litiges``, ``clients``,
``relances``, ``couts`` are recognised too). Every cell is kept as text for
:mod:`recouvrement.ledger` to parse, and each kept row carries its line number in the
file so that the quality table can point at it.

**Encoding, decided per file, never silently.** With ``read.encoding`` the file is
decoded with it, and a byte it cannot decode is an error naming the line, the byte
offset and the byte. Without it: a file that is valid UTF-8 (with or without BOM) is
UTF-8; a UTF-16 file with its BOM is UTF-16; a file that is not valid UTF-8 and holds
no UTF-8 multi-byte sequence at all is a genuine cp1252 (Windows) file; a file holding
both UTF-8 sequences and bytes that are not UTF-8 (a UTF-8 file with a stray cp1252
byte) is refused: decoding it either way would garble part of it.

The separator of a CSV is sniffed from the header (``;``, ``,``, tab, ``|``). A line
with the wrong number of fields is set aside with its line number (and the lines it
spans, when an unclosed quote swallowed several). Every message is in French and names
the file, the line and the fix.
"""

from __future__ import annotations

import codecs
import csv
import io as _io
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from recouvrement.formatting import fmt_int
from recouvrement.io.config import CONFIG_NAME
from recouvrement.io.csv_arrow import first_line, header_fields, malformed_line, split_records
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

#: A valid UTF-8 multi-byte sequence (RFC 3629): its presence means "this file is UTF-8".
UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]"
    rb"|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}|\xed[\x80-\x9f][\x80-\xbf]"
    rb"|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)


def find_file(folder: Path, table: str) -> Path | None:
    """The file of ``table`` in ``folder`` by its usual names (:data:`FILE_ALIASES`), if any."""
    hits = [
        p
        for stem in FILE_ALIASES[table]
        for suffix in SUFFIXES
        if (p := folder / f"{stem}{suffix}").is_file()
    ]
    if len(hits) > 1:
        names = ", ".join(h.name for h in hits)
        raise LedgerError(
            [
                f"{table} : plusieurs fichiers possibles ({names}) ; n'en garder qu'un, ou "
                f"nommer le bon dans {CONFIG_NAME} (tables: {table}: file: ...)"
            ]
        )
    return hits[0] if hits else None


def _where(path: Path, data: bytes, offset: int) -> str:
    """``factures.csv, ligne 12 (octet 345)``: where a byte is (offset from 0)."""
    line = data.count(b"\n", 0, offset) + 1
    return f"{path.name}, ligne {line} (octet {offset})"


def decode(path: Path, encoding: str | None) -> str:
    """A text file's content, its encoding decided as the module docstring says.

    Raises
    ------
    LedgerError
        A byte the declared (or decided) encoding cannot decode, a UTF-8 file with a
        stray byte of another encoding, an unknown encoding name: the message names the
        file, the line, the byte offset, the byte and the fix.

    """
    data = path.read_bytes()
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise LedgerError(
                [
                    f"{path.name} : encodage « {encoding} » inconnu (read.encoding dans "
                    f"{CONFIG_NAME}) ; indiquer par exemple utf-8 ou cp1252"
                ]
            ) from None
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise LedgerError(
                [
                    f"{_where(path, data, exc.start)} : l'octet 0x{data[exc.start]:02X} n'est "
                    f"pas du {encoding}, l'encodage indiqué par read.encoding dans "
                    f"{CONFIG_NAME} ; enregistrer le fichier en {encoding}, ou corriger "
                    "read.encoding (utf-8 ou cp1252 le plus souvent)"
                ]
            ) from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise LedgerError(
                [
                    f"{_where(path, data, exc.start)} : le fichier commence comme de "
                    "l'UTF-16 mais ne l'est pas ensuite ; l'enregistrer en UTF-8"
                ]
            ) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        first_bad = exc.start + (3 if data.startswith(codecs.BOM_UTF8) else 0)
    if data.startswith(codecs.BOM_UTF8) or UTF8_MULTIBYTE.search(data):
        raise LedgerError(
            [
                f"{_where(path, data, first_bad)} : l'octet 0x{data[first_bad]:02X} n'est pas "
                "de l'UTF-8 alors que le reste du fichier l'est ; enregistrer le fichier en "
                f"UTF-8, ou indiquer read.encoding: cp1252 dans {CONFIG_NAME}"
            ]
        )
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise LedgerError(
            [
                f"{_where(path, data, exc.start)} : l'octet 0x{data[exc.start]:02X} n'est ni "
                "de l'UTF-8 ni du cp1252 (Windows) ; enregistrer le fichier en UTF-8, ou "
                f"indiquer son encodage par read.encoding dans {CONFIG_NAME}"
            ]
        ) from None


def sniff_sep(header: str) -> str:
    """The most frequent of ``;``, ``,``, tab and ``|`` in the header line (``,`` if none)."""
    counts = {sep: header.count(sep) for sep in (";", ",", "\t", "|")}
    return max(counts, key=counts.get) if max(counts.values()) else ","


def _csv_problem(path: Path, line: int, exc: csv.Error) -> str:
    if "field limit" in str(exc):
        return (
            f"{path.name}, ligne {line} : un champ dépasse {fmt_int(csv.field_size_limit())} "
            "caractères (guillemet non fermé ?) ; vérifier les guillemets de cette ligne"
        )
    return (
        f"{path.name}, ligne {line} : ligne illisible en CSV ; vérifier ses guillemets et "
        "son séparateur"
    )


def read_csv(path: Path, read: Mapping[str, Any]) -> tuple[pd.DataFrame, list[int], list[dict]]:
    """Read a CSV as text; return (frame, source line numbers, malformed lines).

    A record's line number is the line it starts on (the header is line 1). The records
    are split by pyarrow where it splits exactly as Python's :mod:`csv` does
    (:mod:`~recouvrement.io.csv_arrow`), by :mod:`csv` otherwise: same cells, lines and
    messages either way.
    """
    text = decode(path, read.get("encoding"))
    first = first_line(text)
    if not first.strip():
        raise LedgerError(
            [
                f"{path.name} : fichier vide, ou sans ligne d'en-tête ; la première ligne doit "
                "nommer les colonnes (par exemple invoice_id;debtor_id;issue_date;amount)"
            ]
        )
    sep = read.get("sep") or sniff_sep(first)
    found = header_fields(text, sep)
    if found is not None:
        header = [h.strip() for h in found[0]]
        _check_header(path, header)
        split = split_records(text, sep, header, found[1])
        if split is not None:
            return split
    return read_csv_records(path, text, sep)


def _check_header(path: Path, header: list[str]) -> None:
    """Refuse a header naming a column twice."""
    twice = sorted({h for h in header if h and header.count(h) > 1})
    if twice:
        names = ", ".join(f"« {h} »" for h in twice)
        raise LedgerError(
            [
                f"{path.name}, ligne 1 : colonne(s) {names} présente(s) plusieurs fois dans "
                "l'en-tête ; renommer l'une d'elles pour dire laquelle lire"
            ]
        )


def read_csv_records(path: Path, text: str, sep: str) -> tuple[pd.DataFrame, list[int], list[dict]]:
    """The records of a decoded CSV split by Python's :mod:`csv`, one by one.

    The reference reader: :func:`read_csv` uses it for the files pyarrow could split
    otherwise (:func:`~recouvrement.io.csv_arrow.split_records`).
    """
    reader = csv.reader(_io.StringIO(text, newline=""), delimiter=sep)
    header = [h.strip() for h in next(reader)]
    _check_header(path, header)
    records, numbers, bad = [], [], []
    while True:
        start = reader.line_num + 1
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise LedgerError([_csv_problem(path, start, exc)]) from None
        if not any(f.strip() for f in fields):
            continue  # blank line: not a row
        if len(fields) != len(header):
            bad.append(malformed_line(fields, len(header), sep, start, reader.line_num))
            continue
        records.append(fields)
        numbers.append(start)
    frame = pd.DataFrame(records, columns=header, dtype="object")
    return frame, numbers, bad


def _read_excel(path: Path, read: Mapping[str, Any]) -> pd.DataFrame:
    sheet = read.get("sheet", 0)
    with pd.ExcelFile(path) as book:
        names = [str(n) for n in book.sheet_names]
        known = sheet in names if isinstance(sheet, str) else 0 <= int(sheet) < len(names)
        if not known:
            raise LedgerError(
                [
                    f"{path.name} : pas de feuille « {sheet} » (read.sheet dans {CONFIG_NAME}) ; "
                    f"feuilles du classeur : {', '.join(names)} (ou leur numéro à partir de 0)"
                ]
            )
        return pd.read_excel(book, sheet_name=sheet, dtype=object)


def read_file(path: Path, read: Mapping[str, Any]) -> tuple[pd.DataFrame, list[int], list[dict]]:
    """A file of any supported type as ``(text cells, line numbers, malformed lines)``.

    Raises
    ------
    LedgerError
        Unsupported type, unreadable file, bad encoding, empty CSV (French, with the fix).

    """
    suffix = path.suffix.lower()
    try:
        if suffix in (".csv", ".txt"):
            return read_csv(path, read)
        if suffix in (".xlsx", ".xls"):
            frame = _read_excel(path, read).dropna(how="all")
            return frame.reset_index(drop=True), [int(i) + 2 for i in frame.index], []
        if suffix == ".parquet":
            frame = pd.read_parquet(path)
            return frame, list(range(1, len(frame) + 1)), []
    except LedgerError:
        raise
    except ImportError:
        raise LedgerError(
            [
                f"{path.name} : le format {suffix} n'est pas pris en charge sur ce poste ; "
                "enregistrer le fichier en .xlsx ou en CSV"
            ]
        ) from None
    except Exception:  # any reader failure becomes one clear message
        raise LedgerError(
            [
                f"{path.name} : fichier {suffix} illisible ; vérifier qu'il s'ouvre, "
                f"l'enregistrer à nouveau en {suffix} ou l'exporter en CSV"
            ]
        ) from None
    raise LedgerError(
        [
            f"{path.name} : type de fichier {suffix or '(sans extension)'} non pris en charge ; "
            "utiliser .csv, .xlsx ou .parquet"
        ]
    )


def normalise_header(name: object) -> str:
    """A column header stripped of spaces and of a leading byte-order mark."""
    return str(name).strip().lstrip("\ufeff")


def read_settings_table(path: str | Path) -> pd.DataFrame:
    """A settings table of the user's (e.g. scoring weights): comma-separated UTF-8, text cells.

    Raises ``FileNotFoundError`` when the file does not exist; the caller checks the
    columns and converts the values.
    """
    return pd.read_csv(Path(path), dtype="str", keep_default_na=False, encoding="utf-8")
