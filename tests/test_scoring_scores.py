"""Risk scores, classes and exposure by hand (:func:`builders.scored_ledger`), class changes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from builders import (
    SCORING_AS_OF,
    actions,
    debtors,
    disputes,
    invoices,
    ledger,
    payments,
    scored_ledger,
    snap,
)
from pandas.testing import assert_frame_equal

from recouvrement import scoring
from recouvrement.ledger import Ledger


@pytest.fixture
def led() -> Ledger:
    return scored_ledger()


def test_scores_classes_and_exposure_by_hand(led):
    out = scoring.risk_scores(snap(led, SCORING_AS_OF))
    assert out.columns.tolist() == scoring.SCORE_COLUMNS
    expected = pd.DataFrame(
        {
            "debtor_id": ["R", "M", "F", "N"],
            "name": ["Risque & Cie", "Modéré SARL", "Fiable SA", "Nouveau SAS"],
            "score": [9.0, 45.4, 84.2, np.nan],
            "risk_class": ["à risque", "modéré", "fiable", None],
            "reason": [None, None, None, "non disponible : pas d'historique de paiement"],
            "encours": [5000.0, 2000.0, 500.0, 4000.0],
            "overdue": [5000.0, 2000.0, 0.0, 0.0],
            "credit_limit": [np.nan, 1500.0, 5000.0, 10000.0],
            "limit_breach": pd.array([None, True, False, False], dtype="boolean"),
            # R 5000 (before 0 %) A, N 4000 (43.5 %) A, M 2000 (78.3 % < 80 %) A,
            # F 500 (95.7 % ≥ 95 %) C
            "abc": ["A", "A", "C", "A"],
            "details": [None, None, None, None],
        }
    ).astype(
        {"debtor_id": "str", "name": "str", "risk_class": "str", "reason": "str", "abc": "str"}
    )
    expected = expected.astype({"details": "str"})
    assert_frame_equal(out[expected.columns], expected)
    assert out["recommendation"].tolist()[:3] == [
        scoring.RECOMMENDATIONS["à risque"],
        scoring.RECOMMENDATIONS["modéré"],
        scoring.RECOMMENDATIONS["fiable"],
    ]
    assert "acompte de 30 %" in out.loc[0, "recommendation"]
    assert pd.isna(out.loc[3, "recommendation"])


def test_custom_weights_change_the_score(led):
    # everything on days_late: R badness 1 -> 0; M 100 − 100 × 21.4/60 = 64.3;
    # F 100 − 100/12 = 91.7
    weights = scoring.load_weights()
    weights["weight"] = [100.0 if f == "days_late" else 0.0 for f in weights["factor"]]
    out = scoring.risk_scores(snap(led, SCORING_AS_OF), weights=weights).set_index("debtor_id")
    assert out["score"].iloc[:3].tolist() == [0.0, 64.3, 91.7]
    assert out.index.tolist() == ["R", "M", "F", "N"]
    assert out["risk_class"].iloc[:3].tolist() == ["à risque", "modéré", "fiable"]


def test_no_measured_factor_is_not_a_score(led):
    # all the weight on disputes, and no disputes table: nothing to score with
    bare = ledger(led.invoices, led.payments, debtors=led.debtors)
    weights = scoring.load_weights()
    weights["weight"] = [100.0 if f == "disputes" else 0.0 for f in weights["factor"]]
    out = scoring.risk_scores(snap(bare, SCORING_AS_OF), weights=weights).set_index("debtor_id")
    assert out["score"].isna().all()
    assert out["risk_class"].isna().all()
    assert out.loc[["F", "M", "R"], "reason"].eq(scoring.NO_FACTOR_REASON).all()
    assert out.loc["N", "reason"] == scoring.NO_HISTORY_REASON


# ---------------------------------------------------------------------------
# Class worsening between two month ends
# ---------------------------------------------------------------------------
@pytest.fixture
def changing() -> Ledger:
    """W worsens (fiable -> modéré), S stays fiable, T is newly scored.

    W (since 10/01/2024): W1 1 000 € due 30/07/2026 paid on 30/07; W2 3 000 € due
    30/09/2026 unpaid, disputed on 10/10, reminded on 05/10 and 20/10.
      at 30/09: W1 settled on time, W2 due that day (not overdue): every factor 0, the
        trend has no earlier window (nothing settled or overdue before 30/06) -> 100.0
      at 31/10: days_late (1000×0 + 3000×31)/4000 = 23.25 -> 0.3875 × 30 = 11.625;
        share 1/2 -> 7.5; disputes 1/2 = 50 % -> 15; reminders 2/2 = 1 -> 0.5 × 15 = 7.5;
        trend 31 (W2) − 0 (W1) = 31 -> 10; score 100 − 51.625 = 48.4 -> modéré
    S: always on time (100 at both dates). T: first invoice due 15/10, unpaid: no score
    at 30/09, a score at 31/10 (not a worsening).
    """
    inv = invoices(
        ("W0", "W", "2024-01-10", "2024-02-09", 1000.0),
        ("W1", "W", "2026-06-30", "2026-07-30", 1000.0),
        ("W2", "W", "2026-08-31", "2026-09-30", 3000.0),
        ("S0", "S", "2024-01-10", "2024-02-09", 1000.0),
        ("S2", "S", "2026-05-01", "2026-05-31", 1000.0),
        ("S1", "S", "2026-09-01", "2026-10-01", 1000.0),
        ("T1", "T", "2026-09-15", "2026-10-15", 1000.0),
    )
    pay = payments(
        ("W0", "2024-02-09", 1000.0),
        ("W1", "2026-07-30", 1000.0),
        ("S0", "2024-02-09", 1000.0),
        ("S2", "2026-05-31", 1000.0),
        ("S1", "2026-10-01", 1000.0),
    )
    acts = actions(("W", "W2", "2026-10-05", 1, "email"), ("W", "W2", "2026-10-20", 1, "email"))
    disp = disputes(("W2", "2026-10-10", None))
    names = debtors(
        ("W", "Wagram", None, None), ("S", "Sûr", None, None), ("T", "Tardif", None, None)
    )
    return ledger(inv, pay, debtors=names, actions=acts, disputes=disp)


def test_class_changes_since_previous_month_end(changing):
    out = scoring.class_changes(snap(changing, SCORING_AS_OF))
    expected = pd.DataFrame(
        {
            "debtor_id": ["W"],
            "name": ["Wagram"],
            "previous_score": [100.0],
            "previous_class": ["fiable"],
            "score": [48.4],
            "risk_class": ["modéré"],
            "score_change": [-51.6],
        }
    ).astype({"debtor_id": "str", "name": "str", "previous_class": "str", "risk_class": "str"})
    assert_frame_equal(out, expected)
    assert out.columns.tolist() == scoring.CHANGE_COLUMNS
    # mid-month as_of compares with the previous month end too (30/09)
    mid = scoring.risk_scores(snap(changing, "2026-09-30")).set_index("debtor_id")
    assert mid.loc["W", "score"] == 100.0
    assert pd.isna(mid.loc["T", "score"])
    assert "tendance" in mid.loc["W", "details"]
