"""Tests of the large benchmark ledgers of the sample generator (tools/samples/large.py)."""

from __future__ import annotations

import pandas as pd
import pytest
from builders import END, EVENT_DATES, residuals
from pandas.testing import assert_frame_equal

from recouvrement import conventions as cv
from tools.samples import generate_large


@pytest.fixture(scope="module")
def large() -> dict[str, pd.DataFrame]:
    return generate_large(5_000, n_debtors=120, seed=1)


def test_generate_large_shapes_and_dtypes(large):
    assert set(large) == set(cv.TABLES)
    inv, pay = large["invoices"], large["payments"]
    assert inv.shape == (5_000, len(cv.columns("invoices"))) and inv["invoice_id"].is_unique
    assert large["debtors"].shape[0] == 120
    for table, frame in large.items():
        assert list(frame.columns) == cv.columns(table), table
        for col, kind in cv.column_types(table).items():
            expected = {"date": "datetime64[ns]", "money": "float64", "int": "int64"}.get(
                kind, "str"
            )
            assert frame[col].dtype == expected, (table, col)
    assert 4_000 <= len(pay) <= 6_000
    assert pay["invoice_id"].dropna().isin(inv["invoice_id"]).all()
    assert pay["invoice_id"].isna().any()
    assert (pay.dropna(subset=["invoice_id"]).groupby("invoice_id").size() == 2).any()
    assert len(large["credit_notes"]) and len(large["disputes"]) and len(large["write_offs"])
    for table, cols in EVENT_DATES.items():
        for col in cols:
            assert (large[table][col].dropna() <= END).all(), (table, col)
    assert (residuals(large) > -0.005).all()


def test_generate_large_is_deterministic(large):
    again = generate_large(5_000, n_debtors=120, seed=1)
    for table in cv.TABLES:
        assert_frame_equal(again[table], large[table], obj=table)
    assert not generate_large(5_000, n_debtors=120, seed=2)["invoices"].equals(large["invoices"])
