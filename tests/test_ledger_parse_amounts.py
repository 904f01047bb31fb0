"""Money columns to exact cents: the decimal separator per column, currencies, ceiling."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from recouvrement.ledger.parse_amounts import (
    MAX_EXACT_EUROS,
    NOT_FINITE,
    SUB_CENT,
    UNREADABLE,
    ceiling_problem,
    column_decimal,
    evidence,
    parse_money,
    separator_problem,
)

BILLION = 1_000_000_000


def read(values, decimal=None, max_amount=BILLION):
    """``(cents, problems, sub-cent flags, currencies, decimal)`` of a column as lists."""
    out = parse_money(pd.Series(values, dtype="object"), decimal, max_amount)
    cents = [None if pd.isna(c) else int(c) for c in out.cents]
    return cents, out.problem.tolist(), out.sub_cent.tolist(), out.currency.tolist(), out.decimal


@pytest.mark.parametrize(
    ("body", "shows"),
    [
        ("1234,56", ","),
        ("1234.5", "."),
        ("1,234.56", "."),
        ("1.234,5", ","),
        ("1.234.567", ","),
        ("1,234,567", "."),
        ("1.234,567", ","),
        ("1,2345", ","),
        ("1,500", None),
        ("12,345", None),
        ("1.500", None),
        ("1500", None),
        ("100,", None),
    ],
    ids=[
        "comma-2-decimals",
        "point-1-decimal",
        "us-thousands",
        "french-thousands",
        "points-repeated",
        "commas-repeated",
        "both-3-decimals",
        "comma-4-decimals",
        "1,500-ambiguous",
        "12,345-ambiguous",
        "1.500-ambiguous",
        "integer",
        "trailing-separator",
    ],
)
def test_evidence_of_a_value(body, shows):
    assert evidence(body) == shows


@pytest.mark.parametrize(
    ("bodies", "decimal"),
    [
        (["1,500", "12,345", "250"], "."),
        (["1,500", "10,5"], ","),
        (["1,500", "10.25"], "."),
        (["1,5", "2,5", "3.5"], ","),
        (["1,5", "3.5"], "."),
        ([], "."),
    ],
    ids=["no-evidence-point", "comma-shown", "point-shown", "comma-majority", "tie-point", "empty"],
)
def test_column_decimal_is_the_majority_else_point(bodies, decimal):
    assert column_decimal(bodies) == decimal


def test_thousands_separators_follow_the_column():
    cents, problems, *_, decimal = read(["1,500", "12,345", "1000.50", "250"])
    assert decimal == "."
    assert cents == [150_000, 1_234_500, 100_050, 25_000]
    assert problems == [None] * 4


def test_french_values_with_spaces_and_points():
    values = ["1 234,56", "1\u00a0000,5", "2\u202f500", "1.234,50", "1'234,5", "1’000,00"]
    cents, problems, *_, decimal = read(values)
    assert decimal == ","
    assert cents == [123_456, 100_050, 250_000, 123_450, 123_450, 100_000]
    assert problems == [None] * 6


@pytest.mark.parametrize(
    ("values", "decimal", "bad", "problem"),
    [
        (["1,5", "2.50"], None, "1,5", separator_problem("1,5", ".")),
        (["1.5", "2,50", "3,75"], None, "1.5", separator_problem("1.5", ",")),
        (["1,50,0", "2.50"], None, "1,50,0", separator_problem("1,50,0", ".")),
        (["1.234.567", "2.50"], ".", "1.234.567", separator_problem("1.234.567", ".")),
        (["12,5,3"], ",", "12,5,3", UNREADABLE),
        (["1 2O5,00"], ",", "1 2O5,00", UNREADABLE),
        (["n/a"], None, "n/a", UNREADABLE),
        (["(100)"], None, "(100)", UNREADABLE),
        (["$100 EUR"], None, "$100 EUR", UNREADABLE),
        (["--5"], None, "--5", UNREADABLE),
    ],
    ids=[
        "comma-in-point-column",
        "point-in-comma-column",
        "malformed-groups",
        "points-in-point-column",
        "two-decimal-commas",
        "letter-O",
        "n/a",
        "parentheses",
        "two-currencies",
        "two-signs",
    ],
)
def test_values_that_do_not_follow_the_column_are_unreadable(values, decimal, bad, problem):
    cents, problems, *_ = read(values, decimal)
    i = values.index(bad)
    assert cents[i] is None
    assert problems[i] == problem


def test_the_separator_problem_quotes_the_value_escaped_and_short():
    assert separator_problem("1,5", ".") == (
        "montant illisible : « 1,5 » ne suit pas le séparateur décimal de la colonne (point)"
    )
    assert separator_problem("1.5\x00", ",") == (
        "montant illisible : « 1.5\\x00 » ne suit pas le séparateur décimal de la colonne "
        "(virgule)"
    )
    assert f"« {'1' * 39}… »" in separator_problem("1" * 60 + ",5", ".")


@pytest.mark.parametrize(
    ("value", "cents", "currency"),
    [
        ("1 234,56 €", 123_456, "EUR"),
        ("€1,234.56", 123_456, "EUR"),
        ("EUR 100", 10_000, "EUR"),
        ("100 eur", 10_000, "EUR"),
        ("$1234.56", 123_456, "USD"),
        ("1234.56 USD", 123_456, "USD"),
        ("£12", 1_200, "GBP"),
        ("12 GBP", 1_200, "GBP"),
        ("CHF 12", 1_200, "CHF"),
        ("-€5", -500, "EUR"),
        ("€-5", -500, "EUR"),
        ("- 5 €", -500, "EUR"),
        ("+5", 500, None),
    ],
    ids=[
        "euro-after",
        "euro-before",
        "EUR-before",
        "eur-lower-after",
        "dollar",
        "USD-after",
        "pound",
        "GBP",
        "CHF",
        "minus-before-sign",
        "minus-after-sign",
        "minus-spaced",
        "plus",
    ],
)
def test_currency_signs_and_codes_are_taken_off_and_returned(value, cents, currency):
    got, problems, _, currencies, _ = read([value], "." if "." in value else ",")
    assert (got, problems, currencies) == ([cents], [None], [currency])


@pytest.mark.parametrize(
    "value",
    ["inf", "-inf", "+Inf", "Infinity", "-Infinity", "nan", "NaN", float("inf"), -np.inf],
    ids=["inf", "-inf", "+Inf", "Infinity", "-Infinity", "nan", "NaN", "float-inf", "float-minf"],
)
def test_non_finite_values_are_unreadable(value):
    cents, problems, *_ = read([value])
    assert (cents, problems) == ([None], [NOT_FINITE])


def test_missing_values_are_missing_not_problems():
    cents, problems, *_ = read(["", "  ", None, float("nan"), pd.NA, "None", "<NA>"])
    assert cents == [None] * 7 and problems == [None] * 7


@pytest.mark.parametrize(
    "value",
    ["1000000000.01", "1e15", "1e999999999999999999", "-2000000000", 1e15, 10**12, 1e300],
    ids=["just-above", "1e15", "huge-exponent", "negative", "float-1e15", "int-1e12", "1e300"],
)
def test_amounts_above_the_ceiling_are_set_aside(value):
    cents, problems, *_ = read([value])
    assert cents == [None]
    assert problems == [
        "montant supérieur au plafond de 1\u00a0000\u00a0000\u00a0000\u00a0€ par ligne "
        "(limits.max_amount dans recouvrement.yml)"
    ]


def test_the_ceiling_itself_is_admitted_and_capped_where_floats_stay_exact():
    cents, problems, *_ = read(["1000000000", "1000000000.00"])
    assert cents == [100_000_000_000, 100_000_000_000] and problems == [None, None]
    assert ceiling_problem(10**18) == ceiling_problem(10**18)
    cents, problems, *_ = read(["2e13"], max_amount=10**18)
    assert MAX_EXACT_EUROS == 10**13 and problems == [ceiling_problem(MAX_EXACT_EUROS)]


def test_text_is_read_to_the_cent_without_float():
    cents, problems, sub, *_ = read(
        ["9999999999999.97", "999999999999.99", "0.1", "0.2"], max_amount=10**13
    )
    assert cents == [999_999_999_999_997, 99_999_999_999_999, 10, 20]
    assert problems == [None] * 4 and sub == [False] * 4


@pytest.mark.parametrize(
    ("value", "cents"),
    [
        ("10.005", 1001),
        ("-10.005", -1001),
        ("10.004", 1000),
        ("10.0000000001", 1000),
        (10.005, 1001),
        (2.675, 268),
        (np.float64(0.125), 13),
    ],
    ids=["half-up", "half-away-negative", "down", "tiny", "float-as-typed", "float-2.675", "np"],
)
def test_more_than_two_decimals_are_rounded_half_away_from_zero(value, cents):
    got, problems, sub, *_ = read([value], ".")
    assert (got, problems, sub) == ([cents], [None], [True])
    assert SUB_CENT == "montant à plus de deux décimales : arrondi au centime"


def test_numeric_columns_keep_exact_cents():
    out = parse_money(pd.Series([1234.56, 0.1, 1e13, np.nan]), None, 10**13)
    assert out.cents.tolist() == [123_456, 10, 1_000_000_000_000_000, pd.NA]
    assert out.problem.isna().all() and not out.sub_cent.any()
    ints = parse_money(pd.Series([1, 2, 3], dtype="int64"), None, BILLION)
    assert ints.cents.tolist() == [100, 200, 300]


def test_objects_of_a_spreadsheet_are_numbers_or_unreadable():
    import datetime as dt
    from decimal import Decimal

    cents, problems, *_ = read([12, 12.5, Decimal("1.25"), True, dt.date(2025, 1, 1)])
    assert cents == [1200, 1250, 125, None, None]
    assert problems == [None, None, None, UNREADABLE, UNREADABLE]


def test_scientific_notation_is_read_in_a_point_column_only():
    cents, problems, *_ = read(["1e3", "1.5E2", "2,50"], ",")
    assert cents == [100_000, None, 250]
    assert problems[1] == separator_problem("1.5E2", ",")
