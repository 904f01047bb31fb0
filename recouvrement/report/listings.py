"""Detail listings of the monthly report: the rows behind the headline figures.

Pure functions on a :class:`~recouvrement.aging.Snapshot` or the audit results
(frames in, frames out, nothing printed, inputs never modified), so the report
notebook stays a thin sequence of calls. Column names are French: these frames are shown as they are.

- :func:`top_overdue` — the debtors with the largest overdue amount, with the
  number of overdue invoices, the oldest delay and the disputed ones;
- :func:`open_disputes` — invoices under an open dispute at the as-of date;
- :func:`write_offs` — write-offs booked over the period;
- :func:`worst_payers` — debtors whose settled invoices were paid latest.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from recouvrement import conventions as cv
from recouvrement.aging import Snapshot
from recouvrement.conventions.risk import A_RISQUE, FIABLE, MODERE
from recouvrement.ledger import Ledger

__all__ = [
    "abc_segments",
    "adherence_gaps",
    "calendar_steps",
    "claims_table",
    "class_worsening",
    "effectiveness_table",
    "excluded_table",
    "limit_breaches",
    "long_terms_table",
    "next_actions_table",
    "open_disputes",
    "prescription_table",
    "riskiest",
    "risk_classes",
    "top_overdue",
    "worst_payers",
    "write_offs",
]


def _named(frame: pd.DataFrame, names: Mapping[str, str] | pd.Series | None) -> pd.Series:
    mapping = pd.Series(dict(names) if names is not None else {}, dtype="str")
    return frame["debtor_id"].map(mapping).astype("str")


def top_overdue(snap: Snapshot, *, n: int = 10) -> pd.DataFrame:
    """The ``n`` debtors with the largest overdue amount at the snapshot's date.

    Parameters
    ----------
    snap : Snapshot
        The ledger at the as-of date, with the report's bucket scheme.
    n : int
        Number of debtors (default 10).

    Returns
    -------
    DataFrame
        Index ``Code`` (debtor id), columns ``Débiteur, Échu, Part de l'échu`` (percent of
        the portfolio's overdue), the oldest bucket's amount (e.g. ``> 90``),
        ``Factures échues``, ``Retard max.`` (days past due of the oldest overdue
        invoice), ``En litige`` (overdue invoices under an open dispute) and ``Total``
        (the debtor's whole balance, unapplied included). Sorted by overdue amount,
        largest first; ties by debtor id. Empty when nothing is overdue.

    Notes
    -----
    Overdue = Σ of every bucket but ``Non échu``; the share is of the total overdue of
    the portfolio, so the top ``n`` shares sum to the concentration of the overdue.

    """
    ledger, balance = snap.ledger, snap.balance
    labels = snap.buckets.labels()
    late_labels = labels[1:]
    overdue = balance[late_labels].sum(axis=1)
    total_overdue = float(overdue.sum())
    items = snap.items
    late = items[items["days_past_due"] > 0]
    stats = late.groupby("debtor_id").agg(
        factures=("invoice_id", "size"),
        retard=("days_past_due", "max"),
        litiges=("disputed", "sum"),
    )
    chosen = (
        overdue[overdue > 0]
        .rename("overdue")
        .reset_index()
        .sort_values(["overdue", "debtor_id"], ascending=[False, True], kind="stable")
        .head(n)["debtor_id"]
    )
    out = pd.DataFrame(index=pd.Index(chosen, name="Code", dtype="str"))
    out["Débiteur"] = out.index.map(ledger.debtor_names).astype("str")
    out["Échu"] = overdue.reindex(out.index).round(2)
    out["Part de l'échu"] = out["Échu"] / total_overdue * 100 if total_overdue else float("nan")
    out[labels[-1]] = balance[labels[-1]].reindex(out.index)
    out["Factures échues"] = stats["factures"].reindex(out.index).astype("int64")
    out["Retard max."] = stats["retard"].reindex(out.index).astype("int64")
    out["En litige"] = stats["litiges"].reindex(out.index).astype("int64")
    out[cv.TOTAL_LABEL] = balance[cv.TOTAL_LABEL].reindex(out.index)
    return out


def open_disputes(snap: Snapshot) -> pd.DataFrame:
    """Open invoices under a dispute open at the snapshot's date, oldest dispute first.

    Returns
    -------
    DataFrame
        Columns ``Facture, Code, Débiteur, Ouvert le, Jours de litige, Reste dû,
        Jours de retard``. A dispute is open at ``D`` when opened on or before ``D``
        and unresolved or resolved after ``D``; an invoice with several open
        disputes appears once, with the earliest opening date. Invoices fully
        settled at ``as_of`` are not listed (nothing left to recover).

    """
    ledger, day = snap.ledger, snap.as_of
    items = snap.items
    items = items[items["disputed"]]
    disputes = ledger.disputes
    live = disputes[
        (disputes["opened_date"] <= day)
        & (disputes["resolved_date"].isna() | (disputes["resolved_date"] > day))
    ]
    opened = live.groupby("invoice_id")["opened_date"].min().astype(cv.DATE_DTYPE)
    out = pd.DataFrame(
        {
            "Facture": items["invoice_id"].to_numpy(),
            "Code": items["debtor_id"].to_numpy(),
            "Débiteur": items["debtor_id"].map(ledger.debtor_names).astype("str").to_numpy(),
            "Ouvert le": opened.reindex(items["invoice_id"]).to_numpy(),
            "Reste dû": items["residual"].to_numpy(),
            "Jours de retard": items["days_past_due"].clip(lower=0).to_numpy(),
        }
    )
    out.insert(4, "Jours de litige", (day - out["Ouvert le"]).dt.days.astype("int64"))
    return out.sort_values(["Ouvert le", "Facture"], kind="stable").reset_index(drop=True)


def write_offs(ledger: Ledger, as_of: object, *, months: int = 12) -> pd.DataFrame:
    """Write-offs ("pertes sur créances") dated in the ``months`` months ending at ``as_of``.

    Returns
    -------
    DataFrame
        Columns ``Date, Facture, Code, Débiteur, Montant facture, Perte``, by date.
        The period is ``(as_of − months, as_of]`` (calendar months).

    """
    day = cv.as_date(as_of)
    start = cv.shift_months(day, -months)
    w = ledger.write_offs
    w = w[(w["date"] > start) & (w["date"] <= day)]
    inv = ledger.invoices.set_index("invoice_id")
    debtor = w["invoice_id"].map(inv["debtor_id"])
    out = pd.DataFrame(
        {
            "Date": w["date"].to_numpy(),
            "Facture": w["invoice_id"].to_numpy(),
            "Code": debtor.to_numpy(),
            "Débiteur": debtor.map(ledger.debtor_names).astype("str").to_numpy(),
            "Montant facture": w["invoice_id"].map(inv["amount"]).astype("float64").to_numpy(),
            "Perte": w["amount"].to_numpy(),
        }
    )
    return out.sort_values(["Date", "Facture"], kind="stable").reset_index(drop=True)


def worst_payers(
    behaviour: pd.DataFrame, names: Mapping[str, str] | pd.Series | None = None, *, n: int = 15
) -> pd.DataFrame:
    """The ``n`` debtors who paid latest, from :func:`recouvrement.kpi.payment_behaviour`.

    Parameters
    ----------
    behaviour : DataFrame
        Output of :func:`~recouvrement.kpi.payment_behaviour` (one row per debtor).
    names : mapping, optional
        Debtor id -> name.
    n : int
        Rows kept (default 15).

    Returns
    -------
    DataFrame
        Index ``Code``; columns ``Débiteur, Factures réglées, Montant réglé, Délai moyen,
        Retard moyen, Part payée en retard, Retard max.``; sorted by amount-weighted
        days late (largest first), then by amount settled, then id.

    """
    b = behaviour.sort_values(
        ["days_late", "amount", "debtor_id"], ascending=[False, False, True], kind="stable"
    ).head(n)
    out = pd.DataFrame(
        {
            "Débiteur": _named(b, names).to_numpy(),
            "Factures réglées": b["n_invoices"].to_numpy(),
            "Montant réglé": b["amount"].to_numpy(),
            "Délai moyen": b["days_to_pay"].to_numpy(),
            "Retard moyen": b["days_late"].to_numpy(),
            "Part payée en retard": b["share_late"].to_numpy(),
            "Retard max.": b["max_days_late"].to_numpy(),
        },
        index=pd.Index(b["debtor_id"].to_numpy(), name="Code", dtype="str"),
    )
    return out


# ---------------------------------------------------------------------------
# Audit layer tables (dunning, legal, scoring): French columns, report order
# ---------------------------------------------------------------------------
def risk_classes(scores: pd.DataFrame) -> pd.DataFrame:
    """Debtors and encours per risk class (``fiable``, ``modéré``, ``à risque``, unscored).

    Returns
    -------
    DataFrame
        ``Classe, Débiteurs, Encours, Part de l'encours, Échu`` (shares in percent of
        the total encours of the scored and unscored debtors).

    """
    classes = scores["risk_class"].fillna("non noté")
    total = float(scores["encours"].sum())
    rows = []
    for label in (FIABLE, MODERE, A_RISQUE, "non noté"):
        mine = scores[classes == label]
        if label == "non noté" and mine.empty:
            continue
        encours = float(mine["encours"].sum())
        rows.append(
            {
                "Classe": label,
                "Débiteurs": len(mine),
                "Encours": round(encours, 2),
                "Part de l'encours": encours / total * 100 if total else float("nan"),
                "Échu": round(float(mine["overdue"].sum()), 2),
            }
        )
    return pd.DataFrame(rows)


def abc_segments(scores: pd.DataFrame) -> pd.DataFrame:
    """Debtors and encours per value segment A/B/C, with the risk classes crossed.

    Returns
    -------
    DataFrame
        ``Segment, Débiteurs, Encours, Part de l'encours, dont à risque`` (debtors).

    """
    total = float(scores["encours"].sum())
    rows = []
    for seg in ("A", "B", "C"):
        mine = scores[scores["abc"] == seg]
        encours = float(mine["encours"].sum())
        rows.append(
            {
                "Segment": seg,
                "Débiteurs": len(mine),
                "Encours": round(encours, 2),
                "Part de l'encours": encours / total * 100 if total else float("nan"),
                "dont à risque": int((mine["risk_class"] == A_RISQUE).sum()),
            }
        )
    return pd.DataFrame(rows)


def riskiest(scores: pd.DataFrame, *, n: int = 15) -> pd.DataFrame:
    """The ``n`` lowest scores with a positive encours: ``Code, Débiteur, Score, Classe, ...``."""
    s = scores[scores["score"].notna() & (scores["encours"] > 0)]
    s = s.sort_values(["score", "encours", "debtor_id"], ascending=[True, False, True]).head(n)
    return pd.DataFrame(
        {
            "Débiteur": s["name"].to_numpy(),
            "Score": s["score"].to_numpy(),
            "Classe": s["risk_class"].to_numpy(),
            "Segment": s["abc"].to_numpy(),
            "Encours": s["encours"].to_numpy(),
            "Échu": s["overdue"].to_numpy(),
            "Recommandation": s["recommendation"].to_numpy(),
        },
        index=pd.Index(s["debtor_id"].to_numpy(), name="Code", dtype="str"),
    )


def limit_breaches(scores: pd.DataFrame) -> pd.DataFrame:
    """Debtors whose encours exceeds their credit limit, largest excess first."""
    s = scores[scores["limit_breach"].fillna(False).astype(bool)]
    out = pd.DataFrame(
        {
            "Débiteur": s["name"].to_numpy(),
            "Classe": s["risk_class"].to_numpy(),
            "Limite de crédit": s["credit_limit"].to_numpy(),
            "Encours": s["encours"].to_numpy(),
            "Dépassement": (s["encours"] - s["credit_limit"]).round(2).to_numpy(),
        },
        index=pd.Index(s["debtor_id"].to_numpy(), name="Code", dtype="str"),
    )
    return out.sort_values("Dépassement", ascending=False, kind="stable")


def class_worsening(changes: pd.DataFrame) -> pd.DataFrame:
    """Debtors whose risk class worsened since the previous month end."""
    return pd.DataFrame(
        {
            "Débiteur": changes["name"].to_numpy(),
            "Score précédent": changes["previous_score"].to_numpy(),
            "Classe précédente": changes["previous_class"].to_numpy(),
            "Score": changes["score"].to_numpy(),
            "Classe": changes["risk_class"].to_numpy(),
            "Variation": changes["score_change"].to_numpy(),
        },
        index=pd.Index(changes["debtor_id"].to_numpy(), name="Code", dtype="str"),
    )


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
            "Débiteur": _named(a, names).to_numpy(),
            "Échéance": a["due_date"].to_numpy(),
            "Reste dû": a["residual"].to_numpy(),
            "Niveau attendu": a["expected_level"].to_numpy(),
            "Niveau atteint": a["logged_level"].fillna(0).astype("int64").to_numpy(),
            "Statut": a["status"].to_numpy(),
            "Jours de retard sur le calendrier": a["days_late"].to_numpy(),
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


def excluded_table(excluded: pd.DataFrame) -> pd.DataFrame:
    """Invoices never proposed for a reminder, with what to do instead."""
    x = excluded
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


def claims_table(
    claims: pd.DataFrame, names: Mapping[str, str] | pd.Series | None = None, *, n: int = 15
) -> pd.DataFrame:
    """Penalties and indemnities claimable per debtor, largest first."""
    c = claims[claims["total_claimable"] > 0]
    c = c.sort_values(["total_claimable", "debtor_id"], ascending=[False, True]).head(n)
    return pd.DataFrame(
        {
            "Débiteur": _named(c, names).to_numpy(),
            "Factures": c["n_invoices"].to_numpy(),
            "Principal échu": c["principal_overdue"].to_numpy(),
            "Pénalités": c["interest"].to_numpy(),
            "Indemnités": c["indemnities"].to_numpy(),
            "Total réclamable": c["total_claimable"].to_numpy(),
            "Injonction / petits litiges": c["small_claims"]
            .map({True: "oui", False: "non"})
            .to_numpy(),
        },
        index=pd.Index(c["debtor_id"].to_numpy(), name="Code", dtype="str"),
    )


def prescription_table(
    watch: pd.DataFrame, names: Mapping[str, str] | pd.Series | None = None
) -> pd.DataFrame:
    """Claims prescribed or prescribing soon, soonest first."""
    w = watch.sort_values(["days_left", "invoice_id"], kind="stable")
    return pd.DataFrame(
        {
            "Facture": w["invoice_id"].to_numpy(),
            "Débiteur": _named(w, names).to_numpy(),
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
    """Invoices with agreed terms above 60 days from issue, longest first."""
    t = terms[terms["breach"]].sort_values(["terms_days", "invoice_id"], ascending=[False, True])
    t = t.head(n)
    return pd.DataFrame(
        {
            "Facture": t["invoice_id"].to_numpy(),
            "Débiteur": _named(t, names).to_numpy(),
            "Émise le": t["issue_date"].to_numpy(),
            "Échéance": t["due_date"].to_numpy(),
            "Montant": t["amount"].to_numpy(),
            "Délai (jours)": t["terms_days"].to_numpy(),
        }
    )
