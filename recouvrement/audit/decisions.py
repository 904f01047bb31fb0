"""One debtor, one action: the decision from which the plan, the summary and the letters derive.

A debtor may qualify for several measures at once (a reminder is due, it is rated
« à risque », it exceeds its limit, it is in insolvency proceedings...). Printed side
by side they contradict each other (a reminder to a company in liquidation). Here each
debtor with an open balance gets **one** action, the first that applies in this order:

1. **insolvency proceedings** (judgment on or before the audit date): no reminder, no
   letter, no penalty claim; declare the claim to the *mandataire judiciaire* within
   two months of the BODACC publication (art. R.622-24 code de commerce); past it, ask
   the *juge-commissaire* for a *relevé de forclusion* within six months of the
   publication (art. L.622-26); past that, the undeclared claim cannot be asserted in
   the proceedings (write-off to consider). Without a publication date, the
   publication is estimated at the judgment + :data:`PUBLICATION_DELAY_DAYS` days (the
   registrar publishes within fifteen days, art. R.621-8) and the deadline is marked
   « estimée »;
2. **cash to match**: an unapplied payment or credit note of the debtor covers open
   invoices and nothing else is to dun: match it (cash before dunning);
3. **prescription**: a claim becomes time-barred within :data:`PRESCRIPTION_ACT_DAYS`
   days: a reminder does not interrupt it, only a claim in court or an acknowledgement
   of debt does (art. 2240 and 2241 code civil), so the action is to act in court
   (*injonction de payer*) or obtain the acknowledgement, before the date;
4. **dunning**: the next step of its dunning calendar
   (:func:`recouvrement.dunning.next_actions`), with its letter;
5. **calendar exhausted**: every step done, decide between litigation and write-off;
6. **dispute**: every overdue invoice is disputed: resolve the dispute first;
7. **risk**: no overdue to dun but the debtor is « à risque » or over its credit
   limit: the scoring's measure (cash or deposit, deliveries held beyond the limit).

A debtor with nothing to do is not listed.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from recouvrement import aging
from recouvrement.aging import Snapshot
from recouvrement.conventions.risk import A_RISQUE
from recouvrement.dunning import REASON_EXHAUSTED, NextActions
from recouvrement.formatting import fmt_count, fmt_date, fmt_eur

__all__ = [
    "ACTIONS",
    "DECISION_COLUMNS",
    "DUNNED_KEYS",
    "PRESCRIPTION_ACT_DAYS",
    "PUBLICATION_DELAY_DAYS",
    "debtor_decisions",
]

#: Days between an insolvency judgment and its BODACC publication, when the data does not
#: give the publication (the registrar publishes within 15 days, art. R.621-8 C. com.).
PUBLICATION_DELAY_DAYS = 15
#: Months from the publication to declare a claim (art. R.622-24 C. com.).
DECLARATION_MONTHS = 2
#: Months from the publication to ask for a relevé de forclusion (art. L.622-26 C. com.).
FORECLOSURE_RELIEF_MONTHS = 6
#: A claim prescribing within this many days calls for a claim in court, not a reminder.
PRESCRIPTION_ACT_DAYS = 183

#: The actions, by key: (French label, what it rests on).
ACTIONS: dict[str, tuple[str, str]] = {
    "declarer": (
        "Déclarer la créance au mandataire judiciaire",
        "art. L.622-24 et R.622-24 C. com. : deux mois à compter de la publication au BODACC",
    ),
    "relever": (
        "Demander un relevé de forclusion au juge-commissaire",
        "art. L.622-26 C. com. : six mois à compter de la publication au BODACC",
    ),
    "forclos": (
        "Créance non déclarée dans les délais : envisager le passage en perte",
        "art. L.622-26 C. com. : créance inopposable à la procédure",
    ),
    "lettrer": (
        "Lettrer les encaissements non affectés avant toute relance",
        "tableau « Encaissements à lettrer »",
    ),
    "prescription": (
        "Interrompre la prescription : injonction de payer ou reconnaissance de dette",
        "art. 2240 et 2241 C. civ. ; une relance n'interrompt pas la prescription",
    ),
    "relancer": ("", "calendrier de relance de l'entreprise"),
    "contentieux": (
        "Décider la suite : injonction de payer, agence de recouvrement ou passage en perte",
        "calendrier de relance épuisé",
    ),
    "litige": ("Résoudre le litige avant toute relance", "factures échues toutes en litige"),
    "risque": (
        "Exiger un paiement comptant ou un acompte pour les prochaines commandes",
        "classe de risque « à risque » (score)",
    ),
    "limite": (
        "Suspendre les livraisons au-delà de la limite de crédit",
        "encours supérieur à la limite de crédit",
    ),
}

#: The actions that pursue the debtor for payment (a reminder may be recommended).
DUNNED_KEYS = ("relancer", "contentieux", "prescription", "risque", "limite")

#: Columns of :func:`debtor_decisions`.
DECISION_COLUMNS = [
    "debtor_id",
    "name",
    "key",
    "action",
    "basis",
    "deadline",
    "estimated",
    "amount",
    "detail",
]


def debtor_decisions(
    snap: Snapshot,
    plan: NextActions | None,
    *,
    prescription: pd.DataFrame | None = None,
    scores: pd.DataFrame | None = None,
    covered: Mapping[str, float] | pd.Series | None = None,
) -> pd.DataFrame:
    """One action per debtor with an open balance at the audit date (module docstring).

    Parameters
    ----------
    snap : Snapshot
        The ledger at the audit date.
    plan : NextActions or None
        The dunning plan (:func:`recouvrement.dunning.next_actions`).
    prescription : DataFrame, optional
        :func:`recouvrement.legal.prescription_watch` at the audit date.
    scores : DataFrame, optional
        :func:`recouvrement.scoring.risk_scores` (``risk_class``, ``limit_breach``).
    covered : mapping or Series, optional
        Invoice id -> euros an unapplied credit of its debtor is proposed to settle.

    Returns
    -------
    DataFrame
        :data:`DECISION_COLUMNS`: ``key`` (of :data:`ACTIONS`), ``action`` (French),
        ``basis`` (the rule or article), ``deadline`` (NaT when none),
        ``estimated`` (the deadline rests on an estimated publication date),
        ``amount`` (euros at stake), ``detail`` (French). Sorted by deadline (none
        last), then amount descending.

    """
    items = snap.items
    names = snap.ledger.debtor_names.to_dict()
    open_by = _cents_by(items["debtor_id"], items["residual"])
    rules: list[pd.DataFrame] = []

    judged = _insolvency(snap)
    for key in ("declarer", "relever", "forclos"):
        mine = judged[(judged["key"] == key).to_numpy(dtype=bool)]
        mine = mine[np.array([open_by.get(d, 0) > 0 for d in mine.index], dtype=bool)]
        rules.append(
            _rule(
                mine.index,
                key,
                [open_by[d] / 100 for d in mine.index],
                deadline=mine["deadline"],
                estimated=mine["estimated"],
                detail=mine["detail"],
            )
        )
    cover = pd.Series(covered if covered is not None else {}, dtype="float64")
    proposed = set(plan.actions["debtor_id"]) if plan is not None else set()
    if len(cover):
        by = items.set_index("invoice_id")["debtor_id"]
        debtor = by.reindex(cover.index.astype("str"))
        cents = _cents_by(debtor, cover)
        cash = [d for d in cents.index if d not in proposed]
        rules.append(_rule(cash, "lettrer", [cents[d] / 100 for d in cash], detail=_NOTHING_ELSE))
    if prescription is not None and len(prescription):
        soon = prescription[
            ~prescription["prescribed"] & (prescription["days_left"] <= PRESCRIPTION_ACT_DAYS)
        ]
        g = soon.groupby("debtor_id", sort=True)
        first, count = g["prescription_date"].min(), g.size()
        cents = _cents_by(soon["debtor_id"], soon["residual"])
        rules.append(
            _rule(
                first.index,
                "prescription",
                [cents[d] / 100 for d in first.index],
                deadline=first,
                detail=[
                    f"{fmt_count(n, 'facture prescrite', 'factures prescrites')} "
                    f"le {fmt_date(day)} au plus tôt"
                    for n, day in zip(count.tolist(), first.tolist(), strict=True)
                ],
            )
        )
    if plan is not None:
        acts = plan.actions
        rules.append(
            _rule(
                acts["debtor_id"],
                "relancer",
                acts["amount"],
                action=acts["label"].astype("object").map(str),
                deadline=acts["action_date"],
                detail=[
                    f"niveau {lvl} ({ch}), {fmt_count(n, 'facture')}"
                    for lvl, ch, n in zip(
                        acts["level"], acts["channel"], acts["n_invoices"], strict=True
                    )
                ],
            )
        )
        left = plan.excluded
        exhausted = left[left["reason"] == REASON_EXHAUSTED]
        cents = _cents_by(exhausted["debtor_id"], exhausted["residual"])
        rules.append(_rule(cents.index, "contentieux", cents.to_numpy() / 100))
    overdue = items[items["days_past_due"] >= 1]
    disputed = overdue.groupby("debtor_id")["disputed"].agg(["all", "size"])
    cents = _cents_by(overdue["debtor_id"], overdue["residual"])
    litige = disputed.index[disputed["all"].to_numpy(dtype=bool)]
    rules.append(_rule(litige, "litige", [cents[d] / 100 for d in litige]))
    if scores is not None and len(scores):
        s = scores[scores["encours"] > 0]
        risky = s[s["risk_class"] == A_RISQUE]
        rules.append(_rule(risky["debtor_id"], "risque", risky["encours"]))
        over = s[s["limit_breach"].fillna(False).astype(bool)]
        rules.append(
            _rule(
                over["debtor_id"],
                "limite",
                over["encours"] - over["credit_limit"],
                detail=[f"limite de crédit {fmt_eur(x)}" for x in over["credit_limit"]],
            )
        )
    # one action per debtor: the first rule that applies
    rules = [r for r in rules if len(r)]
    every = pd.concat(rules, ignore_index=True) if rules else None
    columns = [c for c in DECISION_COLUMNS if c != "name"]
    if every is None:
        out = pd.DataFrame(columns=columns)
    else:
        out = every.drop_duplicates("debtor_id", keep="first")[columns]
    out["name"] = out["debtor_id"].map(names).astype("str")
    out["deadline"] = pd.to_datetime(out["deadline"]).astype("datetime64[ns]")
    out["cents"] = aging.to_cents(out["amount"].astype("float64"))
    out = out.sort_values(
        ["deadline", "cents", "debtor_id"], ascending=[True, False, True], na_position="last"
    )
    return out[DECISION_COLUMNS].reset_index(drop=True)


_NOTHING_ELSE = "aucune autre facture à relancer"


def _cents_by(debtors: pd.Series, euros: pd.Series) -> pd.Series:
    """Σ euros per debtor, exact (via cents), as integer cents indexed by debtor id (str)."""
    keys = pd.Series(np.asarray(debtors, dtype=object)).map(
        lambda d: d if isinstance(d, str) else (None if pd.isna(d) else str(d))
    )
    cents = pd.Series(aging.to_cents(np.asarray(euros, dtype="float64")))
    return cents.groupby(keys.to_numpy(), sort=True).sum()


def _rule(debtors: object, key: str, amounts: object, **extra: object) -> pd.DataFrame:
    """The rows of one rule: one per debtor, with the action's defaults from :data:`ACTIONS`.

    ``extra`` overrides ``action``, ``basis``, ``deadline``, ``estimated`` or ``detail``
    (a scalar or one value per debtor); ``amounts`` are euros, rounded to the cent.
    """
    ids = [str(d) for d in np.asarray(debtors, dtype=object).tolist()]
    n = len(ids)

    def column(name: str, default: object) -> list:
        value = extra.get(name, default)
        if isinstance(value, str) or not hasattr(value, "__len__"):
            return [value] * n
        return list(np.asarray(value, dtype=object)) if not isinstance(value, list) else value

    label, basis = ACTIONS[key]
    return pd.DataFrame(
        {
            "debtor_id": ids,
            "key": [key] * n,
            "action": column("action", label),
            "basis": column("basis", basis),
            "deadline": pd.to_datetime(pd.Series(column("deadline", pd.NaT), dtype=object)),
            "estimated": [bool(x) for x in column("estimated", False)],
            "amount": [round(float(x), 2) for x in np.asarray(amounts, dtype="float64").tolist()],
            "detail": [str(x) for x in column("detail", "")],
        }
    )


def _insolvency(snap: Snapshot) -> pd.DataFrame:
    """Debtors in proceedings at the audit date: their action and deadline (rule 1)."""
    deb = snap.ledger.debtors
    judged = deb[aging.insolvent_mask(deb["insolvency_date"], snap.as_of)]
    out = {}
    for r in judged.itertuples(index=False):
        published = r.publication_date
        estimated = pd.isna(published)
        if estimated:
            published = r.insolvency_date + pd.Timedelta(days=PUBLICATION_DELAY_DAYS)
        declare_by = published + pd.DateOffset(months=DECLARATION_MONTHS)
        relief_by = published + pd.DateOffset(months=FORECLOSURE_RELIEF_MONTHS)
        kind = r.procedure if isinstance(r.procedure, str) and r.procedure else "procédure"
        source = "estimée" if estimated else "BODACC"
        detail = (
            f"{kind} ouverte le {fmt_date(r.insolvency_date)}, publication "
            f"{'estimée au' if estimated else 'au BODACC le'} {fmt_date(published)} ; "
            "aucune relance, lettre ni pénalité après le jugement (art. L.622-7, L.622-21 "
            "et L.622-28 C. com.)"
        )
        if snap.as_of <= declare_by:
            key, deadline = "declarer", declare_by
        elif snap.as_of <= relief_by:
            key, deadline = "relever", relief_by
            detail += (
                f" ; délai de déclaration expiré le {fmt_date(declare_by)} : si la créance "
                "n'a pas été déclarée"
            )
        else:
            key, deadline = "forclos", pd.NaT
            detail += f" ; délai du relevé de forclusion expiré le {fmt_date(relief_by)}"
        out[str(r.debtor_id)] = {
            "key": key,
            "deadline": deadline,
            "estimated": estimated and key != "forclos",
            "detail": detail + f" (date de publication {source})",
        }
    return pd.DataFrame.from_dict(
        out, orient="index", columns=["key", "deadline", "estimated", "detail"]
    )


#: The rules of this module, quoted in the report's methodology appendix (rule, French text).
RULES: list[tuple[str, str]] = [
    (
        "Une action par débiteur",
        "Chaque débiteur ayant un solde ouvert reçoit une seule action, la première qui "
        "s'applique dans cet ordre : procédure collective, encaissements à lettrer, "
        f"prescription à moins de {PRESCRIPTION_ACT_DAYS} jours, étape du calendrier de "
        "relance, calendrier épuisé, litige, classe « à risque » ou dépassement de limite. "
        "Le plan d'action, les recommandations de la synthèse et les lettres en découlent.",
    ),
    (
        "Procédure collective",
        "À compter du jugement d'ouverture, aucune relance, lettre ni réclamation de "
        "pénalités (art. L.622-7 et L.622-21 C. com. ; le jugement arrête le cours des "
        "intérêts, art. L.622-28). La créance est déclarée au mandataire judiciaire dans "
        f"les {DECLARATION_MONTHS} mois de la publication du jugement au BODACC (art. "
        "R.622-24) ; passé ce délai, un relevé de forclusion peut être demandé au "
        f"juge-commissaire dans les {FORECLOSURE_RELIEF_MONTHS} mois de la publication "
        "(art. L.622-26) ; au-delà, la créance est inopposable à la procédure. Sans date "
        "de publication dans la table des débiteurs, elle est estimée au jugement + "
        f"{PUBLICATION_DELAY_DAYS} jours (art. R.621-8) et l'échéance est marquée « estimée ». "
        "Les données ne disent pas si la créance a déjà été déclarée : l'action est à "
        "faire si ce n'est déjà fait.",
    ),
    (
        "Encaissements avant relance",
        "Les règlements et avoirs non affectés d'un débiteur sont proposés en lettrage sur "
        "ses factures ouvertes (montant identique d'abord, puis de la plus ancienne à la "
        "plus récente) ; une facture ainsi couverte n'est pas relancée. La balance âgée "
        "reste celle de la comptabilité.",
    ),
    (
        "Prescription proche",
        "Une relance n'interrompt pas la prescription : seules une demande en justice "
        "(injonction de payer) ou une reconnaissance de dette le font (art. 2240 et 2241 "
        f"C. civ.). À moins de {PRESCRIPTION_ACT_DAYS} jours de la date de prescription, "
        "l'action proposée est celle-là, avant la date.",
    ),
    (
        "Sans journal des relances",
        "Sans journal des relances, chaque facture échue part du premier niveau de son "
        "calendrier ; le rapport le signale, et la couverture, le respect du calendrier et "
        "l'efficacité des relances ne sont pas mesurés.",
    ),
]
