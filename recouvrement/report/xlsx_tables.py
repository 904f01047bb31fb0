"""Frames as Excel tables: typed cells, exact amounts, client text kept text, fixed bytes.

The building blocks of the report's workbook (:mod:`recouvrement.report.workbook`):

- :func:`frame_columns` turns a frame into typed :class:`Column` cells: datetimes are
  dates (format ``dd/mm/yyyy``, shown ``jj/mm/aaaa`` by French Excel), integers
  integers, floats amounts written from their integer cents (the decimal text of the
  cents, never a binary rounding; format ``#,##0.00 "€"``, shown ``1 234,56 €``),
  booleans « Oui » / « Non », text text;
- :func:`write_sheet` writes one sheet as one Excel table (named, filter buttons,
  banded rows, one row per item, no merged cell) with its header frozen and its
  columns fitted, and optionally the table's own totals row (``SUBTOTAL(109, …)``: it
  follows the filters and a pivot table leaves it out);
- :func:`workbook_file` saves the workbook with fixed dates (the same bytes for the
  same content) and each total's value beside its formula, so that a viewer that does
  not compute formulas shows it too.

Text from client files stays text: every string cell is typed as a string (a debtor
named ``=HYPERLINK(…)`` is never a formula, whatever openpyxl would infer) and one
starting like a formula also gets Excel's quote prefix, so that editing the cell in
Excel keeps it text. Characters XML cannot hold become « � ».
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import warnings
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo
from openpyxl.writer.excel import ExcelWriter

from recouvrement.aging import to_cents

DATE_FORMAT = "dd/mm/yyyy"
INT_FORMAT = "#,##0"
NUMBER_FORMAT = "#,##0.00"
#: Number format of an amount, ``{unit}`` being « € » or the company's currency code.
MONEY_FORMAT = '#,##0.00\\ "{unit}"'
#: Excel's limits: characters in a cell, rows in a sheet.
MAX_CELL_CHARS = 32_767
MAX_SHEET_ROWS = 1_048_576
#: Widths of a column, in characters.
MIN_WIDTH, MAX_WIDTH = 8, 60
#: How a yes/no value reads.
FLAGS = {True: "Oui", False: "Non"}
#: What Excel would read as the start of a formula when the cell is edited.
FORMULA_STARTS = ("=", "+", "-", "@")
#: The table style (Excel's built-in, banded rows).
TABLE_STYLE = "TableStyleMedium2"

#: A cell: a value ready for openpyxl and its number format.
CellValue = tuple[Any, str | None]


@dataclass(frozen=True)
class Column:
    """One column of a sheet: its header, its cells, and whether the totals row sums it."""

    header: str
    cells: list[CellValue]
    total: bool = False


def is_blank(value: Any) -> bool:
    """``None``, ``pd.NA``, ``NaT`` or NaN: an empty cell."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float | np.floating) and math.isnan(value)


def text(value: Any) -> str | None:
    """Client text as a cell can hold it (``None`` when blank).

    Characters XML 1.0 cannot hold become « � »; past :data:`MAX_CELL_CHARS` the text is
    cut (Excel's limit).
    """
    if is_blank(value):
        return None
    return ILLEGAL_CHARACTERS_RE.sub("\ufffd", str(value))[:MAX_CELL_CHARS]


def amount_cells(values: pd.Series | np.ndarray, money: str) -> list[CellValue]:
    """Euros → exact decimal amounts from their cents (rounded half away from zero)."""
    arr = np.asarray(values, dtype="float64")
    known = ~np.isnan(arr)
    cents = np.zeros(len(arr), dtype="int64")
    cents[known] = to_cents(arr[known])
    return [
        (Decimal(int(c)).scaleb(-2) if k else None, money)
        for c, k in zip(cents, known, strict=True)
    ]


def number_cells(values: Sequence[Any], formats: Sequence[str]) -> list[CellValue]:
    """Numbers as they are (not amounts), each with its own format.

    openpyxl writes a float with 16 significant digits (``%.16g``); amounts, written
    from their cents (:func:`amount_cells`), are exact.
    """
    return [(None if is_blank(v) else float(v), f) for v, f in zip(values, formats, strict=True)]


def _value(value: Any, money: str) -> CellValue:
    """One value of an untyped (object) column, by its own type."""
    if is_blank(value):
        return None, None
    if isinstance(value, bool | np.bool_):
        return FLAGS[bool(value)], None
    if isinstance(value, pd.Timestamp | dt.datetime):
        return pd.Timestamp(value).date(), DATE_FORMAT
    if isinstance(value, dt.date):
        return value, DATE_FORMAT
    if isinstance(value, int | np.integer):
        return int(value), INT_FORMAT
    if isinstance(value, float | np.floating):
        return amount_cells([value], money)[0]
    return text(value), None


def series_cells(values: pd.Series, money: str) -> list[CellValue]:
    """A column's cells by its dtype (the rules of :func:`frame_columns`)."""
    dtype = values.dtype
    if pd.api.types.is_bool_dtype(dtype):
        return [(None, None) if is_blank(v) else (FLAGS[bool(v)], None) for v in values]
    if pd.api.types.is_datetime64_any_dtype(dtype):
        days = values.dt.tz_localize(None) if values.dt.tz is not None else values
        return [(None, None) if is_blank(v) else (v.date(), DATE_FORMAT) for v in days]
    if pd.api.types.is_integer_dtype(dtype):
        return [(None, None) if is_blank(v) else (int(v), INT_FORMAT) for v in values]
    if pd.api.types.is_float_dtype(dtype):
        return amount_cells(values.to_numpy(dtype="float64", na_value=np.nan), money)
    if not pd.api.types.is_object_dtype(dtype):  # text, categories
        return [(text(v), None) for v in values]
    return [_value(v, money) for v in values]


def frame_columns(
    frame: pd.DataFrame,
    money: str,
    *,
    totals: bool = False,
    cells: Mapping[str, list[CellValue]] | None = None,
) -> list[Column]:
    """A frame as sheet columns: dates as dates, amounts as amounts, flags as « Oui »/« Non ».

    Parameters
    ----------
    frame : DataFrame
        Its column names are the headers; a named index is a first column.
    money : str
        The amounts' number format (:data:`MONEY_FORMAT` with the currency).
    totals : bool
        Whether the table's totals row sums every amount column.
    cells : mapping, optional
        Cells already made for some columns (header → cells), e.g. numbers that are
        not amounts (:func:`number_cells`); never summed.

    Notes
    -----
    By dtype: booleans → « Oui »/« Non »; datetimes → dates; integers → integers;
    **floats → amounts** (exact cents, ``money`` format); text and categories → text;
    an object column cell by cell by the same rules.

    """
    if any(name is not None for name in frame.index.names):
        frame = frame.reset_index()
    made = cells or {}
    columns = []
    for name, values in frame.items():
        if name in made:
            columns.append(Column(str(name), list(made[name])))
            continue
        is_money = pd.api.types.is_float_dtype(values.dtype)
        columns.append(Column(str(name), series_cells(values, money), total=totals and is_money))
    return columns


def _shown_width(value: Any, fmt: str | None) -> int:
    """About how many characters a cell shows."""
    if value is None:
        return 0
    if isinstance(value, dt.date):
        return 10
    if isinstance(value, Decimal | float):
        unit = fmt.rsplit('"', 2)[-2] if fmt and fmt.endswith('"') else ""
        return len(f"{value:,.2f}") + (len(unit) + 1 if unit else 0)
    if isinstance(value, int):
        return len(f"{value:,}")
    return max((len(line) for line in str(value).splitlines()), default=0)


def _width(header: str, column: Column) -> float:
    widest = max((_shown_width(v, f) for v, f in column.cells), default=0)
    # the header's filter button takes about three characters
    return float(min(MAX_WIDTH, max(MIN_WIDTH, widest + 2, len(header) + 4)))


def _headers(columns: Sequence[Column]) -> list[str]:
    """Unique, non-empty headers (an Excel table needs both)."""
    seen: set[str] = set()
    out = []
    for i, c in enumerate(columns, start=1):
        base = " ".join((text(c.header) or "").split()) or f"Colonne {i}"
        name, k = base, 2
        while name.casefold() in seen:
            name, k = f"{base} ({k})", k + 1
        seen.add(name.casefold())
        out.append(name)
    return out


def _structured(header: str) -> str:
    """A header inside a structured reference (``'`` escapes ``[ ] # '``)."""
    return "".join("'" + ch if ch in "[]#'" else ch for ch in header)


def _cell(ws, value: Any, fmt: str | None = None, *, formula: bool = False) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, str) and not formula:
        cell.data_type = "s"  # client text is never a formula
        if value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
    if fmt:
        cell.number_format = fmt
    return cell


def write_sheet(
    wb: Workbook, title: str, table: str, columns: Sequence[Column], empty: str
) -> dict[str, Decimal]:
    """Append one sheet to a write-only workbook, as the Excel table ``table``.

    Header row frozen, columns fitted to their content; the totals row, when a column
    is summed, is the table's. Without a row, the table keeps one empty row (Excel's
    minimum) and ``empty`` is written two rows below, outside the table. Returns the
    totals row: cell coordinate → value.

    Raises
    ------
    ValueError
        More rows than an Excel sheet holds.

    """
    n = len(columns[0].cells)
    if n > MAX_SHEET_ROWS - 2:
        raise ValueError(
            f"la feuille « {title} » aurait {n} lignes : plus que les {MAX_SHEET_ROWS} d'Excel"
        )
    ws = wb.create_sheet(title)
    headers = _headers(columns)
    for i, (header, column) in enumerate(zip(headers, columns, strict=True), start=1):
        ws.column_dimensions[get_column_letter(i)].width = _width(header, column)
    ws.freeze_panes = "A2"
    ws.append([_cell(ws, h) for h in headers])
    for i in range(n):
        ws.append([_cell(ws, *c.cells[i]) for c in columns])
    if not n:
        ws.append([])
    data_end = 1 + max(n, 1)
    summed = any(c.total for c in columns)
    totals: dict[str, Decimal] = {}
    if summed:
        row = []
        for j, (header, column) in enumerate(zip(headers, columns, strict=True), start=1):
            if column.total:
                totals[f"{get_column_letter(j)}{data_end + 1}"] = sum(
                    (v for v, _ in column.cells if v is not None), Decimal(0)
                )
                formula = f"=SUBTOTAL(109,{table}[{_structured(header)}])"
                row.append(_cell(ws, formula, column.cells[0][1] if n else None, formula=True))
            else:
                row.append(_cell(ws, "Total" if j == 1 else None))
        ws.append(row)
    last = get_column_letter(len(columns))
    tab = Table(
        displayName=table,
        ref=f"A1:{last}{data_end + summed}",
        totalsRowCount=1 if summed else None,
        autoFilter=AutoFilter(ref=f"A1:{last}{data_end}"),
        tableStyleInfo=TableStyleInfo(name=TABLE_STYLE, showRowStripes=True),
    )
    tab.tableColumns = [
        TableColumn(
            id=i,
            name=header,
            totalsRowFunction="sum" if column.total else None,
            totalsRowLabel="Total" if summed and i == 1 and not column.total else None,
        )
        for i, (header, column) in enumerate(zip(headers, columns, strict=True), start=1)
    ]
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="In write-only mode")  # columns set above
        ws.add_table(tab)
    if not n:
        ws.append([])
        ws.append([_cell(ws, empty)])
    return totals


def _with_values(xml: str, totals: Mapping[str, Decimal]) -> str:
    """A sheet's XML with each total's value in its formula cell."""
    for coord, value in totals.items():
        xml = re.sub(
            rf'(<c r="{coord}"[^>]*><f>[^<]*</f>)(?:<v\s*/>|<v>\s*</v>)',
            lambda m, v=value: f"{m.group(1)}<v>{v}</v>",
            xml,
            count=1,
        )
    return xml


def workbook_file(
    wb: Workbook, day: dt.datetime, totals: Sequence[Mapping[str, Decimal]] = ()
) -> bytes:
    """Save a write-only workbook: fixed dates, and the totals rows' values.

    ``day`` is the date of the document (created, modified) and of every member of the
    archive; ``totals[i]`` are the totals of the ``i``-th sheet (:func:`write_sheet`).
    """
    wb.properties.created = wb.properties.modified = day
    raw = io.BytesIO()
    ExcelWriter(wb, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED)).save()  # closes it
    out = io.BytesIO()
    sheets = {f"xl/worksheets/sheet{i}.xml": t for i, t in enumerate(totals, start=1) if t}
    with (
        zipfile.ZipFile(io.BytesIO(raw.getvalue())) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename in sheets:
                data = _with_values(data.decode("utf-8"), sheets[info.filename]).encode("utf-8")
            entry = zipfile.ZipInfo(info.filename, date_time=day.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, data)
    return out.getvalue()
