"""The as-of engine's arrays: a ledger as integer codes, dates and cents, built once.

Every as-of computation of the package (aged balance, KPIs, penalties, dunning) works
on the numpy view of a ledger built here: invoices and debtors coded by position,
amounts in integer cents (the ledger's exact cents,
:meth:`~recouvrement.ledger.Ledger.cents`, never converted back from float euros),
and every payment, credit note and write-off as one event array tagged by kind.
:func:`ledger_arrays` builds it once per ledger and keeps it in the ledger's store of
derived values (:func:`derived`), which other layers use for their own derived
arrays; the ledger itself is never written to.
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from recouvrement import conventions as cv
from recouvrement.ledger import Ledger

#: Kinds of event (``LedgerArrays.ev_kind``).
PAYMENT, CREDIT, WRITE_OFF = 0, 1, 2

#: The tables of the events, in the order of the event arrays, and their kind.
EVENT_TABLES = {"payments": PAYMENT, "credit_notes": CREDIT, "write_offs": WRITE_OFF}

_STORES: weakref.WeakKeyDictionary[Ledger, dict[str, Any]] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def derived(ledger: Ledger) -> dict[str, Any]:
    """The store of values derived from ``ledger`` (arrays, codes...), created when first asked.

    Derived values live as long as the ledger (weak reference) and never on it; a
    ledger's frames are read-only by contract, so a derived value stays valid. Keys
    are namespaced by their user (``"arrays"`` here, ``"kpi.events"`` in
    :mod:`recouvrement.kpi`...).
    """
    with _LOCK:
        return _STORES.setdefault(ledger, {})


@dataclass(frozen=True)
class LedgerArrays:
    """Numpy view of a ledger (see :func:`ledger_arrays`).

    Invoice ``i`` is row ``i`` of ``ledger.invoices``; debtor codes index
    ``debtor_ids`` (sorted); events are payments, then credit notes, then write-offs,
    in ledger order. Amounts are positive integer cents; ``-1`` codes mean "none".
    """

    invoice_ids: np.ndarray  # object, position = invoice code
    debtor_ids: np.ndarray  # object, position = debtor code (sorted)
    inv_debtor: np.ndarray  # int64 debtor code per invoice
    issue: np.ndarray  # datetime64[ns]
    due: np.ndarray  # datetime64[ns]
    amount: np.ndarray  # int64 cents
    sale: np.ndarray  # bool: a sale (origin empty or "facture"), not an opening, refund...
    ev_inv: np.ndarray  # int64 invoice code, -1 = not allocated to an invoice
    ev_debtor: np.ndarray  # int64 debtor code
    ev_date: np.ndarray  # datetime64[ns]
    ev_applied: np.ndarray  # datetime64[ns]: allocated to its invoice from then (≥ ev_date)
    ev_amount: np.ndarray  # int64 cents (positive)
    ev_kind: np.ndarray  # int8: PAYMENT, CREDIT or WRITE_OFF
    ev_cash: np.ndarray  # bool: cash received (a payment not carried over nor an adjustment)
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


def _sales(invoices: pd.DataFrame) -> np.ndarray:
    """Per invoice: a sale of its period (not an opening balance, a refund, an adjustment)."""
    if "origin" not in invoices.columns:
        return np.ones(len(invoices), dtype=bool)
    origin = invoices["origin"]
    return (origin.isna() | (origin == cv.INVOICE_ORIGINS[0])).to_numpy(dtype=bool)


def _cash(events: pd.DataFrame, kind: int) -> np.ndarray:
    """Per event: cash received (payments whose ``origin`` is not a non-cash credit)."""
    if kind != PAYMENT:
        return np.zeros(len(events), dtype=bool)
    if "origin" not in events.columns:
        return np.ones(len(events), dtype=bool)
    return (~events["origin"].isin(cv.NON_CASH_ORIGINS)).to_numpy(dtype=bool)


def _applied(events: pd.DataFrame) -> np.ndarray:
    """From when each event counts against its invoice: its date, or its later ``applied_date``."""
    date = _dates(events["date"])
    if "applied_date" not in events.columns:
        return date
    applied = _dates(events["applied_date"])
    return np.where(np.isnat(applied), date, np.maximum(date, applied))


def ledger_arrays(ledger: Ledger) -> LedgerArrays:
    """The arrays every as-of computation uses, built once per ledger (kept in :func:`derived`)."""
    store = derived(ledger)
    arrays = store.get("arrays")
    if arrays is None:
        arrays = store.setdefault("arrays", _build(ledger))
    return arrays


def _build(ledger: Ledger) -> LedgerArrays:
    inv = ledger.invoices
    events = [(getattr(ledger, name), kind) for name, kind in EVENT_TABLES.items()]
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
    return LedgerArrays(
        invoice_ids=inv["invoice_id"].to_numpy(dtype=object),
        debtor_ids=np.asarray(debtor_ids, dtype=object),
        inv_debtor=debtor_codes[:n_inv].astype("int64"),
        issue=_dates(inv["issue_date"]),
        due=_dates(inv["due_date"]),
        amount=np.asarray(ledger.cents("invoices"), dtype="int64"),
        sale=_sales(inv),
        ev_inv=ev_inv,
        ev_debtor=ev_debtor,
        ev_date=np.concatenate([_dates(f["date"]) for f, _ in events]),
        ev_applied=np.concatenate([_applied(f) for f, _ in events]),
        ev_amount=np.concatenate(
            [np.asarray(ledger.cents(name), dtype="int64") for name in EVENT_TABLES]
        ),
        ev_kind=np.concatenate([np.full(len(f), k, dtype="int8") for f, k in events]),
        ev_cash=np.concatenate([_cash(f, k) for f, k in events]),
        dispute_inv=dispute_inv,
        dispute_open=_dates(disputes["opened_date"]),
        dispute_end=_dates(disputes["resolved_date"]),
    )
