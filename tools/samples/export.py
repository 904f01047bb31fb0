"""Writing a sample company folder in one of the export styles met in practice.

:func:`company_files` builds the bytes of every file (CSV in the style's encoding
and formats, Parquet, XLSX with fixed metadata, ``recouvrement.yml``) and
:func:`write_company` writes them; the same tables always give the same bytes.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

import numpy as np
import pandas as pd

from recouvrement import conventions as cv
from tools.samples.companies import get_profile
from tools.samples.config import config_text
from tools.samples.profiles import CompanyProfile
from tools.samples.styles import STYLE_SPECS, Layout, Style

#: Extra source column of the French payments file, ignored by the reader.
_PAYMENT_MODES = ("Virement", "Virement", "Virement", "Chèque", "LCR")

#: Fixed timestamp written in XLSX files, so that they are byte-for-byte reproducible.
_XLSX_TIMESTAMP = (2026, 1, 1, 0, 0, 0)


def _missing(value: object) -> bool:
    """Whether a cell is empty: None or a missing scalar (text is never missing)."""
    return value is None or (not isinstance(value, str) and pd.isna(value))


def _format_money(values: pd.Series, style: Style) -> list[str]:
    out = []
    for row, v in enumerate(values.tolist()):
        if isinstance(v, str):
            out.append(v)
        elif v is None or pd.isna(v):
            out.append("")
        elif style.decimal == ".":
            out.append(f"{v:.2f}")
        else:
            sep = style.thousands_alt if style.thousands_alt and row % 5 == 2 else style.thousands
            out.append(f"{v:,.2f}".replace(",", "\x00").replace(".", ",").replace("\x00", sep))
    return out


def _format_dates(values: pd.Series, fmt: str) -> list[str]:
    if pd.api.types.is_datetime64_any_dtype(values):
        return values.dt.strftime(fmt).fillna("").tolist()
    return [
        v
        if isinstance(v, str)
        else ("" if v is None or pd.isna(v) else pd.Timestamp(v).strftime(fmt))
        for v in values.tolist()
    ]


#: The columns the committed samples' files hold, by table. The contract has grown
#: since (a currency on every event, ``origin``, ``applied_date``, ``terms_days``...);
#: the ledger creates a missing optional column empty (an event without a currency is
#: in the company's), so the samples keep their files as they are.
EXPORT_COLUMNS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "invoices": ("invoice_id", "debtor_id", "issue_date", "due_date", "amount", "currency"),
        "payments": ("payment_id", "debtor_id", "invoice_id", "date", "amount"),
        "credit_notes": ("credit_note_id", "debtor_id", "invoice_id", "date", "amount"),
        "write_offs": ("invoice_id", "date", "amount"),
        "disputes": ("invoice_id", "opened_date", "resolved_date"),
        "debtors": (
            "debtor_id",
            "name",
            "kind",
            "sector",
            "credit_limit",
            "insolvency_date",
            "procedure",
            "publication_date",
            "civility",
        ),
        "actions": ("debtor_id", "invoice_id", "date", "channel", "level"),
        "costs": ("month", "amount"),
    }
)


def _columns(table: str, frame: pd.DataFrame) -> list[str]:
    """The canonical columns of ``table`` in ``frame``, in the contract's order."""
    return [c for c in cv.columns(table) if c in frame.columns]


def _as_text(table: str, frame: pd.DataFrame, style: Style, layout: Layout) -> pd.DataFrame:
    """Format the table as the strings written in a CSV file, with the source headers."""
    types = cv.column_types(table)
    cols = {}
    for col in _columns(table, frame):
        values = frame[col]
        kind = types[col]
        if kind == "date":
            text = _format_dates(values, style.date_format)
        elif kind == "money":
            text = _format_money(values, style)
        elif kind == "month":
            text = [
                v if not v or v != v else pd.Period(v, "M").strftime(style.month_format)
                for v in values.tolist()
            ]
        elif kind == "int":
            text = [
                "" if pd.isna(v) else str(v) if isinstance(v, str) else str(int(v))
                for v in values.tolist()
            ]
        else:
            mapping = layout.value_map.get(col, {})
            text = ["" if _missing(v) else mapping.get(v, v) for v in values.tolist()]
        cols[layout.columns.get(col, col)] = text
    return pd.DataFrame(cols, dtype="object")


def _csv_bytes(text: pd.DataFrame, style: Style) -> bytes:
    buffer = io.StringIO()
    text.to_csv(buffer, sep=style.sep, index=False, lineterminator=style.lineterminator)
    return buffer.getvalue().encode(style.encoding)


def _xlsx_bytes(frame: pd.DataFrame, table: str, layout: Layout) -> bytes:
    """Build an XLSX workbook of ``frame`` with fixed metadata and zip timestamps."""
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    types = cv.column_types(table)
    wb = Workbook()
    ws = wb.active
    ws.title = layout.file.rsplit(".", 1)[0]
    columns = _columns(table, frame)
    ws.append([layout.columns.get(c, c) for c in columns])
    for record in frame[columns].itertuples(index=False):
        row = []
        for col, v in zip(columns, record, strict=True):
            if _missing(v):
                row.append(None)
            elif types[col] == "date" and not isinstance(v, str):
                row.append(pd.Timestamp(v).to_pydatetime())
            elif types[col] == "id" and isinstance(v, str) and v.isdigit():
                row.append(int(v))  # numeric-looking codes become numbers, as in Excel
            elif col in layout.value_map:
                row.append(layout.value_map[col].get(v, v))
            else:
                row.append(v)
        ws.append(row)
    for col_idx, col in enumerate(columns, start=1):
        if types[col] == "date":
            for cell in ws.iter_cols(min_col=col_idx, max_col=col_idx, min_row=2):
                for c in cell:
                    c.number_format = "DD/MM/YYYY"
    stamp = pd.Timestamp(*_XLSX_TIMESTAMP).to_pydatetime()
    wb.properties.creator = "tools.samples"
    wb.properties.created = stamp
    wb.properties.modified = stamp
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).write_data()
    # rewrite the archive with fixed entry timestamps (zip stores the current time)
    fixed = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_XLSX_TIMESTAMP)
            entry.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(entry, src.read(info.filename))
    return fixed.getvalue()


def _parquet_bytes(frame: pd.DataFrame, table: str) -> bytes:
    bad = [c for c in frame.columns if frame[c].dtype == object]
    if bad:
        raise ValueError(
            f"{table}: columns {bad} hold text next to typed values, which Parquet cannot store; "
            "inject text problems into a CSV table"
        )
    buffer = io.BytesIO()
    frame[_columns(table, frame)].to_parquet(buffer, index=False, engine="pyarrow")
    return buffer.getvalue()


def company_files(
    tables: Mapping[str, pd.DataFrame],
    profile: CompanyProfile,
    style: str | None = None,
    *,
    columns: Mapping[str, tuple[str, ...]] | None = EXPORT_COLUMNS,
) -> dict[str, bytes]:
    """Return the files of a company folder (file name -> content) without writing them.

    See :func:`write_company`.
    """
    style = style or profile.style
    if style not in STYLE_SPECS:
        raise ValueError(f"unknown style {style!r}; choose one of {sorted(STYLE_SPECS)}")
    spec = STYLE_SPECS[style]
    files: dict[str, bytes] = {"recouvrement.yml": config_text(profile, style).encode("utf-8")}
    for table in cv.TABLES:
        if table not in tables:
            continue
        layout = spec.layouts[table]
        frame = tables[table]
        if columns is not None:
            frame = frame[[c for c in frame.columns if c in columns[table]]]
        if table == "disputes" and spec.disputes_in_invoices:
            continue  # written as columns of the invoices file
        if layout.file.endswith(".parquet"):
            files[layout.file] = _parquet_bytes(frame, table)
            continue
        if layout.file.endswith(".xlsx"):
            files[layout.file] = _xlsx_bytes(frame, table, layout)
            continue
        text = _as_text(table, frame, spec, layout)
        if table == "payments" and style == "french":
            text["Mode de règlement"] = [
                _PAYMENT_MODES[zlib.crc32(str(pid).encode()) % len(_PAYMENT_MODES)]
                for pid in frame["payment_id"].tolist()
            ]
        if table == "invoices" and spec.disputes_in_invoices:
            text = _with_dispute_columns(text, frame, tables["disputes"], spec)
        files[layout.file] = _csv_bytes(text, spec)
    return files


def _with_dispute_columns(
    text: pd.DataFrame, invoices: pd.DataFrame, disputes: pd.DataFrame, spec: Style
) -> pd.DataFrame:
    """Add ``Litige`` / ``Date litige`` / ``Date fin litige`` columns to the invoices file."""
    layout = spec.layouts["disputes"]
    by_invoice = disputes.drop_duplicates("invoice_id").set_index("invoice_id")
    first = ~invoices["invoice_id"].duplicated(keep="first")
    disputed = invoices["invoice_id"].isin(by_invoice.index) & first
    ids = invoices["invoice_id"].where(disputed)
    opened = ids.map(by_invoice["opened_date"])
    resolved = ids.map(by_invoice["resolved_date"])
    out = text.copy()
    out["Litige"] = np.where(disputed, "Oui", "")
    out[layout.columns["opened_date"]] = _format_dates(opened, spec.date_format)
    out[layout.columns["resolved_date"]] = _format_dates(resolved, spec.date_format)
    return out


def write_company(
    tables: Mapping[str, pd.DataFrame],
    folder: str | Path,
    *,
    profile: CompanyProfile | str,
    style: str | None = None,
    columns: Mapping[str, tuple[str, ...]] | None = EXPORT_COLUMNS,
) -> list[Path]:
    """Write a company folder: one file per table plus ``recouvrement.yml``.

    Parameters
    ----------
    tables : mapping of str to DataFrame
        The canonical tables (from :func:`generate_company`, possibly with
        :func:`inject_data_problems`); text values in date or amount columns are
        written as they are. A table missing from the mapping has no file, and
        only the contract's columns present in a frame are written.
    folder : str or Path
        Created if needed. Files of the style are overwritten; other files are
        left alone.
    profile : CompanyProfile or str
        Gives the name, sector and default terms of ``recouvrement.yml``.
    style : str, optional
        ``"canonical"``, ``"french"``, ``"excel"`` or ``"mixed"`` (see
        :class:`CompanyProfile`); default: the profile's.
    columns : mapping of str to tuple of str, optional
        The columns written of each table (default :data:`EXPORT_COLUMNS`, those of
        the committed samples); ``None``: every column of the contract in the frame.

    Returns
    -------
    list of Path
        The files written, ``recouvrement.yml`` first.

    Notes
    -----
    Formats by style:

    - ``canonical``: ``<table>.csv``, ``,`` separator, LF line ends, UTF-8
      without BOM, ISO dates, ``1234.56`` amounts, months ``YYYY-MM``, canonical
      headers; ``recouvrement.yml`` holds only name, sector and terms.
    - ``french``: French file names and headers, ``;``, CRLF line ends, cp1252,
      ``dd/mm/yyyy``, amounts ``1 234,56`` (space as thousands separator; every
      fifth row, rows 2, 7, 12..., a no-break space U+00A0), months ``mm/yyyy``,
      currency ``€``, kinds ``PRO``/``PART``, channels capitalised (``E-mail``,
      ``Courrier``...), an extra ignored column ``Mode de règlement`` in
      ``reglements.csv``; ``recouvrement.yml`` has a ``read:`` block and maps
      every column and value.
    - ``excel``: like ``french`` but UTF-8 with a BOM, U+202F (narrow no-break
      space) as thousands separator, other headers, kinds ``Professionnel``/
      ``Particulier``, no ``read:`` block (left to auto-detection), and the
      disputes as columns ``Litige`` (``Oui``) / ``Date litige`` /
      ``Date fin litige`` of ``factures.csv`` (``from: invoices``, ``where``).
    - ``mixed``: ``invoices.parquet`` and ``payments.parquet`` (typed columns),
      ``debtors.xlsx`` (French headers, real Excel dates, numeric-looking codes
      stored as numbers, kinds ``B2B``/``B2C``), canonical CSV for the rest.

    """
    profile = get_profile(profile)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in company_files(tables, profile, style, columns=columns).items():
        path = folder / name
        path.write_bytes(content)
        written.append(path)
    return written
