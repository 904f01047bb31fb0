"""Builders of small hand-checkable ledgers, shared by every test module.

Each builder takes plain rows (tuples) in the column order it documents and returns
a frame of the canonical table with real dtypes: dates as ``datetime64[ns]`` (``None``
is NaT), amounts as floats, ids as text. :func:`ledger` assembles them into a
validated :class:`~recouvrement.ledger.Ledger`, :func:`snap` into the
:class:`~recouvrement.aging.Snapshot` the audit rules take. A test states its rows
and the figures it expects, computed by hand in its docstring.

Example::

    led = ledger(
        invoices(("F1", "A", "2025-01-01", "2025-01-31", 1000.0)),
        payments(("F1", "2025-03-10", 400.0)),
    )
    snap(led, "2025-03-31").items["residual"].tolist()  # [600.0]
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from recouvrement import conventions as cv
from recouvrement.aging import Snapshot
from recouvrement.conventions import TOTAL_LABEL, UNAPPLIED_LABEL, Buckets
from recouvrement.kpi import HISTORY_COLUMNS, KPI_LABELS
from recouvrement.ledger import Ledger
from tools import samples
from tools.samples import COMPANIES, generate_company, inject_data_problems

#: Columns of each builder's rows, in order.
COLUMNS: dict[str, tuple[str, ...]] = {
    "invoices": ("invoice_id", "debtor_id", "issue_date", "due_date", "amount"),
    "payments": ("invoice_id", "date", "amount"),
    "debtor_payments": ("debtor_id", "invoice_id", "date", "amount"),
    "credit_notes": ("invoice_id", "date", "amount"),
    "write_offs": ("invoice_id", "date", "amount"),
    "disputes": ("invoice_id", "opened_date", "resolved_date"),
    "debtors": ("debtor_id", "name", "kind", "insolvency_date"),
    "actions": ("debtor_id", "invoice_id", "date", "level", "channel"),
    "costs": ("month", "amount"),
}

DATE_COLUMNS = {"issue_date", "due_date", "date", "opened_date", "resolved_date", "insolvency_date"}


def D(value: Any) -> Any:
    """A date (or a sequence of dates) as ``pd.Timestamp`` / ``DatetimeIndex``; ``None`` is NaT."""
    if isinstance(value, str) or value is None:
        return pd.Timestamp(value) if value is not None else pd.NaT
    return pd.to_datetime(list(value))


def frame(table: str, rows: Iterable[Sequence[Any]]) -> pd.DataFrame:
    """A frame of ``rows`` with the columns of :data:`COLUMNS` ``[table]``, dates parsed."""
    columns = list(COLUMNS[table])
    out = pd.DataFrame(list(rows), columns=columns)
    for col in columns:
        if col in DATE_COLUMNS:
            out[col] = pd.to_datetime(out[col]).astype("datetime64[ns]")
    return out


def invoices(*rows: Sequence[Any]) -> pd.DataFrame:
    """Rows ``(invoice_id, debtor_id, issue_date, due_date, amount)``."""
    return frame("invoices", rows)


def payments(*rows: Sequence[Any]) -> pd.DataFrame:
    """Rows ``(invoice_id, date, amount)``: payments allocated to an invoice."""
    return frame("payments", rows)


def debtor_payments(*rows: Sequence[Any]) -> pd.DataFrame:
    """Rows ``(debtor_id, invoice_id, date, amount)``; ``invoice_id`` ``None`` is unapplied cash."""
    return frame("debtor_payments", rows)


def credit_notes(*rows: Sequence[Any]) -> pd.DataFrame:
    """Rows ``(invoice_id, date, amount)``."""
    return frame("credit_notes", rows)


def write_offs(*rows: Sequence[Any]) -> pd.DataFrame:
    """Rows ``(invoice_id, date, amount)``."""
    return frame("write_offs", rows)


def disputes(*rows: Sequence[Any]) -> pd.DataFrame:
    """Rows ``(invoice_id, opened_date, resolved_date)``; ``resolved_date`` ``None`` = open."""
    return frame("disputes", rows)


def debtors(*rows: Sequence[Any]) -> pd.DataFrame:
    """Rows ``(debtor_id, name, kind, insolvency_date)``; kind ``professionnel``/``particulier``."""
    return frame("debtors", rows)


def actions(*rows: Sequence[Any]) -> pd.DataFrame:
    """Rows ``(debtor_id, invoice_id, date, level, channel)``; ``invoice_id`` ``None``: on the debtor."""
    return frame("actions", rows)


def costs(*rows: Sequence[Any]) -> pd.DataFrame:
    """Rows ``(month, amount)`` with months ``"YYYY-MM"``."""
    return frame("costs", rows)


def ledger(
    invoices: pd.DataFrame,
    payments: pd.DataFrame | None = None,
    *,
    meta: Mapping[str, Any] | None = None,
    **tables: pd.DataFrame | None,
) -> Ledger:
    """A validated ledger of the given frames (optional tables by name: ``debtors=...``)."""
    return Ledger(invoices, payments, meta=meta, **tables)


def snap(led: Ledger, as_of: Any, buckets: Any = None) -> Snapshot:
    """The ledger's :class:`~recouvrement.aging.Snapshot` at ``as_of``."""
    return Snapshot(led, as_of, buckets)


# ---------------------------------------------------------------------------
# --- KPI scenarios ---
# Hand-checked ledgers shared by several KPI test modules (``test_kpi_*.py``). Every
# expected value is computed by hand in the docstring of the ledger that produces it.
# Amounts in euros, rates in percent, durations in days. Ledgers used by one test
# module only live in that module.
# ---------------------------------------------------------------------------
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
# --- KPI property tests: random ledgers ---
# Random ledgers for the property tests (hypothesis, derandomized) of
# ``test_kpi_engine.py`` and ``test_kpi_pack.py``.
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


# ---------------------------------------------------------------------------
# --- dunning scenario ---
# The small ledger of :func:`frames` is audited at 30/06/2025 (:data:`DUNNING_AS_OF`)
# with the ``standard`` calendar (J+5 level 1, J+15 level 2, J+30 level 3), by
# ``test_dunning.py`` and the ``test_dunning_*`` modules; every expected value is worked
# out in the comments next to it. Amounts in euros, shares in percent, delays in days.
# ---------------------------------------------------------------------------
DUNNING_AS_OF = "2025-06-30"

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


# ---------------------------------------------------------------------------
# --- scoring scenario ---
# The ledger of :func:`scored_ledger`, scored by ``test_scoring.py`` and the
# ``test_scoring_*`` modules. Every expected score is computed by hand in its docstring.
# Default weights (recouvrement/data/scoring_weights.csv), with their ``worst``
# thresholds: days_late 30 (60 j), share_late 15 (100 %), disputes 15 (20 %), reminders
# 15 (2 per invoice), instalments 5 (50 %), trend 10 (30 j), relationship_age 10 (365 j).
# As of 31/10/2026 (:data:`SCORING_AS_OF`) the period is (31/10/2025, 31/10/2026]; the
# trend compares (31/07/2026, 31/10/2026] with (31/10/2025, 31/07/2026].
# ---------------------------------------------------------------------------
SCORING_AS_OF = "2026-10-31"


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


# ---------------------------------------------------------------------------
# --- findings inputs ---
# Shared cases of the findings tests (``test_findings*.py``): tiny KPI histories and
# one aged balance, by hand. Every history is a tiny tidy frame with the columns of
# ``kpi_history`` and one to three month ends.
# ---------------------------------------------------------------------------
SEP, OCT = "2026-09-30", "2026-10-31"
UNITS = {
    "recovery_rate": "%",
    "unpaid_rate": "%",
    "activation_rate": "%",
    "dunning_coverage_rate": "%",
    "dso": "j",
    "average_days_delinquent": "j",
    "cei": "%",
    "cost_per_euro_collected": "ratio",
    "dispute_rate": "%",
    "doubtful_receivables": "€",
}
NO_REMINDERS = "non disponible : pas de table des relances"
NAMES = {"D1": "Alpha SA", "D2": "Bêta SARL", "D4": "Delta & Fils"}


def kpi(as_of, key, value, *, n_debtors=None, significant=True, reason=None) -> dict:
    """One history row; ``value=None`` makes the KPI unavailable (``reason`` optional)."""
    return {
        "as_of": pd.Timestamp(as_of),
        "key": key,
        "label": KPI_LABELS[key],
        "value": np.nan if value is None else value,
        "unit": UNITS[key],
        "numerator": np.nan,
        "denominator": np.nan,
        "n_debtors": n_debtors,
        "significant": significant,
        "available": value is not None,
        "reason": reason,
    }


def history(*rows: dict) -> pd.DataFrame:
    """A frame typed like ``kpi_history``."""
    frame = pd.DataFrame(list(rows), columns=HISTORY_COLUMNS)
    return frame.astype(
        {
            "as_of": "datetime64[ns]",
            "value": "float64",
            "numerator": "float64",
            "denominator": "float64",
            "n_debtors": "Int64",
            "significant": "bool",
            "available": "bool",
        }
    )


def two_months(key: str, before: float, after: float, **kw) -> pd.DataFrame:
    """The history of one KPI at 30/09/2026 (``before``) and 31/10/2026 (``after``)."""
    return history(kpi(SEP, key, before, **kw), kpi(OCT, key, after, **kw))


def october_balance() -> pd.DataFrame:
    """Aged balance at 31/10/2026, default buckets, amounts in euros.

    Overdue (buckets other than Non échu; Non affecté not netted):
    D1 1 000 + 5 000 = 6 000 (50,0 %), D2 3 000 (25,0 %), D3 2 000 (16,7 %), D4 1 000,
    D5 0 (not due only). Total overdue 12 000; top 3 = 11 000 = 91,7 %.
    > 90: D1 5 000 + D4 1 000 = 6 000 = 50,0 % of the overdue.
    Encours = Σ Total = 6 000 + 4 500 + 2 000 + 1 500 + 3 000 = 17 000.
    """
    labels = Buckets().labels()
    rows = {
        "D1": [0.0, 1000.0, 0.0, 0.0, 5000.0, 0.0],
        "D2": [2000.0, 3000.0, 0.0, 0.0, 0.0, -500.0],
        "D3": [0.0, 0.0, 2000.0, 0.0, 0.0, 0.0],
        "D4": [500.0, 0.0, 0.0, 0.0, 1000.0, 0.0],
        "D5": [3000.0, 0.0, 0.0, 0.0, 0.0, 0.0],
    }
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=[*labels, UNAPPLIED_LABEL])
    frame[TOTAL_LABEL] = frame.sum(axis=1)
    frame.index = pd.Index(frame.index, dtype="str", name="debtor_id")
    return frame


# ---------------------------------------------------------------------------
# --- sample ledgers ---
# Constants, :func:`residuals` and the ledgers of the four sample companies of the
# generator (tools/samples/), generated once per session, shared by ``test_samples.py``
# and the ``test_samples_*`` modules.
# ---------------------------------------------------------------------------
END = pd.Timestamp(samples.DEFAULT_END)
COMPANY_IDS = list(COMPANIES)

# dates of events (a due date is a term, and may lie after the end)
EVENT_DATES = {
    t: [c for c, kind in cv.column_types(t).items() if kind == "date" and c != "due_date"]
    for t in cv.TABLES
}


@functools.cache
def sample_ledgers() -> dict[str, dict[str, pd.DataFrame]]:
    """The canonical tables of the four sample companies (generated once; do not modify)."""
    return {c: generate_company(c) for c in COMPANY_IDS}


@functools.cache
def spoiled_ledgers() -> dict[str, tuple[dict[str, pd.DataFrame], pd.DataFrame]]:
    """The sample ledgers with their deliberate problems, and the problem logs."""
    out = {}
    for c, tables in sample_ledgers().items():
        p = COMPANIES[c]
        rng = np.random.default_rng([p.seed, 1])
        out[c] = inject_data_problems(
            tables, rng, p.problems, default_terms_days=p.default_terms_days
        )
    return out


def residuals(tables: dict[str, pd.DataFrame], as_of: pd.Timestamp = END) -> pd.Series:
    """Amount minus applied payments, allocated credit notes and write-offs dated <= as_of."""
    inv = tables["invoices"].set_index("invoice_id")["amount"]
    parts = [
        tables[name].loc[
            tables[name]["invoice_id"].notna() & (tables[name]["date"] <= as_of),
            ["invoice_id", "amount"],
        ]
        for name in ("payments", "credit_notes", "write_offs")
    ]
    settled = pd.concat(parts).groupby("invoice_id")["amount"].sum()
    return inv.sub(settled.reindex(inv.index, fill_value=0.0)).round(2)


# ---------------------------------------------------------------------------
# Hostile-input corpus (issue "nothing silently wrong"; docs/hostile-inputs.md)
# ---------------------------------------------------------------------------
#: The outcomes a hostile input may have.
OUTCOMES = ("erreur", "écartée", "corrigée")


@dataclass(frozen=True)
class HostileCase:
    """One case of the hostile-input corpus.

    Every ``tests/test_hostile_*.py`` module lists its cases in a module-level ``CASES``
    and tests each of them; ``docs/hostile-inputs.md`` lists every case with its outcome
    and message (``tests/test_hostile_catalogue.py`` keeps the two in step).

    Attributes
    ----------
    id : str
        Unique, kebab-case (the pytest id of its test).
    title : str
        French: the input, as a user would describe it.
    outcome : {"erreur", "écartée", "corrigée"}
        Refused with a clear error, or the rows set aside, or repaired and kept, each
        with its quality row.
    message : str
        The French message the user reads (or the quality row's problem), as asserted
        by the test (a fragment of it).

    """

    id: str
    title: str
    outcome: str
    message: str

    def __post_init__(self) -> None:
        if self.outcome not in OUTCOMES:
            raise ValueError(f"{self.id}: outcome {self.outcome!r} not in {OUTCOMES}")
