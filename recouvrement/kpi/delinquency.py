"""The overdue part of the encours: best possible DSO, average days delinquent, CEI.

Each compares the encours with its not-yet-due part (residual of the open items
whose due date is not passed) over a period of net sales.
"""

from __future__ import annotations

from recouvrement import conventions as cv
from recouvrement.formatting import fmt_date, fmt_eur
from recouvrement.kpi.arrays import euros
from recouvrement.kpi.dso import dso_kpi
from recouvrement.kpi.engine import KpiContext
from recouvrement.kpi.periods import DSO_MONTHS, check_months, history_note, period
from recouvrement.kpi.result import KpiResult, make_result, ratio_result
from recouvrement.ledger import Ledger

__all__ = [
    "add_kpi",
    "average_days_delinquent",
    "best_possible_dso",
    "best_possible_dso_kpi",
    "cei_kpi",
    "collection_effectiveness_index",
]


def best_possible_dso_kpi(ctx: KpiContext, as_of: object, months: int) -> KpiResult:
    """Compute :func:`best_possible_dso` on the shared context ``ctx``."""
    day = cv.as_date(as_of)
    months = check_months(months)
    start, days, ptext = period(day, months)
    invoiced, credited = ctx.net_sales(start, day)
    sales = invoiced - credited
    nd = ctx.not_due(day)
    convention = (
        "Meilleur DSO possible = encours non échu / ventes × jours de la période ; encours non "
        "échu = Σ restes dus des factures ouvertes dont l'échéance n'est pas dépassée "
        "(retard ≤ 0) ; ventes = factures TTC émises − avoirs datés de la période ; "
        f"{ptext}{history_note(ctx.a.issue, start)}."
    )
    return ratio_result(
        "best_possible_dso",
        "j",
        day,
        months,
        convention,
        nd,
        sales,
        reason="aucune vente nette sur la période",
        scale=days,
        numerator=euros(nd),
        denominator=euros(sales),
        keep=("numerator",),
    )


def best_possible_dso(ledger: Ledger, as_of: object, *, months: int = DSO_MONTHS) -> KpiResult:
    """Best possible DSO: the DSO if every overdue euro were collected, in days.

    Parameters
    ----------
    ledger : Ledger
        The validated ledger.
    as_of : date-like
        The date the KPI is measured at (end of its period).
    months : int
        Length of the period in calendar months (default 3).

    Returns
    -------
    KpiResult
        ``value`` in days; ``numerator`` = not-yet-due encours (€),
        ``denominator`` = net sales (€). ``None`` when net sales are ≤ 0.

    Notes
    -----
    best possible DSO = not-yet-due encours / net sales × days of the period, the
    not-yet-due encours being the residual at ``as_of`` of open items with
    ``due_date ≥ as_of``; sales as in :func:`days_sales_outstanding`.

    Examples
    --------
    >>> best_possible_dso(ledger, "2025-06-30").value  # doctest: +SKIP

    """
    return best_possible_dso_kpi(KpiContext(ledger), as_of, months)


def add_kpi(ctx: KpiContext, as_of: object, months: int) -> KpiResult:
    """Compute :func:`average_days_delinquent` on the shared context ``ctx``."""
    dso = dso_kpi(ctx, as_of, "simple", months)
    best = best_possible_dso_kpi(ctx, as_of, months)
    _, _, ptext = period(dso.as_of, dso.months)
    convention = (
        "ADD = DSO (méthode comptable) − meilleur DSO possible = (encours − encours non échu) / "
        "ventes × jours de la période ; l'encours échu inclut le non affecté (négatif) ; ventes = "
        f"factures TTC émises − avoirs datés de la période ; {ptext}."
    )
    if not (dso.available and best.available):
        return make_result(
            "average_days_delinquent",
            "j",
            dso.as_of,
            dso.months,
            convention,
            reason=dso.reason or best.reason,
        )
    return make_result(
        "average_days_delinquent",
        "j",
        dso.as_of,
        dso.months,
        convention,
        value=dso.value - best.value,
        numerator=dso.numerator - best.numerator,
        denominator=dso.denominator,
    )


def average_days_delinquent(
    ledger: Ledger, as_of: object, *, months: int = DSO_MONTHS
) -> KpiResult:
    """Average days delinquent (ADD) = DSO − best possible DSO, in days.

    Parameters
    ----------
    ledger : Ledger
        The validated ledger.
    as_of : date-like
        The date the KPI is measured at (end of its period).
    months : int
        Length of the period in calendar months (default 3).

    Returns
    -------
    KpiResult
        ``value`` in days; ``numerator`` = encours − not-yet-due encours (€),
        ``denominator`` = net sales (€). ``None`` when net sales are ≤ 0.

    Notes
    -----
    ADD = DSO(simple) − best possible DSO = (encours − not-yet-due encours) / net
    sales × days. The overdue part includes the ``Non affecté`` column (negative),
    so unapplied cash lowers the ADD.

    Examples
    --------
    >>> average_days_delinquent(ledger, "2025-06-30").formatted()  # doctest: +SKIP

    """
    return add_kpi(KpiContext(ledger), as_of, months)


def cei_kpi(ctx: KpiContext, as_of: object, months: int) -> KpiResult:
    """Compute :func:`collection_effectiveness_index` on the shared context ``ctx``."""
    day = cv.as_date(as_of)
    months = check_months(months)
    start, _, ptext = period(day, months)
    opening, closing, nd = ctx.encours(start), ctx.encours(day), ctx.not_due(day)
    invoiced, credited = ctx.net_sales(start, day)
    monthly = (invoiced - credited) / months
    num = opening + monthly - closing
    den = opening + monthly - nd
    convention = (
        "CEI = (encours d'ouverture + S/N − encours de clôture) / (encours d'ouverture + S/N − "
        f"encours non échu de clôture) × 100, S = ventes nettes (factures TTC − avoirs) des N = "
        f"{months} mois ; encours d'ouverture {fmt_eur(euros(opening))} au {fmt_date(start)}, "
        f"clôture {fmt_eur(euros(closing))} dont non échu {fmt_eur(euros(nd))} ; {ptext}"
        f"{history_note(ctx.a.issue, start)}."
    )
    return ratio_result(
        "cei",
        "%",
        day,
        months,
        convention,
        num,
        den,
        reason="dénominateur nul ou négatif (rien à recouvrer sur la période)",
        numerator=euros(num),
        denominator=euros(den),
        keep=("numerator", "denominator"),
    )


def collection_effectiveness_index(
    ledger: Ledger, as_of: object, *, months: int = DSO_MONTHS
) -> KpiResult:
    """Compute the collection effectiveness index (CEI), in percent.

    Parameters
    ----------
    ledger : Ledger
        The validated ledger.
    as_of : date-like
        The date the KPI is measured at (end of its period).
    months : int
        N, the length of the period in calendar months (default 3).

    Returns
    -------
    KpiResult
        ``value`` in percent; ``numerator`` and ``denominator`` in euros. ``None``
        when the denominator is ≤ 0.

    Notes
    -----
    ::

        CEI = (opening + S/N − closing) / (opening + S/N − closing not yet due) × 100

    ``opening`` = encours at ``as_of − months`` months, ``closing`` = encours at
    ``as_of`` (encours as in :func:`days_sales_outstanding`), ``S`` = net sales of
    the period, ``closing not yet due`` = residual of open items with
    ``due_date ≥ as_of``. DOMAIN.md example: opening 6 200, S = 10 890 over
    3 months, closing 6 340, closing not due 3 590 → 3 490 / 6 240 = 55.9 %.

    Examples
    --------
    >>> collection_effectiveness_index(ledger, "2025-06-30").formatted()  # doctest: +SKIP
    '55,9 %'

    """
    return cei_kpi(KpiContext(ledger), as_of, months)
