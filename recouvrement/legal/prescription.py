"""Prescription of open claims, per debtor regime: which invoices are prescribed or soon.

Each regime of :mod:`recouvrement.conventions.regimes` has its period: 5 years from the
due date between professionals (art. L.110-4 code de commerce), 2 years against an
individual (art. L.218-2 code de la consommation), 4 years from 1 January of the year
after the due date against a public buyer (déchéance quadriennale, loi n° 68-1250 of
31 December 1968, art. 1er). A part payment acknowledges the debt and starts the period
again (art. 2240 code civil); against a public buyer, any written claim about the debt
interrupts it too, and the period restarts on 1 January of the year after the
interruption (loi n° 68-1250, art. 2). :func:`prescription_watch` lists the open
invoices whose deadline falls within a horizon.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

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
