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

import math
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

import numpy as np
import pandas as pd

from recouvrement.conventions.limits import MAX_AMOUNT_CEILING_EUR
from recouvrement.formatting import fmt_eur
from recouvrement.ledger.parse_text import escape_controls

#: ISO 4217 codes of the currencies the ECB quotes (reference rates), read as written.
ECB_CODES = (
    "AUD BGN BRL CAD CHF CNY CZK DKK EUR GBP HKD HUF IDR ILS INR ISK JPY KRW MXN MYR NOK "
    "NZD PHP PLN RON SEK SGD THB TRY USD ZAR"
).split()

#: Currency signs and codes read in a money cell, and the ISO code each one means.
CURRENCY_TOKENS = {"€": "EUR", "$": "USD", "£": "GBP"} | {code: code for code in ECB_CODES}

#: The largest ceiling the engine takes (euros): see ``conventions.MAX_AMOUNT_CEILING_EUR``.
MAX_EXACT_EUROS = MAX_AMOUNT_CEILING_EUR

#: Text of a missing cell (as pandas prints missing values).
MISSING_TEXTS = frozenset({"", "None", "NaT", "<NA>"})

UNREADABLE = "montant illisible"
NOT_FINITE = "montant non fini"
SUB_CENT = "montant à plus de deux décimales : arrondi au centime"

_SEPARATOR_NAMES = {",": "virgule", ".": "point"}
_TOKEN = "|".join(re.escape(t) for t in sorted(CURRENCY_TOKENS, key=len, reverse=True))
_CELL = re.compile(
    rf"([+-]?)\s*({_TOKEN})?\s*([+-]?)\s*(.*?)\s*({_TOKEN})?", re.IGNORECASE | re.DOTALL
)
_GROUPING = re.compile(r"[\s'’]")
_NON_FINITE = frozenset({"inf", "infinity", "nan"})
_SCIENTIFIC = re.compile(r"(\d+(?:\.\d+)?)[eE]([+-]?\d+)")
_GRAMMAR = {
    d: re.compile(
        rf"(?P<int>\d{{1,3}}(?:{re.escape(t)}\d{{3}})+|\d+)?(?:{re.escape(d)}(?P<dec>\d+))?"
    )
    for d, t in ((",", "."), (".", ","))
}
_CENT = Decimal("0.01")


def ceiling_problem(max_amount: int) -> str:
    """The problem of an amount above the ceiling, quoting it the French way."""
    return (
        f"montant supérieur au plafond de {fmt_eur(max_amount, 0)} par ligne "
        "(limits.max_amount dans recouvrement.yml)"
    )


def separator_problem(value: str, decimal: str) -> str:
    """The problem of a value that does not follow its column's decimal separator."""
    value = escape_controls(value if len(value) <= 40 else value[:39] + "…")
    return (
        f"{UNREADABLE} : « {value} » ne suit pas le séparateur décimal de la colonne "
        f"({_SEPARATOR_NAMES[decimal]})"
    )


@dataclass(frozen=True)
class Cell:
    """A text cell split into its sign, its number (grouping spaces removed) and currency."""

    sign: int
    body: str
    currency: str | None


def split_cell(text: str) -> Cell | None:
    """Sign, number and currency of a stripped text cell; ``None`` when it is not one amount."""
    m = _CELL.fullmatch(text)
    if m is None:
        return None
    s1, pre, s2, body, post = m.groups()
    if (s1 and s2) or not body:
        return None
    codes = {CURRENCY_TOKENS[t.upper()] for t in (pre, post) if t}
    if len(codes) > 1:
        return None
    sign = -1 if "-" in (s1, s2) else 1
    return Cell(sign, _GROUPING.sub("", body), codes.pop() if codes else None)


def evidence(body: str) -> str | None:
    """The decimal separator a number's text shows unambiguously, if any (see module doc)."""
    seps = [c for c in body if c in ",."]
    if not seps or not re.fullmatch(r"[\d.,]+", body):
        return None
    last = seps[-1]
    digits_after = len(body) - body.rfind(last) - 1
    if digits_after == 0:
        return None
    if digits_after != 3:
        return last
    if seps.count(last) > 1:
        return "," if last == "." else "."  # repeated: thousands, so the other is decimal
    return last if len(set(seps)) > 1 else None  # 1,500: thousands or decimals?


def column_decimal(bodies: list[str]) -> str:
    """The decimal separator of a column: the majority of the unambiguous values, else ``.``."""
    votes = [e for b in bodies if (e := evidence(b)) is not None]
    commas = votes.count(",")
    return "," if commas > len(votes) - commas else "."


def to_decimal(body: str, decimal: str) -> Decimal | str:
    """The number ``body`` written with the column's ``decimal`` separator, or the problem."""
    low = body.lower()
    if low in _NON_FINITE:
        return NOT_FINITE
    sci = _SCIENTIFIC.fullmatch(body)
    if sci is not None:
        if "." in sci.group(1) and decimal == ",":
            return "separator"
        exponent = int(sci.group(2))
        if abs(exponent) > 100:  # beyond any ceiling, or below a cent
            zero = Decimal(sci.group(1)) == 0 or exponent < 0
            return Decimal(0) if zero else Decimal(10) ** 100
        return Decimal(body)
    m = _GRAMMAR[decimal].fullmatch(body)
    if m is not None and (m.group("int") or m.group("dec")):
        whole = re.sub(r"\D", "", m.group("int") or "") or "0"
        return Decimal(f"{whole}.{m.group('dec') or '0'}")
    other = "," if decimal == "." else "."
    alt = _GRAMMAR[other].fullmatch(body)
    readable_otherwise = alt is not None and bool(alt.group("int") or alt.group("dec"))
    return "separator" if readable_otherwise or other in body else UNREADABLE


def number_to_decimal(value: Any) -> Decimal | str:
    """A number read by a spreadsheet or Parquet reader as the decimal it prints as."""
    if isinstance(value, Decimal):
        return value if value.is_finite() else NOT_FINITE
    if isinstance(value, int | np.integer):
        return Decimal(int(value))
    number = float(value)
    if not math.isfinite(number):
        return NOT_FINITE
    return Decimal(repr(number))


@dataclass(frozen=True)
class Amounts:
    """A money column read (see :func:`parse_money`); every Series has the column's index.

    Attributes
    ----------
    cents : Series
        ``Int64`` cents of the readable cells, missing elsewhere.
    problem : Series
        The reason a present cell is unreadable (object), ``None`` for the others.
    sub_cent : Series
        Readable cells with more than two decimals (rounded to the cent).
    currency : Series
        The ISO code of the currency written in the cell (object), ``None`` if none.
    decimal : str
        The column's decimal separator.

    """

    cents: pd.Series
    problem: pd.Series
    sub_cent: pd.Series
    currency: pd.Series
    decimal: str


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
    values = raw.astype("object").tolist()
    seen: dict[str, Cell | str | None] = {}
    cells = [_cell(v, seen) for v in values]
    if decimal is None:
        decimal = column_decimal([c.body for c in cells if isinstance(c, Cell)])
    read: dict[str, tuple[int | None, str | None, bool, str | None]] = {}
    out = []
    for cell, v in zip(cells, values, strict=True):
        if isinstance(cell, Cell) and isinstance(v, str):
            key = v.strip()
            if key not in read:
                read[key] = _read_cell(cell, key, decimal, ceiling)
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
            out.append((*_to_cents(amount, ceiling), None))
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


_PLAIN = re.compile(r"([+-]?)(\d+(?:[.,]\d+)?)")


def _cell(value: Any, seen: dict[str, Cell | str | None]) -> Cell | Any:
    """A cell as a :class:`Cell` (text), ``None`` (missing), or the value itself."""
    if isinstance(value, str):
        text = value.strip()
        if text not in seen:
            plain = _PLAIN.fullmatch(text)
            if text in MISSING_TEXTS:
                seen[text] = None
            elif plain is not None:
                seen[text] = Cell(-1 if plain.group(1) == "-" else 1, plain.group(2), None)
            else:
                seen[text] = split_cell(text) or text
        return seen[text]
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float | np.floating) and math.isnan(value):
        return None
    return value


_SIMPLE = {d: re.compile(rf"(\d+)(?:{re.escape(d)}(\d{{1,2}}))?") for d in (",", ".")}


def _read_cell(
    cell: Cell, text: str, decimal: str, ceiling: int
) -> tuple[int | None, str | None, bool, str | None]:
    """``(cents, problem, sub_cent, currency)`` of a text cell in a ``decimal`` column."""
    simple = _SIMPLE[decimal].fullmatch(cell.body)
    if simple is not None:  # the common case, without Decimal
        whole, dec = simple.groups()
        cents = cell.sign * (int(whole) * 100 + int((dec or "0").ljust(2, "0")))
        if abs(cents) <= ceiling * 100:
            return cents, None, False, cell.currency
        return None, ceiling_problem(ceiling), False, cell.currency
    amount = to_decimal(cell.body, decimal)
    if isinstance(amount, Decimal):
        amount = cell.sign * amount
    elif amount == "separator":
        amount = separator_problem(text, decimal)
    return (*_to_cents(amount, ceiling), cell.currency)


def _to_cents(amount: Decimal | str, ceiling: int) -> tuple[int | None, str | None, bool]:
    """``(cents, problem, sub_cent)`` of a decimal amount (or of a problem already found)."""
    if isinstance(amount, str):
        return None, amount, False
    if abs(amount) > ceiling:
        return None, ceiling_problem(ceiling), False
    exact = amount.quantize(_CENT, rounding=ROUND_HALF_UP)
    return int(exact.scaleb(2)), None, exact != amount


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
            value, problem, rounded = _to_cents(number_to_decimal(x[i]), ceiling)
            if value is not None:
                cents[i], known[i], sub_cent[i] = value, True, rounded
            else:
                problems[i] = problem
    problems[big] = ceiling_problem(ceiling)
    return Amounts(
        cents=pd.Series(pd.arrays.IntegerArray(cents, ~known), index=index),
        problem=pd.Series(problems, index=index, dtype="object"),
        sub_cent=pd.Series(sub_cent, index=index, dtype="bool"),
        currency=pd.Series(np.full(n, None, dtype=object), index=index, dtype="object"),
        decimal=".",
    )


def euros(cents: pd.Series) -> pd.Series:
    """``Int64`` cents as float euros (``cents / 100``, the nearest float), NaN if missing."""
    return pd.Series(
        cents.to_numpy(dtype="float64", na_value=np.nan) / 100, index=cents.index, name=cents.name
    )
