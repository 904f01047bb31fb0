# ruff: noqa: E402  (three former modules, verbatim, one after the other)
"""The references of the vectorised claims, prescription watch and long terms.

The per-debtor and per-invoice loops of :func:`recouvrement.legal.claimable_by_debtor`,
:func:`recouvrement.legal.prescription_watch` and
:func:`recouvrement.legal.long_payment_terms` before they were vectorised (issue 14),
kept verbatim as the documented references (one section per former module):
``tests/test_legal_vectorised.py`` checks that the vectorised frames equal them, cell
by cell. Not used by the package.
"""

from __future__ import annotations

# ---------------------------------------------------------------------------
# claims.py
# ---------------------------------------------------------------------------
import numpy as np
import pandas as pd

from recouvrement.aging import to_cents
from recouvrement.conventions import DEBTOR_KINDS
from recouvrement.conventions.law import SMALL_CLAIMS_LIMIT_EUR
from recouvrement.legal.config import CLAIM_CHOICES
from recouvrement.legal.interest import INTEREST_COLUMNS

#: Columns of :func:`claimable_by_debtor` and their dtypes, in order.
CLAIM_DTYPES = {
    "debtor_id": "str",
    "regime": "str",
    "basis": "str",
    "n_invoices": "int64",
    "principal_overdue": "float64",
    "interest": "float64",
    "indemnities": "float64",
    "total_claimable": "float64",
    "policy": "str",
    "claimed": "float64",
    "waived": "float64",
    "claim_total": "float64",
    "small_claims": "bool",
    "provisional": "bool",
}
CLAIM_COLUMNS = list(CLAIM_DTYPES)

#: Columns of :func:`claimable_by_basis` and their dtypes, in order.
BASIS_DTYPES = {
    "kind": "str",
    "regime": "str",
    "basis": "str",
    "policy": "str",
    "n_invoices": "int64",
    "n_debtors": "int64",
    "interest": "float64",
    "indemnities": "float64",
    "total": "float64",
}
BASIS_COLUMNS = list(BASIS_DTYPES)


def _sum_eur(values: pd.Series, *, min_count: int = 0) -> float:
    """Exact sum of euro amounts (via cents); NaN skipped, NaN if fewer than ``min_count``."""
    present = values.dropna()
    if len(present) < min_count:
        return np.nan
    return int(to_cents(present.to_numpy()).sum()) / 100


def _check_interest_frame(frame: pd.DataFrame) -> None:
    """Raise unless ``frame`` has the columns of :func:`late_payment_interest`."""
    missing = [c for c in INTEREST_COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(
            "expected the frame returned by late_payment_interest; missing column(s) "
            + ", ".join(missing)
        )


def _penalties(g: pd.DataFrame, rows: np.ndarray) -> float:
    """Σ interest + Σ indemnity of the ``rows`` of ``g``, exact to the cent."""
    return round(_sum_eur(g.loc[rows, "interest"]) + _sum_eur(g.loc[rows, "indemnity"]), 2)


def _distinct(values: pd.Series) -> str:
    """The distinct non-empty texts of ``values``, in order, joined by `` / ``."""
    return " / ".join(dict.fromkeys(v for v in values.astype("str").tolist() if v))


def claimable_by_debtor(interest_frame: pd.DataFrame) -> pd.DataFrame:
    """What the law allows to claim from each debtor, and what is claimed (policy).

    Parameters
    ----------
    interest_frame : DataFrame
        The result of :func:`late_payment_interest` (not modified).

    Returns
    -------
    DataFrame
        One row per debtor, sorted by ``debtor_id``, columns :data:`CLAIM_COLUMNS`:
        ``regime`` and ``basis`` (the debtor's regime and the legal basis of its
        interest), ``n_invoices`` (invoices overdue or paid late),
        ``principal_overdue`` (Σ residual at ``as_of``, euros), ``interest`` and
        ``indemnities`` (Σ computed, euros; NaN when nothing was computed, e.g. a
        debtor of unknown kind), ``total_claimable`` (Σ interest + indemnity of the
        claimable invoices, what the law allows), split into ``claimed`` and
        ``waived`` by ``policy`` (the company's choice for the debtor, ``réclamer``
        or ``renoncer``), ``claim_total`` (principal of the invoices neither disputed
        nor under insolvency + ``claimed``), ``small_claims`` (0 < ``claim_total`` <
        5 000 €) and ``provisional`` (any rate of the debtor is provisional).

    Notes
    -----
    ``total_claimable = claimed + waived``; ``claim_total = Σ residual (not
    disputed, not insolvent) + claimed``: what is waived is not claimed in court
    either. Sums are exact to the cent. A private debtor's principal counts
    (small-claims procedures are open against anyone), and its interest at the legal
    rate once a formal notice is logged. ``small_claims`` is strict: 5 000,00 € is
    not eligible.

    """
    _check_interest_frame(interest_frame)
    f = interest_frame
    records = []
    for debtor, g in f.groupby("debtor_id", sort=True):
        claimable = g["claimable"].to_numpy(dtype=bool)
        claimed_rows = g["claimed"].to_numpy(dtype=bool)
        pursuable = ~(g["disputed"].to_numpy(dtype=bool) | g["insolvent"].to_numpy(dtype=bool))
        total_claimable = _penalties(g, claimable)
        claimed = _penalties(g, claimed_rows)
        claim_total = round(_sum_eur(g.loc[pursuable, "residual"]) + claimed, 2)
        records.append(
            {
                "debtor_id": debtor,
                "regime": _distinct(g["regime"]),
                "basis": _distinct(g["basis"]),
                "n_invoices": len(g),
                "principal_overdue": _sum_eur(g["residual"]),
                "interest": _sum_eur(g["interest"], min_count=1),
                "indemnities": _sum_eur(g["indemnity"], min_count=1),
                "total_claimable": total_claimable,
                "policy": _distinct(g["policy"]),
                "claimed": claimed,
                "waived": round(total_claimable - claimed, 2),
                "claim_total": claim_total,
                "small_claims": bool(0 < claim_total < SMALL_CLAIMS_LIMIT_EUR),
                "provisional": bool(g["provisional"].any()),
            }
        )
    out = pd.DataFrame.from_records(records, columns=CLAIM_COLUMNS)
    return out.astype(CLAIM_DTYPES)


def claimable_by_basis(interest_frame: pd.DataFrame) -> pd.DataFrame:
    """What the law allows to claim, per legal basis and per decision (claimed or waived).

    Parameters
    ----------
    interest_frame : DataFrame
        The result of :func:`late_payment_interest` (not modified).

    Returns
    -------
    DataFrame
        One row per kind of debtor and policy having claimable invoices, columns
        :data:`BASIS_COLUMNS`: ``kind``, ``regime``, ``basis`` (``art. L.441-10 C.
        com.``, ``art. R.2192-31 CCP``, ``art. 1231-6 C. civ.``), ``policy``
        (``réclamer`` or ``renoncer``), ``n_invoices``, ``n_debtors``, ``interest``,
        ``indemnities`` and ``total`` (euros, exact to the cent); in the order of
        :data:`~recouvrement.conventions.DEBTOR_KINDS`, ``réclamer`` first.

    Notes
    -----
    Σ ``total`` = :func:`interest_totals`' ``total_claimable``; the rows of policy
    ``réclamer`` sum to its ``claimed_total``, those of ``renoncer`` to
    ``waived_total``.

    """
    _check_interest_frame(interest_frame)
    f = interest_frame[interest_frame["claimable"].to_numpy(dtype=bool)]
    records = []
    for kind in DEBTOR_KINDS:
        for choice in CLAIM_CHOICES:
            g = f[(f["kind"] == kind) & (f["policy"] == choice)]
            if g.empty:
                continue
            interest, indemnities = _sum_eur(g["interest"]), _sum_eur(g["indemnity"])
            records.append(
                {
                    "kind": kind,
                    "regime": _distinct(g["regime"]),
                    "basis": _distinct(g["basis"]),
                    "policy": choice,
                    "n_invoices": len(g),
                    "n_debtors": int(g["debtor_id"].nunique()),
                    "interest": interest,
                    "indemnities": indemnities,
                    "total": round(interest + indemnities, 2),
                }
            )
    return pd.DataFrame.from_records(records, columns=BASIS_COLUMNS).astype(BASIS_DTYPES)


def interest_totals(interest_frame: pd.DataFrame) -> pd.Series:
    """Totals of :func:`late_payment_interest`, for the report.

    Returns
    -------
    Series
        ``n_invoices``, ``n_debtors``, ``principal_overdue``, ``interest``,
        ``indemnities`` (all rows, computed values only); what the law allows to
        claim: ``claimable_interest``, ``claimable_indemnities``,
        ``total_claimable``; split by the company's claim policy:
        ``claimed_interest``, ``claimed_indemnities``, ``claimed_total``,
        ``n_debtors_claimed`` and ``waived_interest``, ``waived_indemnities``,
        ``waived_total``, ``n_debtors_waived``; ``provisional`` (any provisional
        rate) and ``provisional_note`` (the distinct French notes, ``""`` when
        none). Euros, exact to the cent. The split by legal basis is
        :func:`claimable_by_basis`.

    Notes
    -----
    ``total_claimable = Σ interest + Σ indemnity`` over the rows with
    ``claimable`` ``= claimed_total + waived_total``; it equals the sum of
    :func:`claimable_by_debtor`'s column, and ``claimed_total`` the sum of its
    ``claimed``.

    """
    _check_interest_frame(interest_frame)
    f = interest_frame
    claimable = f["claimable"].to_numpy(dtype=bool)
    claimed = f["claimed"].to_numpy(dtype=bool)
    waived = claimable & ~claimed
    c_interest = _sum_eur(f.loc[claimable, "interest"])
    c_indemnities = _sum_eur(f.loc[claimable, "indemnity"])
    split = {}
    for name, rows in (("claimed", claimed), ("waived", waived)):
        interest = _sum_eur(f.loc[rows, "interest"])
        indemnities = _sum_eur(f.loc[rows, "indemnity"])
        split[f"{name}_interest"] = interest
        split[f"{name}_indemnities"] = indemnities
        split[f"{name}_total"] = round(interest + indemnities, 2)
        split[f"n_debtors_{name}"] = int(f.loc[rows, "debtor_id"].nunique())
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
            **split,
            "provisional": bool(f["provisional"].any()),
            "provisional_note": " ; ".join(notes),
        },
        dtype="object",
    )


# ---------------------------------------------------------------------------
# prescription.py
# ---------------------------------------------------------------------------


from recouvrement import conventions as cv
from recouvrement.aging import Snapshot
from recouvrement.conventions.law import (
    PART_PAYMENT_BASIS,
    PRESCRIPTION_BASIS,
    UNKNOWN_KIND_LABEL,
    WRITTEN_CLAIM_BASIS,
)
from recouvrement.conventions.regimes import Regime, regime_of
from recouvrement.formatting import fmt_date
from recouvrement.legal.debtors import kinds_of
from recouvrement.legal.notices import written_claims

#: Default horizon of :func:`prescription_watch` (months).
DEFAULT_HORIZON_MONTHS = 6

#: Columns of :func:`prescription_watch` and their dtypes, in order.
PRESCRIPTION_DTYPES = {
    "invoice_id": "str",
    "debtor_id": "str",
    "kind": "str",
    "regime": "str",
    "basis": "str",
    "due_date": cv.DATE_DTYPE,
    "residual": "float64",
    "last_payment_date": cv.DATE_DTYPE,
    "last_claim_date": cv.DATE_DTYPE,
    "start_date": cv.DATE_DTYPE,
    "prescription_years": "int64",
    "prescription_date": cv.DATE_DTYPE,
    "days_left": "int64",
    "prescribed": "bool",
    "note": "str",
}
PRESCRIPTION_COLUMNS = list(PRESCRIPTION_DTYPES)

#: Whether each regime's written claims interrupt its prescription (a public buyer's:
#: loi n° 68-1250, art. 2), by where its period starts.
_CLAIMS_INTERRUPT = {"january_next": True, "due_date": False}

_ONE_DAY = pd.Timedelta(days=1)


def last_day(regime: Regime, start: pd.Timestamp) -> pd.Timestamp:
    """The last day to act of a period of ``regime`` starting at ``start``.

    From a date (due date, part payment), that day is not counted (art. 2229 code
    civil): the last day is ``start + N years`` (5 years from 30/09/2020: 30/09/2025).
    From 1 January (déchéance quadriennale), that day is the first of the period: the
    last day is the 31 December ``N`` years later (from 01/01/2022: 31/12/2025).
    """
    end = start + pd.DateOffset(years=regime.prescription_years)
    return end - _ONE_DAY if regime.prescription_from == "january_next" else end


def deadline(
    regime: Regime,
    due: pd.Timestamp,
    payments: list[pd.Timestamp],
    claims: list[pd.Timestamp],
) -> tuple[pd.Timestamp, pd.Timestamp, str]:
    """``(start, last day to act, French interruption note)`` of one claim under ``regime``.

    Parameters
    ----------
    regime : Regime
        The debtor's regime (its period and where it starts).
    due : Timestamp
        The invoice's due date.
    payments : list of Timestamp
        Part payments allocated to the invoice (each acknowledges the debt).
    claims : list of Timestamp
        Written claims logged on the invoice (counted when the regime's claims
        interrupt, and only when made before the deadline then running: a claim does
        not revive a claim already prescribed).

    """
    start = regime.prescription_start(due)
    events = [(d, PART_PAYMENT_BASIS, "règlement partiel") for d in payments]
    if _CLAIMS_INTERRUPT[regime.prescription_from]:
        events += [(d, WRITTEN_CLAIM_BASIS, "réclamation écrite") for d in claims]
    note = ""
    for day, basis, what in sorted(events):
        if basis == WRITTEN_CLAIM_BASIS and day > last_day(regime, start):
            continue
        restart = regime.prescription_start(day)
        if restart > start:
            start = restart
            note = f"interrompue par {what} du {fmt_date(day)} ({basis})"
    return start, last_day(regime, start), note


def _period_note(regime: Regime) -> str:
    origin = (
        "du 1er janvier suivant l'échéance"
        if regime.prescription_from == "january_next"
        else "de l'échéance"
    )
    return (
        f"{regime.prescription_years} ans à compter {origin} ({regime.label}, "
        f"{PRESCRIPTION_BASIS[regime.kind]})"
    )


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
        Columns :data:`PRESCRIPTION_COLUMNS`: ``invoice_id, debtor_id, kind``,
        ``regime`` (French label of the regime applied), ``basis`` (short legal
        basis), ``due_date, residual`` (euros at ``as_of``), ``last_payment_date``
        (last payment allocated to the invoice, NaT if none), ``last_claim_date``
        (last written claim logged on the invoice, public buyers only, NaT if none),
        ``start_date`` (start of the period running), ``prescription_years``,
        ``prescription_date`` (last day to act), ``days_left`` (negative: already
        prescribed), ``prescribed`` (bool) and ``note`` (French: the period, its
        article, what interrupted it). Sorted by ``prescription_date, invoice_id``.

    Notes
    -----
    Per regime (:func:`deadline`, :func:`last_day`):

    - professional: ``start`` = due date, last day ``start + 5 years`` (art. L.110-4
      code de commerce);
    - individual: ``start`` = due date, last day ``start + 2 years`` (art. L.218-2
      code de la consommation);
    - public buyer: ``start`` = 1 January of the year after the due date, last day
      the 31 December 4 years later (loi n° 68-1250, art. 1er).

    A part payment allocated to the invoice starts the period again (art. 2240 code
    civil): from its date, or for a public buyer from 1 January of the next year.
    Against a public buyer, a written claim logged on the invoice (any channel
    named, except a phone call: :mod:`recouvrement.conventions.channels`) does the
    same if made before the deadline then running (loi n° 68-1250, art. 2);
    actions logged on the debtor without invoice are not counted. Other reminders do
    not interrupt a prescription. When the kind is unknown, the earliest deadline of
    the regimes is kept (prudence). Listed when ``prescription_date ≤ as_of +
    horizon_months``; prescribed when ``as_of > prescription_date``.

    """
    ledger, day = snap.ledger, snap.as_of
    if isinstance(horizon_months, bool) or not isinstance(horizon_months, int | np.integer):
        raise ValueError(f"horizon_months must be a whole number of months, got {horizon_months!r}")
    if horizon_months < 0:
        raise ValueError(f"horizon_months must be ≥ 0, got {horizon_months!r}")
    items = snap.items
    pay = ledger.payments
    pay = pay[pay["invoice_id"].notna() & (pay["date"] <= day)]
    paid = {
        str(k): sorted(pd.Timestamp(d) for d in g) for k, g in pay.groupby("invoice_id")["date"]
    }
    claims = written_claims(ledger, day)
    kinds = kinds_of(ledger, items["debtor_id"])
    records = []
    for invoice, debtor, kind, due, residual in zip(
        items["invoice_id"].astype("str"),
        items["debtor_id"].astype("str"),
        kinds,
        items["due_date"],
        items["residual"],
        strict=True,
    ):
        payments, logged = paid.get(invoice, []), claims.dates(invoice)
        regime = regime_of(kind, due)
        options = (
            [regime]
            if regime is not None
            else [regime_of(k, due) for k in cv.DEBTOR_KINDS if regime_of(k, due) is not None]
        )
        found = [(deadline(r, due, payments, logged), r) for r in options]
        (start, presc, interrupted), chosen = min(found, key=lambda x: (x[0][1], x[1].kind))
        note = _period_note(chosen)
        if regime is None:
            note = f"type de débiteur non renseigné : délai le plus court ({note})"
            note += " retenu par prudence"
        interrupting = _CLAIMS_INTERRUPT[chosen.prescription_from]
        records.append(
            {
                "invoice_id": invoice,
                "debtor_id": debtor,
                "kind": kind,
                "regime": chosen.label if regime is not None else UNKNOWN_KIND_LABEL,
                "basis": PRESCRIPTION_BASIS[chosen.kind],
                "due_date": due,
                "residual": residual,
                "last_payment_date": payments[-1] if payments else pd.NaT,
                "last_claim_date": logged[-1] if logged and interrupting else pd.NaT,
                "start_date": start,
                "prescription_years": chosen.prescription_years,
                "prescription_date": presc,
                "days_left": int((presc - day).days),
                "prescribed": presc < day,
                "note": " ; ".join(n for n in (note, interrupted) if n),
            }
        )
    out = pd.DataFrame.from_records(records, columns=PRESCRIPTION_COLUMNS)
    out = out.astype(PRESCRIPTION_DTYPES)
    out = out[out["prescription_date"] <= cv.shift_months(day, int(horizon_months))]
    return out.sort_values(["prescription_date", "invoice_id"], kind="stable").reset_index(
        drop=True
    )


# ---------------------------------------------------------------------------
# terms.py
# ---------------------------------------------------------------------------


import pandas as pd

from recouvrement import conventions as cv
from recouvrement.conventions.law import PROFESSIONAL, PUBLIC, TERMS_BASIS
from recouvrement.ledger import Ledger

#: Columns of :func:`long_payment_terms` and their dtypes, in order.
TERMS_DTYPES = {
    "invoice_id": "str",
    "debtor_id": "str",
    "kind": "str",
    "regime": "str",
    "basis": "str",
    "issue_date": cv.DATE_DTYPE,
    "due_date": cv.DATE_DTYPE,
    "amount": "float64",
    "terms_days": "int64",
    "max_terms_days": "int64",
    "excess_days": "int64",
    "breach": "bool",
    "note": "str",
}
TERMS_COLUMNS = list(TERMS_DTYPES)

#: The regime whose maximum is checked when the debtor's kind is unknown: the
#: professionals' (most debtors; the flag asks to check the kind).
UNKNOWN_KIND_TERMS = PROFESSIONAL


#: What each kind's check cannot see in the data, said in its note (French).
TERMS_CAVEAT = {
    PROFESSIONAL: "vérifier s'il s'agit de 45 jours fin de mois convenus",
    PUBLIC: (
        "compté de l'émission faute de date de réception de la facture ; 50 jours pour les "
        "établissements publics de santé (art. R.2192-11), non distinguables dans les données"
    ),
}


def _note(regime: Regime, known: bool) -> str:
    cap = regime.max_terms_days
    if not known:
        return (
            f"type de débiteur non renseigné : délai supérieur à {cap} jours après émission, "
            "à vérifier"
        )
    return (
        f"délai supérieur à {cap} jours après émission ({TERMS_BASIS[regime.kind]}) ; "
        f"{TERMS_CAVEAT.get(regime.kind, 'à vérifier')}"
    )


def long_payment_terms(ledger: Ledger) -> pd.DataFrame:
    """Invoices whose agreed payment terms exceed the maximum of their debtor's regime.

    Parameters
    ----------
    ledger : Ledger
        The validated ledger (every invoice, whatever its date or status).

    Returns
    -------
    DataFrame
        Columns :data:`TERMS_COLUMNS`: ``invoice_id, debtor_id, kind, regime``
        (French label), ``basis`` (short legal basis of the maximum), ``issue_date,
        due_date, amount`` (euros), ``terms_days`` (``due_date − issue_date``),
        ``max_terms_days`` (the regime's maximum), ``excess_days`` (``terms_days −
        max_terms_days``), ``breach`` (bool) and ``note`` (French); only the invoices
        above their maximum, sorted by ``issue_date, invoice_id``.

    Notes
    -----
    The regime is the one in force on the issue date:

    - professional: 60 days from the issue date, or 45 days end of month if the
      parties agree so (art. L.441-10 I code de commerce); only the 60-day rule is
      checked, so an invoice on 45 days end of month (at most ~76 days) may be
      flagged although compliant, which the note says;
    - public buyer: 30 days (art. R.2192-10 code de la commande publique), from the
      receipt of the invoice, not in the data: counted from the issue date (the
      terms from receipt are shorter, so a flag is to check); 50 days for public
      health establishments (art. R.2192-11), which the data cannot tell apart, as
      the note says;
    - individual: no legal maximum, never listed;
    - unknown kind: the professionals' 60 days (:data:`UNKNOWN_KIND_TERMS`), flagged
      as a breach to check.

    Due dates repaired from the default terms are never above the maximum.

    """
    inv = ledger.invoices
    kinds = kinds_of(ledger, inv["debtor_id"])
    regimes = [
        regime_of(k, d) or regime_of(UNKNOWN_KIND_TERMS, d)
        for k, d in zip(kinds, inv["issue_date"], strict=True)
    ]
    known = [regime_of(k) is not None for k in kinds]
    caps = pd.Series([r.max_terms_days for r in regimes], index=inv.index, dtype="Float64")
    terms = (inv["due_date"] - inv["issue_date"]).dt.days.astype("int64")
    long = (terms > caps).fillna(False).to_numpy(dtype=bool)
    rows = [i for i, flag in enumerate(long) if flag]
    out = pd.DataFrame(
        {
            "invoice_id": inv["invoice_id"].iloc[rows].to_numpy(),
            "debtor_id": inv["debtor_id"].iloc[rows].to_numpy(),
            "kind": kinds.iloc[rows].to_numpy(),
            "regime": [regimes[i].label if known[i] else UNKNOWN_KIND_LABEL for i in rows],
            "basis": [TERMS_BASIS[regimes[i].kind] for i in rows],
            "issue_date": inv["issue_date"].iloc[rows].to_numpy(),
            "due_date": inv["due_date"].iloc[rows].to_numpy(),
            "amount": inv["amount"].iloc[rows].to_numpy(),
            "terms_days": terms.iloc[rows].to_numpy(),
            "max_terms_days": [regimes[i].max_terms_days for i in rows],
            "excess_days": [int(terms.iloc[i]) - regimes[i].max_terms_days for i in rows],
            "breach": True,
            "note": [_note(regimes[i], known[i]) for i in rows],
        },
        columns=TERMS_COLUMNS,
    )
    out = out.astype(TERMS_DTYPES)
    return out.sort_values(["issue_date", "invoice_id"], kind="stable").reset_index(drop=True)
