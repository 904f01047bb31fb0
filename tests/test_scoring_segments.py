"""Risk classes at their score boundaries and ABC value segments (Pareto 80 / 15 / 5)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from recouvrement import scoring


def test_risk_class_boundaries():
    scores = pd.Series([100.0, 70.0, 69.9, 40.0, 39.9, 0.0, np.nan])
    expected = pd.Series(
        ["fiable", "fiable", "modéré", "modéré", "à risque", "à risque", None],
        dtype="str",
        name="risk_class",
    )
    assert_frame_equal(scoring.risk_class(scores).to_frame(), expected.to_frame())


@pytest.mark.parametrize(
    ("encours", "expected"),
    [
        # a+b reach exactly 80 %: c starts at 80 % -> B; d starts at 95 % -> C
        ({"a": 50.0, "b": 30.0, "c": 15.0, "d": 4.0, "e": 1.0}, "AABCC"),
        # b crosses 80 % (70 -> 90): it completes A; c 90 -> 96 is B; d 96 % -> C
        ({"a": 70.0, "b": 20.0, "c": 6.0, "d": 4.0}, "AABC"),
        # one debtor alone holds 90 %: A = {a}
        ({"a": 90.0, "b": 10.0}, "AB"),
        # tie at the boundary, broken by id: a (before 75 %) A, b (85 %) B; d 95 % -> C
        ({"c": 75.0, "b": 10.0, "a": 10.0, "d": 5.0}, "ABAC"),
        # nothing owed or unapplied cash only -> C, outside the Pareto total
        ({"a": 100.0, "b": 0.0, "c": -50.0}, "ACC"),
        ({"a": 0.0, "b": -10.0}, "CC"),
    ],
    ids=["exact-80", "crossing-debtor", "dominant", "tie-by-id", "non-positive", "nothing-owed"],
)
def test_abc_segments(encours, expected):
    series = pd.Series(encours)
    out = scoring.abc_segments(series)
    assert out.index.tolist() == series.index.tolist()  # input order kept
    assert "".join(out.tolist()) == expected
