"""Bad debts, disputes and doubtful receivables (kpi/losses.py)."""

from __future__ import annotations

import pandas as pd
import pytest
from builders import (
    APRIL,
    debtors,
    disputes,
    invoices,
    ledger,
    payments,
    segmented_ledger,
    write_offs,
)
from pandas.testing import assert_frame_equal

from recouvrement import kpi
from recouvrement.formatting import NBSP
from recouvrement.ledger import Ledger


@pytest.fixture
def losses() -> Ledger:
    """12 months to 30/04/2025 (issued after 30/04/2024).

    Issued in the period: W1 6 000 + W2 4 000 = 10 000 (W0, issued 2024-01, is not).
    Write-offs dated in the period: 100 on W1 + 50 on W0 (old invoice: a flow ratio)
    = 150; a write-off dated 2024-03 on W0 is outside. Rate = 150 / 10 000 = 1.5 %.
    Disputes: W1 opened 01/03/2025 (counted), W2 opened 05/05/2025 (after as-of),
    W0 disputed but issued before the period -> 1 / 2 = 50 % in count,
    6 000 / 10 000 = 60 % in amount.
    """
    inv = invoices(
        ("W0", "A", "2024-01-10", "2024-02-09", 1_000.0),
        ("W1", "B", "2024-09-01", "2024-10-01", 6_000.0),
        ("W2", "C", "2025-02-01", "2025-03-03", 4_000.0),
    )
    return ledger(
        inv,
        None,
        write_offs=write_offs(
            ("W1", "2025-04-01", 100.0), ("W0", "2025-01-15", 50.0), ("W0", "2024-03-01", 20.0)
        ),
        disputes=disputes(
            ("W1", "2025-03-01", None), ("W2", "2025-05-05", None), ("W0", "2024-03-01", None)
        ),
    )


def test_bad_debt_rate(losses):
    r = kpi.bad_debt_rate(losses, APRIL)
    assert (r.numerator, r.denominator) == (150.0, 10_000.0)
    assert r.value == pytest.approx(1.5)
    assert r.n_debtors == 2 and r.months == 12


def test_bad_debt_needs_the_table_but_empty_is_zero():
    segmented = segmented_ledger()
    assert kpi.bad_debt_rate(segmented, APRIL).reason == (
        "non disponible : pas de table des passages en perte"
    )
    led = ledger(segmented.invoices, segmented.payments, write_offs=write_offs())
    assert kpi.bad_debt_rate(led, APRIL).value == 0.0


def test_dispute_rate(losses):
    count = kpi.dispute_rate(losses, APRIL)
    assert (count.numerator, count.denominator, count.value) == (1.0, 2.0, 50.0)
    amount = kpi.dispute_rate(losses, APRIL, method="amount")
    assert amount.key == "dispute_rate_amount"
    assert (amount.numerator, amount.denominator, amount.value) == (6000.0, 10_000.0, 60.0)


def test_dispute_rate_without_disputes_table():
    r = kpi.dispute_rate(segmented_ledger(), APRIL)
    assert r.value is None and "non disponible" in r.reason and "litiges" in r.reason


@pytest.mark.parametrize(
    "kpi_function", [kpi.bad_debt_rate, kpi.dispute_rate], ids=["bad-debt", "dispute"]
)
def test_no_invoice_in_period_is_unavailable(losses, kpi_function):
    r = kpi_function(losses, "2030-06-30")
    assert r.reason == "non disponible : aucune facture émise sur la période"


@pytest.fixture
def insolvency() -> Ledger:
    """As of 30/04/2025. D1 in proceedings since 01/03 (counted), D2 since 01/06 (later).

    D1: 1 000 open + 500 paid 200 -> 300 open: 1 300 doubtful.
    D2: 2 000 open; D3: 700 open. Encours 1 300 + 2 000 + 700 = 4 000 -> 32.5 %.
    D4 is in proceedings since 2024 but owes nothing.
    """
    inv = invoices(
        ("I1", "D1", "2025-01-10", "2025-02-09", 1000.0),
        ("I2", "D1", "2025-02-10", "2025-03-12", 500.0),
        ("I3", "D2", "2025-02-10", "2025-03-12", 2000.0),
        ("I4", "D3", "2025-03-10", "2025-04-09", 700.0),
    )
    deb = debtors(
        ("D1", "Alpha", None, "2025-03-01"),
        ("D2", "Beta", None, "2025-06-01"),
        ("D3", "Gamma", None, None),
        ("D4", "Delta", None, "2024-05-01"),
    )
    return ledger(inv, payments(("I2", "2025-02-20", 200.0)), debtors=deb)


def test_doubtful_receivables(insolvency):
    r = kpi.doubtful_receivables(insolvency, APRIL)
    assert r.value == 1300.0 and r.unit == "€"
    assert (r.numerator, r.denominator) == (1300.0, 4000.0)
    assert r.n_debtors == 1
    assert r.formatted() == f"1{NBSP}300,00{NBSP}€"
    assert f"32,5{NBSP}%" in r.convention
    expected = pd.DataFrame(
        {
            "debtor_id": ["D1", "D4"],
            "name": ["Alpha", "Delta"],
            "insolvency_date": pd.to_datetime(["2025-03-01", "2024-05-01"]).astype(
                "datetime64[ns]"
            ),
            "n_open_invoices": [2, 0],
            "residual": [1300.0, 0.0],
        }
    ).astype({"debtor_id": "str", "name": "str"})
    assert_frame_equal(r.details, expected)


def test_doubtful_needs_debtors():
    assert kpi.doubtful_receivables(segmented_ledger(), APRIL).reason == (
        "non disponible : pas de table des débiteurs"
    )
