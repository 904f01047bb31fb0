"""Payment behaviour of the invoices settled in a period: per debtor and for the portfolio.

An invoice is settled when its cumulated allocations (payments, credit notes,
write-offs) reach its amount; days to pay and days late are weighted by amount.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from recouvrement import aging
from recouvrement import conventions as cv
from recouvrement.kpi.arrays import DAY, d64, text_ids, upto
from recouvrement.kpi.engine import KpiContext
from recouvrement.kpi.periods import ANNUAL_MONTHS, check_months, period
from recouvrement.kpi.result import KpiResult, ratio_result
from recouvrement.ledger import Ledger

__all__ = [
    "BEHAVIOUR_COLUMNS",
    "behaviour_summary_kpi",
    "payment_behaviour",
    "payment_behaviour_summary",
]

#: Columns of :func:`payment_behaviour`.
BEHAVIOUR_COLUMNS = [
    "debtor_id",
    "n_invoices",
    "amount",
    "days_to_pay",
    "days_late",
    "share_late",
    "max_days_late",
]


@dataclass(frozen=True)
class _Settled:
    inv: np.ndarray  # invoice codes settled in the period
    settled: np.ndarray  # datetime64[ns]


def _settled(ctx: KpiContext, day: pd.Timestamp, start: pd.Timestamp) -> _Settled:
    """Invoices whose residual reached ≤ 0 in ``(start, day]`` and the date it did."""
    a, ev = ctx.a, ctx.ev
    d, s = d64(day), d64(start)
    done_now = (a.issue <= d) & (ctx.residual(day) <= 0)
    done_before = (a.issue <= s) & (ctx.residual(start) <= 0)
    target = done_now & ~done_before
    k = upto(ev.alloc_date, day)
    m = np.flatnonzero(target[ev.alloc_inv[:k]])
    inv, date = ev.alloc_inv[m], ev.alloc_date[m].view("int64")
    amt = ev.alloc_amount[m].astype("int64")
    if len(inv) == 0:
        return _Settled(np.zeros(0, dtype="int64"), np.zeros(0, dtype="datetime64[ns]"))
    days = (date - date.min()) // (24 * 3600 * 10**9)
    order = np.argsort(inv * (int(days.max()) + 1) + days, kind="stable")
    inv, date, amt = inv[order], date[order], amt[order]
    cum = np.cumsum(amt)
    head = np.r_[True, inv[1:] != inv[:-1]]
    starts = np.flatnonzero(head)
    offset = (cum[starts] - amt[starts])[np.cumsum(head) - 1]
    crossed = np.flatnonzero(cum - offset >= a.amount[inv])
    first = crossed[np.r_[True, inv[crossed[1:]] != inv[crossed[:-1]]]]
    out_inv = inv[first]
    settled = np.maximum(date[first], a.issue[out_inv].view("int64")).view("datetime64[ns]")
    if len(out_inv) != int(target.sum()):  # pragma: no cover - an internal bug
        raise AssertionError("settlement dates do not match the as-of residuals")
    return _Settled(out_inv, settled)


def _behaviour(ctx: KpiContext, day: pd.Timestamp, months: int) -> tuple[pd.DataFrame, np.ndarray]:
    start = cv.shift_months(day, -months)
    st = _settled(ctx, day, start)
    a = ctx.a
    inv = st.inv
    amount = a.amount[inv].astype("float64")
    to_pay = ((st.settled - a.issue[inv]) // DAY).astype("int64")
    late = np.maximum(((st.settled - a.due[inv]) // DAY).astype("int64"), 0)
    deb = a.inv_debtor[inv]
    nd = ctx.n_debtors
    n = np.bincount(deb, minlength=nd)
    w = np.bincount(deb, weights=amount, minlength=nd)
    w_pay = np.bincount(deb, weights=amount * to_pay, minlength=nd)
    w_late = np.bincount(deb, weights=amount * late, minlength=nd)
    n_late = np.bincount(deb, weights=(late > 0), minlength=nd)
    max_late = np.zeros(nd, dtype="int64")
    np.maximum.at(max_late, deb, late)
    keep = np.flatnonzero(n > 0)
    frame = pd.DataFrame(
        {
            "debtor_id": text_ids(a.debtor_ids[keep]),
            "n_invoices": n[keep].astype("int64"),
            "amount": aging.to_euros(np.rint(w[keep]).astype("int64")),
            "days_to_pay": w_pay[keep] / w[keep],
            "days_late": w_late[keep] / w[keep],
            "share_late": n_late[keep] / n[keep] * 100,
            "max_days_late": max_late[keep],
        },
        columns=BEHAVIOUR_COLUMNS,
    )
    frame = frame.sort_values(["days_late", "debtor_id"], ascending=[False, True], kind="stable")
    totals = np.array([w.sum(), w_late.sum()])
    return frame.reset_index(drop=True), totals


def payment_behaviour(
    ledger: Ledger, as_of: object, *, months: int = ANNUAL_MONTHS
) -> pd.DataFrame:
    """Payment behaviour per debtor over the invoices settled in the period.

    Parameters
    ----------
    ledger : Ledger
        The validated ledger.
    as_of : date-like
        The date the KPI is measured at (end of its period).
    months : int
        Length of the period in calendar months (default 12).

    Returns
    -------
    DataFrame
        One row per debtor with at least one invoice settled in the period:
        ``debtor_id``, ``n_invoices``, ``amount`` (€, invoice amounts),
        ``days_to_pay`` and ``days_late`` (amount-weighted means, days),
        ``share_late`` (percent of the invoices settled after their due date),
        ``max_days_late`` (days). Sorted by ``days_late`` descending, then
        ``debtor_id``.

    Notes
    -----
    An invoice is settled when its as-of residual reaches ≤ 0 through payments,
    credit notes or write-offs; its settlement date is the date of the allocation
    that brought the cumulated allocations to its amount, or its issue date if
    that came first (prepayment: 0 days to pay). Settled in the period =
    settled at ``as_of`` and not at ``as_of − months``. Then, weighted by the
    invoice amount::

        days_to_pay = Σ amount × (settled − issue_date) / Σ amount
        days_late   = Σ amount × max(0, settled − due_date) / Σ amount

    Invoices closed by a credit note or a write-off are included (the closing
    event dates the settlement), as the data contract does not tell a commercial
    cancellation from a payment.

    Examples
    --------
    >>> payment_behaviour(ledger, "2025-04-30").head()  # doctest: +SKIP

    """
    months = check_months(months)
    frame, _ = _behaviour(KpiContext(ledger), cv.as_date(as_of), months)
    return frame


def behaviour_summary_kpi(ctx: KpiContext, as_of: object, months: int) -> KpiResult:
    """Compute :func:`payment_behaviour_summary` on the shared context ``ctx``."""
    day = cv.as_date(as_of)
    months = check_months(months)
    _, _, ptext = period(day, months)
    frame, (w, w_late) = _behaviour(ctx, day, months)
    convention = (
        "Retard moyen de paiement pondéré = Σ montant × max(0, date de solde − échéance) / "
        "Σ montant, sur les factures soldées dans la période (solde = règlements, avoirs et "
        "passages en perte cumulés atteignant le montant de la facture) ; numérateur en € × "
        f"jours ; {ptext}."
    )
    return ratio_result(
        "weighted_days_late",
        "j",
        day,
        months,
        convention,
        w_late,
        w,
        reason="aucune facture soldée sur la période",
        scale=1,
        numerator=w_late / 100,
        denominator=w / 100,
        n_debtors=len(frame),
        details=frame,
    )


def payment_behaviour_summary(
    ledger: Ledger, as_of: object, *, months: int = ANNUAL_MONTHS
) -> KpiResult:
    """Portfolio amount-weighted days late ("retard moyen de paiement pondéré"), in days.

    Parameters
    ----------
    ledger, as_of, months
        As in :func:`payment_behaviour`.

    Returns
    -------
    KpiResult
        ``value`` in days; ``numerator`` = Σ amount × days late (€ × days),
        ``denominator`` = Σ amount (€); ``n_debtors`` = debtors with a settled
        invoice; ``details`` = the :func:`payment_behaviour` frame. ``None`` when
        no invoice was settled in the period.

    Notes
    -----
    days late = Σ amount × max(0, settled − due_date) / Σ amount over every invoice
    settled in the period (see :func:`payment_behaviour`).

    Examples
    --------
    >>> payment_behaviour_summary(ledger, "2025-04-30").formatted()  # doctest: +SKIP

    """
    return behaviour_summary_kpi(KpiContext(ledger), as_of, months)
