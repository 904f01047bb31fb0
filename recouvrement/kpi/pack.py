"""The KPI pack at one date and its history over month ends.

One :class:`~recouvrement.kpi.engine.KpiContext` is shared by every KPI of the pack
(and by every month of the history), so that every as-of state is computed once.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from recouvrement import conventions as cv
from recouvrement.kpi.behaviour import behaviour_summary_kpi
from recouvrement.kpi.costs import cost_kpi
from recouvrement.kpi.delinquency import add_kpi, best_possible_dso_kpi, cei_kpi
from recouvrement.kpi.dso import DSO_METHODS, dso_kpi
from recouvrement.kpi.dunning_rates import activation_kpi, coverage_kpi
from recouvrement.kpi.engine import KpiContext
from recouvrement.kpi.losses import bad_debt_kpi, dispute_kpi, doubtful_kpi
from recouvrement.kpi.periods import (
    ANNUAL_MONTHS,
    DEFAULT_HORIZON_MONTHS,
    DSO_MONTHS,
    HISTORY_MONTHS,
    MONTHLY_MONTHS,
    ROLLING_MONTHS,
    check_months,
)
from recouvrement.kpi.recovery import recovery_kpi
from recouvrement.kpi.result import KpiResult
from recouvrement.ledger import Ledger

__all__ = ["HISTORY_COLUMNS", "kpi_history", "kpi_pack"]


def _pack(ctx: KpiContext, day: pd.Timestamp, months: int) -> dict[str, KpiResult]:
    h = DEFAULT_HORIZON_MONTHS
    ctx.residual(day)  # the other states are derived from this one, going back in time
    if ctx.ledger.has("actions"):  # code once the actions of both dunning KPIs
        start = cv.shift_months(day, -MONTHLY_MONTHS)
        ctx.actions(ctx.overdue_mask(start) | ctx.overdue_mask(day))
    results = [
        recovery_kpi(ctx, day, horizon=h, months=MONTHLY_MONTHS, segment=None),
        *[recovery_kpi(ctx, day, horizon=h, months=m, segment=None) for m in ROLLING_MONTHS],
        recovery_kpi(ctx, day, horizon=h, months=MONTHLY_MONTHS, segment=None, unpaid=True),
        activation_kpi(ctx, day, MONTHLY_MONTHS),
        coverage_kpi(ctx, day),
        *[dso_kpi(ctx, day, method, months) for method in DSO_METHODS],
        best_possible_dso_kpi(ctx, day, months),
        add_kpi(ctx, day, months),
        cei_kpi(ctx, day, months),
        cost_kpi(ctx, day, MONTHLY_MONTHS, "collected"),
        bad_debt_kpi(ctx, day, ANNUAL_MONTHS),
        dispute_kpi(ctx, day, ANNUAL_MONTHS, "count"),
        doubtful_kpi(ctx, day),
        behaviour_summary_kpi(ctx, day, ANNUAL_MONTHS),
    ]
    return {r.key: r for r in results}


def kpi_pack(ledger: Ledger, as_of: object, *, months: int = DSO_MONTHS) -> dict[str, KpiResult]:
    """Every headline KPI at one date, keyed by :attr:`KpiResult.key`.

    Parameters
    ----------
    ledger : Ledger
        The validated ledger.
    as_of : date-like
        The date the KPI is measured at (end of its period).
    months : int
        Period of the DSO family and of the CEI (default 3 months).

    Returns
    -------
    dict of str to KpiResult
        In report order: ``recovery_rate``, ``recovery_rate_3m``,
        ``recovery_rate_6m``, ``unpaid_rate``, ``activation_rate``,
        ``dunning_coverage_rate``, ``dso``, ``dso_countback``, ``dso_average``,
        ``dso_bdf``, ``best_possible_dso``, ``average_days_delinquent``, ``cei``,
        ``cost_per_euro_collected``, ``bad_debt_rate``, ``dispute_rate``,
        ``doubtful_receivables``, ``weighted_days_late``.

    Notes
    -----
    The other KPIs keep their own default periods: 1 month for the recovery and
    unpaid rates (horizon 1 month), activation and cost per euro collected;
    12 months for the bad-debt rate, dispute rate and payment behaviour, and for
    ``dso_bdf``, the DSO on the Banque de France basis (12 months of turnover, 360-day
    year), the one DSO comparable with the published « délais clients »
    (:func:`recouvrement.kpi.targets.kpi_targets`). Every as-of state is computed once
    and shared.

    Examples
    --------
    >>> pack = kpi_pack(ledger, "2025-04-30")  # doctest: +SKIP
    >>> pack["dso"].formatted()  # doctest: +SKIP

    """
    return _pack(KpiContext(ledger), cv.as_date(as_of), check_months(months))


HISTORY_COLUMNS = [
    "as_of",
    "key",
    "label",
    "value",
    "unit",
    "numerator",
    "denominator",
    "n_debtors",
    "significant",
    "available",
    "reason",
]


def kpi_history(
    ledger: Ledger, end: object, months: int = HISTORY_MONTHS, *, pack_months: int = DSO_MONTHS
) -> pd.DataFrame:
    """Compute the KPI pack at each of the last ``months`` month ends, as a tidy frame.

    Parameters
    ----------
    ledger : Ledger
        The validated ledger.
    end : date-like
        Any date of the last month; its month end is the last ``as_of``.
    months : int
        Number of month ends (default 12).
    pack_months : int
        ``months`` argument of :func:`kpi_pack` (period of DSO and CEI).

    Returns
    -------
    DataFrame
        One row per (month end, KPI), oldest first, in pack order; columns
        ``as_of, key, label, value, unit, numerator, denominator, n_debtors``
        (nullable integer), ``significant``, ``available``, ``reason`` (why a KPI
        is not available, missing otherwise). ``value`` is NaN when not available.

    Notes
    -----
    The month ends are ``month_end(end) − k`` months, ``k = months − 1 … 0``. One
    internal context is shared, so the arrays are built once and the as-of states
    (residuals at each month end) are reused across months.

    Examples
    --------
    >>> history = kpi_history(ledger, "2025-04-30")  # doctest: +SKIP
    >>> history.pivot(index="as_of", columns="key", values="value")  # doctest: +SKIP

    """
    months = check_months(months)
    pack_months = check_months(pack_months, "pack_months")
    last = cv.month_end(end)
    ctx = KpiContext(ledger, prefetch=True)
    rows = []
    for k in range(months - 1, -1, -1):
        day = cv.shift_months(last, -k)
        for r in _pack(ctx, day, pack_months).values():
            rows.append(
                {
                    "as_of": day,
                    "key": r.key,
                    "label": r.label,
                    "value": np.nan if r.value is None else r.value,
                    "unit": r.unit,
                    "numerator": np.nan if r.numerator is None else r.numerator,
                    "denominator": np.nan if r.denominator is None else r.denominator,
                    "n_debtors": r.n_debtors,
                    "significant": r.significant,
                    "available": r.available,
                    "reason": r.reason,
                }
            )
    out = pd.DataFrame(rows, columns=HISTORY_COLUMNS)
    return out.astype(
        {
            "as_of": "datetime64[ns]",
            "key": "str",
            "label": "str",
            "value": "float64",
            "unit": "str",
            "numerator": "float64",
            "denominator": "float64",
            "n_debtors": "Int64",
            "significant": "bool",
            "available": "bool",
            "reason": "str",
        }
    )
