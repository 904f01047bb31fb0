"""French tables of the dunning audit: calendar, coverage, adherence, effectiveness, actions.

Also the actions logged after their invoice was settled.

From the results of :mod:`recouvrement.dunning` (frames in, frames out).
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from recouvrement.formatting import fmt_date
from recouvrement.report.tables.common import named


def calendar_steps(calendar) -> pd.DataFrame:
    """A dunning calendar's steps: ``Niveau, Jour, Canal, Action``."""
    t = calendar.table()
    return pd.DataFrame(
        {
            "Niveau": t["level"].to_numpy(),
            "Jour": [f"J{d:+d}" if d else "J" for d in t["days"]],
            "Canal": t["channel"].to_numpy(),
            "Action": t["label"].to_numpy(),
        }
    )


def adherence_gaps(
    adherence, names: Mapping[str, str] | pd.Series | None = None, *, n: int = 15
) -> pd.DataFrame:
    """Overdue invoices behind their calendar (late or never dunned), most late first."""
    a = adherence.invoices
    a = a[a["status"].isin(["en retard", "aucune relance"])]
    a = a.sort_values(["days_late", "residual"], ascending=[False, False], kind="stable").head(n)
    return pd.DataFrame(
        {
            "Facture": a["invoice_id"].to_numpy(),
            "Débiteur": named(a, names).to_numpy(),
            "Échéance": a["due_date"].to_numpy(),
            "Reste dû": a["residual"].to_numpy(),
            "Niveau attendu": a["expected_level"].to_numpy(),
            "Niveau atteint": a["logged_level"].fillna(0).astype("int64").to_numpy(),
            "Statut": a["status"].to_numpy(),
            "Jours de retard sur le calendrier": a["days_late"].to_numpy(),
        }
    )


#: The "Facture" cell of an action logged on the debtor, without invoice.
ON_DEBTOR = "toutes (relance du débiteur)"


def after_settlement_table(
    after: pd.DataFrame, names: Mapping[str, str] | pd.Series | None = None, *, n: int = 15
) -> pd.DataFrame:
    """Dunning actions logged after their invoice was settled, the most recent first.

    Parameters
    ----------
    after : DataFrame
        :func:`recouvrement.dunning.actions_after_settlement`.
    names : mapping or Series, optional
        Debtor id -> name.
    n : int
        Rows shown (the ``n`` most recent actions).

    Returns
    -------
    DataFrame
        ``Facture`` (:data:`ON_DEBTOR` for an action on the debtor), ``Débiteur``,
        ``Relance le``, ``Niveau``, ``Canal``, ``Réglée le``, ``Jours après le
        règlement``.

    """
    a = after.sort_values(
        ["date", "debtor_id", "invoice_id"], ascending=[False, True, True], kind="stable"
    ).head(n)
    return pd.DataFrame(
        {
            "Facture": a["invoice_id"].fillna(ON_DEBTOR).to_numpy(),
            "Débiteur": named(a, names).to_numpy(),
            "Relance le": a["date"].to_numpy(),
            "Niveau": a["level"].to_numpy(),
            "Canal": a["channel"].to_numpy(),
            "Réglée le": a["settled_date"].to_numpy(),
            "Jours après le règlement": a["days_after"].to_numpy(),
        }
    )


def effectiveness_table(effectiveness: pd.DataFrame, within_days: int = 15) -> pd.DataFrame:
    """Effectiveness per level: ``Niveau, Action, Relances, Montant relancé, Payé ...``."""
    e = effectiveness
    return pd.DataFrame(
        {
            "Niveau": e["level"].to_numpy(),
            "Action": e["label"].to_numpy(),
            "Relances": e["n_actions"].to_numpy(),
            "Montant relancé": e["amount"].to_numpy(),
            f"Payé sous {within_days} j": e["paid"].to_numpy(),
            "Taux de succès": e["share_paid"].to_numpy(),
        }
    )


def next_actions_table(actions: pd.DataFrame) -> pd.DataFrame:
    """Next dunning actions, one per debtor: ``Débiteur, Niveau, Canal, Action, Date ...``."""
    a = actions
    return pd.DataFrame(
        {
            "Débiteur": a["name"].to_numpy(),
            "Niveau": a["level"].to_numpy(),
            "Canal": a["channel"].to_numpy(),
            "Action": a["label"].to_numpy(),
            "À faire le": a["action_date"].to_numpy(),
            "Statut": a["status"].to_numpy(),
            "Factures": a["n_invoices"].to_numpy(),
            "Montant": a["amount"].to_numpy(),
        },
        index=pd.Index(a["debtor_id"].to_numpy(), name="Code", dtype="str"),
    )


def decisions_table(decisions: pd.DataFrame) -> pd.DataFrame:
    """One action per debtor (:func:`recouvrement.audit.debtor_decisions`), in French."""
    d = decisions
    deadline = d["deadline"].map(fmt_date).where(d["deadline"].notna(), "—")
    deadline = deadline.where(~d["estimated"].astype(bool), deadline + " (estimée)")
    return pd.DataFrame(
        {
            "Débiteur": d["name"].to_numpy(),
            "Action": d["action"].to_numpy(),
            "Fondement": d["basis"].to_numpy(),
            "Échéance": deadline.to_numpy(),
            "Montant": d["amount"].to_numpy(),
        },
        index=pd.Index(d["debtor_id"].to_numpy(), name="Code", dtype="str"),
    )


def cash_matches_table(matches: pd.DataFrame) -> pd.DataFrame:
    """Unapplied credits proposed against open invoices (« Encaissements à lettrer »)."""
    m = matches
    return pd.DataFrame(
        {
            "Débiteur": m["name"].to_numpy(),
            "Encaissement": m["credit_id"].to_numpy(),
            "Nature": m["credit_kind"].to_numpy(),
            "Date": m["credit_date"].to_numpy(),
            "Facture": m["invoice_id"].to_numpy(),
            "Échéance": m["due_date"].to_numpy(),
            "Reste dû": m["invoice_residual"].to_numpy(),
            "Proposé": m["matched"].to_numpy(),
            "Règle": m["rule"].to_numpy(),
        }
    )


def excluded_summary(excluded: pd.DataFrame) -> pd.DataFrame:
    """Invoices never proposed for a reminder, by reason: how many, how much, what to do."""
    x = excluded
    out = (
        x.groupby("reason", sort=False)
        .agg(n=("invoice_id", "size"), amount=("residual", "sum"), todo=("todo", "first"))
        .sort_values(["amount", "n"], ascending=False, kind="stable")
    )
    return pd.DataFrame(
        {
            "Motif": out.index.to_numpy(),
            "Factures": out["n"].to_numpy(),
            "Reste dû": out["amount"].round(2).to_numpy(),
            "À faire": out["todo"].to_numpy(),
        }
    )


def excluded_table(excluded: pd.DataFrame) -> pd.DataFrame:
    """Invoices never proposed for a reminder that still have something due, largest first.

    The invoices settled in full (nothing due) are counted in :func:`excluded_summary`
    only: listing them at 0,00 € would hide the ones that matter.
    """
    x = excluded[excluded["residual"] > 0].sort_values(
        ["residual", "invoice_id"], ascending=[False, True], kind="stable"
    )
    return pd.DataFrame(
        {
            "Facture": x["invoice_id"].to_numpy(),
            "Débiteur": x["name"].to_numpy(),
            "Échéance": x["due_date"].to_numpy(),
            "Reste dû": x["residual"].to_numpy(),
            "Motif": x["reason"].to_numpy(),
            "À faire": x["todo"].to_numpy(),
        }
    )


def coverage_table(coverage) -> pd.DataFrame:
    """:meth:`recouvrement.dunning.Coverage.table` with French columns."""
    return (
        coverage.table()
        .rename(
            columns={
                "n_invoices": "Factures",
                "amount": "Montant",
                "share_invoices": "Part (factures)",
                "share_amount": "Part (montant)",
            }
        )
        .rename_axis("Factures échues")
    )


def adherence_summary_table(adherence) -> pd.DataFrame:
    """The adherence summary per status (:func:`recouvrement.dunning.adherence`), French columns."""
    return adherence.summary.rename(
        columns={
            "n_invoices": "Factures",
            "amount": "Montant",
            "share_invoices": "Part des factures",
            "mean_days_late": "Retard moyen sur le calendrier",
        }
    ).rename_axis("Statut")
