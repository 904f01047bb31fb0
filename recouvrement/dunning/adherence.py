"""Calendar adherence: per overdue invoice, the level the calendar expects and the one logged."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from recouvrement import aging
from recouvrement import conventions as cv
from recouvrement.aging import Snapshot
from recouvrement.dunning.attribution import NO_LEVEL, logged_levels, reminders_to_dun
from recouvrement.dunning.calendars import Calendar
from recouvrement.dunning.policy import CalendarArg

__all__ = [
    "ADHERENCE_COLUMNS",
    "STATUSES",
    "STATUS_AHEAD",
    "STATUS_LATE",
    "STATUS_NONE",
    "STATUS_ON_TIME",
    "Adherence",
    "adherence",
]

#: Adherence statuses, in report order.
STATUS_ON_TIME = "à jour"
STATUS_LATE = "en retard"
STATUS_NONE = "aucune relance"
STATUS_AHEAD = "en avance"
STATUSES = (STATUS_ON_TIME, STATUS_LATE, STATUS_NONE, STATUS_AHEAD)

#: Columns of :attr:`Adherence.invoices`.
ADHERENCE_COLUMNS = [
    "invoice_id",
    "debtor_id",
    "due_date",
    "days_past_due",
    "residual",
    "calendar",
    "expected_level",
    "expected_label",
    "expected_date",
    "logged_level",
    "last_action_date",
    "reached_date",
    "status",
    "days_late",
    "missed_steps",
]


@dataclass(frozen=True)
class Adherence:
    """Calendar adherence per invoice and its summary (see :func:`adherence`)."""

    as_of: pd.Timestamp
    invoices: pd.DataFrame
    summary: pd.DataFrame


def _expected(cal: Calendar, dpd: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(index into cal.reminders of the step expected by now or -1, its level or -1)."""
    days = np.array([s.days for s in cal.reminders], dtype="int64")
    levels = np.array([s.level for s in cal.reminders], dtype="int64")
    idx = np.searchsorted(days, dpd, side="right") - 1
    return idx, np.where(idx >= 0, levels[np.maximum(idx, 0)], NO_LEVEL)


def adherence(
    snap: Snapshot,
    calendar: CalendarArg = None,
    *,
    risk_classes: Mapping[str, str] | None = None,
) -> Adherence:
    """Compare, per overdue invoice, the level the calendar expects with the level logged.

    Parameters
    ----------
    snap : Snapshot
        The ledger at the audit date (:class:`recouvrement.aging.Snapshot`); its
        ``actions`` table (dunning log) is needed (an empty one means nothing done).
    calendar : Calendar, str, spec or None
        As in :func:`~recouvrement.dunning.coverage.dunning_coverage`.
    risk_classes : mapping, optional
        debtor_id -> risk class, with ``calendar=None``.

    Returns
    -------
    Adherence
        ``invoices``: one row per invoice to dun, columns ``invoice_id, debtor_id,
        due_date, days_past_due, residual`` (euros), ``calendar``,
        ``expected_level`` (Int64, NA when no reminder is due yet),
        ``expected_label``, ``expected_date`` (due_date + the step's days),
        ``logged_level`` (Int64, NA when no reminder), ``last_action_date``,
        ``reached_date`` (first reminder at a level ≥ the expected one),
        ``status`` (``à jour``, ``en retard``, ``aucune relance``, ``en avance``),
        ``days_late`` (Int64, see Notes) and ``missed_steps`` (calendar steps due
        and not reached). Sorted like :func:`aging.open_items`.
        ``summary``: index = the four statuses (all present), columns
        ``n_invoices``, ``amount`` (euros), ``share_invoices`` (percent) and
        ``mean_days_late`` (days, NaN when no row has one).

    Notes
    -----
    For an invoice ``days_past_due = as_of − due_date`` days late::

        expected level = level of the last reminder step with days ≤ days_past_due
        logged level   = max level of the reminders that count (dated in
                         [due_date, as_of], on the invoice or its debtor)
        status = aucune relance  if a level is expected and nothing is logged
                 en retard       if logged < expected
                 à jour          if logged = expected (or nothing expected, nothing logged)
                 en avance       if logged > expected
        days_late = reached_date − expected_date   when the expected level is reached
                    as_of − expected_date          otherwise (still running)

    so an invoice dunned at level 2 on J+16 under a J+15 step is ``à jour`` with
    ``days_late = 1``; a negative value is a step done early. Pre-due notices are
    not audited here (they cannot be caught up once the invoice is due).

    Examples
    --------
    >>> adherence(snapshot(ledger, "2025-04-30")).summary  # doctest: +SKIP

    """
    day = snap.as_of
    items, names, cals, attributed = reminders_to_dun(
        snap, calendar, risk_classes, "calendar adherence"
    )
    logged, last = logged_levels(attributed, items["invoice_id"])
    n = len(items)
    expected = np.full(n, NO_LEVEL, dtype="int64")
    exp_days = np.zeros(n, dtype="int64")
    exp_label = np.full(n, None, dtype=object)
    missed = np.zeros(n, dtype="int64")
    dpd = items["days_past_due"].to_numpy(dtype="int64")
    for name, cal in cals.items():
        rows = np.flatnonzero((names == name).to_numpy())
        idx, lvl = _expected(cal, dpd[rows])
        expected[rows] = lvl
        steps = cal.reminders
        exp_days[rows] = [steps[i].days if i >= 0 else 0 for i in idx]
        exp_label[rows] = [steps[i].label if i >= 0 else None for i in idx]
        s_days = np.array([s.days for s in steps])
        s_levels = np.array([s.level for s in steps])
        due = (s_days[None, :] <= dpd[rows, None]) & (s_levels[None, :] > logged[rows, None])
        missed[rows] = due.sum(axis=1)
    has_expected = expected != NO_LEVEL
    # first date a reminder at ≥ the expected level was logged
    exp_by_inv = pd.Series(expected, index=items["invoice_id"].to_numpy())
    hit = attributed[
        attributed["level"].to_numpy() >= exp_by_inv.reindex(attributed["invoice_id"]).to_numpy()
    ]
    first_hit = hit.groupby("invoice_id")["date"].min().astype(cv.DATE_DTYPE)
    reached = pd.Series(
        first_hit.reindex(items["invoice_id"].to_numpy()).to_numpy(),
        index=items.index,
        dtype=cv.DATE_DTYPE,
    ).where(has_expected)
    expected_date = (items["due_date"] + pd.to_timedelta(exp_days, unit="D")).where(has_expected)
    status = np.select(
        [has_expected & (logged == NO_LEVEL), logged < expected, logged == expected],
        [STATUS_NONE, STATUS_LATE, STATUS_ON_TIME],
        default=STATUS_AHEAD,
    )
    done_by = reached.fillna(day)
    out = items[["invoice_id", "debtor_id", "due_date", "days_past_due", "residual"]].copy()
    out["calendar"] = names
    out["expected_level"] = pd.array(np.where(has_expected, expected, 0), dtype="Int64")
    out.loc[~has_expected, "expected_level"] = pd.NA
    out["expected_label"] = pd.array(exp_label, dtype="str")
    out["expected_date"] = expected_date.astype(cv.DATE_DTYPE)
    out["logged_level"] = pd.array(np.where(logged == NO_LEVEL, 0, logged), dtype="Int64")
    out.loc[logged == NO_LEVEL, "logged_level"] = pd.NA
    out["last_action_date"] = last
    out["reached_date"] = reached
    out["status"] = pd.array(status, dtype="str")
    out["days_late"] = _days(done_by - out["expected_date"])
    out["missed_steps"] = missed
    return Adherence(day, out[ADHERENCE_COLUMNS], _adherence_summary(out))


def _adherence_summary(inv: pd.DataFrame) -> pd.DataFrame:
    total = len(inv)
    rows = []
    for status in STATUSES:
        part = inv[inv["status"] == status]
        late = part["days_late"].dropna()
        rows.append(
            {
                "n_invoices": len(part),
                "amount": int(aging.to_cents(part["residual"]).sum()) / 100,
                "share_invoices": len(part) / total * 100 if total else np.nan,
                "mean_days_late": float(late.astype("float64").mean()) if len(late) else np.nan,
            }
        )
    return pd.DataFrame(rows, index=pd.Index(STATUSES, name="status"))


def _days(delta: pd.Series) -> pd.Series:
    return (delta // pd.Timedelta(days=1)).astype("Int64")
