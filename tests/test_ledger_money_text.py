"""A text money column read at once (Arrow) against the cell-by-cell reading: the same."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recouvrement.ledger.money_cells import Amounts
from recouvrement.ledger.money_text import text_amounts
from recouvrement.ledger.parse_amounts import cell_amounts, parse_money

SAME = settings(
    max_examples=400,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)


def same(a: Amounts, b: Amounts) -> None:
    pd.testing.assert_series_equal(a.cents, b.cents)
    pd.testing.assert_series_equal(a.problem, b.problem)
    pd.testing.assert_series_equal(a.sub_cent, b.sub_cent)
    pd.testing.assert_series_equal(a.currency, b.currency)
    assert a.decimal == b.decimal


def both(values, decimal=None, ceiling=10**9, dtype="object", index=None):
    raw = pd.Series(values, dtype=dtype, index=index)
    fast = text_amounts(raw, decimal, ceiling)
    assert fast is not None
    return fast, cell_amounts(raw, decimal, ceiling)


FRENCH = [
    "1 234,56",
    "1\u202f234,5",
    "1\xa0234\xa0567,89",
    " -12,00 ",
    "+3",
    "1.234,56",
    "1.234.567",
    "635,345",
    "12,",
    "1,2,3",
    "",
    "   ",
    "None",
    " <NA> ",
    "nan",
    "n/a",
    "€12,50",
    "12,50 EUR",
    "$1,234.56",
    "١٢٣",
    "1'234.5",
    "1’234,5",
    "- 12",
    "12 34,5",
    "99999999999999999999,99",
    "2000000000,00",
    "1e3",
]


@pytest.mark.parametrize("decimal", [None, ",", "."])
@pytest.mark.parametrize("dtype", ["object", "str"])
def test_french_cells_read_at_once_as_one_by_one(decimal, dtype):
    fast, slow = both(FRENCH + [None], decimal, dtype=dtype, index=range(10, 38))
    same(fast, slow)


def test_the_common_cells_are_read_exactly():
    fast, _ = both(["1 234,56", "-0,5", "7", "1.234.567,8", "12,3456"], None)
    assert fast.cents.tolist() == [123456, -50, 700, 123456780, 1235]
    assert fast.sub_cent.tolist() == [False, False, False, False, True]
    assert fast.decimal == ","


def test_a_column_of_other_cells_is_not_taken():
    assert text_amounts(pd.Series(["1", 2.5], dtype="object"), None, 10) is None
    assert text_amounts(pd.Series([1.5, 2.5]), None, 10) is None


def test_parse_money_reads_a_text_column_at_once_as_one_by_one():
    raw = pd.Series(["1 234,56", "x", None, "12,5"], dtype="str")
    same(parse_money(raw, None, 10**9), cell_amounts(raw, None, 10**9))


NUMBER = st.builds(
    lambda pad, sign, head, groups, sep, dec, tail: (
        pad + sign + head + "".join(sep + g for g in groups) + dec + pad[::-1] + tail
    ),
    st.sampled_from(["", " ", "\u202f", "\t"]),
    st.sampled_from(["", "-", "+", "- "]),
    st.text(alphabet="0123456789", min_size=1, max_size=17),
    st.lists(st.text(alphabet="0123456789", min_size=2, max_size=4), max_size=5),
    st.sampled_from([" ", "\u202f", "\xa0", ".", ",", "'", "’", ""]),
    st.one_of(
        st.just(""),
        st.builds(
            lambda d, digits: d + digits,
            st.sampled_from([",", "."]),
            st.text(alphabet="0123456789", max_size=4),
        ),
    ),
    st.sampled_from(["", "", "", " €", ","]),
)

CELL = st.one_of(
    NUMBER,
    st.sampled_from(FRENCH),
    st.text(alphabet=st.sampled_from(list("0123456789 ,.-+'’\u202f\xa0€EUReNa")), max_size=12),
    st.integers(-(10**16), 10**16).map(str),
    st.tuples(st.integers(0, 10**12), st.integers(0, 999), st.sampled_from([",", "."])).map(
        lambda t: f"{t[0]:,}".replace(",", "\u202f") + t[2] + str(t[1])
    ),
)


@SAME
@given(
    cells=st.lists(st.one_of(CELL, st.none()), max_size=12),
    decimal=st.sampled_from([None, ",", "."]),
    ceiling=st.sampled_from([1, 1000, 10**9, 10**13]),
    dtype=st.sampled_from(["object", "str"]),
)
def test_any_text_column_reads_at_once_as_one_by_one(cells, decimal, ceiling, dtype):
    same(*both(cells, decimal, ceiling, dtype=dtype))


def test_a_million_cells_keep_their_index_and_order():
    values = np.array(["1 234,56", "12,5", "x"], dtype=object)[np.arange(30_000) % 3]
    fast, slow = both(values, None, index=np.arange(30_000)[::-1])
    same(fast, slow)
