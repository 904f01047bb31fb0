"""Dunning effectiveness: per level, the share of the amount dunned that is paid soon after."""

from __future__ import annotations

import numpy as np
import pandas as pd

from recouvrement import aging
from recouvrement import conventions as cv
from recouvrement.aging import Snapshot
from recouvrement.dunning.attribution import pair_actions
from recouvrement.dunning.calendars import as_int, load_calendar
from recouvrement.dunning.policy import CalendarArg, calendar_for, own_calendars

__all__ = ["DEFAULT_MONTHS", "DEFAULT_WITHIN_DAYS", "EFFECTIVENESS_COLUMNS", "effectiveness"]

#: Days after an action within which a payment is credited to it (effectiveness).
DEFAULT_WITHIN_DAYS = 15

#: Months of actions looked at by :func:`effectiveness`.
DEFAULT_MONTHS = 12

#: Columns of :func:`effectiveness`.
EFFECTIVENESS_COLUMNS = ["level", "label", "n_actions", "amount", "paid", "share_paid"]

_KEY = np.int64(2**32)  # invoice code * _KEY + day: one sortable key per (invoice, day)
_DAY_OFFSET = np.int64(2**31)


class _CumByInvoice:
    """Cumulated amounts per invoice over time: Σ amounts of an invoice dated ≤ a day."""

    def __init__(self, inv: np.ndarray, dates: np.ndarray, cents: np.ndarray):
        key = self._key(inv, dates)
        order = np.argsort(key, kind="stable")
        self.key = key[order]
        self.cum = np.concatenate([[0], np.cumsum(cents[order])]).astype("int64")

    @staticmethod
    def _key(inv: np.ndarray, dates: np.ndarray) -> np.ndarray:
        days = dates.astype("datetime64[D]").astype("int64")
        return inv.astype("int64") * _KEY + (days + _DAY_OFFSET)

    def upto(self, inv: np.ndarray, dates: np.ndarray) -> np.ndarray:
        hi = np.searchsorted(self.key, self._key(inv, dates), side="right")
        lo = np.searchsorted(self.key, inv.astype("int64") * _KEY, side="left")
        return self.cum[hi] - self.cum[lo]


def effectiveness(
    snap: Snapshot,
    calendar: CalendarArg = None,
    *,
    within_days: int = DEFAULT_WITHIN_DAYS,
    months: int = DEFAULT_MONTHS,
) -> pd.DataFrame:
    """Per dunning level: actions, amount outstanding at the action, share paid soon after.

    Parameters
    ----------
    snap : Snapshot
        The ledger at the audit date (:class:`recouvrement.aging.Snapshot`); its
        ``actions`` table (dunning log) is needed (an empty one means nothing done).
    calendar : Calendar, str, spec or None
        Gives the label of each level (the company's default calendar when ``None``).
    within_days : int
        A payment counts for an action when dated within this many days after it
        (default 15).
    months : int
        Actions dated in the last ``months`` calendar months (default 12).

    Returns
    -------
    DataFrame
        One row per level logged in the period, ascending: ``level``, ``label``
        (the calendar's, or ``niveau N (hors calendrier)``), ``n_actions``,
        ``amount`` (euros outstanding at the actions), ``paid`` (euros paid within
        ``within_days`` days) and ``share_paid`` (percent; NaN when ``amount`` is 0).

    Notes
    -----
    Actions dated in ``(as_of − months, as_of − within_days]``: the later ones are
    too recent for their window to be over and are left out. For an action dated
    ``d``::

        invoices   = the invoice it is logged on; for a debtor-level action (empty
                     invoice_id), the debtor's open invoices due by d
        amount     = Σ residual at the end of d (payments, credit notes and
                     write-offs dated ≤ d deducted; 0 when settled)
        paid       = Σ min(residual at d, payments dated in (d, d + within_days])
        share_paid = Σ paid / Σ amount × 100, per level

    Credit notes and write-offs are not payments (as in
    :func:`recouvrement.kpi.activation_rate`). A payment following two actions
    within the window is credited to both (the attribution is not exclusive).

    Examples
    --------
    >>> effectiveness(snapshot(ledger, "2025-04-30"), within_days=15)  # doctest: +SKIP

    """
    ledger, day = snap.ledger, snap.as_of
    within_days = as_int(within_days, "within_days")
    months = as_int(months, "months")
    if within_days < 1:
        raise ValueError(f"within_days must be ≥ 1, got {within_days}")
    if months < 1:
        raise ValueError(f"months must be ≥ 1, got {months}")
    if not ledger.has("actions"):
        raise ValueError("dunning effectiveness needs the actions table, not provided")
    cal = (
        load_calendar(calendar, calendars=own_calendars(ledger))
        if calendar is not None
        else calendar_for(ledger)
    )
    start = cv.shift_months(day, -months)
    last = day - pd.Timedelta(days=within_days)
    act = ledger.actions
    act = act.loc[
        (act["date"] > start) & (act["date"] <= last), ["debtor_id", "invoice_id", "date", "level"]
    ].reset_index(drop=True)
    act["action"] = np.arange(len(act))
    act["level"] = act["level"].astype("int64")

    a = snap.arrays
    inv = pd.DataFrame(
        {
            "invoice_id": pd.array(a.invoice_ids, dtype="str"),
            "debtor_id": pd.array(a.debtor_ids[a.inv_debtor], dtype="str"),
            "code": np.arange(len(a.invoice_ids)),
            "issue_date": a.issue,
            "due_date": a.due,
        }
    )
    on_invoice, loose = pair_actions(act, inv)
    loose = loose[(loose["issue_date"] <= loose["date"]) & (loose["due_date"] <= loose["date"])]
    pairs = pd.concat([on_invoice, loose], ignore_index=True)

    code = pairs["code"].to_numpy(dtype="int64")
    when = pairs["date"].to_numpy(dtype="datetime64[ns]")
    alloc = a.ev_inv >= 0
    allocated = _CumByInvoice(a.ev_inv[alloc], a.ev_date[alloc], a.ev_amount[alloc])
    pay = alloc & (a.ev_kind == aging.PAYMENT)
    paid_cum = _CumByInvoice(a.ev_inv[pay], a.ev_date[pay], a.ev_amount[pay])
    residual = a.amount[code] - allocated.upto(code, when)
    residual = np.where(a.issue[code] <= when, np.maximum(residual, 0), 0)
    later = when + np.timedelta64(within_days, "D")
    paid = np.minimum(paid_cum.upto(code, later) - paid_cum.upto(code, when), residual)
    pairs["amount"] = residual
    pairs["paid"] = paid

    n_actions = act.groupby("level")["action"].count()
    sums = pairs.groupby("level")[["amount", "paid"]].sum()
    out = pd.DataFrame({"n_actions": n_actions}).join(sums, how="left").fillna(0)
    out.index.name = "level"
    out = out.reset_index()
    out["level"] = out["level"].astype("int64")
    out["n_actions"] = out["n_actions"].astype("int64")
    amount, paid_c = out["amount"].astype("int64"), out["paid"].astype("int64")
    out["amount"] = aging.to_euros(amount.to_numpy())
    out["paid"] = aging.to_euros(paid_c.to_numpy())
    out["share_paid"] = (paid_c / amount.where(amount > 0) * 100).astype("float64")
    out["label"] = pd.array(
        [
            s.label if (s := cal.step(int(lvl))) is not None else f"niveau {lvl} (hors calendrier)"
            for lvl in out["level"]
        ],
        dtype="str",
    )
    return out[EFFECTIVENESS_COLUMNS]
