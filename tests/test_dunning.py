"""Dunning audit: package-wide checks on the hand-checked dunning scenario of ``builders``.

The small ledger of :func:`builders.frames` is audited at 30/06/2025
(:data:`builders.DUNNING_AS_OF`) with the ``standard`` calendar (J+5 level 1, J+15
level 2, J+30 level 3); the ``test_dunning_*`` modules check each audit on it, every
expected value worked out in the comments next to it. Amounts in euros, shares in
percent, delays in days. This module checks what holds for the whole package: inputs
never mutated, the actions table required, the bundled sample's structure, the public
names.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from builders import DUNNING_AS_OF, audited, frames, ledger, snap
from pandas.testing import assert_frame_equal

from recouvrement import dunning, kpi
from recouvrement.aging import open_items
from recouvrement.io import read_ledger

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"


def test_inputs_not_mutated():
    tables = frames()
    before = {k: v.copy() for k, v in tables.items()}
    meta = {"dunning": {"calendar": "progressif", "by_risk_class": {"fiable": "standard"}}}
    led = audited(tables, meta)
    parsed = {n: getattr(led, n).copy() for n in ("invoices", "payments", "actions", "debtors")}
    dunning.dunning_coverage(snap(led, DUNNING_AS_OF))
    dunning.adherence(snap(led, DUNNING_AS_OF))
    dunning.effectiveness(snap(led, DUNNING_AS_OF))
    dunning.next_actions(snap(led, DUNNING_AS_OF), risk_classes={"A": "fiable"})
    for k, v in tables.items():
        assert_frame_equal(v, before[k])
    for n, v in parsed.items():
        assert_frame_equal(getattr(led, n), v)
    assert meta == {"dunning": {"calendar": "progressif", "by_risk_class": {"fiable": "standard"}}}


@pytest.mark.parametrize(
    "audit",
    [dunning.dunning_coverage, dunning.adherence, dunning.effectiveness],
    ids=["coverage", "adherence", "effectiveness"],
)
def test_missing_actions_table_raises(audit):
    tables = frames()
    led = ledger(tables["invoices"], tables["payments"])
    with pytest.raises(ValueError, match="actions table"):
        audit(snap(led, DUNNING_AS_OF))


def test_sample_conseil_horizon_structure():
    led = read_ledger(SAMPLES / "conseil-horizon")
    day = "2025-12-31"
    cov = dunning.dunning_coverage(snap(led, day))
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

    adh = dunning.adherence(snap(led, day))
    assert len(adh.invoices) == cov.n_overdue
    assert adh.summary["n_invoices"].sum() == cov.n_overdue
    assert set(adh.invoices["status"]) <= set(dunning.STATUSES)

    plan = dunning.next_actions(snap(led, day))
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
    open_now = open_items(led, day).set_index("invoice_id")
    assert not open_now.loc[[i for _, i in proposed], "disputed"].any()

    eff = dunning.effectiveness(snap(led, day))
    assert (eff["paid"] <= eff["amount"]).all()
    assert eff["level"].is_monotonic_increasing


def test_package_exports_every_public_name():
    """The package re-exports each module's public names (``from recouvrement.dunning import``)."""
    assert all(hasattr(dunning, name) for name in dunning.__all__)
    for name in ("STATUSES", "EXCLUSIONS", "RULES", "CONFIG_KEYS", "RISK_CLASSES", "CalendarArg"):
        assert name in dunning.__all__
    assert dunning.RISK_CLASSES == ("fiable", "modéré", "à risque")
    assert dunning.DEFAULT_CALENDAR == "standard"
