"""Day numbers (days since 1970-01-01, ``int``) and their conversion to canonical columns.

The generators compute with integer day numbers and integer cents, which are fast
and exact, and convert to the canonical dtypes (``datetime64[ns]`` dates, ``float64``
euros, ``str`` ids) only when they build the frames.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from recouvrement import conventions as cv

#: Last day of the committed samples' history (every event is dated on or before it).
DEFAULT_END = "2026-10-31"

#: Length of the committed samples' history, in calendar months.
DEFAULT_MONTHS = 24

#: A missing day number (viewed as ``datetime64``, it is NaT).
NAT_DAY = np.iinfo(np.int64).min

#: A day number after any date (an event that never happens).
NEVER = 10**9

_EPOCH_WEEKDAY = 3  # 1970-01-01 was a Thursday (Monday = 0)


def day_number(value: object) -> int:
    """Return the day number of the last day of a history.

    Parameters
    ----------
    value : date-like
        Anything :func:`recouvrement.conventions.as_date` accepts; an error names
        it ``end``.

    Returns
    -------
    int
        Days since 1970-01-01.

    """
    ts = cv.as_date(value, "end")
    return int(np.datetime64(ts.date(), "D").astype(np.int64))


def history_start(end: int, months: int) -> int:
    """Return the first day of a history of ``months`` calendar months ending with ``end``.

    Parameters
    ----------
    end : int
        Day number of the last day of the history.
    months : int
        Length of the history; the first month is ``months - 1`` months before the
        month of ``end``.

    Returns
    -------
    int
        Day number of the first day of the first month.

    """
    end_month = np.datetime64(end, "D").astype("datetime64[M]")
    return int((end_month - (int(months) - 1)).astype("datetime64[D]").astype("int64"))


def next_weekday(day: int) -> int:
    """Return ``day`` if it is a weekday, else the Monday after it."""
    weekday = (day + _EPOCH_WEEKDAY) % 7
    return day + (7 - weekday if weekday >= 5 else 0)


def next_weekdays(days: np.ndarray) -> np.ndarray:
    """Vectorised :func:`next_weekday`: weekend days move to the next Monday."""
    weekday = (days + _EPOCH_WEEKDAY) % 7
    return days + np.where(weekday >= 5, 7 - weekday, 0)


def working_days(first: int, last: int) -> np.ndarray:
    """Return the day numbers from ``first`` to ``last`` (included) that are weekdays."""
    days = np.arange(first, last + 1)
    return days[(days + _EPOCH_WEEKDAY) % 7 < 5]


def month_end_days(days: np.ndarray) -> np.ndarray:
    """Return the day number of the last day of the month of each day of ``days``."""
    months = np.asarray(days, dtype="int64").astype("datetime64[D]").astype("datetime64[M]")
    return ((months + 1).astype("datetime64[D]") - 1).astype("int64")


def month_start_days(days: np.ndarray) -> np.ndarray:
    """Return the day number of the first day of the month of each day of ``days``."""
    months = np.asarray(days, dtype="int64").astype("datetime64[D]").astype("datetime64[M]")
    return months.astype("datetime64[D]").astype("int64")


def month_end_day(day: int) -> int:
    """Return the day number of the last day of the month of ``day``."""
    return int(month_end_days(np.array([day]))[0])


def month_start_day(day: int) -> int:
    """Return the day number of the first day of the month of ``day``."""
    return int(month_start_days(np.array([day]))[0])


def history_months(start: int, months: int) -> np.ndarray:
    """Day numbers of the first day of ``months`` consecutive months from the month of ``start``."""
    first = np.datetime64(int(start), "D").astype("datetime64[M]")
    return (first + np.arange(months)).astype("datetime64[D]").astype("int64")


def month_labels(start: int, months: int) -> np.ndarray:
    """Return the ``YYYY-MM`` labels of ``months`` consecutive months from the month of ``start``.

    The labels of :func:`history_months`, as a ``str`` array.
    """
    firsts = history_months(start, months).astype("datetime64[D]")
    return firsts.astype("datetime64[M]").astype("str")


def to_datetimes(days: Sequence[int | None] | np.ndarray) -> np.ndarray:
    """Day numbers (``None`` or :data:`NAT_DAY` = missing) -> ``datetime64[ns]`` array."""
    arr = (
        np.array([NAT_DAY if d is None else d for d in days], dtype="int64")
        if not isinstance(days, np.ndarray)
        else days.astype("int64")
    )
    return arr.view("datetime64[D]").astype(cv.DATE_DTYPE)


def years_of(days: np.ndarray) -> np.ndarray:
    """Return the calendar year of each day number of ``days``."""
    return days.astype("datetime64[D]").astype("datetime64[Y]").astype("int64") + 1970


def number_ids(fmt: str, days: np.ndarray) -> list[str]:
    """Ids numbered in chronological order within each calendar year (``days`` sorted).

    Parameters
    ----------
    fmt : str
        ``str.format`` pattern with the fields ``n`` (number within the year),
        ``year`` and ``yy`` (two-digit year).
    days : numpy.ndarray
        Day numbers of the numbered events, in chronological order.

    Returns
    -------
    list of str
        One id per day of ``days``.

    """
    years = years_of(days)
    ids, counter = [], {}
    for year in years.tolist():
        counter[year] = counter.get(year, 0) + 1
        ids.append(fmt.format(n=counter[year], year=year, yy=year % 100))
    return ids


def to_euros(cents: Sequence[int] | np.ndarray) -> np.ndarray:
    """Integer cents -> ``float64`` euros."""
    return np.asarray(cents, dtype="int64") / 100.0


def str_column(values: Sequence[str | None]) -> pd.Series:
    """Return ``values`` as a canonical id or text column (``str`` dtype, ``None`` -> NaN)."""
    return pd.Series(list(values), dtype="str")
