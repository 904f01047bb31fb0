"""The as-of engine's public internal API: arrays, state at a date, insolvency, the snapshot.

One small ledger checked by hand at 30/06/2025::

    F1 A  due 31/05  1 000  paid 400 on 10/06           residual 600, 30 days late
    F2 B  due 15/06    500  dispute open since 01/06    residual 500, disputed
    F3 C  due 20/05    800  debtor C insolvent 01/06    residual 800, frozen
    F4 A  due 30/06    300                              residual 300, due today: not late
    F5 B  due 10/06    200  paid 250 on 12/06           overpaid 50 -> B unapplied −50
    F6 A  issued 02/07 700                              not issued yet
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from builders import D, debtors, disputes, invoices, ledger, payments, snap

from recouvrement import aging

AS_OF = "2025-06-30"


@pytest.fixture
def led():
    return ledger(
        invoices(
            ("F1", "A", "2025-05-01", "2025-05-31", 1000.0),
            ("F2", "B", "2025-05-16", "2025-06-15", 500.0),
            ("F3", "C", "2025-04-20", "2025-05-20", 800.0),
            ("F4", "A", "2025-05-31", "2025-06-30", 300.0),
            ("F5", "B", "2025-05-11", "2025-06-10", 200.0),
            ("F6", "A", "2025-07-02", "2025-08-01", 700.0),
        ),
        payments(("F1", "2025-06-10", 400.0), ("F5", "2025-06-12", 250.0)),
        debtors=debtors(
            ("A", "Alpha", "professionnel", None),
            ("B", "Bêta", "professionnel", None),
            ("C", "Gamma", "professionnel", "2025-06-01"),
        ),
        disputes=disputes(("F2", "2025-06-01", None)),
    )


def test_arrays_code_invoices_by_position_in_cents(led):
    a = aging.ledger_arrays(led)
    assert list(a.invoice_ids) == ["F1", "F2", "F3", "F4", "F5", "F6"]
    assert list(a.debtor_ids) == ["A", "B", "C"]
    assert a.amount.tolist() == [100000, 50000, 80000, 30000, 20000, 70000]
    assert a.ev_kind.tolist() == [aging.PAYMENT, aging.PAYMENT]
    assert aging.ledger_arrays(led) is a  # built once, kept in the ledger's store


def test_derived_values_live_beside_the_ledger_never_on_it(led):
    store = aging.derived(led)
    assert aging.derived(led) is store and "arrays" not in vars(led)
    other = ledger(invoices(("X", "Z", "2025-01-01", "2025-01-31", 1.0)))
    assert aging.derived(other) is not store


def test_state_at_a_date(led):
    st = aging.state_at(aging.ledger_arrays(led), D(AS_OF))
    assert st.issued.tolist() == [True, True, True, True, True, False]
    assert st.residual.tolist() == [60000, 50000, 80000, 30000, -5000, 0]
    assert st.paid.tolist() == [40000, 0, 0, 0, 25000, 0]
    assert st.unapplied.tolist() == [0, -5000, 0]  # debtor B's overpayment


@pytest.mark.parametrize(
    ("day", "expected"),
    [("2025-05-31", [False] * 3), ("2025-06-01", [False, False, True])],
    ids=["day-before-judgment", "judgment-day"],
)
def test_insolvent_mask_is_the_one_rule(day, expected):
    judgment = np.array(["NaT", "2025-07-01", "2025-06-01"], dtype="datetime64[ns]")
    assert aging.insolvent_mask(judgment, day).tolist() == expected


def test_to_dun_mask():
    residual = np.array([100, 100, 100, 100, 0])
    due = np.array(["2025-06-01", "2025-06-30", "2025-06-01", "2025-06-01", "2025-06-01"], "M8[ns]")
    disputed = np.array([False, False, True, False, False])
    insolvent = np.array([False, False, False, True, False])
    mask = aging.to_dun_mask(residual, due, AS_OF, disputed, insolvent)
    # late | due today | disputed | insolvent debtor | settled
    assert mask.tolist() == [True, False, False, False, False]


def test_snapshot_computes_each_part_once_and_shares_it(led):
    s = snap(led, AS_OF)
    assert s.as_of == D(AS_OF)
    assert s.items is s.items and s.balance is s.balance
    assert s.items["invoice_id"].tolist() == ["F1", "F4", "F2", "F3"]
    assert s.items["residual"].tolist() == [600.0, 300.0, 500.0, 800.0]
    assert s.disputed.tolist() == [False, True, False, False, False, False]
    assert s.insolvent == frozenset({"C"})
    assert s.to_dun["invoice_id"].tolist() == ["F1"]  # F2 disputed, F3 frozen, F4 not late
    pd.testing.assert_frame_equal(s.items, aging.open_items(led, AS_OF))
    pd.testing.assert_frame_equal(s.balance, aging.aged_balance(led, AS_OF))
    assert s.balance.loc["B", "Non affecté"] == -50.0


def test_snapshot_with_the_month_scheme(led):
    s = snap(led, AS_OF, "mois")
    assert s.buckets.unit == "months"
    assert list(s.balance.columns[:4]) == ["Non échu", "< 2 mois", "2-6 mois", "> 6 mois"]
    assert s.balance.loc["C", "< 2 mois"] == 800.0
