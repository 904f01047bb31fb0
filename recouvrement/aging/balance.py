"""Open items and the aged balance ("balance âgée") at a date.

Amounts are computed in integer cents on the as-of state
(:func:`~recouvrement.aging.state.state_at`) and converted to euros at the end, so
that the invariant of DOMAIN.md holds to the cent (:mod:`recouvrement.aging.reconcile`).
Unapplied payments, unallocated credit notes, amounts allocated to an invoice not yet
issued at ``D`` and overpayments are not aged: they are shown per debtor in the
``Non affecté`` column (negative). Open invoices in another currency than the company's
are also revalued at the ECB rate of ``D`` (:func:`revaluation`, the unrealised exchange
difference), beside the balance, which stays booked.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pandas as pd

from recouvrement import conventions as cv
from recouvrement.aging.arrays import EVENT_TABLES, ledger_arrays, to_euros
from recouvrement.aging.state import Basis, bucket_codes, check_basis, disputed_at, state_at
from recouvrement.conventions import Buckets
from recouvrement.ledger import Ledger
from recouvrement.ledger.fx import RateError, factor, round_half_away

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


#: Columns of :func:`revaluation`.
REVALUATION_COLUMNS = [
    "debtor_id",
    "currency",
    "n_invoices",
    "open_original",
    "booked",
    "rate",
    "rate_date",
    "revalued",
    "difference",
]


def revaluation(ledger: Ledger, as_of: object) -> pd.DataFrame:
    """Open invoices in another currency revalued at the ECB rate of ``as_of``.

    Parameters
    ----------
    ledger : Ledger
        The validated ledger (rows in another currency converted when it was built,
        :mod:`recouvrement.ledger.fx`).
    as_of : date-like
        The date of the aged balance.

    Returns
    -------
    DataFrame
        One row per debtor and document currency with an open invoice in that currency:
        ``debtor_id, currency``; ``n_invoices`` (open); ``open_original`` (what is left to
        pay, in units of ``currency``); ``booked`` (their residual in the aged balance,
        units of the company's currency); ``rate`` (units of ``currency`` for one unit of
        the company's on ``as_of``) and ``rate_date`` (its ECB publication); ``revalued``
        (``open_original`` at that rate) and ``difference`` = revalued − booked, the
        unrealised exchange difference ("écart de change latent"). ``rate``,
        ``rate_date``, ``revalued`` and ``difference`` are missing when the ECB gives no
        rate for ``as_of`` (after the bundled history, a currency no longer quoted).
        Sorted by debtor, then currency; empty when no such invoice is open.

    Notes
    -----
    open_original of an invoice = its original amount − Σ payments, credit notes and
    write-offs allocated to it at ``as_of`` (the rule of :func:`open_items`): those in the
    invoice's currency for their original amount, the others (in euros, in a third
    currency) for their booked value at the invoice's booked rate,
    round(booked × original / booked of the invoice). revalued = round(Σ open_original ×
    rate(company) / rate(currency)), half away from zero, once per row. The aged balance
    is not changed: its amounts stay booked at the rate of each document's day, and the
    invariant of :func:`~recouvrement.aging.reconcile` is theirs; ``booked`` sums to the
    balance's share of these invoices.

    """
    day = cv.as_date(as_of)
    a = ledger_arrays(ledger)
    st = state_at(a, day)
    currency = ledger.invoices["currency_original"].to_numpy(dtype=object, na_value=None)
    foreign = np.array([c is not None for c in currency], dtype=bool)
    idx = np.flatnonzero(st.issued & (st.residual > 0) & foreign)
    if not len(idx):
        return _revaluation_frame([])
    original = np.asarray(ledger.cents("invoices", "amount_original"), dtype="int64")
    events = [getattr(ledger, name) for name in EVENT_TABLES]
    ev_currency = np.concatenate(
        [f["currency_original"].to_numpy(dtype=object, na_value=ledger.currency) for f in events]
    )
    ev_original = np.concatenate(
        [np.asarray(ledger.cents(name, "amount_original"), dtype="int64") for name in EVENT_TABLES]
    )
    d = np.datetime64(day, "ns")
    on_issued = np.zeros(len(a.ev_inv), dtype=bool)
    has_inv = a.ev_inv >= 0
    on_issued[has_inv] = st.issued[a.ev_inv[has_inv]]
    chosen = np.zeros(len(a.amount), dtype=bool)
    chosen[idx] = True
    applied = (a.ev_date <= d) & on_issued & (a.ev_applied <= d)  # as in state_at
    applied[has_inv] &= chosen[a.ev_inv[has_inv]]
    open_original = original.copy()
    for j in np.flatnonzero(applied):
        i = a.ev_inv[j]
        if ev_currency[j] == currency[i]:
            open_original[i] -= ev_original[j]
        else:
            open_original[i] -= round_half_away(
                Fraction(int(a.ev_amount[j]) * int(original[i]), int(a.amount[i]))
            )
    per = pd.DataFrame(
        {
            "debtor_id": a.debtor_ids[a.inv_debtor[idx]],
            "currency": currency[idx],
            "open": open_original[idx],
            "booked": st.residual[idx],
        }
    )
    rows = []
    for (debtor, code), g in per.groupby(["debtor_id", "currency"], sort=True):
        rows.append((str(debtor), str(code), len(g), int(g["open"].sum()), int(g["booked"].sum())))
    return _revaluation_frame(rows, ledger.currency, day)


def _revaluation_frame(
    rows: list[tuple[str, str, int, int, int]], company: str = "", day: object = None
) -> pd.DataFrame:
    """The frame of :func:`revaluation` from (debtor, currency, count, open, booked) cents."""
    records = []
    for debtor, code, n, open_cents, booked in rows:
        try:
            ratio, published = factor(code, company, day)
        except RateError:
            rate, published, revalued, difference = np.nan, pd.NaT, np.nan, np.nan
        else:
            value = round_half_away(open_cents * ratio)
            rate, revalued, difference = float(1 / ratio), value / 100, (value - booked) / 100
        records.append(
            (debtor, code, n, open_cents / 100, booked / 100, rate, published, revalued, difference)
        )
    frame = pd.DataFrame.from_records(records, columns=REVALUATION_COLUMNS)
    return frame.astype(
        {
            "debtor_id": "str",
            "currency": "str",
            "n_invoices": "int64",
            "open_original": "float64",
            "booked": "float64",
            "rate": "float64",
            "rate_date": cv.DATE_DTYPE,
            "revalued": "float64",
            "difference": "float64",
        }
    )
