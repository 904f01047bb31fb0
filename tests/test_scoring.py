"""Risk scoring: hand-checked debtors, ABC boundaries, weights validation, class changes.

Every expected score is computed by hand in the comments next to the ledger. Default
weights (recouvrement/data/scoring_weights.csv), with their ``worst`` thresholds:
days_late 30 (60 j), share_late 15 (100 %), disputes 15 (20 %), reminders 15
(2 per invoice), instalments 5 (50 %), trend 10 (30 j), relationship_age 10 (365 j).
As of 31/10/2026 the period is (31/10/2025, 31/10/2026]; the trend compares
(31/07/2026, 31/10/2026] with (31/10/2025, 31/07/2026].
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

import recouvrement as rc
from recouvrement import scoring
from recouvrement.aging import snapshot
from recouvrement.ledger import Ledger

AS_OF = "2026-10-31"
SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"


def invoices(*rows) -> pd.DataFrame:
    """Rows ``(invoice_id, debtor_id, issue_date, due_date, amount)``."""
    frame = pd.DataFrame(
        rows, columns=["invoice_id", "debtor_id", "issue_date", "due_date", "amount"]
    )
    return frame.astype({"issue_date": "datetime64[ns]", "due_date": "datetime64[ns]"})


def payments(*rows) -> pd.DataFrame:
    """Rows ``(invoice_id, date, amount)``."""
    return pd.DataFrame(rows, columns=["invoice_id", "date", "amount"]).astype(
        {"date": "datetime64[ns]"}
    )


def actions(*rows) -> pd.DataFrame:
    """Rows ``(invoice_id, date)``, level 1 by email."""
    frame = pd.DataFrame(rows, columns=["invoice_id", "date"]).astype({"date": "datetime64[ns]"})
    return frame.assign(channel="email", level=1)


def disputes(*rows) -> pd.DataFrame:
    """Rows ``(invoice_id, opened_date)``, unresolved."""
    frame = pd.DataFrame(rows, columns=["invoice_id", "opened_date"])
    return frame.assign(resolved_date=pd.NaT).astype(
        {"opened_date": "datetime64[ns]", "resolved_date": "datetime64[ns]"}
    )


# ---------------------------------------------------------------------------
# Three debtors computed by hand, plus one without history
# ---------------------------------------------------------------------------
@pytest.fixture
def ledger() -> Ledger:
    """F fiable, M modéré, R à risque, N without history (as of 31/10/2026).

    F (since 15/01/2024, 1 020 days: age badness 0)
      F0 800 € due 14/02/2024 paid on time (settled before the period: ignored)
      F1 1 000 € due 04/02/2026 paid 04/02/2026 -> 0 day late
      F2 1 000 € due 02/09/2026 paid 12/09/2026 -> 10 days late; 1 reminder (05/09)
      F3 500 € due 31/10/2026, open, not overdue (due on the as-of date)
      invoices of the period: F1 F2 F3 = 3
      days_late  = (1000×0 + 1000×10) / 2000 = 5 j      -> 5/60 = 1/12  × 30 = 2.5
      share_late = 1/2 = 50 %                           -> 0.5          × 15 = 7.5
      disputes   = 0/3                                  -> 0
      reminders  = 1/3 per invoice                      -> 1/6          × 15 = 2.5
      instalments = 0                                   -> 0
      trend = recent (F2: 10 j) − before (F1: 0 j) = 10 -> 1/3          × 10 = 3.333
      score = 100 − 15.833 = 84.2 -> fiable

    M (since 03/03/2025, 607 days: age badness 0)
      M0 2 000 € paid on time in 04/2025 (before the period: ignored)
      M1 2 000 € due 31/12/2025 paid 31/12/2025 -> 0 day late
      M2 1 000 € due 01/05/2026 paid 500 on 01/05 + 500 on 31/05 -> 30 days late,
         two payments (instalments)
      M3 1 000 € due 31/08/2026 open, 61 days overdue, disputed since 05/09; 2 reminders
      M4 1 000 € due 15/10/2026 open, 16 days overdue; 1 reminder
      invoices of the period: M1..M4 = 4
      days_late  = (0 + 1000×30 + 1000×61 + 1000×16) / 5000 = 21.4 j
                                                        -> 21.4/60      × 30 = 10.7
      share_late = 3/4 = 75 %                           -> 0.75         × 15 = 11.25
      disputes   = 1/4 = 25 % ≥ 20 %                    -> 1            × 15 = 15
      reminders  = 3/4 = 0.75                           -> 0.375        × 15 = 5.625
      instalments = 1/4 = 25 %                          -> 0.5          × 5  = 2.5
      trend = recent (M3 61, M4 16: 38.5) − before (M1 0 ×2000, M2 30 ×1000: 10) = 28.5
                                                        -> 0.95         × 10 = 9.5
      score = 100 − 54.575 = 45.4 -> modéré

    R (since 07/06/2026, 146 days: age badness 1 − 146/365 = 0.6)
      R1 3 000 € due 07/07/2026 open, 116 days overdue; 3 reminders
      R2 1 000 € due 31/07/2026 paid 29/09/2026 -> 60 days late; 1 reminder
      R3 2 000 € due 31/08/2026 open, 61 days overdue, disputed since 10/09; 2 reminders
      days_late  = (1000×60 + 3000×116 + 2000×61) / 6000 = 88.3 j  -> 1   × 30 = 30
      share_late = 3/3 = 100 %                          -> 1            × 15 = 15
      disputes   = 1/3 = 33.3 %                         -> 1            × 15 = 15
      reminders  = 6/3 = 2                              -> 1            × 15 = 15
      instalments = 0                                   -> 0
      trend = 88.3 − before (R1 open at 31/07, 24 days overdue: 24) = 64.3 -> 1 × 10 = 10
      relationship age                                  -> 0.6          × 10 = 6
      score = 100 − 91 = 9.0 -> à risque

    N: one invoice of 4 000 € issued 15/10/2026, not due -> no history, no score.

    Credit limits: F 5 000 (encours 500), M 1 500 (encours 2 000: breach), R none,
    N 10 000 (encours 4 000).
    """
    inv = invoices(
        ("F0", "F", "2024-01-15", "2024-02-14", 800.0),
        ("F1", "F", "2026-01-05", "2026-02-04", 1000.0),
        ("F2", "F", "2026-08-03", "2026-09-02", 1000.0),
        ("F3", "F", "2026-10-01", "2026-10-31", 500.0),
        ("M0", "M", "2025-03-03", "2025-04-02", 2000.0),
        ("M1", "M", "2025-12-01", "2025-12-31", 2000.0),
        ("M2", "M", "2026-04-01", "2026-05-01", 1000.0),
        ("M3", "M", "2026-08-01", "2026-08-31", 1000.0),
        ("M4", "M", "2026-09-15", "2026-10-15", 1000.0),
        ("R1", "R", "2026-06-07", "2026-07-07", 3000.0),
        ("R2", "R", "2026-07-01", "2026-07-31", 1000.0),
        ("R3", "R", "2026-08-01", "2026-08-31", 2000.0),
        ("N1", "N", "2026-10-15", "2026-11-14", 4000.0),
    )
    pay = payments(
        ("F0", "2024-02-14", 800.0),
        ("F1", "2026-02-04", 1000.0),
        ("F2", "2026-09-12", 1000.0),
        ("M0", "2025-04-02", 2000.0),
        ("M1", "2025-12-31", 2000.0),
        ("M2", "2026-05-01", 500.0),
        ("M2", "2026-05-31", 500.0),
        ("R2", "2026-09-29", 1000.0),
    )
    acts = actions(
        ("F2", "2026-09-05"),
        ("M3", "2026-09-07"),
        ("M3", "2026-10-01"),
        ("M4", "2026-10-20"),
        ("R1", "2026-07-15"),
        ("R1", "2026-08-01"),
        ("R1", "2026-09-01"),
        ("R2", "2026-08-10"),
        ("R3", "2026-09-05"),
        ("R3", "2026-10-05"),
    )
    disp = disputes(("M3", "2026-09-05"), ("R3", "2026-09-10"))
    debtors = pd.DataFrame(
        {
            "debtor_id": ["F", "M", "R", "N"],
            "name": ["Fiable SA", "Modéré SARL", "Risque & Cie", "Nouveau SAS"],
            "credit_limit": [5000.0, 1500.0, np.nan, 10000.0],
        }
    )
    return Ledger(inv, pay, debtors=debtors, actions=acts, disputes=disp)


def test_scores_classes_and_exposure_by_hand(ledger):
    out = scoring.risk_scores(snapshot(ledger, AS_OF))
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


def test_factor_values_and_badness_by_hand(ledger):
    out = scoring.risk_scores(snapshot(ledger, AS_OF)).set_index("debtor_id")
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
    badness = pd.DataFrame(
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
    assert_frame_equal(out[badness.columns], badness)


def test_custom_weights_change_the_score(ledger):
    # everything on days_late: R badness 1 -> 0; M 100 − 100 × 21.4/60 = 64.3;
    # F 100 − 100/12 = 91.7
    weights = scoring.load_weights()
    weights["weight"] = [100.0 if f == "days_late" else 0.0 for f in weights["factor"]]
    out = scoring.risk_scores(snapshot(ledger, AS_OF), weights=weights).set_index("debtor_id")
    assert out["score"].iloc[:3].tolist() == [0.0, 64.3, 91.7]
    assert out.index.tolist() == ["R", "M", "F", "N"]
    assert out["risk_class"].iloc[:3].tolist() == ["à risque", "modéré", "fiable"]


def test_missing_optional_tables_are_named_not_scored(ledger):
    # without disputes and actions those factors are NaN, left out, and the 70 points
    # of the other weights are scaled to 100; they are named in the details:
    # F 100 × (1 − (2.5 + 7.5 + 0 + 3.333 + 0) / 70) = 80.95 -> 81.0
    # R 100 × (1 − (30 + 15 + 0 + 10 + 6) / 70) = 12.86 -> 12.9
    bare = Ledger(ledger.invoices, ledger.payments, debtors=ledger.debtors)
    out = scoring.risk_scores(snapshot(bare, AS_OF)).set_index("debtor_id")
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


def test_no_measured_factor_is_not_a_score(ledger):
    # all the weight on disputes, and no disputes table: nothing to score with
    bare = Ledger(ledger.invoices, ledger.payments, debtors=ledger.debtors)
    weights = scoring.load_weights()
    weights["weight"] = [100.0 if f == "disputes" else 0.0 for f in weights["factor"]]
    out = scoring.risk_scores(snapshot(bare, AS_OF), weights=weights).set_index("debtor_id")
    assert out["score"].isna().all()
    assert out["risk_class"].isna().all()
    assert out.loc[["F", "M", "R"], "reason"].eq(scoring.NO_FACTOR_REASON).all()
    assert out.loc["N", "reason"] == scoring.NO_HISTORY_REASON


def test_inputs_are_not_mutated(ledger):
    before = {t: getattr(ledger, t).copy(deep=True) for t in rc.conventions.TABLES}
    weights = scoring.load_weights()
    weights_before = weights.copy(deep=True)
    scoring.risk_scores(snapshot(ledger, AS_OF), weights=weights)
    scoring.class_changes(snapshot(ledger, AS_OF), weights=weights)
    for table, frame in before.items():
        assert_frame_equal(getattr(ledger, table), frame)
    assert_frame_equal(weights, weights_before)


def test_months_must_leave_room_for_the_trend(ledger):
    with pytest.raises(ValueError, match="months must be > 3"):
        scoring.risk_scores(snapshot(ledger, AS_OF), months=3)


# ---------------------------------------------------------------------------
# Classes and ABC segments
# ---------------------------------------------------------------------------
def test_risk_class_boundaries():
    scores = pd.Series([100.0, 70.0, 69.9, 40.0, 39.9, 0.0, np.nan])
    expected = pd.Series(
        ["fiable", "fiable", "modéré", "modéré", "à risque", "à risque", None],
        dtype="str",
        name="risk_class",
    )
    assert_frame_equal(scoring.risk_class(scores).to_frame(), expected.to_frame())


@pytest.mark.parametrize(
    ("encours", "expected"),
    [
        # a+b reach exactly 80 %: c starts at 80 % -> B; d starts at 95 % -> C
        ({"a": 50.0, "b": 30.0, "c": 15.0, "d": 4.0, "e": 1.0}, "AABCC"),
        # b crosses 80 % (70 -> 90): it completes A; c 90 -> 96 is B; d 96 % -> C
        ({"a": 70.0, "b": 20.0, "c": 6.0, "d": 4.0}, "AABC"),
        # one debtor alone holds 90 %: A = {a}
        ({"a": 90.0, "b": 10.0}, "AB"),
        # tie at the boundary, broken by id: a (before 75 %) A, b (85 %) B; d 95 % -> C
        ({"c": 75.0, "b": 10.0, "a": 10.0, "d": 5.0}, "ABAC"),
        # nothing owed or unapplied cash only -> C, outside the Pareto total
        ({"a": 100.0, "b": 0.0, "c": -50.0}, "ACC"),
        ({"a": 0.0, "b": -10.0}, "CC"),
    ],
    ids=["exact-80", "crossing-debtor", "dominant", "tie-by-id", "non-positive", "nothing-owed"],
)
def test_abc_segments(encours, expected):
    series = pd.Series(encours)
    out = scoring.abc_segments(series)
    assert out.index.tolist() == series.index.tolist()  # input order kept
    assert "".join(out.tolist()) == expected


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
    acts = actions(("W2", "2026-10-05"), ("W2", "2026-10-20"))
    disp = disputes(("W2", "2026-10-10"))
    debtors = pd.DataFrame({"debtor_id": ["W", "S", "T"], "name": ["Wagram", "Sûr", "Tardif"]})
    return Ledger(inv, pay, debtors=debtors, actions=acts, disputes=disp)


def test_class_changes_since_previous_month_end(changing):
    out = scoring.class_changes(snapshot(changing, AS_OF))
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
    # mid-month as_of compares with the previous month end too (30/09)
    mid = scoring.risk_scores(snapshot(changing, "2026-09-30")).set_index("debtor_id")
    assert mid.loc["W", "score"] == 100.0
    assert pd.isna(mid.loc["T", "score"])
    assert "tendance" in mid.loc["W", "details"]


# ---------------------------------------------------------------------------
# Weights table
# ---------------------------------------------------------------------------
def test_default_weights():
    weights = scoring.load_weights()
    assert weights.columns.tolist() == scoring.WEIGHT_COLUMNS
    assert tuple(weights["factor"]) == scoring.FACTORS
    assert weights["weight"].sum() == 100.0
    assert (weights["worst"] > 0).all()
    assert weights["description"].str.len().gt(20).all()


def _edited(**changes) -> pd.DataFrame:
    weights = scoring.load_weights()
    for factor, (column, value) in changes.items():
        weights.loc[weights["factor"] == factor, column] = value
    return weights


@pytest.mark.parametrize(
    ("weights", "messages"),
    [
        (
            _edited(trend=("factor", "tendance")),
            ["unknown factor 'tendance'", "missing factor(s): trend"],
        ),
        (
            _edited(days_late=("weight", -30.0), share_late=("weight", 75.0)),
            ["days_late: negative weight -30"],
        ),
        (_edited(days_late=("weight", 31.0)), ["weights sum to 101, not 100"]),
        (
            _edited(
                trend=("factor", "tendance"),
                days_late=("weight", -1.0),
                disputes=("worst", 0.0),
            ),
            [
                "unknown factor 'tendance'",
                "negative weight -1",
                "disputes: worst '0.0' must be a number > 0",
                "weights sum to 69",
                "5 problem(s)",
            ],
        ),
        (scoring.load_weights().drop(columns="worst"), ["missing column(s) worst"]),
    ],
    ids=["unknown-factor", "negative-weight", "sum-not-100", "all-listed", "missing-column"],
)
def test_weights_validation_errors(weights, messages):
    with pytest.raises(ValueError) as err:
        scoring.check_weights(weights)
    for message in messages:
        assert message in str(err.value)


def test_load_weights_from_a_file(tmp_path, ledger):
    path = tmp_path / "poids.csv"
    scoring.load_weights().assign(weight=lambda w: w["weight"] * 2).to_csv(path, index=False)
    with pytest.raises(ValueError, match=r"(?s)poids\.csv.*weights sum to 200"):
        scoring.load_weights(path)
    with pytest.raises(ValueError, match="weights sum to 200"):
        scoring.risk_scores(snapshot(ledger, AS_OF), weights=path)
    text = path.read_text(encoding="utf-8").replace("\ndays_late,60.0,", "\ndays_late,trente,")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match="days_late: weight 'trente' is not a number"):
        scoring.load_weights(path)


def test_rules_quote_the_weights():
    texts = dict(scoring.RULES)
    assert "Facteur « Retard moyen pondéré » : poids 30" in texts
    assert sum(rule.startswith("Facteur «") for rule in texts) == len(scoring.FACTORS)
    assert "pas d'historique de paiement" in texts["Score non disponible"]
    assert "acompte de 30 %" in texts["Recommandation « à risque »"]


# ---------------------------------------------------------------------------
# Bundled sample: structural facts
# ---------------------------------------------------------------------------
def test_sample_company_structure():
    ledger = rc.read_ledger(SAMPLES / "conseil-horizon")
    out = scoring.risk_scores(snapshot(ledger, AS_OF))
    assert out["debtor_id"].is_unique
    scored = out[out["score"].notna()]
    assert len(scored) > 0
    assert set(scored["risk_class"]) <= set(scoring.RISK_CLASSES)
    assert scored["score"].between(0, 100).all()
    assert out.loc[out["score"].isna(), "reason"].eq(scoring.NO_HISTORY_REASON).all()
    assert out.loc[out["score"].isna(), "risk_class"].isna().all()
    assert out.loc[out["score"].notna(), "reason"].isna().all()
    # every debtor with an open balance is scored or explained: encours reconciles
    balance = rc.aged_balance(ledger, AS_OF)
    assert out["encours"].sum() == pytest.approx(balance["Total"].sum(), abs=0.005)
    # ABC: A is the fewest top debtors reaching 80 % of the positive encours
    positive = out["encours"].clip(lower=0)
    total = positive.sum()
    a_share = positive[out["abc"] == "A"].sum() / total * 100
    smallest_a = positive[out["abc"] == "A"].min() / total * 100
    assert a_share >= scoring.ABC_A_SHARE > a_share - smallest_a
    assert positive[out["abc"] == "A"].min() >= positive[out["abc"] == "B"].max()
    # limit breach only where a limit exists, and then exactly encours > limit
    known = out["credit_limit"].notna()
    assert out.loc[~known, "limit_breach"].isna().all()
    assert (
        out.loc[known, "limit_breach"].astype(bool)
        == (out.loc[known, "encours"] > out.loc[known, "credit_limit"])
    ).all()


def test_class_changes_reuses_given_scores():
    ledger = rc.read_ledger(SAMPLES / "conseil-horizon")
    scores = scoring.risk_scores(snapshot(ledger, "2026-10-31"))
    pd.testing.assert_frame_equal(
        scoring.class_changes(snapshot(ledger, "2026-10-31"), scores=scores),
        scoring.class_changes(snapshot(ledger, "2026-10-31")),
    )
