"""Late-payment penalties and recovery indemnity, per invoice overdue or paid late.

:func:`late_payment_interest` applies art. L.441-10 of the code de commerce to every
invoice of a :class:`~recouvrement.aging.Snapshot` that is overdue or was settled after
its due date: the penalties (simple interest, day by day on the outstanding amount, see
:mod:`~recouvrement.legal.accrual`), the 40 € indemnity, and whether they can be
claimed (professional debtor, no open dispute, no insolvency proceedings).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from recouvrement import conventions as cv
from recouvrement.aging import Snapshot
from recouvrement.conventions.law import (
    PRIVATE,
    PROFESSIONAL,
    RECOVERY_INDEMNITY_EUR,
    RECOVERY_INDEMNITY_FROM,
)
from recouvrement.formatting import fmt_date
from recouvrement.legal.accrual import accrued_interest, segments
from recouvrement.legal.debtors import debtor_kinds, insolvency_dates, missing_debtors
from recouvrement.legal.penalty import (
    PenaltyRate,
    check_rate,
    contractual_rate_of,
    rate_of_half_year,
)
from recouvrement.legal.rates import RateTableError, half_year_start

#: Columns of :func:`late_payment_interest`, in order.
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

_REASON_OK = "pénalités et indemnité forfaitaire réclamables"
_REASON_OK_NO_INDEMNITY = "pénalités réclamables"
_REASON_BEFORE_INDEMNITY = (
    "indemnité forfaitaire de 40 € non due : délai de paiement commencé avant le 01/01/2013 "
    "(décret n° 2012-1115, art. 2)"
)
_REASON_PRIVATE = (
    "débiteur particulier : pénalités de l'art. L.441-10 et indemnité forfaitaire non "
    "applicables (intérêt au taux légal après mise en demeure, non calculé)"
)
_REASON_UNKNOWN = (
    "type de débiteur non renseigné : pénalités et indemnité non calculées (renseigner "
    "professionnel ou particulier dans la table des débiteurs)"
)
_REASON_MISSING = (
    "débiteur absent de la table des débiteurs : type non renseigné, pénalités non calculées"
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
    """An empty frame of :data:`INTEREST_COLUMNS` with their dtypes."""
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


def late_payment_interest(snap: Snapshot, *, contractual_rate: float | None = None) -> pd.DataFrame:
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
    The kind is :meth:`recouvrement.ledger.Ledger.kinds`': a debtor absent from the
    debtors table, or of unknown kind, gets the company's default kind when one is
    configured (and then exactly what a debtor of that kind gets); without one, the
    reason of a debtor absent from the table says so.
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
        else check_rate(contractual_rate, "contractual_rate")
    )

    def rate_of(d: pd.Timestamp) -> PenaltyRate:
        return rate_of_half_year(half_year_start(d), rate)

    a = snap.arrays
    d64 = np.datetime64(day, "ns")
    live = (a.ev_inv >= 0) & (a.ev_date <= d64)
    ev_inv, ev_date, ev_amt = a.ev_inv[live], a.ev_date[live], a.ev_amount[live]
    order = np.lexsort((ev_date, ev_inv))
    ev_inv, ev_date, ev_amt = ev_inv[order], ev_date[order], ev_amt[order]
    bounds = np.searchsorted(ev_inv, np.arange(len(a.amount) + 1), side="left")
    disputed = snap.disputed
    kinds, insolvency = debtor_kinds(ledger), insolvency_dates(ledger)
    missing = missing_debtors(ledger)

    indemnity_from = np.datetime64(RECOVERY_INDEMNITY_FROM, "ns")
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
                cents, used, detail = accrued_interest(
                    segments(amount, dates, amounts, due, end), rate_of
                )
            except RateTableError as exc:
                reasons.append(f"pénalités non calculées : {exc}")
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
            if a.issue[i] >= indemnity_from:
                row["indemnity"] = RECOVERY_INDEMNITY_EUR
            else:
                row["indemnity"] = 0.0
                reasons.append(_REASON_BEFORE_INDEMNITY)
        elif kind == PRIVATE:
            row["indemnity"] = 0.0
            reasons.append(_REASON_PRIVATE)
        else:
            reasons.append(_REASON_MISSING if debtor in missing else _REASON_UNKNOWN)
        if row["disputed"]:
            reasons.append(_REASON_DISPUTED)
        if insolvent:
            reasons.append(_reason_insolvent(insolvent_since))
        row["claimable"] = computed and not row["disputed"] and not insolvent
        if row["claimable"]:
            reasons.insert(0, _REASON_OK if row["indemnity"] else _REASON_OK_NO_INDEMNITY)
        row["reason"] = " ; ".join(reasons)
        rows.append(row)
    if not rows:
        return _empty_interest()
    out = pd.DataFrame.from_records(rows, columns=INTEREST_COLUMNS)
    out = out.astype(_empty_interest().dtypes.to_dict())
    return out.sort_values(["debtor_id", "due_date", "invoice_id"], kind="stable").reset_index(
        drop=True
    )
