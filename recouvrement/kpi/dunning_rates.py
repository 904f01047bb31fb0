"""Dunning KPIs: activation rate (payers among the dunned) and dunning coverage.

An invoice is dunned when at least one action is dated between its due date and
the as-of date, logged on the invoice or on its debtor (empty ``invoice_id``);
pre-due notices are not dunning.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from recouvrement import aging
from recouvrement import conventions as cv
from recouvrement.formatting import fmt_date
from recouvrement.kpi.arrays import DAY, d64, text_ids, window
from recouvrement.kpi.engine import KpiContext
from recouvrement.kpi.periods import MONTHLY_MONTHS, check_months, period
from recouvrement.kpi.result import KpiResult, make_result, missing_table, ratio_result
from recouvrement.ledger import Ledger

__all__ = ["activation_kpi", "activation_rate", "coverage_kpi", "dunning_coverage_rate"]


_DUNNING_TEXT = (
    "une facture est sous relance quand au moins une action est datée entre son échéance et "
    "la date d'arrêté (action sur la facture, ou action sur le débiteur sans facture) ; les "
    "préavis avant échéance ne sont pas des relances"
)


def activation_kpi(ctx: KpiContext, as_of: object, months: int) -> KpiResult:
    """Compute :func:`activation_rate` on the shared context ``ctx``."""
    day = cv.as_date(as_of)
    months = check_months(months)
    start, _, ptext = period(day, months)
    key = "activation_rate"
    convention = (
        "Taux d'activation = factures échues et ouvertes au début de la période, sous relance à "
        "la date d'arrêté, ayant reçu au moins un règlement (partiel ou total) dans la période / "
        "factures échues et ouvertes au début de la période sous relance × 100 ; "
        f"{_DUNNING_TEXT} ; "
        f"{ptext}."
    )
    if not ctx.ledger.has("actions"):
        return make_result(key, "%", day, months, convention, reason=missing_table("actions"))
    overdue = ctx.overdue_mask(start)
    base = overdue & ctx.dunned(day, overdue)
    idx = np.flatnonzero(base)
    ev = ctx.ev
    w = window(ev.pay_date, start, day)
    paid = np.zeros(ctx.n, dtype=bool)
    paid[ev.pay_inv[w]] = True
    n_base, n_paid = len(idx), int(paid[idx].sum())
    n_debtors = int(ctx.debtors_present(idx).sum())
    return ratio_result(
        key,
        "%",
        day,
        months,
        convention,
        n_paid,
        n_base,
        reason="aucune facture échue sous relance au début de la période",
        numerator=n_paid,
        denominator=n_base,
        n_debtors=n_debtors,
    )


def activation_rate(ledger: Ledger, as_of: object, *, months: int = MONTHLY_MONTHS) -> KpiResult:
    """Activation rate ("taux d'activation / de payeurs") of dunning, in percent.

    Parameters
    ----------
    ledger : Ledger
        The validated ledger.
    as_of : date-like
        End of the period.
    months : int
        Length of the period in calendar months (default 1).

    Returns
    -------
    KpiResult
        ``value`` in percent; ``numerator`` and ``denominator`` are invoice counts.
        ``None`` with a reason when there is no ``actions`` table or no dunned
        overdue invoice.

    Notes
    -----
    With the period ``(start, as_of]``::

        base = invoices open and overdue at start (due_date < start)
               with ≥ 1 dunning action dated in [due_date, as_of]
        rate = #(base with ≥ 1 payment dated in (start, as_of]) / #base × 100

    A dunning action is logged on the invoice, or on its debtor with an empty
    ``invoice_id`` (it then covers every overdue invoice of the debtor). Pre-due
    notices (dated before the due date) are not dunning. Credit notes are not
    payments. Disputed invoices are kept in the base.

    Examples
    --------
    >>> activation_rate(ledger, "2025-04-30").value  # doctest: +SKIP

    """
    return activation_kpi(KpiContext(ledger), as_of, months)


def coverage_kpi(ctx: KpiContext, as_of: object) -> KpiResult:
    """Compute :func:`dunning_coverage_rate` on the shared context ``ctx``."""
    day = cv.as_date(as_of)
    key = "dunning_coverage_rate"
    has_debtors = ctx.ledger.has("debtors")
    insolvency = (
        "débiteur hors procédure collective (date de jugement ≤ date d'arrêté)"
        if has_debtors
        else "table des débiteurs non fournie : aucune exclusion pour procédure collective"
    )
    convention = (
        "Taux de couverture des relances = factures à relancer ayant au moins une relance / "
        "factures à relancer × 100 ; à relancer = ouvertes, échues (≥ 1 jour de retard) au "
        f"{fmt_date(day)}, hors litige ouvert, {insolvency} ; {_DUNNING_TEXT}."
    )
    if not ctx.ledger.has("actions"):
        return make_result(key, "%", day, None, convention, reason=missing_table("actions"))
    to_dun = aging.to_dun_mask(
        ctx.residual(day), ctx.a.due, day, ctx.disputed(day), ctx.insolvent(day)[ctx.a.inv_debtor]
    )
    covered = ctx.dunned(day, to_dun)
    idx = np.flatnonzero(to_dun)
    n_debtors = int(ctx.debtors_present(idx).sum())
    n_covered = int(covered[idx].sum())
    gap = idx[~covered[idx]]
    a = ctx.a
    r = ctx.residual(day)[gap]
    dpd = ((d64(day) - a.due[gap]) // DAY).astype("int64")
    order = np.lexsort((-dpd, -r))
    gap, r, dpd = gap[order], r[order], dpd[order]
    details = pd.DataFrame(
        {
            "invoice_id": text_ids(a.invoice_ids[gap]),
            "debtor_id": text_ids(a.debtor_ids[a.inv_debtor[gap]]),
            "due_date": a.due[gap],
            "days_past_due": dpd,
            "residual": aging.to_euros(r),
        }
    )
    return ratio_result(
        key,
        "%",
        day,
        None,
        convention,
        n_covered,
        len(idx),
        reason="aucune facture échue à relancer",
        numerator=n_covered,
        denominator=len(idx),
        n_debtors=n_debtors,
        details=details,
    )


def dunning_coverage_rate(ledger: Ledger, as_of: object) -> KpiResult:
    """Dunning coverage ("taux de couverture des relances") at ``as_of``, in percent.

    Parameters
    ----------
    ledger : Ledger
        The validated ledger.
    as_of : date-like
        The date the KPI is measured at (end of its period).

    Returns
    -------
    KpiResult
        ``value`` in percent; counts of invoices in ``numerator``/``denominator``;
        ``details`` = the uncovered invoices (``invoice_id, debtor_id, due_date,
        days_past_due, residual``), largest residual first. ``None`` with a reason
        without an ``actions`` table or when nothing is to be dunned.

    Notes
    -----
    ::

        to dun  = invoices open and overdue at as_of (due_date < as_of), not under
                  an open dispute, debtor not in insolvency proceedings
                  (debtors.insolvency_date ≤ as_of)
        covered = to dun with ≥ 1 action dated in [due_date, as_of], logged on the
                  invoice or on its debtor (empty invoice_id)
        rate    = #covered / #to dun × 100

    Without a debtors table no debtor is excluded (said in the convention). An
    empty but provided ``actions`` table gives a legitimate 0 %.

    Examples
    --------
    >>> dunning_coverage_rate(ledger, "2025-04-30").details  # doctest: +SKIP

    """
    return coverage_kpi(KpiContext(ledger), as_of)
