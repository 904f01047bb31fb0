"""Formatting of amounts, rates, durations and dates, French by default (``1 234,56 €``).

Amounts in another currency than the euro: :func:`fmt_money` (``1 234,56 USD``).

A leaf module: no pandas computation, no I/O. Missing values are rendered as
``non disponible``, never as 0. Spaces are non-breaking (U+00A0) so that an amount
is never split across two lines in a report.

Every function takes ``language="fr"`` (default) or ``"en"`` for the English
sentences of a report: ``€1,234.56``, ``12.3%``, ``72.4 days``, ``+2.0 pts``,
``31 October 2026`` (ordinary spaces; negatives still use the minus sign U+2212;
missing values are ``not available``).
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

NBSP = "\u00a0"
MISSING = "non disponible"
MISSING_EN = "not available"
MINUS = "\u2212"

#: Languages of the formatting: French (default) and English.
LANGUAGES = ("fr", "en")


def is_missing(value: Any) -> bool:
    """True for ``None``, NaN, NaT and ``pd.NA`` (what prints as ``non disponible``)."""
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def missing_text(language: str = "fr") -> str:
    """How a missing value prints: ``non disponible`` (``"fr"``), ``not available`` (``"en"``).

    Raises
    ------
    ValueError
        When ``language`` is not one of :data:`LANGUAGES`.

    """
    if language == "fr":
        return MISSING
    if language == "en":
        return MISSING_EN
    raise ValueError(f"language must be one of {LANGUAGES}, got {language!r}")


def fmt_number(value: Any, decimals: int = 2, *, sign: bool = False, language: str = "fr") -> str:
    """``1234.5`` -> ``1 234,50`` (non-breaking thousands space, decimal comma).

    ``sign=True`` prints ``+`` for positive values; negatives use the minus sign
    U+2212. ``None``/NaN -> ``non disponible``. English (``language="en"``):
    ``1,234.50``, ``not available``.
    """
    missing = missing_text(language)
    if is_missing(value):
        return missing
    x = float(value)
    if math.isinf(x):
        return "∞" if x > 0 else f"{MINUS}∞"
    rounded = round(x, decimals)
    if rounded == 0:
        rounded = 0.0  # no "-0,00"
    body = f"{abs(rounded):,.{decimals}f}"
    if language == "fr":
        body = body.replace(",", NBSP).replace(".", ",")
    if rounded < 0:
        return f"{MINUS}{body}"
    return f"+{body}" if sign and rounded > 0 else body


def _with_unit(text: str, language: str, fr: str, en: str) -> str:
    """``text`` followed by its unit (``fr`` after a no-break space, ``en`` as given)."""
    if text == missing_text(language):
        return text
    return f"{text}{NBSP}{fr}" if language == "fr" else f"{text}{en}"


#: The currency of the amounts being printed (the report's company): see set_money_unit.
MONEY = {"currency": "EUR"}


def set_money_unit(currency: str) -> None:
    """Print the amounts of :func:`fmt_eur` in ``currency`` (the company's; ``EUR`` by default).

    A report calls it once with its ledger's currency, so that a company keeping its
    books in US dollars never sees « € » on its amounts. The texts of the law (the 40 €
    indemnity...) are written in euros whatever this says.
    """
    MONEY["currency"] = str(currency).upper()


def money_symbol(currency: str | None = None) -> str:
    """« € » for euros, else the ISO code (default: the amounts printed, :func:`set_money_unit`)."""
    code = MONEY["currency"] if currency is None else currency
    return "€" if code == "EUR" else code


def fmt_eur(value: Any, decimals: int = 2, *, sign: bool = False, language: str = "fr") -> str:
    """``1234.56`` -> ``1 234,56 €``; English: ``€1,234.56``, ``−€5.00``, ``+€12.00``.

    In the currency set by :func:`set_money_unit` (``1 234,56 USD``) when it is not EUR.
    """
    return fmt_money(value, MONEY["currency"], decimals, sign=sign, language=language)


def fmt_money(
    value: Any,
    currency: str = "EUR",
    decimals: int = 2,
    *,
    sign: bool = False,
    language: str = "fr",
) -> str:
    """An amount in ``currency``: euros with « € », others with their ISO code.

    ``fmt_money(1234.5, "USD")`` -> ``1 234,50 USD``; English ``USD 1,234.50``,
    ``−USD 5.00`` (and ``€1,234.50``, ``−€5.00``). A report whose company keeps its books
    in another currency than the euro never prints ``€`` for its amounts.
    """
    text = fmt_number(value, decimals, sign=sign, language=language)
    unit = money_symbol(currency)
    if language == "fr" or text == MISSING_EN:
        return _with_unit(text, language, unit, "")
    gap = "" if unit == "€" else " "
    if text[0] in (MINUS, "+"):  # the sign comes before the currency: −€5.00
        return f"{text[0]}{unit}{gap}{text[1:]}"
    return f"{unit}{gap}{text}"


def fmt_pct(value: Any, decimals: int = 1, *, sign: bool = False, language: str = "fr") -> str:
    """Percent value (already × 100): ``75`` -> ``75,0 %``; English: ``75.0%``."""
    return _with_unit(fmt_number(value, decimals, sign=sign, language=language), language, "%", "%")


def fmt_pts(value: Any, decimals: int = 1, *, language: str = "fr") -> str:
    """Difference of two rates in percentage points: ``-3`` -> ``−3,0 pts`` (``−3.0 pts``)."""
    text = fmt_number(value, decimals, sign=True, language=language)
    return _with_unit(text, language, "pts", " pts")


def fmt_unit(
    value: Any,
    unit: str,
    decimals: int | None = None,
    *,
    sign: bool = False,
    language: str = "fr",
) -> str:
    """A KPI value in its unit: ``75,0 %``, ``73,7 j``, ``1 234,56 €``, ``0,081`` (ratio).

    ``unit`` is a KPI unit (``%``, ``j``, ``€``, anything else: a plain ratio).
    Default decimals: 1 for percent and days, 2 for euros, 3 for ratios. With
    ``sign=True`` the value is a gap: ``+2,0 pts`` for rates (percentage points),
    ``−3,5 j``, ``+12,00 €``. English: ``75.0%``, ``73.7 days``, ``€1,234.56``,
    ``0.081``; gaps ``+2.0 pts``, ``−3.5 days``, ``+€12.00``.
    """
    if is_missing(value):
        return missing_text(language)
    if unit == "%":
        d = 1 if decimals is None else decimals
        if sign:
            return fmt_pts(value, d, language=language)
        return fmt_pct(value, d, language=language)
    if unit == "j":
        return fmt_days(value, 1 if decimals is None else decimals, sign=sign, language=language)
    if unit == "€":
        return fmt_eur(value, 2 if decimals is None else decimals, sign=sign, language=language)
    return fmt_number(value, 3 if decimals is None else decimals, sign=sign, language=language)


def fmt_days(value: Any, decimals: int = 1, *, sign: bool = False, language: str = "fr") -> str:
    """Days: ``73.714`` -> ``73,7 j``; English: ``73.7 days``."""
    text = fmt_number(value, decimals, sign=sign, language=language)
    return _with_unit(text, language, "j", " days")


def fmt_int(value: Any, *, language: str = "fr") -> str:
    """Counts: ``1234`` -> ``1 234``; English: ``1,234``."""
    return fmt_number(value, 0, language=language)


def fmt_count(n: Any, noun: str, plural: str | None = None) -> str:
    """A count and its noun, agreed: ``1 facture``, ``2 factures``, ``0 facture``.

    French puts 0 and 1 in the singular. ``plural`` for an irregular plural
    or a phrase (``fmt_count(2, "facture ouverte", "factures ouvertes")``): without it,
    only the first word takes an ``s``.
    """
    count = int(n)
    if abs(count) < 2:
        word = noun
    elif plural is not None:
        word = plural
    else:
        head, _, tail = noun.partition(" ")
        word = f"{head}s {tail}".strip() if not head.endswith(("s", "x", "z")) else noun
    return f"{fmt_int(count)}\u00a0{word}"


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

MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def fmt_date(value: Any, *, language: str = "fr") -> str:
    """``2025-03-31`` -> ``31/03/2025``; English: ``31 March 2025``."""
    missing = missing_text(language)
    if is_missing(value):
        return missing
    ts = pd.Timestamp(value)
    if language == "fr":
        return ts.strftime("%d/%m/%Y")
    return f"{ts.day} {MONTHS_EN[ts.month - 1]} {ts.year}"


def fmt_month(value: Any, *, language: str = "fr") -> str:
    """``2025-03`` -> ``mars 2025``; English: ``March 2025``."""
    missing = missing_text(language)
    if is_missing(value):
        return missing
    ts = pd.Timestamp(str(value)) if not isinstance(value, pd.Timestamp) else value
    months = MONTHS_FR if language == "fr" else MONTHS_EN
    return f"{months[ts.month - 1]} {ts.year}"
