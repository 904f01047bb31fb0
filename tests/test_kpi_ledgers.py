"""Hand-checked ledgers and random ledgers shared by several KPI test modules (no test here).

Every expected value is computed by hand in the docstring of the ledger that
produces it. Amounts in euros, rates in percent, durations in days. Ledgers used by
one test module only live in that module.
"""

from __future__ import annotations

import pandas as pd
from builders import actions, debtor_payments, debtors, disputes, invoices, ledger, payments
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from recouvrement.ledger import Ledger

APRIL = "2025-04-30"

#: Keys of :func:`recouvrement.kpi.kpi_pack`, in report order.
PACK_KEYS = [
    "recovery_rate",
    "recovery_rate_3m",
    "recovery_rate_6m",
    "unpaid_rate",
    "activation_rate",
    "dunning_coverage_rate",
    "dso",
    "dso_countback",
    "dso_average",
    "best_possible_dso",
    "average_days_delinquent",
    "cei",
    "cost_per_euro_collected",
    "bad_debt_rate",
    "dispute_rate",
    "doubtful_receivables",
    "weighted_days_late",
]


def segmented_ledger() -> Ledger:
    """Cohort 31/03, complete calendar months past due at 31/03; no optional table.

    S1 100 due 01/03 -> 0 month  -> "< 2 mois", paid 100 in April (100 %)
    S2 200 due 31/01 -> 2 months -> "2-6 mois", paid 50 in April (25 %)
    S3 400 due 30/09/2024 -> 6 months -> "> 6 mois", unpaid (0 %)
    Total 150 / 700 = 21.43 %.
    """
    return ledger(
        invoices(
            ("S1", "A", "2025-01-30", "2025-03-01", 100.0),
            ("S2", "B", "2025-01-01", "2025-01-31", 200.0),
            ("S3", "C", "2024-08-31", "2024-09-30", 400.0),
        ),
        payments(("S1", "2025-04-02", 100.0), ("S2", "2025-04-03", 50.0)),
    )


def dunning_ledger() -> Ledger:
    """Period April 2025 (start 31/03), as of 30/04; one debtor per invoice.

    Overdue and open at 31/03:
      A1 due 01/03, action on the invoice 05/03, paid 10 (partial) 15/04 -> dunned, paid
      A2 due 10/03, action on the invoice 10/04, paid in full 20/04      -> dunned, paid
      A3 due 15/02, action on the invoice 20/02, no payment              -> dunned
      A4 due 20/03, debtor-level action on D4 25/03, no payment          -> dunned
      A5 due 25/03, only an action after as-of (05/05), paid 22/04       -> not dunned
      A6 due 01/03, only a pre-due notice 20/02, no payment              -> not dunned
    A7 due 05/04 (not overdue at 31/03), action 10/04: out of the activation base.
    Activation = 2 paid / 4 dunned = 50 %.

    Coverage at 30/04 (to dun: open, overdue, not disputed, debtor not insolvent):
      A1 (10 left, action) covered; A3 covered; A4 covered (debtor-level action
      25/03 ≥ due 20/03); A6 not covered; A7 covered; A5 disputed since 01/04 -> out;
      A8 due 10/04 debtor D8 insolvent since 15/04 -> out; A9 due 15/05 not due -> out.
    Coverage = 4 / 5 = 80 %, uncovered: A6.
    """
    return ledger(
        invoices(
            ("A1", "D1", "2025-01-30", "2025-03-01", 100.0),
            ("A2", "D2", "2025-02-08", "2025-03-10", 200.0),
            ("A3", "D3", "2025-01-16", "2025-02-15", 300.0),
            ("A4", "D4", "2025-02-18", "2025-03-20", 400.0),
            ("A5", "D5", "2025-02-23", "2025-03-25", 500.0),
            ("A6", "D6", "2025-01-30", "2025-03-01", 600.0),
            ("A7", "D7", "2025-03-06", "2025-04-05", 700.0),
            ("A8", "D8", "2025-03-11", "2025-04-10", 800.0),
            ("A9", "D9", "2025-04-15", "2025-05-15", 900.0),
        ),
        payments(
            ("A1", "2025-04-15", 10.0), ("A2", "2025-04-20", 200.0), ("A5", "2025-04-22", 50.0)
        ),
        disputes=disputes(("A5", "2025-04-01", None)),
        actions=actions(
            (None, "A1", "2025-03-05", 1, None),
            (None, "A2", "2025-04-10", 1, None),
            (None, "A3", "2025-02-20", 2, None),
            ("D4", None, "2025-03-25", 1, None),
            (None, "A5", "2025-05-05", 1, None),
            (None, "A6", "2025-02-20", 1, None),
            (None, "A7", "2025-04-10", 1, None),
        ),
        debtors=debtors(("D8", "Huit", None, "2025-04-15"), ("D1", "Un", None, None)),
    )


def cei_ledger() -> Ledger:
    """DOMAIN.md CEI example, as of 30/06/2025 over 3 months (start 31/03, 91 days).

    A  6 200 issued 01/03 due 31/03 -> opening encours at 31/03 = 6 200; paid 20/04.
    B1 7 300 issued 10/04 due 10/05, paid 4 550 on 10/06 -> 2 750 overdue at 30/06.
    B2 3 590 issued 15/06 due 15/07 -> not due at 30/06.
    Sales 7 300 + 3 590 = 10 890; closing 2 750 + 3 590 = 6 340; closing not due 3 590.
    CEI = (6 200 + 3 630 − 6 340) / (6 200 + 3 630 − 3 590) = 3 490 / 6 240 = 55.93 %.
    """
    return ledger(
        invoices(
            ("A", "K1", "2025-03-01", "2025-03-31", 6200.0),
            ("B1", "K2", "2025-04-10", "2025-05-10", 7300.0),
            ("B2", "K3", "2025-06-15", "2025-07-15", 3590.0),
        ),
        payments(("A", "2025-04-20", 6200.0), ("B1", "2025-06-10", 4550.0)),
    )


# ---------------------------------------------------------------------------
# Random ledgers for the property tests (hypothesis, derandomized)
# ---------------------------------------------------------------------------
PROPS = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
BASE = pd.Timestamp("2024-10-01")

invoice_rows = st.lists(
    st.tuples(
        st.integers(0, 3),  # debtor
        st.integers(0, 200),  # issue, days after BASE
        st.integers(0, 60),  # terms
        st.integers(1, 100_000),  # cents
    ),
    min_size=1,
    max_size=8,
)
payment_rows = st.lists(
    st.tuples(
        st.integers(-1, 7),  # invoice position (-1 or beyond: unapplied)
        st.integers(0, 260),  # date, days after BASE
        st.integers(1, 100_000),  # cents
    ),
    max_size=10,
)
extra_rows = st.lists(st.tuples(st.integers(0, 7), st.integers(0, 260)), max_size=3)


def _day(offset: int) -> pd.Timestamp:
    return BASE + pd.Timedelta(days=offset)


def random_frames(inv_rows, pay_rows, dispute_rows, action_rows) -> dict[str, pd.DataFrame]:
    """Invoices, payments (unapplied beyond the invoices), disputes and actions of the draws."""
    n = len(inv_rows)
    inv = [
        (f"F{i}", f"C{d}", _day(o), _day(o + t), c / 100) for i, (d, o, t, c) in enumerate(inv_rows)
    ]
    pay = [
        (f"C{inv_rows[i][0]}", f"F{i}", _day(o), c / 100)
        if 0 <= i < n
        else ("C9", None, _day(o), c / 100)
        for i, o, c in pay_rows
    ]
    act = [
        (f"C{inv_rows[i % n][0]}", f"F{i % n}" if i % 2 else None, _day(o), 1, None)
        for i, o in action_rows
    ]
    return {
        "invoices": invoices(*inv),
        "payments": debtor_payments(*pay),
        "disputes": disputes(*[(f"F{i % n}", _day(o), None) for i, o in dispute_rows]),
        "actions": actions(*act),
    }


def month_end_after(days: int) -> pd.Timestamp:
    """The month end of ``BASE + days``."""
    return (_day(days) + pd.offsets.MonthEnd(0)).normalize()
