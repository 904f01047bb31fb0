"""Which logged dunning actions count for which invoice.

An action of the ``actions`` table (dunning log) is logged on an invoice, or on a
debtor with an empty ``invoice_id``: it then applies to every invoice of that debtor.
It counts for an invoice from a start date (the due date for a reminder, earlier
when the calendar has a pre-due notice) up to the audit date; the **logged level**
of an invoice is the highest level of the actions that count.
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping
from typing import NamedTuple

import numpy as np
import pandas as pd

from recouvrement import conventions as cv
from recouvrement.aging import Snapshot
from recouvrement.dunning.calendars import Calendar
from recouvrement.dunning.policy import CalendarArg, assign_calendars
from recouvrement.ledger import Ledger

__all__ = [
    "NO_LEVEL",
    "RemindersToDun",
    "attributed_actions",
    "logged_levels",
    "member",
    "pair_actions",
    "positions",
    "reminders_to_dun",
]

#: "No level" in integer arrays of levels (no action counts, no step expected...).
NO_LEVEL = -1


def member(values: pd.Series, pool: object) -> np.ndarray:
    """``values.isin(pool)`` as a boolean array, through one factorisation of both.

    Text columns against thousands of ids: ``isin`` iterates over them in Python
    (close to a second per 100 000 rows here), a joint :func:`pandas.factorize` of
    the Arrow strings a few milliseconds. A missing value is in ``pool`` when ``pool``
    has one, as with ``isin``.
    """
    left = _text(values)
    right = _text(list(pool) if isinstance(pool, set | frozenset) else pool)
    both = pd.concat([left, right], ignore_index=True) if len(right) else left
    codes, uniques = pd.factorize(both, use_na_sentinel=False)
    found = np.zeros(len(uniques), dtype=bool)
    found[codes[len(left) :]] = True
    return found[codes[: len(left)]]


def positions(values: pd.Series, ids: object) -> np.ndarray:
    """The position of each value in ``ids`` (unique), ``-1`` when absent.

    ``values.map(Series(range(n), index=ids))`` without its hash table of Python
    strings: one joint factorisation of the Arrow strings.
    """
    left, right = _text(values), _text(ids)
    both = pd.concat([right, left], ignore_index=True) if len(left) else right
    codes, uniques = pd.factorize(both)
    where = np.full(len(uniques) + 1, -1, dtype="int64")
    where[codes[: len(right)]] = np.arange(len(right))
    return where[codes[len(right) :]]


def _text(values: object) -> pd.Series:
    """``values`` as a text (``str``) Series, without copying one already so."""
    if isinstance(values, pd.Series | pd.Index) and values.dtype == "str":
        return pd.Series(values.array, copy=False)
    return pd.Series(np.asarray(values, dtype=object), dtype="str")


def pair_actions(
    actions: pd.DataFrame, invoices: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Pair each action with the invoices it is logged for.

    Parameters
    ----------
    actions : DataFrame
        Rows of the ``actions`` table, with at least ``debtor_id, invoice_id``.
    invoices : DataFrame
        The invoices to pair, with at least ``invoice_id, debtor_id``.

    Returns
    -------
    on_invoice : DataFrame
        The actions logged on an invoice of ``invoices``, joined to it (the
        invoice's columns but ``debtor_id``).
    on_debtor : DataFrame
        The actions logged on a debtor without invoice, joined to every invoice of
        that debtor in ``invoices`` (one row per action and invoice).

    """
    on_invoice = actions[actions["invoice_id"].notna()].drop(columns="debtor_id")
    right = invoices.drop(columns="debtor_id")
    if right["invoice_id"].is_unique:  # a look-up by position, as the merge would pair them
        pos = positions(on_invoice["invoice_id"], right["invoice_id"])
        hit = pos >= 0
        extra = right.drop(columns="invoice_id").iloc[pos[hit]].reset_index(drop=True)
        on_invoice = pd.concat([on_invoice[hit].reset_index(drop=True), extra], axis=1)
    else:
        on_invoice = on_invoice.merge(right, on="invoice_id", how="inner")
    on_debtor = actions[actions["invoice_id"].isna() & actions["debtor_id"].notna()]
    on_debtor = on_debtor.drop(columns="invoice_id").merge(invoices, on="debtor_id", how="inner")
    return on_invoice, on_debtor


def attributed_actions(ledger: Ledger, items: pd.DataFrame, day: pd.Timestamp) -> pd.DataFrame:
    """The actions that count for each invoice of ``items``.

    Parameters
    ----------
    ledger : Ledger
        Its ``actions`` table is read.
    items : DataFrame
        The invoices, with ``invoice_id, debtor_id, start``: an action counts for an
        invoice when dated in ``[start, day]`` and logged on the invoice, or on its
        debtor without invoice.
    day : Timestamp
        The audit date; later actions do not exist yet.

    Returns
    -------
    DataFrame
        ``invoice_id, date, level`` (int64): one row per (action, invoice it counts for).

    """
    act = ledger.actions
    act = act.loc[act["date"] <= day, ["debtor_id", "invoice_id", "date", "level"]]
    on_invoice, on_debtor = pair_actions(act, items[["invoice_id", "debtor_id", "start"]])
    both = pd.concat([on_invoice, on_debtor], ignore_index=True)
    both = both.loc[both["date"] >= both["start"], ["invoice_id", "date", "level"]]
    both["level"] = both["level"].astype("int64")
    return both.reset_index(drop=True)


def logged_levels(attributed: pd.DataFrame, invoice_ids: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """The logged level and the latest action of each invoice.

    Parameters
    ----------
    attributed : DataFrame
        :func:`attributed_actions` of those invoices.
    invoice_ids : Series
        The invoices, in the order wanted.

    Returns
    -------
    level : ndarray of int64
        Highest level logged per invoice, :data:`NO_LEVEL` when no action counts.
    last : Series of datetime64
        Same index as ``invoice_ids``: date of the latest action, NaT when none.

    """
    by = attributed.groupby("invoice_id", sort=False)
    ids = invoice_ids.to_numpy()
    level = by["level"].max().reindex(ids).fillna(NO_LEVEL).to_numpy(dtype="int64")
    last = by["date"].max().astype(cv.DATE_DTYPE).reindex(ids)
    return level, pd.Series(last.to_numpy(), index=invoice_ids.index, dtype=cv.DATE_DTYPE)


class RemindersToDun(NamedTuple):
    """The invoices to dun at a date, their calendars and the reminders that count for them."""

    #: :attr:`Snapshot.to_dun <recouvrement.aging.Snapshot.to_dun>` (a copy) with a
    #: ``start`` column: the due date, from which a reminder counts.
    items: pd.DataFrame
    #: Same index as ``items``: the name of each invoice's calendar.
    names: pd.Series
    #: Name -> :class:`~recouvrement.dunning.calendars.Calendar`.
    calendars: dict[str, Calendar]
    #: :func:`attributed_actions` of ``items`` at the snapshot's date.
    attributed: pd.DataFrame


def reminders_to_dun(
    snap: Snapshot,
    calendar: CalendarArg,
    risk_classes: Mapping[str, str] | None,
    purpose: str,
) -> RemindersToDun:
    """The invoices to dun, each one's calendar, and the reminders that count for them.

    Parameters
    ----------
    snap : Snapshot
        The ledger at the audit date; its ``actions`` table is needed.
    calendar, risk_classes
        As in :func:`~recouvrement.dunning.policy.assign_calendars`.
    purpose : str
        What needs the actions table, in the error message (``"dunning coverage"``).

    Returns
    -------
    RemindersToDun
        Computed once per snapshot, calendar (``None`` or a name) and risk classes, and
        shared: treat it as read-only.

    Raises
    ------
    ValueError
        Without an actions table (dunning log).

    """
    ledger = snap.ledger
    if not ledger.has("actions"):
        raise ValueError(f"{purpose} needs the actions table (dunning log), not provided")
    key = None
    if (calendar is None or isinstance(calendar, str)) and (
        risk_classes is None or isinstance(risk_classes, Mapping)
    ):
        classes = None if risk_classes is None else tuple(sorted(map(tuple, risk_classes.items())))
        key = (calendar, classes)
        found = _REMINDERS.setdefault(snap, {}).get(key)
        if found is not None:
            return found
    items = snap.to_dun.copy()
    names, cals = assign_calendars(ledger, calendar, risk_classes, items["debtor_id"])
    items["start"] = items["due_date"]
    out = RemindersToDun(items, names, cals, attributed_actions(ledger, items, snap.as_of))
    if key is not None:
        _REMINDERS[snap][key] = out
    return out


#: :func:`reminders_to_dun` of a snapshot, by calendar and risk classes (the dunning
#: coverage and the calendar adherence of one audit share them; read-only).
_REMINDERS: weakref.WeakKeyDictionary[Snapshot, dict] = weakref.WeakKeyDictionary()
