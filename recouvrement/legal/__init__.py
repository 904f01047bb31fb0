"""French legal rules on receivables: late-payment penalties, indemnity, prescription, terms.

Everything here is a pure function of a :class:`~recouvrement.ledger.Ledger` at an
``as_of`` date, given as its :class:`~recouvrement.aging.Snapshot` (DOMAIN.md,
"Dunning (relances) and legal rules (France)"):

- :func:`penalty_rate`: the rate of the late-payment penalties of art. L.441-10 of
  the code de commerce for the half-year containing a day (ECB main refinancing
  rate in force on 1 January / 1 July + 10 points, or a contractual rate that may
  not be below 3 × the legal interest rate);
- :func:`late_payment_interest`: per invoice overdue or paid late, the penalties
  (simple interest, day by day on the outstanding amount) and the 40 € indemnity;
- :func:`claimable_by_debtor` and :func:`interest_totals`: what can be claimed,
  per debtor and in total, with the small-claims eligibility;
- :func:`prescription_watch`: open invoices whose claim prescribes soon;
- :func:`long_payment_terms`: invoices whose agreed terms exceed 60 days.

The rates are **data** (``recouvrement/data/rates/*.csv``, with a source per row,
see the README there), loaded by :func:`load_rates`. A half-year beyond the tables
uses the last known rate and is marked ``provisional`` with a French note saying
which file to update: no rate is ever invented silently.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from recouvrement import conventions as cv
from recouvrement.aging import Snapshot, to_cents
from recouvrement.conventions.data import label as data_label
from recouvrement.conventions.data import read_csv
from recouvrement.conventions.law import (
    DAY_COUNT_DAYS,
    ECB_MARGIN_POINTS,
    LEGAL_RATE_MULTIPLIER,
    MAX_TERMS_DAYS,
    PRESCRIPTION_YEARS_PRIVATE,
    PRESCRIPTION_YEARS_PROFESSIONAL,
    PRIVATE,
    PROFESSIONAL,
    RECOVERY_INDEMNITY_EUR,
    SMALL_CLAIMS_LIMIT_EUR,
)
from recouvrement.formatting import fmt_date, fmt_eur, fmt_pct
from recouvrement.ledger import Ledger

# ---------------------------------------------------------------------------
# Conventions (DOMAIN.md; art. L.441-10, L.441-6 and D.441-5 code de commerce)
# ---------------------------------------------------------------------------
#: Default horizon of :func:`prescription_watch` (months).
DEFAULT_HORIZON_MONTHS = 6

#: Package folder of the rate tables and their file names.
RATES_FOLDER = ("data", "rates")
ECB_FILE = "ecb_main_refinancing_rate.csv"
LEGAL_FILE = "legal_interest_rate.csv"

#: Keys accepted in the ``legal:`` mapping of a company's recouvrement.yml.
LEGAL_CONFIG_KEYS = ("contractual_rate",)

INTEREST_COLUMNS = [
    "invoice_id",
    "debtor_id",
    "kind",
    "due_date",
    "settled_date",
    "days_late",
    "amount",
    "base",
    "residual",
    "rate",
    "rate_detail",
    "floor_applied",
    "interest",
    "indemnity",
    "provisional",
    "provisional_note",
    "disputed",
    "insolvent",
    "claimable",
    "reason",
]

CLAIM_COLUMNS = [
    "debtor_id",
    "n_invoices",
    "principal_overdue",
    "interest",
    "indemnities",
    "total_claimable",
    "claim_total",
    "small_claims",
    "provisional",
]

PRESCRIPTION_COLUMNS = [
    "invoice_id",
    "debtor_id",
    "kind",
    "due_date",
    "residual",
    "last_payment_date",
    "start_date",
    "prescription_years",
    "prescription_date",
    "days_left",
    "prescribed",
    "note",
]

TERMS_COLUMNS = [
    "invoice_id",
    "debtor_id",
    "kind",
    "issue_date",
    "due_date",
    "amount",
    "terms_days",
    "excess_days",
    "breach",
    "note",
]

#: Rules of this module, quoted in the report's methodology appendix (rule, French text).
RULES: list[tuple[str, str]] = [
    (
        "Taux des pénalités de retard",
        "Art. L.441-10 du code de commerce : à défaut de taux contractuel, taux de la BCE "
        "(opérations principales de refinancement) en vigueur au 1er janvier ou au 1er juillet "
        f"du semestre, majoré de {ECB_MARGIN_POINTS} points. Un taux contractuel inférieur à "
        f"{LEGAL_RATE_MULTIPLIER} fois le taux de l'intérêt légal (créanciers professionnels) "
        "du semestre est relevé à ce plancher et signalé.",
    ),
    (
        "Calcul des pénalités",
        "Intérêts simples, dus sans rappel à compter du lendemain de l'échéance : "
        f"Σ jours de retard (reste dû ce jour-là × taux du semestre / {DAY_COUNT_DAYS}). "
        "Le reste dû d'un jour est le montant facturé diminué des règlements, avoirs et "
        "passages en perte datés de la veille au plus tard : un règlement partiel réduit "
        "l'assiette dès le lendemain ; le jour du règlement porte encore intérêt. Le calcul "
        "est découpé au 1er janvier et au 1er juillet ; arrondi au centime une seule fois, "
        "sur le total de la facture.",
    ),
    (
        "Facture réglée en retard",
        "Une facture est réglée à la date où son reste dû atteint zéro (règlements, avoirs "
        "et passages en perte confondus) ; si cette date est postérieure à l'échéance, les "
        "pénalités courent jusqu'à cette date incluse.",
    ),
    (
        "Indemnité forfaitaire",
        f"{fmt_eur(RECOVERY_INDEMNITY_EUR)} par facture payée en retard ou échue et impayée, "
        "débiteurs professionnels uniquement (art. L.441-10 et D.441-5 du code de commerce).",
    ),
    (
        "Débiteurs particuliers et type inconnu",
        "Les pénalités de l'art. L.441-10 et l'indemnité forfaitaire ne s'appliquent pas aux "
        "particuliers ; pour un débiteur dont le type n'est pas renseigné, rien n'est calculé "
        "et la facture est signalée.",
    ),
    (
        "Litiges et procédures collectives",
        "Les pénalités d'une facture en litige sont calculées mais non réclamées tant que le "
        "litige est ouvert. Pour un débiteur en procédure collective (date d'ouverture ≤ date "
        "d'arrêté), rien n'est réclamable directement : la créance est à déclarer au mandataire "
        "judiciaire.",
    ),
    (
        "Taux provisoires",
        "Un semestre absent des tables de taux (recouvrement/data/rates) est calculé avec le "
        "dernier taux connu et marqué « provisoire » ; les tables citent leur source "
        "(communiqués BCE, arrêtés du Journal officiel).",
    ),
    (
        "Petites créances",
        "Débiteur éligible aux procédures de petites créances lorsque principal échu "
        "réclamable + pénalités + indemnités réclamables < "
        f"{fmt_eur(SMALL_CLAIMS_LIMIT_EUR)}.",
    ),
    (
        "Prescription",
        f"{PRESCRIPTION_YEARS_PROFESSIONAL} ans entre professionnels, "
        f"{PRESCRIPTION_YEARS_PRIVATE} ans contre un particulier, à compter de l'échéance ou "
        "du dernier règlement partiel (reconnaissance de dette, art. 2240 du code civil) ; "
        "type de débiteur inconnu : délai le plus court retenu par prudence.",
    ),
    (
        "Délais de paiement",
        f"Délai convenu supérieur à {MAX_TERMS_DAYS} jours à compter de la date d'émission : "
        "non conforme à l'art. L.441-10 du code de commerce (l'alternative de 45 jours fin de "
        "mois n'est pas contrôlée séparément).",
    ),
]


# ---------------------------------------------------------------------------
# Rate tables
# ---------------------------------------------------------------------------
class RateTables(NamedTuple):
    """The bundled rate tables (percent per year).

    ``ecb``: columns ``effective_date, rate, source``; ``legal``: columns
    ``half_year_start, professional, private, source``. Both sorted by date.
    """

    ecb: pd.DataFrame
    legal: pd.DataFrame


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


def _exact(percent: float) -> Fraction:
    """A percentage as an exact fraction (``14.25`` -> 1425/100), via its shortest repr."""
    return Fraction(Decimal(repr(float(percent))))


def _half_year_start(day: pd.Timestamp) -> pd.Timestamp:
    return pd.Timestamp(day.year, 1 if day.month <= 6 else 7, 1)


def _half_year_label(start: pd.Timestamp) -> str:
    return f"S{1 if start.month == 1 else 2} {start.year}"


def _half_year_fr(start: pd.Timestamp) -> str:
    return f"{'1er' if start.month == 1 else '2nd'} semestre {start.year}"


class RateTableError(ValueError):
    """A day before the first row of a rate table: no rate can be given."""


def _ecb_rate_at(start: pd.Timestamp) -> tuple[float, bool, str]:
    """(ECB rate in force on ``start``, provisional, French note)."""
    ecb = _bundled().ecb
    dates = ecb["effective_date"]
    if start < dates.iloc[0]:
        raise RateTableError(
            f"the ECB rate on {start:%Y-%m-%d} is before the first row of "
            f"recouvrement/data/rates/{ECB_FILE} ({dates.iloc[0]:%Y-%m-%d}); add the earlier rates"
        )
    pos = int(dates.searchsorted(start, side="right")) - 1
    rate = float(ecb["rate"].iloc[pos])
    if start <= dates.iloc[-1]:
        return rate, False, ""
    rates = ecb["rate"].to_numpy()
    since = len(rates) - 1
    while since > 0 and rates[since - 1] == rates[-1]:
        since -= 1
    note = (
        f"taux BCE au {fmt_date(start)} absent de la table : dernier taux connu "
        f"({fmt_pct(rate, 2)} depuis le {fmt_date(dates.iloc[since])}) appliqué à titre "
        f"provisoire ; mettre à jour recouvrement/data/rates/{ECB_FILE}"
    )
    return rate, True, note


def _legal_rate_at(start: pd.Timestamp) -> tuple[float, bool, str]:
    """(legal interest rate for professional creditors of the half-year, provisional, note)."""
    legal = _bundled().legal
    starts = legal["half_year_start"]
    if start < starts.iloc[0]:
        raise RateTableError(
            f"the legal interest rate of the half-year starting {start:%Y-%m-%d} is before the "
            f"first row of recouvrement/data/rates/{LEGAL_FILE} ({starts.iloc[0]:%Y-%m-%d}); "
            "add the earlier half-years"
        )
    pos = int(starts.searchsorted(start, side="right")) - 1
    rate = float(legal["professional"].iloc[pos])
    if start == starts.iloc[pos]:
        return rate, False, ""
    note = (
        f"taux de l'intérêt légal du {_half_year_fr(start)} absent de la table : dernier taux "
        f"connu ({fmt_pct(rate, 2)}, {_half_year_fr(starts.iloc[pos])}) appliqué à titre "
        f"provisoire ; mettre à jour recouvrement/data/rates/{LEGAL_FILE}"
    )
    return rate, True, note


# ---------------------------------------------------------------------------
# Penalty rate
# ---------------------------------------------------------------------------
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


def _check_rate(value: Any, name: str) -> float:
    """Validate a rate given in percent per year; return it as a float."""
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise ValueError(
            f"{name} must be a number in percent per year (e.g. 12.0 for 12 %), got {value!r}"
        )
    x = float(value)
    if not math.isfinite(x) or x <= 0 or x > 100:
        raise ValueError(
            f"{name} must be a rate in percent per year, > 0 and ≤ 100 (e.g. 12.0 for 12 %), "
            f"got {value!r}"
        )
    if x < 1:
        raise ValueError(
            f"{name}={value!r} looks like a fraction: give the rate in percent per year "
            "(e.g. 12.0 for 12 %, not 0.12)"
        )
    return x


def contractual_rate_of(ledger: Ledger) -> float | None:
    """The contractual penalty rate of the company's configuration, validated.

    Reads ``ledger.meta["legal"]`` (the ``legal:`` mapping of recouvrement.yml, e.g.
    ``{contractual_rate: 12.0}``, percent per year). ``None`` when absent.

    Raises
    ------
    ValueError
        When ``legal`` is not a mapping, has unknown keys, or the rate is not a
        percentage in ]0, 100] (a value below 1 is taken for a fraction and refused).

    """
    legal = ledger.meta.get("legal")
    if legal is None:
        return None
    if not isinstance(legal, Mapping):
        raise ValueError(
            "legal: in recouvrement.yml must be a mapping such as {contractual_rate: 12.0}, "
            f"got {legal!r}"
        )
    unknown = sorted(str(k) for k in legal if k not in LEGAL_CONFIG_KEYS)
    if unknown:
        raise ValueError(
            f"legal: in recouvrement.yml has unknown key(s) {', '.join(unknown)}; "
            f"allowed: {', '.join(LEGAL_CONFIG_KEYS)}"
        )
    value = legal.get("contractual_rate")
    if value is None:
        return None
    return _check_rate(value, "legal.contractual_rate (recouvrement.yml)")


@functools.lru_cache(maxsize=256)
def _rate_of_half_year(start: pd.Timestamp, contractual_rate: float | None) -> PenaltyRate:
    if contractual_rate is None:
        ecb, provisional, note = _ecb_rate_at(start)
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
    legal, provisional, note = _legal_rate_at(start)
    floor = float(Decimal(repr(legal)) * LEGAL_RATE_MULTIPLIER)
    if contractual_rate >= floor:
        return PenaltyRate(
            start, contractual_rate, "taux contractuel", None, floor, False, provisional, note
        )
    raised = (
        f"taux contractuel {fmt_pct(contractual_rate, 2)} inférieur au plancher légal "
        f"({LEGAL_RATE_MULTIPLIER} × {fmt_pct(legal, 2)} = {fmt_pct(floor, 2)}, "
        f"{_half_year_label(start)}) : plancher appliqué"
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

    Examples
    --------
    >>> penalty_rate("2025-03-31").rate
    13.15
    >>> penalty_rate("2025-03-31", contractual_rate=5.0).rate  # 3 × 3.71
    11.13

    """
    start = _half_year_start(cv.as_date(day, "day"))
    rate = None if contractual_rate is None else _check_rate(contractual_rate, "contractual_rate")
    return _rate_of_half_year(start, rate)


# ---------------------------------------------------------------------------
# Late-payment interest
# ---------------------------------------------------------------------------
_ONE_DAY = pd.Timedelta(days=1)


def _segments(
    amount: int,
    ev_dates: list[pd.Timestamp],
    ev_amounts: list[int],
    due: pd.Timestamp,
    end: pd.Timestamp,
) -> list[tuple[pd.Timestamp, pd.Timestamp, int]]:
    """Constant-residual, single-half-year periods ``[first, last]`` of the lateness.

    The residual of day ``d`` is ``amount − Σ events dated < d`` (cents, ≥ 0); days
    run from ``due + 1`` to ``end`` inclusive.
    """
    first = due + _ONE_DAY
    cuts = {first, end + _ONE_DAY}
    cuts.update(e + _ONE_DAY for e in ev_dates if first < e + _ONE_DAY <= end)
    h = _half_year_start(first) + pd.DateOffset(months=6)
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


def _round_half_up(x: Fraction) -> int:
    return math.floor(x + Fraction(1, 2))


def _interest(
    segments: list[tuple[pd.Timestamp, pd.Timestamp, int]],
    rate_of: Callable[[pd.Timestamp], PenaltyRate],
) -> tuple[int, list[PenaltyRate], str]:
    """(interest in cents rounded once, rates used in order, French detail per half-year)."""
    total = Fraction(0)
    used: list[PenaltyRate] = []
    spans: dict[pd.Timestamp, list[pd.Timestamp]] = {}
    for first, last, residual in segments:
        pr = rate_of(first)
        days = (last - first).days + 1
        total += Fraction(residual * days) * _exact(pr.rate) / (100 * DAY_COUNT_DAYS)
        if not used or used[-1].half_year_start != pr.half_year_start:
            used.append(pr)
        span = spans.setdefault(pr.half_year_start, [first, last])
        span[1] = last
    detail = " ; ".join(
        f"{_half_year_label(pr.half_year_start)} : {fmt_pct(pr.rate, 2)} du "
        f"{fmt_date(spans[pr.half_year_start][0])} au {fmt_date(spans[pr.half_year_start][1])}"
        for pr in used
    )
    return _round_half_up(total), used, detail


def _debtor_info(ledger: Ledger) -> tuple[dict[str, Any], dict[str, pd.Timestamp]]:
    deb = ledger.debtors
    kinds = {
        str(d): (None if pd.isna(k) else str(k))
        for d, k in zip(deb["debtor_id"], deb["kind"], strict=True)
    }
    insolvency = {
        str(d): t
        for d, t in zip(deb["debtor_id"], deb["insolvency_date"], strict=True)
        if not pd.isna(t)
    }
    return kinds, insolvency


_REASON_OK = "pénalités et indemnité forfaitaire réclamables"
_REASON_PRIVATE = (
    "débiteur particulier : pénalités de l'art. L.441-10 et indemnité forfaitaire non "
    "applicables (intérêt au taux légal après mise en demeure, non calculé)"
)
_REASON_UNKNOWN = (
    "type de débiteur non renseigné : pénalités et indemnité non calculées (renseigner "
    "professionnel ou particulier dans la table des débiteurs)"
)
_REASON_DISPUTED = (
    "facture en litige : pénalités calculées mais non réclamées tant que le litige est ouvert"
)


def _reason_insolvent(day: pd.Timestamp) -> str:
    return (
        f"procédure collective ouverte le {fmt_date(day)} : non réclamable directement, "
        "créance à déclarer au mandataire judiciaire"
    )


def _empty_interest() -> pd.DataFrame:
    dtypes = {
        "invoice_id": "str",
        "debtor_id": "str",
        "kind": "str",
        "due_date": cv.DATE_DTYPE,
        "settled_date": cv.DATE_DTYPE,
        "days_late": "int64",
        "amount": "float64",
        "base": "float64",
        "residual": "float64",
        "rate": "float64",
        "rate_detail": "str",
        "floor_applied": "bool",
        "interest": "float64",
        "indemnity": "float64",
        "provisional": "bool",
        "provisional_note": "str",
        "disputed": "bool",
        "insolvent": "bool",
        "claimable": "bool",
        "reason": "str",
    }
    return pd.DataFrame({c: pd.Series([], dtype=dtypes[c]) for c in INTEREST_COLUMNS})


def late_payment_interest(
    snap: Snapshot, *, contractual_rate: float | None = None
) -> pd.DataFrame:
    """Late-payment penalties and recovery indemnity, per invoice overdue or paid late.

    Parameters
    ----------
    snap : Snapshot
        The ledger at the audit date ``as_of`` (:class:`recouvrement.aging.Snapshot`):
        events dated after it are ignored; penalties of open invoices run up to it
        (inclusive).
    contractual_rate : float, optional
        Contractual penalty rate, percent per year. ``None`` (default): the
        company's ``legal: {contractual_rate: ...}`` from recouvrement.yml when
        given, otherwise the legal default (ECB + 10 points).

    Returns
    -------
    DataFrame
        One row per invoice issued ≤ ``as_of`` that is overdue at ``as_of``
        (residual > 0, due date < ``as_of``) or was settled after its due date;
        sorted by ``debtor_id, due_date, invoice_id``. Columns:

        - ``invoice_id, debtor_id, kind`` (``professionnel``, ``particulier`` or
          missing), ``due_date``;
        - ``settled_date``: date the residual reached 0 (NaT if still open);
        - ``days_late``: ``(settled_date or as_of) − due_date`` in days;
        - ``amount`` (euros), ``base`` (euros: the residual at ``as_of`` for an open
          invoice, the amount outstanding the day after the due date for an invoice
          settled late), ``residual`` (euros at ``as_of``, 0 when settled);
        - ``rate``: rate of the last half-year charged (percent per year);
          ``rate_detail``: French, each half-year with its rate and days;
          ``floor_applied``: a contractual rate was raised to the legal floor;
        - ``interest`` (euros, to the cent; NaN when not computed) and ``indemnity``
          (40 € for a professional debtor, 0 for a private one, NaN when the kind
          is unknown);
        - ``provisional`` (a rate came from beyond the tables) and
          ``provisional_note`` (French, ``""`` when not provisional);
        - ``disputed`` (open dispute at ``as_of``), ``insolvent`` (insolvency date
          ≤ ``as_of``), ``claimable`` (professional, not disputed, not insolvent,
          penalties computed) and ``reason`` (French).

    Raises
    ------
    ValueError
        Invalid ``as_of`` or contractual rate (argument or recouvrement.yml).

    Notes
    -----
    Simple interest, day by day, from the day after the due date::

        interest = Σ_{d = due + 1}^{end} residual(d) × rate(half-year of d) / 365

    with ``end`` = ``as_of`` for an open invoice and the settlement date for an
    invoice settled late, and ``residual(d) = amount − Σ payments, credit notes and
    write-offs allocated to the invoice and dated < d`` (never below 0). A partial
    payment thus lowers the base from the next day; the day of a payment still bears
    interest on what was due that morning (``days_late = payment date − due date``).
    The sum is split at every 1 January and 1 July (the rate of each half-year is
    :func:`penalty_rate`) and at every event; it is computed exactly (integer cents ×
    rational rates) and rounded half up to the cent **once**, per invoice. The day
    count is 365 in leap years too.

    An invoice is *settled* when its residual reaches 0, whatever brings it there
    (payments, credit notes or write-offs); it is *paid late* when that date is
    after the due date. Unapplied payments (not allocated to an invoice) do not
    reduce any base.

    Only professional debtors owe the penalties of art. L.441-10 and the 40 €
    indemnity: private debtors get ``interest`` NaN and ``indemnity`` 0; debtors of
    unknown kind (or no debtor table) get NaN in both and are flagged in ``reason``.
    Disputed invoices and insolvent debtors are computed but not ``claimable``.
    Interest of a half-year before the tables' first row is not computed (NaN, with
    the reason).

    Examples
    --------
    >>> late = late_payment_interest(snapshot(ledger, "2025-01-31"))  # doctest: +SKIP
    >>> late.loc[late["claimable"], ["interest", "indemnity"]].sum()  # doctest: +SKIP

    """
    ledger, day = snap.ledger, snap.as_of
    rate = (
        contractual_rate_of(ledger)
        if contractual_rate is None
        else _check_rate(contractual_rate, "contractual_rate")
    )

    def rate_of(d: pd.Timestamp) -> PenaltyRate:
        return _rate_of_half_year(_half_year_start(d), rate)

    a = snap.arrays
    d64 = np.datetime64(day, "ns")
    live = (a.ev_inv >= 0) & (a.ev_date <= d64)
    ev_inv, ev_date, ev_amt = a.ev_inv[live], a.ev_date[live], a.ev_amount[live]
    order = np.lexsort((ev_date, ev_inv))
    ev_inv, ev_date, ev_amt = ev_inv[order], ev_date[order], ev_amt[order]
    bounds = np.searchsorted(ev_inv, np.arange(len(a.amount) + 1), side="left")
    disputed = snap.disputed
    kinds, insolvency = _debtor_info(ledger)

    rows = []
    for i in np.flatnonzero((a.issue <= d64) & (a.due < d64)):
        amount = int(a.amount[i])
        lo, hi = bounds[i], bounds[i + 1]
        dates = [pd.Timestamp(t) for t in ev_date[lo:hi]]
        amounts = [int(x) for x in ev_amt[lo:hi]]
        due = pd.Timestamp(a.due[i])
        residual = amount - sum(amounts)
        if residual > 0:
            settled, end = pd.NaT, day
        else:
            cumulative = np.cumsum(amounts)
            settled = dates[int(np.searchsorted(cumulative, amount, side="left"))]
            if settled <= due:
                continue
            end = settled
        debtor = str(a.debtor_ids[a.inv_debtor[i]])
        kind = kinds.get(debtor)
        insolvent = debtor in snap.insolvent
        insolvent_since = insolvency.get(debtor)
        base = (
            residual
            if residual > 0
            else amount - sum(x for t, x in zip(dates, amounts, strict=True) if t <= due)
        )
        row = {
            "invoice_id": str(a.invoice_ids[i]),
            "debtor_id": debtor,
            "kind": kind,
            "due_date": due,
            "settled_date": settled,
            "days_late": int((end - due).days),
            "amount": amount / 100,
            "base": base / 100,
            "residual": max(residual, 0) / 100,
            "rate": np.nan,
            "rate_detail": "",
            "floor_applied": False,
            "interest": np.nan,
            "indemnity": np.nan,
            "provisional": False,
            "provisional_note": "",
            "disputed": bool(disputed[i]),
            "insolvent": insolvent,
        }
        reasons = []
        computed = False
        if kind == PROFESSIONAL:
            try:
                cents, used, detail = _interest(
                    _segments(amount, dates, amounts, due, end), rate_of
                )
            except RateTableError as exc:
                reasons.append(f"pénalités non calculées : taux absent de la table ({exc})")
            else:
                computed = True
                notes = list(dict.fromkeys(pr.note for pr in used if pr.provisional))
                row.update(
                    rate=used[-1].rate,
                    rate_detail=detail,
                    floor_applied=any(pr.floor_applied for pr in used),
                    interest=cents / 100,
                    provisional=bool(notes),
                    provisional_note=" ; ".join(notes),
                )
            row["indemnity"] = RECOVERY_INDEMNITY_EUR
        elif kind == PRIVATE:
            row["indemnity"] = 0.0
            reasons.append(_REASON_PRIVATE)
        else:
            reasons.append(_REASON_UNKNOWN)
        if row["disputed"]:
            reasons.append(_REASON_DISPUTED)
        if insolvent:
            reasons.append(_reason_insolvent(insolvent_since))
        row["claimable"] = computed and not row["disputed"] and not insolvent
        if row["claimable"]:
            reasons.insert(0, _REASON_OK)
        row["reason"] = " ; ".join(reasons)
        rows.append(row)
    if not rows:
        return _empty_interest()
    out = pd.DataFrame.from_records(rows, columns=INTEREST_COLUMNS)
    out = out.astype(_empty_interest().dtypes.to_dict())
    return out.sort_values(["debtor_id", "due_date", "invoice_id"], kind="stable").reset_index(
        drop=True
    )


def _sum_eur(values: pd.Series, *, min_count: int = 0) -> float:
    """Exact sum of euro amounts (via cents); NaN skipped, NaN if fewer than ``min_count``."""
    present = values.dropna()
    if len(present) < min_count:
        return np.nan
    return int(to_cents(present.to_numpy()).sum()) / 100


def _check_interest_frame(frame: pd.DataFrame) -> None:
    missing = [c for c in INTEREST_COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(
            "expected the frame returned by late_payment_interest; missing column(s) "
            + ", ".join(missing)
        )


def claimable_by_debtor(interest_frame: pd.DataFrame) -> pd.DataFrame:
    """What can be claimed from each debtor, from :func:`late_payment_interest`.

    Parameters
    ----------
    interest_frame : DataFrame
        The result of :func:`late_payment_interest` (not modified).

    Returns
    -------
    DataFrame
        One row per debtor, sorted by ``debtor_id``: ``n_invoices`` (invoices
        overdue or paid late), ``principal_overdue`` (Σ residual at ``as_of``,
        euros), ``interest`` and ``indemnities`` (Σ computed, euros; NaN when
        nothing was computed, e.g. a private debtor), ``total_claimable``
        (Σ interest + indemnity of the claimable invoices), ``claim_total``
        (principal of the invoices neither disputed nor under insolvency +
        ``total_claimable``), ``small_claims`` (0 < ``claim_total`` <
        5 000 €) and ``provisional`` (any rate of the debtor is provisional).

    Notes
    -----
    ``claim_total = Σ residual (not disputed, not insolvent) + Σ (interest +
    indemnity) (claimable)``; sums are exact to the cent. A private debtor's
    principal counts (small-claims procedures are open against anyone), its
    penalties do not. ``small_claims`` is strict: 5 000,00 € is not eligible.

    """
    _check_interest_frame(interest_frame)
    f = interest_frame
    records = []
    for debtor, g in f.groupby("debtor_id", sort=True):
        claimable = g["claimable"].to_numpy(dtype=bool)
        pursuable = ~(g["disputed"].to_numpy(dtype=bool) | g["insolvent"].to_numpy(dtype=bool))
        penalties = _sum_eur(g.loc[claimable, "interest"]) + _sum_eur(g.loc[claimable, "indemnity"])
        total_claimable = round(penalties, 2)
        claim_total = round(_sum_eur(g.loc[pursuable, "residual"]) + total_claimable, 2)
        records.append(
            {
                "debtor_id": debtor,
                "n_invoices": len(g),
                "principal_overdue": _sum_eur(g["residual"]),
                "interest": _sum_eur(g["interest"], min_count=1),
                "indemnities": _sum_eur(g["indemnity"], min_count=1),
                "total_claimable": total_claimable,
                "claim_total": claim_total,
                "small_claims": bool(0 < claim_total < SMALL_CLAIMS_LIMIT_EUR),
                "provisional": bool(g["provisional"].any()),
            }
        )
    out = pd.DataFrame.from_records(records, columns=CLAIM_COLUMNS)
    return out.astype(
        {
            "debtor_id": "str",
            "n_invoices": "int64",
            "principal_overdue": "float64",
            "interest": "float64",
            "indemnities": "float64",
            "total_claimable": "float64",
            "claim_total": "float64",
            "small_claims": "bool",
            "provisional": "bool",
        }
    )


def interest_totals(interest_frame: pd.DataFrame) -> pd.Series:
    """Totals of :func:`late_payment_interest`, for the report.

    Returns
    -------
    Series
        ``n_invoices``, ``n_debtors``, ``principal_overdue``, ``interest``,
        ``indemnities`` (all rows, computed values only), ``claimable_interest``,
        ``claimable_indemnities``, ``total_claimable`` (claimable rows),
        ``provisional`` (any provisional rate) and ``provisional_note`` (the
        distinct French notes, ``""`` when none). Euros, exact to the cent.

    Notes
    -----
    ``total_claimable = Σ interest + Σ indemnity`` over the rows with
    ``claimable``; equals the sum of :func:`claimable_by_debtor`'s column.

    """
    _check_interest_frame(interest_frame)
    f = interest_frame
    claimable = f["claimable"].to_numpy(dtype=bool)
    c_interest = _sum_eur(f.loc[claimable, "interest"])
    c_indemnities = _sum_eur(f.loc[claimable, "indemnity"])
    # one clause per missing rate, each said once (a row may carry several half-years)
    clauses = (c.strip() for n in f["provisional_note"].tolist() if n for c in n.split(" ; "))
    notes = [c for c in dict.fromkeys(clauses) if c]
    return pd.Series(
        {
            "n_invoices": len(f),
            "n_debtors": int(f["debtor_id"].nunique()),
            "principal_overdue": _sum_eur(f["residual"]),
            "interest": _sum_eur(f["interest"]),
            "indemnities": _sum_eur(f["indemnity"]),
            "claimable_interest": c_interest,
            "claimable_indemnities": c_indemnities,
            "total_claimable": round(c_interest + c_indemnities, 2),
            "provisional": bool(f["provisional"].any()),
            "provisional_note": " ; ".join(notes),
        },
        dtype="object",
    )


# ---------------------------------------------------------------------------
# Prescription and payment terms
# ---------------------------------------------------------------------------
def _kind_series(ledger: Ledger, debtor_ids: pd.Series) -> pd.Series:
    kinds, _ = _debtor_info(ledger)
    return debtor_ids.map(kinds).astype("str")


def prescription_watch(
    snap: Snapshot, *, horizon_months: int = DEFAULT_HORIZON_MONTHS
) -> pd.DataFrame:
    """Open invoices whose claim is prescribed or prescribes within the horizon.

    Parameters
    ----------
    snap : Snapshot
        The ledger at the audit date ``as_of`` (:class:`recouvrement.aging.Snapshot`).
    horizon_months : int
        Calendar months ahead of ``as_of`` to watch (default 6, ≥ 0).

    Returns
    -------
    DataFrame
        Columns ``invoice_id, debtor_id, kind, due_date, residual`` (euros at
        ``as_of``), ``last_payment_date`` (last payment allocated to the invoice,
        NaT if none), ``start_date`` (start of the period), ``prescription_years``,
        ``prescription_date`` (last day to act), ``days_left`` (negative: already
        prescribed), ``prescribed`` (bool) and ``note`` (French). Sorted by
        ``prescription_date, invoice_id``.

    Notes
    -----
    ``prescription_date = start_date + N years`` with ``N = 5`` between
    professionals (art. L.110-4 code de commerce), ``2`` for a private debtor
    (art. L.218-2 code de la consommation) and, when the kind is unknown, the
    shorter 2 years (prudence: the earliest possible deadline). ``start_date`` is
    the due date, or the last payment allocated to the invoice when later (a part
    payment acknowledges the debt and interrupts prescription, art. 2240 code
    civil). Reminders do not interrupt it. Listed when ``prescription_date ≤
    as_of + horizon_months``; prescribed when ``as_of > prescription_date``.

    """
    ledger, day = snap.ledger, snap.as_of
    if isinstance(horizon_months, bool) or not isinstance(horizon_months, int | np.integer):
        raise ValueError(f"horizon_months must be a whole number of months, got {horizon_months!r}")
    if horizon_months < 0:
        raise ValueError(f"horizon_months must be ≥ 0, got {horizon_months!r}")
    items = snap.items
    pay = ledger.payments
    pay = pay[pay["invoice_id"].notna() & (pay["date"] <= day)]
    last_payment = pay.groupby("invoice_id")["date"].max()
    kinds = _kind_series(ledger, items["debtor_id"])
    # reindex, not map: pandas maps through an *empty* date Series as float64 and fails
    last = pd.Series(
        last_payment.astype(cv.DATE_DTYPE).reindex(items["invoice_id"]).to_numpy(),
        index=items.index,
        dtype=cv.DATE_DTYPE,
    )
    start = last.where(last > items["due_date"], items["due_date"])
    years = np.where(
        kinds == PROFESSIONAL, PRESCRIPTION_YEARS_PROFESSIONAL, PRESCRIPTION_YEARS_PRIVATE
    )
    limit = cv.shift_months(day, int(horizon_months))
    presc = pd.Series(
        [s + pd.DateOffset(years=int(n)) for s, n in zip(start, years, strict=True)],
        index=items.index,
        dtype=cv.DATE_DTYPE,
    )
    days_left = (presc - day).dt.days.astype("int64")
    notes = np.where(
        kinds == PROFESSIONAL,
        f"{PRESCRIPTION_YEARS_PROFESSIONAL} ans entre professionnels",
        np.where(
            kinds == PRIVATE,
            f"{PRESCRIPTION_YEARS_PRIVATE} ans contre un particulier",
            f"type de débiteur non renseigné : délai le plus court ({PRESCRIPTION_YEARS_PRIVATE} "
            "ans) retenu par prudence",
        ),
    )
    out = pd.DataFrame(
        {
            "invoice_id": items["invoice_id"],
            "debtor_id": items["debtor_id"],
            "kind": kinds,
            "due_date": items["due_date"],
            "residual": items["residual"],
            "last_payment_date": last,
            "start_date": start,
            "prescription_years": years.astype("int64"),
            "prescription_date": presc,
            "days_left": days_left,
            "prescribed": days_left < 0,
            "note": pd.Series(notes, index=items.index, dtype="str"),
        }
    )
    out = out[out["prescription_date"] <= limit]
    return out.sort_values(["prescription_date", "invoice_id"], kind="stable").reset_index(
        drop=True
    )


def long_payment_terms(ledger: Ledger) -> pd.DataFrame:
    """Invoices whose agreed payment terms exceed 60 days from issue.

    Parameters
    ----------
    ledger : Ledger
        The validated ledger (every invoice, whatever its date or status).

    Returns
    -------
    DataFrame
        Columns ``invoice_id, debtor_id, kind, issue_date, due_date, amount``
        (euros), ``terms_days`` (``due_date − issue_date``), ``excess_days``
        (``terms_days − 60``), ``breach`` (bool) and ``note`` (French); only the
        invoices with ``terms_days > 60``, sorted by ``issue_date, invoice_id``.

    Notes
    -----
    Art. L.441-10 I code de commerce: between professionals the agreed terms may
    not exceed 60 days from the issue date, or 45 days end of month if the parties
    agree so. Only the 60-day rule is checked: an invoice on 45 days end of month
    (at most ~76 days from issue) may be flagged although compliant with the
    alternative, which the note says. ``breach`` is False for private debtors (the
    cap does not apply) and True for professional debtors and debtors of unknown
    kind (flagged, to check). Due dates repaired from the default terms are never
    above the cap.

    """
    inv = ledger.invoices
    terms = (inv["due_date"] - inv["issue_date"]).dt.days.astype("int64")
    long = inv[terms > MAX_TERMS_DAYS]
    kinds = _kind_series(ledger, long["debtor_id"])
    private = (kinds == PRIVATE).to_numpy()
    notes = np.where(
        private,
        "débiteur particulier : plafond de l'art. L.441-10 non applicable",
        np.where(
            (kinds == PROFESSIONAL).to_numpy(),
            f"délai supérieur à {MAX_TERMS_DAYS} jours après émission (art. L.441-10) ; "
            "vérifier s'il s'agit de 45 jours fin de mois convenus",
            f"type de débiteur non renseigné : délai supérieur à {MAX_TERMS_DAYS} jours "
            "après émission, à vérifier",
        ),
    )
    out = pd.DataFrame(
        {
            "invoice_id": long["invoice_id"],
            "debtor_id": long["debtor_id"],
            "kind": kinds,
            "issue_date": long["issue_date"],
            "due_date": long["due_date"],
            "amount": long["amount"],
            "terms_days": terms[long.index],
            "excess_days": terms[long.index] - MAX_TERMS_DAYS,
            "breach": ~private,
            "note": pd.Series(notes, index=long.index, dtype="str"),
        },
        columns=TERMS_COLUMNS,
    )
    return out.sort_values(["issue_date", "invoice_id"], kind="stable").reset_index(drop=True)
