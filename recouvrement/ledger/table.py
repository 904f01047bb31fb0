"""The work state of one table while a ledger is built, and the coercion of its columns.

A :class:`WorkTable` holds the canonical columns of one input table plus the source
row number of each row (column :data:`ROW`); :meth:`WorkTable.flag` records a problem
for rows and sets them aside or marks them repaired. :func:`coerce` types every
canonical column with :mod:`recouvrement.ledger.parse` and flags what cannot be read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from recouvrement import conventions as cv
from recouvrement.ledger.parse import (
    KIND_SYNONYMS,
    ParseOptions,
    blank_to_na,
    parse_dates,
    parse_ids,
    parse_months,
    parse_numbers,
)

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
        """Boolean mask of rows not (yet) set aside."""
        return ~self.frame[ROW].isin(self.set_aside)


def show_value(value: Any) -> str:
    """A raw value as quoted in the quality table (dates ISO, missing as ``""``)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    return str(value)


_PARSE_REASON = {
    "date": "date illisible",
    "money": "montant illisible",
    "int": "nombre entier illisible",
    "month": "mois illisible (attendu AAAA-MM)",
}


def coerce(table: WorkTable, opts: ParseOptions) -> None:
    """Coerce every canonical column of ``table.frame`` in place (on a copy)."""
    df = table.frame
    raw = df.copy()
    table.raw = raw
    for col, kind in cv.column_types(table.name).items():
        if kind == "id":
            df[col] = parse_ids(raw[col])
        elif kind == "text":
            df[col] = blank_to_na(raw[col].where(raw[col].notna(), ""))
        elif kind == "kind":
            text = blank_to_na(raw[col].where(raw[col].notna(), ""))
            mapped = text.str.lower().map(KIND_SYNONYMS)
            unknown = text.notna() & mapped.isna()
            table.flag(
                df.loc[unknown, ROW],
                col,
                raw.loc[unknown, col],
                "type de débiteur inconnu (attendu professionnel ou particulier) : "
                "laissé non renseigné",
                REPAIRED,
            )
            df[col] = mapped
        elif kind == "date":
            df[col], bad = parse_dates(raw[col], opts)
            table.flag(df.loc[bad, ROW], col, raw.loc[bad, col], _PARSE_REASON[kind], SET_ASIDE)
        elif kind == "month":
            df[col], bad = parse_months(raw[col], opts)
            table.flag(df.loc[bad, ROW], col, raw.loc[bad, col], _PARSE_REASON[kind], SET_ASIDE)
        elif kind in ("money", "int"):
            values, bad = parse_numbers(raw[col], opts)
            if kind == "int":
                frac = values.notna() & (values != values.round())
                bad = bad | frac
                values = values.where(~frac)
            table.flag(df.loc[bad, ROW], col, raw.loc[bad, col], _PARSE_REASON[kind], SET_ASIDE)
            if kind == "money":
                cents = values * 100
                sub_cent = values.notna() & ((cents - cents.round()).abs() > 1e-6) & ~bad
                table.flag(
                    df.loc[sub_cent, ROW],
                    col,
                    raw.loc[sub_cent, col],
                    "montant à plus de deux décimales : arrondi au centime",
                    REPAIRED,
                )
                values = values.round(2)
                df[col] = values
            else:
                df[col] = values.astype("Int64")
    table.frame = df


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
