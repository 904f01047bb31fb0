"""The as-of aged balance ("balance âgée") and its reconciliation.

Everything here is rebuilt *as of* a date ``D``: invoices issued after ``D`` do not
exist yet, payments, credit notes and write-offs dated after ``D`` are ignored.
Amounts are computed in integer cents, so that totals are exact and the
reconciliation invariant of DOMAIN.md holds to the cent::

    Σ buckets + Σ non affecté = Σ invoices − Σ payments − Σ credit notes − Σ write-offs

(every term dated ≤ D). Unapplied payments, unallocated credit notes, amounts
allocated to an invoice not yet issued at ``D`` and overpayments are not aged:
they are shown per debtor in the ``Non affecté`` column (negative).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from recouvrement import conventions as cv
from recouvrement.conventions import Buckets
from recouvrement.formatting import fmt_eur
from recouvrement.schema import Ledger

Basis = Literal["due", "issue"]

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

_PAYMENT, _CREDIT, _WRITE_OFF = 0, 1, 2


class ReconciliationError(AssertionError):
    """The aged balance does not reconcile with the ledger: a bug, never a footnote."""


@dataclass(frozen=True)
class _Arrays:
    """Numpy view of a ledger, built once per ledger (see :func:`_prepare`)."""

    invoice_ids: np.ndarray  # object, position = invoice code
    debtor_ids: np.ndarray  # object, position = debtor code
    inv_debtor: np.ndarray  # int64 debtor code per invoice
    issue: np.ndarray  # datetime64[ns]
    due: np.ndarray  # datetime64[ns]
    amount: np.ndarray  # int64 cents
    ev_inv: np.ndarray  # int64 invoice code, -1 = not allocated to an invoice
    ev_debtor: np.ndarray  # int64 debtor code
    ev_date: np.ndarray  # datetime64[ns]
    ev_amount: np.ndarray  # int64 cents (positive)
    ev_kind: np.ndarray  # int8: 0 payment, 1 credit note, 2 write-off
    dispute_inv: np.ndarray  # int64 invoice code
    dispute_open: np.ndarray  # datetime64[ns]
    dispute_end: np.ndarray  # datetime64[ns], NaT = unresolved


def to_cents(values: pd.Series | np.ndarray) -> np.ndarray:
    """Euros (float) -> integer cents, rounded half away from zero."""
    arr = np.asarray(values, dtype="float64")
    return (np.sign(arr) * np.floor(np.abs(arr) * 100 + 0.5)).astype("int64")


def to_euros(cents: np.ndarray | int) -> np.ndarray | float:
    """Integer cents -> euros (float, exact to the cent)."""
    return np.asarray(cents, dtype="int64") / 100 if np.ndim(cents) else int(cents) / 100


def _dates(s: pd.Series) -> np.ndarray:
    return s.to_numpy(dtype="datetime64[ns]")


def _prepare(ledger: Ledger) -> _Arrays:
    """Build (once, cached on the ledger) the arrays every as-of computation uses."""
    cached = ledger._cache.get("arrays")
    if cached is not None:
        return cached
    inv = ledger.invoices
    events = [
        (ledger.payments, _PAYMENT),
        (ledger.credit_notes, _CREDIT),
        (ledger.write_offs, _WRITE_OFF),
    ]
    n_inv = len(inv)
    # one hash pass over invoice ids: invoices (unique) first, so their codes are
    # their positions; an event id with a code ≥ n_inv matches no invoice
    all_inv_ids = pd.concat(
        [inv["invoice_id"], *(f["invoice_id"] for f, _ in events), ledger.disputes["invoice_id"]],
        ignore_index=True,
    )
    inv_codes_all, _ = pd.factorize(all_inv_ids, use_na_sentinel=True)
    ev_inv = inv_codes_all[n_inv:].astype("int64")
    ev_inv[ev_inv >= n_inv] = -1
    n_ev = sum(len(f) for f, _ in events)
    dispute_inv, ev_inv = ev_inv[n_ev:], ev_inv[:n_ev]
    # write-offs carry no debtor: theirs is the invoice's (filled in after factorize)
    ev_debtors = pd.concat(
        [
            f["debtor_id"]
            if "debtor_id" in f.columns
            else pd.Series(pd.NA, index=f.index, dtype="str")
            for f, _ in events
        ],
        ignore_index=True,
    ).astype("str")
    debtor_codes, debtor_ids = pd.factorize(
        pd.concat([inv["debtor_id"].astype("str"), ev_debtors], ignore_index=True), sort=True
    )
    debtor_codes = debtor_codes.astype("int64")
    ev_debtor = debtor_codes[n_inv:]
    missing = (ev_debtor < 0) & (ev_inv >= 0)
    ev_debtor[missing] = debtor_codes[ev_inv[missing]]
    disputes = ledger.disputes
    arrays = _Arrays(
        invoice_ids=inv["invoice_id"].to_numpy(dtype=object),
        debtor_ids=np.asarray(debtor_ids, dtype=object),
        inv_debtor=debtor_codes[:n_inv].astype("int64"),
        issue=_dates(inv["issue_date"]),
        due=_dates(inv["due_date"]),
        amount=to_cents(inv["amount"]),
        ev_inv=ev_inv,
        ev_debtor=ev_debtor,
        ev_date=np.concatenate([_dates(f["date"]) for f, _ in events]),
        ev_amount=np.concatenate([to_cents(f["amount"]) for f, _ in events]),
        ev_kind=np.concatenate([np.full(len(f), k, dtype="int8") for f, k in events]),
        dispute_inv=dispute_inv,
        dispute_open=_dates(disputes["opened_date"]),
        dispute_end=_dates(disputes["resolved_date"]),
    )
    ledger._cache["arrays"] = arrays
    return arrays


@dataclass(frozen=True)
class _AsOf:
    """Per-invoice state at a date, in cents (internal)."""

    issued: np.ndarray  # bool per invoice
    paid: np.ndarray
    credited: np.ndarray
    written_off: np.ndarray
    residual: np.ndarray  # amount - allocations (may be < 0: overpaid)
    unapplied: np.ndarray  # int64 cents per debtor code (≤ 0 by construction)


def _state(a: _Arrays, as_of: pd.Timestamp) -> _AsOf:
    d = np.datetime64(as_of, "ns")
    n = len(a.amount)
    issued = a.issue <= d
    dated = a.ev_date <= d
    on_issued = np.zeros(len(a.ev_inv), dtype=bool)
    has_inv = a.ev_inv >= 0
    on_issued[has_inv] = issued[a.ev_inv[has_inv]]
    applied = dated & on_issued

    def total(kind: int) -> np.ndarray:
        m = applied & (a.ev_kind == kind)
        return np.bincount(a.ev_inv[m], weights=a.ev_amount[m], minlength=n).astype("int64")

    paid, credited, written_off = total(_PAYMENT), total(_CREDIT), total(_WRITE_OFF)
    residual = np.where(issued, a.amount - paid - credited - written_off, 0)
    loose = dated & ~on_issued
    n_debtors = len(a.debtor_ids)
    unapplied = -np.bincount(a.ev_debtor[loose], weights=a.ev_amount[loose], minlength=n_debtors)
    over = issued & (residual < 0)
    unapplied = unapplied + np.bincount(
        a.inv_debtor[over], weights=residual[over], minlength=n_debtors
    )
    return _AsOf(issued, paid, credited, written_off, residual, np.rint(unapplied).astype("int64"))


def disputed_at(ledger: Ledger, as_of: object) -> np.ndarray:
    """Boolean per invoice (ledger order): under an open dispute at ``as_of``.

    A dispute is open at ``D`` when ``opened_date ≤ D`` and it is unresolved or
    resolved after ``D``.
    """
    a = _prepare(ledger)
    d = np.datetime64(cv.as_date(as_of), "ns")
    live = (
        (a.dispute_open <= d)
        & (np.isnat(a.dispute_end) | (a.dispute_end > d))
        & (a.dispute_inv >= 0)
    )
    out = np.zeros(len(a.amount), dtype=bool)
    out[a.dispute_inv[live]] = True
    return out


def _months_elapsed(ref: np.ndarray, as_of: pd.Timestamp) -> np.ndarray:
    """Complete calendar months from ``ref`` to ``as_of`` (31 Jan -> 28 Feb counts 1)."""
    ref_idx = pd.DatetimeIndex(ref)
    months = (as_of.year - ref_idx.year) * 12 + (as_of.month - ref_idx.month)
    short = as_of.day < ref_idx.day
    if as_of.is_month_end:
        short = np.zeros(len(ref_idx), dtype=bool)
    return np.asarray(months - short.astype("int64"), dtype="int64")


def _bucket_codes(
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
    months = _months_elapsed(ref, as_of)
    pos = np.searchsorted(edges, months, side="right")
    if basis == "due":
        pos = np.where(age_days <= 0, 0, pos + 1)
    return age_days, pos


def _check_basis(basis: str) -> None:
    if basis not in ("due", "issue"):
        raise ValueError(
            f"basis must be 'due' (days past due) or 'issue' (days since issue), got {basis!r}"
        )


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
    _check_basis(basis)
    scheme = cv.as_buckets(buckets)
    day = cv.as_date(as_of)
    a = _prepare(ledger)
    st = _state(a, day)
    idx = np.flatnonzero(st.issued & (st.residual > 0))
    age, pos = _bucket_codes(scheme, basis, a.issue[idx], a.due[idx], day)
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
    a = _prepare(ledger)
    st = _state(a, cv.as_date(as_of))
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
    _check_basis(basis)
    scheme = cv.as_buckets(buckets)
    day = cv.as_date(as_of)
    a = _prepare(ledger)
    st = _state(a, day)
    labels = scheme.labels(basis)
    idx = np.flatnonzero(st.issued & (st.residual > 0))
    _, pos = _bucket_codes(scheme, basis, a.issue[idx], a.due[idx], day)
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


@dataclass(frozen=True)
class Reconciliation:
    """The reconciliation of the aged balance with the ledger at ``as_of`` (euros)."""

    as_of: pd.Timestamp
    invoiced: float
    paid: float
    credited: float
    written_off: float
    ledger_balance: float
    aged: float
    unapplied: float
    difference: float

    @property
    def ok(self) -> bool:
        """True when the difference is exactly zero (to the cent)."""
        return self.difference == 0

    def describe(self) -> str:
        """French one-line statement of the check, for the report."""
        status = "vérifié" if self.ok else f"ÉCART de {fmt_eur(self.difference)}"
        return (
            f"Rapprochement au {self.as_of:%d/%m/%Y} : tranches {fmt_eur(self.aged)} + non affecté "
            f"{fmt_eur(self.unapplied)} = factures {fmt_eur(self.invoiced)} − règlements "
            f"{fmt_eur(self.paid)} − avoirs {fmt_eur(self.credited)} − pertes "
            f"{fmt_eur(self.written_off)} = {fmt_eur(self.ledger_balance)} : {status}."
        )


def reconcile(
    ledger: Ledger, as_of: object, balance: pd.DataFrame | None = None, *, strict: bool = True
) -> Reconciliation:
    """Check the invariant of DOMAIN.md for an aged balance.

    Parameters
    ----------
    ledger : Ledger
        The validated ledger.
    as_of : date-like
        The as-of date of the balance.
    balance : DataFrame, optional
        The aged balance to check (any bucket scheme); computed when omitted.
    strict : bool
        Raise :class:`ReconciliationError` when the invariant fails (default).

    Returns
    -------
    Reconciliation

    Notes
    -----
    Σ buckets + Σ Non affecté = Σ invoices − Σ payments − Σ credit notes −
    Σ write-offs, every term dated ≤ ``as_of``; compared in integer cents.

    """
    day = cv.as_date(as_of)
    if balance is None:
        balance = aged_balance(ledger, day)
    d = np.datetime64(day, "ns")
    a = _prepare(ledger)
    invoiced = int(a.amount[a.issue <= d].sum())
    dated = a.ev_date <= d
    by_kind = [
        int(a.ev_amount[dated & (a.ev_kind == k)].sum()) for k in (_PAYMENT, _CREDIT, _WRITE_OFF)
    ]
    ledger_balance = invoiced - sum(by_kind)
    bucket_cols = [c for c in balance.columns if c not in (cv.UNAPPLIED_LABEL, cv.TOTAL_LABEL)]
    aged = int(to_cents(balance[bucket_cols].to_numpy().ravel()).sum())
    loose = int(to_cents(balance[cv.UNAPPLIED_LABEL].to_numpy()).sum())
    result = Reconciliation(
        as_of=day,
        invoiced=invoiced / 100,
        paid=by_kind[0] / 100,
        credited=by_kind[1] / 100,
        written_off=by_kind[2] / 100,
        ledger_balance=ledger_balance / 100,
        aged=aged / 100,
        unapplied=loose / 100,
        difference=(aged + loose - ledger_balance) / 100,
    )
    if strict and not result.ok:
        raise ReconciliationError(
            f"the aged balance at {day:%Y-%m-%d} does not reconcile with the ledger: "
            f"{result.aged + result.unapplied:.2f} vs {result.ledger_balance:.2f}"
        )
    return result
