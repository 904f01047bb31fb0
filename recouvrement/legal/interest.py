"""Late-payment interest and recovery indemnity, per invoice overdue or paid late.

:func:`late_payment_interest` applies each debtor's regime
(:func:`recouvrement.conventions.regimes.regime_of`) to every invoice of a
:class:`~recouvrement.aging.Snapshot` that is overdue or was settled after its due
date: the interest (simple interest, day by day on the outstanding amount, see
:mod:`~recouvrement.legal.accrual`), the fixed indemnity, whether they can be claimed
(no open dispute, no insolvency proceedings) and whether the company claims them (its
claim policy, :mod:`~recouvrement.legal.config`).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from recouvrement import conventions as cv
from recouvrement.aging import Snapshot
from recouvrement.conventions.channels import is_registered
from recouvrement.conventions.law import (
    PENALTY_BASIS,
    UNKNOWN_KIND_LABEL,
)
from recouvrement.legal.accruals import accrue
from recouvrement.legal.config import CLAIM, WAIVE, check_rate, claim_policy_of
from recouvrement.legal.debtors import (
    insolvency_dates,
    kinds_by_code,
    missing_debtors,
    regime_codes,
)
from recouvrement.legal.interest_reasons import interest_reasons
from recouvrement.legal.notices import first_after, logged_actions
from recouvrement.legal.penalty import (
    contractual_rate_of,
)

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

    a = snap.arrays
    d64 = np.datetime64(day, "ns")
    live = (a.ev_inv >= 0) & (a.ev_date <= d64)
    ev_inv, ev_date, ev_amt = a.ev_inv[live], a.ev_date[live], a.ev_amount[live]
    order = np.lexsort((ev_date, ev_inv))
    ev_inv, ev_date, ev_amt = ev_inv[order], ev_date[order], ev_amt[order].astype("int64")
    bounds = np.searchsorted(ev_inv, np.arange(len(a.amount) + 1), side="left")
    cum = np.r_[0, np.cumsum(ev_amt)]

    # overdue or settled late, with the day it was settled (its running total reached it)
    inv = np.flatnonzero((a.issue <= d64) & (a.due < d64))
    amount = a.amount[inv].astype("int64")
    residual = amount - (cum[bounds[inv + 1]] - cum[bounds[inv]])
    settled = np.full(len(inv), np.datetime64("NaT"), dtype="datetime64[ns]")
    done = residual <= 0
    reached = np.searchsorted(cum, amount[done] + cum[bounds[inv[done]]], side="left") - 1
    settled[done] = ev_date[reached]
    keep = ~done | (settled > a.due[inv])
    inv, amount, residual, settled, done = (x[keep] for x in (inv, amount, residual, settled, done))
    if not len(inv):
        return _empty_interest()
    due, issue = a.due[inv], a.issue[inv]
    end = np.where(done, settled, d64)
    early = np.r_[0, np.cumsum(np.where(ev_date <= a.due[ev_inv], ev_amt, 0))]
    base = np.where(done, amount - (early[bounds[inv + 1]] - early[bounds[inv]]), residual)

    # each debtor's kind, regime, insolvency and claim policy
    code = a.inv_debtor[inv]
    kinds = kinds_by_code(ledger, a.debtor_ids)[code]
    reg, regimes = regime_codes(kinds, issue)
    known = reg >= 0
    judged = insolvency_dates(ledger)
    judgment = pd.to_datetime(pd.Series(a.debtor_ids, dtype="object").map(judged))
    judgment = judgment.to_numpy(dtype="datetime64[ns]")[code]
    insolvent = np.isin(a.debtor_ids, list(snap.insolvent))[code]
    missing = np.isin(a.debtor_ids, list(missing_debtors(ledger)))[code]
    used = np.unique(code)
    decided = {
        int(c): policy.decide(str(a.debtor_ids[c]), classes.get(str(a.debtor_ids[c])))
        for c in used.tolist()
    }
    choice = np.array([decided[c][0] for c in code.tolist()], dtype="object")
    origin = np.array([decided[c][1] for c in code.tolist()], dtype="object")

    # from when interest runs: the due date, or the formal notice (individuals)
    on_notice = np.array([r.penalty_from != "due_date" for r in regimes], dtype=bool)
    by_notice = known & on_notice[np.maximum(reg, 0)]
    notice = np.full(len(inv), np.datetime64("NaT"), dtype="datetime64[ns]")
    log = logged_actions(ledger, day, is_registered)
    if by_notice.any() and log is not None:
        rows = np.flatnonzero(by_notice)
        notice[rows] = first_after(
            log, a.invoice_ids[inv[rows]], a.debtor_ids[code[rows]], due[rows]
        )
    start = np.where(by_notice, notice, due)
    stop = np.where(insolvent, np.minimum(end, judgment - _ONE_DAY), end)
    run = np.flatnonzero(known & ~np.isnat(start))
    counts = bounds[inv[run] + 1] - bounds[inv[run]]
    ev_rows = np.repeat(np.arange(len(run)), counts)
    ev_pos = np.repeat(bounds[inv[run]], counts) + (
        np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    )
    got = accrue(
        regimes,
        reg[run],
        amount[run],
        start[run],
        stop[run],
        ev_rows,
        ev_date[ev_pos],
        ev_amt[ev_pos],
        rate,
    )
    error = np.full(len(inv), "", dtype="object")
    error[run] = got.error
    computed = known & (error == "")
    interest = np.where(computed, 0.0, np.nan)
    ok = run[got.error == ""]
    interest[ok] = [c / 100 for c in got.cents[got.error == ""].tolist()]
    columns = {}
    for name, empty in (
        ("interest_start", np.datetime64("NaT", "ns")),
        ("interest_end", np.datetime64("NaT", "ns")),
        ("rate", np.nan),
        ("rate_detail", ""),
        ("floor_applied", False),
        ("provisional", False),
        ("provisional_note", ""),
    ):
        field = {"interest_start": "first", "interest_end": "last", "rate_detail": "detail"}
        values = getattr(got, field.get(name, name))
        column = np.full(len(inv), empty, dtype=values.dtype)
        column[run] = values
        columns[name] = column

    # the fixed indemnity: the regime's, for the invoices issued from its first day
    eur = np.array([r.indemnity_eur for r in regimes] + [np.nan])[reg]
    since = np.array(
        [np.datetime64(r.valid_from, "ns") for r in regimes] + [np.datetime64("NaT", "ns")]
    )[reg]
    too_early = known & (eur > 0) & (issue < since)
    indemnity = np.where(too_early, 0.0, eur)
    disputed = snap.disputed[inv]
    owed = (interest > 0) | (indemnity > 0)
    claimable = computed & owed & ~disputed & ~insolvent
    parts = pd.DataFrame(
        {
            "regime": reg,
            "missing": missing & ~known,
            "no_notice": by_notice & np.isnat(notice),
            "error": error,
            "too_early": too_early,
            "disputed": disputed,
            "insolvent": insolvent,
            "judgment": np.where(insolvent, judgment, np.datetime64("NaT", "ns")),
            "cut": insolvent & (end >= judgment),
            "claimable": claimable,
            "notice": np.where(claimable, notice, np.datetime64("NaT", "ns")),
            "indemnity": claimable & (indemnity > 0),
            "waived": np.where(claimable & (choice == WAIVE), origin, ""),
        }
    )
    ids = pd.Series(a.invoice_ids[inv], dtype="str")
    values = {
        "invoice_id": ids.array,
        "debtor_id": _texts(a.debtor_ids, code),
        "kind": _texts(kinds),
        "regime": _texts([r.label for r in regimes] + [UNKNOWN_KIND_LABEL], reg),
        "basis": _texts([PENALTY_BASIS[r.kind] for r in regimes] + [""], reg),
        "due_date": due,
        "settled_date": settled,
        "days_late": (end - due) // np.timedelta64(1, "D"),
        "notice_date": np.where(computed, notice, np.datetime64("NaT", "ns")),
        "interest_start": columns["interest_start"],
        "interest_end": columns["interest_end"],
        "amount": amount / 100,
        "base": base / 100,
        "residual": np.maximum(residual, 0) / 100,
        "rate": columns["rate"],
        "rate_detail": _texts(columns["rate_detail"]),
        "floor_applied": columns["floor_applied"],
        "interest": interest,
        "indemnity": indemnity,
        "provisional": columns["provisional"],
        "provisional_note": _texts(columns["provisional_note"]),
        "disputed": disputed,
        "insolvent": insolvent,
        "claimable": claimable,
        "policy": _texts(choice),
        "claimed": claimable & (choice == CLAIM),
        "reason": _texts(interest_reasons(parts, regimes, rate, log is not None)),
    }
    # sorted by debtor_id, due_date, invoice_id (debtor codes follow the ids' order)
    rank, _ = pd.factorize(ids, sort=True)
    order = np.lexsort((rank, due.astype("int64"), code))
    out = pd.DataFrame(
        {c: v[order] if isinstance(v, np.ndarray) else v.take(order) for c, v in values.items()},
        columns=INTEREST_COLUMNS,
    )
    return out.astype(INTEREST_DTYPES)


def _texts(labels: object, codes: np.ndarray | None = None) -> pd.api.extensions.ExtensionArray:
    """A text (``str``) column: ``labels[codes]`` (``-1``: the last label), or ``labels``.

    Each distinct text is converted once (a column of the interest table has few:
    regimes, reasons, policies), then taken by code.
    """
    if codes is None:
        codes, labels = pd.factorize(np.asarray(labels, dtype=object), use_na_sentinel=False)
    texts = pd.array(np.asarray(labels, dtype=object), dtype="str")
    return texts.take(np.where(codes < 0, len(texts) - 1, codes))
