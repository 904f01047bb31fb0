"""Prescription of open claims: 5 years between professionals, 2 against a private person."""

from __future__ import annotations

import pandas as pd
import pytest
from builders import D, debtors, invoices, ledger, payments, snap
from pandas.testing import assert_frame_equal

from recouvrement import legal
from recouvrement.conventions import DATE_DTYPE


def test_prescription_watch_by_hand():
    """Art. L.110-4 C. com. (5 years), L.218-2 C. consom. (2 years), 2240 C. civ. (a part
    payment restarts the period); unknown kind: the shortest."""
    led = ledger(
        invoices(
            ("S1", "A", "2020-08-31", "2020-09-30", 100.0),  # 30/09/2025: 92 days left
            ("S2", "A", "2020-02-29", "2020-03-31", 200.0),  # 31/03/2025: prescribed 91 days ago
            ("S3", "A", "2020-08-31", "2020-09-30", 300.0),  # part payment 10/05/2021 -> 10/05/2026
            ("S4", "P", "2023-09-15", "2023-10-15", 400.0),  # private, 2 years: 15/10/2025
            ("S5", "A", "2020-12-31", "2021-01-31", 500.0),  # 31/01/2026: beyond the horizon
            ("S6", "U", "2023-12-01", "2023-12-31", 600.0),  # unknown kind -> 2 years: 31/12/2025
        ),
        payments(("S3", "2021-05-10", 50.0)),
        debtors=debtors(
            ("A", None, "professionnel", None),
            ("P", None, "particulier", None),
            ("U", None, None, None),
        ),
    )
    out = legal.prescription_watch(snap(led, "2025-06-30"), horizon_months=6)
    expected = pd.DataFrame(
        {
            "invoice_id": pd.array(["S2", "S1", "S4", "S6"], dtype="str"),
            "prescription_years": [5, 5, 2, 2],
            "prescription_date": D(["2025-03-31", "2025-09-30", "2025-10-15", "2025-12-31"]).astype(
                DATE_DTYPE
            ),
            "days_left": [-91, 92, 107, 184],
            "prescribed": [True, False, False, False],
        }
    )
    assert_frame_equal(out[list(expected.columns)], expected)
    assert list(out.columns) == legal.PRESCRIPTION_COLUMNS
    assert "prudence" in out.loc[3, "note"]
    later = legal.prescription_watch(snap(led, "2025-06-30"), horizon_months=12)
    assert set(later["invoice_id"]) == {"S1", "S2", "S3", "S4", "S5", "S6"}
    s3 = later.set_index("invoice_id").loc["S3"]
    assert s3["start_date"] == pd.Timestamp("2021-05-10")
    assert s3["prescription_date"] == pd.Timestamp("2026-05-10")


@pytest.mark.parametrize("horizon", [-1, 1.5, True], ids=["negative", "fraction", "bool"])
def test_prescription_horizon_validated(horizon):
    led = ledger(
        invoices(("F1", "A", "2025-01-01", "2025-01-31", 100.0)),
        debtors=debtors(("A", None, "professionnel", None)),
    )
    with pytest.raises(ValueError, match="horizon_months"):
        legal.prescription_watch(snap(led, "2025-06-30"), horizon_months=horizon)
