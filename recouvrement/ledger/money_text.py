"""A column of text amounts read at once with Arrow, exactly as cell by cell.

:func:`~recouvrement.ledger.parse_amounts.parse_money` reads a column holding only
text (a CSV's) with :func:`text_amounts`. Reading a million cells one by one with
:class:`decimal.Decimal` takes seconds; but nearly all the cells of an export are
plain numbers. Those are read here with whole-column operations, and every other cell
with the cell-by-cell reader of :mod:`~recouvrement.ledger.money_cells`, so the result
is the same, cell for cell. Each cell is stripped as :meth:`str.strip` strips it
(Arrow's ``utf8_trim_whitespace`` removes the same characters, checked by the tests),
then it is:

- **missing**: empty, ``None``, ``NaT`` or ``<NA>`` (``MISSING_TEXTS``);
- **plain** for the column's decimal separator ``D`` (the other one is ``T``): a sign
  or none, an integer part of 1 to 15 digits, plain (``1234``), grouped by three with
  a space or a quote (``1 234``, ``1’234``: what the cell reader removes) or with
  ``T`` (``1.234`` in a ``,`` column), then ``D`` and one or two decimals, or nothing.
  The cell reader reads these as their digits, times 100, 10 or 1 (with ``T``: through
  :class:`~decimal.Decimal`, to the same cents). Here the digits are read from the
  UTF-8 bytes with numpy (:func:`plain_cents`), exactly, in int64 (17 digits at most);
- anything else (three decimals to round, a separator the column does not use,
  currency signs, ``nan``, letters, non-ASCII digits...): the cell reader.

Without a given separator, the column's is the majority of the separators its cells
show (:func:`~recouvrement.ledger.money_cells.evidence`,
:func:`~recouvrement.ledger.money_cells.majority_decimal`). A plain cell shows ``D``
when it has decimals, or when ``T`` groups it at least twice (``1.234.567`` shows
``,``), nothing otherwise: the plain cells of both separators are counted by pattern,
the others by the cell reader.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from recouvrement.ledger.money_cells import (
    MISSING_TEXTS,
    UNREADABLE,
    Amounts,
    Cell,
    ceiling_problem,
    evidence,
    majority_decimal,
    read_cell,
    text_cell,
)
from recouvrement.ledger.parse_text import PY_SPACE, chunk_bytes

#: What the cell reader removes from a number (``_GROUPING`` of the cell grammar).
_GROUP = "[" + "".join(f"\\x{{{ord(c):x}}}" for c in PY_SPACE + "'\u2019") + "]"
#: 10**e for the digits of an int64.
_POWERS = 10 ** np.arange(19, dtype=np.int64)


def _integer(t: str) -> str:
    """An integer part: plain, grouped by a space or quote, or grouped by ``t``."""
    grouped = "|".join(rf"[0-9]{{1,3}}(?:{sep}[0-9]{{3}}){{1,4}}" for sep in (_GROUP, t))
    return rf"(?:[0-9]{{1,15}}|{grouped})"


def _plain(decimal: str) -> str:
    """A plain cell of a ``decimal`` column (module docstring), as an RE2 pattern."""
    d, t = re.escape(decimal), re.escape("," if decimal == "." else ".")
    return rf"^[+-]?{_integer(t)}(?:{d}[0-9]{{1,2}})?$"


_PLAIN = {d: _plain(d) for d in (",", ".")}


def _text_array(raw: pd.Series) -> pa.Array | None:
    """The cells as an Arrow string array (null where missing); ``None`` if not all text."""
    if isinstance(raw.dtype, pd.StringDtype):
        cells = raw.array
    elif raw.dtype == object and pd.api.types.infer_dtype(raw, skipna=True) in (
        "string",
        "empty",
    ):
        cells = raw.to_numpy(dtype=object)
    else:
        return None
    try:
        array = pa.array(cells, type=pa.string(), from_pandas=True)
    except (pa.ArrowException, TypeError, ValueError):
        return None
    return array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array


def _mask(values: pa.Array, pattern: str) -> np.ndarray:
    """Cells matching ``pattern`` (an RE2 pattern); a missing cell does not."""
    found = pc.fill_null(pc.match_substring_regex(values, pattern), False)
    return found.to_numpy(zero_copy_only=False)


def plain_cents(cells: pa.Array, decimal: str) -> np.ndarray:
    """The cents of plain cells (module docstring) of a ``decimal`` column, from their bytes.

    Parameters
    ----------
    cells : pyarrow StringArray
        Stripped plain cells, none missing.
    decimal : str
        The column's decimal separator.

    Returns
    -------
    ndarray of int64
        Sign × digits × 10 ** (2 - decimals), exact (at most 17 digits).

    Notes
    -----
    Horner's rule over the byte positions: at position ``j`` of every cell at once, a
    digit ``c`` makes the number ``10 × number + c`` (the other bytes leave it), and
    counts as a decimal once the column's separator has been passed.

    """
    data, bounds = chunk_bytes(cells)
    starts, lengths = bounds[:-1], np.diff(bounds)
    number = np.zeros(len(starts), dtype=np.int64)
    decimals = np.zeros(len(starts), dtype=np.int64)
    passed = np.zeros(len(starts), dtype=bool)
    last = max(len(data) - 1, 0)
    for j in range(int(lengths.max()) if len(starts) else 0):
        inside = j < lengths
        byte = data[np.minimum(starts + j, last)]
        digit = inside & (byte >= 0x30) & (byte <= 0x39)
        number = np.where(digit, number * 10 + (byte.astype(np.int64) - 0x30), number)
        decimals += digit & passed
        passed |= inside & (byte == ord(decimal))
    sign = np.where(data[starts] == ord("-"), -1, 1) if len(starts) else np.ones(0, np.int64)
    return sign * number * _POWERS[2 - decimals]


def text_amounts(raw: pd.Series, decimal: str | None, ceiling: int) -> Amounts | None:
    """Read a money column of text at once (module docstring); ``None`` if not all text.

    Parameters
    ----------
    raw : Series
        The cells: text (pandas ``str`` or ``object``) and missing values only.
    decimal : {",", ".", None}
        The column's decimal separator; ``None``: decided from the values.
    ceiling : int
        Euros, already capped (``MAX_EXACT_EUROS``).

    Returns
    -------
    Amounts or None
        As :func:`~recouvrement.ledger.parse_amounts.cell_amounts` reads the column;
        ``None`` for a column holding something else than text.

    """
    array = _text_array(raw)
    if array is None:
        return None
    n = len(array)
    text = pc.utf8_trim_whitespace(array)
    missing = pc.or_(pc.is_null(text), pc.is_in(text, pa.array(sorted(MISSING_TEXTS))))
    missing = missing.to_numpy(zero_copy_only=False)
    if missing.all():  # an empty column (an optional one the file lacks)
        return _amounts(raw.index, np.zeros(n, "int64"), np.zeros(n, bool), decimal or ".")
    plain = {d: _mask(text, _PLAIN[d]) for d in ((decimal,) if decimal else (",", "."))}
    others = np.flatnonzero(~missing & ~np.logical_or.reduce(list(plain.values())))
    values = array.take(pa.array(others, type=pa.int64())).to_pylist()
    seen: dict[str, Cell | str | None] = {}
    cells = [text_cell(v, seen) for v in values]
    if decimal is None:
        shown = [evidence(c.body) for c in cells if isinstance(c, Cell)]
        count = {d: pc.count_substring(text, d).to_numpy(zero_copy_only=False) for d in plain}
        # a plain cell shows its column's separator when it holds it (its decimals), or
        # when the other groups it twice or more (1.234.567); nothing otherwise
        votes = {
            d: int((plain[d] & ((count[d] > 0) | (count[t] > 1))).sum()) + shown.count(d)
            for d, t in ((",", "."), (".", ","))
        }
        decimal = majority_decimal(votes[","], votes["."])

    cents = np.zeros(n, dtype="int64")
    known = np.zeros(n, dtype=bool)
    problems = np.full(n, None, dtype=object)
    sub_cent = np.zeros(n, dtype=bool)
    currency = np.full(n, None, dtype=object)
    fast = plain[decimal]
    rows = np.flatnonzero(fast)
    value = plain_cents(text.filter(pa.array(fast)), decimal)
    over = np.abs(value) > ceiling * 100
    cents[rows[~over]], known[rows[~over]] = value[~over], True
    problems[rows[over]] = ceiling_problem(ceiling)

    slow = np.flatnonzero(~missing & ~fast)
    if len(slow) > len(others):  # plain for the other separator only: one by one too
        others = slow
        values = array.take(pa.array(others, type=pa.int64())).to_pylist()
        cells = [text_cell(v, seen) for v in values]
    read: dict[str, tuple[int | None, str | None, bool, str | None]] = {}
    for row, cell, value_text in zip(others, cells, values, strict=True):
        if isinstance(cell, Cell):
            key = value_text.strip()
            if key not in read:
                read[key] = read_cell(cell, key, decimal, ceiling)
            found, problems[row], sub_cent[row], currency[row] = read[key]
            if found is not None:
                cents[row], known[row] = found, True
        elif cell is not None:
            problems[row] = UNREADABLE
    return _amounts(raw.index, cents, known, decimal, problems, sub_cent, currency)


def _amounts(index, cents, known, decimal, problems=None, sub_cent=None, currency=None) -> Amounts:
    """The :class:`Amounts` of a column read (``None``: no problem, sub-cent or currency).

    The arrays are the caller's own, new: the Series take them without a copy.
    """
    n = len(index)
    nothing = np.full(n, None, dtype=object) if problems is None or currency is None else None
    return Amounts(
        cents=pd.Series(pd.arrays.IntegerArray(cents, ~known), index=index, copy=False),
        problem=pd.Series(
            nothing if problems is None else problems, index=index, dtype=object, copy=False
        ),
        sub_cent=pd.Series(
            np.zeros(n, bool) if sub_cent is None else sub_cent, index=index, copy=False
        ),
        currency=pd.Series(
            nothing.copy() if currency is None else currency, index=index, dtype=object, copy=False
        ),
        decimal=decimal,
    )
