"""Events, coded actions and date slices of the KPIs (kpi/arrays.py)."""

from __future__ import annotations

import numpy as np
from builders import D, actions, credit_notes, invoices, ledger, payments

from recouvrement import aging
from recouvrement.kpi.arrays import build_actions, build_events, lookup, upto, window


def test_upto_and_window():
    dates = np.array(["2025-01-31", "2025-02-28", "2025-02-28", "2025-03-31"], "datetime64[ns]")
    assert upto(dates, D("2025-02-28")) == 3
    assert upto(dates, D("2025-01-30")) == 0
    assert window(dates, D("2025-01-31"), D("2025-03-31")) == slice(1, 4)


def test_lookup():
    universe = np.array(["A", "B", "C"], dtype=object)
    values = np.array(["C", "X", None, "A"], dtype=object)
    assert lookup(values, universe).tolist() == [2, -1, -1, 0]


def test_events_and_actions():
    """F1 100 paid 30 on 10/03 and credited 20 on 05/03; F2 50 paid 50 on 01/03.

    Sorted by date: payment F2 (01/03), credit F1 (05/03), payment F1 (10/03).
    Actions: one on F2, one on debtor A without invoice.
    """
    led = ledger(
        invoices(
            ("F1", "A", "2025-02-01", "2025-03-03", 100.0),
            ("F2", "B", "2025-02-01", "2025-03-03", 50.0),
        ),
        payments(("F1", "2025-03-10", 30.0), ("F2", "2025-03-01", 50.0)),
        credit_notes=credit_notes(("F1", "2025-03-05", 20.0)),
        actions=actions((None, "F2", "2025-03-20", 1, None), ("A", None, "2025-03-21", 1, None)),
    )
    a = aging.ledger_arrays(led)
    ev = build_events(led, a)
    assert build_events(led, a) is ev  # kept in the ledger's derived store
    assert ev.all_cum.tolist() == [0, 5_000, 7_000, 10_000]
    assert ev.alloc_inv.tolist() == [1, 0, 0]
    assert ev.pay_amount.tolist() == [5_000, 3_000]
    assert ev.credit_cum.tolist() == [0, 2_000]
    acts = build_actions(led, a)
    assert (acts.inv.tolist(), acts.debtor.tolist()) == ([1], [0])
    only_f1 = build_actions(led, a, np.array([0]))
    assert (only_f1.inv.tolist(), only_f1.debtor.tolist()) == ([], [0])
