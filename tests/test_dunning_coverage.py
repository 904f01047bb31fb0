"""Dunning coverage by hand (the dunning scenario of ``builders``, standard calendar)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from builders import DUNNING_AS_OF, audited, snap
from pandas.testing import assert_frame_equal

from recouvrement import dunning, kpi
from recouvrement.ledger import Ledger


@pytest.fixture
def led() -> Ledger:
    return audited()


def test_coverage_by_hand(led):
    cov = dunning.dunning_coverage(snap(led, DUNNING_AS_OF), "standard")
    # to dun: F1 1000, F2 1500 (2000 − 500), F3 500, F4 300 (F5 insolvent, F6 disputed,
    # F7 paid); with a reminder: F1, F2 -> 2 / 2500 €; without: F3, F4 -> 2 / 800 €
    expected = pd.DataFrame(
        {
            "n_invoices": [2, 2, 4],
            "amount": [2500.0, 800.0, 3300.0],
            "share_invoices": [50.0, 50.0, 100.0],
            "share_amount": [2500 / 3300 * 100, 800 / 3300 * 100, 100.0],
        },
        index=["relancées", "sans relance", "total"],
    )
    assert_frame_equal(cov.table(), expected)
    # F4 is 3 days late: J+5 not reached yet; F3 (25 days) should have been dunned
    assert cov.n_undunned_expected == 1
    assert cov.invoices.set_index("invoice_id")["reminder_expected"].to_dict() == {
        "F1": True,
        "F2": True,
        "F4": False,
        "F3": True,
    }
    assert cov.describe().startswith("Au 30/06/2025, 50,0")
    # same base and rule as the KPI
    k = kpi.dunning_coverage_rate(led, DUNNING_AS_OF)
    assert (k.numerator, k.denominator) == (cov.n_dunned, cov.n_overdue)


def test_coverage_nothing_to_dun(led):
    cov = dunning.dunning_coverage(snap(led, "2025-04-30"))  # nothing due yet
    assert cov.n_overdue == 0
    assert np.isnan(cov.table().loc["total", "share_invoices"])
    assert cov.describe() == "Aucune facture échue à relancer au 30/04/2025."
