"""Dates of the audit: as-of dates, month ends, month arithmetic and the audited month.

A report audits one calendar month ``YYYY-MM``; its as-of date is the last day of
that month (:func:`month_end`). Every date argument of the package goes through
:func:`as_date`, every month parameter through :func:`parse_month`: one rule each.
"""

from __future__ import annotations

import re
from functools import lru_cache

import holidays
import pandas as pd

#: An audited month: ``YYYY-MM``, month 01 to 12.
MONTH_RE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def parse_month(month: object) -> str:
    """Return ``month`` as ``YYYY-MM`` (surrounding spaces dropped).

    Raises
    ------
    ValueError
        In French, naming the value, when it is not a month ``YYYY-MM``.

    Examples
    --------
    >>> parse_month(" 2026-10 ")
    '2026-10'

    """
    if not isinstance(month, str) or not MONTH_RE.fullmatch(month.strip()):
        raise ValueError(
            f"mois invalide : {month!r}. Attendu AAAA-MM, par exemple 2026-10 / "
            "invalid month: expected YYYY-MM"
        )
    return month.strip()


def as_date(value: object, name: str = "as_of") -> pd.Timestamp:
    """Normalise a date argument (``str``, ``date``, ``Timestamp``) to a midnight Timestamp.

    Raises ``ValueError`` naming the argument when the value is not a date.
    """
    try:
        ts = pd.Timestamp(value)
    except (ValueError, TypeError) as exc:
        raise ValueError(f"{name}={value!r} is not a date (expected e.g. '2025-03-31')") from exc
    if ts is pd.NaT or pd.isna(ts):
        raise ValueError(f"{name} is missing (got {value!r})")
    if ts.tzinfo is not None:
        ts = ts.tz_localize(None)
    return ts.normalize()


def month_end(value: object) -> pd.Timestamp:
    """Last day of the month of ``value`` (accepts ``'2025-03'``)."""
    ts = as_date(value, "month")
    return (ts + pd.offsets.MonthEnd(0)).normalize()


def shift_months(as_of: pd.Timestamp, months: int) -> pd.Timestamp:
    """``as_of`` moved by ``months`` calendar months (negative = back).

    A month-end date stays a month end (31 March − 1 month = 28/29 February),
    any other date keeps its day where the target month has it.
    """
    if as_of == as_of + pd.offsets.MonthEnd(0):
        return (as_of + pd.offsets.MonthEnd(months)).normalize()
    return (as_of + pd.DateOffset(months=months)).normalize()


#: The dates that say a company's data reaches a month: (table, column).
ACTIVITY_DATES = (("invoices", "issue_date"), ("payments", "date"))


def last_activity_date(tables: object) -> pd.Timestamp | None:
    """The latest invoice issue date or payment date of ``tables`` (``None`` when there is none).

    ``tables`` maps table names to frames (or is an object with ``invoices`` and
    ``payments`` attributes, such as a ledger); the columns of :data:`ACTIVITY_DATES`
    hold dates (NaT ignored). This is the one rule of "the latest month of the data":
    the default month of a batch, of the terminal summary and of the explorer.
    """
    latest = []
    for table, column in ACTIVITY_DATES:
        frame = tables.get(table) if isinstance(tables, dict) else getattr(tables, table, None)
        if frame is not None and column in frame.columns and len(frame):
            latest.append(frame[column].max())
    latest = [d for d in latest if not pd.isna(d)]
    return pd.Timestamp(max(latest)) if latest else None


def month_of(value: object) -> str:
    """The month ``YYYY-MM`` of a date."""
    return f"{as_date(value, 'date'):%Y-%m}"


@lru_cache(maxsize=64)
def _french_holidays(year: int) -> frozenset:
    """French public holidays (metropolitan France) of ``year``, from ``holidays``."""
    return frozenset(holidays.France(years=year))


def is_business_day(value: object) -> bool:
    """Monday to Friday and not a French public holiday (``holidays.France``)."""
    day = as_date(value, "day")
    return day.day_of_week < 5 and day.date() not in _french_holidays(day.year)


def next_business_day(value: object) -> pd.Timestamp:
    """``value`` itself when a business day, else the next one.

    A letter is never dated on a Saturday or on 1 November, and a deadline never falls
    on a Sunday or a public holiday.
    """
    day = as_date(value, "day")
    while not is_business_day(day):
        day += pd.Timedelta(days=1)
    return day
