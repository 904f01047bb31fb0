"""A column of text amounts read at once with Arrow, exactly as cell by cell.

:func:`~recouvrement.ledger.parse_amounts.parse_money` reads a column holding only
text (a CSV's) with :func:`text_amounts`. Reading a million cells one by one with
:class:`decimal.Decimal` takes seconds; but nearly all the cells of an export are
plain numbers: digits, grouped by spaces or the other separator, with one or two
decimals (``1 234,56``, ``-12``, ``1.234,5``). Those are read here with whole-column
operations (Arrow regular expressions, an integer cast), and every other cell with the
cell-by-cell reader of :mod:`~recouvrement.ledger.money_cells`, so the result is the
same, cell for cell:

- a **missing** cell: empty, spaces only, ``None``, ``NaT`` or ``<NA>`` (the text
  stripped as :meth:`str.strip` does);
- a **number** cell: spaces, a sign, then only ASCII digits, ``.``, ``,``, spaces,
  ``'`` and ``’`` up to trailing spaces. Its number (the body of its
  :class:`~recouvrement.ledger.money_cells.Cell`) is that text with the spaces and
  quotes removed, as the cell reader takes it. Which decimal separator a body shows
  (:func:`~recouvrement.ledger.money_cells.evidence`) depends only on where its
  separators stand among its digits: it is decided once per *shape* (the body with
  each digit written ``0``, a few dozen in a column), and so is how it reads. A shape
  of at most 15 integer digits and at most 2 decimals after the column's separator,
  the integer part plain or grouped by three with the other separator
  (``0000,00``, ``0.000.000,0``), reads as its digits times 1, 10 or 100; any other
  shape (three decimals to round, a separator the column does not use...) is read by
  the cell reader;
- any **other** cell (currency signs, ``nan``, letters, non-ASCII digits): the cell
  reader.

The decimal separator of the column, when not given, is the majority of the evidence
of all its cells (:func:`~recouvrement.ledger.money_cells.majority_decimal`), as the
cell-by-cell reading decides it.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from recouvrement.ledger.money_cells import (
    UNREADABLE,
    Amounts,
    Cell,
    ceiling_problem,
    evidence,
    majority_decimal,
    read_cell,
    text_cell,
)
from recouvrement.ledger.parse_text import PY_SPACE_CLASS

_SPACE = PY_SPACE_CLASS
#: A missing cell, once stripped (``MISSING_TEXTS``).
_MISSING = f"^{_SPACE}*(?:None|NaT|<NA>)?{_SPACE}*$"
#: A number cell: its sign and its text between the spaces.
_NUMBER = f"^{_SPACE}*(?P<sign>[+-]?)(?P<core>[0-9](?:[0-9.,'\u2019]|{_SPACE})*?){_SPACE}*$"
#: What the cell reader removes from a number (``_GROUPING`` of the cell grammar).
_GROUPING = f"(?:['\u2019]|{_SPACE})"
#: Integer digits read at once (beyond, the cell reader: int64 holds 17 digits of cents).
_MAX_DIGITS = 15


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


def _read_shape(shape: str, decimal: str) -> int | None:
    """Decimals of a number shape read at once under ``decimal`` (``None``: cell by cell)."""
    d, t = re.escape(decimal), re.escape("," if decimal == "." else ".")
    found = re.fullmatch(rf"(0+)(?:{d}(0{{1,2}}))?", shape) or re.fullmatch(
        rf"(0{{1,3}}(?:{t}000)+)(?:{d}(0{{1,2}}))?", shape
    )
    if found is None or found.group(1).count("0") > _MAX_DIGITS:
        return None
    return len(found.group(2) or "")


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
    missing = pc.fill_null(pc.match_substring_regex(array, _MISSING), True)
    parts = pc.extract_regex(array, _NUMBER)  # a missing cell holds no digit
    number = parts.is_valid().to_numpy(zero_copy_only=False)
    at = np.flatnonzero(number)
    found = parts.filter(parts.is_valid())
    sign = np.where(found.field("sign").to_numpy(zero_copy_only=False) == "-", -1, 1)
    core = found.field("core")
    body = pc.replace_substring_regex(core, _GROUPING, "")
    shapes = pc.replace_substring_regex(body, "[0-9]", "0").dictionary_encode()
    codes = shapes.indices.to_numpy(zero_copy_only=False)
    kinds = shapes.dictionary.to_pylist()
    counts = np.bincount(codes, minlength=len(kinds))
    others = np.flatnonzero(~number & ~missing.to_numpy(zero_copy_only=False))
    seen: dict[str, Cell | str | None] = {}
    other_texts = array.take(pa.array(others)).to_pylist()
    cells = [text_cell(v, seen) for v in other_texts]
    if decimal is None:
        shown = [evidence(k) for k in kinds]
        shown += [evidence(c.body) for c in cells if isinstance(c, Cell)]
        weight = [*counts.tolist(), *[1] * (len(shown) - len(kinds))]
        commas = sum(w for e, w in zip(shown, weight, strict=True) if e == ",")
        points = sum(w for e, w in zip(shown, weight, strict=True) if e == ".")
        decimal = majority_decimal(commas, points)

    cents = np.zeros(n, dtype="int64")
    known = np.zeros(n, dtype=bool)
    problems = np.full(n, None, dtype=object)
    sub_cent = np.zeros(n, dtype=bool)
    currency = np.full(n, None, dtype=object)
    scale = [{0: 100, 1: 10, 2: 1}.get(_read_shape(k, decimal), 0) for k in kinds]
    per_cell = np.asarray(scale, dtype="int64")[codes]
    fast = per_cell > 0
    digits = pc.replace_substring_regex(body.filter(pa.array(fast)), "[^0-9]", "")
    value = sign[fast] * pc.cast(digits, pa.int64()).to_numpy(zero_copy_only=False)
    value = value * per_cell[fast]
    over = np.abs(value) > ceiling * 100
    rows = at[fast]
    cents[rows[~over]], known[rows[~over]] = value[~over], True
    problems[rows[over]] = ceiling_problem(ceiling)

    slow = np.flatnonzero(~fast)
    texts = pc.binary_join_element_wise(
        found.field("sign").filter(pa.array(~fast)), core.filter(pa.array(~fast)), ""
    ).to_pylist()
    bodies = body.filter(pa.array(~fast)).to_pylist()
    read: dict[str, tuple[int | None, str | None, bool, str | None]] = {}
    for i, text, cell_body in zip(slow, texts, bodies, strict=True):
        if text not in read:
            read[text] = read_cell(Cell(int(sign[i]), cell_body, None), text, decimal, ceiling)
        _put(at[i], read[text], cents, known, problems, sub_cent, currency)
    for row, cell, value_text in zip(others, cells, other_texts, strict=True):
        if isinstance(cell, Cell):
            key = value_text.strip()
            if key not in read:
                read[key] = read_cell(cell, key, decimal, ceiling)
            _put(row, read[key], cents, known, problems, sub_cent, currency)
        elif cell is not None:
            problems[row] = UNREADABLE
    index = raw.index
    return Amounts(
        cents=pd.Series(pd.arrays.IntegerArray(cents, ~known), index=index),
        problem=pd.Series(problems, index=index, dtype="object"),
        sub_cent=pd.Series(sub_cent, index=index, dtype="bool"),
        currency=pd.Series(currency, index=index, dtype="object"),
        decimal=decimal,
    )


def _put(row, reading, cents, known, problems, sub_cent, currency) -> None:
    """Store one cell's ``(cents, problem, sub_cent, currency)`` at ``row``."""
    value, problem, rounded, code = reading
    if value is not None:
        cents[row], known[row] = value, True
    problems[row], sub_cent[row], currency[row] = problem, rounded, code
