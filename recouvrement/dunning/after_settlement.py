"""Dunning actions logged after their invoice was settled: "never dun what is paid".

Every action of the dunning log (reminder, letter, registered letter, call, agency...)
dated up to the audit date is checked against the state of its invoice at the action
date, rebuilt by the as-of engine: an invoice is **settled** on the day its residual
reaches 0 (payments, credit notes and write-offs allocated to it, whatever brings it
there; never before its issue date). An action dated *after* that day dunned what was
paid: a finding of the dunning audit (check the payments, i.e. the matching of the
ledger, before every reminder).

- An action logged on an invoice counts when its date is after the invoice's
  settlement date. An action on the settlement day itself is not a finding: the
  payment and the reminder crossed (the payment is known the next day).
- An action logged on a debtor without invoice counts when every invoice of that
  debtor issued by the action date (at least one) was settled before that date; its
  settlement date is the latest of theirs.
- Actions dated before the due date (pre-due notices) follow the same rule: a notice
  sent after an early payment dunned what was paid too; a notice on an invoice still
  open is no finding.

Which channel is a registered letter is a convention shared with
:mod:`recouvrement.legal` (the formal notice): :mod:`recouvrement.conventions.channels`,
whose :data:`REGISTERED_CHANNELS` and :func:`is_registered` are re-exported here.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from recouvrement import conventions as cv
from recouvrement.aging import Snapshot
from recouvrement.conventions.channels import REGISTERED_CHANNELS, is_registered
from recouvrement.dunning.attribution import positions

__all__ = [
    "AFTER_SETTLEMENT_COLUMNS",
    "REGISTERED_CHANNELS",
    "action_rows_after_settlement",
    "actions_after_settlement",
    "actions_and_rows_after_settlement",
    "is_registered",
    "settlement_dates",
]

#: Columns of :func:`actions_after_settlement`, in order.
AFTER_SETTLEMENT_COLUMNS = [
    "invoice_id",
    "debtor_id",
    "date",
    "level",
    "channel",
    "registered",
    "settled_date",
    "days_after",
]

_DTYPES = {
    "invoice_id": "str",
    "debtor_id": "str",
    "date": cv.DATE_DTYPE,
    "level": "int64",
    "channel": "str",
    "registered": "bool",
    "settled_date": cv.DATE_DTYPE,
    "days_after": "int64",
}


def settlement_dates(snap: Snapshot) -> pd.Series:
    """The date each invoice was settled, by the snapshot's date.

    Parameters
    ----------
    snap : Snapshot
        The ledger at the audit date: events dated after it are ignored.

    Returns
    -------
    Series of datetime64
        Index ``invoice_id`` (ledger order): the first date on which the payments,
        credit notes and write-offs allocated to the invoice and dated on or before it
        reach its amount, or its issue date when they reached it earlier; NaT when
        the invoice is still open at the audit date or not issued by then.

    Notes
    -----
    Allocations are positive, so an invoice's residual only decreases: the invoice is
    settled at a date ``t`` (residual 0 in :func:`recouvrement.aging.state_at` at ``t``)
    exactly when its settlement date is on or before ``t``.

    """
    a = snap.arrays
    day = np.datetime64(snap.as_of, "ns")
    live = (a.ev_inv >= 0) & (a.ev_date <= day)
    inv, date, amount = a.ev_inv[live], a.ev_date[live], a.ev_amount[live]
    order = np.lexsort((date, inv))
    inv, date, amount = inv[order], date[order], amount[order]
    total = np.cumsum(amount)
    first = np.searchsorted(inv, inv, side="left")
    allocated = total - total[first] + amount[first]  # running sum within each invoice
    reached = allocated >= a.amount[inv]
    codes, where = np.unique(inv[reached], return_index=True)
    settled = np.full(len(a.amount), np.datetime64("NaT"), dtype="datetime64[ns]")
    settled[codes] = date[reached][where]
    known = ~np.isnat(settled)
    settled[known] = np.maximum(settled[known], a.issue[known])
    settled[a.issue > day] = np.datetime64("NaT")
    return pd.Series(
        settled, index=pd.Index(a.invoice_ids, dtype="str", name="invoice_id"), name="settled"
    )


def channel_mask(channels: pd.Series) -> np.ndarray:
    """:func:`is_registered` per row, evaluated once per distinct channel."""
    codes, uniques = pd.factorize(channels.astype("object"), use_na_sentinel=False)
    return is_registered(list(uniques))[codes] if len(uniques) else np.zeros(0, dtype=bool)


def _empty() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series([], dtype=t) for c, t in _DTYPES.items()})


def actions_after_settlement(snap: Snapshot) -> pd.DataFrame:
    """Every logged dunning action dated after its invoice was settled, up to the audit date.

    Parameters
    ----------
    snap : Snapshot
        The ledger at the audit date (:class:`recouvrement.aging.Snapshot`); its
        ``actions`` table (dunning log) is needed.

    Returns
    -------
    DataFrame
        One row per such action, columns :data:`AFTER_SETTLEMENT_COLUMNS`:
        ``invoice_id`` (missing for an action logged on the debtor), ``debtor_id``
        (the invoice's debtor), ``date``, ``level``, ``channel`` (as logged),
        ``registered`` (a registered letter, :func:`is_registered`), ``settled_date``
        (the invoice's, or the latest of the debtor's invoices for an action on the
        debtor) and ``days_after`` (``date − settled_date`` in days, ≥ 1). Sorted by
        date, debtor, invoice.

    Raises
    ------
    ValueError
        Without an actions table (dunning log).

    Notes
    -----
    See the module: an action on the settlement day is not after it; an action on
    a debtor counts when all its invoices issued by then (at least one) were settled.

    Examples
    --------
    >>> late = actions_after_settlement(snapshot(ledger, "2026-10-31"))  # doctest: +SKIP
    >>> late.loc[late["registered"], ["invoice_id", "date", "settled_date"]]  # doctest: +SKIP

    """
    return actions_and_rows_after_settlement(snap)[0]


def actions_and_rows_after_settlement(snap: Snapshot) -> tuple[pd.DataFrame, pd.Index]:
    """:func:`actions_after_settlement` and :func:`action_rows_after_settlement` at once.

    The audit layer needs both (the listing, and the rows the risk score ignores):
    the actions are matched with the settlement dates once.
    """
    found = _after_settlement(snap)
    rows = pd.Index(sorted(found.index), dtype="int64")
    if found.empty:
        return _empty(), rows
    out = found.copy()
    out["registered"] = channel_mask(out["channel"])
    out["days_after"] = (out["date"] - out["settled_date"]) // pd.Timedelta(days=1)
    out = out[AFTER_SETTLEMENT_COLUMNS].astype(_DTYPES)
    out = out.sort_values(["date", "debtor_id", "invoice_id"], kind="stable", na_position="first")
    return out.reset_index(drop=True), rows


def action_rows_after_settlement(snap: Snapshot) -> pd.Index:
    """The rows of ``ledger.actions`` that :func:`actions_after_settlement` lists (its index).

    The risk score does not count these actions as reminders the debtor needed
    (:func:`recouvrement.scoring.risk_scores`, ``ignored_actions``): dunning what was
    paid is the creditor's error, not the debtor's behaviour.
    """
    return pd.Index(sorted(_after_settlement(snap).index), dtype="int64")


def _after_settlement(snap: Snapshot) -> pd.DataFrame:
    """The actions after settlement with ``settled_date``, indexed by their ledger row."""
    ledger = snap.ledger
    if not ledger.has("actions"):
        raise ValueError(
            "actions after settlement need the actions table (dunning log), not provided"
        )
    a = snap.arrays
    settled = settlement_dates(snap)
    log = ledger.actions
    columns = ["debtor_id", "invoice_id", "date", "level", "channel"]
    log = log.loc[log["date"] <= snap.as_of, columns]
    on_invoice = log[log["invoice_id"].notna()]
    pos = positions(on_invoice["invoice_id"], settled.index)
    on_invoice = on_invoice[pos >= 0].copy()
    pos = pos[pos >= 0]
    on_invoice["debtor_id"] = a.debtor_ids[a.inv_debtor[pos]]
    on_invoice["settled_date"] = settled.to_numpy()[pos]
    on_invoice = on_invoice[on_invoice["date"] > on_invoice["settled_date"]]

    on_debtor = log[log["invoice_id"].isna() & log["debtor_id"].notna()].reset_index()
    rows = slice(None) if len(on_debtor) else slice(0, 0)  # no action on a debtor: no pair
    invoices = pd.DataFrame(
        {
            "debtor_id": a.debtor_ids[a.inv_debtor[rows]].astype("str"),
            "issue": a.issue[rows],
            "settled": settled.to_numpy()[rows],
        }
    )
    pairs = on_debtor[["index", "debtor_id", "date"]].merge(invoices, on="debtor_id")
    pairs = pairs[pairs["issue"] <= pairs["date"]]
    pairs = pairs.assign(before=pairs["settled"] < pairs["date"])
    by = pairs.groupby("index")
    every = by["before"].all()
    latest = by["settled"].max()
    done = every[every].index
    on_debtor = on_debtor.set_index("index").loc[done].copy()
    on_debtor["settled_date"] = latest.loc[done].to_numpy()

    return pd.concat([on_invoice, on_debtor])
