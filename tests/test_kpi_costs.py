"""Collection costs (kpi/costs.py): per euro collected, against the encours, missing months."""

from __future__ import annotations

import pytest
from builders import APRIL, costs, invoices, ledger, payments, segmented_ledger

from recouvrement import kpi
from recouvrement.ledger import Ledger


@pytest.fixture
def costly() -> Ledger:
    """April 2025: collection costs 500 + 300 = 800 (two rows for April), March 1 000.

    Payments in April: 10 000 on O1 (due 31/03, overdue when paid) counted;
    5 000 on O2 (due 15/05, not yet due) not counted; 2 000 on O3 paid on its due
    date 10/04 (not overdue) not counted -> collected on overdue 10 000.
    Cost per euro = 800 / 10 000 = 0.08.
    Encours at 30/04: O1 20 000 − 10 000 + O2 8 000 − 5 000 + O3 0 = 13 000;
    costs / encours = 800 / 13 000 = 6.15 %.
    """
    inv = invoices(
        ("O1", "A", "2025-03-01", "2025-03-31", 20_000.0),
        ("O2", "B", "2025-04-15", "2025-05-15", 8_000.0),
        ("O3", "C", "2025-03-11", "2025-04-10", 2_000.0),
    )
    pay = payments(
        ("O1", "2025-04-10", 10_000.0), ("O2", "2025-04-20", 5_000.0), ("O3", "2025-04-10", 2_000.0)
    )
    return ledger(
        inv, pay, costs=costs(("2025-04", 500.0), ("2025-04", 300.0), ("2025-03", 1000.0))
    )


def test_cost_per_euro_collected(costly):
    r = kpi.cost_per_euro_collected(costly, APRIL)
    assert (r.numerator, r.denominator) == (800.0, 10_000.0)
    assert r.value == pytest.approx(0.08)
    assert r.unit == "ratio" and r.formatted() == "0,080"
    assert "au-delà de 1" in r.convention
    enc = kpi.cost_per_euro_collected(costly, APRIL, method="encours")
    assert enc.key == "cost_to_encours" and enc.unit == "%"
    assert enc.value == pytest.approx(800 / 13_000 * 100)


def test_cost_missing_month_is_named_never_zero(costly):
    r = kpi.cost_per_euro_collected(costly, APRIL, months=3)
    assert r.value is None
    assert "2025-02" in r.reason and "2025-03" not in r.reason


def test_cost_without_costs_table():
    r = kpi.cost_per_euro_collected(segmented_ledger(), APRIL)
    assert r.reason == "non disponible : pas de table des coûts de recouvrement"


def test_cost_unknown_method(costly):
    with pytest.raises(ValueError, match="'budget'"):
        kpi.cost_per_euro_collected(costly, APRIL, method="budget")
