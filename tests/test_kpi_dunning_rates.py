"""Dunning KPIs (kpi/dunning_rates.py): activation rate and dunning coverage.

The hand-checked ledger is :func:`builders.dunning_ledger` (its docstring
gives every expected figure).
"""

from __future__ import annotations

import pandas as pd
import pytest
from builders import APRIL, dunning_ledger, ledger, segmented_ledger
from pandas.testing import assert_frame_equal

from recouvrement import kpi


def test_activation_rate():
    r = kpi.activation_rate(dunning_ledger(), APRIL)
    assert (r.numerator, r.denominator) == (2.0, 4.0)
    assert r.value == 50.0
    assert r.n_debtors == 4 and not r.significant


def test_dunning_coverage_rate():
    r = kpi.dunning_coverage_rate(dunning_ledger(), APRIL)
    assert (r.numerator, r.denominator) == (4.0, 5.0)
    assert r.value == 80.0
    expected = pd.DataFrame(
        {
            "invoice_id": pd.array(["A6"], dtype="str"),
            "debtor_id": pd.array(["D6"], dtype="str"),
            "due_date": pd.to_datetime(["2025-03-01"]).astype("datetime64[ns]"),
            "days_past_due": [60],
            "residual": [600.0],
        }
    )
    assert_frame_equal(r.details, expected)


def test_coverage_without_debtors_excludes_no_one():
    # same ledger without the debtors table: A8 (insolvent debtor) is now to dun and not covered
    dunning = dunning_ledger()
    led = ledger(
        dunning.invoices, dunning.payments, disputes=dunning.disputes, actions=dunning.actions
    )
    r = kpi.dunning_coverage_rate(led, APRIL)
    assert (r.numerator, r.denominator) == (4.0, 6.0)
    assert "aucune exclusion" in r.convention


@pytest.mark.parametrize(
    "kpi_function",
    [kpi.activation_rate, kpi.dunning_coverage_rate],
    ids=["activation", "coverage"],
)
def test_dunning_kpis_need_actions(kpi_function):
    r = kpi_function(segmented_ledger(), APRIL)
    assert r.value is None
    assert r.reason == "non disponible : pas de table des relances"
