"""Factor values and badness by hand (:func:`builders.scored_ledger`), unmeasured factors."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from builders import SCORING_AS_OF, actions, ledger, scored_ledger, snap
from pandas.testing import assert_frame_equal, assert_series_equal

from recouvrement import dunning, scoring
from recouvrement.audit import audit_layer
from recouvrement.ledger import Ledger
from recouvrement.scoring.factors import badness, check_months, population


@pytest.fixture
def led() -> Ledger:
    return scored_ledger()


def test_factor_values_and_badness_by_hand(led):
    out = scoring.risk_scores(snap(led, SCORING_AS_OF)).set_index("debtor_id")
    r_late = 530_000 / 6000  # (1000×60 + 3000×116 + 2000×61) / 6000
    values = pd.DataFrame(
        {
            "days_late": [r_late, 21.4, 5.0, np.nan],
            "share_late": [100.0, 75.0, 50.0, np.nan],
            "disputes": [100 / 3, 25.0, 0.0, 0.0],
            "reminders": [2.0, 0.75, 1 / 3, 0.0],
            "instalments": [0.0, 25.0, 0.0, 0.0],
            "trend": [r_late - 24, 28.5, 10.0, np.nan],
            "relationship_age": [146.0, 607.0, 1020.0, 16.0],
        },
        index=pd.Index(["R", "M", "F", "N"], dtype="str", name="debtor_id"),
    )
    assert_frame_equal(out[values.columns], values)
    badness_ = pd.DataFrame(
        {
            "days_late_badness": [1.0, 21.4 / 60, 5 / 60, np.nan],
            "share_late_badness": [1.0, 0.75, 0.5, np.nan],
            "disputes_badness": [1.0, 1.0, 0.0, np.nan],  # N: no history, no badness
            "reminders_badness": [1.0, 0.375, 1 / 6, np.nan],
            "instalments_badness": [0.0, 0.5, 0.0, np.nan],
            "trend_badness": [1.0, 0.95, 1 / 3, np.nan],
            "relationship_age_badness": [0.6, 0.0, 0.0, np.nan],
        },
        index=values.index,
    )
    assert_frame_equal(out[badness_.columns], badness_)


@pytest.mark.parametrize(
    ("factor", "expected"),
    [
        # value / worst (60), clipped to [0, 1]; NaN stays NaN (not measured)
        ("days_late", [0.0, 0.5, 1.0, np.nan]),
        # relationship age: 1 − value / worst, clipped
        ("relationship_age", [1.0, 0.5, 0.0, np.nan]),
    ],
    ids=["value-over-worst", "relationship-age-reversed"],
)
def test_badness(factor, expected):
    values = pd.Series([-10.0, 30.0, 90.0, np.nan])
    assert_series_equal(badness(factor, values, 60.0), pd.Series(expected))


def test_population_is_every_debtor_with_a_balance_or_activity(led):
    # F, M and R have a balance or invoices in the period; N an invoice issued 15/10
    assert population(snap(led, SCORING_AS_OF), 12).tolist() == ["F", "M", "N", "R"]
    # a year earlier, P = (31/10/2024, 31/10/2025]: F's last activity (02/2024) is before
    # it, M0 was issued in it (03/03/2025), R and N have no invoice yet
    assert population(snap(led, "2025-10-31"), 12).tolist() == ["M"]


def test_missing_optional_tables_are_named_not_scored(led):
    # without disputes and actions those factors are NaN, left out, and the 70 points
    # of the other weights are scaled to 100; they are named in the details:
    # F 100 × (1 − (2.5 + 7.5 + 0 + 3.333 + 0) / 70) = 80.95 -> 81.0
    # R 100 × (1 − (30 + 15 + 0 + 10 + 6) / 70) = 12.86 -> 12.9
    bare = ledger(led.invoices, led.payments, debtors=led.debtors)
    out = scoring.risk_scores(snap(bare, SCORING_AS_OF)).set_index("debtor_id")
    assert out.loc[["R", "F"], "score"].tolist() == [12.9, 81.0]
    assert out.loc[["R", "F"], "risk_class"].tolist() == ["à risque", "fiable"]
    assert out.loc[["R", "F"], ["disputes", "reminders"]].isna().all().all()
    assert out.loc[["R", "F"], ["disputes_badness", "reminders_badness"]].isna().all().all()
    assert out.loc["F", "details"] == (
        "litiges : table des litiges non fournie, facteur exclu, poids des autres "
        "facteurs ramenés à 100 ; relances : journal des relances non fourni, facteur "
        "exclu, poids des autres facteurs ramenés à 100"
    )
    assert pd.isna(out.loc["N", "details"])


def test_months_must_leave_room_for_the_trend(led):
    with pytest.raises(ValueError, match="months must be > 3"):
        scoring.risk_scores(snap(led, SCORING_AS_OF), months=3)
    with pytest.raises(ValueError, match="months must be an integer number of months"):
        check_months(True)
    assert check_months(np.int64(6)) == 6


def test_reminders_after_settlement_are_the_creditors_error_not_the_debtors(led):
    # F2 was paid on 12/09/2026; a letter of 20/09 dunned what was paid
    late = actions(("F", "F2", "2026-09-20", 2, "courrier"))
    dunned = ledger(
        led.invoices,
        led.payments,
        debtors=led.debtors,
        disputes=led.disputes,
        actions=pd.concat([led.actions, late], ignore_index=True),
    )
    s = snap(dunned, SCORING_AS_OF)
    rows = dunning.action_rows_after_settlement(s)
    assert rows.tolist() == [len(led.actions)]  # only the new letter
    counted = scoring.risk_scores(s).set_index("debtor_id")
    assert counted.loc["F", "reminders"] == 2 / 3  # 2 reminders / 3 invoices of the period
    fair = scoring.risk_scores(s, ignored_actions=rows).set_index("debtor_id")
    assert fair.loc["F", "reminders"] == 1 / 3  # as without the letter
    before = scoring.risk_scores(snap(led, SCORING_AS_OF)).set_index("debtor_id")
    assert fair.loc["F", "score"] == before.loc["F", "score"] > counted.loc["F", "score"]
    # the audit layer passes them: its scores are the fair ones, at both dates
    layer = audit_layer(s)
    assert layer.scores.set_index("debtor_id").loc["F", "reminders"] == 1 / 3
    assert layer.after_settlement["invoice_id"].tolist() == ["F2"]
