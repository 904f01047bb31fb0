"""The work state of one table while a ledger is built, and the coercion of its columns.

A :class:`WorkTable` holds the canonical columns of one input table plus the source
row number of each row (column :data:`ROW`); :meth:`WorkTable.flag` records a problem
for rows and sets them aside or marks them repaired. :func:`coerce` types every
canonical column with :mod:`recouvrement.ledger.parse`,
:mod:`~recouvrement.ledger.parse_amounts` and :mod:`~recouvrement.ledger.parse_text`,
and flags what cannot be read, what lies outside the plausible limits and what it
repaired.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from recouvrement import conventions as cv
from recouvrement.ledger.errors import LedgerError
from recouvrement.ledger.parse import (
    KIND_SYNONYMS,
    ParseOptions,
    in_window,
    parse_ids,
    parse_months,
    parse_numbers,
    read_date_columns,
    text_cells,
)
from recouvrement.ledger.parse_amounts import SUB_CENT, euros, parse_money
from recouvrement.ledger.parse_text import CONTROL_PROBLEM, escape_controls, strip_controls

QUALITY_COLUMNS = ["table", "source", "row", "column", "value", "problem", "action"]
COUNT_COLUMNS = ["table", "source", "read", "kept", "set_aside", "repaired"]

SET_ASIDE = "écartée"
REPAIRED = "corrigée"

#: Column of the source row number (file line) of each row while a ledger is built.
ROW = "_row"


@dataclass
class WorkTable:
    """Work state of one table while a ledger is built."""

    name: str
    source: str
    frame: pd.DataFrame  # canonical columns + _row
    read: int
    problems: list[dict[str, Any]] = field(default_factory=list)
    set_aside: set[int] = field(default_factory=set)
    repaired: set[int] = field(default_factory=set)
    raw: pd.DataFrame | None = None  # the values as read, to quote them in the quality table
    cents: dict[str, pd.Series] = field(default_factory=dict)  # money column -> Int64 cents
    money_currency: dict[str, pd.Series] = field(default_factory=dict)  # currency in the cells
    _alive: tuple | None = field(default=None, repr=False)  # (key, mask) of alive()

    def flag(
        self,
        rows: pd.Series | np.ndarray | list,
        column: str,
        values: Any,
        problem: str,
        action: str,
    ) -> None:
        """Record ``problem`` for ``rows`` (source row numbers); set aside or mark repaired."""
        rows = list(pd.Series(rows).astype("int64"))
        if not rows:
            return
        if isinstance(values, pd.Series):
            vals = [show_value(v) for v in values.tolist()]
        else:
            vals = [show_value(values)] * len(rows)
        for r, v in zip(rows, vals, strict=True):
            self.problems.append(
                {
                    "table": self.name,
                    "source": self.source,
                    "row": r,
                    "column": column,
                    "value": v,
                    "problem": problem,
                    "action": action,
                }
            )
        (self.set_aside if action == SET_ASIDE else self.repaired).update(rows)

    def alive(self) -> pd.Series:
        """Boolean mask of rows not (yet) set aside (a new Series at each call)."""
        rows = self.frame[ROW]
        cached = self._alive  # (frame, rows set aside, mask): set_aside only grows
        if cached is None or cached[0] is not self.frame or cached[1] != len(self.set_aside):
            mask = ~rows.isin(self.set_aside) if self.set_aside else pd.Series(True, rows.index)
            cached = self._alive = (self.frame, len(self.set_aside), mask.to_numpy(dtype=bool))
        return pd.Series(cached[2].copy(), index=rows.index, name=ROW)


def quality_amounts(tables: dict[str, WorkTable], quality: pd.DataFrame) -> pd.Series:
    """The amount (euros, exact cents) of each quality line's row, aligned with it.

    NaN when the row's table has no ``amount`` or its amount could not be read (the
    € impact of that line cannot be stated).
    """
    out = pd.Series(np.nan, index=quality.index, dtype="float64")
    for name, t in tables.items():
        cents = t.cents.get("amount")
        if cents is None or not len(cents):
            continue
        values = cents.to_numpy(dtype="float64", na_value=np.nan)
        by_row = pd.Series(values, index=t.frame[ROW].to_numpy())
        by_row = by_row[~by_row.index.duplicated()]
        mine = quality["table"] == name
        out[mine] = quality.loc[mine, "row"].map(by_row).to_numpy() / 100
    return out


def show_value(value: Any) -> str:
    r"""A raw value as quoted in the quality table (dates ISO, missing as ``""``).

    Control characters are escaped (``\x00``): a value always prints on one line.
    """
    if value is None or (not isinstance(value, str) and _is_missing(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    return escape_controls(str(value))


def _is_missing(value: Any) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


_PARSE_REASON = {
    "date": "date illisible",
    "int": "nombre entier illisible",
    "month": "mois illisible (attendu AAAA-MM)",
}


def window_problem(window: tuple[pd.Timestamp, pd.Timestamp]) -> str:
    """The problem of a date outside the plausible window, naming it and the fix."""
    low, high = window
    return (
        f"date hors de la plage admise (du {low:%d/%m/%Y} au {high:%d/%m/%Y}) : à corriger, "
        "ou élargir limits.date_min / limits.date_max dans recouvrement.yml"
    )


def coerce(
    table: WorkTable,
    opts: ParseOptions,
    limits: cv.Limits,
    window: tuple[pd.Timestamp, pd.Timestamp],
) -> None:
    """Coerce every canonical column of ``table.frame`` in place (on a copy).

    Ids and text lose their control characters (repaired), dates outside ``window`` and
    amounts above ``limits.max_amount`` are set aside like unreadable values; the exact
    cents of each money column are kept in ``table.cents``, the currency written in its
    cells in ``table.money_currency``.

    Raises
    ------
    LedgerError
        A text date column its format does not fit: another common format reads it
        better (US ``3/14/2025`` read day first), or, with no ``date_format``, it reads
        as well day first as month first. One French message per column, naming the
        table, the file, the column, examples, the likely format and the fix.

    Notes
    -----
    The format of the date columns is decided per column, before any row is set aside,
    with the evidence of every date column of the table
    (:func:`~recouvrement.ledger.parse.read_date_columns`): a column is refused whole,
    never half kept; an isolated unreadable date only sets its row aside.

    """
    df = table.frame
    raw = df.copy(deep=False)  # copy-on-write: raw keeps the values as read
    table.raw = raw
    kinds = cv.column_types(table.name)
    dates, misfits = read_date_columns(
        {col: raw[col] for col, kind in kinds.items() if kind == "date"}, opts
    )
    if misfits:
        raise LedgerError([m.message(table.name, table.source) for m in misfits])
    for col, kind in kinds.items():
        if kind in ("id", "text", "kind"):
            cells, hit = strip_controls(raw[col], free_text=kind != "id")
            table.flag(df.loc[hit, ROW], col, raw.loc[hit, col], CONTROL_PROBLEM, REPAIRED)
            if kind == "id":
                df[col] = parse_ids(cells)
            elif kind == "text":
                df[col] = text_cells(cells)
            else:
                df[col] = _kinds(table, col, cells, raw[col])
        elif kind == "date":
            values, bad = dates[col]
            table.flag(df.loc[bad, ROW], col, raw.loc[bad, col], _PARSE_REASON[kind], SET_ASIDE)
            df[col], outside = in_window(values, window)
            table.flag(
                df.loc[outside, ROW], col, raw.loc[outside, col], window_problem(window), SET_ASIDE
            )
        elif kind == "month":
            months, bad = parse_months(raw[col], opts)
            table.flag(df.loc[bad, ROW], col, raw.loc[bad, col], _PARSE_REASON[kind], SET_ASIDE)
            low, high = (pd.Period(d, "M") for d in window)
            outside = months.notna() & ((months < low) | (months > high))
            table.flag(
                df.loc[outside, ROW], col, raw.loc[outside, col], window_problem(window), SET_ASIDE
            )
            df[col] = months.where(~outside)
        elif kind == "money":
            _money(table, col, raw[col], opts, limits)
        else:  # int
            values, bad = parse_numbers(raw[col], opts)
            frac = values.notna() & (values != values.round())
            bad = bad | frac
            values = values.where(~frac)
            table.flag(df.loc[bad, ROW], col, raw.loc[bad, col], _PARSE_REASON[kind], SET_ASIDE)
            df[col] = values.astype("Int64")
    table.frame = df


def _kinds(table: WorkTable, col: str, cells: pd.Series, raw: pd.Series) -> pd.Series:
    """A debtor-kind column: synonyms mapped, unknown kinds left empty (repaired)."""
    df = table.frame
    text = text_cells(cells)
    mapped = text.str.lower().map(KIND_SYNONYMS)
    unknown = text.notna() & mapped.isna()
    table.flag(
        df.loc[unknown, ROW],
        col,
        raw[unknown],
        "type de débiteur inconnu (attendu professionnel, particulier ou public) : laissé non "
        "renseigné",
        REPAIRED,
    )
    return mapped


def _money(
    table: WorkTable, col: str, raw: pd.Series, opts: ParseOptions, limits: cv.Limits
) -> None:
    """A money column: exact cents, unreadable cells set aside, sub-cent ones rounded."""
    df = table.frame
    amounts = parse_money(raw, opts.decimal, limits.max_amount)
    bad = amounts.problem.notna()
    for problem, rows in amounts.problem[bad].groupby(amounts.problem[bad], sort=False):
        idx = rows.index
        table.flag(df.loc[idx, ROW], col, raw[idx], str(problem), SET_ASIDE)
    sub_cent = amounts.sub_cent & ~bad
    table.flag(df.loc[sub_cent, ROW], col, raw[sub_cent], SUB_CENT, REPAIRED)
    table.cents[col] = amounts.cents
    table.money_currency[col] = amounts.currency
    df[col] = euros(amounts.cents)


_EMPTY_DTYPES = {
    "id": "str",
    "text": "str",
    "kind": "str",
    "date": cv.DATE_DTYPE,
    "money": "float64",
    "int": "Int64",
    "month": "period[M]",
}


def empty_typed(table: str) -> pd.DataFrame:
    """An empty frame with the canonical columns and dtypes of ``table``."""
    frame = pd.DataFrame(
        {c: pd.Series([], dtype=_EMPTY_DTYPES[k]) for c, k in cv.column_types(table).items()}
    )
    frame[ROW] = pd.Series([], dtype="int64")
    return frame
