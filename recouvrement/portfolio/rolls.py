"""Roll rates: where the encours of each age bucket at one month end is a month later.

DOMAIN.md (Portfolio analytics): the roll rate of bucket ``b`` is the share of the amount
in ``b`` at month end ``t`` that is in ``b + 1`` at ``t + 1``; the cure rate is the share
paid or back to a younger bucket. Every amount comes from the as-of engine
(:func:`recouvrement.aging.state_at` and :func:`recouvrement.aging.bucket_codes`): this
module only follows each open invoice from one month end to the next, in integer cents.
Matrices are additive (a portfolio sums its companies' cents, a year sums its months):
:mod:`recouvrement.portfolio.shares` sums them and recomputes their shares.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from recouvrement import aging
from recouvrement import conventions as cv
from recouvrement.conventions import Buckets
from recouvrement.kpi.periods import check_months
from recouvrement.ledger import Ledger

__all__ = [
    "CLEARED_LABELS",
    "CREDITED_LABEL",
    "ENCOURS_COLUMN",
    "ROLL_ITEM_COLUMNS",
    "SETTLED_LABEL",
    "WRITTEN_OFF_LABEL",
    "roll_history",
    "roll_items",
    "roll_matrix",
]

#: Column of a roll matrix: the encours of the row's bucket at ``t``, in cents.
ENCOURS_COLUMN = "encours_cents"
#: Destination: settled by payments allocated in ``(t, t + 1]``.
SETTLED_LABEL = "Réglé"
#: Destination: cancelled by credit notes allocated in ``(t, t + 1]``.
CREDITED_LABEL = "Avoir"
#: Destination: written off in ``(t, t + 1]``.
WRITTEN_OFF_LABEL = "Passé en perte"
#: The destinations that leave the encours, in column order.
CLEARED_LABELS = (SETTLED_LABEL, CREDITED_LABEL, WRITTEN_OFF_LABEL)
#: Columns of :func:`roll_items` (amounts in cents).
ROLL_ITEM_COLUMNS = [
    "invoice_id",
    "debtor_id",
    "bucket_from",
    "bucket_to",
    "residual_from",
    "settled",
    "credited",
    "written_off",
    "residual_to",
]

BucketsArg = Buckets | tuple[int, ...] | str | None


def _transition(
    a: aging.LedgerArrays,
    scheme: Buckets,
    t0: pd.Timestamp,
    t1: pd.Timestamp,
    s0: aging.AsOfState,
    s1: aging.AsOfState,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per invoice open at ``t0``: (codes, bucket at t0, bucket at t1, residual at t0, flows).

    ``flows`` has one row per invoice and the columns settled, credited, written off,
    still open (cents); each row sums to the residual at ``t0``. The bucket at ``t1``
    is meaningful only where the amount still open is > 0.
    """
    idx = np.flatnonzero(s0.issued & (s0.residual > 0))
    _, pos0 = aging.bucket_codes(scheme, "due", a.issue[idx], a.due[idx], t0)
    _, pos1 = aging.bucket_codes(scheme, "due", a.issue[idx], a.due[idx], t1)
    r0 = s0.residual[idx]
    still = np.maximum(s1.residual[idx], 0)
    flows = np.stack(
        [
            s1.paid[idx] - s0.paid[idx],
            s1.credited[idx] - s0.credited[idx],
            s1.written_off[idx] - s0.written_off[idx],
            still,
        ],
        axis=1,
    ).astype("int64")
    over = np.flatnonzero(s1.residual[idx] < 0)
    if len(over):  # overpaid by t1: the allocations clear the residual in date order
        flows[over, :3] = _clear_in_order(a, idx[over], r0[over], t0, t1)
    return idx, pos0, pos1, r0, flows


def _clear_in_order(
    a: aging.LedgerArrays, inv: np.ndarray, owed: np.ndarray, t0: pd.Timestamp, t1: pd.Timestamp
) -> np.ndarray:
    """(settled, credited, written off) of invoices overpaid by ``t1``, capped at ``owed``.

    The allocations counted in ``(t0, t1]`` are taken in the order they count against
    the invoice (``ev_applied``, then their date, then ledger order) until ``owed`` is
    used up; the excess is an overpayment, in ``Non affecté`` at ``t1``, not a move of
    the encours of ``t0``.
    """
    d0, d1 = np.datetime64(t0, "ns"), np.datetime64(t1, "ns")
    counted_at = np.maximum(a.ev_date, a.ev_applied)  # state_at counts both ≤ D
    row = np.full(len(a.amount), -1, dtype="int64")
    row[inv] = np.arange(len(inv))
    has_inv = a.ev_inv >= 0
    ev = np.flatnonzero(has_inv & (counted_at > d0) & (counted_at <= d1))
    ev = ev[row[a.ev_inv[ev]] >= 0]
    ev = ev[np.lexsort((ev, a.ev_date[ev], counted_at[ev], row[a.ev_inv[ev]]))]
    out = np.zeros((len(inv), 3), dtype="int64")
    if not len(ev):  # cannot happen: an invoice overpaid in the month had an allocation in it
        return out
    rows, amounts = row[a.ev_inv[ev]], a.ev_amount[ev]
    cum = np.cumsum(amounts)
    first = np.r_[True, rows[1:] != rows[:-1]]  # first event of each invoice
    before = cum - amounts - np.maximum.accumulate(np.where(first, cum - amounts, 0))
    take = np.clip(owed[rows] - before, 0, amounts)  # what is still owed, at most the event
    np.add.at(out, (rows, a.ev_kind[ev].astype("int64")), take)  # PAYMENT, CREDIT, WRITE_OFF
    return out


def _grid(scheme: Buckets, pos0: np.ndarray, pos1: np.ndarray, r0, flows) -> pd.DataFrame:
    """The roll matrix of one transition from per-invoice codes and flows."""
    labels = scheme.labels("due")
    n = len(labels)
    grid = np.zeros((n, 4 + n), dtype="int64")
    np.add.at(grid[:, 0], pos0, r0)
    for c in range(3):
        np.add.at(grid[:, 1 + c], pos0, flows[:, c])
    np.add.at(grid, (pos0, 4 + pos1), flows[:, 3])
    if not np.array_equal(grid[:, 0], grid[:, 1:].sum(axis=1)):
        raise RuntimeError("roll matrix does not reconcile to the cent (as-of engine broken)")
    return pd.DataFrame(
        grid,
        index=pd.Index(labels, name="bucket", dtype="str"),
        columns=[ENCOURS_COLUMN, *CLEARED_LABELS, *labels],
    )


def _month_ends(as_of: object, transitions: int) -> list[pd.Timestamp]:
    last = cv.month_end(as_of)
    return [cv.shift_months(last, -k) for k in range(transitions, -1, -1)]


def roll_matrix(ledger: Ledger, as_of: object, *, buckets: BucketsArg = None) -> pd.DataFrame:
    """The roll matrix from the month end before ``as_of`` to the month end of ``as_of``.

    Parameters
    ----------
    ledger : Ledger
        The validated ledger.
    as_of : date-like
        Any date of month ``t + 1``; its month end is ``t + 1`` and the previous month
        end is ``t`` (31/03 → 30/04 for ``"2025-04-30"``).
    buckets : Buckets, sequence of int, str or None
        Bucket scheme (:func:`recouvrement.conventions.as_buckets`): the company's
        preset (``"jours"``, ``"120"``, ``"mois"``), day edges, or ``None`` for 30/60/90.

    Returns
    -------
    DataFrame
        Index ``bucket`` (the scheme's labels, ``Non échu`` first: the bucket at ``t``);
        int64 columns in cents: ``encours_cents`` (the open items of the bucket at
        ``t``), then where that amount is at ``t + 1``: ``Réglé``, ``Avoir``,
        ``Passé en perte``, then one column per bucket label (still open, in its
        bucket at ``t + 1``). Every row reconciles to the cent: ``encours_cents`` =
        the sum of the other columns.

    Notes
    -----
    Unit of migration: the residual of each invoice open at ``t`` (the open items of
    :func:`recouvrement.aging.open_items`, age from the due date)::

        residual(t) = settled + credited + written off + max(residual(t + 1), 0)

    where settled, credited and written off are the payments, credit notes and
    write-offs counted against the invoice in ``(t, t + 1]`` (the rule of
    :func:`recouvrement.aging.state_at`: dated and matched by ``t + 1``, not by ``t``).
    A partial payment moves that part to ``Réglé`` and the rest to the invoice's
    bucket at ``t + 1``. ``Réglé`` holds every allocated row of the payments table,
    including the non-cash credits it may hold (an opening balance carried over, a
    regularisation); a payment received before ``t`` but matched to the invoice in
    ``(t, t + 1]`` (lettrage) settles it in that month. ``Avoir`` holds credit notes and
    ``Passé en perte`` write-offs, apart from payments: they clear the encours without
    collecting it. An invoice overpaid by ``t + 1`` is cleared by its allocations in the
    order they count (matching date, then date, then ledger order) up to its residual at
    ``t``; the excess is unapplied cash at ``t + 1``, not a move of the encours of ``t``.

    Left out: unapplied cash and overpayments (``Non affecté``, not aged) and invoices
    issued after ``t`` (not in the encours of ``t``). Disputed invoices and invoices of
    debtors in insolvency proceedings are kept, in their age bucket, as in the aged
    balance. The due date of an invoice is fixed in the ledger, so its age only grows:
    a move back to a younger bucket cannot happen here (it would need a due date moved,
    e.g. an instalment plan rebooked as new due dates), and the columns of younger
    buckets are then 0.

    Examples
    --------
    >>> roll_matrix(ledger, "2025-04-30").loc["1-30"]  # doctest: +SKIP

    """
    scheme = cv.as_buckets(buckets)
    t0, t1 = _month_ends(as_of, 1)
    a = aging.ledger_arrays(ledger)
    s0, s1 = aging.state_at(a, t0), aging.state_at(a, t1)
    _, pos0, pos1, r0, flows = _transition(a, scheme, t0, t1, s0, s1)
    return _grid(scheme, pos0, pos1, r0, flows)


def roll_items(ledger: Ledger, as_of: object, *, buckets: BucketsArg = None) -> pd.DataFrame:
    """The invoices behind :func:`roll_matrix`, one row per invoice open at ``t``.

    Parameters
    ----------
    ledger, as_of, buckets
        As in :func:`roll_matrix`.

    Returns
    -------
    DataFrame
        Columns ``invoice_id, debtor_id``, ``bucket_from`` (at ``t``), ``bucket_to`` (at
        ``t + 1``; missing when nothing is left open), then in cents ``residual_from``,
        ``settled``, ``credited``, ``written_off``, ``residual_to`` (still open at
        ``t + 1``, ≥ 0), with ``residual_from`` = the sum of the four others. Sorted by
        ``bucket_from``, then ``debtor_id``, ``invoice_id``.

    """
    scheme = cv.as_buckets(buckets)
    t0, t1 = _month_ends(as_of, 1)
    a = aging.ledger_arrays(ledger)
    idx, pos0, pos1, r0, flows = _transition(
        a, scheme, t0, t1, aging.state_at(a, t0), aging.state_at(a, t1)
    )
    labels = scheme.labels("due")
    out = pd.DataFrame(
        {
            "invoice_id": pd.array(a.invoice_ids[idx], dtype="str"),
            "debtor_id": pd.array(a.debtor_ids[a.inv_debtor[idx]], dtype="str"),
            "bucket_from": pd.Categorical.from_codes(pos0, categories=labels, ordered=True),
            "bucket_to": pd.Categorical.from_codes(
                np.where(flows[:, 3] > 0, pos1, -1), categories=labels, ordered=True
            ),
            "residual_from": r0.astype("int64"),
            "settled": flows[:, 0],
            "credited": flows[:, 1],
            "written_off": flows[:, 2],
            "residual_to": flows[:, 3],
        },
        columns=ROLL_ITEM_COLUMNS,
    )
    return out.sort_values(["bucket_from", "debtor_id", "invoice_id"], kind="stable").reset_index(
        drop=True
    )


def roll_history(
    ledger: Ledger, as_of: object, *, months: int = 12, buckets: BucketsArg = None
) -> pd.DataFrame:
    """The roll matrices of the last ``months`` monthly transitions, as one long frame.

    Parameters
    ----------
    ledger, buckets
        As in :func:`roll_matrix`.
    as_of : date-like
        Any date of the last month ``t + 1``.
    months : int
        Number of transitions (default 12: the matrices of the 12 months ending at
        ``as_of``, from the 13 month ends that bound them).

    Returns
    -------
    DataFrame
        Oldest month first, buckets in scheme order; columns ``month`` (``YYYY-MM`` of
        ``t + 1``, str), ``as_of`` (the month end ``t + 1``), ``bucket`` (the bucket at
        ``t``), then the int64 cent columns of :func:`roll_matrix`.

    Notes
    -----
    The amount-weighted average over the months is ``roll_rates(combine_rolls([h]))``
    (:mod:`~recouvrement.portfolio.shares`):
    cents summed over the months, then shares. Each month end's state is computed once.

    """
    months = check_months(months)
    scheme = cv.as_buckets(buckets)
    ends = _month_ends(as_of, months)
    a = aging.ledger_arrays(ledger)
    states = [aging.state_at(a, day) for day in ends]
    parts = []
    for k in range(1, len(ends)):
        t0, t1 = ends[k - 1], ends[k]
        _, pos0, pos1, r0, flows = _transition(a, scheme, t0, t1, states[k - 1], states[k])
        part = _grid(scheme, pos0, pos1, r0, flows).reset_index()
        part.insert(0, "as_of", t1)
        part.insert(0, "month", f"{t1:%Y-%m}")
        parts.append(part)
    out = pd.concat(parts, ignore_index=True)
    return out.astype({"month": "str", "as_of": "datetime64[ns]", "bucket": "str"})
