"""Payment behaviour of the settled invoices (kpi/behaviour.py): per debtor and portfolio."""

from __future__ import annotations

import pandas as pd
import pytest
from builders import APRIL, credit_notes, invoices, ledger, payments
from pandas.testing import assert_frame_equal

from recouvrement import kpi
from recouvrement.formatting import NBSP
from recouvrement.ledger import Ledger


@pytest.fixture
def behaviour() -> Ledger:
    """Invoices settled in the 12 months to 30/04/2025.

    P1: I1 1 000 issued 01/01 due 31/01, paid 400 on 10/02 and 600 on 20/02
        -> settled 20/02: 50 days to pay, 20 days late.
        I2 3 000 issued 01/02 due 03/03, paid 01/03 -> 28 days, on time.
        days_to_pay (1 000 × 50 + 3 000 × 28) / 4 000 = 33.5; days_late 1 000 × 20 / 4 000 = 5;
        share_late 50 %; max 20.
    P2: I3 500 issued 10/01 due 09/02, credit note 100 on 01/02, paid 400 on 10/04
        -> settled 10/04: 90 days to pay, 60 late. I4 open: not settled.
    P3: I6 200 issued 10/03, prepaid 01/03 -> settled on issue: 0 day.
    I5 (P1) paid in 2024-03, before the period: excluded.
    Portfolio days late = (1 000 × 20 + 500 × 60) / 4 700 = 10.64.
    """
    inv = invoices(
        ("I1", "P1", "2025-01-01", "2025-01-31", 1000.0),
        ("I2", "P1", "2025-02-01", "2025-03-03", 3000.0),
        ("I3", "P2", "2025-01-10", "2025-02-09", 500.0),
        ("I4", "P2", "2025-03-01", "2025-03-31", 900.0),
        ("I5", "P1", "2024-01-01", "2024-01-31", 800.0),
        ("I6", "P3", "2025-03-10", "2025-04-09", 200.0),
    )
    pay = payments(
        ("I1", "2025-02-10", 400.0),
        ("I1", "2025-02-20", 600.0),
        ("I2", "2025-03-01", 3000.0),
        ("I3", "2025-04-10", 400.0),
        ("I4", "2025-04-10", 100.0),
        ("I5", "2024-03-01", 800.0),
        ("I6", "2025-03-01", 200.0),
    )
    return ledger(inv, pay, credit_notes=credit_notes(("I3", "2025-02-01", 100.0)))


def test_payment_behaviour(behaviour):
    got = kpi.payment_behaviour(behaviour, APRIL)
    expected = pd.DataFrame(
        {
            "debtor_id": pd.array(["P2", "P1", "P3"], dtype="str"),
            "n_invoices": [1, 2, 1],
            "amount": [500.0, 4000.0, 200.0],
            "days_to_pay": [90.0, 33.5, 0.0],
            "days_late": [60.0, 5.0, 0.0],
            "share_late": [100.0, 50.0, 0.0],
            "max_days_late": [60, 20, 0],
        }
    )
    assert_frame_equal(got, expected)
    assert list(got.columns) == kpi.BEHAVIOUR_COLUMNS


def test_payment_behaviour_summary(behaviour):
    r = kpi.payment_behaviour_summary(behaviour, APRIL)
    assert r.key == "weighted_days_late" and r.label == "Retard moyen de paiement pondéré"
    assert r.value == pytest.approx(50_000 / 4700)
    assert r.denominator == 4700.0 and r.n_debtors == 3
    assert r.formatted() == f"10,6{NBSP}j (non significatif)"
    none = kpi.payment_behaviour_summary(behaviour, "2023-12-31")
    assert none.reason == "non disponible : aucune facture soldée sur la période"
    assert kpi.payment_behaviour(behaviour, "2023-12-31").empty
