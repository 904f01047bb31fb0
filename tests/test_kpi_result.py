"""The KPI result (kpi/result.py): French rendering, reasons, significance, the ratio factory."""

from __future__ import annotations

import pytest
from builders import APRIL, D

from recouvrement import kpi
from recouvrement.formatting import NBSP
from recouvrement.kpi.result import is_significant, ratio_result


@pytest.mark.parametrize(
    ("unit", "value", "text"),
    [
        ("%", 75.0, f"75,0{NBSP}%"),
        ("j", 73.714, f"73,7{NBSP}j"),
        ("€", 1234.56, f"1{NBSP}234,56{NBSP}€"),
        ("ratio", 0.0812, "0,081"),
    ],
    ids=["percent", "days", "euros", "ratio"],
)
def test_formatted(unit, value, text):
    r = kpi.KpiResult("dso", "x", value, unit, None, None, None, True, "", D(APRIL), None)
    assert r.formatted() == text


def test_result_without_value_needs_a_reason():
    with pytest.raises(ValueError, match="reason"):
        kpi.KpiResult("dso", "x", None, "j", None, None, None, True, "", D(APRIL), None)


@pytest.mark.parametrize(
    ("key", "n_debtors", "significant"),
    [
        ("recovery_rate_3m", 9, False),
        ("recovery_rate", 10, True),
        ("dispute_rate", None, True),
        ("dso", 1, True),
    ],
    ids=["variant-below-10", "ten-debtors", "no-count", "portfolio-ratio"],
)
def test_is_significant(key, n_debtors, significant):
    assert is_significant(key, n_debtors) is significant


def test_ratio_result_value_and_unavailable():
    # 3 / 4 × 100 = 75 %; a nil denominator gives the reason, keeping only the kept terms
    r = ratio_result(
        "dso", "j", D(APRIL), 3, "c", 3, 4, reason="rien", numerator=30.0, denominator=40.0
    )
    assert (r.value, r.numerator, r.denominator) == (75.0, 30.0, 40.0)
    none = ratio_result(
        "dso", "j", D(APRIL), 3, "c", 3, 0, reason="rien", numerator=30.0, keep=("numerator",)
    )
    assert (none.value, none.numerator, none.denominator) == (None, 30.0, None)
    assert none.reason == "non disponible : rien"
