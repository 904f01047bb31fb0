"""Collection costs: per euro collected on overdue receivables, or against the encours.

The costs are the ``costs`` table's rows of the calendar months of the period; a
month without a row is never taken as 0.
"""

from __future__ import annotations

import pandas as pd

from recouvrement import aging
from recouvrement import conventions as cv
from recouvrement.formatting import fmt_date
from recouvrement.kpi.arrays import euros, window
from recouvrement.kpi.engine import KpiContext
from recouvrement.kpi.periods import MONTHLY_MONTHS, check_method, check_months, period
from recouvrement.kpi.result import KpiResult, make_result, missing_table, ratio_result
from recouvrement.ledger import Ledger

__all__ = ["COST_METHODS", "cost_kpi", "cost_per_euro_collected"]

#: Methods of :func:`cost_per_euro_collected`.
COST_METHODS = ("collected", "encours")


def cost_kpi(ctx: KpiContext, as_of: object, months: int, method: str) -> KpiResult:
    """Compute :func:`cost_per_euro_collected` on the shared context ``ctx``."""
    day = cv.as_date(as_of)
    months = check_months(months)
    method = check_method(method, COST_METHODS)
    start, _, ptext = period(day, months)
    key = "cost_per_euro_collected" if method == "collected" else "cost_to_encours"
    unit = "ratio" if method == "collected" else "%"
    wanted = [day.to_period("M") - k for k in range(months - 1, -1, -1)]
    month_text = ", ".join(str(p) for p in wanted)
    if method == "collected":
        convention = (
            "Coût à l'euro recouvré = coûts de recouvrement des mois "
            f"{month_text} / encaissements sur créances échues de la période (règlements datés de "
            "la période, affectés à une facture dont l'échéance est antérieure à la date du "
            f"règlement) ; {ptext} ; au-delà de 1, le recouvrement coûte plus qu'il ne rapporte."
        )
    else:
        convention = (
            f"Coût de recouvrement / encours = coûts de recouvrement des mois {month_text} / "
            f"encours de clôture au {fmt_date(day)} × 100 ; {ptext}."
        )
    if not ctx.ledger.has("costs"):
        return make_result(key, unit, day, months, convention, reason=missing_table("costs"))
    costs = ctx.ledger.costs
    by_month = costs.groupby("month", observed=True)["amount"].sum()
    missing = [p for p in wanted if p not in by_month.index]
    if missing:
        return make_result(
            key,
            unit,
            day,
            months,
            convention,
            reason="coûts de recouvrement absents pour "
            + ", ".join(str(p) for p in missing)
            + " (jamais supposés nuls)",
        )
    kept = by_month.loc[wanted]
    total = int(aging.to_cents(kept.to_numpy()).sum())
    details = pd.DataFrame(
        {"month": pd.PeriodIndex(wanted), "cost": kept.to_numpy(dtype="float64")}
    )
    if method == "collected":
        ev = ctx.ev
        w = window(ev.pay_date, start, day)
        late = ctx.a.due[ev.pay_inv[w]] < ev.pay_date[w]
        den, scale = int(ev.pay_amount[w][late].sum()), 1
        reason = "aucun encaissement sur créances échues sur la période"
    else:
        den, scale = ctx.encours(day), 100
        reason = "encours nul ou créditeur à la date d'arrêté"
    return ratio_result(
        key,
        unit,
        day,
        months,
        convention,
        total,
        den,
        reason=reason,
        scale=scale,
        numerator=euros(total),
        denominator=euros(den),
        keep=("numerator",),
        details=details,
    )


def cost_per_euro_collected(
    ledger: Ledger, as_of: object, *, months: int = MONTHLY_MONTHS, method: str = "collected"
) -> KpiResult:
    """Compute the collection cost per euro collected ("coût à l'euro recouvré").

    Parameters
    ----------
    ledger : Ledger
        The validated ledger.
    as_of : date-like
        The date the KPI is measured at (end of its period).
    months : int
        Length of the period in calendar months (default 1).
    method : {"collected", "encours"}
        ``collected`` (default): ratio of costs to the cash collected on overdue
        receivables (unit ``ratio``, 0.08 = 8 centimes per euro); ``encours``:
        costs as a percentage of the closing encours (unit ``%``).

    Returns
    -------
    KpiResult
        ``numerator`` = costs (€), ``denominator`` = collected or encours (€),
        ``details`` = cost per month. ``None`` with a reason without a ``costs``
        table, when a month of the period has no cost row (the missing months are
        named; a missing month is never taken as 0), or when nothing was collected.

    Notes
    -----
    ::

        collected = Σ payments dated in (start, as_of], allocated to an invoice
                    whose due_date < payment date
        ratio     = Σ costs of the months / collected
        encours   = Σ costs of the months / encours(as_of) × 100

    The months are the ``months`` calendar months ending with the month of
    ``as_of`` (``costs.month``, several rows per month are added up); at a month
    end they coincide with the period. A ratio above 1 means collection costs more
    than it brings.

    Examples
    --------
    >>> cost_per_euro_collected(ledger, "2025-04-30").formatted()  # doctest: +SKIP
    '0,08'

    """
    return cost_kpi(KpiContext(ledger), as_of, months, method)
