"""Risk scoring: package-wide checks; the hand-checked ledger is ``builders.scored_ledger``.

Every expected score of the ``test_scoring_*`` modules is computed by hand in the
docstring of :func:`builders.scored_ledger`, scored as of 31/10/2026
(:data:`builders.SCORING_AS_OF`) with the default weights (see the scoring scenario of
``builders.py``). This module checks what holds for the whole package: inputs never
mutated, the bundled sample's structure, the public names.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from builders import SCORING_AS_OF, scored_ledger, snap
from pandas.testing import assert_frame_equal

from recouvrement import scoring
from recouvrement.aging import aged_balance
from recouvrement.conventions import TABLES
from recouvrement.io import read_ledger
from recouvrement.ledger import Ledger

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"


@pytest.fixture(scope="module")
def sample() -> Ledger:
    """The bundled sample company ``conseil-horizon``."""
    return read_ledger(SAMPLES / "conseil-horizon")


def test_inputs_are_not_mutated():
    led = scored_ledger()
    before = {t: getattr(led, t).copy(deep=True) for t in TABLES}
    weights = scoring.load_weights()
    weights_before = weights.copy(deep=True)
    scoring.risk_scores(snap(led, SCORING_AS_OF), weights=weights)
    scoring.class_changes(snap(led, SCORING_AS_OF), weights=weights)
    for table, frame in before.items():
        assert_frame_equal(getattr(led, table), frame)
    assert_frame_equal(weights, weights_before)


def test_sample_company_structure(sample):
    out = scoring.risk_scores(snap(sample, SCORING_AS_OF))
    assert out["debtor_id"].is_unique
    scored = out[out["score"].notna()]
    assert len(scored) > 0
    assert set(scored["risk_class"]) <= set(scoring.RISK_CLASSES)
    assert scored["score"].between(0, 100).all()
    assert out.loc[out["score"].isna(), "reason"].eq(scoring.NO_HISTORY_REASON).all()
    assert out.loc[out["score"].isna(), "risk_class"].isna().all()
    assert out.loc[out["score"].notna(), "reason"].isna().all()
    # every debtor with an open balance is scored or explained: encours reconciles
    balance = aged_balance(sample, SCORING_AS_OF)
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
