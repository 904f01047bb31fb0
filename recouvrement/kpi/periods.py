"""Named periods of the KPIs, their French description and the argument checks.

A KPI over ``months`` months covers ``(as_of − months, as_of]``, the start being
shifted with :func:`recouvrement.conventions.shift_months` (a month end stays a
month end); its length in days is the actual number of calendar days.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from recouvrement import conventions as cv
from recouvrement.formatting import fmt_date
from recouvrement.kpi.arrays import d64

__all__ = [
    "ANNUAL_MONTHS",
    "DEFAULT_HORIZON_MONTHS",
    "DSO_MONTHS",
    "HISTORY_MONTHS",
    "MONTHLY_MONTHS",
    "ROLLING_MONTHS",
    "check_method",
    "check_months",
    "history_note",
    "period",
]

#: Collection horizon of the recovery rate (DOMAIN.md: one month).
DEFAULT_HORIZON_MONTHS = 1

#: Period of the monthly KPIs (recovery, activation, cost per euro collected).
MONTHLY_MONTHS = 1

#: Rolling windows of the recovery rate shown in the report (monthly cohorts).
ROLLING_MONTHS = (3, 6)

#: Default period of DSO, best possible DSO, ADD and CEI (DOMAIN.md: 3 months).
DSO_MONTHS = 3

#: Default period of the bad-debt rate, dispute rate and payment behaviour.
ANNUAL_MONTHS = 12

#: Number of month ends of :func:`recouvrement.kpi.kpi_history`.
HISTORY_MONTHS = 12


def check_months(months: object, name: str = "months") -> int:
    """Validate a number of months.

    Parameters
    ----------
    months : object
        The argument to check.
    name : str
        Its name in the error message.

    Returns
    -------
    int
        ``months`` as a Python int.

    Raises
    ------
    ValueError
        When ``months`` is not a whole number ≥ 1 (a bool is refused).

    """
    if isinstance(months, bool) or not isinstance(months, (int, np.integer)) or months < 1:
        raise ValueError(f"{name} must be a whole number of months ≥ 1, got {months!r}")
    return int(months)


def check_method(method: object, allowed: tuple[str, ...]) -> str:
    """Validate a ``method`` argument against the ``allowed`` names.

    Returns
    -------
    str
        The method.

    Raises
    ------
    ValueError
        When ``method`` is not one of ``allowed`` (the message names it).

    """
    if method not in allowed:
        raise ValueError(f"unknown method {method!r}; choose one of {', '.join(allowed)}")
    return str(method)


def period(day: pd.Timestamp, months: int) -> tuple[pd.Timestamp, int, str]:
    """Start, length and French description of the period ``(day − months, day]``.

    Parameters
    ----------
    day : Timestamp
        End of the period (the as-of date).
    months : int
        Length in calendar months.

    Returns
    -------
    start : Timestamp
        ``day − months`` months (excluded from the period).
    days : int
        Calendar days of the period.
    text : str
        ``"période de N mois du <start + 1> au <day> (<days> jours)"``.

    """
    start = cv.shift_months(day, -months)
    days = int((day - start).days)
    text = (
        f"période de {months} mois du {fmt_date(start + pd.Timedelta(days=1))} au "
        f"{fmt_date(day)} ({days} jours)"
    )
    return start, days, text


def history_note(issue: np.ndarray, start: pd.Timestamp) -> str:
    """French warning when the ledger's history begins after the period ``start``.

    Parameters
    ----------
    issue : ndarray of datetime64[ns]
        Issue date of every invoice of the ledger.
    start : Timestamp
        Start of the period (excluded).

    Returns
    -------
    str
        ``" ; attention : historique incomplet, la première facture date du ..."``
        when the first invoice is issued after ``start``, else ``""``.

    """
    first = issue.min() if len(issue) else None
    if first is not None and first > d64(start):
        return (
            f" ; attention : historique incomplet, la première facture date du "
            f"{fmt_date(pd.Timestamp(first))}"
        )
    return ""
