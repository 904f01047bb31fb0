"""The month's action plan, carried from the previous month: owner, due date, status.

The plan is the debtors' decisions (:func:`~recouvrement.audit.decisions.debtor_decisions`)
at the audit date, each given an **owner** (a role, :data:`OWNERS`) and a **due date**,
and compared with the decisions of the previous month end, recomputed from the same
ledger as it stood then (the previous report's plan, whether or not that report was
kept: the ledger is the record, a report file is not). Each debtor's status:

- ``nouvelle``: the debtor had no action last month, or another one (a new dunning
  step is a new action: the previous step was carried out);
- ``toujours ouverte``: the same action as last month (same kind, same wording);
- ``réalisée``: the debtor had an action last month and has none now; the ledger says
  why: its open invoices are settled (« solde réglé »), or nothing is left to do
  (« plus aucune action requise »: matched, dispute closed, under the limit again...).

Due date: the decision's deadline (a legal deadline, the planned date of a dunning
step); an action without a deadline is due by the next monthly review (the end of the
following month, :func:`review_date`). A due date on or before the audit date is
overdue: the action is to take at once.
"""

from __future__ import annotations

import pandas as pd

from recouvrement import conventions as cv
from recouvrement.aging import Snapshot

__all__ = [
    "DONE",
    "NEW",
    "OPEN",
    "OWNERS",
    "PLAN_RULES",
    "PLAN_COLUMNS",
    "action_plan",
    "review_date",
]

#: The role that carries out each kind of action (:data:`~recouvrement.audit.decisions.ACTIONS`).
OWNERS: dict[str, str] = {
    "declarer": "Direction financière (avec le conseil juridique)",
    "relever": "Direction financière (avec le conseil juridique)",
    "forclos": "Direction financière et comptabilité",
    "lettrer": "Comptabilité clients",
    "prescription": "Direction financière (avec le conseil juridique)",
    "relancer": "Crédit clients",
    "contentieux": "Crédit clients et direction financière",
    "litige": "Direction commerciale",
    "risque": "Direction commerciale et crédit clients",
    "limite": "Direction commerciale et crédit clients",
}

NEW, OPEN, DONE = "nouvelle", "toujours ouverte", "réalisée"

#: The rules of the plan, in French, for the methodology appendix.
PLAN_RULES = (
    "Plan d'action : une action par débiteur (ordre de priorité des décisions), confiée à "
    "un responsable selon sa nature (crédit clients pour les relances, comptabilité clients "
    "pour le lettrage, direction financière et conseil juridique pour les procédures "
    "collectives et la prescription, direction commerciale pour les litiges et les limites "
    "de crédit). Échéance : la date limite légale ou la date prévue de l'étape de relance ; "
    "sans date limite, la prochaine revue mensuelle (fin du mois suivant) ; une échéance "
    "dépassée est « immédiate ». Statut : comparé au plan de la fin du mois précédent, "
    "recalculé à partir du grand livre tel qu'il était connu à cette date : « nouvelle » "
    "(autre action ou aucune le mois dernier), « toujours ouverte » (même action, même "
    "étape), « réalisée » (action du mois dernier sans suite ce mois : solde réglé, ou plus "
    "aucune action requise)."
)

#: Columns of :func:`action_plan`.
PLAN_COLUMNS = [
    "debtor_id",
    "name",
    "key",
    "action",
    "basis",
    "amount",
    "owner",
    "due",
    "overdue",
    "estimated",
    "status",
    "detail",
]


def review_date(as_of: pd.Timestamp) -> pd.Timestamp:
    """The next monthly review: the end of the month after ``as_of``."""
    return cv.month_end(as_of + pd.offsets.MonthEnd(1))


def action_plan(
    current: pd.DataFrame, previous: pd.DataFrame | None, snap: Snapshot
) -> pd.DataFrame:
    """The month's plan, one row per debtor, with last month's actions carried (module doc).

    Parameters
    ----------
    current : DataFrame
        The decisions at the audit date (``snap.as_of``).
    previous : DataFrame or None
        The decisions at the previous month end; ``None`` when the ledger starts after
        it (every action is then ``nouvelle``).
    snap : Snapshot
        The ledger at the audit date: says whether a debtor of last month's plan is
        settled.

    Returns
    -------
    DataFrame
        :data:`PLAN_COLUMNS`: this month's actions first (by due date, then amount),
        then last month's actions done (``status == "réalisée"``, their amount as it
        was then, no due date).

    """
    as_of = snap.as_of
    review = review_date(as_of)
    now = current.copy()
    now["owner"] = now["key"].map(OWNERS).astype("str")
    now["due"] = now["deadline"].where(now["deadline"].notna(), review)
    now["overdue"] = now["due"] <= as_of
    before = (
        previous.set_index("debtor_id")[["key", "action"]]
        if previous is not None and len(previous)
        else pd.DataFrame(columns=["key", "action"])
    )
    same = now["debtor_id"].map(before["key"]).eq(now["key"]) & now["debtor_id"].map(
        before["action"]
    ).eq(now["action"])
    now["status"] = same.map({True: OPEN, False: NEW})
    gone = before.index.difference(now["debtor_id"])
    done = pd.DataFrame(columns=PLAN_COLUMNS)
    if len(gone):
        old = previous.set_index("debtor_id").loc[gone].reset_index()
        left = snap.items.groupby("debtor_id")["residual"].sum()
        settled = old["debtor_id"].map(left).fillna(0).le(0)
        done = old.assign(
            owner=old["key"].map(OWNERS).astype("str"),
            due=pd.NaT,
            overdue=False,
            status=DONE,
            detail=settled.map({True: "solde réglé", False: "plus aucune action requise"}),
        )
    out = pd.concat([now[PLAN_COLUMNS], done[PLAN_COLUMNS]], ignore_index=True)
    out["due"] = pd.to_datetime(out["due"]).astype("datetime64[ns]")
    out["overdue"] = out["overdue"].astype(bool)
    out["estimated"] = out["estimated"].astype(bool)
    return out
