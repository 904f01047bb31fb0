"""Days sales outstanding: the accounting, countback, average-encours and Banque de France methods.

The encours is the net balance of the ledger at the date (open items plus the
``Non affecté`` column); sales are the invoices issued in the period net of the
credit notes dated in it. :func:`countback` is the exhaustion walk of DOMAIN.md. The
``bdf`` method is the basis of the Banque de France's « délais clients » (Observatoire
des délais de paiement): 12 months of turnover and a 360-day year, so that the DSO can be
compared with the published figures (:mod:`recouvrement.conventions.references`).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from recouvrement import conventions as cv
from recouvrement.formatting import fmt_date, fmt_eur
from recouvrement.kpi.arrays import d64, euros
from recouvrement.kpi.engine import KpiContext
from recouvrement.kpi.periods import DSO_MONTHS, check_method, check_months, history_note, period
from recouvrement.kpi.result import KpiResult, make_result, ratio_result
from recouvrement.ledger import Ledger

__all__ = [
    "BDF_DAYS",
    "BDF_MONTHS",
    "DSO_METHODS",
    "countback",
    "days_sales_outstanding",
    "dso_kpi",
]

#: Methods of :func:`days_sales_outstanding`.
DSO_METHODS = ("simple", "countback", "average", "bdf")

#: The Banque de France basis of « délais clients »: the turnover of a fiscal year
#: (12 months) and a year counted as 360 days (Observatoire des délais de paiement).
BDF_MONTHS = 12
BDF_DAYS = 360


def countback(
    encours: float, sales: Iterable[float], days: Iterable[int]
) -> tuple[float, bool, list[tuple[float, float]]]:
    """Countback walk of an encours against monthly net sales, latest month first.

    Parameters
    ----------
    encours : float
        The encours to absorb (any money unit, the same as ``sales``).
    sales : iterable of float
        Net sales of each month, latest month first.
    days : iterable of int
        Calendar days of each month, in the same order (same length as ``sales``).

    Returns
    -------
    days : float
        Days counted: the DSO by countback (a lower bound when not exhausted).
    exhausted : bool
        ``False`` when the history runs out before the encours is absorbed.
    parts : list of (float, float)
        (absorbed, days counted) per month walked.

    Notes
    -----
    Each month whose net sales do not cover the remaining encours adds all its
    days; the month that covers it adds ``remaining / sales × days``. A month with
    net sales ≤ 0 adds its days and absorbs nothing. An encours ≤ 0 gives 0 days.
    DOMAIN.md: 212 000 against 100 000 / 80 000 / 70 000 over 30-day months →
    30 + 30 + 32 000 / 70 000 × 30 = 73.7 days.

    """
    remaining = float(encours)
    total = 0.0
    parts: list[tuple[float, float]] = []
    if remaining <= 0:
        return 0.0, True, parts
    for s, d in zip(sales, days, strict=True):
        if 0 < remaining <= s:
            part = remaining / s * d
            parts.append((remaining, part))
            return total + part, True, parts
        total += d
        parts.append((max(s, 0.0), float(d)))
        remaining -= max(s, 0.0)
    return total, False, parts


def dso_kpi(ctx: KpiContext, as_of: object, method: str, months: int) -> KpiResult:
    """Compute :func:`days_sales_outstanding` on the shared context ``ctx``."""
    day = cv.as_date(as_of)
    months = check_months(months)
    method = check_method(method, DSO_METHODS)
    if method == "bdf":
        return _dso_bdf(ctx, day)
    key = {"simple": "dso", "countback": "dso_countback", "average": "dso_average"}[method]
    start, days, ptext = period(day, months)
    closing = ctx.encours(day)
    invoiced, credited = ctx.net_sales(start, day)
    sales = invoiced - credited
    encours_text = (
        "encours = solde net du poste client à la date (Σ restes dus des factures ouvertes "
        "+ Σ non affecté, soit le total de la balance âgée)"
    )
    sales_text = (
        "ventes = factures TTC émises sur la période − avoirs datés de la période (ventes nettes)"
    )
    note = history_note(ctx.a.issue, start)
    details = None
    if method == "simple":
        convention = (
            "DSO = encours de clôture / ventes × jours de la période ; "
            f"{encours_text} ; {sales_text} ; {ptext}{note}."
        )
        num = closing
    elif method == "average":
        opening = ctx.encours(start)
        num = (opening + closing) / 2
        convention = (
            f"DSO (encours moyen) = (encours d'ouverture + encours de clôture) / 2 / ventes × "
            f"jours de la période ; encours d'ouverture {fmt_eur(euros(opening))} au "
            f"{fmt_date(start)} ; {encours_text} ; {sales_text} ; {ptext}{note}."
        )
    else:
        value, details, exhausted = _dso_countback(ctx, day, closing)
        tail = (
            ""
            if exhausted
            else " ; historique épuisé avant absorption de l'encours : la valeur est le nombre "
            "de jours de tout l'historique (minorant)"
        )
        convention = (
            "DSO (épuisement) : l'encours de clôture est imputé sur les ventes nettes des mois "
            "calendaires en remontant depuis la date d'arrêté (mois k = (D − k − 1 mois, D − k "
            "mois]), chaque mois épuisé compte tous ses jours, le dernier au prorata "
            f"(reste / ventes du mois × jours) ; {encours_text} ; ventes = factures TTC − avoirs "
            f"datés du mois{tail}."
        )
        absorbed = None if details is None else round(float(details["absorbed"].sum()), 2)
        return make_result(  # the reason is dropped when there is a value
            key,
            "j",
            day,
            months,
            convention,
            value=value,
            numerator=euros(closing),
            denominator=absorbed,
            details=details,
            reason="aucune vente nette dans l'historique",
        )
    return ratio_result(
        key,
        "j",
        day,
        months,
        convention,
        num,
        sales,
        reason="aucune vente nette sur la période",
        scale=days,
        numerator=euros(num),
        denominator=euros(sales),
        keep=("numerator",),
    )


def _dso_bdf(ctx: KpiContext, day: pd.Timestamp) -> KpiResult:
    """The DSO on the Banque de France basis (``bdf`` method of :func:`days_sales_outstanding`)."""
    start, _, ptext = period(day, BDF_MONTHS)
    closing = ctx.encours(day)
    invoiced, credited = ctx.net_sales(start, day)
    a = ctx.a
    sold = a.issue[a.sale & (a.issue <= d64(day))]
    convention = (
        f"DSO base Banque de France = créances clients TTC à la date × {BDF_DAYS} / chiffre "
        f"d'affaires TTC des {BDF_MONTHS} mois ; créances = solde net du poste client à la date "
        "(Σ restes dus des factures ouvertes + Σ non affecté : règlements non affectés et "
        "avances reçues viennent en déduction) ; chiffre d'affaires = factures TTC émises − "
        f"avoirs datés de la période ; {ptext} ; année comptée pour {BDF_DAYS} jours. Même "
        "base que les « délais clients » de l'Observatoire des délais de paiement ((créances "
        "clients + effets escomptés non échus − avances et acomptes reçus) × 360 / chiffre "
        "d'affaires TTC), à deux différences près : les effets escomptés non échus ne figurent "
        "pas dans les données, et la Banque de France mesure à la clôture de l'exercice (moyenne "
        "des ratios des entreprises) quand ce ratio est pris à la date d'arrêté du mois, "
        f"saisonnalité comprise{history_note(sold, start)}."
    )
    if len(sold) and sold.min() > d64(cv.shift_months(start, 1)):
        return make_result(
            "dso_bdf",
            "j",
            day,
            BDF_MONTHS,
            convention,
            numerator=euros(closing),
            reason=(
                f"historique de moins de {BDF_MONTHS - 1} mois (première facture du "
                f"{fmt_date(pd.Timestamp(sold.min()))}) : le chiffre d'affaires des "
                f"{BDF_MONTHS} mois n'est pas connu"
            ),
        )
    return ratio_result(
        "dso_bdf",
        "j",
        day,
        BDF_MONTHS,
        convention,
        closing,
        invoiced - credited,
        reason=f"aucun chiffre d'affaires net sur les {BDF_MONTHS} mois",
        scale=BDF_DAYS,
        numerator=euros(closing),
        denominator=euros(invoiced - credited),
        keep=("numerator",),
    )


def _dso_countback(
    ctx: KpiContext, day: pd.Timestamp, closing: int
) -> tuple[float | None, pd.DataFrame | None, bool]:
    a = ctx.a
    issued = a.issue[a.issue <= d64(day)]
    if len(issued) == 0:
        return None, None, True
    first = issued.min()
    ends = [day]
    while ends[-1] >= first:  # the last edge is strictly before the first invoice
        ends.append(cv.shift_months(day, -len(ends)))
    edges = np.array([d64(e) for e in reversed(ends)])  # ascending
    k = len(edges) - 1

    def per_month(dates: np.ndarray, amounts: np.ndarray) -> np.ndarray:
        pos = np.searchsorted(edges, dates, side="left")  # (e_{i-1}, e_i] -> i
        ok = (pos >= 1) & (pos <= k)
        sums = np.bincount(pos[ok] - 1, weights=amounts[ok], minlength=k)
        return sums[::-1]  # latest month first

    credit_cum = ctx.ev.credit_cum[np.searchsorted(ctx.ev.credit_date, edges, side="right")]
    sales = per_month(a.issue, np.where(a.sale, a.amount, 0)) - np.diff(credit_cum)[::-1]
    days = [int((ends[i] - ends[i + 1]).days) for i in range(k)]
    value, exhausted, parts = countback(closing, sales, days)
    if not exhausted and not (sales > 0).any():
        return None, None, True
    rows = [
        {
            "month_start": ends[i + 1] + pd.Timedelta(days=1),
            "month_end": ends[i],
            "days": days[i],
            "net_sales": euros(sales[i]),
            "absorbed": euros(absorbed),
            "days_counted": counted,
        }
        for i, (absorbed, counted) in enumerate(parts)
    ]
    columns = ["month_start", "month_end", "days", "net_sales", "absorbed", "days_counted"]
    frame = pd.DataFrame(rows, columns=columns)
    frame = frame.astype({"month_start": cv.DATE_DTYPE, "month_end": cv.DATE_DTYPE})
    return value, frame, exhausted


def days_sales_outstanding(
    ledger: Ledger, as_of: object, *, method: str = "simple", months: int = DSO_MONTHS
) -> KpiResult:
    """Days sales outstanding (DSO), in days.

    Parameters
    ----------
    ledger : Ledger
        The validated ledger.
    as_of : date-like
        End of the period (closing date).
    method : {"simple", "countback", "average", "bdf"}
        ``simple`` (default, the accounting method), ``countback`` (exhaustion of
        the encours against the latest months' sales), ``average`` (average of
        opening and closing encours) or ``bdf`` (Banque de France basis: 12 months of
        turnover, 360-day year; key ``dso_bdf``).
    months : int
        Length of the period in calendar months (default 3; not used by
        ``countback``, which walks back as far as needed, nor by ``bdf``: 12 months).

    Returns
    -------
    KpiResult
        ``value`` in days; ``numerator`` = encours (€, the average encours for
        ``average``), ``denominator`` = net sales of the period (€; for
        ``countback`` the sales absorbed). ``details`` (countback only): one row
        per month walked (``month_start, month_end, days, net_sales, absorbed,
        days_counted``). ``None`` with a reason when net sales are ≤ 0, and for
        ``bdf`` when the first sale is more than one month after the start of the
        12 months (the year's turnover is not known; the encours is still given).

    Raises
    ------
    ValueError
        Unknown ``method`` or ``months`` < 1.

    Notes
    -----
    ::

        encours(D) = Σ residual of open items + Σ non affecté
                   = Σ invoices − Σ payments − Σ credit notes − Σ write-offs (dated ≤ D)
        sales      = Σ invoices issued in (start, as_of] − Σ credit notes dated in it
        simple     = encours(as_of) / sales × days
        average    = (encours(start) + encours(as_of)) / 2 / sales × days
        countback  = Σ days of the months whose sales the encours exhausts
                     + remaining / sales_k × days_k for the last one
        bdf        = encours(as_of) × 360 / sales of the 12 months to as_of

    ``days`` = calendar days of ``(start, as_of]``, ``start = as_of − months``.
    Countback months are ``(as_of − k − 1 m, as_of − k m]``; a month with net sales
    ≤ 0 adds its days and absorbs nothing; when the history (first invoice) runs
    out first, the value is the days counted (a lower bound) and the convention
    says so. Encours ≤ 0 gives 0 days in countback. DOMAIN.md example: encours
    212 000, sales 100 000 / 80 000 / 70 000 over 30-day months →
    30 + 30 + 32 000 / 70 000 × 30 = 73.7 days.

    ``bdf`` follows the Banque de France's « délais clients » (Observatoire des délais
    de paiement, annual report; DOMAIN.md): (trade receivables + discounted bills not
    yet due − advances received) × 360 / turnover incl. VAT, at the fiscal year end.
    The ledger has no discounted bills, unapplied cash stands for the advances, and the
    ratio is taken at the as-of date (the Banque de France: at the year end, the mean of
    the companies' ratios). A first sale up to one month after the start of the 12
    months is accepted with a warning in the convention (an export starting on the 1st
    of a month); later, the turnover of the year is not known and the DSO is not given.

    Examples
    --------
    >>> dso = days_sales_outstanding(ledger, "2025-06-30", method="countback")  # doctest: +SKIP
    >>> dso.formatted()  # doctest: +SKIP

    """
    return dso_kpi(KpiContext(ledger), as_of, method, months)
