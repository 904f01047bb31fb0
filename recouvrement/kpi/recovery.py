"""Recovery and unpaid rates on the cohort convention, in total and per age segment.

A cohort is the overdue, undisputed residual at a date ``D``; its collection is
the cash received on it over the following ``horizon`` months, capped per invoice
at its residual at ``D`` (DOMAIN.md).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from recouvrement import aging
from recouvrement import conventions as cv
from recouvrement.formatting import fmt_date
from recouvrement.kpi.arrays import euros, window
from recouvrement.kpi.engine import KpiContext
from recouvrement.kpi.periods import DEFAULT_HORIZON_MONTHS, MONTHLY_MONTHS, check_months
from recouvrement.kpi.result import KPI_LABELS, KpiResult, ratio_result
from recouvrement.ledger import Ledger

__all__ = ["recovery_by_segment", "recovery_kpi", "recovery_rate", "unpaid_rate"]


def _segment_labels() -> list[str]:
    return cv.RECOVERY_SEGMENTS.labels("due")[1:]


def _segment_slugs() -> dict[str, str]:
    e = cv.RECOVERY_SEGMENTS.edges
    slugs = [f"lt{e[0]}m", *[f"{a}to{b}m" for a, b in zip(e, e[1:], strict=False)], f"gt{e[-1]}m"]
    return dict(zip(_segment_labels(), slugs, strict=True))


def _capped_sum(inv: np.ndarray, amount: np.ndarray, cap: np.ndarray) -> int:
    """Σ over invoices of min(Σ ``amount`` allocated to the invoice, ``cap`` of the invoice)."""
    if len(inv) == 0:
        return 0
    codes, pos = np.unique(inv, return_inverse=True)
    sums = np.bincount(pos, weights=amount, minlength=len(codes)).astype("int64")
    return int(np.minimum(sums, cap[codes]).sum())


@dataclass(frozen=True)
class _Recovery:
    base: int  # cents
    collected: int  # cents, capped per invoice
    n_debtors: int
    cohorts: pd.DataFrame
    text: str  # French description of the cohorts


def _recovery_cohorts(
    ctx: KpiContext, day: pd.Timestamp, horizon: int, months: int, segment: str | None
) -> _Recovery:
    a, ev = ctx.a, ctx.ev
    seg_pos = None
    if segment is not None:
        labels = _segment_labels()
        if segment not in labels:
            raise ValueError(f"unknown segment {segment!r}; choose one of {', '.join(labels)}")
        seg_pos = labels.index(segment) + 1  # position 0 is "Non échu"
    debtors = np.zeros(ctx.n_debtors, dtype=bool)
    rows = []
    total_base = total_collected = 0
    for j in range(months):
        cohort = cv.shift_months(day, -(horizon + j))
        window_end = cv.shift_months(day, -j)
        r = ctx.residual(cohort)
        idx = np.flatnonzero(ctx.overdue_mask(cohort) & ~ctx.disputed(cohort))
        if seg_pos is not None and len(idx):
            _, pos = aging.bucket_codes(
                cv.RECOVERY_SEGMENTS, "due", a.issue[idx], a.due[idx], cohort
            )
            idx = idx[pos == seg_pos]
        in_base = np.zeros(ctx.n, dtype=bool)
        in_base[idx] = True
        w = window(ev.pay_date, cohort, window_end)
        pay_inv, pay_amount = ev.pay_inv[w], ev.pay_amount[w]
        keep = in_base[pay_inv]
        collected = _capped_sum(pay_inv[keep], pay_amount[keep], r)
        base = int(r[idx].sum())
        present = ctx.debtors_present(idx)
        debtors |= present
        total_base += base
        total_collected += collected
        rows.append(
            {
                "cohort": cohort,
                "window_end": window_end,
                "base": euros(base),
                "collected": euros(collected),
                "rate": collected / base * 100 if base > 0 else np.nan,
                "n_debtors": int(present.sum()),
            }
        )
    frame = pd.DataFrame(rows).iloc[::-1].reset_index(drop=True)  # oldest cohort first
    frame = frame.astype({"cohort": cv.DATE_DTYPE, "window_end": cv.DATE_DTYPE})
    first = rows[-1]["cohort"]
    if months == 1:
        text = (
            f"cohorte du {fmt_date(first)}, encaissements du "
            f"{fmt_date(first + pd.Timedelta(days=1))} au {fmt_date(day)} (horizon {horizon} mois)"
        )
    else:
        dates = ", ".join(fmt_date(c) for c in frame["cohort"])
        text = (
            f"glissant {months} mois : {months} cohortes mensuelles ({dates}), chacune encaissée "
            f"sur les {horizon} mois suivants ; taux = Σ encaissements / Σ bases"
        )
    return _Recovery(total_base, total_collected, int(debtors.sum()), frame, text)


def _recovery_key(stem: str, horizon: int, months: int, segment: str | None) -> tuple[str, str]:
    key, extra = stem, []
    if months > 1:
        key += f"_{months}m"
        extra.append(f"glissant {months} mois")
    base_label = KPI_LABELS[stem]
    if horizon != DEFAULT_HORIZON_MONTHS:
        key += f"_h{horizon}"
        if base_label.endswith(" dans le mois"):  # the unpaid rate says its horizon itself
            base_label = base_label.removesuffix("le mois") + f"les {horizon} mois"
        else:
            extra.append(f"horizon {horizon} mois")
    if segment is not None:
        key += f"_{_segment_slugs()[segment]}"
        extra.append(f"retard {segment}")
    label = base_label + (f" ({', '.join(extra)})" if extra else "")
    return key, label


_RECOVERY_BASE_TEXT = (
    "base = reste dû à la date de cohorte D des factures ouvertes et échues (≥ 1 jour de "
    "retard), hors factures en litige ouvert à D, nettes des avoirs et règlements datés ≤ D ; "
    "encaissements = règlements datés de (D, D + horizon] affectés à ces factures, plafonnés "
    "par facture à son reste dû à D (un trop-perçu ne porte jamais une cohorte au-delà de "
    "100 %) ; avoirs et passages en perte après D ne sont pas des encaissements ; un "
    "règlement compte pour sa facture à sa date de lettrage quand elle est postérieure (FEC), "
    "et seuls les règlements encaissés comptent (pas un à-nouveau ni une régularisation)"
)


def recovery_kpi(
    ctx: KpiContext,
    as_of: object,
    *,
    horizon: int,
    months: int,
    segment: str | None,
    unpaid: bool = False,
) -> KpiResult:
    """:func:`recovery_rate` (or :func:`unpaid_rate` with ``unpaid=True``) on a shared context.

    Parameters
    ----------
    ctx : KpiContext
        The ledger's context (shared by :func:`recouvrement.kpi.kpi_pack`).
    as_of, horizon, months, segment
        As in :func:`recovery_rate` (horizon and months in calendar months).
    unpaid : bool
        Return the unpaid rate, 100 − the recovery rate, on the same base.

    Returns
    -------
    KpiResult
        As :func:`recovery_rate` / :func:`unpaid_rate`.

    """
    day = cv.as_date(as_of)
    horizon = check_months(horizon, "horizon")
    months = check_months(months)
    rec = _recovery_cohorts(ctx, day, horizon, months, segment)
    stem = "unpaid_rate" if unpaid else "recovery_rate"
    key, label = _recovery_key(stem, horizon, months, segment)
    scope = f" ; segment {segment} (mois calendaires complets de retard à D)" if segment else ""
    formula = (
        "Part de l'échu hors litige non recouvrée (« taux d'impayés » au sens de 100 − taux "
        "de recouvrement ; ce n'est pas la part des factures impayées) = (base − "
        "encaissements) / base × 100"
        if unpaid
        else "Taux de recouvrement = encaissements / base × 100"
    )
    convention = f"{formula} ; {_RECOVERY_BASE_TEXT}{scope} ; {rec.text}."
    num = rec.base - rec.collected if unpaid else rec.collected
    return ratio_result(
        key,
        "%",
        day,
        months,
        convention,
        num,
        rec.base,
        reason="aucune créance échue hors litige dans la base de la cohorte",
        numerator=euros(num),
        denominator=euros(rec.base),
        n_debtors=rec.n_debtors,
        details=rec.cohorts,
        label=label,
    )


def recovery_rate(
    ledger: Ledger,
    as_of: object,
    *,
    horizon: int = DEFAULT_HORIZON_MONTHS,
    months: int = MONTHLY_MONTHS,
    segment: str | None = None,
) -> KpiResult:
    """Recovery rate ("taux de recouvrement") on the cohort convention, in percent.

    Parameters
    ----------
    ledger : Ledger
        The validated ledger.
    as_of : date-like
        Measurement date; the (latest) cohort is dated ``as_of − horizon`` months.
    horizon : int
        Collection window after the cohort date, in calendar months (default 1).
    months : int
        Number of monthly cohorts: 1 (default), or 3 / 6 for the rolling rates.
    segment : str, optional
        One label of :data:`recouvrement.conventions.RECOVERY_SEGMENTS`
        (``"< 2 mois"``, ``"2-6 mois"``, ``"> 6 mois"``): restricts the base to the
        invoices with that many complete calendar months past due at the cohort date.

    Returns
    -------
    KpiResult
        ``value`` in percent, ``numerator`` = collected (€), ``denominator`` = base
        (€), ``n_debtors`` = distinct debtors in the base (all cohorts),
        ``details`` = one row per cohort (``cohort, window_end, base, collected,
        rate, n_debtors``), oldest first. ``value`` is ``None`` when the base is 0.

    Raises
    ------
    ValueError
        When ``horizon`` or ``months`` is not a whole number ≥ 1, or ``segment`` is
        unknown.

    Notes
    -----
    For a cohort date ``D``::

        base(D)      = Σ residual_D(i)  over invoices i open and overdue at D
                       (due_date < D), not under an open dispute at D
        collected(D) = Σ min(paid_i(D, D + horizon], residual_D(i))
        rate         = Σ_D collected(D) / Σ_D base(D) × 100

    ``residual_D`` is the as-of residual (amount − payments − credit notes −
    write-offs dated ≤ D), hence net of credit notes. Only cash payments count as
    collected; each invoice's collection is capped at its residual at ``D`` so an
    overpayment never takes a cohort above 100 %. The cohorts are
    ``D_j = as_of − (horizon + j)`` months, each collected until
    ``as_of − j`` months, for ``j = 0 … months − 1``: the report for April shows
    the March cohort collected during April. Invoices disputed after ``D`` stay in
    the base. Fewer than 10 debtors in the base → ``significant=False``.

    DOMAIN.md example: 110 000 € overdue at 31 March, 10 000 € of it disputed →
    base 100 000 €; 75 000 € collected by 30 April → 75 %.

    Examples
    --------
    >>> recovery_rate(ledger, "2025-04-30").formatted()  # doctest: +SKIP
    '75,0 %'

    """
    return recovery_kpi(
        KpiContext(ledger), as_of, horizon=horizon, months=months, segment=segment
    )


def unpaid_rate(
    ledger: Ledger,
    as_of: object,
    *,
    horizon: int = DEFAULT_HORIZON_MONTHS,
    months: int = MONTHLY_MONTHS,
    segment: str | None = None,
) -> KpiResult:
    """Unpaid rate = 100 − recovery rate, on the same base: the overdue amount not collected.

    DOMAIN.md calls it « taux d'impayés »; its French label says what it measures, « Part
    de l'échu hors litige non recouvrée dans le mois »: the part of the overdue,
    undisputed residual at the cohort date that the following month did not collect. It
    is not the share of the invoices (or of the encours) that is unpaid.

    Parameters
    ----------
    ledger, as_of, horizon, months, segment
        As in :func:`recovery_rate`.

    Returns
    -------
    KpiResult
        ``value`` in percent, ``numerator`` = base − collected (€),
        ``denominator`` = base (€).

    Notes
    -----
    unpaid = (base − collected) / base × 100 = 100 − recovery rate, with the
    cohort base and the capped collections of :func:`recovery_rate`.

    Examples
    --------
    >>> unpaid_rate(ledger, "2025-04-30").formatted()  # doctest: +SKIP
    '25,0 %'

    """
    return recovery_kpi(
        KpiContext(ledger), as_of, horizon=horizon, months=months, segment=segment, unpaid=True
    )


def recovery_by_segment(
    ledger: Ledger,
    as_of: object,
    *,
    horizon: int = DEFAULT_HORIZON_MONTHS,
    months: int = MONTHLY_MONTHS,
) -> pd.DataFrame:
    """Recovery rate per age segment (``< 2 mois``, ``2-6 mois``, ``> 6 mois``) and in total.

    Parameters
    ----------
    ledger, as_of, horizon, months
        As in :func:`recovery_rate`.

    Returns
    -------
    DataFrame
        One row per segment then ``Total``; columns ``segment``, ``base`` and
        ``collected`` (euros), ``rate`` (percent, NaN when the base is 0),
        ``n_debtors``, ``significant``.

    Notes
    -----
    Each row is :func:`recovery_rate` with ``segment=`` set (the total without);
    segments are complete calendar months past due at each cohort date, so the
    segment bases add up to the total base.

    Examples
    --------
    >>> recovery_by_segment(ledger, "2025-04-30")  # doctest: +SKIP

    """
    ctx = KpiContext(ledger)
    rows = []
    for segment in [*_segment_labels(), None]:
        r = recovery_kpi(ctx, as_of, horizon=horizon, months=months, segment=segment)
        rows.append(
            {
                "segment": segment or cv.TOTAL_LABEL,
                "base": r.denominator if r.available else float(r.details["base"].sum()),
                "collected": r.numerator if r.available else float(r.details["collected"].sum()),
                "rate": np.nan if r.value is None else r.value,
                "n_debtors": r.n_debtors,
                "significant": r.significant,
            }
        )
    return pd.DataFrame(rows).astype(
        {"segment": "str", "n_debtors": "int64", "significant": "bool"}
    )
