"""Open items and the aged balance ("balance âgée") at a date.

Amounts are computed in integer cents on the as-of state
(:func:`~recouvrement.aging.state.state_at`) and converted to euros at the end, so
that the invariant of DOMAIN.md holds to the cent (:mod:`recouvrement.aging.reconcile`).
Unapplied payments, unallocated credit notes, amounts allocated to an invoice not yet
issued at ``D`` and overpayments are not aged: they are shown per debtor in the
``Non affecté`` column (negative).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from recouvrement import conventions as cv
from recouvrement.aging.arrays import ledger_arrays, to_euros
from recouvrement.aging.state import Basis, bucket_codes, check_basis, disputed_at, state_at
from recouvrement.conventions import Buckets
from recouvrement.ledger import Ledger

#: Columns of :func:`open_items`.
OPEN_ITEM_COLUMNS = [
    "invoice_id",
    "debtor_id",
    "issue_date",
    "due_date",
    "amount",
    "paid",
    "credited",
    "written_off",
    "residual",
    "days_past_due",
    "age_days",
    "bucket",
    "disputed",
]


def open_items(
    ledger: Ledger,
    as_of: object,
    buckets: Buckets | tuple[int, ...] | str | None = None,
    basis: Basis = "due",
) -> pd.DataFrame:
    """Open invoices at ``as_of``, one row each, with residual and age bucket.

    Parameters
    ----------
    ledger : Ledger
        The validated ledger.
    as_of : date-like
        The date the receivables are rebuilt at (e.g. a month end).
    buckets : Buckets, sequence of int, str or None
        Bucket scheme: day edges such as ``(30, 60, 90, 120)``, a
        :class:`~recouvrement.conventions.Buckets` (days or months), a preset name
        (``"jours"``, ``"120"``, ``"mois"``) or ``None`` for 30/60/90 days.
    basis : {"due", "issue"}
        Age measured from the due date (default, DOMAIN.md) or the issue date.

    Returns
    -------
    DataFrame
        Columns ``invoice_id, debtor_id, issue_date, due_date, amount`` (euros),
        ``paid, credited, written_off`` (allocated up to ``as_of``), ``residual``
        (> 0, euros), ``days_past_due`` (``as_of − due_date`` in days; ≤ 0 = not
        due), ``age_days`` (the age used for the bucket), ``bucket`` (ordered
        categorical of the scheme's labels) and ``disputed`` (open dispute at
        ``as_of``). Sorted by ``debtor_id, due_date, invoice_id``.

    Notes
    -----
    residual = amount − Σ payments − Σ credit notes − Σ write-offs allocated to the
    invoice and dated ≤ ``as_of``. Invoices issued after ``as_of`` are absent; an
    invoice due exactly on ``as_of`` is not overdue (``days_past_due = 0``).
    Fully settled invoices (residual 0) and overpaid ones (residual < 0, shown in
    ``Non affecté`` by :func:`aged_balance`) are not open items.

    Examples
    --------
    >>> items = open_items(ledger, "2025-03-31")  # doctest: +SKIP
    >>> items.groupby("bucket", observed=False)["residual"].sum()  # doctest: +SKIP

    """
    check_basis(basis)
    scheme = cv.as_buckets(buckets)
    day = cv.as_date(as_of)
    a = ledger_arrays(ledger)
    st = state_at(a, day)
    idx = np.flatnonzero(st.issued & (st.residual > 0))
    age, pos = bucket_codes(scheme, basis, a.issue[idx], a.due[idx], day)
    labels = scheme.labels(basis)
    dpd = ((np.datetime64(day, "ns") - a.due[idx]) // np.timedelta64(1, "D")).astype("int64")
    out = pd.DataFrame(
        {
            "invoice_id": pd.array(a.invoice_ids[idx], dtype="str"),
            "debtor_id": pd.array(a.debtor_ids[a.inv_debtor[idx]], dtype="str"),
            "issue_date": a.issue[idx],
            "due_date": a.due[idx],
            "amount": to_euros(a.amount[idx]),
            "paid": to_euros(st.paid[idx]),
            "credited": to_euros(st.credited[idx]),
            "written_off": to_euros(st.written_off[idx]),
            "residual": to_euros(st.residual[idx]),
            "days_past_due": dpd,
            "age_days": age,
            "bucket": pd.Categorical.from_codes(pos, categories=labels, ordered=True),
            "disputed": disputed_at(ledger, day)[idx],
        }
    )
    return out.sort_values(["debtor_id", "due_date", "invoice_id"], kind="stable").reset_index(
        drop=True
    )


def unapplied(ledger: Ledger, as_of: object) -> pd.Series:
    """Per debtor, the amounts not aged at ``as_of`` (euros, ≤ 0).

    Unapplied payments, unallocated credit notes, amounts allocated to an invoice
    not yet issued at ``as_of``, and overpayments (negative residuals). Only
    debtors with a non-zero amount; index ``debtor_id``.
    """
    a = ledger_arrays(ledger)
    st = state_at(a, cv.as_date(as_of))
    nz = np.flatnonzero(st.unapplied)
    nz = nz[np.argsort(a.debtor_ids[nz], kind="stable")]
    return pd.Series(
        to_euros(st.unapplied[nz]),
        index=pd.Index(a.debtor_ids[nz], dtype="str", name="debtor_id"),
        name=cv.UNAPPLIED_LABEL,
        dtype="float64",
    )


def aged_balance(
    ledger: Ledger,
    as_of: object,
    buckets: Buckets | tuple[int, ...] | str | None = None,
    basis: Basis = "due",
) -> pd.DataFrame:
    """The aged balance per debtor at ``as_of``.

    Parameters
    ----------
    ledger, as_of, buckets, basis
        As in :func:`open_items`.

    Returns
    -------
    DataFrame
        Index ``debtor_id``; one column per bucket label (``Non échu``, ``1-30``,
        ``31-60``, ``61-90``, ``> 90`` by default), then ``Non affecté``
        (unapplied cash, unallocated credits and overpayments, ≤ 0), then
        ``Total``; amounts in euros. Debtors whose every cell is 0 are omitted.
        Sorted by overdue amount (Total − Non échu − Non affecté) descending, then
        debtor id.

    Notes
    -----
    Σ buckets + Σ Non affecté = Σ invoices − Σ payments − Σ credit notes −
    Σ write-offs, all dated ≤ ``as_of`` (checked by :func:`reconcile`).

    """
    check_basis(basis)
    scheme = cv.as_buckets(buckets)
    day = cv.as_date(as_of)
    a = ledger_arrays(ledger)
    st = state_at(a, day)
    labels = scheme.labels(basis)
    idx = np.flatnonzero(st.issued & (st.residual > 0))
    _, pos = bucket_codes(scheme, basis, a.issue[idx], a.due[idx], day)
    n_debtors, n_buckets = len(a.debtor_ids), len(labels)
    grid = np.zeros((n_debtors, n_buckets + 1), dtype="int64")
    np.add.at(grid, (a.inv_debtor[idx], pos), st.residual[idx])
    grid[:, n_buckets] = st.unapplied
    keep = np.flatnonzero(np.any(grid != 0, axis=1))
    grid = grid[keep]
    total = grid.sum(axis=1)
    overdue = total - grid[:, n_buckets] - (grid[:, 0] if basis == "due" else 0)
    frame = pd.DataFrame(
        to_euros(grid),
        index=pd.Index(a.debtor_ids[keep], dtype="str", name="debtor_id"),
        columns=[*labels, cv.UNAPPLIED_LABEL],
    )
    frame[cv.TOTAL_LABEL] = to_euros(total)
    order = np.lexsort((frame.index.to_numpy(dtype=object), -overdue))
    frame = frame.iloc[order]
    frame.columns.name = None
    return frame


def aged_balance_history(
    ledger: Ledger,
    end: object,
    months: int = 12,
    buckets: Buckets | tuple[int, ...] | str | None = None,
    basis: Basis = "due",
) -> pd.DataFrame:
    """Portfolio totals per bucket at each of the last ``months`` month ends.

    Returns
    -------
    DataFrame
        Index ``as_of`` (month ends, oldest first, the last one being the month
        end of ``end``); columns as :func:`aged_balance` (summed over debtors).

    """
    end_day = cv.month_end(end)
    rows = {}
    for k in range(months - 1, -1, -1):
        day = cv.shift_months(end_day, -k)
        rows[day] = aged_balance(ledger, day, buckets, basis).sum(axis=0).round(2)
    scheme = cv.as_buckets(buckets)
    out = pd.DataFrame.from_dict(rows, orient="index")
    out = out.reindex(
        columns=[*scheme.labels(basis), cv.UNAPPLIED_LABEL, cv.TOTAL_LABEL], fill_value=0.0
    )
    out.index = pd.DatetimeIndex(out.index, name="as_of")
    return out
