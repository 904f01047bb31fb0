"""Dunning audit: the hand-checked ledger shared by ``test_dunning_*.py``, package-wide checks.

The small ledger of :func:`frames` is audited at 30/06/2025 (:data:`AS_OF`) with the
``standard`` calendar (J+5 level 1, J+15 level 2, J+30 level 3). Every expected value
of the ``test_dunning_*`` modules is worked out in the comments next to it. Amounts in
euros, shares in percent, delays in days. This module checks what holds for the whole
package: inputs never mutated, the actions table required, the bundled sample's
structure, the public names.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from builders import actions, debtors, disputes, invoices, ledger, payments, snap
from pandas.testing import assert_frame_equal

from recouvrement import dunning, kpi
from recouvrement.aging import open_items
from recouvrement.io import read_ledger
from recouvrement.ledger import Ledger

AS_OF = "2025-06-30"
SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"

#: A company calendar (J+3 courteous reminder, J+20 formal notice).
MAISON = [
    {"level": 1, "days": 3, "channel": "email", "label": "Relance courtoise"},
    {"level": 2, "days": 20, "channel": "LRAR", "label": "Mise en demeure"},
]
#: A company's ``dunning:`` settings: ``maison`` by default, ``progressif`` for "à risque".
POLICY = {
    "dunning": {
        "calendars": {"maison": MAISON},
        "calendar": "maison",
        "by_risk_class": {"à risque": "progressif"},
    }
}


def frames() -> dict[str, pd.DataFrame]:
    """The input frames of the ledger (kept to check they are never mutated).

    F1 A  due 10/06  1000  L1 15/06 (J+5), L2 26/06 (J+16)      dpd 20
    F2 B  due 21/05  2000  L1 26/05 (J+5); 500 paid 03/06        dpd 40
    F3 C  due 05/06   500  no action                             dpd 25
    F4 A  due 27/06   300  no action                             dpd 3
    F5 D  due 01/05   800  debtor D insolvent since 01/06
    F6 E  due 15/05   700  dispute open since 01/06
    F7 E  due 20/05   400  L1 25/05, paid in full 20/06
    """
    return {
        "invoices": invoices(
            ("F1", "A", "2025-05-11", "2025-06-10", 1000.0),
            ("F2", "B", "2025-04-21", "2025-05-21", 2000.0),
            ("F3", "C", "2025-05-06", "2025-06-05", 500.0),
            ("F4", "A", "2025-05-28", "2025-06-27", 300.0),
            ("F5", "D", "2025-04-01", "2025-05-01", 800.0),
            ("F6", "E", "2025-04-15", "2025-05-15", 700.0),
            ("F7", "E", "2025-04-20", "2025-05-20", 400.0),
        ),
        "payments": payments(("F2", "2025-06-03", 500.0), ("F7", "2025-06-20", 400.0)),
        "debtors": debtors(
            ("A", "Alpha", None, None),
            ("B", "Bêta", None, None),
            ("C", "Gamma", None, None),
            ("D", "Delta", None, "2025-06-01"),
            ("E", "Epsilon", None, None),
        ),
        "actions": actions(
            ("A", "F1", "2025-06-15", 1, "email"),
            ("A", "F1", "2025-06-26", 2, "courrier"),
            ("B", "F2", "2025-05-26", 1, "email"),
            ("E", "F7", "2025-05-25", 1, "email"),
        ),
        "disputes": disputes(("F6", "2025-06-01", None)),
    }


def audited(tables: dict[str, pd.DataFrame] | None = None, meta: dict | None = None) -> Ledger:
    """The ledger of ``tables`` (default :func:`frames`) with the company settings ``meta``."""
    t = frames() if tables is None else tables
    return ledger(
        t["invoices"],
        t["payments"],
        debtors=t["debtors"],
        actions=t["actions"],
        disputes=t["disputes"],
        meta=meta,
    )


def test_inputs_not_mutated():
    tables = frames()
    before = {k: v.copy() for k, v in tables.items()}
    meta = {"dunning": {"calendar": "progressif", "by_risk_class": {"fiable": "standard"}}}
    led = audited(tables, meta)
    parsed = {n: getattr(led, n).copy() for n in ("invoices", "payments", "actions", "debtors")}
    dunning.dunning_coverage(snap(led, AS_OF))
    dunning.adherence(snap(led, AS_OF))
    dunning.effectiveness(snap(led, AS_OF))
    dunning.next_actions(snap(led, AS_OF), risk_classes={"A": "fiable"})
    for k, v in tables.items():
        assert_frame_equal(v, before[k])
    for n, v in parsed.items():
        assert_frame_equal(getattr(led, n), v)
    assert meta == {"dunning": {"calendar": "progressif", "by_risk_class": {"fiable": "standard"}}}


@pytest.mark.parametrize(
    "audit",
    [dunning.dunning_coverage, dunning.adherence, dunning.effectiveness, dunning.next_actions],
    ids=["coverage", "adherence", "effectiveness", "next-actions"],
)
def test_missing_actions_table_raises(audit):
    tables = frames()
    led = ledger(tables["invoices"], tables["payments"])
    with pytest.raises(ValueError, match="actions table"):
        audit(snap(led, AS_OF))


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
