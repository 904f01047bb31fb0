"""The late-payment penalty rate of a half-year (art. L.441-10 code de commerce).

:func:`penalty_rate` gives the rate for the half-year containing a day: the ECB main
refinancing rate in force on 1 January / 1 July + 10 points, or a contractual rate that
may not be below 3 × the legal interest rate. :func:`contractual_rate_of` reads and
checks the contractual rate of a company's configuration.

Every half-year from the first of 2010 has its rates in the shipped tables
(:mod:`recouvrement.legal.rates`); an earlier one raises
:class:`~recouvrement.legal.rates.RateTableError` with a French sentence naming the table,
the period it covers and the file to complete.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from recouvrement import conventions as cv
from recouvrement.conventions.law import ECB_MARGIN_POINTS, LEGAL_RATE_MULTIPLIER
from recouvrement.formatting import fmt_pct
from recouvrement.ledger import Ledger
from recouvrement.legal.rates import (
    ECB_RATE,
    LEGAL_RATE,
    half_year_label,
    half_year_start,
    rate_in_force,
)

#: Keys accepted in the ``legal:`` mapping of a company's recouvrement.yml.
LEGAL_CONFIG_KEYS = ("contractual_rate",)

#: How the messages name the company's configuration file.
CONFIG_FILE = "recouvrement.yml"

#: The example of every message on a rate.
RATE_EXAMPLE = "par exemple 12.0 pour 12 %"


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

    """

    half_year_start: pd.Timestamp
    rate: float
    basis: str
    ecb_rate: float | None
    floor: float | None
    floor_applied: bool
    provisional: bool
    note: str


def check_rate(value: Any, name: str) -> float:
    """A rate given in percent per year, validated, as a float.

    Parameters
    ----------
    value : number
        The rate, percent per year (``12.0`` for 12 %).
    name : str
        How the messages name it (e.g. ``"contractual_rate"``).

    Raises
    ------
    ValueError
        In French, naming ``name`` and the value: ``value`` is not a number, not in
        ]0, 100], or below 1 (taken for a fraction).

    """
    shown = f"« {value} »"
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise ValueError(
            f"{name} = {shown} : un taux en pour cent par an est attendu, écrit comme un "
            f"nombre ({RATE_EXAMPLE})"
        )
    x = float(value)
    if not math.isfinite(x) or x <= 0 or x > 100:
        raise ValueError(
            f"{name} = {shown} : un taux en pour cent par an, supérieur à 0 et au plus égal "
            f"à 100, est attendu ({RATE_EXAMPLE})"
        )
    if x < 1:
        raise ValueError(
            f"{name} = {shown} : ce taux ressemble à une fraction ; le donner en pour cent "
            f"par an ({RATE_EXAMPLE}, et non 0.12)"
        )
    return x


def contractual_rate_of(ledger: Ledger) -> float | None:
    """The contractual penalty rate of the company's configuration, validated.

    Reads ``ledger.meta["legal"]`` (the ``legal:`` mapping of recouvrement.yml, e.g.
    ``{contractual_rate: 12.0}``, percent per year). ``None`` when absent.

    Raises
    ------
    ValueError
        In French, naming the file and the key: ``legal`` is not a mapping, has unknown
        keys, or the rate is not a percentage in ]0, 100] (a value below 1 is taken for
        a fraction and refused).

    """
    legal = ledger.meta.get("legal")
    if legal is None:
        return None
    if not isinstance(legal, Mapping):
        raise ValueError(
            f"{CONFIG_FILE} : legal = « {legal} » : une table est attendue "
            "(par exemple legal: {contractual_rate: 12.0})"
        )
    unknown = sorted(str(k) for k in legal if k not in LEGAL_CONFIG_KEYS)
    if unknown:
        raise ValueError(
            f"{CONFIG_FILE} : legal : clé(s) inconnue(s) {', '.join(unknown)} ; "
            f"clé admise : {', '.join(LEGAL_CONFIG_KEYS)}"
        )
    value = legal.get("contractual_rate")
    if value is None:
        return None
    return check_rate(value, f"{CONFIG_FILE} : legal.contractual_rate")


@functools.lru_cache(maxsize=256)
def rate_of_half_year(start: pd.Timestamp, contractual_rate: float | None) -> PenaltyRate:
    """The :class:`PenaltyRate` of the half-year starting ``start`` (cached).

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
    if contractual_rate is None:
        ecb, provisional, note = rate_in_force(ECB_RATE, start)
        rate = float(Decimal(repr(ecb)) + ECB_MARGIN_POINTS)
        return PenaltyRate(
            start,
            rate,
            f"taux BCE + {ECB_MARGIN_POINTS} points",
            ecb,
            None,
            False,
            provisional,
            note,
        )
    legal, provisional, note = rate_in_force(LEGAL_RATE, start)
    floor = float(Decimal(repr(legal)) * LEGAL_RATE_MULTIPLIER)
    if contractual_rate >= floor:
        return PenaltyRate(
            start, contractual_rate, "taux contractuel", None, floor, False, provisional, note
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
    )


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
