"""Best possible DSO, ADD and CEI (kpi/delinquency.py) on the DOMAIN.md CEI example.

:func:`builders.cei_ledger` gives every figure: as of 30/06/2025 over
3 months (91 days), sales 10 890, closing encours 6 340 of which 3 590 not due.
"""

from __future__ import annotations

import pytest
from builders import cei_ledger, segmented_ledger

from recouvrement import kpi
from recouvrement.formatting import NBSP

DAY = "2025-06-30"


def test_cei_domain_example():
    r = kpi.collection_effectiveness_index(cei_ledger(), DAY)
    assert (r.numerator, r.denominator) == (3490.0, 6240.0)
    assert r.value == pytest.approx(3490 / 6240 * 100)
    assert round(r.value, 1) == 55.9
    assert r.formatted() == f"55,9{NBSP}%"


def test_best_possible_dso_and_add():
    led = cei_ledger()
    simple = kpi.days_sales_outstanding(led, DAY)
    best = kpi.best_possible_dso(led, DAY)
    # not due 3 590 / 10 890 × 91
    assert best.value == pytest.approx(3590 / 10890 * 91)
    add = kpi.average_days_delinquent(led, DAY)
    assert add.value == pytest.approx(simple.value - best.value)
    # overdue 6 340 − 3 590 = 2 750
    assert add.value == pytest.approx(2750 / 10890 * 91)
    assert add.numerator == 2750.0


@pytest.mark.parametrize(
    "kpi_function",
    [kpi.best_possible_dso, kpi.average_days_delinquent],
    ids=["best-possible-dso", "add"],
)
def test_without_sales_is_unavailable(kpi_function):
    # nothing issued between 31/01/2026 and 30/04/2026
    r = kpi_function(segmented_ledger(), "2026-04-30")
    assert r.value is None
    assert r.reason == "non disponible : aucune vente nette sur la période"
    assert r.formatted() == "non disponible"
