"""French tables of the legal items: claims per debtor and per basis, prescription, long terms.

From the results of :mod:`recouvrement.legal` (frames in, frames out).
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from recouvrement.report.tables.common import named


def claims_table(
    claims: pd.DataFrame, names: Mapping[str, str] | pd.Series | None = None, *, n: int = 15
) -> pd.DataFrame:
    """Interest and indemnities claimable per debtor, largest first, with the company's choice.

    ``Décision``: ``réclamer`` or ``renoncer`` (the claim policy); ``Total réclamable``
    is what the law allows, claimed or waived (the split: :func:`claims_by_basis_table`).
    """
    c = claims[claims["total_claimable"] > 0]
    c = c.sort_values(["total_claimable", "debtor_id"], ascending=[False, True]).head(n)
    return pd.DataFrame(
        {
            "Débiteur": named(c, names).to_numpy(),
            "Régime": c["regime"].to_numpy(),
            "Factures": c["n_invoices"].to_numpy(),
            "Principal échu": c["principal_overdue"].to_numpy(),
            "Pénalités": c["interest"].to_numpy(),
            "Indemnités": c["indemnities"].to_numpy(),
            "Total réclamable": c["total_claimable"].to_numpy(),
            "Décision": c["policy"].to_numpy(),
            "Injonction / petits litiges": c["small_claims"]
            .map({True: "oui", False: "non"})
            .to_numpy(),
        },
        index=pd.Index(c["debtor_id"].to_numpy(), name="Code", dtype="str"),
    )


def claims_by_basis_table(by_basis: pd.DataFrame) -> pd.DataFrame:
    """What the law allows to claim, per legal basis, claimed and waived apart.

    From :func:`recouvrement.legal.claimable_by_basis`: one row per regime and decision,
    money columns ``Intérêts``, ``Indemnités``, ``Total``.
    """
    b = by_basis
    return pd.DataFrame(
        {
            "Régime": b["regime"].to_numpy(),
            "Fondement": b["basis"].to_numpy(),
            "Décision": b["policy"].to_numpy(),
            "Débiteurs": b["n_debtors"].to_numpy(),
            "Factures": b["n_invoices"].to_numpy(),
            "Intérêts": b["interest"].to_numpy(),
            "Indemnités": b["indemnities"].to_numpy(),
            "Total": b["total"].to_numpy(),
        }
    )


def prescription_table(
    watch: pd.DataFrame, names: Mapping[str, str] | pd.Series | None = None
) -> pd.DataFrame:
    """Claims prescribed or prescribing soon, soonest first."""
    w = watch.sort_values(["days_left", "invoice_id"], kind="stable")
    return pd.DataFrame(
        {
            "Facture": w["invoice_id"].to_numpy(),
            "Débiteur": named(w, names).to_numpy(),
            "Échéance": w["due_date"].to_numpy(),
            "Reste dû": w["residual"].to_numpy(),
            "Prescription le": w["prescription_date"].to_numpy(),
            "Jours restants": w["days_left"].to_numpy(),
            "Observation": w["note"].to_numpy(),
        }
    )


def long_terms_table(
    terms: pd.DataFrame, names: Mapping[str, str] | pd.Series | None = None, *, n: int = 15
) -> pd.DataFrame:
    """Invoices with agreed terms above their regime's maximum, longest first."""
    t = terms[terms["breach"]].sort_values(["terms_days", "invoice_id"], ascending=[False, True])
    t = t.head(n)
    return pd.DataFrame(
        {
            "Facture": t["invoice_id"].to_numpy(),
            "Débiteur": named(t, names).to_numpy(),
            "Émise le": t["issue_date"].to_numpy(),
            "Échéance": t["due_date"].to_numpy(),
            "Montant": t["amount"].to_numpy(),
            "Délai (jours)": t["terms_days"].to_numpy(),
            "Maximum légal": [
                f"{m} jours ({b})" for m, b in zip(t["max_terms_days"], t["basis"], strict=True)
            ],
        }
    )
