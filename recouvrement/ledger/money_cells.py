"""One money cell: its sign, number and currency, the separator it shows, its exact cents.

The grammar of a money cell, read one at a time with :class:`decimal.Decimal` (no
float on the way): :func:`text_cell` splits a text into a :class:`Cell` (sign, number
with its grouping spaces removed, currency sign or code), :func:`evidence` says which
decimal separator it shows, :func:`read_cell` reads it into cents under its column's
separator. The rules are those of :mod:`recouvrement.ledger.parse_amounts`, which reads
whole columns (and :mod:`~recouvrement.ledger.money_text` whole text columns at once,
giving the same result).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
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


def majority_decimal(commas: int, points: int) -> str:
    """``,`` when more values show a comma than a point, else ``.`` (a tie, or no evidence)."""
    return "," if commas > points else "."


def column_decimal(bodies: list[str]) -> str:
    """The decimal separator of a column: the majority of the unambiguous values, else ``.``."""
    votes = [e for b in bodies if (e := evidence(b)) is not None]
    commas = votes.count(",")
    return majority_decimal(commas, len(votes) - commas)


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


_PLAIN = re.compile(r"([+-]?)(\d+(?:[.,]\d+)?)")


def text_cell(value: Any, seen: dict[str, Cell | str | None]) -> Cell | Any:
    """A cell as a :class:`Cell` (text), ``None`` (missing), or the value itself.

    ``seen`` caches the reading of each stripped text (a column repeats its values).
    A text that is not one amount is returned stripped (unreadable).
    """
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


def read_cell(
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
    return (*to_cents(amount, ceiling), cell.currency)


def to_cents(amount: Decimal | str, ceiling: int) -> tuple[int | None, str | None, bool]:
    """``(cents, problem, sub_cent)`` of a decimal amount (or of a problem already found)."""
    if isinstance(amount, str):
        return None, amount, False
    if abs(amount) > ceiling:
        return None, ceiling_problem(ceiling), False
    exact = amount.quantize(_CENT, rounding=ROUND_HALF_UP)
    return int(exact.scaleb(2)), None, exact != amount
