"""Periods and argument checks of the KPIs (kpi/periods.py)."""

from __future__ import annotations

import numpy as np
import pytest
from builders import D

from recouvrement.kpi.periods import check_method, check_months, history_note, period


def test_period_of_three_months():
    # (31/03, 30/06]: April 30 + May 31 + June 30 = 91 days
    start, days, text = period(D("2025-06-30"), 3)
    assert (start, days) == (D("2025-03-31"), 91)
    assert text == "période de 3 mois du 01/04/2025 au 30/06/2025 (91 jours)"


@pytest.mark.parametrize(
    "months", [0, -1, 1.5, True, "3"], ids=["zero", "negative", "float", "bool", "text"]
)
def test_check_months_refuses(months):
    with pytest.raises(ValueError, match="pack_months"):
        check_months(months, "pack_months")


def test_check_months_and_method_accept():
    assert check_months(np.int64(3)) == 3
    assert check_method("count", ("count", "amount")) == "count"
    with pytest.raises(ValueError, match="'sum'; choose one of count, amount"):
        check_method("sum", ("count", "amount"))


def test_history_note():
    issue = np.array(["2025-02-10", "2025-03-05"], dtype="datetime64[ns]")
    assert history_note(issue, D("2025-03-31")) == ""
    assert history_note(issue, D("2024-12-31")) == (
        " ; attention : historique incomplet, la première facture date du 10/02/2025"
    )
    assert history_note(issue[:0], D("2024-12-31")) == ""
