"""Reading raw cell values: identifiers, dates, amounts, months, debtor kinds.

Each parser takes a raw column (text as read from a file, or already typed by a
spreadsheet or Parquet reader) and returns the typed values with a mask of the cells
that were present but could not be read, so the caller can set those rows aside and
quote the value. Nothing is guessed silently: an unreadable value is never a 0.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from recouvrement import conventions as cv

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
}


@dataclass(frozen=True)
class ParseOptions:
    """How text values are parsed.

    Attributes
    ----------
    date_format : str or None
        A ``strptime`` format (e.g. ``"%d/%m/%Y"``, ``"%m/%d/%Y"``). ``None``
        accepts ISO 8601 and, failing that, ``dd/mm/yyyy`` (the French form);
        US ``m/d/yyyy`` dates are only read when this format says so.
    decimal : str or None
        ``","`` or ``"."``. ``None`` decides per value: the last of ``,``/``.``
        is the decimal separator, the other one a thousands separator.

    """

    date_format: str | None = None
    decimal: str | None = None


def blank_to_na(s: pd.Series) -> pd.Series:
    """Text of each cell, stripped; empty cells and NA spellings (``nan``, ``None``...) as NA."""
    s = s.astype("str").str.strip()
    return s.mask(s.isin(["", "nan", "NaN", "None", "NaT", "<NA>"]))


def parse_ids(raw: pd.Series) -> pd.Series:
    """Identifiers as text (``1234.0`` read by a spreadsheet is ``"1234"``); empty as NA."""
    if pd.api.types.is_float_dtype(raw):
        # ids read as numbers by a spreadsheet: 1234.0 -> "1234"
        out = raw.map(
            lambda v: "" if pd.isna(v) else (str(int(v)) if float(v).is_integer() else str(v))
        )
        return blank_to_na(out)
    return blank_to_na(raw.where(raw.notna(), ""))


def parse_dates(raw: pd.Series, opts: ParseOptions) -> tuple[pd.Series, pd.Series]:
    """Parse a date column; return (dates, mask of present-but-unparseable values)."""
    if pd.api.types.is_datetime64_any_dtype(raw):
        out = raw.dt.tz_localize(None) if getattr(raw.dt, "tz", None) is not None else raw
        return out.dt.normalize().astype(cv.DATE_DTYPE), pd.Series(False, index=raw.index)
    text = blank_to_na(raw.where(raw.notna(), ""))
    present = text.notna()
    if opts.date_format:
        out = pd.to_datetime(text, format=opts.date_format, errors="coerce")
    else:
        out = pd.to_datetime(text, format="ISO8601", errors="coerce")
        rest = out.isna() & present
        if rest.any():
            for fmt in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
                parsed = pd.to_datetime(text[rest], format=fmt, errors="coerce")
                out = out.where(~rest, parsed.reindex(out.index))
                rest = out.isna() & present
                if not rest.any():
                    break
    out = pd.Series(out, index=raw.index).dt.normalize().astype(cv.DATE_DTYPE)
    return out, present & out.isna()


_SPACES = str.maketrans("", "", " \u00a0\u202f\u2009€$")


def normalise_number(text: str, decimal: str | None) -> str:
    """An amount written ``1 234,56`` or ``1,234.56`` as ``1234.56`` (``decimal`` None: guessed)."""
    t = text.translate(_SPACES)
    if decimal == ",":
        return t.replace(".", "").replace(",", ".")
    if decimal == ".":
        return t.replace(",", "")
    # auto: the last of ',' / '.' is the decimal separator if the other is present
    if "," in t and "." in t:
        return (
            t.replace(".", "").replace(",", ".")
            if t.rfind(",") > t.rfind(".")
            else t.replace(",", "")
        )
    if t.count(",") == 1:
        return t.replace(",", ".")
    return t


def parse_numbers(raw: pd.Series, opts: ParseOptions) -> tuple[pd.Series, pd.Series]:
    """Parse a numeric column; return (float values, mask of present-but-unparseable)."""
    if pd.api.types.is_numeric_dtype(raw) and not pd.api.types.is_bool_dtype(raw):
        return raw.astype("float64"), pd.Series(False, index=raw.index)
    text = blank_to_na(raw.where(raw.notna(), ""))
    present = text.notna()
    cleaned = text[present].map(lambda v: normalise_number(v, opts.decimal))
    values = pd.to_numeric(cleaned, errors="coerce").reindex(raw.index).astype("float64")
    return values, present & values.isna()


def parse_months(raw: pd.Series, opts: ParseOptions) -> tuple[pd.Series, pd.Series]:
    """Parse ``YYYY-MM`` / ``MM/YYYY`` / dates into ``period[M]``."""
    if isinstance(raw.dtype, pd.PeriodDtype):
        return raw.astype("period[M]"), pd.Series(False, index=raw.index)
    if pd.api.types.is_datetime64_any_dtype(raw):
        return raw.dt.to_period("M"), pd.Series(False, index=raw.index)
    text = blank_to_na(raw.where(raw.notna(), ""))
    present = text.notna()
    out = pd.to_datetime(text, format="%Y-%m", errors="coerce")
    for fmt in ("%m/%Y", "%Y/%m", "%m-%Y"):
        rest = out.isna() & present
        if not rest.any():
            break
        out = out.where(
            ~rest, pd.to_datetime(text[rest], format=fmt, errors="coerce").reindex(out.index)
        )
    rest = out.isna() & present
    if rest.any():
        dates, _ = parse_dates(text[rest], opts)
        out = out.where(~rest, dates.reindex(out.index))
    out = pd.Series(pd.to_datetime(out), index=raw.index)
    return out.dt.to_period("M"), present & out.isna()
