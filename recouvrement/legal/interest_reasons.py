"""The French reasons of the late-payment interest rows (:mod:`~recouvrement.legal.interest`).

Each row of :func:`~recouvrement.legal.interest.late_payment_interest` says in French why
its penalties are claimable or not: the debtor's kind unknown, no formal notice, a rate
table that does not cover a half-year, an indemnity not due, a contractual rate that
does not apply, a dispute, insolvency proceedings, a claim waived by the company. The
reasons are built once per distinct combination of those facts.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from recouvrement.conventions.law import (
    INDEMNITY_FROM_SOURCE,
    INSOLVENCY_INTEREST_STOP,
    INTEREST_LABEL,
    PENALTY_BASIS,
)
from recouvrement.conventions.regimes import Regime
from recouvrement.formatting import fmt_date
from recouvrement.legal.penalty import contractual_applies, contractual_not_applicable

__all__ = ["indemnity_note", "interest_reasons", "reason_insolvent", "reason_ok"]

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


def reason_ok(regime: Regime, indemnity: float, notice: pd.Timestamp | None) -> str:
    """Why a row is claimable: what, and from the formal notice when there is one."""
    what = INTEREST_LABEL[regime.kind]
    if notice is not None:
        return (
            f"{what} réclamables à compter de la mise en demeure du {fmt_date(notice)} "
            f"({PENALTY_BASIS[regime.kind]})"
        )
    return f"{what} et indemnité forfaitaire réclamables" if indemnity else f"{what} réclamables"


def reason_insolvent(day: pd.Timestamp, cut: bool) -> str:
    """Why a row of a debtor in insolvency proceedings is not claimable."""
    stop = (
        f" ; intérêts arrêtés au jugement d'ouverture ({INSOLVENCY_INTEREST_STOP})" if cut else ""
    )
    return (
        f"procédure collective ouverte le {fmt_date(day)} : non réclamable directement, "
        f"créance à déclarer au mandataire judiciaire{stop}"
    )


def indemnity_note(regime: Regime) -> str:
    """Why the fixed indemnity is not due: the payment terms started before the regime's."""
    return (
        f"indemnité forfaitaire de {regime.indemnity_eur:g} € non due : délai de paiement "
        f"commencé avant le {fmt_date(regime.valid_from)} ({INDEMNITY_FROM_SOURCE[regime.kind]})"
    )


def interest_reasons(
    parts: pd.DataFrame, regimes: tuple[Regime, ...], rate: float | None, logged: bool
) -> np.ndarray:
    """The French reason of each interest row, written once per distinct combination of its parts.

    Parameters
    ----------
    parts : DataFrame
        One row per interest row: ``regime`` (code into ``regimes``, -1 for an unknown
        kind), ``missing`` (debtor absent from the debtors table), ``no_notice``
        (interest from a formal notice, none logged), ``error`` (the message of a rate
        table that does not cover a half-year, ``""``), ``too_early`` (indemnity not due:
        terms started before the regime's first day), ``disputed``, ``insolvent``,
        ``judgment`` and ``cut`` (the judgment's date; it stopped the interest),
        ``claimable``, ``notice`` (the formal notice of a claimable row, NaT), ``indemnity``
        (a claimable row has an indemnity) and ``waived`` (the origin of the claim
        policy's choice when it waives a claimable row, ``""``).
    regimes : tuple of Regime
        The regimes the codes of ``parts`` index.
    rate : float or None
        The company's contractual rate (checked).
    logged : bool
        Whether the ledger has a dunning log.

    Returns
    -------
    ndarray of object
        The reasons, joined by `` ; `` in the order of ``late_payment_interest``.

    """
    group = parts.groupby(list(parts.columns), sort=False, dropna=False).ngroup().to_numpy()
    _, first = np.unique(group, return_index=True)
    texts = []
    for r in parts.iloc[first].itertuples(index=False):
        reasons: list[str] = []
        regime = regimes[r.regime] if r.regime >= 0 else None
        if regime is None:
            reasons.append(_REASON_MISSING if r.missing else _REASON_UNKNOWN)
        else:
            if r.no_notice:
                reasons.append(
                    _REASON_NO_NOTICE
                    + (
                        "aucune mise en demeure dans le journal des relances"
                        if logged
                        else "pas de journal des relances dans les données"
                    )
                )
            if r.error:
                reasons.append(f"pénalités non calculées : {r.error}")
            if not regime.indemnity_cents:
                reasons.append(_REASON_NO_PENALTY)
            if r.too_early:
                reasons.append(indemnity_note(regime))
            if rate is not None and not contractual_applies(regime):
                reasons.append(contractual_not_applicable(regime))
        if r.disputed:
            reasons.append(_REASON_DISPUTED)
        if r.insolvent:
            reasons.append(reason_insolvent(r.judgment, bool(r.cut)))
        if r.claimable:
            notice = None if pd.isna(r.notice) else r.notice
            reasons.insert(
                0, reason_ok(regime, regime.indemnity_eur if r.indemnity else 0.0, notice)
            )
            if r.waived:
                reasons.append(f"l'entreprise renonce à les réclamer (claim_policy : {r.waived})")
        texts.append(" ; ".join(x for x in reasons if x))
    return np.array(texts, dtype="object")[group]
