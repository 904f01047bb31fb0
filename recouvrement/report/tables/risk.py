"""French tables of the risk scoring: classes, ABC segments, riskiest debtors, breaches.

From :func:`recouvrement.scoring.risk_scores` and
:func:`recouvrement.scoring.class_changes` (frames in, frames out).
"""

from __future__ import annotations

import pandas as pd

from recouvrement.conventions.risk import A_RISQUE, FIABLE, MODERE


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
    """The ``n`` lowest scores with a positive encours: ``Code, Débiteur, Score, Classe, ...``.

    The recommendation of each class is said once, under the table, not on every row.
    """
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
