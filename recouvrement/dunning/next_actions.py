"""The next dunning actions, one procedure per debtor, and the invoices never to dun."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from recouvrement import aging
from recouvrement import conventions as cv
from recouvrement.aging import Snapshot
from recouvrement.dunning.attribution import (
    NO_LEVEL,
    attributed_actions,
    logged_levels,
    member,
    positions,
)
from recouvrement.dunning.calendars import Calendar, as_int
from recouvrement.dunning.policy import CalendarArg, assign_calendars

__all__ = [
    "ACTION_COLUMNS",
    "ACTION_LATE",
    "ACTION_UPCOMING",
    "DEFAULT_HORIZON_DAYS",
    "EXCLUDED_COLUMNS",
    "EXCLUSIONS",
    "REASON_DISPUTE",
    "REASON_EXHAUSTED",
    "REASON_INSOLVENCY",
    "REASON_CASH",
    "REASON_PAID",
    "NextActions",
    "next_actions",
]

#: Look-ahead of :func:`next_actions`, in days.
DEFAULT_HORIZON_DAYS = 30

#: Status of a proposed action: its date is past (catch up now) or to come.
ACTION_LATE = "en retard"
ACTION_UPCOMING = "à venir"

#: Why an invoice is not proposed for dunning, and what to do instead, by priority.
REASON_PAID = "payée"
REASON_INSOLVENCY = "procédure collective"
REASON_CASH = "encaissement à lettrer"
REASON_DISPUTE = "litige"
REASON_EXHAUSTED = "calendrier épuisé"
EXCLUSIONS: dict[str, str] = {
    REASON_PAID: "rien : clore la procédure, ne plus relancer (facture réglée)",
    REASON_INSOLVENCY: "déclarer la créance au mandataire judiciaire",
    REASON_CASH: (
        "lettrer l'encaissement ou l'avoir non affecté du débiteur qui la couvre "
        "(tableau « Encaissements à lettrer ») avant toute relance"
    ),
    REASON_DISPUTE: "résoudre le litige avant toute relance",
    REASON_EXHAUSTED: (
        "décider de la suite : procédure contentieuse (injonction de payer, agence) "
        "ou passage en perte"
    ),
}

#: Columns of :attr:`NextActions.actions`.
ACTION_COLUMNS = [
    "debtor_id",
    "name",
    "level",
    "channel",
    "label",
    "action_date",
    "status",
    "days_overdue",
    "invoices",
    "levels",
    "n_invoices",
    "amount",
    "calendar",
]
#: Columns of :attr:`NextActions.excluded`.
EXCLUDED_COLUMNS = ["invoice_id", "debtor_id", "name", "due_date", "residual", "reason", "todo"]


@dataclass(frozen=True)
class NextActions:
    """The dunning actions to take, one per debtor, and the invoices left out.

    Attributes
    ----------
    as_of : Timestamp
    horizon_days : int
    actions : DataFrame
        Columns ``debtor_id, name, level, channel, label, action_date, status``
        (``en retard`` / ``à venir``), ``days_overdue`` (days since
        ``action_date``, 0 when to come), ``invoices`` (list of invoice ids),
        ``levels`` (the level each of those invoices has reached, same order),
        ``n_invoices``, ``amount`` (euros, residual at ``as_of``), ``calendar``.
        Sorted by ``action_date``, then amount descending.
    excluded : DataFrame
        Columns ``invoice_id, debtor_id, name, due_date, residual, reason, todo``:
        invoices that are not to be dunned and what to do instead (see
        :data:`EXCLUSIONS`). Sorted by reason (in :data:`EXCLUSIONS` order), debtor,
        invoice.

    """

    as_of: pd.Timestamp
    horizon_days: int
    actions: pd.DataFrame
    excluded: pd.DataFrame


def next_actions(
    snap: Snapshot,
    calendar: CalendarArg = None,
    *,
    horizon_days: int = DEFAULT_HORIZON_DAYS,
    risk_classes: Mapping[str, str] | None = None,
    covered: Collection[str] = (),
) -> NextActions:
    """The dunning actions due in the next ``horizon_days`` days, grouped by debtor.

    Parameters
    ----------
    snap : Snapshot
        The ledger at the audit date (:class:`recouvrement.aging.Snapshot`). Its
        ``actions`` table is the dunning log; without one (not provided, or empty)
        nothing is known to have been done, so every overdue invoice starts at the
        first step of its calendar (the report says the log is missing).
    calendar : Calendar, str, spec or None
        As in :func:`~recouvrement.dunning.coverage.dunning_coverage`.
    horizon_days : int
        Look-ahead in days (default 30).
    risk_classes : mapping, optional
        debtor_id -> risk class, to pick each debtor's calendar through the
        company's ``by_risk_class`` (with ``calendar=None``).
    covered : collection of str
        Invoices that an unapplied payment or credit note of their debtor is proposed
        to settle (:func:`recouvrement.aging.proposed_matches`): cash before dunning,
        they are not dunned but listed in ``excluded`` (match the cash first).

    Returns
    -------
    NextActions
        ``.actions`` (one procedure per debtor) and ``.excluded``.

    Notes
    -----
    Per open invoice at ``as_of`` (residual > 0)::

        logged level = max level of the actions dated in [due_date + first notice
                       days, as_of] (the notice window only when the calendar has one),
                       on the invoice or on its debtor
        next step    = the first calendar step above the logged level (a step is
                       never skipped: each one recalls the previous); a notice is
                       not proposed once the invoice is overdue
        proposed     when due_date + step days ≤ as_of + horizon_days; a date
                       already past is an action late ("en retard"), to do now

    Per debtor, one procedure: level = highest proposed level, action date =
    earliest proposed date, invoices = all the proposed ones, amount = their
    residuals. Never proposed, listed in ``excluded`` with what to do instead, by
    priority: paid (settled at ``as_of`` while still open ``horizon_days`` days
    earlier, with at least one action logged: close the procedure), debtor in insolvency
    proceedings (``insolvency_date ≤ as_of``: declare the claim), covered by an
    unapplied credit of the debtor (match it first), open dispute
    (resolve it first), calendar exhausted (every step done: decide the
    litigation or the write-off). Open invoices are listed when their first
    calendar step falls by ``as_of + horizon_days``.

    Examples
    --------
    >>> plan = next_actions(snapshot(ledger, "2025-04-30"))  # doctest: +SKIP
    >>> plan.actions[["name", "label", "action_date", "amount"]]  # doctest: +SKIP

    """
    ledger, day = snap.ledger, snap.as_of
    horizon_days = as_int(horizon_days, "horizon_days")
    if horizon_days < 0:
        raise ValueError(f"horizon_days must be ≥ 0, got {horizon_days}")
    end = day + pd.Timedelta(days=horizon_days)
    names_by_debtor = ledger.debtor_names.to_dict()

    items = snap.items.copy()
    cal_names, cals = assign_calendars(ledger, calendar, risk_classes, items["debtor_id"])
    items["calendar"] = cal_names
    items = items[_after(items["due_date"], cal_names, _first_step_days(cals)) <= end]
    items = items.reset_index(drop=True)

    insolvent = member(items["debtor_id"], snap.insolvent)
    cash = member(items["invoice_id"], set(covered))
    reason = pd.Series(
        np.select(
            [insolvent, cash, items["disputed"].to_numpy(dtype=bool)],
            [REASON_INSOLVENCY, REASON_CASH, REASON_DISPUTE],
            "",
        ),
        index=items.index,
    )
    items["start"] = _after(items["due_date"], items["calendar"], _window_days(cals))
    logged, _ = logged_levels(attributed_actions(ledger, items, day), items["invoice_id"])

    n = len(items)
    level = np.full(n, NO_LEVEL, dtype="int64")
    step_days = np.zeros(n, dtype="int64")
    overdue = items["days_past_due"].to_numpy(dtype="int64") >= 1
    for name, cal in cals.items():
        rows = np.flatnonzero((items["calendar"] == name).to_numpy())
        s_days = np.array([s.days for s in cal.steps], dtype="int64")
        s_levels = np.array([s.level for s in cal.steps], dtype="int64")
        open_step = (s_levels[None, :] > logged[rows, None]) & ~(
            (s_days[None, :] <= 0) & overdue[rows, None]
        )
        has = open_step.any(axis=1)
        first = np.argmax(open_step, axis=1)
        level[rows] = np.where(has, s_levels[first], NO_LEVEL)
        step_days[rows] = np.where(has, s_days[first], 0)
    action_date = items["due_date"] + pd.to_timedelta(step_days, unit="D")
    exhausted = (level == NO_LEVEL) & (reason == "").to_numpy()
    reason = reason.mask(pd.Series(exhausted, index=items.index), REASON_EXHAUSTED)
    proposed = (reason == "").to_numpy() & (level != NO_LEVEL) & (action_date <= end).to_numpy()

    todo = items.loc[proposed, ["debtor_id", "invoice_id", "residual", "calendar"]].copy()
    todo["level"] = level[proposed]
    todo["action_date"] = action_date[proposed]
    actions = _group_actions(todo, cals, names_by_debtor, day)

    left = items.loc[reason != "", ["invoice_id", "debtor_id", "due_date", "residual"]].copy()
    left["reason"] = reason[reason != ""]
    paid = _recently_paid(snap, horizon_days, end, cals, calendar, risk_classes)
    excluded = pd.concat([paid, left], ignore_index=True) if len(paid) else left
    excluded["name"] = excluded["debtor_id"].map(names_by_debtor).astype("str")
    excluded["todo"] = excluded["reason"].map(EXCLUSIONS).astype("str")
    excluded["reason"] = excluded["reason"].astype("str")
    order = excluded["reason"].map({r: i for i, r in enumerate(EXCLUSIONS)})
    excluded = excluded.assign(_order=order).sort_values(
        ["_order", "debtor_id", "invoice_id"], kind="stable"
    )
    excluded = excluded[EXCLUDED_COLUMNS].reset_index(drop=True)
    return NextActions(day, horizon_days, actions, excluded)


def _group_actions(
    todo: pd.DataFrame, cals: Mapping[str, Calendar], names: Mapping[str, str], day: pd.Timestamp
) -> pd.DataFrame:
    """One procedure per debtor from the per-invoice proposals of :func:`next_actions`."""
    todo = todo.sort_values(["debtor_id", "invoice_id"], kind="stable")
    todo["cents"] = aging.to_cents(todo["residual"])
    g = todo.groupby("debtor_id", sort=True)
    out = pd.DataFrame(
        {
            "level": g["level"].max(),
            "action_date": g["action_date"].min(),
            "n_invoices": g["invoice_id"].count(),
            "cents": g["cents"].sum(),
            "calendar": g["calendar"].first(),
        }
    )
    # each debtor's invoices and their levels, in the order of ``todo`` (its groups are
    # contiguous and in the groupby's order)
    debtor = todo["debtor_id"].to_numpy(dtype=object)
    first = np.flatnonzero(np.r_[True, debtor[1:] != debtor[:-1]])[: len(out)]
    ends = np.r_[first[1:], len(debtor)].astype("int64")[: len(out)]
    ids = [str(v) for v in todo["invoice_id"].tolist()]
    levels = [int(v) for v in todo["level"].tolist()]
    spans = list(zip(first.tolist(), ends.tolist(), strict=True))
    out["invoices"] = pd.Series([ids[a:b] for a, b in spans], index=out.index, dtype=object)
    out["levels"] = pd.Series([levels[a:b] for a, b in spans], index=out.index, dtype=object)
    out.index.name = "debtor_id"
    out = out.reset_index()
    steps = [cals[c].step(int(lvl)) for c, lvl in zip(out["calendar"], out["level"], strict=True)]
    out["debtor_id"] = out["debtor_id"].astype("str")
    out["name"] = out["debtor_id"].map(dict(names)).astype("str")
    out["level"] = out["level"].astype("int64")
    out["channel"] = pd.array([s.channel for s in steps], dtype="str")
    out["label"] = pd.array([s.label for s in steps], dtype="str")
    out["action_date"] = out["action_date"].astype(cv.DATE_DTYPE)
    late = out["action_date"] < day
    out["status"] = pd.array(np.where(late, ACTION_LATE, ACTION_UPCOMING), dtype="str")
    out["days_overdue"] = ((day - out["action_date"]) // pd.Timedelta(days=1)).clip(lower=0)
    out["days_overdue"] = out["days_overdue"].astype("int64")
    out["n_invoices"] = out["n_invoices"].astype("int64")
    out["amount"] = aging.to_euros(out["cents"].to_numpy(dtype="int64"))
    out["calendar"] = out["calendar"].astype("str")
    out = out.sort_values(["action_date", "cents", "debtor_id"], ascending=[True, False, True])
    return out[ACTION_COLUMNS].reset_index(drop=True)


def _recently_paid(
    snap: Snapshot,
    horizon_days: int,
    end: pd.Timestamp,
    cals: Mapping[str, Calendar],
    calendar: CalendarArg,
    risk_classes: Mapping[str, str] | None,
) -> pd.DataFrame:
    """Dunned invoices open ``horizon_days`` before the snapshot's date and settled at it."""
    ledger, day = snap.ledger, snap.as_of
    before = aging.open_items(ledger, day - pd.Timedelta(days=horizon_days))
    still_open = snap.items["invoice_id"].to_numpy(dtype=object)
    paid = before[~member(before["invoice_id"], still_open)].reset_index(drop=True)
    names, more = assign_calendars(ledger, calendar, risk_classes, paid["debtor_id"])
    every = {**cals, **more}
    paid = paid[_after(paid["due_date"], names, _first_step_days(every)) <= end].copy()
    # only the procedures under way: at least one action counts for the invoice
    paid["start"] = _after(paid["due_date"], names, _window_days(every))
    logged, _ = logged_levels(attributed_actions(ledger, paid, day), paid["invoice_id"])
    paid = paid[logged != NO_LEVEL]
    a = snap.arrays
    pos = positions(paid["invoice_id"], a.invoice_ids)
    residual = np.where(pos >= 0, aging.to_euros(snap.state.residual)[np.maximum(pos, 0)], np.nan)
    out = paid[["invoice_id", "debtor_id", "due_date"]].copy()
    out["residual"] = residual
    out["reason"] = REASON_PAID
    return out.reset_index(drop=True)


def _first_step_days(cals: Mapping[str, Calendar]) -> dict[str, int]:
    """Days of each calendar's first step (a pre-due notice when ≤ 0), by name."""
    return {n: c.steps[0].days for n, c in cals.items()}


def _window_days(cals: Mapping[str, Calendar]) -> dict[str, int]:
    """Where actions start to count, in days from the due date: the notice, else 0."""
    return {n: min(c.steps[0].days, 0) for n, c in cals.items()}


def _after(due: pd.Series, names: pd.Series, days: Mapping[str, int]) -> pd.Series:
    """``due`` plus ``days`` of each row's calendar (``names``: calendar name per row)."""
    return due + pd.to_timedelta(names.map(days).astype("int64"), unit="D")
