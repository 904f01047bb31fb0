"""Simple interest of one invoice, day by day, split by half-year and by event.

The penalties of an invoice are ``Σ residual(d) × rate(d) / 365`` over its days of
lateness. :func:`segments` cuts those days into periods of constant residual within
one half-year; :func:`accrued_interest` sums them exactly (integer cents × rational
rates) and rounds half up to the cent once; :func:`regime_interest` does both for a
debtor's regime, whose rate is the one of each half-year (art. L.441-10 code de
commerce, the legal interest rate) or the one of the half-year in which interest
started to run, for the whole period (art. R.2192-31 code de la commande publique).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import NamedTuple

import pandas as pd

from recouvrement.conventions.law import DAY_COUNT_DAYS, PENALTY_BASIS
from recouvrement.conventions.regimes import Regime
from recouvrement.formatting import fmt_date, fmt_pct
from recouvrement.legal.penalty import PenaltyRate, regime_rate
from recouvrement.legal.rates import half_year_label, half_year_start

_ONE_DAY = pd.Timedelta(days=1)

#: One period of lateness: ``(first day, last day, residual in cents)``, both days included.
Segment = tuple[pd.Timestamp, pd.Timestamp, int]


def segments(
    amount: int,
    ev_dates: list[pd.Timestamp],
    ev_amounts: list[int],
    due: pd.Timestamp,
    end: pd.Timestamp,
) -> list[Segment]:
    """Constant-residual, single-half-year periods ``[first, last]`` of the lateness.

    Parameters
    ----------
    amount : int
        Amount invoiced, cents.
    ev_dates, ev_amounts : list
        Dates and amounts (cents) of the payments, credit notes and write-offs of the
        invoice, in date order.
    due : Timestamp
        The due date.
    end : Timestamp
        The last day of lateness (the as-of date, or the settlement date).

    Returns
    -------
    list of (Timestamp, Timestamp, int)
        The residual of day ``d`` is ``amount − Σ events dated < d`` (cents, ≥ 0); days
        run from ``due + 1`` to ``end`` inclusive; days with no residual are left out.

    """
    first = due + _ONE_DAY
    cuts = {first, end + _ONE_DAY}
    cuts.update(e + _ONE_DAY for e in ev_dates if first < e + _ONE_DAY <= end)
    h = half_year_start(first) + pd.DateOffset(months=6)
    while h <= end:
        cuts.add(h)
        h = h + pd.DateOffset(months=6)
    ordered = sorted(cuts)
    out = []
    for start, stop in zip(ordered, ordered[1:], strict=False):
        residual = amount - sum(a for e, a in zip(ev_dates, ev_amounts, strict=True) if e < start)
        if residual > 0:
            out.append((start, stop - _ONE_DAY, residual))
    return out


def exact_rate(percent: float) -> Fraction:
    """A percentage as an exact fraction (``14.25`` -> 1425/100), via its shortest repr."""
    return Fraction(Decimal(repr(float(percent))))


def _round_half_up(x: Fraction) -> int:
    return math.floor(x + Fraction(1, 2))


def accrued_interest(
    periods: list[Segment],
    rate_of: Callable[[pd.Timestamp], PenaltyRate],
) -> tuple[int, list[PenaltyRate], str]:
    """The interest of ``periods`` (from :func:`segments`), rounded once.

    Parameters
    ----------
    periods : list of (Timestamp, Timestamp, int)
        The periods of :func:`segments`.
    rate_of : callable
        The :class:`~recouvrement.legal.penalty.PenaltyRate` of a day's half-year.

    Returns
    -------
    tuple
        ``(interest in cents rounded half up once, rates used in order, French detail
        per half-year)``, e.g. ``S1 2025 : 13,15 % du 01/01/2025 au 31/01/2025``.

    Raises
    ------
    RateTableError
        When a half-year is before the first row of a rate table.

    """
    total = Fraction(0)
    used: list[PenaltyRate] = []
    spans: dict[pd.Timestamp, list[pd.Timestamp]] = {}
    for first, last, residual in periods:
        pr = rate_of(first)
        days = (last - first).days + 1
        total += Fraction(residual * days) * exact_rate(pr.rate) / (100 * DAY_COUNT_DAYS)
        if not used or used[-1].half_year_start != pr.half_year_start:
            used.append(pr)
        span = spans.setdefault(pr.half_year_start, [first, last])
        span[1] = last
    detail = " ; ".join(
        f"{half_year_label(pr.half_year_start)} : {fmt_pct(pr.rate, 2)} du "
        f"{fmt_date(spans[pr.half_year_start][0])} au {fmt_date(spans[pr.half_year_start][1])}"
        for pr in used
    )
    return _round_half_up(total), used, detail


class Accrued(NamedTuple):
    """The interest of one invoice under its regime (:func:`regime_interest`).

    ``cents`` (rounded half up once), ``rates`` (the :class:`PenaltyRate` used, in
    order; empty when no day bears interest), ``detail`` (French, per half-year),
    ``first`` and ``last`` (first and last day bearing interest, NaT when none).
    """

    cents: int
    rates: list[PenaltyRate]
    detail: str
    first: pd.Timestamp
    last: pd.Timestamp


def regime_interest(
    regime: Regime,
    amount: int,
    ev_dates: list[pd.Timestamp],
    ev_amounts: list[int],
    start: pd.Timestamp,
    stop: pd.Timestamp,
    contractual_rate: float | None = None,
) -> Accrued:
    """The interest of one invoice under ``regime``, from the day after ``start`` to ``stop``.

    Parameters
    ----------
    regime : Regime
        The debtor's regime (its rate basis, margin and rate fixing).
    amount, ev_dates, ev_amounts
        As for :func:`segments` (cents; the invoice's events in date order).
    start : Timestamp
        The day interest starts from: the due date, or the formal notice; the first
        day bearing interest is the next one.
    stop : Timestamp
        The last day bearing interest (inclusive): the as-of date, the settlement date,
        or the day before an insolvency judgment.
    contractual_rate : float, optional
        Checked; applied where the regime allows it (professionals).

    Returns
    -------
    Accrued
        Zero cents and no rate when ``stop ≤ start`` or no day has a residual.

    Raises
    ------
    RateTableError
        When a half-year needed is before the first row of a rate table.

    Notes
    -----
    ``rate_fixing == "half_year"``: each day at the rate of its half-year;
    ``"start"``: every day at the rate of the half-year containing ``start + 1 day``
    (art. R.2192-31 code de la commande publique), the detail says so.

    """
    none = Accrued(0, [], "", pd.NaT, pd.NaT)
    if stop <= start:
        return none
    periods = segments(amount, ev_dates, ev_amounts, start, stop)
    if not periods:
        return none
    if regime.rate_fixing == "start":
        fixed = regime_rate(regime, half_year_start(start + _ONE_DAY), contractual_rate)
        cents, used, detail = accrued_interest(periods, lambda d: fixed)
        detail += (
            f" (taux du semestre où les intérêts ont commencé à courir, retenu pour toute "
            f"la période : {PENALTY_BASIS[regime.kind]})"
        )
    else:
        cents, used, detail = accrued_interest(
            periods, lambda d: regime_rate(regime, half_year_start(d), contractual_rate)
        )
    return Accrued(cents, used, detail, periods[0][0], periods[-1][1])
