"""The shared as-of context (kpi/engine.py): memoised states equal the aging module's."""

from __future__ import annotations

import numpy as np
import pandas as pd
from builders import (
    PROPS,
    D,
    extra_rows,
    invoice_rows,
    invoices,
    ledger,
    month_end_after,
    payment_rows,
    payments,
    random_frames,
)
from hypothesis import given
from hypothesis import strategies as st

from recouvrement import aging
from recouvrement.kpi.engine import KpiContext
from recouvrement.ledger import Ledger


@PROPS
@given(invoice_rows, payment_rows, extra_rows, extra_rows, st.integers(30, 300))
def test_states_equal_the_aging_module(inv_rows, pay_rows, dispute_rows, action_rows, as_of_days):
    # the memoised, incremental residuals equal the aging module's, in any date order
    led = Ledger(**random_frames(inv_rows, pay_rows, dispute_rows, action_rows))
    day = month_end_after(as_of_days)
    ctx = KpiContext(led)
    a = aging.ledger_arrays(led)
    for offset in (0, -40, -95, 10, -20):
        d = day + pd.Timedelta(days=offset)
        np.testing.assert_array_equal(ctx.residual(d), aging.state_at(a, d).residual)
        assert ctx.encours(d) == round(aging.aged_balance(led, d)["Total"].sum() * 100)


def test_not_due_overdue_and_net_sales():
    """As of 31/03/2025: N1 1 000 due 15/04 (not due), N2 500 due 01/03 paid 200 (overdue 300).

    Not due 1 000 € = 100 000 cents; overdue: N2 only; sales of March: N1 1 000 (N2 is
    issued in January).
    """
    led = ledger(
        invoices(
            ("N1", "A", "2025-03-16", "2025-04-15", 1000.0),
            ("N2", "B", "2025-01-30", "2025-03-01", 500.0),
        ),
        payments(("N2", "2025-03-10", 200.0)),
    )
    ctx = KpiContext(led)
    day, start = D("2025-03-31"), D("2025-02-28")
    assert ctx.not_due(day) == 100_000
    assert ctx.overdue_mask(day).tolist() == [False, True]
    assert ctx.encours(day) == 130_000
    assert ctx.net_sales(start, day) == (100_000, 0)
    assert ctx.debtors_present(ctx.overdue_mask(day)).tolist() == [False, True]
