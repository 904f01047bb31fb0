"""Dunning coverage: the overdue invoices to dun with and without any reminder."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from recouvrement import aging
from recouvrement import conventions as cv
from recouvrement.aging import Snapshot
from recouvrement.dunning.attribution import NO_LEVEL, logged_levels, reminders_to_dun
from recouvrement.dunning.policy import CalendarArg
from recouvrement.formatting import fmt_date, fmt_eur, fmt_int, fmt_pct

__all__ = ["COVERED_LABEL", "UNCOVERED_LABEL", "Coverage", "dunning_coverage"]

#: Coverage rows.
COVERED_LABEL = "relancées"
UNCOVERED_LABEL = "sans relance"


@dataclass(frozen=True)
class Coverage:
    """Overdue invoices with and without a reminder at ``as_of`` (see :func:`dunning_coverage`).

    Attributes
    ----------
    as_of : Timestamp
    invoices : DataFrame
        The invoices to dun: ``invoice_id, debtor_id, due_date, days_past_due,
        residual`` (euros), ``calendar``, ``dunned`` (≥ 1 reminder counts) and
        ``reminder_expected`` (the calendar's first reminder is due:
        ``days_past_due ≥`` its days). Sorted like :func:`aging.open_items`.

    """

    as_of: pd.Timestamp
    invoices: pd.DataFrame

    @property
    def n_overdue(self) -> int:
        """Number of invoices to dun."""
        return len(self.invoices)

    @property
    def n_dunned(self) -> int:
        """Invoices to dun with at least one reminder."""
        return int(self.invoices["dunned"].sum())

    @property
    def n_undunned(self) -> int:
        """Invoices to dun without any reminder."""
        return self.n_overdue - self.n_dunned

    @property
    def n_undunned_expected(self) -> int:
        """Invoices without reminder although the calendar's first reminder is due."""
        inv = self.invoices
        return int((~inv["dunned"] & inv["reminder_expected"]).sum())

    def table(self) -> pd.DataFrame:
        """Counts and amounts, with and without reminder, and their shares.

        Returns
        -------
        DataFrame
            Index ``relancées``, ``sans relance``, ``total``; columns ``n_invoices``,
            ``amount`` (euros), ``share_invoices`` and ``share_amount`` (percent of the
            total; NaN when there is nothing to dun).

        """
        inv = self.invoices
        rows = {}
        for label, mask in (
            (COVERED_LABEL, inv["dunned"]),
            (UNCOVERED_LABEL, ~inv["dunned"]),
            (cv.TOTAL_LABEL.lower(), pd.Series(True, index=inv.index)),
        ):
            cents = aging.to_cents(inv.loc[mask, "residual"]).sum()
            rows[label] = (int(mask.sum()), int(cents) / 100)
        out = pd.DataFrame.from_dict(rows, orient="index", columns=["n_invoices", "amount"])
        n_total, amount_total = rows[cv.TOTAL_LABEL.lower()]
        out["share_invoices"] = out["n_invoices"] / n_total * 100 if n_total else np.nan
        out["share_amount"] = out["amount"] / amount_total * 100 if amount_total else np.nan
        return out

    def describe(self) -> str:
        """French sentence for the report ("x % des factures échues...")."""
        if self.n_overdue == 0:
            return f"Aucune facture échue à relancer au {fmt_date(self.as_of)}."
        t = self.table().loc[UNCOVERED_LABEL]
        return (
            f"Au {fmt_date(self.as_of)}, {fmt_pct(t['share_invoices'])} des factures échues à "
            f"relancer ({fmt_int(t['n_invoices'])} sur {fmt_int(self.n_overdue)}, "
            f"{fmt_eur(t['amount'])}) n'ont fait l'objet d'aucune relance ; pour "
            f"{fmt_int(self.n_undunned_expected)} d'entre elles, la date de la première "
            "relance du calendrier était passée."
        )


def dunning_coverage(
    snap: Snapshot,
    calendar: CalendarArg = None,
    *,
    risk_classes: Mapping[str, str] | None = None,
) -> Coverage:
    """Overdue open invoices with and without any reminder at ``as_of``.

    Parameters
    ----------
    snap : Snapshot
        The ledger at the audit date (:class:`recouvrement.aging.Snapshot`); its
        ``actions`` table (dunning log) is needed (an empty one means nothing done).
    calendar : Calendar, str, spec or None
        The calendar (see :func:`~recouvrement.dunning.calendars.load_calendar`);
        ``None`` = the company's (:func:`~recouvrement.dunning.policy.calendar_for`,
        per risk class with ``risk_classes``). It only decides ``reminder_expected``.
    risk_classes : mapping, optional
        debtor_id -> risk class, with ``calendar=None``.

    Returns
    -------
    Coverage
        ``.table()`` (counts, euros, percent shares) and ``.describe()`` (French).

    Notes
    -----
    ::

        to dun  = open, due_date < as_of, no open dispute, debtor not insolvent
        dunned  = ≥ 1 action dated in [due_date, as_of], on the invoice or on its
                  debtor (empty invoice_id)
        share without reminder = #(to dun, not dunned) / #to dun × 100

    The same base and the same rule as :func:`recouvrement.kpi.dunning_coverage_rate`,
    whose value is ``100 − share without reminder`` (tested). Amounts are residuals
    at ``as_of``. With nothing to dun, shares are NaN.

    Examples
    --------
    >>> dunning_coverage(snapshot(ledger, "2025-04-30")).describe()  # doctest: +SKIP

    """
    items, names, cals, attributed = reminders_to_dun(
        snap, calendar, risk_classes, "dunning coverage"
    )
    level, _ = logged_levels(attributed, items["invoice_id"])
    first = names.map({n: c.reminders[0].days for n, c in cals.items()}).astype("int64")
    out = items[["invoice_id", "debtor_id", "due_date", "days_past_due", "residual"]].copy()
    out["calendar"] = names
    out["dunned"] = level != NO_LEVEL
    out["reminder_expected"] = out["days_past_due"] >= first
    return Coverage(snap.as_of, out)
