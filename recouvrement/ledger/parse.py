"""Reading raw cell values: identifiers, dates, whole numbers, months, debtor kinds.

Each parser takes a raw column (text as read from a file, or already typed by a
spreadsheet or Parquet reader) and returns the typed values with a mask of the cells
that were present but could not be read, so the caller can set those rows aside and
quote the value. Nothing is guessed silently: an unreadable value is never a 0.
Amounts are read by :mod:`~recouvrement.ledger.parse_amounts`, control characters of
ids and text removed by :mod:`~recouvrement.ledger.parse_text`.

Dates are read at a resolution that holds any year (:func:`date_values`), then checked
against the plausible window before they become ``datetime64[ns]`` (:func:`in_window`):
a date in 2263 or 9999 is a date out of the window, never an overflow. The format of a
text date column is decided for the column as a whole (:func:`read_date_columns`): a
column another common format reads better (US ``3/14/2025``) or that reads as well day
first as month first is refused whole (:class:`DateMisfit`), never half kept.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from recouvrement import conventions as cv
from recouvrement.ledger.date_formats import DateMisfit, date_misfits
from recouvrement.ledger.parse_text import maybe_spaces

KIND_SYNONYMS = {
    "professionnel": "professionnel",
    "professionnelle": "professionnel",
    "pro": "professionnel",
    "b2b": "professionnel",
    "entreprise": "professionnel",
    "professional": "professionnel",
    "business": "professionnel",
    "particulier": "particulier",
    "part": "particulier",
    "b2c": "particulier",
    "private": "particulier",
    "individual": "particulier",
    "consumer": "particulier",
    "public": "public",
    "acheteur public": "public",
    "personne publique": "public",
    "b2g": "public",
    "pub": "public",
    "collectivité": "public",
    "administration": "public",
}

#: The decimal separators a money column may have.
DECIMALS = (",", ".")


@dataclass(frozen=True)
class ParseOptions:
    """How the text values of one table are parsed.

    Attributes
    ----------
    date_format : str or None
        A ``strptime`` format (e.g. ``"%d/%m/%Y"``, ``"%m/%d/%Y"``). ``None``
        accepts ISO 8601 and, failing that, ``dd/mm/yyyy`` (the French form);
        US ``m/d/yyyy`` dates are only read when this format says so.
    decimal : str or None
        ``","`` or ``"."``: the decimal separator of every money column of the table.
        ``None`` decides it per column from the values
        (:func:`~recouvrement.ledger.parse_amounts.column_decimal`).

    Raises
    ------
    ValueError
        When ``decimal`` is neither ``","``, ``"."`` nor ``None``.

    """

    date_format: str | None = None
    decimal: str | None = None

    def __post_init__(self) -> None:
        if self.decimal is not None and self.decimal not in DECIMALS:
            raise ValueError(
                f"séparateur décimal « {self.decimal} » inconnu : une virgule ou un point "
                'est attendu (read.decimal: "," dans recouvrement.yml)'
            )


#: Cells that are missing values once stripped.
NA_TEXTS = ("", "nan", "NaN", "None", "NaT", "<NA>")


def blank_to_na(s: pd.Series) -> pd.Series:
    """Text of each cell, stripped; empty cells and NA spellings (``nan``, ``None``...) as NA.

    Returns a pandas ``str`` column. Arrow-backed text is stripped and compared in Arrow
    (``utf8_trim_whitespace``, what pandas' ``str.strip`` runs on it), at once.
    """
    if isinstance(s.dtype, pd.StringDtype) and s.dtype.storage == "pyarrow":
        cells = pa.array(s.array)
        stripped = pc.utf8_trim_whitespace(cells) if maybe_spaces(s) else cells
        sizes = pc.binary_length(stripped)  # the NA spellings have 0, 3 or 4 bytes
        if pc.any(pc.is_in(sizes, value_set=pa.array([0, 3, 4], sizes.type))).as_py():
            blank = pc.is_in(stripped, value_set=pa.array(NA_TEXTS, type=stripped.type))
            stripped = pc.if_else(blank, pa.scalar(None, stripped.type), stripped)
        return pd.Series(pd.array(stripped, dtype="str"), index=s.index, name=s.name)
    s = s.astype("str").str.strip()
    return s.mask(s.isin(list(NA_TEXTS)))


def text_cells(raw: pd.Series) -> pd.Series:
    """:func:`blank_to_na` of the cells, a missing cell (of any kind) as empty text."""
    if isinstance(raw.dtype, pd.StringDtype):  # missing stays missing: no need to fill
        return blank_to_na(raw)
    return blank_to_na(raw.where(raw.notna(), ""))


def parse_ids(raw: pd.Series) -> pd.Series:
    """Identifiers as text (``1234.0`` read by a spreadsheet is ``"1234"``); empty as NA."""
    if pd.api.types.is_float_dtype(raw):
        # ids read as numbers by a spreadsheet: 1234.0 -> "1234"
        out = raw.map(
            lambda v: "" if pd.isna(v) else (str(int(v)) if float(v).is_integer() else str(v))
        )
        return blank_to_na(out)
    return text_cells(raw)


#: The days a ``datetime64[ns]`` column holds (pandas' nanosecond range, 1677 to 2262).
NS_RANGE = (pd.Timestamp.min.ceil("D"), pd.Timestamp.max.floor("D"))

#: Resolution of the dates read from text or date objects (years 1 to 9999).
_TEXT_UNIT = "datetime64[us]"

#: Formats tried in turn when no ``date_format`` is given.
DEFAULT_DATE_FORMATS = ("ISO8601", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")


def _is_date_object(value: object) -> bool:
    return isinstance(value, dt.date | np.datetime64)


def _iso_day(value: object) -> object:
    """A date object of a spreadsheet or Parquet file as ``YYYY-MM-DD`` (``""``: unreadable)."""
    if not _is_date_object(value):
        return value
    try:
        stamp = pd.Timestamp(value)  # type: ignore[arg-type]
    except (ValueError, OverflowError):
        return ""
    if stamp is pd.NaT or not 1 <= stamp.year <= 9999:
        return ""
    return f"{stamp.year:04d}-{stamp.month:02d}-{stamp.day:02d}"


def _read_text(text: pd.Series, formats: tuple[str, ...]) -> tuple[pd.Series, np.ndarray]:
    """Dates of the non-missing ``text`` and, per cell, the index of the format that read it.

    Each cell is read by the first of ``formats`` that reads it (index ``-1``: none).
    Each distinct text is read once: a column of a million dates holds a few thousand days.
    """
    present = text.notna().to_numpy()
    codes, uniques = pd.factorize(text[present])
    days = pd.Series(pd.NaT, index=range(len(uniques)), dtype=_TEXT_UNIT)
    found = np.full(len(uniques), -1, dtype=np.int8)
    for i, fmt in enumerate(formats):
        rest = found < 0
        if not rest.any():
            break
        parsed = pd.to_datetime(pd.Series(uniques[rest]), format=fmt, errors="coerce")
        days[rest] = parsed.astype(_TEXT_UNIT).to_numpy()
        found[rest & days.notna().to_numpy()] = i
    out = pd.Series(pd.NaT, index=text.index, dtype=_TEXT_UNIT)
    out[present] = days.to_numpy()[codes]
    which = np.full(len(text), -1, dtype=np.int8)
    which[present] = found[codes]
    return out, which


def _from_text(text: pd.Series, formats: tuple[str, ...]) -> pd.Series:
    """Dates of the non-missing ``text``, each by the first of ``formats`` that reads it."""
    return _read_text(text, formats)[0]


def _text_cells(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """``(text of each cell, NA when missing; mask of the date objects)`` of an object column.

    Date objects of a spreadsheet or Parquet file are written ``YYYY-MM-DD`` (``""``, so
    missing, when unreadable).
    """
    if isinstance(raw.dtype, pd.StringDtype):  # text only (a CSV): no date object
        return text_cells(raw), pd.Series(False, index=raw.index)
    cells = raw.astype("object")
    if pd.api.types.infer_dtype(cells, skipna=True) in ("string", "empty"):
        objects = pd.Series(False, index=raw.index)  # text only (a CSV): no date object
    else:
        objects = cells.map(_is_date_object).astype(bool)
    if objects.any():
        cells = cells.map(_iso_day)
    return blank_to_na(cells.where(cells.notna(), "")), objects


def _formats(opts: ParseOptions) -> tuple[str, ...]:
    """The text date formats in force: the one given, else :data:`DEFAULT_DATE_FORMATS`."""
    return (opts.date_format,) if opts.date_format else DEFAULT_DATE_FORMATS


def _column(
    raw: pd.Series, opts: ParseOptions
) -> tuple[pd.Series, pd.Series, pd.Series, np.ndarray]:
    """``(dates, unreadable, text cells, format of each text cell)`` of one date column.

    ``text cells`` is the text of the cells that are not date objects (NA elsewhere);
    the last item is the index in :func:`_formats` of the format that read each cell.
    """
    if pd.api.types.is_datetime64_any_dtype(raw):
        out = raw.dt.tz_localize(None) if getattr(raw.dt, "tz", None) is not None else raw
        none = pd.Series(pd.NA, index=raw.index, dtype="object")
        unread = pd.Series(False, index=raw.index)
        return _normalize(out), unread, none, np.full(len(raw), -1, dtype=np.int8)
    text, objects = _text_cells(raw)
    words = text.where(~objects)
    out, which = _read_text(words, _formats(opts))
    if objects.any():
        out[objects] = _from_text(text.where(objects), ("%Y-%m-%d",))[objects]
    return _normalize(out), text.notna() & out.isna(), words, which


def _normalize(dates: pd.Series) -> pd.Series:
    """``dates.dt.normalize()`` (each date at midnight), the column itself when it is."""
    unit, count = np.datetime_data(dates.dtype)
    ticks = dates.to_numpy().view("int64")
    per_day = np.timedelta64(1, "D") // np.timedelta64(count, unit)
    if (
        getattr(dates.dt, "tz", None) is None
        and not (ticks[~np.isnat(ticks.view(dates.dtype))] % per_day).any()
    ):
        return dates.copy()
    return dates.dt.normalize()


def date_values(raw: pd.Series, opts: ParseOptions) -> tuple[pd.Series, pd.Series]:
    """Dates of ``raw`` at the day, at a resolution that holds them all (year 9999 too).

    Returns ``(dates, unreadable)``: a ``datetime64`` Series of any unit (NaT where
    missing or unreadable) and the mask of the cells present but unreadable. Never
    raises: :func:`in_window` checks the dates against the plausible window before they
    become nanoseconds. Date objects of a spreadsheet or Parquet file are dates whatever
    ``date_format`` says; text is read with ``date_format``, else ISO 8601 and, failing
    that, ``dd/mm/yyyy`` (also with ``-`` or ``.``).

    Notes
    -----
    Each cell is read on its own: the format of a whole column is decided by
    :func:`read_date_columns`, which refuses a column this would read only in part.

    """
    dates, unreadable, _, _ = _column(raw, opts)
    return dates, unreadable


def in_window(
    dates: pd.Series, window: tuple[pd.Timestamp, pd.Timestamp] | None
) -> tuple[pd.Series, pd.Series]:
    """``(dates as datetime64[ns], mask of the dates outside window)``.

    ``window`` is ``(earliest, latest)``, both included, and always kept inside pandas'
    nanosecond range (:data:`NS_RANGE`); ``None`` is that range alone.
    """
    low, high = window or NS_RANGE
    low, high = max(pd.Timestamp(low), NS_RANGE[0]), min(pd.Timestamp(high), NS_RANGE[1])
    outside = dates.notna() & ((dates < low) | (dates > high))
    return dates.where(~outside).astype(cv.DATE_DTYPE), outside


def parse_dates(
    raw: pd.Series,
    opts: ParseOptions,
    window: tuple[pd.Timestamp, pd.Timestamp] | None = None,
) -> tuple[pd.Series, pd.Series]:
    """Parse a date column; return (``datetime64[ns]`` dates, mask of values not kept).

    A present value is not kept when it is unreadable or outside ``window``
    (``(earliest, latest)``; by default pandas' nanosecond range): never a traceback.
    :func:`date_values` and :func:`in_window` tell the two cases apart. A text column
    that another common format reads better (:func:`read_date_columns`) is not kept at
    all, never in part; an ambiguous one (every day at most 12) is read day first, the
    default: alone, a column cannot be disambiguated by the other dates of its file.
    """
    values, unreadable = read_date_columns({"": raw}, opts)[0][""]
    dates, outside = in_window(values, window)
    return dates, unreadable | outside


def read_date_columns(
    columns: Mapping[str, pd.Series], opts: ParseOptions
) -> tuple[dict[str, tuple[pd.Series, pd.Series]], list[DateMisfit]]:
    """Read the date columns of one table, the format of each decided as a whole.

    Parameters
    ----------
    columns : mapping of str to Series
        Column name -> raw cells (text, date objects or ``datetime64``): the date
        columns of one table, so of one file.
    opts : ParseOptions
        Its ``date_format``, or ``None`` for the defaults (ISO 8601, ``dd/mm/yyyy``).

    Returns
    -------
    (dict, list of DateMisfit)
        Column -> ``(dates, unreadable)`` as :func:`date_values`, and the columns the
        format does not fit (:func:`~recouvrement.ledger.date_formats.date_misfits`),
        which the caller refuses. A column another format reads better has all its
        text cells NaT and unreadable: never half kept. An ambiguous one is read day
        first.

    Notes
    -----
    The format is decided per column, with the evidence of all the date columns of
    the table: a column whose days are all at most 12 is read day first when another
    date column of the table has a day above 12. Tables taken from one file
    (``from:`` in ``recouvrement.yml``) are each decided on their own. Date objects of
    a spreadsheet or Parquet file are dates, whatever the format.

    Examples
    --------
    >>> us = pd.Series(["3/14/2025", "12/1/2025"])
    >>> read, misfits = read_date_columns({"issue_date": us}, ParseOptions())
    >>> misfits[0].likely, read["issue_date"][1].tolist()
    (('%m/%d/%Y',), [True, True])

    """
    read = {name: _column(raw, opts) for name, raw in columns.items()}
    given = {name: (d, words, which) for name, (d, _, words, which) in read.items()}
    misfits = date_misfits(given, _formats(opts), opts.date_format)
    refused = {m.column for m in misfits if not m.ambiguous}
    out = {}
    for name, (dates, unreadable, words, _) in read.items():
        if name in refused:
            dates, unreadable = dates.where(words.isna()), unreadable | words.notna()
        out[name] = (dates, unreadable)
    return out, misfits


#: Whole numbers beyond this are unreadable (a level, a count: never this large).
MAX_WHOLE = 10**9


def parse_numbers(raw: pd.Series, opts: ParseOptions) -> tuple[pd.Series, pd.Series]:
    """Parse a whole-number column (dunning levels); return (floats, mask of unreadable).

    ``1``, ``2.0`` or ``"3"`` are read; ``"1,5"``, ``inf`` or numbers beyond
    :data:`MAX_WHOLE` are unreadable (the caller sets fractions aside too).
    """
    if pd.api.types.is_numeric_dtype(raw) and not pd.api.types.is_bool_dtype(raw):
        values = raw.astype("float64")
        present = values.notna()
    else:
        text = text_cells(raw)
        present = text.notna()
        cleaned = text[present].str.replace(r"[\s\u00a0\u202f]", "", regex=True)
        if opts.decimal == ",":
            cleaned = cleaned.str.replace(",", ".", regex=False)
        values = pd.to_numeric(cleaned, errors="coerce").reindex(raw.index).astype("float64")
    plausible = np.isfinite(values) & (values.abs() <= MAX_WHOLE)
    values = values.where(plausible)
    return values, present & values.isna()


def parse_months(raw: pd.Series, opts: ParseOptions) -> tuple[pd.Series, pd.Series]:
    """Parse ``YYYY-MM`` / ``MM/YYYY`` / dates into ``period[M]``."""
    if isinstance(raw.dtype, pd.PeriodDtype):
        return raw.astype("period[M]"), pd.Series(False, index=raw.index)
    if pd.api.types.is_datetime64_any_dtype(raw) or (
        raw.dtype == object and raw.map(_is_date_object).any()
    ):
        values, bad = date_values(raw, opts)
        return values.dt.to_period("M"), bad
    text = text_cells(raw)
    out = _from_text(text, ("%Y-%m", "%m/%Y", "%Y/%m", "%m-%Y"))
    rest = out.isna() & text.notna()
    if rest.any():
        dates, _ = date_values(text[rest], opts)
        out[rest] = dates.astype(_TEXT_UNIT)
    return out.dt.to_period("M"), text.notna() & out.isna()
