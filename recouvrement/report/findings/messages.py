"""The key messages of the report's first pages: the few findings that matter, ranked by cash.

A CFO reads three to five messages, not forty rules. Each message here is one kind of
action of the month's plan (:func:`recouvrement.audit.action_plan`), grouped, or one
claim of the creditor, with **the cash at stake** (euros), the debtors concerned, the
recommended action, the role that carries it out and the date it is due. They are
ranked by the cash at stake, largest first, and at most :data:`MAX_MESSAGES` are kept
(the rule-by-rule findings stay whole in an appendix).

Cash at stake, by message (a rule, quoted in the methodology appendix):

- insolvency proceedings: the open balance of the debtors whose claim is to declare
  or whose relevé de forclusion is to ask (what is lost without the step);
- dunning: the overdue amount of the debtors whose next step is due, of which the
  amount whose planned step is already late;
- cash to match, prescription, exhausted calendars, disputes, risk and limits: the
  amount of each decision (:func:`~recouvrement.audit.debtor_decisions`);
- penalties and indemnities: the total the company claims (its claim policy), the
  waived part excluded;
- DSO above its target: the receivables that the target DSO would free,
  encours × (DSO − objectif) / DSO (at constant sales, the encours is proportional to
  the DSO).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from recouvrement.audit.action_plan import DONE, OWNERS, review_date
from recouvrement.formatting import fmt_count, fmt_days, fmt_eur

__all__ = ["MAX_MESSAGES", "MESSAGE_RULES", "Message", "key_messages"]

#: Most messages shown on the key-messages page.
MAX_MESSAGES = 5

#: Names shown per message before « et N autres ».
NAMES_SHOWN = 3

#: Groups of decision keys, with the message's title (``{amount}``, ``{debtors}``)
#: and its recommended action.
GROUPS: dict[str, tuple[tuple[str, ...], str, str]] = {
    "procedures": (
        ("declarer", "relever"),
        "{amount} de créances sur {debtors} en procédure collective à déclarer "
        "avant forclusion",
        "Déclarer les créances au mandataire judiciaire (ou demander le relevé de "
        "forclusion) avant la date limite",
    ),
    "forclos": (
        ("forclos",),
        "{amount} de créances forcloses sur {debtors} en procédure collective",
        "Constater la perte et la provisionner",
    ),
    "relancer": (
        ("relancer",),
        "{amount} échus à relancer auprès de {debtors}",
        "Engager l'étape de relance prévue par le calendrier",
    ),
    "lettrer": (
        ("lettrer",),
        "{amount} d'encaissements non lettrés couvrant des factures de {debtors}",
        "Lettrer les encaissements avant toute relance",
    ),
    "prescription": (
        ("prescription",),
        "{amount} de créances sur {debtors} bientôt prescrites",
        "Interrompre la prescription : injonction de payer ou reconnaissance de dette",
    ),
    "contentieux": (
        ("contentieux",),
        "{amount} sur {debtors} au calendrier de relance épuisé",
        "Décider la suite : injonction de payer, agence de recouvrement ou perte",
    ),
    "litige": (
        ("litige",),
        "{amount} échus bloqués par des litiges chez {debtors}",
        "Résoudre les litiges avec les équipes commerciales",
    ),
    "risque": (
        ("risque", "limite"),
        "{amount} d'encours sur {debtors} à risque ou au-delà de leur limite de crédit",
        "Paiement comptant ou acompte, livraisons suspendues au-delà de la limite",
    ),
}

#: The rules of the key messages, in French, for the methodology appendix.
MESSAGE_RULES = (
    "Messages clés : les actions du plan du mois regroupées par nature, les pénalités "
    "réclamables et l'écart de DSO à son objectif, classés par montant en jeu décroissant ; "
    f"au plus {MAX_MESSAGES}. Montant en jeu : encours des débiteurs en procédure collective "
    "à déclarer ; montant échu des débiteurs à relancer ; montant de chaque décision pour "
    "les autres actions ; total réclamé des pénalités et indemnités (renonciations "
    "exclues) ; pour le DSO, encours × (DSO − objectif) / DSO, l'encours que l'objectif "
    "libérerait à ventes constantes.",
)


@dataclass(frozen=True)
class Message:
    """One key message: a finding with its cash at stake and who does what by when."""

    key: str
    title: str
    amount: float
    debtors: tuple[str, ...]
    n_debtors: int
    action: str
    owner: str
    due: pd.Timestamp | None
    overdue: bool = False
    detail: str = ""

    @property
    def debtors_text(self) -> str:
        """The names shown, then « et N autres »."""
        if not self.debtors:
            return fmt_count(self.n_debtors, "débiteur") if self.n_debtors else ""
        shown = ", ".join(self.debtors[:NAMES_SHOWN])
        rest = self.n_debtors - min(len(self.debtors), NAMES_SHOWN)
        return f"{shown} et {fmt_count(rest, 'autre')}" if rest > 0 else shown


def _group_message(key: str, rows: pd.DataFrame, as_of: pd.Timestamp) -> Message:
    keys, title, action = GROUPS[key]
    rows = rows.sort_values("amount", ascending=False)
    amount = round(float(rows["amount"].sum()), 2)
    n = len(rows)
    late = rows[rows["overdue"]]
    detail = ""
    if len(late) and key == "relancer":
        detail = (
            f"dont {fmt_eur(late['amount'].sum())} ({fmt_count(len(late), 'débiteur')}) "
            "en retard sur la date prévue par le calendrier"
        )
    elif rows["estimated"].any():
        detail = "date limite estimée (publication au BODACC non renseignée)"
    return Message(
        key=key,
        title=title.format(amount=fmt_eur(amount), debtors=fmt_count(n, "débiteur")),
        amount=amount,
        debtors=tuple(rows["name"].astype(str)),
        n_debtors=n,
        action=action,
        owner=OWNERS[keys[0]],
        due=max(rows["due"].min(), as_of + pd.Timedelta(days=1)),
        overdue=bool(rows["overdue"].any()),
        detail=detail,
    )


def key_messages(
    plan: pd.DataFrame,
    as_of: pd.Timestamp,
    *,
    claimed: float | None = None,
    claimed_debtors: int | None = None,
    dso: tuple[float, float, float] | None = None,
    limit: int = MAX_MESSAGES,
) -> list[Message]:
    """The month's key messages, largest cash at stake first (module docstring).

    Parameters
    ----------
    plan : DataFrame
        :func:`recouvrement.audit.action_plan` (the actions done are ignored).
    as_of : Timestamp
        The audit date: an overdue action is due the next day.
    claimed, claimed_debtors : float and int, optional
        Penalties and indemnities the company claims, and from how many debtors.
    dso : (encours, DSO, target DSO), optional
        For the cash a DSO at its target would free (only when DSO > target).
    limit : int
        How many messages at most.

    """
    todo = plan[plan["status"] != DONE]
    out = []
    for key, (keys, _, _) in GROUPS.items():
        rows = todo[todo["key"].isin(keys)]
        if len(rows) and rows["amount"].sum() > 0:
            out.append(_group_message(key, rows, as_of))
    review = review_date(as_of)
    if claimed and claimed > 0:
        n = int(claimed_debtors or 0)
        out.append(
            Message(
                key="penalites",
                title=f"{fmt_eur(claimed)} de pénalités de retard et d'indemnités "
                f"réclamables à {fmt_count(n, 'débiteur')}",
                amount=round(float(claimed), 2),
                debtors=(),
                n_debtors=n,
                action="Réclamer les pénalités et indemnités dans les relances, selon la "
                "politique de la société",
                owner="Direction financière",
                due=review,
            )
        )
    if dso is not None:
        encours, value, target = dso
        if value > target > 0 and encours > 0:
            freed = round(encours * (value - target) / value, 2)
            out.append(
                Message(
                    key="dso",
                    title=f"{fmt_eur(freed)} de trésorerie immobilisée au-delà de l'objectif "
                    f"de DSO ({fmt_days(value, 0)} pour un objectif de {fmt_days(target, 0)})",
                    amount=freed,
                    debtors=(),
                    n_debtors=0,
                    action="Raccourcir les délais accordés et relancer dès l'échéance",
                    owner="Direction financière et crédit clients",
                    due=review,
                )
            )
    out.sort(key=lambda m: (-m.amount, m.key))
    return out[:limit]

