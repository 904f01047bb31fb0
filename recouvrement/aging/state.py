"""The state of every invoice at a date: what is issued, allocated, left to pay, disputed.

Everything is rebuilt *as of* a date ``D``: invoices issued after ``D`` do not exist
yet; payments, credit notes and write-offs dated after ``D`` are ignored. These are
the public internal API of the as-of engine, on :class:`~recouvrement.aging.arrays.LedgerArrays`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from recouvrement import conventions as cv
from recouvrement.aging.arrays import CREDIT, PAYMENT, WRITE_OFF, LedgerArrays, ledger_arrays
from recouvrement.conventions import Buckets
from recouvrement.ledger import Ledger

#: Age measured from the due date (days past due) or from the issue date.
Basis = Literal["due", "issue"]


@dataclass(frozen=True)
class AsOfState:
    """Per-invoice state at a date, in cents (see :func:`state_at`).

    ``issued``: bool per invoice; ``paid``, ``credited``, ``written_off``: allocations
    dated ≤ D; ``residual`` = amount − allocations (0 when not issued, < 0 when
    overpaid); ``unapplied``: per debtor code, the amounts not aged (≤ 0).
    """

    issued: np.ndarray
    paid: np.ndarray
    credited: np.ndarray
    written_off: np.ndarray
    residual: np.ndarray
    unapplied: np.ndarray


def state_at(a: LedgerArrays, as_of: pd.Timestamp) -> AsOfState:
    """The state of every invoice of ``a`` at ``as_of`` (a normalised Timestamp).

    Notes
    -----
    residual = amount − Σ payments − Σ credit notes − Σ write-offs allocated to the
    invoice and dated ≤ ``as_of``, for the invoices issued by then; an event matched
    to its invoice only later (``applied_date`` > ``as_of``, a FEC's DateLet) counts
    as unapplied until then. Unapplied per
    debtor = − (events dated ≤ ``as_of`` not allocated to an issued invoice) +
    overpayments (negative residuals).

    """
    d = np.datetime64(as_of, "ns")
    n = len(a.amount)
    issued = a.issue <= d
    dated = a.ev_date <= d
    on_issued = np.zeros(len(a.ev_inv), dtype=bool)
    has_inv = a.ev_inv >= 0
    on_issued[has_inv] = issued[a.ev_inv[has_inv]]
    # an event matched to its invoice after D (lettrage dated after D) is unapplied at D
    on_issued &= a.ev_applied <= d
    applied = dated & on_issued

    def total(kind: int) -> np.ndarray:
        m = applied & (a.ev_kind == kind)
        return np.bincount(a.ev_inv[m], weights=a.ev_amount[m], minlength=n).astype("int64")

    paid, credited, written_off = total(PAYMENT), total(CREDIT), total(WRITE_OFF)
    residual = np.where(issued, a.amount - paid - credited - written_off, 0)
    loose = dated & ~on_issued
    n_debtors = len(a.debtor_ids)
    unapplied = -np.bincount(a.ev_debtor[loose], weights=a.ev_amount[loose], minlength=n_debtors)
    over = issued & (residual < 0)
    unapplied = unapplied + np.bincount(
        a.inv_debtor[over], weights=residual[over], minlength=n_debtors
    )
    return AsOfState(
        issued, paid, credited, written_off, residual, np.rint(unapplied).astype("int64")
    )


def disputed_at(ledger: Ledger, as_of: object) -> np.ndarray:
    """Boolean per invoice (ledger order): under an open dispute at ``as_of``.

    A dispute is open at ``D`` when ``opened_date ≤ D`` and it is unresolved or
    resolved after ``D``.
    """
    a = ledger_arrays(ledger)
    d = np.datetime64(cv.as_date(as_of), "ns")
    live = (
        (a.dispute_open <= d)
        & (np.isnat(a.dispute_end) | (a.dispute_end > d))
        & (a.dispute_inv >= 0)
    )
    out = np.zeros(len(a.amount), dtype=bool)
    out[a.dispute_inv[live]] = True
    return out


def insolvent_mask(judgment: np.ndarray | pd.Series, as_of: object) -> np.ndarray:
    """The one rule "in insolvency proceedings at D": a judgment date known and ≤ ``D``.

    ``judgment`` holds the ``insolvency_date`` of debtors (NaT when none); returns a
    boolean array aligned with it. DOMAIN.md: from the judgment, claims born before
    it are frozen (art. L.622-7 and L.622-21 code de commerce).
    """
    dates = np.asarray(judgment, dtype="datetime64[ns]")
    return ~np.isnat(dates) & (dates <= np.datetime64(cv.as_date(as_of), "ns"))


def insolvent_at(ledger: Ledger, as_of: object) -> frozenset[str]:
    """Ids of the debtors in insolvency proceedings at ``as_of`` (empty without a debtors table)."""
    deb = ledger.debtors
    hit = insolvent_mask(deb["insolvency_date"], as_of)
    return frozenset(deb.loc[hit, "debtor_id"].astype("str"))


def months_elapsed(ref: np.ndarray, as_of: pd.Timestamp) -> np.ndarray:
    """Complete calendar months from ``ref`` to ``as_of`` (31 Jan -> 28 Feb counts 1)."""
    ref_idx = pd.DatetimeIndex(ref)
    months = (as_of.year - ref_idx.year) * 12 + (as_of.month - ref_idx.month)
    short = as_of.day < ref_idx.day
    if as_of.is_month_end:
        short = np.zeros(len(ref_idx), dtype=bool)
    return np.asarray(months - short.astype("int64"), dtype="int64")


def bucket_codes(
    scheme: Buckets, basis: Basis, issue: np.ndarray, due: np.ndarray, as_of: pd.Timestamp
) -> tuple[np.ndarray, np.ndarray]:
    """(age in days on the chosen basis, bucket position in ``scheme.labels(basis)``)."""
    d = np.datetime64(as_of, "ns")
    ref = due if basis == "due" else issue
    age_days = ((d - ref) // np.timedelta64(1, "D")).astype("int64")
    edges = np.asarray(scheme.edges)
    if scheme.unit == "days":
        # bucket "a-b" holds a ≤ age ≤ b; with basis "due", age ≤ 0 is "Non échu"
        pos = np.searchsorted(edges, age_days, side="left")
        if basis == "due":
            pos = np.where(age_days <= 0, 0, pos + 1)
        return age_days, pos
    months = months_elapsed(ref, as_of)
    pos = np.searchsorted(edges, months, side="right")
    if basis == "due":
        pos = np.where(age_days <= 0, 0, pos + 1)
    return age_days, pos


def check_basis(basis: str) -> None:
    """Raise ``ValueError`` unless ``basis`` is ``"due"`` or ``"issue"``."""
    if basis not in ("due", "issue"):
        raise ValueError(
            f"basis must be 'due' (days past due) or 'issue' (days since issue), got {basis!r}"
        )


def to_dun_mask(
    residual: np.ndarray,
    due: np.ndarray,
    as_of: object,
    disputed: np.ndarray,
    insolvent: np.ndarray,
) -> np.ndarray:
    """The one rule "invoice to dun" ("à relancer") at ``as_of``, per invoice.

    Open (residual > 0), overdue (``due_date < as_of``: at least one day late), not
    under an open dispute, and its debtor not in insolvency proceedings (frozen claims
    are declared, never dunned). All arrays are per invoice; ``insolvent`` is the
    debtor's flag repeated on each of its invoices.
    """
    d = np.datetime64(cv.as_date(as_of), "ns")
    return (residual > 0) & (due < d) & ~disputed & ~insolvent
