"""Reading a money column into exact integer cents, its decimal separator decided once.

A money cell is text (``1 234,56``, ``1,234.56 €``, ``EUR 1500``...) or a number read
by a spreadsheet or Parquet reader. :func:`parse_money` reads a whole column:

- the **decimal separator** is decided for the column, not per value: the one given
  (:attr:`~recouvrement.ledger.ParseOptions.decimal`), otherwise the one the
  unambiguous values show (:func:`column_decimal`): ``1234,56`` shows ``,``,
  ``1,234.5`` shows ``.``, ``1.234.567`` shows ``,`` (``.`` repeated: thousands),
  while ``1,500`` or ``12,345`` show nothing (thousands or decimals?). The majority
  wins; with no evidence the separator is ``.``. Spaces (also U+00A0, U+202F), ``'``
  and ``’`` are thousands separators; the other of ``,``/``.`` is one too, between
  groups of exactly three digits only. A value that does not follow the column's
  separator (``1,5`` in a ``.`` column, ``1,50,0``) is unreadable, never guessed;
- **currency** signs and codes (``€ $ £`` and the ISO codes the ECB quotes, ``EUR USD
  GBP CHF JPY``..., before or after the number) are taken off and returned: the ledger
  takes them as the row's currency when its currency cell is empty, and sets the row
  aside when they contradict it;
- text is read with :class:`decimal.Decimal` straight to integer cents (no float on the
  way); numbers are taken as the shortest decimal that prints them (what the user
  typed). More than two decimals are rounded half away from zero;
- non-finite values (``inf``, ``nan`` written out, ``Infinity``) and amounts above the
  ceiling (:attr:`~recouvrement.conventions.Limits.max_amount`) are unreadable.
"""

from __future__ import annotations

from decimal import InvalidOperation

import numpy as np
import pandas as pd

from recouvrement.ledger.money_cells import (
    CURRENCY_TOKENS,
    ECB_CODES,
    MAX_EXACT_EUROS,
    MISSING_TEXTS,
    NOT_FINITE,
    SUB_CENT,
    UNREADABLE,
    Amounts,
    Cell,
    ceiling_problem,
    column_decimal,
    evidence,
    number_to_decimal,
    read_cell,
    separator_problem,
    split_cell,
    text_cell,
    to_cents,
    to_decimal,
)
from recouvrement.ledger.money_text import text_amounts

__all__ = [
    "CURRENCY_TOKENS",
    "ECB_CODES",
    "MAX_EXACT_EUROS",
    "MISSING_TEXTS",
    "NOT_FINITE",
    "SUB_CENT",
    "UNREADABLE",
    "Amounts",
    "Cell",
    "ceiling_problem",
    "cell_amounts",
    "column_decimal",
    "euros",
    "evidence",
    "parse_money",
    "separator_problem",
    "split_cell",
    "to_decimal",
]


def parse_money(raw: pd.Series, decimal: str | None, max_amount: int) -> Amounts:
    """Read a money column into exact cents (see the module docstring).

    Parameters
    ----------
    raw : Series
        Cells as read: text, numbers (also a numeric column), missing values.
    decimal : {",", ".", None}
        The column's decimal separator; ``None``: decided from the values.
    max_amount : int
        Ceiling in euros: an amount whose absolute value is above it is unreadable
        (:func:`ceiling_problem`); capped at :data:`MAX_EXACT_EUROS`.

    Returns
    -------
    Amounts

    """
    ceiling = min(int(max_amount), MAX_EXACT_EUROS)
    if pd.api.types.is_numeric_dtype(raw) and not pd.api.types.is_bool_dtype(raw):
        return _numeric_column(raw, ceiling)
    text = text_amounts(raw, decimal, ceiling)  # a column of text only, read at once
    return text if text is not None else cell_amounts(raw, decimal, ceiling)


def cell_amounts(raw: pd.Series, decimal: str | None, ceiling: int) -> Amounts:
    """A money column read cell by cell (text, numbers, anything): the reference reading.

    :func:`parse_money` reads a numeric column and a column of text at once, with the
    same result; this reads the others (a spreadsheet column mixing numbers and text).
    ``ceiling`` is in euros, already capped at :data:`MAX_EXACT_EUROS`.
    """
    values = raw.astype("object").tolist()
    seen: dict[str, Cell | str | None] = {}
    cells = [text_cell(v, seen) for v in values]
    if decimal is None:
        decimal = column_decimal([c.body for c in cells if isinstance(c, Cell)])
    read: dict[str, tuple[int | None, str | None, bool, str | None]] = {}
    out = []
    for cell, v in zip(cells, values, strict=True):
        if isinstance(cell, Cell) and isinstance(v, str):
            key = v.strip()
            if key not in read:
                read[key] = read_cell(cell, key, decimal, ceiling)
            out.append(read[key])
        elif cell is None:
            out.append((None, None, False, None))
        elif isinstance(cell, str | bool | np.bool_):
            out.append((None, UNREADABLE, False, None))
        else:
            try:
                amount = number_to_decimal(cell)
            except (TypeError, ValueError, OverflowError, InvalidOperation):
                amount = UNREADABLE
            out.append((*to_cents(amount, ceiling), None))
    columns = [list(col) for col in zip(*out, strict=True)] if out else [[], [], [], []]
    cents, problems, sub_cent, currency = columns
    index = raw.index
    return Amounts(
        cents=pd.Series(pd.array(cents, dtype="Int64"), index=index),
        problem=pd.Series(problems, index=index, dtype="object"),
        sub_cent=pd.Series(sub_cent, index=index, dtype="bool"),
        currency=pd.Series(currency, index=index, dtype="object"),
        decimal=decimal,
    )


#: Below this (euros), a float times 100 is within 10⁻⁶ of its cents when it has ≤ 2 decimals.
_FLOAT_EXACT = 1e13


def _numeric_column(raw: pd.Series, ceiling: int) -> Amounts:
    """A numeric column (spreadsheet, Parquet) to cents, vectorised; odd values one by one."""
    n = len(raw)
    index = raw.index
    problems = np.full(n, None, dtype=object)
    cents = np.zeros(n, dtype="int64")
    known = np.zeros(n, dtype=bool)
    sub_cent = np.zeros(n, dtype=bool)
    big = np.zeros(n, dtype=bool)
    if pd.api.types.is_integer_dtype(raw):
        for i, value in enumerate(raw.astype("object").tolist()):
            if value is None or value is pd.NA:
                continue
            if abs(int(value)) > ceiling:
                big[i] = True
            else:
                cents[i], known[i] = int(value) * 100, True
    else:
        x = raw.to_numpy(dtype="float64", na_value=np.nan)
        present = ~np.isnan(x)
        finite = np.isfinite(x)
        problems[present & ~finite] = NOT_FINITE
        big = finite & (np.abs(x) > ceiling)
        with np.errstate(invalid="ignore", over="ignore"):
            c = x * 100
            r = np.rint(c)
            fast = finite & ~big & (np.abs(x) < _FLOAT_EXACT) & (np.abs(c - r) <= 1e-6)
        cents[fast] = r[fast].astype("int64")
        known = fast.copy()
        for i in np.flatnonzero(finite & ~big & ~fast):
            value, problem, rounded = to_cents(number_to_decimal(x[i]), ceiling)
            if value is not None:
                cents[i], known[i], sub_cent[i] = value, True, rounded
            else:
                problems[i] = problem
    problems[big] = ceiling_problem(ceiling)
    return Amounts(
        cents=pd.Series(pd.arrays.IntegerArray(cents, ~known), index=index, copy=False),
        problem=pd.Series(problems, index=index, dtype="object", copy=False),
        sub_cent=pd.Series(sub_cent, index=index, dtype="bool", copy=False),
        currency=pd.Series(np.full(n, None, dtype=object), index=index, dtype=object, copy=False),
        decimal=".",
    )


def euros(cents: pd.Series) -> pd.Series:
    """``Int64`` cents as float euros (``cents / 100``, the nearest float), NaN if missing."""
    return pd.Series(
        cents.to_numpy(dtype="float64", na_value=np.nan) / 100, index=cents.index, name=cents.name
    )
