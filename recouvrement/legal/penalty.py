"""The late-payment rate of a half-year, per debtor regime (art. L.441-10 code de commerce).

:func:`penalty_rate` gives the professional rate for the half-year containing a day:
the ECB main refinancing rate in force on 1 January / 1 July + 10 points, or a
contractual rate that may not be below 3 × the legal interest rate.
:func:`regime_rate` gives the rate of any regime of
:mod:`recouvrement.conventions.regimes` (a public buyer: ECB + 8 points; an
individual: the legal interest rate), :func:`penalty_rates` the rate of each kind of
debtor for a half-year. The company's contractual rate is read by
:func:`recouvrement.legal.config.contractual_rate_of` (re-exported here).

Every half-year from the first of 2010 has its rates in the shipped tables
(:mod:`recouvrement.legal.rates`); an earlier one raises
:class:`~recouvrement.legal.rates.RateTableError` with a French sentence naming the table,
the period it covers and the file to complete.
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from recouvrement import conventions as cv
from recouvrement.conventions.law import (
    CONTRACTUAL_RATE_KINDS,
    LEGAL_RATE_MULTIPLIER,
    PENALTY_BASIS,
    PROFESSIONAL,
)
from recouvrement.conventions.regimes import Regime, regime_of
from recouvrement.formatting import fmt_pct
from recouvrement.legal.config import (  # noqa: F401  (re-exported: older import path)
    LEGAL_CONFIG_KEYS,
    check_rate,
    contractual_rate_of,
)
from recouvrement.legal.rates import (
    ECB_RATE,
    LEGAL_RATE,
    half_year_fr,
    half_year_label,
    half_year_start,
    rate_in_force,
)

#: The legal interest rate as the rate of an individual's late-payment interest (same
#: column as the floor of a contractual rate: the creditor is a professional, "tous les
#: autres cas" of art. L.313-2 code monétaire et financier), named as such in messages.
LEGAL_INTEREST = dataclasses.replace(
    LEGAL_RATE,
    unavailable_fr=lambda day: (
        f"les intérêts au taux légal du {half_year_fr(day)} ne peuvent pas être calculés"
    ),
)


@dataclass(frozen=True)
class PenaltyRate:
    """The penalty rate of one half-year (percent per year).

    Attributes
    ----------
    half_year_start : Timestamp
        1 January or 1 July.
    rate : float
        The rate applied, percent per year.
    basis : str
        French: ``"taux BCE + 10 points"``, ``"taux contractuel"`` or
        ``"plancher 3 × taux d'intérêt légal"``.
    ecb_rate : float or None
        ECB rate in force on ``half_year_start`` (default rate only).
    floor : float or None
        3 × the legal interest rate (contractual rate only).
    floor_applied : bool
        The contractual rate was below the floor and was raised to it.
    provisional : bool
        A table did not cover the half-year: the last known rate was used.
    note : str
        French note (provisional rate, floor applied), ``""`` when none.
    kind : str
        The kind of debtor whose rate it is (``professionnel``, ``public``,
        ``particulier``).
    legal_basis : str
        Short legal basis (``"art. L.441-10 C. com."``, ``"art. R.2192-31 CCP"``,
        ``"art. 1231-6 C. civ."``).
    legal_rate : float or None
        The legal interest rate of the half-year (an individual's rate only).

    """

    half_year_start: pd.Timestamp
    rate: float
    basis: str
    ecb_rate: float | None
    floor: float | None
    floor_applied: bool
    provisional: bool
    note: str
    kind: str = PROFESSIONAL
    legal_basis: str = PENALTY_BASIS[PROFESSIONAL]
    legal_rate: float | None = None


def contractual_applies(regime: Regime) -> bool:
    """Whether a contractual rate may replace the legal rate of ``regime`` (professionals)."""
    return regime.kind in CONTRACTUAL_RATE_KINDS


def contractual_not_applicable(regime: Regime) -> str:
    """French note: the company's contractual rate does not apply to ``regime``'s debtors."""
    return (
        f"{regime.label} : taux contractuel non applicable, taux de l'{PENALTY_BASIS[regime.kind]}"
    )


@functools.lru_cache(maxsize=512)
def regime_rate(
    regime: Regime, start: pd.Timestamp, contractual_rate: float | None = None
) -> PenaltyRate:
    """The late-payment rate of ``regime`` for the half-year starting ``start`` (cached).

    Parameters
    ----------
    regime : Regime
        The debtor's regime (:func:`recouvrement.conventions.regimes.regime_of`).
    start : Timestamp
        1 January or 1 July (:func:`~recouvrement.legal.rates.half_year_start`): the
        half-year charged, or, for a regime whose rate is fixed when interest starts
        (``rate_fixing == "start"``), the half-year in which interest started to run.
    contractual_rate : float or None
        Already checked (:func:`check_rate`); used only where a contract may set the
        rate (:func:`contractual_applies`), ignored otherwise.

    Returns
    -------
    PenaltyRate
        ``penalty == "ecb"``: ECB rate in force on ``start`` + ``margin_points`` (or the
        contractual rate with its floor, professionals); ``"legal_rate"``: the legal
        interest rate of ``start`` ("tous les autres cas": the creditor is a
        professional) + ``margin_points``.

    Raises
    ------
    RateTableError
        When ``start`` is before the first row of the table needed, in French.
    ValueError
        For a regime without late-payment interest (``penalty == "none"``).

    """
    article = PENALTY_BASIS[regime.kind]
    if regime.penalty == "legal_rate":
        legal, provisional, note = rate_in_force(LEGAL_INTEREST, start)
        rate = float(Decimal(repr(legal)) + regime.margin_points)
        margin = f" + {regime.margin_points} points" if regime.margin_points else ""
        return PenaltyRate(
            start,
            rate,
            f"taux de l'intérêt légal{margin}",
            None,
            None,
            False,
            provisional,
            note,
            regime.kind,
            article,
            legal,
        )
    if regime.penalty != "ecb":
        raise ValueError(f"{regime.label} : pas d'intérêts de retard ({regime.penalty_source})")
    if contractual_rate is None or not contractual_applies(regime):
        ecb, provisional, note = rate_in_force(ECB_RATE, start)
        rate = float(Decimal(repr(ecb)) + regime.margin_points)
        basis = f"taux BCE + {regime.margin_points} points"
        if regime.rate_fixing == "start":
            basis += " (taux du semestre où les intérêts ont commencé à courir)"
        return PenaltyRate(
            start, rate, basis, ecb, None, False, provisional, note, regime.kind, article
        )
    legal, provisional, note = rate_in_force(LEGAL_RATE, start)
    floor = float(Decimal(repr(legal)) * LEGAL_RATE_MULTIPLIER)
    if contractual_rate >= floor:
        return PenaltyRate(
            start,
            contractual_rate,
            "taux contractuel",
            None,
            floor,
            False,
            provisional,
            note,
            regime.kind,
            article,
        )
    raised = (
        f"taux contractuel {fmt_pct(contractual_rate, 2)} inférieur au plancher légal "
        f"({LEGAL_RATE_MULTIPLIER} × {fmt_pct(legal, 2)} = {fmt_pct(floor, 2)}, "
        f"{half_year_label(start)}) : plancher appliqué"
    )
    return PenaltyRate(
        start,
        floor,
        f"plancher {LEGAL_RATE_MULTIPLIER} × taux d'intérêt légal",
        None,
        floor,
        True,
        provisional,
        " ; ".join(n for n in (raised, note) if n),
        regime.kind,
        article,
    )


def rate_of_half_year(start: pd.Timestamp, contractual_rate: float | None) -> PenaltyRate:
    """The professional :class:`PenaltyRate` of the half-year starting ``start`` (cached).

    :func:`regime_rate` of the professional regime in force on ``start``.

    Parameters
    ----------
    start : Timestamp
        1 January or 1 July (:func:`~recouvrement.legal.rates.half_year_start`).
    contractual_rate : float or None
        Already checked (:func:`check_rate`); ``None``: the legal default rate.

    Raises
    ------
    RateTableError
        When ``start`` is before the first row of the table needed (the ECB table for
        the default rate, the legal-rate table for a contractual one), in French.

    """
    return regime_rate(regime_of(PROFESSIONAL, start), start, contractual_rate)


def penalty_rate(day: object, *, contractual_rate: float | None = None) -> PenaltyRate:
    """The late-payment penalty rate for the half-year containing ``day``.

    Parameters
    ----------
    day : date-like
        Any day of the half-year.
    contractual_rate : float, optional
        The rate agreed in the general terms of sale, percent per year (``12.0`` for
        12 %). ``None`` (default): the legal default rate.

    Returns
    -------
    PenaltyRate
        ``rate`` (percent per year) with its basis, the ECB rate or the floor used,
        ``floor_applied``, ``provisional`` and a French ``note``.

    Raises
    ------
    ValueError
        Invalid ``day`` or ``contractual_rate``; :class:`RateTableError` when the
        half-year starts before the first row of the table needed.

    Notes
    -----
    Art. L.441-10 code de commerce, with ``H`` = 1 January or 1 July of the half-year:

    - default: ``rate = ECB main refinancing rate in force on H + 10`` points;
    - contractual: ``rate = max(contractual_rate, 3 × legal interest rate of H)``,
      the legal rate being the one for professional creditors (the creditor is a
      company); ``floor_applied`` says when the floor replaced the contract.

    A half-year beyond the table gets the last known rate, ``provisional=True`` and
    a note naming the file to update.

    Conventions for the older half-years (the tables start with the first half-year
    of 2010):

    - the rule "rate in force on 1 January / 1 July" comes from art. L.441-6 as
      amended by loi n° 2012-387 of 22 March 2012, in force from 1 January 2013; before,
      the text referred to the ECB's most recent refinancing operation, so a change
      within a half-year (13/04/2011, 13/07/2011, 09/11/2011, 14/12/2011,
      11/07/2012) counted from its date of effect. The half-year rule is applied to
      every half-year here: 2012-S2 is 11.00 % (ECB 1.00 % on 1 July 2012; 0.75 %
      only from 11 July 2012);
    - the legal interest rate was one annual rate for all creditors until 2014 (art.
      L.313-2 code monétaire et financier before ordonnance n° 2014-947): the floor
      of 2012 is 3 × 0.71 = 2.13 %.

    Examples
    --------
    >>> penalty_rate("2025-03-31").rate
    13.15
    >>> penalty_rate("2025-03-31", contractual_rate=5.0).rate  # 3 × 3.71
    11.13
    >>> penalty_rate("2012-03-31").rate  # ECB 1.00 % on 1 January 2012
    11.0

    """
    start = half_year_start(cv.as_date(day, "day"))
    rate = None if contractual_rate is None else check_rate(contractual_rate, "contractual_rate")
    return rate_of_half_year(start, rate)


def penalty_rates(day: object, *, contractual_rate: float | None = None) -> dict[str, PenaltyRate]:
    """The late-payment rate of each kind of debtor for the half-year containing ``day``.

    Parameters
    ----------
    day : date-like
        Any day of the half-year.
    contractual_rate : float, optional
        The rate of the general terms of sale, percent per year; it applies to the
        professionals only (the others' :class:`PenaltyRate` says so in its ``note``).

    Returns
    -------
    dict
        Kind (``professionnel``, ``public``, ``particulier``) -> :class:`PenaltyRate`,
        in the order of :data:`~recouvrement.conventions.DEBTOR_KINDS`; a kind
        whose regime has no late-payment interest is left out.

    Notes
    -----
    - ``professionnel``: :func:`penalty_rate` (art. L.441-10 II code de commerce);
    - ``public``: ECB rate in force on the half-year's first day + 8 points, the rate
      of any interest that *starts* to run in that half-year, kept for its whole
      period (art. R.2192-31 code de la commande publique);
    - ``particulier``: the legal interest rate of the half-year (art. 1231-6 code
      civil, "tous les autres cas" of art. L.313-2 code monétaire et financier),
      due from the formal notice only, ``basis`` ``"taux de l'intérêt légal"``.

    Examples
    --------
    >>> {k: r.rate for k, r in penalty_rates("2025-03-31").items()}
    {'professionnel': 13.15, 'particulier': 3.71, 'public': 11.15}

    """
    when = cv.as_date(day, "day")
    start = half_year_start(when)
    rate = None if contractual_rate is None else check_rate(contractual_rate, "contractual_rate")
    out: dict[str, PenaltyRate] = {}
    for kind in cv.DEBTOR_KINDS:
        regime = regime_of(kind, when)
        if regime is None or regime.penalty == "none":
            continue
        pr = regime_rate(regime, start, rate)
        if rate is not None and not contractual_applies(regime):
            note = " ; ".join(n for n in (contractual_not_applicable(regime), pr.note) if n)
            pr = dataclasses.replace(pr, note=note)
        out[kind] = pr
    return out
