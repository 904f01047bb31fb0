"""The shared as-of context of the KPIs: one ledger's arrays and its memoised states.

Every public KPI function builds a fresh :class:`KpiContext`;
:func:`recouvrement.kpi.kpi_pack` and :func:`recouvrement.kpi.kpi_history` share
one, so that every as-of state is computed once. Money is in integer cents.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

import numpy as np
import pandas as pd

from recouvrement import aging
from recouvrement.kpi.arrays import (
    Actions,
    build_actions,
    build_events,
    d64,
    lookup,
    upto,
    window,
)
from recouvrement.ledger import Ledger

__all__ = ["KpiContext"]


class _Prefetch(threading.Thread):
    """Build the action codes in the background (string hashing releases the GIL)."""

    def __init__(self, ledger: Ledger, a: aging.LedgerArrays):
        super().__init__(name="recouvrement-kpi-actions", daemon=True)
        self.args = (ledger, a)
        self.result: Actions | None = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.result = build_actions(*self.args)
        except BaseException as exc:  # re-raised in the calling thread
            self.error = exc

    def get(self) -> Actions:
        self.join()
        if self.error is not None:
            raise self.error
        assert self.result is not None
        return self.result


class KpiContext:
    """The arrays of one ledger and the as-of states already computed.

    Parameters
    ----------
    ledger : Ledger
        The validated ledger.
    prefetch : bool
        Code the dunning actions in a background thread while the other KPIs are
        computed (:func:`recouvrement.kpi.kpi_history` does).

    Attributes
    ----------
    ledger : Ledger
    a : LedgerArrays
        :func:`recouvrement.aging.ledger_arrays` of the ledger.
    ev : Events
        Its events sorted by date (:func:`~recouvrement.kpi.arrays.build_events`).
    n, n_debtors : int
        Number of invoices and of debtors (codes).

    Notes
    -----
    Public KPI functions build a fresh context; :func:`recouvrement.kpi.kpi_pack`
    and :func:`recouvrement.kpi.kpi_history` share one, so a residual at a date is
    computed once (the last :attr:`max_states` states are kept).

    """

    max_states = 10

    def __init__(self, ledger: Ledger, *, prefetch: bool = False):
        self.ledger = ledger
        self.a = aging.ledger_arrays(ledger)
        self._prefetch: _Prefetch | None = None
        if prefetch and ledger.has("actions") and "kpi.actions" not in aging.derived(ledger):
            self._prefetch = _Prefetch(ledger, self.a)
            self._prefetch.start()
        self.ev = build_events(ledger, self.a)
        self.n = len(self.a.amount)
        self.n_debtors = len(self.a.debtor_ids)
        # day -> (allocations counted, residual cents per invoice)
        self._states: OrderedDict[pd.Timestamp, tuple[int, np.ndarray]] = OrderedDict()
        self._overdue: dict[pd.Timestamp, np.ndarray] = {}
        self._dunned: dict[pd.Timestamp, tuple[Actions, np.ndarray]] = {}
        self._partial: tuple[np.ndarray, Actions] | None = None

    # -- as-of state ------------------------------------------------------------
    def residual(self, day: pd.Timestamp) -> np.ndarray:
        """Residual per invoice at ``day`` in cents (0 when not issued; < 0 = overpaid).

        Same value as ``aging.state_at(...).residual`` (tested): amount minus every
        allocation dated ≤ ``day``, for the invoices issued by then. Computed,
        when a later state is known, by adding back the allocations dated in
        between (residual_D = residual_ref + allocations in (D, ref] for invoices
        issued by D), which needs a single new array: fresh arrays of a million
        elements cost more in page faults than in arithmetic.
        """
        hit = self._states.get(day)
        if hit is not None:
            self._states.move_to_end(day)
            return hit[1]
        ev = self.ev
        k = upto(ev.alloc_date, day)
        later = [st for ref, st in self._states.items() if ref >= day]
        near = min(later, key=lambda st: st[0] - k, default=None)
        if near is not None and near[0] - k < k:
            residual = near[1].copy()
            np.add.at(residual, ev.alloc_inv[k : near[0]], ev.alloc_cents[k : near[0]])
        else:
            allocated = np.bincount(ev.alloc_inv[:k], weights=ev.alloc_amount[:k], minlength=self.n)
            residual = np.subtract(self.a.amount, allocated, out=allocated).astype("int64")
        residual[self.a.issue > d64(day)] = 0
        self._states[day] = (k, residual)
        if len(self._states) > self.max_states:
            self._states.popitem(last=False)
        return residual

    def encours(self, day: pd.Timestamp) -> int:
        """Ledger balance at ``day`` in cents (= Σ aged balance Total, unapplied included)."""
        invoiced = int(np.add.reduce(self.a.amount, where=self.a.issue <= d64(day)))
        return invoiced - int(self.ev.all_cum[upto(self.ev.all_date, day)])

    def not_due(self, day: pd.Timestamp) -> int:
        """Residual of open items not yet due at ``day`` (days past due ≤ 0), in cents."""
        r = self.residual(day)
        return int(r[(r > 0) & (self.a.due >= d64(day))].sum())

    def overdue_mask(self, day: pd.Timestamp) -> np.ndarray:
        """Open and at least one day past due at ``day`` (read-only, memoised)."""
        hit = self._overdue.get(day)
        if hit is None:
            hit = (self.residual(day) > 0) & (self.a.due < d64(day))
            hit.flags.writeable = False
            self._overdue[day] = hit
        return hit

    def invoiced(self, start: pd.Timestamp, end: pd.Timestamp) -> np.ndarray:
        """Mask of the sales issued in ``(start, end]`` (no opening, refund or adjustment)."""
        return (self.a.issue > d64(start)) & (self.a.issue <= d64(end)) & self.a.sale

    def net_sales(self, start: pd.Timestamp, end: pd.Timestamp) -> tuple[int, int]:
        """(invoiced, credited) in cents over ``(start, end]``."""
        invoiced = int(np.add.reduce(self.a.amount, where=self.invoiced(start, end)))
        w = window(self.ev.credit_date, start, end)
        credited = int(self.ev.credit_cum[w.stop] - self.ev.credit_cum[w.start])
        return invoiced, credited

    def disputed(self, day: pd.Timestamp) -> np.ndarray:
        """Per invoice: under an open dispute at ``day`` (:func:`aging.disputed_at`)."""
        return aging.disputed_at(self.ledger, day)

    def debtors_present(self, mask: np.ndarray) -> np.ndarray:
        """Boolean per debtor code: owns at least one invoice of ``mask``."""
        out = np.zeros(self.n_debtors, dtype=bool)
        out[self.a.inv_debtor[mask]] = True
        return out

    # -- optional tables --------------------------------------------------------
    def actions(self, among: np.ndarray) -> Actions:
        """Coded actions, valid at least for the invoices of the boolean mask ``among``.

        The full coding is cached on the ledger (built in the background by
        :func:`recouvrement.kpi.kpi_history`); otherwise only the actions on the
        invoices of ``among`` (and on those already asked for) are coded, or all of
        them when that is more than half of the invoices.
        """
        cached = aging.derived(self.ledger).get("kpi.actions")
        if cached is not None:
            return cached
        if self._prefetch is not None:
            cached = self._prefetch.get()
            aging.derived(self.ledger)["kpi.actions"] = cached
            return cached
        if self._partial is not None and not (among & ~self._partial[0]).any():
            return self._partial[1]
        cover = among if self._partial is None else among | self._partial[0]
        if 2 * int(cover.sum()) > self.n:
            cached = build_actions(self.ledger, self.a)
            aging.derived(self.ledger)["kpi.actions"] = cached
            return cached
        acts = build_actions(self.ledger, self.a, np.flatnonzero(cover))
        self._partial = (cover, acts)
        return acts

    def dunned(self, day: pd.Timestamp, among: np.ndarray) -> np.ndarray:
        """Per invoice of the mask ``among``: ≥ 1 dunning action dated in ``[due_date, day]``.

        Invoice-level actions on the invoice, or debtor-level actions (empty
        ``invoice_id``) on its debtor. Outside ``among`` the flags are not meaningful.
        """
        acts = self.actions(among)
        hit = self._dunned.get(day)
        if hit is not None and hit[0] is acts:
            return hit[1]
        d = d64(day)
        out = np.zeros(self.n, dtype=bool)
        m = (acts.inv_date <= d) & (acts.inv_date >= self.a.due[acts.inv])
        out[acts.inv[m]] = True
        m = acts.debtor_date <= d
        if m.any():
            latest = np.full(self.n_debtors, np.iinfo("int64").min, dtype="int64")
            np.maximum.at(latest, acts.debtor[m], acts.debtor_date[m].view("int64"))
            out |= latest[self.a.inv_debtor] >= self.a.due.view("int64")
        self._dunned[day] = (acts, out)
        return out

    def insolvency(self) -> np.ndarray:
        """Insolvency date per debtor code (NaT when none or unknown)."""
        store = aging.derived(self.ledger)
        cached = store.get("kpi.insolvency")
        if cached is not None:
            return cached
        deb = self.ledger.debtors
        codes = lookup(deb["debtor_id"], self.a.debtor_ids)
        out = np.full(self.n_debtors, np.datetime64("NaT"), dtype="datetime64[ns]")
        known = codes >= 0
        out[codes[known]] = deb["insolvency_date"].to_numpy(dtype="datetime64[ns]")[known]
        store["kpi.insolvency"] = out
        return out

    def insolvent(self, day: pd.Timestamp) -> np.ndarray:
        """Boolean per debtor code: in insolvency proceedings at ``day``."""
        return aging.insolvent_mask(self.insolvency(), day)
