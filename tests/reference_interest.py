"""The reference of the vectorised :func:`recouvrement.legal.late_payment_interest`.

The per-invoice loop (``Fraction`` and ``Timestamp`` arithmetic, one invoice at a time)
that computed the late-payment interest before it was vectorised (issue 14), kept
verbatim as the documented reference: ``tests/test_legal_vectorised.py`` checks that
the vectorised frame equals this one, cell by cell, on random ledgers and on the
samples. Not used by the package.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from recouvrement import conventions as cv
from recouvrement.aging import Snapshot
from recouvrement.conventions.law import (
    INDEMNITY_FROM_SOURCE,
    INSOLVENCY_INTEREST_STOP,
    INTEREST_LABEL,
    PENALTY_BASIS,
    UNKNOWN_KIND_LABEL,
)
from recouvrement.conventions.regimes import Regime, regime_of
from recouvrement.formatting import fmt_date
from recouvrement.legal.accrual import regime_interest
from recouvrement.legal.config import CLAIM, WAIVE, check_rate, claim_policy_of
from recouvrement.legal.debtors import debtor_kinds, insolvency_dates, missing_debtors
from recouvrement.legal.notices import LoggedDates, formal_notices
from recouvrement.legal.penalty import (
    contractual_applies,
    contractual_not_applicable,
    contractual_rate_of,
)
from recouvrement.legal.rates import RateTableError

#: Columns of :func:`late_payment_interest` and their dtypes, in order.
INTEREST_DTYPES = {
    "invoice_id": "str",
    "debtor_id": "str",
    "kind": "str",
    "regime": "str",
    "basis": "str",
    "due_date": cv.DATE_DTYPE,
    "settled_date": cv.DATE_DTYPE,
    "days_late": "int64",
    "notice_date": cv.DATE_DTYPE,
    "interest_start": cv.DATE_DTYPE,
    "interest_end": cv.DATE_DTYPE,
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
    "policy": "str",
    "claimed": "bool",
    "reason": "str",
}
INTEREST_COLUMNS = list(INTEREST_DTYPES)

_ONE_DAY = pd.Timedelta(days=1)
_REASON_UNKNOWN = (
    "type de débiteur non renseigné : pénalités et indemnité non calculées (renseigner "
    "professionnel, public ou particulier dans la table des débiteurs)"
)
_REASON_MISSING = (
    "débiteur absent de la table des débiteurs : type non renseigné, pénalités non calculées"
)
_REASON_DISPUTED = (
    "facture en litige : pénalités calculées mais non réclamées tant que le litige est ouvert"
)
_REASON_NO_NOTICE = (
    "intérêts au taux légal dus à compter de la mise en demeure (art. 1231-6 du code civil) : "
)
_REASON_NO_PENALTY = (
    "ni pénalités de l'art. L.441-10 du code de commerce ni indemnité forfaitaire "
    "envers un particulier"
)


def _reason_ok(regime: Regime, indemnity: float, notice: pd.Timestamp | None) -> str:
    what = INTEREST_LABEL[regime.kind]
    if notice is not None:
        return (
            f"{what} réclamables à compter de la mise en demeure du {fmt_date(notice)} "
            f"({PENALTY_BASIS[regime.kind]})"
        )
    return f"{what} et indemnité forfaitaire réclamables" if indemnity else f"{what} réclamables"


def _reason_insolvent(day: pd.Timestamp, cut: bool) -> str:
    stop = (
        f" ; intérêts arrêtés au jugement d'ouverture ({INSOLVENCY_INTEREST_STOP})" if cut else ""
    )
    return (
        f"procédure collective ouverte le {fmt_date(day)} : non réclamable directement, "
        f"créance à déclarer au mandataire judiciaire{stop}"
    )


def _indemnity(regime: Regime, issue: pd.Timestamp) -> tuple[float, str]:
    """The fixed indemnity of an invoice issued on ``issue``, and why none (French)."""
    if not regime.indemnity_cents:
        return 0.0, ""
    if issue >= regime.valid_from:
        return regime.indemnity_eur, ""
    return 0.0, (
        f"indemnité forfaitaire de {regime.indemnity_eur:g} € non due : délai de paiement "
        f"commencé avant le {fmt_date(regime.valid_from)} ({INDEMNITY_FROM_SOURCE[regime.kind]})"
    )


def _interest_start(
    regime: Regime, notices: LoggedDates, invoice: str, debtor: str, due: pd.Timestamp
) -> tuple[pd.Timestamp | None, pd.Timestamp | None, str]:
    """From when interest runs: ``(start, notice, reason when it does not run)``."""
    if regime.penalty_from == "due_date":
        return due, None, ""
    notice = notices.first_after(invoice, debtor, due)
    if notice is None:
        missing = (
            "aucune mise en demeure dans le journal des relances"
            if notices.available
            else "pas de journal des relances dans les données"
        )
        return None, None, _REASON_NO_NOTICE + missing
    return notice, notice, ""


def _empty_interest() -> pd.DataFrame:
    """An empty frame of :data:`INTEREST_COLUMNS` with their dtypes."""
    return pd.DataFrame({c: pd.Series([], dtype=t) for c, t in INTEREST_DTYPES.items()})


def late_payment_interest(
    snap: Snapshot,
    *,
    contractual_rate: float | None = None,
    risk_classes: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Late-payment interest and recovery indemnity, per invoice overdue or paid late.

    Parameters
    ----------
    snap : Snapshot
        The ledger at the audit date ``as_of`` (:class:`recouvrement.aging.Snapshot`):
        events and actions dated after it are ignored; interest of open invoices runs
        up to it (inclusive).
    contractual_rate : float, optional
        Contractual penalty rate, percent per year, for the professional debtors.
        ``None`` (default): the company's ``legal: {contractual_rate: ...}`` from
        recouvrement.yml when given, otherwise the legal default (ECB + 10 points).
    risk_classes : mapping, optional
        Debtor id -> risk class (``fiable``, ``modéré``, ``à risque``), for the
        ``by_risk_class`` entries of the company's claim policy.

    Returns
    -------
    DataFrame
        One row per invoice issued ≤ ``as_of`` that is overdue at ``as_of``
        (residual > 0, due date < ``as_of``) or was settled after its due date;
        sorted by ``debtor_id, due_date, invoice_id``. Columns
        :data:`INTEREST_COLUMNS`:

        - ``invoice_id, debtor_id, kind`` (``professionnel``, ``public``,
          ``particulier`` or missing), ``regime`` (the kind's French label,
          ``type non renseigné``), ``basis`` (short legal basis of the interest:
          ``art. L.441-10 C. com.``, ``art. R.2192-31 CCP``, ``art. 1231-6 C. civ.``;
          ``""`` when the kind is unknown), ``due_date``;
        - ``settled_date``: date the residual reached 0 (NaT if still open);
        - ``days_late``: ``(settled_date or as_of) − due_date`` in days;
        - ``notice_date``: the formal notice interest runs from (individuals; NaT
          otherwise); ``interest_start`` and ``interest_end``: first and last day
          bearing interest (NaT when none);
        - ``amount`` (euros), ``base`` (euros: the residual at ``as_of`` for an open
          invoice, the amount outstanding the day after the due date for an invoice
          settled late), ``residual`` (euros at ``as_of``, 0 when settled);
        - ``rate``: the rate used (percent per year; the last half-year charged, or
          the fixed rate of a public buyer; NaN when no day bears interest);
          ``rate_detail``: French, each half-year with its rate and days;
          ``floor_applied``: a contractual rate was raised to the legal floor;
        - ``interest`` (euros, to the cent; NaN when not computed) and ``indemnity``
          (euros: the regime's, 0 for an individual, NaN when the kind is unknown);
        - ``provisional`` (a rate came from beyond the tables) and
          ``provisional_note`` (French, ``""`` when not provisional);
        - ``disputed`` (open dispute at ``as_of``), ``insolvent`` (insolvency date
          ≤ ``as_of``), ``claimable`` (something computed and above zero, not
          disputed, not insolvent), ``policy`` (``réclamer`` or ``renoncer``: the
          company's claim policy for the debtor), ``claimed`` (claimable and
          claimed) and ``reason`` (French).

    Raises
    ------
    ValueError
        Invalid ``as_of``, contractual rate or claim policy (argument or
        recouvrement.yml).

    Notes
    -----
    Simple interest, day by day, from the day after ``start``::

        interest = Σ_{d = start + 1}^{end} residual(d) × rate(d) / 365

    with ``residual(d) = amount − Σ payments, credit notes and write-offs allocated
    to the invoice and dated < d`` (never below 0): a partial payment lowers the base
    from the next day; the day of a payment still bears interest on what was due that
    morning. ``end`` is ``as_of`` for an open invoice, the settlement date for an
    invoice settled late, and at the latest the day before the judgment opening the
    debtor's insolvency proceedings, which stops the running of interest (art.
    L.622-28 code de commerce; the judgment takes effect from the first hour of its
    date). Computed exactly (integer cents × rational rates), rounded half up to the
    cent **once** per invoice; 365 days in leap years too. The regime is the one in
    force on the invoice's issue date:

    - professionals (art. L.441-10 II code de commerce): ``start`` = due date, the rate
      of each half-year (:func:`penalty_rate`: ECB + 10 points, or the contractual rate
      with its floor), 40 € indemnity for the invoices issued from 01/01/2013;
    - public buyers (art. R.2192-31 and D.2192-35 code de la commande publique):
      ``start`` = due date, ECB rate in force on the first day of the half-year in
      which interest started to run (the day after the due date) + 8 points, kept for
      the whole period; a contractual rate does not apply (the reason says so); 40 €
      indemnity for the invoices issued from 16/03/2013;
    - individuals (art. 1231-6 code civil): no penalty of art. L.441-10 and no
      indemnity, ever; interest at the legal interest rate of each half-year ("tous
      les autres cas": the creditor is a professional) from the formal notice, the
      first registered letter logged on the invoice or on its debtor after the due
      date (:func:`~recouvrement.legal.notices.formal_notices`); without one, 0
      and the reason says so.

    An invoice is *settled* when its residual reaches 0, whatever brings it there; it
    is *paid late* when that date is after the due date. Unapplied payments do not
    reduce any base. The kind is :meth:`recouvrement.ledger.Ledger.kinds`' (the
    company's default kind included); a debtor of unknown kind gets NaN interest and
    indemnity, the reason saying whether it is absent from the debtors table.
    Disputed invoices and insolvent debtors are computed but not ``claimable``.
    Interest of a half-year before the tables' first row is not computed (NaN, with
    the reason). The claim policy (``legal: claim_policy`` of recouvrement.yml) takes
    the debtor's own entry, else its risk class's, else the default, else
    ``réclamer``; a waived claim stays ``claimable`` (the law allows it) but not
    ``claimed``.

    Examples
    --------
    >>> late = late_payment_interest(snapshot(ledger, "2025-01-31"))  # doctest: +SKIP
    >>> late.loc[late["claimed"], ["interest", "indemnity"]].sum()  # doctest: +SKIP

    """
    ledger, day = snap.ledger, snap.as_of
    rate = (
        contractual_rate_of(ledger)
        if contractual_rate is None
        else check_rate(contractual_rate, "contractual_rate")
    )
    policy = claim_policy_of(ledger)
    classes = dict(risk_classes or {})
    notices = formal_notices(ledger, day)

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

    rows = []
    for i in np.flatnonzero((a.issue <= d64) & (a.due < d64)):
        amount = int(a.amount[i])
        lo, hi = bounds[i], bounds[i + 1]
        dates = [pd.Timestamp(t) for t in ev_date[lo:hi]]
        amounts = [int(x) for x in ev_amt[lo:hi]]
        due, issue = pd.Timestamp(a.due[i]), pd.Timestamp(a.issue[i])
        residual = amount - sum(amounts)
        if residual > 0:
            settled, end = pd.NaT, day
        else:
            cumulative = np.cumsum(amounts)
            settled = dates[int(np.searchsorted(cumulative, amount, side="left"))]
            if settled <= due:
                continue
            end = settled
        invoice, debtor = str(a.invoice_ids[i]), str(a.debtor_ids[a.inv_debtor[i]])
        kind = kinds.get(debtor)
        regime = regime_of(kind, issue)
        insolvent = debtor in snap.insolvent
        base = (
            residual
            if residual > 0
            else amount - sum(x for t, x in zip(dates, amounts, strict=True) if t <= due)
        )
        choice, origin = policy.decide(debtor, classes.get(debtor))
        row = {
            "invoice_id": invoice,
            "debtor_id": debtor,
            "kind": kind,
            "regime": UNKNOWN_KIND_LABEL if regime is None else regime.label,
            "basis": "" if regime is None else PENALTY_BASIS[regime.kind],
            "due_date": due,
            "settled_date": settled,
            "days_late": int((end - due).days),
            "notice_date": pd.NaT,
            "interest_start": pd.NaT,
            "interest_end": pd.NaT,
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
            "policy": choice,
        }
        reasons: list[str] = []
        computed, notice = False, None
        if regime is None:
            reasons.append(_REASON_MISSING if debtor in missing else _REASON_UNKNOWN)
        else:
            start, notice, why = _interest_start(regime, notices, invoice, debtor, due)
            reasons.append(why)
            stop = end
            if insolvent:
                stop = min(end, insolvency[debtor] - _ONE_DAY)
            try:
                got = (
                    regime_interest(
                        regime,
                        amount,
                        dates,
                        amounts,
                        start,
                        stop,
                        rate if contractual_applies(regime) else None,
                    )
                    if start is not None
                    else None
                )
            except RateTableError as exc:
                reasons.append(f"pénalités non calculées : {exc}")
            else:
                computed = True
                row.update(interest=0.0 if got is None else got.cents / 100, notice_date=notice)
                if got is not None and got.rates:
                    notes = list(dict.fromkeys(pr.note for pr in got.rates if pr.provisional))
                    row.update(
                        interest_start=got.first,
                        interest_end=got.last,
                        rate=got.rates[-1].rate,
                        rate_detail=got.detail,
                        floor_applied=any(pr.floor_applied for pr in got.rates),
                        provisional=bool(notes),
                        provisional_note=" ; ".join(notes),
                    )
            row["indemnity"], no_indemnity = _indemnity(regime, issue)
            reasons += ["" if regime.indemnity_cents else _REASON_NO_PENALTY, no_indemnity]
            if rate is not None and not contractual_applies(regime):
                reasons.append(contractual_not_applicable(regime))
        if row["disputed"]:
            reasons.append(_REASON_DISPUTED)
        if insolvent:
            reasons.append(_reason_insolvent(insolvency[debtor], end >= insolvency[debtor]))
        owed = (row["interest"] or 0) > 0 or (row["indemnity"] or 0) > 0
        row["claimable"] = bool(computed and owed and not row["disputed"] and not insolvent)
        row["claimed"] = row["claimable"] and choice == CLAIM
        if row["claimable"]:
            reasons.insert(0, _reason_ok(regime, row["indemnity"], notice))
            if choice == WAIVE:
                reasons.append(f"l'entreprise renonce à les réclamer (claim_policy : {origin})")
        row["reason"] = " ; ".join(r for r in reasons if r)
        rows.append(row)
    if not rows:
        return _empty_interest()
    out = pd.DataFrame.from_records(rows, columns=INTEREST_COLUMNS).astype(INTEREST_DTYPES)
    return out.sort_values(["debtor_id", "due_date", "invoice_id"], kind="stable").reset_index(
        drop=True
    )
