"""Formatting of amounts, rates, durations and dates, French and English, checked by hand.

Every expected string is written out with its no-break spaces (``\\u00a0``) and minus
signs (``\\u2212``): French puts a no-break space before every unit and between
thousands; English writes ``€1,234.56``, ``12.3%``, ``72.4 days``, ``+2.0 pts``.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from recouvrement.formatting import (
    LANGUAGES,
    MINUS,
    MISSING,
    MISSING_EN,
    NBSP,
    fmt_date,
    fmt_days,
    fmt_eur,
    fmt_int,
    fmt_month,
    fmt_number,
    fmt_pct,
    fmt_pts,
    fmt_unit,
    is_missing,
    missing_text,
)

MISSING_VALUES = [None, np.nan, pd.NaT, pd.NA, float("nan")]
MISSING_IDS = ["None", "nan", "NaT", "NA", "float-nan"]


def test_constants():
    assert NBSP == "\u00a0" and MINUS == "\u2212"
    assert (MISSING, MISSING_EN) == ("non disponible", "not available")
    assert LANGUAGES == ("fr", "en")


# ---------------------------------------------------------------------------
# Missing values
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "missing"),
    [
        *[(v, True) for v in MISSING_VALUES],
        (0, False),
        (0.0, False),
        ("", False),
        ("texte", False),
        ([1, 2], False),  # pd.isna gives an array: not a missing scalar
    ],
    ids=[*MISSING_IDS, "zero", "zero-float", "empty-text", "text", "list"],
)
def test_is_missing(value, missing):
    assert is_missing(value) is missing


@pytest.mark.parametrize(
    "func",
    [fmt_number, fmt_eur, fmt_pct, fmt_pts, fmt_days, fmt_int, fmt_date, fmt_month],
    ids=lambda f: f.__name__,
)
@pytest.mark.parametrize("value", MISSING_VALUES, ids=MISSING_IDS)
def test_missing_is_never_zero(func, value):
    assert func(value) == "non disponible"
    assert func(value, language="en") == "not available"


@pytest.mark.parametrize("unit", ["%", "j", "€", "ratio"], ids=["pct", "days", "eur", "ratio"])
@pytest.mark.parametrize("sign", [False, True], ids=["value", "gap"])
def test_missing_kpi_value(unit, sign):
    assert fmt_unit(None, unit, sign=sign) == "non disponible"
    assert fmt_unit(np.nan, unit, sign=sign, language="en") == "not available"


@pytest.mark.parametrize(
    "call",
    [
        lambda: missing_text("de"),
        lambda: fmt_number(1, language="de"),
        lambda: fmt_eur(1, language="FR"),
        lambda: fmt_unit(1, "%", language=""),
        lambda: fmt_date("2025-01-01", language="en-GB"),
        lambda: fmt_number(None, language="de"),
    ],
    ids=[
        "missing_text",
        "fmt_number",
        "fmt_eur-upper-case",
        "fmt_unit-empty",
        "fmt_date",
        "missing-value",
    ],
)
def test_unknown_language_raises(call):
    with pytest.raises(ValueError, match="language must be one of"):
        call()


# ---------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("args", "kwargs", "expected"),
    [
        ((1234.5,), {}, "1\u00a0234,50"),
        ((1234567.891,), {}, "1\u00a0234\u00a0567,89"),
        ((-1234.567,), {}, "\u22121\u00a0234,57"),
        ((0.004,), {}, "0,00"),
        ((-0.004,), {}, "0,00"),  # never "−0,00"
        ((-0.004,), {"sign": True}, "0,00"),  # zero carries no sign
        ((12,), {"sign": True}, "+12,00"),
        ((-3,), {"sign": True}, "\u22123,00"),
        ((0.0814, 3), {}, "0,081"),
        ((2.5, 0), {}, "2"),  # Python's round: half to even
        ((3.5, 0), {}, "4"),
        ((np.int64(1234), 0), {}, "1\u00a0234"),
        ((float("inf"),), {}, "∞"),
        ((float("-inf"),), {}, "\u2212∞"),
        ((1234.5,), {"language": "en"}, "1,234.50"),
        ((-1234.567,), {"language": "en"}, "\u22121,234.57"),
        ((12,), {"sign": True, "language": "en"}, "+12.00"),
        ((-0.004,), {"language": "en"}, "0.00"),
        ((float("inf"),), {"language": "en"}, "∞"),
    ],
    ids=[
        "thousands",
        "millions",
        "negative",
        "small",
        "negative-zero",
        "signed-zero",
        "plus-sign",
        "minus-sign",
        "three-decimals",
        "half-to-even-down",
        "half-to-even-up",
        "numpy-int",
        "infinity",
        "minus-infinity",
        "en-thousands",
        "en-negative",
        "en-plus-sign",
        "en-negative-zero",
        "en-infinity",
    ],
)
def test_fmt_number(args, kwargs, expected):
    assert fmt_number(*args, **kwargs) == expected


@pytest.mark.parametrize(
    ("args", "kwargs", "expected"),
    [
        ((1234.56,), {}, "1\u00a0234,56\u00a0€"),
        ((-5,), {}, "\u22125,00\u00a0€"),
        ((12,), {"sign": True}, "+12,00\u00a0€"),
        ((1234.4, 0), {}, "1\u00a0234\u00a0€"),
        ((float("inf"),), {}, "∞\u00a0€"),
        ((1234.56,), {"language": "en"}, "€1,234.56"),
        ((0,), {"language": "en"}, "€0.00"),
        ((-5,), {"language": "en"}, "\u2212€5.00"),  # the sign before the currency
        ((12,), {"sign": True, "language": "en"}, "+€12.00"),
        ((12000, 0), {"language": "en"}, "€12,000"),
    ],
    ids=[
        "amount",
        "negative",
        "signed",
        "no-decimals",
        "infinity",
        "en-amount",
        "en-zero",
        "en-negative",
        "en-signed",
        "en-no-decimals",
    ],
)
def test_fmt_eur(args, kwargs, expected):
    assert fmt_eur(*args, **kwargs) == expected


@pytest.mark.parametrize(
    ("func", "args", "kwargs", "expected"),
    [
        (fmt_pct, (75,), {}, "75,0\u00a0%"),
        (fmt_pct, (12.345, 0), {}, "12\u00a0%"),
        (fmt_pct, (2.0,), {"sign": True}, "+2,0\u00a0%"),
        (fmt_pct, (-1.25, 2), {}, "\u22121,25\u00a0%"),
        (fmt_pct, (12.34,), {"language": "en"}, "12.3%"),
        (fmt_pct, (-2.5,), {"sign": True, "language": "en"}, "\u22122.5%"),
        (fmt_pts, (-3,), {}, "\u22123,0\u00a0pts"),
        (fmt_pts, (2,), {}, "+2,0\u00a0pts"),
        (fmt_pts, (0,), {}, "0,0\u00a0pts"),
        (fmt_pts, (1, 0), {}, "+1\u00a0pts"),
        (fmt_pts, (2,), {"language": "en"}, "+2.0 pts"),
        (fmt_pts, (-2.5,), {"language": "en"}, "\u22122.5 pts"),
        (fmt_days, (73.714,), {}, "73,7\u00a0j"),
        (fmt_days, (-3.5,), {"sign": True}, "\u22123,5\u00a0j"),
        (fmt_days, (3, 0), {}, "3\u00a0j"),
        (fmt_days, (72.44,), {"language": "en"}, "72.4 days"),
        (fmt_days, (8.4,), {"sign": True, "language": "en"}, "+8.4 days"),
        (fmt_days, (1,), {"language": "en"}, "1.0 days"),
        (fmt_int, (1234,), {}, "1\u00a0234"),
        (fmt_int, (1234567,), {}, "1\u00a0234\u00a0567"),
        (fmt_int, (-5,), {}, "\u22125"),
        (fmt_int, (np.int64(7),), {}, "7"),
        (fmt_int, (1234,), {"language": "en"}, "1,234"),
    ],
    ids=[
        "pct",
        "pct-no-decimals",
        "pct-signed",
        "pct-negative",
        "en-pct",
        "en-pct-negative",
        "pts-negative",
        "pts-positive",
        "pts-zero",
        "pts-no-decimals",
        "en-pts",
        "en-pts-negative",
        "days",
        "days-signed",
        "days-no-decimals",
        "en-days",
        "en-days-signed",
        "en-one-day",
        "int",
        "int-millions",
        "int-negative",
        "int-numpy",
        "en-int",
    ],
)
def test_units(func, args, kwargs, expected):
    assert func(*args, **kwargs) == expected


@pytest.mark.parametrize(
    ("args", "kwargs", "expected"),
    [
        ((75, "%"), {}, "75,0\u00a0%"),
        ((2, "%"), {"sign": True}, "+2,0\u00a0pts"),  # a gap of rates is in points
        ((75, "%", 0), {}, "75\u00a0%"),
        ((73.714, "j"), {}, "73,7\u00a0j"),
        ((-3.5, "j"), {"sign": True}, "\u22123,5\u00a0j"),
        ((1234.56, "€"), {}, "1\u00a0234,56\u00a0€"),
        ((12, "€"), {"sign": True}, "+12,00\u00a0€"),
        ((0.0814, "ratio"), {}, "0,081"),
        ((-0.01, "ratio"), {"sign": True}, "\u22120,010"),
        ((12.34, "%"), {"language": "en"}, "12.3%"),
        ((-2.5, "%"), {"sign": True, "language": "en"}, "\u22122.5 pts"),
        ((72.44, "j"), {"language": "en"}, "72.4 days"),
        ((12.4, "j"), {"sign": True, "language": "en"}, "+12.4 days"),
        ((12000, "€"), {"language": "en"}, "€12,000.00"),
        ((-1000, "€"), {"sign": True, "language": "en"}, "\u2212€1,000.00"),
        ((0.0814, "ratio"), {"language": "en"}, "0.081"),
        ((0.01, "ratio"), {"sign": True, "language": "en"}, "+0.010"),
    ],
    ids=[
        "pct",
        "pct-gap-in-points",
        "pct-decimals",
        "days",
        "days-gap",
        "eur",
        "eur-gap",
        "ratio",
        "ratio-gap",
        "en-pct",
        "en-pct-gap",
        "en-days",
        "en-days-gap",
        "en-eur",
        "en-eur-gap",
        "en-ratio",
        "en-ratio-gap",
    ],
)
def test_fmt_unit(args, kwargs, expected):
    assert fmt_unit(*args, **kwargs) == expected


# ---------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "language", "expected"),
    [
        ("2025-03-31", "fr", "31/03/2025"),
        (pd.Timestamp("2026-10-31"), "fr", "31/10/2026"),
        (dt.date(2025, 1, 5), "fr", "05/01/2025"),
        (np.datetime64("2024-02-29"), "fr", "29/02/2024"),
        ("2025-03-31", "en", "31 March 2025"),
        (pd.Timestamp("2026-10-31"), "en", "31 October 2026"),
        (dt.date(2025, 1, 5), "en", "5 January 2025"),
    ],
    ids=["text", "timestamp", "date", "numpy", "en-text", "en-timestamp", "en-date"],
)
def test_fmt_date(value, language, expected):
    assert fmt_date(value, language=language) == expected


@pytest.mark.parametrize(
    ("value", "language", "expected"),
    [
        ("2025-03", "fr", "mars 2025"),
        (pd.Timestamp("2025-08-31"), "fr", "août 2025"),
        (pd.Period("2025-12", "M"), "fr", "décembre 2025"),
        ("2025-03", "en", "March 2025"),
        (pd.Timestamp("2025-08-31"), "en", "August 2025"),
    ],
    ids=["text", "timestamp", "period", "en-text", "en-timestamp"],
)
def test_fmt_month(value, language, expected):
    assert fmt_month(value, language=language) == expected


def test_french_is_the_default():
    assert fmt_unit(-2.5, "%", sign=True) == fmt_unit(-2.5, "%", sign=True, language="fr")
    assert fmt_date("2025-03-31") == "31/03/2025"
    assert missing_text() == "non disponible"
