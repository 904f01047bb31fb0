"""Losses and risks: bad-debt rate, dispute rate and doubtful receivables.

Bad debts and disputes are flows over the period's invoices; doubtful receivables
are the claims on debtors in insolvency proceedings at the date.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from recouvrement import aging
from recouvrement import conventions as cv
from recouvrement.formatting import fmt_date, fmt_pct
from recouvrement.kpi.arrays import d64, euros, lookup, window
from recouvrement.kpi.engine import KpiContext
from recouvrement.kpi.periods import ANNUAL_MONTHS, check_method, check_months, history_note, period
from recouvrement.kpi.result import KpiResult, make_result, missing_table, ratio_result
from recouvrement.ledger import Ledger

__all__ = [
    "DISPUTE_METHODS",
    "bad_debt_kpi",
    "bad_debt_rate",
    "dispute_kpi",
    "dispute_rate",
    "doubtful_kpi",
    "doubtful_receivables",
]

#: Methods of :func:`dispute_rate`.
DISPUTE_METHODS = ("count", "amount")


def bad_debt_kpi(ctx: KpiContext, as_of: object, months: int) -> KpiResult:
    """Compute :func:`bad_debt_rate` on the shared context ``ctx``."""
    day = cv.as_date(as_of)
    months = check_months(months)
    start, _, ptext = period(day, months)
    convention = (
        "Taux de créances irrécouvrables = passages en perte datés de la période / factures TTC "
        "émises sur la période × 100 (flux de la période : les pertes peuvent porter sur des "
        f"factures plus anciennes) ; {ptext}{history_note(ctx.a.issue, start)}."
    )
    if not ctx.ledger.has("write_offs"):
        return make_result(
            "bad_debt_rate", "%", day, months, convention, reason=missing_table("write_offs")
        )
    mask = ctx.invoiced(start, day)
    invoiced = int(ctx.a.amount[mask].sum())
    w = window(ctx.ev.wo_date, start, day)
    lost = int(ctx.ev.wo_cum[w.stop] - ctx.ev.wo_cum[w.start])
    n_debtors = int(ctx.debtors_present(mask).sum())
    return ratio_result(
        "bad_debt_rate",
        "%",
        day,
        months,
        convention,
        lost,
        invoiced,
        reason="aucune facture émise sur la période",
        numerator=euros(lost),
        denominator=euros(invoiced),
        keep=("numerator",),
        n_debtors=n_debtors,
    )


def bad_debt_rate(ledger: Ledger, as_of: object, *, months: int = ANNUAL_MONTHS) -> KpiResult:
    """Bad-debt rate ("taux de créances irrécouvrables"), in percent.

    Parameters
    ----------
    ledger : Ledger
        The validated ledger.
    as_of : date-like
        The date the KPI is measured at (end of its period).
    months : int
        Length of the period in calendar months (default 12, rolling).

    Returns
    -------
    KpiResult
        ``value`` in percent; ``numerator`` = write-offs (€), ``denominator`` =
        invoiced (€); ``n_debtors`` = debtors invoiced in the period. ``None``
        without a ``write_offs`` table (an empty but provided table gives 0 %) or
        when nothing was invoiced.

    Notes
    -----
    rate = Σ write-offs dated in (start, as_of] / Σ invoices (TTC, gross) issued in
    (start, as_of] × 100. A flow ratio: the write-offs may concern invoices issued
    before the period.

    Examples
    --------
    >>> bad_debt_rate(ledger, "2025-04-30").formatted()  # doctest: +SKIP

    """
    return bad_debt_kpi(KpiContext(ledger), as_of, months)


def dispute_kpi(ctx: KpiContext, as_of: object, months: int, method: str) -> KpiResult:
    """Compute :func:`dispute_rate` on the shared context ``ctx``."""
    day = cv.as_date(as_of)
    months = check_months(months)
    method = check_method(method, DISPUTE_METHODS)
    start, _, ptext = period(day, months)
    key = "dispute_rate" if method == "count" else "dispute_rate_amount"
    what = "nombre" if method == "count" else "montant TTC"
    convention = (
        f"Taux de litige ({what}) = factures émises sur la période ayant un litige ouvert au plus "
        f"tard à la date d'arrêté (résolu ou non) / factures émises sur la période × 100 ; {ptext}."
    )
    if not ctx.ledger.has("disputes"):
        return make_result(key, "%", day, months, convention, reason=missing_table("disputes"))
    a = ctx.a
    flagged = np.zeros(ctx.n, dtype=bool)
    opened = (a.dispute_open <= d64(day)) & (a.dispute_inv >= 0)
    flagged[a.dispute_inv[opened]] = True
    mask = ctx.invoiced(start, day)
    n_debtors = int(ctx.debtors_present(mask).sum())
    if method == "count":
        num, den = int((mask & flagged).sum()), int(mask.sum())
    else:
        num, den = euros(a.amount[mask & flagged].sum()), euros(a.amount[mask].sum())
    return ratio_result(
        key,
        "%",
        day,
        months,
        convention,
        num,
        den,
        reason="aucune facture émise sur la période",
        numerator=num,
        denominator=den,
        n_debtors=n_debtors,
    )


def dispute_rate(
    ledger: Ledger, as_of: object, *, months: int = ANNUAL_MONTHS, method: str = "count"
) -> KpiResult:
    """Dispute rate ("taux de litige"), in percent.

    Parameters
    ----------
    ledger : Ledger
        The validated ledger.
    as_of : date-like
        The date the KPI is measured at (end of its period).
    months : int
        Length of the period in calendar months (default 12).
    method : {"count", "amount"}
        Ratio of invoice counts (default) or of invoice amounts (TTC).

    Returns
    -------
    KpiResult
        ``value`` in percent; ``n_debtors`` = debtors invoiced in the period.
        ``None`` without a ``disputes`` table or when no invoice was issued.

    Notes
    -----
    rate = #invoices issued in (start, as_of] with a dispute opened ≤ as_of (open
    or resolved since) / #invoices issued in (start, as_of] × 100; with
    ``method="amount"`` the counts are replaced by the invoice amounts.

    Examples
    --------
    >>> dispute_rate(ledger, "2025-04-30").formatted()  # doctest: +SKIP

    """
    return dispute_kpi(KpiContext(ledger), as_of, months, method)


def doubtful_kpi(ctx: KpiContext, as_of: object) -> KpiResult:
    """Compute :func:`doubtful_receivables` on the shared context ``ctx``."""
    day = cv.as_date(as_of)
    convention = (
        "Créances douteuses = Σ restes dus au "
        f"{fmt_date(day)} des factures ouvertes des débiteurs en procédure collective "
        "(date de jugement ≤ date d'arrêté ; créances gelées). Le contrat de données n'a pas de "
        "marquage « douteux » : seules les procédures collectives sont retenues. Part de "
        "l'encours = numérateur / dénominateur (encours net à la date)."
    )
    key = "doubtful_receivables"
    if not ctx.ledger.has("debtors"):
        return make_result(key, "€", day, None, convention, reason=missing_table("debtors"))
    a = ctx.a
    r = ctx.residual(day)
    insolvent = ctx.insolvent(day)
    open_ = r > 0
    mask = open_ & insolvent[a.inv_debtor]
    per_debtor = np.bincount(a.inv_debtor[mask], weights=r[mask], minlength=ctx.n_debtors).astype(
        "int64"
    )
    n_open = np.bincount(a.inv_debtor[mask], minlength=ctx.n_debtors)
    deb = ctx.ledger.debtors
    sel = deb[aging.insolvent_mask(deb["insolvency_date"], day)]
    codes = lookup(sel["debtor_id"], a.debtor_ids)
    known = codes >= 0
    residual = np.where(known, per_debtor[np.where(known, codes, 0)], 0)
    count = np.where(known, n_open[np.where(known, codes, 0)], 0)
    details = pd.DataFrame(
        {
            "debtor_id": sel["debtor_id"].to_numpy(),
            "name": sel["name"].to_numpy(),
            "insolvency_date": sel["insolvency_date"].to_numpy(dtype="datetime64[ns]"),
            "n_open_invoices": count.astype("int64"),
            "residual": aging.to_euros(residual),
        }
    ).astype({"debtor_id": "str", "name": "str"})
    details = details.sort_values(["residual", "debtor_id"], ascending=[False, True]).reset_index(
        drop=True
    )
    total = int(per_debtor.sum())
    encours = ctx.encours(day)
    share = f" Soit {fmt_pct(total / encours * 100)} de l'encours." if encours > 0 else ""
    return make_result(
        key,
        "€",
        day,
        None,
        convention + share,
        value=euros(total),
        numerator=euros(total),
        denominator=euros(encours),
        n_debtors=int((count > 0).sum()),
        details=details,
    )


def doubtful_receivables(ledger: Ledger, as_of: object) -> KpiResult:
    """Doubtful receivables ("créances douteuses"): debtors in insolvency proceedings, in euros.

    Parameters
    ----------
    ledger : Ledger
        The validated ledger.
    as_of : date-like
        The date the KPI is measured at (end of its period).

    Returns
    -------
    KpiResult
        ``value`` = ``numerator`` = residual of the open invoices of debtors in
        insolvency proceedings (€); ``denominator`` = encours at ``as_of`` (€), so
        that numerator / denominator is the share of the encours; ``n_debtors`` =
        debtors in proceedings with open invoices; ``details`` = one row per debtor
        in proceedings (``debtor_id, name, insolvency_date, n_open_invoices,
        residual``), largest first. ``None`` without a ``debtors`` table.

    Notes
    -----
    value = Σ residual at ``as_of`` of the open invoices of debtors whose
    ``insolvency_date ≤ as_of``; share = value / encours at ``as_of`` × 100.

    DOMAIN.md: "amount flagged doubtful, plus debtors in insolvency proceedings".
    The data contract has no "doubtful" flag, so only debtors whose
    ``insolvency_date ≤ as_of`` are counted (their claims are frozen). 0 € is a
    legitimate result when the debtors table is provided and no debtor is in
    proceedings.

    Examples
    --------
    >>> doubtful_receivables(ledger, "2025-04-30").details  # doctest: +SKIP

    """
    return doubtful_kpi(KpiContext(ledger), as_of)
