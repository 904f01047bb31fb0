"""The dated rate tables of the penalties: ECB main refinancing rate and legal interest rate.

The rates are **data** (``recouvrement/data/rates/*.csv``, with a source per row, see
the README there), read and checked once through
:func:`recouvrement.conventions.data.read_csv`. :func:`rate_in_force` is the one rule
that gives the rate of a table in force on a half-year's first day: a day beyond the
table gets the last known rate, marked provisional with a French note naming the file
to update; a day before the table's first row raises :class:`RateTableError`, whose
French message names the table, the period it covers, the day asked and the file to
complete. :func:`table_period` gives that period.

The shipped tables start with the ECB rate in force on 1 January 2010 (set on
13 May 2009) and with the legal interest rate of the first half-year of 2010. Before
2015 the legal interest rate was one annual rate for every creditor (art. L.313-2 of
the code monétaire et financier before ordonnance n° 2014-947 of 20 August 2014): the
table repeats it for both half-years of the year and in both columns.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pandas as pd

from recouvrement import conventions as cv
from recouvrement.conventions.data import label as data_label
from recouvrement.conventions.data import read_csv
from recouvrement.formatting import fmt_date, fmt_pct

#: Package folder of the rate tables and their file names.
RATES_FOLDER = ("data", "rates")
ECB_FILE = "ecb_main_refinancing_rate.csv"
LEGAL_FILE = "legal_interest_rate.csv"
README_FILE = "README.md"


class RateTables(NamedTuple):
    """The bundled rate tables (percent per year).

    ``ecb``: columns ``effective_date, rate, source``; ``legal``: columns
    ``half_year_start, professional, private, source``. Both sorted by date.
    """

    ecb: pd.DataFrame
    legal: pd.DataFrame


class RateTableError(ValueError):
    """A day before the first row of a rate table: no rate can be given.

    The message is one French sentence for the user: the rate asked, the table and the
    period it covers, what cannot be computed, and the package file to complete.
    """


# ---------------------------------------------------------------------------
# Half-years
# ---------------------------------------------------------------------------
def half_year_start(day: pd.Timestamp) -> pd.Timestamp:
    """1 January or 1 July of the half-year containing ``day``."""
    return pd.Timestamp(day.year, 1 if day.month <= 6 else 7, 1)


def half_year_label(start: pd.Timestamp) -> str:
    """Short label of the half-year starting ``start``: ``S1 2025``, ``S2 2025``."""
    return f"S{1 if start.month == 1 else 2} {start.year}"


def half_year_fr(start: pd.Timestamp) -> str:
    """French name of the half-year starting ``start``: ``1er semestre 2025``."""
    return f"{'1er' if start.month == 1 else '2nd'} semestre {start.year}"


# ---------------------------------------------------------------------------
# Reading the tables
# ---------------------------------------------------------------------------
def _read_rate_file(
    name: str, date_col: str, rate_cols: tuple[str, ...], *, half_years: bool
) -> pd.DataFrame:
    """Read and check one rate CSV of the package; raise naming the file and line."""
    raw = read_csv(*RATES_FOLDER, name)
    label = data_label(*RATES_FOLDER, name)
    expected = [date_col, *rate_cols, "source"]
    if list(raw.columns) != expected:
        raise ValueError(
            f"{label}: columns must be {', '.join(expected)}, found {', '.join(raw.columns)}"
        )
    if raw.empty:
        raise ValueError(f"{label}: the table has no rows")
    problems = []
    dates = pd.to_datetime(raw[date_col].str.strip(), format="%Y-%m-%d", errors="coerce")
    rates = {c: pd.to_numeric(raw[c].str.strip(), errors="coerce") for c in rate_cols}
    for pos in range(len(raw)):
        line = pos + 2  # header is line 1
        if pd.isna(dates.iloc[pos]):
            problems.append(f"line {line}: unreadable {date_col} {raw[date_col].iloc[pos]!r}")
        elif half_years and (dates.iloc[pos].day != 1 or dates.iloc[pos].month not in (1, 7)):
            problems.append(f"line {line}: {date_col} must be a 1 January or 1 July")
        for c in rate_cols:
            value = rates[c].iloc[pos]
            if pd.isna(value) or value < 0:
                problems.append(
                    f"line {line}: {c} must be a percentage ≥ 0, got {raw[c].iloc[pos]!r}"
                )
        if not raw["source"].iloc[pos].strip():
            problems.append(f"line {line}: the source is empty (every rate must cite its source)")
    if not problems:
        steps = dates.diff().iloc[1:]
        for pos in np.flatnonzero(~(steps > pd.Timedelta(0)).to_numpy()):
            problems.append(f"line {pos + 3}: dates must be strictly increasing")
        if half_years:
            expected_next = [d + pd.DateOffset(months=6) for d in dates.iloc[:-1]]
            for pos, (got, want) in enumerate(zip(dates.iloc[1:], expected_next, strict=True)):
                if got != want:
                    problems.append(
                        f"line {pos + 3}: half-year {got:%Y-%m-%d} does not follow "
                        f"{dates.iloc[pos]:%Y-%m-%d} (a half-year is missing)"
                    )
    if problems:
        raise ValueError(f"{label}: " + "; ".join(problems))
    out = pd.DataFrame({date_col: dates.astype(cv.DATE_DTYPE)})
    for c in rate_cols:
        out[c] = rates[c].astype("float64")
    out["source"] = raw["source"].str.strip()
    return out


@functools.lru_cache(maxsize=1)
def _bundled() -> RateTables:
    """The bundled tables, read once (internal: never mutated, never handed out)."""
    return RateTables(
        ecb=_read_rate_file(ECB_FILE, "effective_date", ("rate",), half_years=False),
        legal=_read_rate_file(
            LEGAL_FILE, "half_year_start", ("professional", "private"), half_years=True
        ),
    )


def load_rates() -> RateTables:
    """The rate tables shipped in ``recouvrement/data/rates`` (copies).

    Returns
    -------
    RateTables
        ``ecb``: ``effective_date`` (date of effect), ``rate`` (ECB main refinancing
        rate, percent per year), ``source``; ``legal``: ``half_year_start`` (1 January
        or 1 July), ``professional`` and ``private`` (legal interest rate, percent per
        year, for professional creditors and for private persons), ``source``.

    Raises
    ------
    ValueError
        When a file is malformed (unreadable date or rate, empty source, dates not
        increasing, missing half-year), naming the file and the line.

    Notes
    -----
    The tables are data: updating a rate means editing the CSV (see the README of
    ``recouvrement/data/rates``), never the code. The ECB table is deemed checked up
    to its last ``effective_date``; the legal-rate table up to its last half-year.

    Examples
    --------
    >>> load_rates().ecb.tail(1)  # doctest: +SKIP

    """
    tables = _bundled()
    return RateTables(ecb=tables.ecb.copy(), legal=tables.legal.copy())


# ---------------------------------------------------------------------------
# The rate in force
# ---------------------------------------------------------------------------
def _since_last_change(dates: pd.Series, rates: pd.Series, pos: int) -> str:
    """`` depuis le <date>``: first row of the last run of equal rates."""
    values = rates.to_numpy()
    since = len(values) - 1
    while since > 0 and values[since - 1] == values[-1]:
        since -= 1
    return f" depuis le {fmt_date(dates.iloc[since])}"


def _half_year_of_row(dates: pd.Series, rates: pd.Series, pos: int) -> str:
    """``, <half-year>``: the half-year of the row used."""
    return f", {half_year_fr(dates.iloc[pos])}"


def _last_effective_date(last: pd.Timestamp) -> pd.Timestamp:
    """Last day covered by a table of dates of effect: its last date of effect."""
    return last


def _end_of_half_year(last: pd.Timestamp) -> pd.Timestamp:
    """Last day covered by a table of half-years: the last day of its last half-year."""
    return last + pd.DateOffset(months=6) - pd.Timedelta(days=1)


@dataclass(frozen=True)
class RateSeries:
    """One rate column of the tables, and how its messages name it.

    Attributes
    ----------
    table : {"ecb", "legal"}
        The field of :class:`RateTables`.
    file : str
        The CSV file of the table (named in the messages).
    date_col, rate_col : str
        The date column (date of effect) and the rate column read.
    table_fr : str
        French name of the table (``"table des taux BCE"``).
    rows_fr : str
        French words for what to add before the first row (``"les taux antérieurs"``).
    subject_fr : callable
        French subject of the messages, from the half-year's first day asked.
    unavailable_fr : callable
        French words for what cannot be computed without the rate, from that day.
    last_known_fr : callable
        French words after the last known rate, from ``(dates, rates, pos)``.
    last_day : callable
        The last day the table covers, from its last row's date.

    """

    table: str
    file: str
    date_col: str
    rate_col: str
    table_fr: str
    rows_fr: str
    subject_fr: Callable[[pd.Timestamp], str]
    unavailable_fr: Callable[[pd.Timestamp], str]
    last_known_fr: Callable[[pd.Series, pd.Series, int], str]
    last_day: Callable[[pd.Timestamp], pd.Timestamp]


#: The ECB main refinancing rate (default penalty rate).
ECB_RATE = RateSeries(
    table="ecb",
    file=ECB_FILE,
    date_col="effective_date",
    rate_col="rate",
    table_fr="table des taux BCE",
    rows_fr="les taux antérieurs",
    subject_fr=lambda day: f"taux BCE au {fmt_date(day)}",
    unavailable_fr=lambda day: (
        f"les pénalités de retard du {half_year_fr(day)} ne peuvent pas être calculées"
    ),
    last_known_fr=_since_last_change,
    last_day=_last_effective_date,
)

#: The legal interest rate for professional creditors (floor of a contractual rate).
LEGAL_RATE = RateSeries(
    table="legal",
    file=LEGAL_FILE,
    date_col="half_year_start",
    rate_col="professional",
    table_fr="table des taux de l'intérêt légal",
    rows_fr="les semestres antérieurs",
    subject_fr=lambda day: f"taux de l'intérêt légal du {half_year_fr(day)}",
    unavailable_fr=lambda day: (
        f"le plancher du taux contractuel du {half_year_fr(day)} ne peut pas être calculé"
    ),
    last_known_fr=_half_year_of_row,
    last_day=_end_of_half_year,
)


def table_period(series: RateSeries) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The first and last days covered by the table of ``series``.

    Parameters
    ----------
    series : RateSeries
        :data:`ECB_RATE` or :data:`LEGAL_RATE`.

    Returns
    -------
    tuple of Timestamp
        ``(first, last)``: the first row's date, and the last row's date of effect
        (ECB table) or the last day of the last half-year (legal-rate table).

    Notes
    -----
    A half-year starting before ``first`` has no rate (:class:`RateTableError`); one
    starting after ``last`` gets the last known rate, marked provisional.

    Examples
    --------
    >>> table_period(LEGAL_RATE)[0]
    Timestamp('2010-01-01 00:00:00')

    """
    dates = getattr(_bundled(), series.table)[series.date_col]
    return dates.iloc[0], series.last_day(dates.iloc[-1])


def before_table_message(series: RateSeries, start: pd.Timestamp) -> str:
    """The French sentence of a half-year starting before the table of ``series``.

    Names the rate asked (``start``), the table and the period it covers, what cannot
    be computed, and the package file to complete, e.g. ``taux BCE au 01/01/2009
    absent de la table des taux BCE, qui couvre du 13/05/2009 au 01/07/2025 : les
    pénalités de retard du 1er semestre 2009 ne peuvent pas être calculées ; ajouter
    les taux antérieurs, avec leur source, au fichier
    recouvrement/data/rates/ecb_main_refinancing_rate.csv (mode d'emploi :
    recouvrement/data/rates/README.md)``.
    """
    first, last = table_period(series)
    return (
        f"{series.subject_fr(start)} absent de la {series.table_fr}, qui couvre du "
        f"{fmt_date(first)} au {fmt_date(last)} : {series.unavailable_fr(start)} ; ajouter "
        f"{series.rows_fr}, avec leur source, au fichier "
        f"{data_label(*RATES_FOLDER, series.file)} (mode d'emploi : "
        f"{data_label(*RATES_FOLDER, README_FILE)})"
    )


class RateInForce(NamedTuple):
    """A rate read from a table: ``rate`` (percent per year), ``provisional``, ``note``."""

    rate: float
    provisional: bool
    note: str


def rate_in_force(series: RateSeries, start: pd.Timestamp) -> RateInForce:
    """The rate of ``series`` in force on ``start``, the first day of a half-year.

    Parameters
    ----------
    series : RateSeries
        :data:`ECB_RATE` or :data:`LEGAL_RATE`.
    start : Timestamp
        1 January or 1 July (:func:`half_year_start`).

    Returns
    -------
    RateInForce
        The rate of the last row dated ≤ ``start``. When ``start`` is after the
        table's last row, that last known rate, ``provisional=True`` and a French note
        pointing to the technical appendix, which names the file to update; otherwise
        ``provisional=False`` and ``note=""``.

    Raises
    ------
    RateTableError
        When ``start`` is before the table's first row, with the French sentence of
        :func:`before_table_message`.

    Notes
    -----
    A table covers the days up to its last row's date: the ECB table up to its last
    date of effect, the legal-rate table (contiguous half-years, checked when read)
    up to its last half-year.

    """
    table = getattr(_bundled(), series.table)
    dates, rates = table[series.date_col], table[series.rate_col]
    if start < dates.iloc[0]:
        raise RateTableError(before_table_message(series, start))
    pos = int(dates.searchsorted(start, side="right")) - 1
    rate = float(rates.iloc[pos])
    if start <= dates.iloc[-1]:
        return RateInForce(rate, False, "")
    note = (
        f"{series.subject_fr(start)} absent de la table : dernier taux connu "
        f"({fmt_pct(rate, 2)}{series.last_known_fr(dates, rates, pos)}) appliqué à titre "
        "provisoire ; table des taux du logiciel à mettre à jour (voir l'annexe technique)"
    )
    return RateInForce(rate, True, note)
