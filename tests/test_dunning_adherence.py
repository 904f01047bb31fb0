"""Calendar adherence by hand (the dunning scenario of ``builders``, standard calendar)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from builders import DUNNING_AS_OF, D, audited, snap
from pandas.testing import assert_frame_equal

from recouvrement import dunning


def test_adherence_by_hand():
    adh = dunning.adherence(snap(audited(), DUNNING_AS_OF), "standard")
    got = adh.invoices.set_index("invoice_id")
    cols = [
        "days_past_due",
        "expected_level",
        "expected_date",
        "logged_level",
        "reached_date",
        "status",
        "days_late",
        "missed_steps",
    ]
    expected = pd.DataFrame(
        {
            # F1: 20 days late, J+15 -> level 2 expected since 25/06, done 26/06: 1 day late
            # F2: 40 days late, J+30 -> level 3 expected since 20/06, only level 1: 10 days
            #     late, levels 2 and 3 missed
            # F3: 25 days late, level 2 expected since 20/06, nothing: 10 days, 2 missed
            # F4: 3 days late, nothing expected before J+5
            "days_past_due": [20, 40, 25, 3],
            "expected_level": pd.array([2, 3, 2, pd.NA], dtype="Int64"),
            "expected_date": pd.to_datetime(
                ["2025-06-25", "2025-06-20", "2025-06-20", None]
            ).astype("datetime64[ns]"),
            "logged_level": pd.array([2, 1, pd.NA, pd.NA], dtype="Int64"),
            "reached_date": pd.to_datetime(["2025-06-26", None, None, None]).astype(
                "datetime64[ns]"
            ),
            "status": ["à jour", "en retard", "aucune relance", "à jour"],
            "days_late": pd.array([1, 10, 10, pd.NA], dtype="Int64"),
            "missed_steps": [0, 2, 2, 0],
        },
        index=pd.Index(["F1", "F2", "F3", "F4"], name="invoice_id"),
    )
    assert_frame_equal(got.loc[["F1", "F2", "F3", "F4"], cols], expected, check_dtype=False)
    assert got.loc["F1", "last_action_date"] == D("2025-06-26")
    assert list(adh.invoices.columns) == dunning.ADHERENCE_COLUMNS
    summary = adh.summary
    assert list(summary.index) == list(dunning.STATUSES)
    assert summary["n_invoices"].tolist() == [2, 1, 1, 0]
    assert summary["amount"].tolist() == [1300.0, 1500.0, 500.0, 0.0]
    assert summary["share_invoices"].tolist() == [50.0, 25.0, 25.0, 0.0]
    assert summary.loc["à jour", "mean_days_late"] == 1.0  # F4 has none
    assert np.isnan(summary.loc["en avance", "mean_days_late"])
