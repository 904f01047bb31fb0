"""Dunning audit: calendars, coverage, adherence, effectiveness and next actions, by hand.

The small ledger below is audited at 30/06/2025 with the ``standard`` calendar
(J+5 level 1, J+15 level 2, J+30 level 3). Every expected value is worked out in the
comments next to it. Amounts in euros, shares in percent, delays in days.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

import recouvrement as rc
from recouvrement import dunning, kpi
from recouvrement.aging import snapshot
from recouvrement.dunning import Calendar, DunningConfigError, Step
from recouvrement.ledger import Ledger

D = pd.Timestamp
AS_OF = "2025-06-30"
SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"


def _frames() -> dict[str, pd.DataFrame]:
    """The input frames of the ledger (kept to check they are never mutated).

    F1 A  due 10/06  1000  L1 15/06 (J+5), L2 26/06 (J+16)      dpd 20
    F2 B  due 21/05  2000  L1 26/05 (J+5); 500 paid 03/06        dpd 40
    F3 C  due 05/06   500  no action                             dpd 25
    F4 A  due 27/06   300  no action                             dpd 3
    F5 D  due 01/05   800  debtor D insolvent since 01/06
    F6 E  due 15/05   700  dispute open since 01/06
    F7 E  due 20/05   400  L1 25/05, paid in full 20/06
    """
    invoices = pd.DataFrame(
        {
            "invoice_id": ["F1", "F2", "F3", "F4", "F5", "F6", "F7"],
            "debtor_id": ["A", "B", "C", "A", "D", "E", "E"],
            "issue_date": pd.to_datetime(
                [
                    "2025-05-11",
                    "2025-04-21",
                    "2025-05-06",
                    "2025-05-28",
                    "2025-04-01",
                    "2025-04-15",
                    "2025-04-20",
                ]
            ),
            "due_date": pd.to_datetime(
                [
                    "2025-06-10",
                    "2025-05-21",
                    "2025-06-05",
                    "2025-06-27",
                    "2025-05-01",
                    "2025-05-15",
                    "2025-05-20",
                ]
            ),
            "amount": [1000.0, 2000.0, 500.0, 300.0, 800.0, 700.0, 400.0],
        }
    )
    payments = pd.DataFrame(
        {
            "invoice_id": ["F2", "F7"],
            "date": pd.to_datetime(["2025-06-03", "2025-06-20"]),
            "amount": [500.0, 400.0],
        }
    )
    debtors = pd.DataFrame(
        {
            "debtor_id": ["A", "B", "C", "D", "E"],
            "name": ["Alpha", "Bêta", "Gamma", "Delta", "Epsilon"],
            "insolvency_date": pd.to_datetime([None, None, None, "2025-06-01", None]),
        }
    )
    actions = pd.DataFrame(
        {
            "debtor_id": ["A", "A", "B", "E"],
            "invoice_id": ["F1", "F1", "F2", "F7"],
            "date": pd.to_datetime(["2025-06-15", "2025-06-26", "2025-05-26", "2025-05-25"]),
            "channel": ["email", "courrier", "email", "email"],
            "level": [1, 2, 1, 1],
        }
    )
    disputes = pd.DataFrame({"invoice_id": ["F6"], "opened_date": pd.to_datetime(["2025-06-01"])})
    return {
        "invoices": invoices,
        "payments": payments,
        "debtors": debtors,
        "actions": actions,
        "disputes": disputes,
    }


def _ledger(frames: dict[str, pd.DataFrame], meta: dict | None = None) -> Ledger:
    return Ledger(
        frames["invoices"],
        frames["payments"],
        debtors=frames["debtors"],
        actions=frames["actions"],
        disputes=frames["disputes"],
        meta=meta,
    )


@pytest.fixture
def ledger() -> Ledger:
    return _ledger(_frames())


# ---------------------------------------------------------------------------
# Calendars
# ---------------------------------------------------------------------------
def test_presets_load():
    assert dunning.preset_names() == ("standard", "progressif")
    standard = dunning.load_calendar("standard")
    assert [(s.level, s.days, s.channel) for s in standard.steps] == [
        (1, 5, "email"),
        (2, 15, "courrier"),
        (3, 30, "LRAR"),
    ]
    progressif = dunning.load_calendar("progressif")
    assert [(s.level, s.days, s.channel) for s in progressif.steps] == [
        (1, 1, "email"),
        (2, 7, "téléphone"),
        (3, 15, "courrier"),
        (4, 30, "LRAR"),
        (5, 45, "agence"),
    ]
    assert "Mise en demeure" in progressif.step(4).label
    assert progressif.step(6) is None
    assert dunning.load_calendar(standard) is standard


def test_pre_due_notice():
    cal = dunning.load_calendar("standard").with_notice(5)
    assert cal.steps[0] == Step(0, -5, "email", "Avis d'échéance prochaine")
    assert cal.notices == (cal.steps[0],) and len(cal.reminders) == 3
    assert_frame_equal(
        cal.table().head(1),
        pd.DataFrame(
            {
                "level": [0],
                "days": [-5],
                "channel": ["email"],
                "label": ["Avis d'échéance prochaine"],
            }
        ),
    )


MAISON = [
    {"level": 1, "days": 3, "channel": "email", "label": "Relance courtoise"},
    {"level": 2, "days": 20, "channel": "LRAR", "label": "Mise en demeure"},
]


def test_company_calendar_and_risk_classes(ledger):
    frames = _frames()
    meta = {
        "dunning": {
            "calendars": {"maison": MAISON},
            "calendar": "maison",
            "by_risk_class": {"à risque": "progressif"},
        }
    }
    led = _ledger(frames, meta)
    assert dunning.calendar_for(led).name == "maison"
    assert [s.days for s in dunning.calendar_for(led).steps] == [3, 20]
    assert dunning.calendar_for(led, "à risque").name == "progressif"
    assert dunning.calendar_for(led, "fiable").name == "maison"  # no calendar for the class
    assert dunning.calendar_for(ledger).name == "standard"  # no dunning section
    with pytest.raises(DunningConfigError, match="'douteux'"):
        dunning.calendar_for(led, "douteux")

    plan = dunning.next_actions(snapshot(led, AS_OF), risk_classes={"B": "à risque"})
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
        dunning.next_actions(snapshot(led, AS_OF), "standard", risk_classes={"B": "à risque"})
    with pytest.raises(DunningConfigError, match="'mauvais'"):
        dunning.next_actions(snapshot(led, AS_OF), risk_classes={"B": "mauvais"})


def test_company_pre_due_notice_is_proposed_before_the_due_date():
    frames = _frames()
    # F8 due 20/07: notice at 15/07 (J−5) falls within the horizon (30/07)
    frames["invoices"] = pd.concat(
        [
            frames["invoices"],
            pd.DataFrame(
                {
                    "invoice_id": ["F8"],
                    "debtor_id": ["G"],
                    "issue_date": [D("2025-06-20")],
                    "due_date": [D("2025-07-20")],
                    "amount": [100.0],
                }
            ),
        ],
        ignore_index=True,
    )
    led = _ledger(frames, {"dunning": {"pre_due_notice": 5}})
    assert dunning.calendar_for(led).steps[0].days == -5
    row = dunning.next_actions(snapshot(led, AS_OF)).actions.set_index("debtor_id").loc["G"]
    assert (row["level"], row["action_date"], row["label"]) == (
        0,
        D("2025-07-15"),
        "Avis d'échéance prochaine",
    )
    # an overdue invoice is never sent a pre-due notice: C goes to level 1
    assert dunning.next_actions(snapshot(led, AS_OF)).actions.set_index("debtor_id").loc["C", "level"] == 1


@pytest.mark.parametrize(
    ("spec", "match"),
    [
        ("hebdo", "unknown dunning calendar 'hebdo'; known calendars: progressif, standard"),
        ([], "no step"),
        (b"not a list", "expected a list of steps"),
        (
            [{"level": 1, "days": "quinze", "channel": "email", "label": "x"}],
            r"calendar\[0\]\.days: expected an integer, got 'quinze'",
        ),
        ([{"level": 1, "days": 5, "channel": "email"}], "missing: label"),
        (
            [{"level": 1, "days": 5, "channel": "email", "label": "x", "delai": 8}],
            "unknown: delai",
        ),
        ([{"level": -1, "days": 5, "channel": "email", "label": "x"}], "must be ≥ 0, got -1"),
        (
            [
                {"level": 1, "days": 15, "channel": "email", "label": "x"},
                {"level": 2, "days": 5, "channel": "email", "label": "y"},
            ],
            r"strictly increasing, got \[15, 5\]",
        ),
        (
            [
                {"level": 2, "days": 5, "channel": "email", "label": "x"},
                {"level": 1, "days": 15, "channel": "email", "label": "y"},
            ],
            r"levels must be strictly increasing with the days, got \[2, 1\]",
        ),
        ([{"level": 0, "days": -5, "channel": "email", "label": "x"}], "no step after the due"),
        ([{"level": 1, "days": 5, "channel": " ", "label": "x"}], "channel: expected a non-empty"),
    ],
    ids=[
        "unknown-name",
        "empty",
        "not-a-list",
        "days-not-int",
        "missing-key",
        "unknown-key",
        "negative-level",
        "days-decreasing",
        "levels-decreasing",
        "only-notice",
        "blank-channel",
    ],
)
def test_invalid_calendar_spec(spec, match):
    with pytest.raises(DunningConfigError, match=match):
        dunning.load_calendar(spec)


@pytest.mark.parametrize(
    ("section", "match"),
    [
        (["standard"], "dunning: expected a mapping"),
        ({"calendrier": "standard"}, "unknown key.*calendrier; allowed: calendar, calendars"),
        ({"calendar": "maison"}, "unknown dunning calendar 'maison'"),
        ({"calendars": {"maison": [{"level": 1}]}}, r"dunning\.calendars\.maison\[0\]"),
        ({"by_risk_class": {"douteux": "standard"}}, "unknown risk class 'douteux'"),
        ({"by_risk_class": {"fiable": "souple"}}, "unknown dunning calendar 'souple'"),
        ({"pre_due_notice": 0}, "pre_due_notice must be a number of days ≥ 1, got 0"),
    ],
    ids=[
        "not-mapping",
        "unknown-key",
        "unknown-calendar",
        "bad-company-step",
        "unknown-class",
        "class-unknown-calendar",
        "notice-zero",
    ],
)
def test_invalid_company_section(section, match):
    led = _ledger(_frames(), {"dunning": section})
    with pytest.raises(DunningConfigError, match=match):
        dunning.calendar_for(led)


def test_letters_key_is_left_to_letters_module():
    led = _ledger(_frames(), {"dunning": {"calendar": "progressif", "letters": {"contact": "x"}}})
    assert dunning.calendar_for(led).name == "progressif"


# ---------------------------------------------------------------------------
# Coverage
# ---------------------------------------------------------------------------
def test_coverage_by_hand(ledger):
    cov = dunning.dunning_coverage(snapshot(ledger, AS_OF), "standard")
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
    k = kpi.dunning_coverage_rate(ledger, AS_OF)
    assert (k.numerator, k.denominator) == (cov.n_dunned, cov.n_overdue)


def test_coverage_nothing_to_dun(ledger):
    cov = dunning.dunning_coverage(snapshot(ledger, "2025-04-30"))  # nothing due yet
    assert cov.n_overdue == 0
    assert np.isnan(cov.table().loc["total", "share_invoices"])
    assert cov.describe() == "Aucune facture échue à relancer au 30/04/2025."


def test_debtor_level_action_covers_invoices_due_by_its_date():
    frames = _frames()
    extra = pd.DataFrame(
        {
            "debtor_id": ["A"],
            "invoice_id": [None],
            "date": [D("2025-06-20")],
            "channel": ["téléphone"],
            "level": [3],
        }
    )
    frames["actions"] = pd.concat([frames["actions"], extra], ignore_index=True)
    adh = dunning.adherence(snapshot(_ledger(frames), AS_OF)).invoices.set_index("invoice_id")
    # F1 (due 10/06) reaches level 3 on 20/06: ahead of the J+15 level 2
    assert adh.loc["F1", "logged_level"] == 3 and adh.loc["F1", "status"] == "en avance"
    # F4 (due 27/06) was not due on 20/06: the call does not count for it
    assert pd.isna(adh.loc["F4", "logged_level"])


# ---------------------------------------------------------------------------
# Adherence
# ---------------------------------------------------------------------------
def test_adherence_by_hand(ledger):
    adh = dunning.adherence(snapshot(ledger, AS_OF), "standard")
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


# ---------------------------------------------------------------------------
# Effectiveness
# ---------------------------------------------------------------------------
def test_effectiveness_by_hand(ledger):
    eff = dunning.effectiveness(snapshot(ledger, AS_OF), "standard", within_days=15, months=12)
    # actions dated in (30/06/2024, 15/06/2025]: F2 L1 26/05, F7 L1 25/05, F1 L1 15/06;
    # F1 L2 26/06 is too recent (its 15-day window ends after 30/06).
    # amount at the action: F2 2000 + F7 400 + F1 1000 = 3400
    # paid within 15 days: F2 500 on 03/06 (≤ 10/06); F7's 20/06 payment is after 09/06
    expected = pd.DataFrame(
        {
            "level": [1],
            "label": ["Relance courtoise"],
            "n_actions": [3],
            "amount": [3400.0],
            "paid": [500.0],
            "share_paid": [500 / 3400 * 100],
        }
    )
    assert_frame_equal(eff, expected, check_dtype=False)
    # with a 26-day window, F7's payment counts (≤ 20/06) but F1's action drops out
    eff25 = dunning.effectiveness(snapshot(ledger, AS_OF), "standard", within_days=26)
    assert eff25[["n_actions", "amount", "paid"]].iloc[0].tolist() == [2, 2400.0, 900.0]
    with pytest.raises(ValueError, match="within_days must be ≥ 1, got 0"):
        dunning.effectiveness(snapshot(ledger, AS_OF), within_days=0)


# ---------------------------------------------------------------------------
# Next actions
# ---------------------------------------------------------------------------
def test_next_actions_by_hand(ledger):
    plan = dunning.next_actions(snapshot(ledger, AS_OF), "standard", horizon_days=30)
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
    assert excluded[["invoice_id", "reason", "residual"]].to_numpy().tolist() == [
        ["F7", "payée", 0.0],
        ["F5", "procédure collective", 800.0],
        ["F6", "litige", 700.0],
    ]
    assert excluded.loc[1, "todo"] == "déclarer la créance au mandataire judiciaire"
    assert excluded.loc[2, "todo"] == "résoudre le litige avant toute relance"
    proposed = {i for invs in got["invoices"] for i in invs}
    assert proposed.isdisjoint(excluded["invoice_id"])


def test_next_actions_horizon_and_exhausted_calendar(ledger):
    # with no look-ahead only the overdue steps remain (A's steps fall in July)
    plan = dunning.next_actions(snapshot(ledger, AS_OF), "standard", horizon_days=0)
    assert plan.actions["debtor_id"].tolist() == ["B", "C"]
    # at 31/08 F1 (level 2 logged) still needs level 3; with a calendar stopping at
    # level 2, F1 has nothing left to do and is flagged
    short = [
        {"level": 1, "days": 5, "channel": "email", "label": "a"},
        {"level": 2, "days": 15, "channel": "courrier", "label": "b"},
    ]
    plan = dunning.next_actions(snapshot(ledger, "2025-08-31"), short)
    row = plan.excluded.set_index("invoice_id").loc["F1"]
    assert row["reason"] == "calendrier épuisé"
    assert "F1" not in {i for invs in plan.actions["invoices"] for i in invs}


# ---------------------------------------------------------------------------
# Purity and the bundled sample
# ---------------------------------------------------------------------------
def test_inputs_not_mutated():
    frames = _frames()
    before = {k: v.copy() for k, v in frames.items()}
    meta = {"dunning": {"calendar": "progressif", "by_risk_class": {"fiable": "standard"}}}
    led = _ledger(frames, meta)
    tables = {n: getattr(led, n).copy() for n in ("invoices", "payments", "actions", "debtors")}
    dunning.dunning_coverage(snapshot(led, AS_OF))
    dunning.adherence(snapshot(led, AS_OF))
    dunning.effectiveness(snapshot(led, AS_OF))
    dunning.next_actions(snapshot(led, AS_OF), risk_classes={"A": "fiable"})
    for k, v in frames.items():
        assert_frame_equal(v, before[k])
    for n, v in tables.items():
        assert_frame_equal(getattr(led, n), v)
    assert meta == {"dunning": {"calendar": "progressif", "by_risk_class": {"fiable": "standard"}}}


def test_missing_actions_table_raises():
    frames = _frames()
    led = Ledger(frames["invoices"], frames["payments"])
    with pytest.raises(ValueError, match="actions table"):
        dunning.adherence(snapshot(led, AS_OF))


def test_sample_conseil_horizon_structure():
    led = rc.read_ledger(SAMPLES / "conseil-horizon")
    day = "2025-12-31"
    cov = dunning.dunning_coverage(snapshot(led, day))
    table = cov.table()
    assert cov.n_overdue > 0
    assert (
        table.loc["relancées", "n_invoices"] + table.loc["sans relance", "n_invoices"]
        == (table.loc["total", "n_invoices"])
    )
    assert table.loc[["relancées", "sans relance"], "share_invoices"].sum() == pytest.approx(100)
    assert table.loc[["relancées", "sans relance"], "share_amount"].sum() == pytest.approx(100)
    k = kpi.dunning_coverage_rate(led, day)
    assert k.value == pytest.approx(table.loc["relancées", "share_invoices"])

    adh = dunning.adherence(snapshot(led, day))
    assert len(adh.invoices) == cov.n_overdue
    assert adh.summary["n_invoices"].sum() == cov.n_overdue
    assert set(adh.invoices["status"]) <= set(dunning.STATUSES)

    plan = dunning.next_actions(snapshot(led, day))
    assert plan.actions["debtor_id"].is_unique  # one procedure per debtor
    proposed = [
        (d, i)
        for d, invs in zip(plan.actions["debtor_id"], plan.actions["invoices"], strict=True)
        for i in invs
    ]
    owner = led.invoices.set_index("invoice_id")["debtor_id"]
    assert all(owner[i] == d for d, i in proposed)
    assert {i for _, i in proposed}.isdisjoint(plan.excluded["invoice_id"])
    assert plan.actions["n_invoices"].sum() == len(proposed)
    open_now = dunning.aging.open_items(led, day).set_index("invoice_id")
    assert not open_now.loc[[i for _, i in proposed], "disputed"].any()

    eff = dunning.effectiveness(snapshot(led, day))
    assert (eff["paid"] <= eff["amount"]).all()
    assert eff["level"].is_monotonic_increasing


def test_rules_are_french_pairs():
    assert all(isinstance(r, str) and isinstance(t, str) and t for r, t in dunning.RULES)
    assert any("mandataire judiciaire" in t for _, t in dunning.RULES)


def test_calendar_direct_construction_validates():
    with pytest.raises(DunningConfigError, match="strictly increasing"):
        Calendar("x", (Step(1, 10, "email", "a"), Step(2, 10, "email", "b")))
