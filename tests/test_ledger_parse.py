"""Reading raw cells: dates at any year then the window, months, whole numbers, options."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from recouvrement.ledger import ParseOptions
from recouvrement.ledger.parse import (
    NS_RANGE,
    date_values,
    in_window,
    parse_dates,
    parse_months,
    parse_numbers,
)

WINDOW = (pd.Timestamp("2000-01-01"), pd.Timestamp("2028-12-03"))
T = pd.Timestamp


@pytest.mark.parametrize(
    "raw",
    [
        pd.Series(["2025-01-15", "2263-05-01", "9999-12-31", "1899-12-31", "0001-01-01"]),
        pd.Series(
            [
                dt.datetime(2025, 1, 15),
                dt.datetime(2263, 5, 1),
                dt.date(9999, 12, 31),
                dt.datetime(1899, 12, 31, 13, 5),
                dt.date(1, 1, 1),
            ],
            dtype="object",
        ),
        pd.Series(
            np.array(
                ["2025-01-15", "2263-05-01", "9999-12-31", "1899-12-31", "0001-01-01"],
                dtype="datetime64[us]",
            )
        ),
        pd.Series(
            ["15/01/2025", "01/05/2263", "31/12/9999", "31/12/1899", "01/01/0001"],
        ),
    ],
    ids=["iso-text", "python-objects", "datetime64-us", "french-text"],
)
def test_dates_beyond_the_nanosecond_range_are_outside_not_unreadable(raw):
    values, unreadable = date_values(raw, ParseOptions())
    assert not unreadable.any()
    dates, outside = in_window(values, WINDOW)
    assert outside.tolist() == [False, True, True, True, True]
    assert str(dates.dtype) == "datetime64[ns]"
    assert dates.tolist()[0] == T("2025-01-15") and dates[1:].isna().all()


def test_parse_dates_never_raises_and_flags_what_it_does_not_keep():
    raw = pd.Series(["2025-02-30", "2263-01-01", "2025-01-01", None, ""])
    dates, bad = parse_dates(raw, ParseOptions())
    assert bad.tolist() == [True, True, False, False, False]
    assert dates[2] == T("2025-01-01")
    dates, bad = parse_dates(pd.Series(["2021-06-01"]), ParseOptions(), WINDOW)
    assert not bad.any()
    _, bad = parse_dates(pd.Series(["1999-12-31"]), ParseOptions(), WINDOW)
    assert bad.all()


def test_a_window_beyond_pandas_range_is_kept_inside_it():
    values, _ = date_values(pd.Series(["1600-01-01", "2500-01-01", "2100-01-01"]), ParseOptions())
    wide = (T("1500-01-01"), T("3000-01-01"))
    dates, outside = in_window(values, wide)
    assert outside.tolist() == [True, True, False]
    assert NS_RANGE[0] <= dates.min() <= dates.max() <= NS_RANGE[1]


def test_date_objects_are_dates_whatever_the_date_format():
    raw = pd.Series([dt.datetime(2025, 3, 4, 10, 30), "05/03/2025", pd.Timestamp("2025-03-06")])
    values, unreadable = date_values(raw, ParseOptions(date_format="%d/%m/%Y"))
    assert not unreadable.any()
    assert values.tolist() == [T("2025-03-04"), T("2025-03-05"), T("2025-03-06")]


def test_timezones_are_dropped_and_days_kept():
    raw = pd.Series(pd.to_datetime(["2025-03-04 23:30"]).tz_localize("Europe/Paris"))
    values, _ = date_values(raw, ParseOptions())
    assert values.tolist() == [T("2025-03-04")]


def test_us_dates_only_with_their_format():
    raw = pd.Series(["1/15/2025"])
    assert date_values(raw, ParseOptions())[1].all()
    assert date_values(raw, ParseOptions(date_format="%m/%d/%Y"))[0].tolist() == [T("2025-01-15")]


def test_each_distinct_text_is_read_once_and_every_cell_gets_its_date():
    raw = pd.Series(["2025-01-15", "15/01/2025", "2025-01-15", "x", None, "15.01.2025", "x"])
    values, unreadable = date_values(raw, ParseOptions())
    assert values.tolist()[:3] == [T("2025-01-15")] * 3 and values[5] == T("2025-01-15")
    assert unreadable.tolist() == [False, False, False, True, False, False, True]


@pytest.mark.parametrize(
    ("raw", "months", "bad"),
    [
        (["2025-01", "02/2025", "2025/03", "04-2025"], ["2025-01", "2025-02", "2025-03", "2025-04"],
         [False] * 4),
        (["2025-13", "9999-12"], [None, "9999-12"], [True, False]),
        ([dt.date(2025, 5, 17)], ["2025-05"], [False]),
        (["2025-06-17"], ["2025-06"], [False]),
    ],
    ids=["formats", "bad-and-far", "date-object", "a-date"],
)
def test_months(raw, months, bad):
    out, unreadable = parse_months(pd.Series(raw, dtype="object"), ParseOptions())
    assert [None if pd.isna(m) else str(m) for m in out] == months
    assert unreadable.tolist() == bad


@pytest.mark.parametrize(
    ("raw", "values", "bad"),
    [
        (["1", "2.0", " 3 "], [1.0, 2.0, 3.0], [False] * 3),
        (["1,5", "inf", "1e30", "x"], [None] * 4, [True] * 4),
        ([1.0, np.inf, 2e12], [1.0, None, None], [False, True, True]),
    ],
    ids=["whole", "unreadable-text", "numbers"],
)
def test_whole_numbers_are_finite_and_plausible(raw, values, bad):
    got, unreadable = parse_numbers(pd.Series(raw), ParseOptions())
    assert [None if pd.isna(v) else v for v in got] == values
    assert unreadable.tolist() == bad


def test_parse_options_refuse_an_unknown_decimal_separator():
    with pytest.raises(ValueError, match="séparateur décimal « ; » inconnu"):
        ParseOptions(decimal=";")
