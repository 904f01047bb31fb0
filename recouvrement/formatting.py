"""French formatting of amounts, rates, durations and dates (``1 234,56 €``, ``31/03/2025``).

A leaf module: no pandas computation, no I/O. Missing values are rendered as
``non disponible``, never as 0. Spaces are non-breaking (U+00A0) so that an amount
is never split across two lines in a report.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

NBSP = "\u00a0"
MISSING = "non disponible"
MINUS = "\u2212"


def is_missing(value: Any) -> bool:
    """True for ``None``, NaN, NaT and ``pd.NA`` (what prints as ``non disponible``)."""
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def fmt_number(value: Any, decimals: int = 2, *, sign: bool = False) -> str:
    """``1234.5`` -> ``1 234,50`` (non-breaking thousands space, decimal comma).

    ``sign=True`` prints ``+`` for positive values; negatives use the minus sign
    U+2212. ``None``/NaN -> ``non disponible``.
    """
    if is_missing(value):
        return MISSING
    x = float(value)
    if math.isinf(x):
        return "∞" if x > 0 else f"{MINUS}∞"
    rounded = round(x, decimals)
    if rounded == 0:
        rounded = 0.0  # no "-0,00"
    body = f"{abs(rounded):,.{decimals}f}".replace(",", NBSP).replace(".", ",")
    if rounded < 0:
        return f"{MINUS}{body}"
    return f"+{body}" if sign and rounded > 0 else body


def fmt_eur(value: Any, decimals: int = 2, *, sign: bool = False) -> str:
    """``1234.56`` -> ``1 234,56 €``."""
    text = fmt_number(value, decimals, sign=sign)
    return text if text == MISSING else f"{text}{NBSP}€"


def fmt_pct(value: Any, decimals: int = 1, *, sign: bool = False) -> str:
    """Percent value (already × 100): ``75`` -> ``75,0 %``."""
    text = fmt_number(value, decimals, sign=sign)
    return text if text == MISSING else f"{text}{NBSP}%"


def fmt_pts(value: Any, decimals: int = 1) -> str:
    """Difference of two rates in percentage points: ``-3`` -> ``−3,0 pts``."""
    text = fmt_number(value, decimals, sign=True)
    return text if text == MISSING else f"{text}{NBSP}pts"


def fmt_unit(value: Any, unit: str, decimals: int | None = None, *, sign: bool = False) -> str:
    """A KPI value in its unit: ``75,0 %``, ``73,7 j``, ``1 234,56 €``, ``0,081`` (ratio).

    ``unit`` is a KPI unit (``%``, ``j``, ``€``, anything else: a plain ratio).
    Default decimals: 1 for percent and days, 2 for euros, 3 for ratios. With
    ``sign=True`` the value is a gap: ``+2,0 pts`` for rates (percentage points),
    ``−3,5 j``, ``+12,00 €``.
    """
    if is_missing(value):
        return MISSING
    if unit == "%":
        d = 1 if decimals is None else decimals
        return fmt_pts(value, d) if sign else fmt_pct(value, d)
    if unit == "j":
        return fmt_days(value, 1 if decimals is None else decimals, sign=sign)
    if unit == "€":
        return fmt_eur(value, 2 if decimals is None else decimals, sign=sign)
    return fmt_number(value, 3 if decimals is None else decimals, sign=sign)


def fmt_days(value: Any, decimals: int = 1, *, sign: bool = False) -> str:
    """Days: ``73.714`` -> ``73,7 j``."""
    text = fmt_number(value, decimals, sign=sign)
    return text if text == MISSING else f"{text}{NBSP}j"


def fmt_int(value: Any) -> str:
    """Counts: ``1234`` -> ``1 234``."""
    return fmt_number(value, 0)


def fmt_date(value: Any) -> str:
    """``2025-03-31`` -> ``31/03/2025``."""
    if is_missing(value):
        return MISSING
    return pd.Timestamp(value).strftime("%d/%m/%Y")


MONTHS_FR = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def fmt_month(value: Any) -> str:
    """``2025-03`` -> ``mars 2025``."""
    if is_missing(value):
        return MISSING
    ts = pd.Timestamp(str(value)) if not isinstance(value, pd.Timestamp) else value
    return f"{MONTHS_FR[ts.month - 1]} {ts.year}"
