"""The KPIs' arrays: events sorted by date and dunning actions as codes, built once.

Built on :func:`recouvrement.aging.ledger_arrays`; the event arrays are kept in the
ledger's store of derived values (:func:`recouvrement.aging.derived`, key
``"kpi.events"``). Sorted dates turn every "dated ≤ D" or "dated in (D1, D2]"
selection into a slice found by binary search (:func:`upto`, :func:`window`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from recouvrement import aging
from recouvrement.ledger import Ledger

__all__ = [
    "DAY",
    "Actions",
    "Events",
    "build_actions",
    "build_events",
    "d64",
    "euros",
    "lookup",
    "text_ids",
    "upto",
    "window",
]

#: One day, to turn a difference of ``datetime64[ns]`` into whole days.
DAY = np.timedelta64(1, "D")


def d64(day: pd.Timestamp) -> np.datetime64:
    """``day`` as a ``datetime64[ns]`` scalar, comparable with the ledger's arrays."""
    return np.datetime64(day, "ns")


def euros(cents: float | int | np.integer) -> float:
    """Cents (integer, or a float such as an average of cents) to euros as a float."""
    return float(cents) / 100


def _arrow(values: pd.Series | np.ndarray | pa.Array) -> pa.Array:
    if isinstance(values, (pa.Array, pa.ChunkedArray)):
        return values
    return pa.array(values, type=pa.large_string(), from_pandas=True)


def lookup(
    values: pd.Series | np.ndarray | pa.Array, universe: pd.Series | np.ndarray | pa.Array
) -> np.ndarray:
    """Position of each of ``values`` in ``universe`` (−1 when absent or missing).

    Parameters
    ----------
    values, universe : Series, ndarray or pyarrow Array of str
        Identifiers to find, and the identifiers they are coded against.

    Returns
    -------
    ndarray of int64
        One code per value.

    """
    found = pc.index_in(_arrow(values), value_set=_arrow(universe))
    return np.asarray(found.fill_null(-1).to_numpy(zero_copy_only=False), dtype="int64")


def text_ids(values: np.ndarray) -> pd.arrays.ArrowStringArray:
    """Identifiers (object array) as the ``str`` extension array of the output frames."""
    return pd.array(values, dtype="str")


@dataclass(frozen=True)
class Events:
    """Event arrays split by use, sorted by date, built once per ledger.

    ``*_cum`` are cumulative sums in cents with a leading 0 (``cum[k]`` = sum of
    the first ``k`` events); amounts are positive cents.
    """

    all_date: np.ndarray  # every event (payment, credit note, write-off)
    all_cum: np.ndarray
    alloc_inv: np.ndarray  # events allocated to an invoice (all kinds), by matching date
    alloc_date: np.ndarray  # the date each counts against its invoice (``ev_applied``)
    alloc_amount: np.ndarray  # float64 cents (bincount weights)
    alloc_cents: np.ndarray  # the same in int64
    pay_inv: np.ndarray  # cash payments allocated to an invoice, by matching date
    pay_date: np.ndarray
    pay_amount: np.ndarray  # int64 cents
    credit_date: np.ndarray  # every credit note, allocated or not
    credit_cum: np.ndarray
    wo_date: np.ndarray  # every write-off
    wo_cum: np.ndarray


@dataclass(frozen=True)
class Actions:
    """Dunning actions as codes (invoice-level and debtor-level)."""

    inv: np.ndarray  # invoice code of invoice-level actions
    inv_date: np.ndarray
    debtor: np.ndarray  # debtor code of debtor-level actions (invoice_id empty)
    debtor_date: np.ndarray


def _cum(amounts: np.ndarray) -> np.ndarray:
    out = np.zeros(len(amounts) + 1, dtype="int64")
    np.cumsum(amounts, out=out[1:])
    return out


def build_events(ledger: Ledger, a: aging.LedgerArrays) -> Events:
    """The :class:`Events` of ``ledger``, built once and kept in its derived store.

    Parameters
    ----------
    ledger : Ledger
        The validated ledger.
    a : LedgerArrays
        Its arrays (:func:`recouvrement.aging.ledger_arrays`).

    Returns
    -------
    Events
        Every payment, credit note and write-off, stably sorted by date.

    """
    cached = aging.derived(ledger).get("kpi.events")
    if cached is not None:
        return cached
    order = np.argsort(a.ev_date, kind="stable")
    date, kind, amount = a.ev_date[order], a.ev_kind[order], a.ev_amount[order]
    # allocations count from their matching date (applied_date, a FEC's DateLet)
    by_applied = np.argsort(a.ev_applied, kind="stable")
    alloc_order = by_applied[a.ev_inv[by_applied] >= 0]
    # collections: cash only (an opening balance carried over or an adjustment is not),
    # on the same clock as the residuals: from their matching date (a FEC's DateLet)
    pay_order = alloc_order[
        (a.ev_kind[alloc_order] == aging.PAYMENT) & a.ev_cash[alloc_order]
    ]
    credit = kind == aging.CREDIT
    wo = kind == aging.WRITE_OFF
    ev = Events(
        all_date=date,
        all_cum=_cum(amount),
        alloc_inv=a.ev_inv[alloc_order],
        alloc_date=a.ev_applied[alloc_order],
        alloc_amount=a.ev_amount[alloc_order].astype("float64"),
        alloc_cents=a.ev_amount[alloc_order],
        pay_inv=a.ev_inv[pay_order],
        pay_date=a.ev_applied[pay_order],
        pay_amount=a.ev_amount[pay_order],
        credit_date=date[credit],
        credit_cum=_cum(amount[credit]),
        wo_date=date[wo],
        wo_cum=_cum(amount[wo]),
    )
    aging.derived(ledger)["kpi.events"] = ev
    return ev


def upto(dates: np.ndarray, day: pd.Timestamp) -> int:
    """Count the (sorted) ``dates`` ≤ ``day``."""
    return int(np.searchsorted(dates, d64(day), side="right"))


def window(dates: np.ndarray, start: pd.Timestamp, end: pd.Timestamp) -> slice:
    """Slice of the (sorted) ``dates`` in ``(start, end]``."""
    return slice(upto(dates, start), upto(dates, end))


def build_actions(
    ledger: Ledger, a: aging.LedgerArrays, among: np.ndarray | None = None
) -> Actions:
    """Code the dunning actions; with ``among`` (invoice codes), only the actions on them.

    Parameters
    ----------
    ledger : Ledger
        A ledger with an ``actions`` table.
    a : LedgerArrays
        Its arrays.
    among : ndarray of int64, optional
        Invoice codes; the invoice-level actions on other invoices are dropped.

    Returns
    -------
    Actions
        Invoice-level actions (``inv``, ``inv_date``) and debtor-level actions
        (empty ``invoice_id``: ``debtor``, ``debtor_date``).

    Notes
    -----
    Hashing the invoice ids is the costly step: restricting it to the invoices a
    KPI looks at (the overdue ones) is much cheaper on a large ledger.

    """
    act = ledger.actions
    universe = _arrow(ledger.invoices["invoice_id"])
    if among is not None:
        universe = universe.take(pa.array(among))
    pos = lookup(act["invoice_id"], universe)
    if among is None:
        inv = pos
    elif len(among) == 0:
        inv = np.full(len(pos), -1, dtype="int64")
    else:
        inv = np.where(pos >= 0, among[np.maximum(pos, 0)], -1)
    dates = act["date"].to_numpy(dtype="datetime64[ns]")
    on_inv = inv >= 0
    debtor = lookup(act["debtor_id"], a.debtor_ids)
    loose = act["invoice_id"].isna().to_numpy() & (debtor >= 0)
    return Actions(
        inv=inv[on_inv], inv_date=dates[on_inv], debtor=debtor[loose], debtor_date=dates[loose]
    )
