"""Next dunning actions by hand (the dunning scenario of ``builders``), one procedure per debtor."""

from __future__ import annotations

import pandas as pd
import pytest
from builders import DUNNING_AS_OF, POLICY, D, audited, frames, invoices, snap
from pandas.testing import assert_frame_equal

from recouvrement import dunning
from recouvrement.dunning import DunningConfigError
from recouvrement.ledger import Ledger


@pytest.fixture
def led() -> Ledger:
    return audited()


def test_next_actions_by_hand(led):
    plan = dunning.next_actions(snap(led, DUNNING_AS_OF), "standard", horizon_days=30)
    got = plan.actions
    assert list(got.columns) == dunning.ACTION_COLUMNS
    expected = pd.DataFrame(
        {
            # B: F2 at level 1 -> level 2 due 21/05 + 15 = 05/06, 25 days overdue
            # C: F3 nothing -> level 1 due 05/06 + 5 = 10/06, 20 days overdue
            # A: F1 at level 2 -> level 3 on 10/07; F4 -> level 1 on 02/07: one procedure
            #    at level 3 on 02/07 for F1 + F4 = 1300
            "debtor_id": ["B", "C", "A"],
            "name": ["Bêta", "Gamma", "Alpha"],
            "level": [2, 1, 3],
            "channel": ["courrier", "email", "LRAR"],
            "action_date": pd.to_datetime(["2025-06-05", "2025-06-10", "2025-07-02"]),
            "status": ["en retard", "en retard", "à venir"],
            "days_overdue": [25, 20, 0],
            "invoices": [["F2"], ["F3"], ["F1", "F4"]],
            "n_invoices": [2 - 1, 1, 2],
            "amount": [1500.0, 500.0, 1300.0],
        }
    )
    assert_frame_equal(got[expected.columns], expected, check_dtype=False)
    # paid (F7, dunned and settled on 20/06), insolvent (F5), disputed (F6): not proposed
    excluded = plan.excluded
    assert list(excluded.columns) == dunning.EXCLUDED_COLUMNS
    assert excluded[["invoice_id", "reason", "residual"]].to_numpy().tolist() == [
        ["F7", "payée", 0.0],
        ["F5", "procédure collective", 800.0],
        ["F6", "litige", 700.0],
    ]
    assert excluded.loc[1, "todo"] == "déclarer la créance au mandataire judiciaire"
    assert excluded.loc[2, "todo"] == "résoudre le litige avant toute relance"
    proposed = {i for invs in got["invoices"] for i in invs}
    assert proposed.isdisjoint(excluded["invoice_id"])


def test_next_actions_horizon_and_exhausted_calendar(led):
    # with no look-ahead only the overdue steps remain (A's steps fall in July)
    plan = dunning.next_actions(snap(led, DUNNING_AS_OF), "standard", horizon_days=0)
    assert plan.actions["debtor_id"].tolist() == ["B", "C"]
    # at 31/08 F1 (level 2 logged) still needs level 3; with a calendar stopping at
    # level 2, F1 has nothing left to do and is flagged
    short = [
        {"level": 1, "days": 5, "channel": "email", "label": "a"},
        {"level": 2, "days": 15, "channel": "courrier", "label": "b"},
    ]
    plan = dunning.next_actions(snap(led, "2025-08-31"), short)
    row = plan.excluded.set_index("invoice_id").loc["F1"]
    assert row["reason"] == "calendrier épuisé"
    assert "F1" not in {i for invs in plan.actions["invoices"] for i in invs}


def test_next_actions_follow_the_risk_class_calendars():
    led = audited(meta=POLICY)  # maison by default, progressif for "à risque"
    plan = dunning.next_actions(snap(led, DUNNING_AS_OF), risk_classes={"B": "à risque"})
    by_debtor = plan.actions.set_index("debtor_id")
    # B follows progressif: F2 at level 1 -> level 2 (téléphone) at 21/05 + 7 = 28/05
    assert by_debtor.loc["B", ["level", "channel", "calendar"]].tolist() == [
        2,
        "téléphone",
        "progressif",
    ]
    assert by_debtor.loc["B", "action_date"] == D("2025-05-28")
    # C follows maison: F3 no action -> level 1 at 05/06 + 3 = 08/06
    assert by_debtor.loc["C", "action_date"] == D("2025-06-08")
    assert by_debtor.loc["C", "calendar"] == "maison"
    # an explicit calendar and risk classes together are ambiguous
    with pytest.raises(ValueError, match="risk_classes"):
        dunning.next_actions(snap(led, DUNNING_AS_OF), "standard", risk_classes={"B": "à risque"})
    with pytest.raises(DunningConfigError, match="'mauvais'"):
        dunning.next_actions(snap(led, DUNNING_AS_OF), risk_classes={"B": "mauvais"})


def test_company_pre_due_notice_is_proposed_before_the_due_date():
    tables = frames()
    # F8 due 20/07: notice at 15/07 (J−5) falls within the horizon (30/07)
    tables["invoices"] = pd.concat(
        [tables["invoices"], invoices(("F8", "G", "2025-06-20", "2025-07-20", 100.0))],
        ignore_index=True,
    )
    led = audited(tables, {"dunning": {"pre_due_notice": 5}})
    assert dunning.calendar_for(led).steps[0].days == -5
    plan = dunning.next_actions(snap(led, DUNNING_AS_OF)).actions.set_index("debtor_id")
    row = plan.loc["G"]
    assert (row["level"], row["action_date"], row["label"]) == (
        0,
        D("2025-07-15"),
        "Avis d'échéance prochaine",
    )
    # an overdue invoice is never sent a pre-due notice: C goes to level 1
    assert plan.loc["C", "level"] == 1


@pytest.mark.parametrize("horizon", [-1, 2.5], ids=["negative", "not-an-integer"])
def test_invalid_horizon(horizon):
    with pytest.raises(ValueError, match="horizon_days"):
        dunning.next_actions(snap(audited(), DUNNING_AS_OF), horizon_days=horizon)
