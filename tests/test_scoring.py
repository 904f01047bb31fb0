"""Risk scoring: the hand-checked ledger shared by ``test_scoring_*.py``, package-wide checks.

Every expected score is computed by hand in the docstring of :func:`scored_ledger`.
Default weights (recouvrement/data/scoring_weights.csv), with their ``worst``
thresholds: days_late 30 (60 j), share_late 15 (100 %), disputes 15 (20 %), reminders
15 (2 per invoice), instalments 5 (50 %), trend 10 (30 j), relationship_age 10 (365 j).
As of 31/10/2026 (:data:`AS_OF`) the period is (31/10/2025, 31/10/2026]; the trend
compares (31/07/2026, 31/10/2026] with (31/10/2025, 31/07/2026]. This module checks
what holds for the whole package: inputs never mutated, the bundled sample's
structure, the public names.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from builders import actions, debtors, disputes, invoices, ledger, payments, snap
from pandas.testing import assert_frame_equal

from recouvrement import scoring
from recouvrement.aging import aged_balance
from recouvrement.conventions import TABLES
from recouvrement.io import read_ledger
from recouvrement.ledger import Ledger

AS_OF = "2026-10-31"
SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"


def scored_ledger() -> Ledger:
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
    N 10 000 (encours 4 000). Reminders are level-1 emails on the invoice.
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
        ("F", "F2", "2026-09-05", 1, "email"),
        ("M", "M3", "2026-09-07", 1, "email"),
        ("M", "M3", "2026-10-01", 1, "email"),
        ("M", "M4", "2026-10-20", 1, "email"),
        ("R", "R1", "2026-07-15", 1, "email"),
        ("R", "R1", "2026-08-01", 1, "email"),
        ("R", "R1", "2026-09-01", 1, "email"),
        ("R", "R2", "2026-08-10", 1, "email"),
        ("R", "R3", "2026-09-05", 1, "email"),
        ("R", "R3", "2026-10-05", 1, "email"),
    )
    disp = disputes(("M3", "2026-09-05", None), ("R3", "2026-09-10", None))
    names = debtors(
        ("F", "Fiable SA", None, None),
        ("M", "Modéré SARL", None, None),
        ("R", "Risque & Cie", None, None),
        ("N", "Nouveau SAS", None, None),
    ).assign(credit_limit=[5000.0, 1500.0, None, 10000.0])
    return ledger(inv, pay, debtors=names, actions=acts, disputes=disp)


@pytest.fixture(scope="module")
def sample() -> Ledger:
    """The bundled sample company ``conseil-horizon``."""
    return read_ledger(SAMPLES / "conseil-horizon")


def test_inputs_are_not_mutated():
    led = scored_ledger()
    before = {t: getattr(led, t).copy(deep=True) for t in TABLES}
    weights = scoring.load_weights()
    weights_before = weights.copy(deep=True)
    scoring.risk_scores(snap(led, AS_OF), weights=weights)
    scoring.class_changes(snap(led, AS_OF), weights=weights)
    for table, frame in before.items():
        assert_frame_equal(getattr(led, table), frame)
    assert_frame_equal(weights, weights_before)


def test_sample_company_structure(sample):
    out = scoring.risk_scores(snap(sample, AS_OF))
    assert out["debtor_id"].is_unique
    scored = out[out["score"].notna()]
    assert len(scored) > 0
    assert set(scored["risk_class"]) <= set(scoring.RISK_CLASSES)
    assert scored["score"].between(0, 100).all()
    assert out.loc[out["score"].isna(), "reason"].eq(scoring.NO_HISTORY_REASON).all()
    assert out.loc[out["score"].isna(), "risk_class"].isna().all()
    assert out.loc[out["score"].notna(), "reason"].isna().all()
    # every debtor with an open balance is scored or explained: encours reconciles
    balance = aged_balance(sample, AS_OF)
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


def test_class_changes_reuses_given_scores(sample):
    scores = scoring.risk_scores(snap(sample, "2026-10-31"))
    assert_frame_equal(
        scoring.class_changes(snap(sample, "2026-10-31"), scores=scores),
        scoring.class_changes(snap(sample, "2026-10-31")),
    )


def test_package_exports_every_public_name():
    """The package re-exports each module's public names (``from recouvrement.scoring import``)."""
    assert all(hasattr(scoring, name) for name in scoring.__all__)
    for name in ("FIABLE", "MODERE", "A_RISQUE", "RISK_CLASSES", "RULES", "WEIGHTS_FILE"):
        assert name in scoring.__all__
    assert scoring.RISK_CLASSES == (scoring.FIABLE, scoring.MODERE, scoring.A_RISQUE)
