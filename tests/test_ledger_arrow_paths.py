"""The ledger's Arrow shortcuts give exactly what the pandas and Python ways give."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pandera.errors import SchemaErrors

from recouvrement import conventions as cv
from recouvrement.ledger.checks import failing, schema
from recouvrement.ledger.lookup import KeyTable, repeated
from recouvrement.ledger.parse import NA_TEXTS, blank_to_na, parse_ids, text_cells
from recouvrement.ledger.parse_text import (
    CONTROL,
    PY_SPACE,
    control_rows,
    maybe_spaces,
    strip_controls,
)
from recouvrement.ledger.rules import currency_codes
from recouvrement.ledger.table import ROW, SET_ASIDE, WorkTable

SAME = settings(
    max_examples=200, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)

TEXT = st.one_of(
    st.none(),
    st.sampled_from([*NA_TEXTS, " nan ", "\u202fNone", "x", " F1 ", "\t"]),
    st.text(
        alphabet=st.sampled_from(list("aZ1 \t\n\u00a0\u202f\x00\x1f\x7f\x85\x9fé€")), max_size=5
    ),
)


def pandas_blank_to_na(s: pd.Series) -> pd.Series:
    s = s.astype("str").str.strip()
    return s.mask(s.isin(list(NA_TEXTS)))


@SAME
@given(cells=st.lists(TEXT, max_size=10))
def test_blank_to_na_in_arrow_is_that_of_pandas(cells):
    s = pd.Series(cells, dtype="str", index=range(5, 5 + len(cells)), name="debtor_id")
    pd.testing.assert_series_equal(blank_to_na(s), pandas_blank_to_na(s))
    as_objects = s.astype(object).where(s.notna(), None)
    pd.testing.assert_series_equal(text_cells(s), blank_to_na(as_objects.where(s.notna(), "")))
    pd.testing.assert_series_equal(parse_ids(s), parse_ids(as_objects))


@SAME
@given(cells=st.lists(TEXT, max_size=10), start=st.integers(0, 3))
def test_no_control_character_is_missed(cells, start):
    s = pd.Series(cells, dtype="str")[start:]
    expected = [isinstance(c, str) and bool(re.search(CONTROL, c)) for c in s]
    assert control_rows(s).tolist() == expected
    cleaned, hit = strip_controls(s, free_text=False)
    assert hit.tolist() == [isinstance(c, str) and bool(re.search(CONTROL, c)) for c in s]


def test_every_control_character_is_seen():
    for code in [*range(0x20), *range(0x7F, 0xA0)]:
        cells = pd.Series(["ok", f"a{chr(code)}b", "é"], dtype="str")
        assert control_rows(cells).tolist() == [False, True, False], hex(code)
    clean = pd.Series(["é", "\u00a0", "\u0100", "€", None, "Â\u00a0"], dtype="str")
    assert not control_rows(clean).any()
    chunked = pd.Series(
        pd.array(pa.chunked_array([["a\x00"], [], [None], ["b", "\x85"]]), dtype="str")
    )
    assert control_rows(chunked).tolist() == [True, False, False, True]


def test_currency_codes_are_read_once_per_distinct_cell():
    cells = pd.Series(["EUR", " eur", "€", None, "", "usd ", "xyz", "  "], name="currency")
    expected = ["EUR", "EUR", "EUR", np.nan, np.nan, "USD", "XYZ", np.nan]
    got = currency_codes(cells)
    assert got.dtype == "str" and got.name == "currency"
    assert got.tolist() == pd.Series(expected, dtype="str").tolist()
    assert currency_codes(pd.Series([None, None], dtype="str")).isna().all()


def test_key_table_finds_as_map_does():
    known = pd.Series(["D1", "D2", "D3"], index=pd.Index(["F1", "F2", "F3"], dtype="str"))
    keys = pd.Series(["F3", None, "F9", "F1", "F3"], dtype="str", index=[10, 11, 12, 13, 14])
    table = KeyTable(known)
    found = table.find(keys)
    assert found.tolist() == [2, -1, -1, 0, 2]
    assert table.has(keys).tolist() == [True, False, False, True, True]
    matched = found >= 0
    pd.testing.assert_series_equal(
        table.values_at(found[matched], keys.index[matched], keys.name),
        keys[matched].map(known),
    )
    assert table.find(pd.Series([], dtype="str")).tolist() == []


def test_alive_follows_the_rows_set_aside():
    frame = pd.DataFrame({"x": [1, 2, 3], ROW: np.array([4, 5, 6])})
    table = WorkTable("invoices", "f.csv", frame, read=3)
    assert table.alive().tolist() == [True, True, True]
    first = table.alive()
    table.flag([5], "x", 2, "problème", SET_ASIDE)
    assert table.alive().tolist() == [True, False, True]
    assert first.tolist() == [True, True, True]  # a mask given is never changed
    given = table.alive()
    given[0] = False
    assert table.alive().tolist() == [True, False, True]


def test_every_python_space_is_seen():
    for space in PY_SPACE:
        assert maybe_spaces(pd.Series(["ok", f"a{space}b"], dtype="str")), hex(ord(space))
    assert not maybe_spaces(pd.Series(["F0001", "D-12", None], dtype="str"))


@SAME
@given(
    cells=st.lists(st.one_of(st.none(), st.sampled_from(["F1", "F2", "F3", " F1"])), max_size=12)
)
def test_repeated_is_duplicated_keep_first(cells):
    s = pd.Series(cells, dtype="str", index=range(3, 3 + len(cells)), name="invoice_id")
    pd.testing.assert_series_equal(repeated(s), s.duplicated(keep="first"))
    ordered = pd.Series(sorted(c for c in cells if c is not None), dtype="str")
    pd.testing.assert_series_equal(repeated(ordered), ordered.duplicated(keep="first"))


def cases(err: SchemaErrors) -> set[tuple[int, str, str]]:
    """``(row, check, column)`` of each failure pandera lists."""
    found = err.failure_cases.dropna(subset=["index"])
    return {
        (int(i), str(check), str(column))
        for i, check, column in zip(found["index"], found["check"], found["column"], strict=True)
    }


@SAME
@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from([None, "F1", "F2"]),
            st.sampled_from([None, "D1"]),
            st.sampled_from([None, -5.0, 0.0, 12.5]),
            st.sampled_from([None, 0, 10]),
            st.sampled_from([None, 0, 5, 20]),
        ),
        max_size=6,
    ),
    table=st.sampled_from(["invoices", "payments", "actions", "debtors"]),
)
def test_whole_column_checks_find_the_rows_pandera_finds(rows, table):
    day = pd.Timestamp("2025-01-01")
    columns = {}
    for col, kind in cv.column_types(table).items():
        if kind == "date":
            at = 3 if col in ("issue_date", "date", "opened_date") else 4
            columns[col] = pd.Series(
                [None if r[at] is None else day + pd.Timedelta(days=r[at]) for r in rows],
                dtype="datetime64[ns]",
            )
        elif kind == "money":
            columns[col] = pd.Series([r[2] for r in rows], dtype="float64")
        elif kind == "int":
            columns[col] = pd.Series(
                [None if r[3] is None else r[3] - 5 for r in rows], dtype="Int64"
            )
        elif col == "debtor_id":
            columns[col] = pd.Series([r[1] for r in rows], dtype="str")
        else:
            columns[col] = pd.Series([r[0] for r in rows], dtype="str")
    frame = pd.DataFrame(columns, index=range(len(rows)))
    try:
        schema(table).validate(frame, lazy=True)
        failed = set()
    except SchemaErrors as err:
        failed = cases(err)
    rows = failing(table, frame)
    assert set(np.flatnonzero(rows)) == {index for index, _, _ in failed}
    if failed:  # pandera on the failing rows alone lists the same failures
        with pytest.raises(SchemaErrors) as alone:
            schema(table).validate(frame[rows], lazy=True)
        assert cases(alone.value) == failed
