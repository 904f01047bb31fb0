"""Written findings of the monthly audit report's executive summary (no LLM, only rules).

:func:`executive_findings` turns the tidy KPI history of :func:`recouvrement.kpi.kpi_history`
and, optionally, the aged balance at the last month end into short plain-text sentences,
grouped in five sections: what moved this month, what is off target, which debtors drive
the overdue, the recommended actions and the KPIs that could not be computed. Sentences
are plain text (not HTML): the report template escapes them. Nothing here reads files,
prints or mutates its inputs.

Rules and thresholds (quoted in French in the methodology appendix through :data:`RULES`):

1. **Moves** (month end vs the previous month end of the history), only for the headline
   KPIs of :data:`MOVE_KEYS` (the unpaid rate, the DSO variants, the best possible DSO
   and the rolling recovery rates repeat them) and only when the move reaches the
   materiality threshold of the KPI's unit: :data:`MOVE_THRESHOLD_PTS` (1 point) for
   rates (``%``), :data:`MOVE_THRESHOLD_DAYS` (3 days) for days (DSO, ADD...),
   :data:`MOVE_THRESHOLD_RELATIVE` (10 % of the previous value) for euro amounts (any
   move from 0 counts) and :data:`MOVE_THRESHOLD_RATIO` (0.01) for plain ratios (cost
   per euro collected). A move is an improvement or a deterioration according to
   :data:`recouvrement.kpi.KPI_DIRECTION`. A KPI not available at either date has no
   move. With a single month end in the history, one sentence says that no comparison
   is possible.
2. **Trend**: over the last :data:`TREND_MONTHS` month ends (3), when both monthly
   changes go the same way (strictly) and the cumulated change reaches the same
   materiality threshold, a trend sentence is added.
3. **Off target**: every available KPI that has a target (default
   :data:`recouvrement.kpi.DEFAULT_TARGETS`) and is on the wrong side of it
   (``direction × (value − target) < 0``), with its value, target and gap
   (Écart = Résultat − Objectif, points for rates). A KPI flagged not significant (fewer
   than :data:`recouvrement.conventions.MIN_DEBTORS_SIGNIFICANT` debtors in its base) is
   still listed, with that mention.
4. **Drivers** (needs the aged balance): overdue of a debtor = sum of its aged buckets
   other than ``Non échu`` (gross: unapplied cash in ``Non affecté`` is not netted, as
   in the sort order of :func:`recouvrement.aging.aged_balance`). The
   :data:`TOP_DEBTORS` (3) largest are named with their share of the total overdue and
   their amount in the oldest bucket; then the concentration (share of those top
   debtors) and the share of the oldest bucket of the scheme (``> 90`` by default).
5. **Actions**, by rule, in this order; only KPIs that are significant trigger an action:

   a. DSO, ADD, recovery rate or CEI off target → tighten reminders on the top overdue
      debtors, named;
   b. oldest-bucket share ≥ :data:`OLD_SHARE_THRESHOLD` (25 % of the overdue) → review
      doubtful provisioning and consider a formal notice (mise en demeure), naming the
      debtors with the largest old amounts;
   c. top-debtor share ≥ :data:`CONCENTRATION_THRESHOLD` (50 % of the overdue) → follow
      those debtors individually;
   d. dispute rate off target → resolve the open disputes;
   e. dunning coverage off target → dun the overdue invoices that have no action;
   f. activation rate off target → review the channel and level of the reminders;
   g. cost per euro collected off target → keep costly actions for the claims worth it;
   h. bad-debt rate off target → strengthen the credit-risk review;
   i. doubtful receivables > 0 → file the claims of the debtors in insolvency
      proceedings with the court-appointed administrator;
   j. KPI not available → name the table to provide (grouped by table), or the data
      to check.

6. **Unavailable**: every KPI not available at the last month end, with its reason. The
   reason is read from an optional ``reason`` column of the history (``kpi_history``
   does not carry one); without it, the table the KPI needs is named
   (:data:`KPI_TABLES`), otherwise the reason is said to be unknown.

Numbers use :mod:`recouvrement.formatting` in French (no-break spaces U+00A0, minus sign
U+2212). English sentences have their own small formatting (``€1,234.56``, ``12.3%``,
``72.4 days``, ``31 October 2026``; minus sign U+2212 too) and English KPI labels
(:data:`KPI_LABELS_EN`, falling back to the key); the French reasons of
:class:`recouvrement.kpi.KpiResult` are translated when known (:data:`REASONS_EN`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from recouvrement import conventions as cv
from recouvrement.formatting import (
    MINUS,
    fmt_date,
    fmt_days,
    fmt_number,
    fmt_pct,
    fmt_unit,
    is_missing,
)
from recouvrement.kpi import DEFAULT_TARGETS, HISTORY_COLUMNS, KPI_DIRECTION, KPI_LABELS

__all__ = [
    "CONCENTRATION_THRESHOLD",
    "DUNNING_TRIGGER_KEYS",
    "KPI_LABELS_EN",
    "KPI_TABLES",
    "LANGUAGES",
    "MOVE_KEYS",
    "MOVE_THRESHOLD_DAYS",
    "MOVE_THRESHOLD_PTS",
    "MOVE_THRESHOLD_RATIO",
    "MOVE_THRESHOLD_RELATIVE",
    "OLD_SHARE_THRESHOLD",
    "REASONS_EN",
    "RULES",
    "TOP_DEBTORS",
    "TREND_MONTHS",
    "Findings",
    "executive_findings",
]

# ---------------------------------------------------------------------------
# Named rules and thresholds
# ---------------------------------------------------------------------------
#: Languages of the sentences.
LANGUAGES = ("fr", "en")

#: Materiality of a monthly move of a rate, in percentage points.
MOVE_THRESHOLD_PTS = 1.0

#: Materiality of a monthly move of a KPI in days (DSO, ADD, days late), in days.
MOVE_THRESHOLD_DAYS = 3.0

#: Materiality of a monthly move of a euro amount, as a fraction of the previous value.
MOVE_THRESHOLD_RELATIVE = 0.10

#: Materiality of a monthly move of a plain ratio (cost per euro collected).
MOVE_THRESHOLD_RATIO = 0.01

#: Number of month ends of the trend rule.
TREND_MONTHS = 3

#: KPIs whose moves are commented (the others repeat them).
MOVE_KEYS = (
    "recovery_rate",
    "activation_rate",
    "dunning_coverage_rate",
    "dso",
    "average_days_delinquent",
    "cei",
    "cost_per_euro_collected",
    "bad_debt_rate",
    "dispute_rate",
    "doubtful_receivables",
    "weighted_days_late",
)

#: Number of top overdue debtors named in the drivers and the actions.
TOP_DEBTORS = 3

#: Share of the overdue held by the top debtors above which they are followed one by one (%).
CONCENTRATION_THRESHOLD = 50.0

#: Share of the overdue in the oldest bucket above which provisioning is reviewed (%).
OLD_SHARE_THRESHOLD = 25.0

#: KPIs whose being off target calls for tighter reminders on the top debtors.
DUNNING_TRIGGER_KEYS = ("dso", "recovery_rate", "average_days_delinquent", "cei")

#: Optional table each KPI needs (named when a KPI is not available and no reason is given).
KPI_TABLES: dict[str, str] = {
    "activation_rate": "actions",
    "dunning_coverage_rate": "actions",
    "cost_per_euro_collected": "costs",
    "cost_to_encours": "costs",
    "bad_debt_rate": "write_offs",
    "dispute_rate": "disputes",
    "dispute_rate_amount": "disputes",
    "doubtful_receivables": "debtors",
}

_MOVE_THRESHOLDS = {
    "%": MOVE_THRESHOLD_PTS,
    "j": MOVE_THRESHOLD_DAYS,
    "€": MOVE_THRESHOLD_RELATIVE,
    "ratio": MOVE_THRESHOLD_RATIO,
}

#: The rules in French, (rule, threshold), for the report's methodology appendix.
RULES: list[tuple[str, str]] = [
    (
        "Évolution d'un taux par rapport à la fin du mois précédent",
        f"variation d'au moins {fmt_number(MOVE_THRESHOLD_PTS, 0)}\u00a0point",
    ),
    (
        "Évolution d'un délai en jours (DSO, ADD, retard de paiement)",
        f"variation d'au moins {fmt_days(MOVE_THRESHOLD_DAYS, 0)}",
    ),
    (
        "Évolution d'un montant en euros",
        f"variation d'au moins {fmt_pct(MOVE_THRESHOLD_RELATIVE * 100, 0)} de la valeur "
        "précédente (toute variation depuis 0)",
    ),
    (
        "Évolution d'un ratio (coût à l'euro recouvré)",
        f"variation d'au moins {fmt_number(MOVE_THRESHOLD_RATIO, 2)}",
    ),
    (
        "Indicateurs dont l'évolution est commentée",
        ", ".join(KPI_LABELS[k] for k in MOVE_KEYS)
        + " (les variantes et le taux d'impayés, qui les répètent, ne sont pas commentés)",
    ),
    (
        f"Tendance sur {TREND_MONTHS} mois",
        "deux variations mensuelles de même sens et variation cumulée au-delà du seuil de l'unité",
    ),
    (
        "Indicateur hors objectif",
        "valeur du mauvais côté de l'objectif (Écart = Résultat − Objectif, en points pour "
        "les taux) ; base de moins de "
        f"{cv.MIN_DEBTORS_SIGNIFICANT} débiteurs signalée «\u00a0non significative\u00a0»",
    ),
    (
        "Origine de l'échu",
        f"les {TOP_DEBTORS} premiers débiteurs par montant échu (hors non échu, "
        "non affecté non déduit), leur part de l'échu et la part de la tranche la plus "
        "ancienne",
    ),
    (
        "Action : resserrer les relances sur les principaux débiteurs en retard",
        "DSO, ADD, taux de recouvrement ou CEI hors objectif",
    ),
    (
        "Action : revoir le provisionnement des créances douteuses, envisager une mise en demeure",
        f"tranche la plus ancienne ≥ {fmt_pct(OLD_SHARE_THRESHOLD, 0)} de l'échu",
    ),
    (
        "Action : suivre individuellement les principaux débiteurs",
        f"les {TOP_DEBTORS} premiers débiteurs ≥ {fmt_pct(CONCENTRATION_THRESHOLD, 0)} de l'échu",
    ),
    ("Action : résoudre les litiges en cours", "taux de litige hors objectif"),
    (
        "Action : relancer les factures échues sans relance",
        "taux de couverture des relances hors objectif",
    ),
    (
        "Action : revoir le canal et le niveau des relances",
        "taux d'activation hors objectif",
    ),
    (
        "Action : réserver les actions coûteuses aux créances qui les justifient",
        "coût à l'euro recouvré hors objectif",
    ),
    (
        "Action : renforcer l'analyse du risque client",
        "taux de créances irrécouvrables hors objectif",
    ),
    (
        "Action : déclarer les créances auprès du mandataire judiciaire",
        "créances douteuses (procédures collectives) > 0\u00a0€",
    ),
    (
        "Action : fournir la table manquante ou vérifier les données",
        "indicateur non disponible",
    ),
    (
        "Déclenchement des actions",
        "seuls les indicateurs significatifs déclenchent une action",
    ),
]

#: English labels of the KPI keys (the history's labels are French).
KPI_LABELS_EN: dict[str, str] = {
    "recovery_rate": "Recovery rate",
    "recovery_rate_3m": "Recovery rate (rolling 3 months)",
    "recovery_rate_6m": "Recovery rate (rolling 6 months)",
    "unpaid_rate": "Unpaid rate",
    "activation_rate": "Activation rate (payers under dunning)",
    "dunning_coverage_rate": "Dunning coverage rate",
    "dso": "DSO (accounting method)",
    "dso_countback": "DSO (countback method)",
    "dso_average": "DSO (average receivables)",
    "best_possible_dso": "Best possible DSO",
    "average_days_delinquent": "Average days delinquent (ADD)",
    "cei": "Collection effectiveness index (CEI)",
    "cost_per_euro_collected": "Cost per euro collected",
    "cost_to_encours": "Collection cost to receivables",
    "bad_debt_rate": "Bad-debt rate",
    "dispute_rate": "Dispute rate",
    "dispute_rate_amount": "Dispute rate (by amount)",
    "doubtful_receivables": "Doubtful receivables (insolvency proceedings)",
    "weighted_days_late": "Amount-weighted days late",
}

_TABLES_EN = {
    "invoices": "invoices",
    "payments": "payments",
    "credit_notes": "credit notes",
    "write_offs": "write-offs",
    "disputes": "disputes",
    "debtors": "debtors",
    "actions": "dunning actions",
    "costs": "collection costs",
}

#: English translations of the French reasons of :class:`recouvrement.kpi.KpiResult`.
REASONS_EN: dict[str, str] = {
    "aucune créance échue hors litige dans la base de la cohorte": (
        "no undisputed overdue receivable in the cohort base"
    ),
    "aucune facture échue sous relance au début de la période": (
        "no overdue invoice under dunning at the start of the period"
    ),
    "aucune facture échue à relancer": "no overdue invoice to dun",
    "aucune vente nette dans l'historique": "no net sales in the history",
    "aucune vente nette sur la période": "no net sales in the period",
    "dénominateur nul ou négatif (rien à recouvrer sur la période)": (
        "zero or negative denominator (nothing to collect in the period)"
    ),
    "aucun encaissement sur créances échues sur la période": (
        "no collection on overdue receivables in the period"
    ),
    "encours nul ou créditeur à la date d'arrêté": (
        "zero or credit receivables balance at the as-of date"
    ),
    "aucune facture émise sur la période": "no invoice issued in the period",
    "aucune facture soldée sur la période": "no invoice settled in the period",
}

_UNAVAILABLE_PREFIX = "non disponible"


# ---------------------------------------------------------------------------
# Language: number formatting and sentence templates
# ---------------------------------------------------------------------------
def _en_number(value: float, decimals: int, sign: bool = False) -> str:
    rounded = round(float(value), decimals)
    if rounded == 0:
        rounded = 0.0
    body = f"{abs(rounded):,.{decimals}f}"
    if rounded < 0:
        return f"{MINUS}{body}"
    return f"+{body}" if sign and rounded > 0 else body


def _en_eur(value: float, decimals: int = 2, sign: bool = False) -> str:
    text = _en_number(value, decimals, sign)
    if text[0] in (MINUS, "+"):
        return f"{text[0]}€{text[1:]}"
    return f"€{text}"


class _Language:
    """Number formatting and sentence templates of one language (internal)."""

    def __init__(self, code: str) -> None:
        self.code = code
        self.fr = code == "fr"
        self.t = _TEXTS[code]

    # numbers ---------------------------------------------------------------
    def value(self, unit: str, value: float) -> str:
        if self.fr:
            return fmt_unit(value, unit)
        if unit == "%":
            return f"{_en_number(value, 1)}%"
        if unit == "j":
            return f"{_en_number(value, 1)} days"
        if unit == "€":
            return _en_eur(value, 2)
        return _en_number(value, 3)

    def gap(self, unit: str, value: float) -> str:
        if self.fr:
            return fmt_unit(value, unit, sign=True)
        if unit == "%":
            return f"{_en_number(value, 1, sign=True)} pts"
        if unit == "j":
            return f"{_en_number(value, 1, sign=True)} days"
        if unit == "€":
            return _en_eur(value, 2, sign=True)
        return _en_number(value, 3, sign=True)

    def share(self, value: float, sign: bool = False) -> str:
        if self.fr:
            return fmt_pct(value, 1, sign=sign)
        return f"{_en_number(value, 1, sign)}%"

    def eur(self, value: float) -> str:
        return self.value("€", value)

    def date(self, value: pd.Timestamp) -> str:
        return fmt_date(value) if self.fr else f"{value.day} {value:%B %Y}"

    def join(self, items: list[str]) -> str:
        if len(items) <= 1:
            return "".join(items)
        return f"{', '.join(items[:-1])} {self.t['and']} {items[-1]}"

    def label(self, key: str, french: str) -> str:
        return french if self.fr else KPI_LABELS_EN.get(key, key)

    def table(self, table: str) -> str:
        return cv.TABLE_LABELS_FR[table] if self.fr else _TABLES_EN[table]

    def reason(self, reason: str) -> str:
        """A French KPI reason without its ``non disponible :`` prefix, translated if known."""
        text = reason
        if text.startswith(_UNAVAILABLE_PREFIX):
            text = text[len(_UNAVAILABLE_PREFIX) :].lstrip(" :")
        if self.fr:
            return text
        table = _missing_table(reason)
        if table is not None:
            return f"no {_TABLES_EN[table]} table"
        return REASONS_EN.get(text, f"reason given in French: “{text}”")


_TEXTS: dict[str, dict[str, str]] = {
    "fr": {
        "and": "et",
        "better": "amélioration",
        "worse": "dégradation",
        "neutral": "variation",
        "move": "{label} : {cur} au {date} contre {prev} au {prev_date} ({delta}, {sense}).",
        "up": "en hausse continue",
        "down": "en baisse continue",
        "trend": ("Tendance sur {n} mois : {label} {way} ({path}), soit {delta} ({sense})."),
        "path_item": "{value} au {date}",
        "first_month": (
            "Premier mois de l'historique ({date}) : aucune comparaison avec le mois "
            "précédent n'est possible."
        ),
        "no_move": "Aucune variation au-delà des seuils de matérialité depuis le {prev_date}.",
        "not_significant": "(non significatif)",
        "off_target": "{label} : {value} pour un objectif de {target}, soit un écart de {gap}.",
        "off_target_ns": (
            " Valeur non significative : {n} débiteurs dans la base (minimum {min})."
        ),
        "off_target_ns_unknown": " Valeur non significative (base trop réduite).",
        "no_off_target": "Aucun indicateur hors objectif.",
        "no_balance": "Balance âgée non fournie : l'origine de l'échu n'est pas analysée.",
        "no_overdue": "Aucune créance échue au {date}.",
        "overdue_total": (
            "Échu total au {date} : {overdue} sur un encours de {encours}, porté par {debtors}."
        ),
        "debtors_one": "1 débiteur",
        "debtors_many": "{n} débiteurs",
        "top_debtor": "{name} : {amount} échus, soit {share} de l'échu",
        "top_debtor_old": ", dont {old} dans la tranche «\u00a0{bucket}\u00a0»",
        "concentration": "Les {k} premiers débiteurs représentent {share} de l'échu.",
        "concentration_all_one": "L'échu est porté par un seul débiteur.",
        "concentration_all": "L'échu est porté par {n} débiteurs seulement.",
        "old_share": (
            "La tranche la plus ancienne («\u00a0{bucket}\u00a0») représente {share} de "
            "l'échu ({amount})."
        ),
        "kpi_vs_target": "{label} {value} pour un objectif de {target}",
        "act_dunning_named": (
            "Resserrer les relances sur les principaux débiteurs en retard ({names}) : {why}."
        ),
        "act_dunning": "Resserrer les relances sur les créances échues : {why}.",
        "act_old": (
            "Revoir le provisionnement des créances douteuses et envisager une mise en "
            "demeure pour les créances de la tranche «\u00a0{bucket}\u00a0» ({share} de l'échu), "
            "en priorité {names}."
        ),
        "act_concentration": (
            "Suivre individuellement {names}, qui concentrent {share} de l'échu : point "
            "de situation et, si nécessaire, échéancier."
        ),
        "act_dispute": (
            "Résoudre les litiges en cours ({why}) : une facture en litige est exclue de "
            "la base du recouvrement et son encaissement est retardé."
        ),
        "act_coverage": (
            "Relancer les factures échues qui n'ont fait l'objet d'aucune relance ({why})."
        ),
        "act_activation": "Revoir le canal et le niveau des relances ({why}).",
        "act_cost": (
            "Réserver les actions de recouvrement coûteuses (agence, contentieux) aux "
            "créances qui les justifient ({why})."
        ),
        "act_bad_debt": (
            "Renforcer l'analyse du risque client avant d'accorder des délais de paiement ({why})."
        ),
        "act_doubtful": (
            "Déclarer les créances des débiteurs en procédure collective auprès du "
            "mandataire judiciaire ({amount} de créances douteuses)."
        ),
        "act_table": "Fournir la table des {table} pour calculer : {labels}.",
        "act_table_maybe": "Fournir ou compléter la table des {table} pour calculer : {labels}.",
        "act_check": "Vérifier les données d'entrée de l'indicateur {label} : {reason}.",
        "act_check_unknown": "Vérifier les données d'entrée de l'indicateur {label}.",
        "no_action": "Aucune action recommandée par les règles ce mois-ci.",
        "unavailable": "{label} : {reason}.",
        "unavailable_table": "{label} : non disponible (nécessite la table des {table}).",
        "unavailable_unknown": "{label} : non disponible (raison non précisée dans l'historique).",
        "all_available": "Tous les indicateurs sont disponibles.",
        "empty": "Aucun élément.",
        "title_moves": "Évolutions du mois",
        "title_off_target": "Hors objectif",
        "title_drivers": "Origine de l'échu",
        "title_actions": "Actions recommandées",
        "title_unavailable": "Indicateurs non disponibles",
    },
    "en": {
        "and": "and",
        "better": "improvement",
        "worse": "deterioration",
        "neutral": "change",
        "move": "{label}: {cur} at {date} against {prev} at {prev_date} ({delta}, {sense}).",
        "up": "rising steadily",
        "down": "falling steadily",
        "trend": "{n}-month trend: {label} {way} ({path}), {delta} overall ({sense}).",
        "path_item": "{value} at {date}",
        "first_month": (
            "First month of the history ({date}): no comparison with the previous month "
            "is possible."
        ),
        "no_move": "No change above the materiality thresholds since {prev_date}.",
        "not_significant": "(not significant)",
        "off_target": "{label}: {value} against a target of {target}, a gap of {gap}.",
        "off_target_ns": " Not significant: {n} debtors in the base (minimum {min}).",
        "off_target_ns_unknown": " Not significant (base too small).",
        "no_off_target": "No KPI off target.",
        "no_balance": "Aged balance not provided: the drivers of the overdue are not analysed.",
        "no_overdue": "No overdue receivable at {date}.",
        "overdue_total": (
            "Total overdue at {date}: {overdue} out of receivables of {encours}, owed by {debtors}."
        ),
        "debtors_one": "1 debtor",
        "debtors_many": "{n} debtors",
        "top_debtor": "{name}: {amount} overdue, {share} of the total overdue",
        "top_debtor_old": ", of which {old} in the “{bucket}” bucket",
        "concentration": "The top {k} debtors account for {share} of the overdue.",
        "concentration_all_one": "The overdue is owed by a single debtor.",
        "concentration_all": "The overdue is owed by only {n} debtors.",
        "old_share": (
            "The oldest bucket (“{bucket}”) accounts for {share} of the overdue ({amount})."
        ),
        "kpi_vs_target": "{label} {value} against a target of {target}",
        "act_dunning_named": "Tighten reminders on the top overdue debtors ({names}): {why}.",
        "act_dunning": "Tighten reminders on overdue receivables: {why}.",
        "act_old": (
            "Review doubtful-debt provisioning and consider a formal notice (mise en "
            "demeure) for the receivables in the “{bucket}” bucket ({share} of the "
            "overdue), starting with {names}."
        ),
        "act_concentration": (
            "Follow {names} individually, who account for {share} of the overdue: status "
            "review and, if needed, an instalment plan."
        ),
        "act_dispute": (
            "Resolve the open disputes ({why}): a disputed invoice is excluded from the "
            "recovery base and its collection is delayed."
        ),
        "act_coverage": "Dun the overdue invoices that have had no reminder ({why}).",
        "act_activation": "Review the channel and level of the reminders ({why}).",
        "act_cost": (
            "Keep costly collection actions (agency, litigation) for the claims worth them ({why})."
        ),
        "act_bad_debt": "Strengthen the credit-risk review before granting payment terms ({why}).",
        "act_doubtful": (
            "File the claims of the debtors in insolvency proceedings with the "
            "court-appointed administrator ({amount} of doubtful receivables)."
        ),
        "act_table": "Provide the {table} table to compute: {labels}.",
        "act_table_maybe": "Provide or complete the {table} table to compute: {labels}.",
        "act_check": "Check the input data of the KPI {label}: {reason}.",
        "act_check_unknown": "Check the input data of the KPI {label}.",
        "no_action": "No action recommended by the rules this month.",
        "unavailable": "{label}: {reason}.",
        "unavailable_table": "{label}: not available (needs the {table} table).",
        "unavailable_unknown": "{label}: not available (reason not given in the history).",
        "all_available": "All KPIs are available.",
        "empty": "Nothing to report.",
        "title_moves": "Changes this month",
        "title_off_target": "Off target",
        "title_drivers": "Drivers of the overdue",
        "title_actions": "Recommended actions",
        "title_unavailable": "KPIs not available",
    },
}


# ---------------------------------------------------------------------------
# The result
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Findings:
    """The written findings of one month, as plain-text sentences (not HTML).

    Attributes
    ----------
    as_of : Timestamp
        The last month end of the history.
    previous : Timestamp or None
        The month end compared with (``None`` for the first month of the history).
    language : {"fr", "en"}
    moves : list of str
        Material moves since ``previous`` and consistent trends (rules 1-2); for the
        first month, one sentence saying no comparison is possible.
    off_target : list of str
        KPIs on the wrong side of their target (rule 3).
    drivers : list of str
        Total overdue, top debtors, concentration, oldest-bucket share (rule 4), or a
        sentence saying why there is nothing to analyse.
    actions : list of str
        Recommended next steps (rule 5).
    unavailable : list of str
        KPIs not available at ``as_of`` with their reason (rule 6).

    """

    as_of: pd.Timestamp
    previous: pd.Timestamp | None
    language: str
    moves: list[str]
    off_target: list[str]
    drivers: list[str]
    actions: list[str]
    unavailable: list[str]

    def sections(self) -> list[tuple[str, list[str]]]:
        """The five sections, in report order, as ``[(title, sentences), ...]``.

        Titles are localized. An empty section is never dropped: it holds one sentence
        saying so (e.g. ``Aucun indicateur hors objectif.``).
        """
        lang = _Language(self.language)
        t = lang.t
        no_move = (
            t["no_move"].format(prev_date=lang.date(self.previous))
            if self.previous is not None
            else t["empty"]
        )
        parts = [
            (t["title_moves"], self.moves, no_move),
            (t["title_off_target"], self.off_target, t["no_off_target"]),
            (t["title_drivers"], self.drivers, t["empty"]),
            (t["title_actions"], self.actions, t["no_action"]),
            (t["title_unavailable"], self.unavailable, t["all_available"]),
        ]
        return [(title, list(items) if items else [empty]) for title, items, empty in parts]


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------
def _direction(key: str) -> int | None:
    """+1 / −1 from :data:`KPI_DIRECTION` (variants take their stem's), ``None`` if unknown."""
    if key in KPI_DIRECTION:
        return KPI_DIRECTION[key]
    stems = [s for s in KPI_DIRECTION if key.startswith(f"{s}_")]
    return KPI_DIRECTION[max(stems, key=len)] if stems else None


def _missing_table(reason: str | None) -> str | None:
    """The table named by a ``non disponible : pas de table des X`` reason, if any."""
    if not reason:
        return None
    for table, label in cv.TABLE_LABELS_FR.items():
        if reason.endswith(f"pas de table des {label}"):
            return table
    return None


@dataclass(frozen=True)
class _Kpi:
    """One row of the history (internal)."""

    key: str
    label: str
    value: float | None
    unit: str
    n_debtors: int | None
    significant: bool
    reason: str | None


def _check_history(history: pd.DataFrame) -> dict[pd.Timestamp, dict[str, _Kpi]]:
    if not isinstance(history, pd.DataFrame):
        raise ValueError(f"history must be a DataFrame, got {type(history).__name__}")
    missing = [c for c in HISTORY_COLUMNS if c not in history.columns]
    if missing:
        raise ValueError(f"history lacks the columns {missing} (expected kpi_history output)")
    if history.empty:
        raise ValueError("history is empty: no month end to comment")
    dates = pd.to_datetime(history["as_of"])
    if dates.isna().any():
        raise ValueError("history has rows without an as_of date")
    dup = history.assign(as_of=dates).duplicated(["as_of", "key"])
    if dup.any():
        first = history.loc[dup].iloc[0]
        raise ValueError(f"history has duplicated (as_of, key) rows, e.g. {first['key']!r}")
    bad_units = sorted(set(history["unit"]) - set(_MOVE_THRESHOLDS))
    if bad_units:
        raise ValueError(f"unknown units in history: {bad_units}")
    has_reason = "reason" in history.columns
    out: dict[pd.Timestamp, dict[str, _Kpi]] = {}
    for day, row in zip(dates, history.itertuples(index=False), strict=True):
        value = None if is_missing(row.value) else float(row.value)
        available = bool(row.available) and value is not None
        reason = getattr(row, "reason", None) if has_reason else None
        out.setdefault(pd.Timestamp(day), {})[str(row.key)] = _Kpi(
            key=str(row.key),
            label=str(row.label) if not is_missing(row.label) else KPI_LABELS.get(row.key, row.key),
            value=value if available else None,
            unit=str(row.unit),
            n_debtors=None if is_missing(row.n_debtors) else int(row.n_debtors),
            significant=bool(row.significant),
            reason=None if is_missing(reason) or not str(reason).strip() else str(reason),
        )
    return dict(sorted(out.items()))


def _check_targets(targets: Mapping[str, float] | None) -> dict[str, float]:
    targets = DEFAULT_TARGETS if targets is None else targets
    out = {}
    for key, target in targets.items():
        if _direction(key) is None:
            raise ValueError(
                f"unknown KPI key {key!r} in targets; known keys: {', '.join(KPI_DIRECTION)}"
            )
        try:
            value = float(target)
        except (TypeError, ValueError):
            raise ValueError(f"target of {key!r} is not a number: {target!r}") from None
        if not math.isfinite(value):
            raise ValueError(f"target of {key!r} is not finite: {target!r}")
        out[key] = value
    return out


def _material(unit: str, before: float, after: float) -> bool:
    """Whether ``before → after`` reaches the materiality threshold of ``unit``."""
    delta = after - before
    if unit == "€":
        if before == 0:
            return after != 0
        return round(abs(delta) / abs(before), 9) >= MOVE_THRESHOLD_RELATIVE
    return round(abs(delta), 9) >= _MOVE_THRESHOLDS[unit]


def _sense(lang: _Language, key: str, delta: float) -> str:
    direction = _direction(key)
    if direction is None:
        return lang.t["neutral"]
    return lang.t["better"] if direction * delta > 0 else lang.t["worse"]


def _delta_text(lang: _Language, unit: str, before: float, after: float) -> str:
    text = lang.gap(unit, after - before)
    if unit == "€" and before != 0:
        text += f", {lang.share((after - before) / abs(before) * 100, sign=True)}"
    return text


def _shown(lang: _Language, k: _Kpi) -> str:
    assert k.value is not None
    text = lang.value(k.unit, k.value)
    return text if k.significant else f"{text} {lang.t['not_significant']}"


# ---------------------------------------------------------------------------
# Sections
# ---------------------------------------------------------------------------
def _moves(
    lang: _Language, by_date: dict[pd.Timestamp, dict[str, _Kpi]]
) -> tuple[list[str], pd.Timestamp | None]:
    t = lang.t
    dates = list(by_date)
    last = dates[-1]
    if len(dates) == 1:
        return [t["first_month"].format(date=lang.date(last))], None
    prev = dates[-2]
    now, before = by_date[last], by_date[prev]
    out = []
    for key, k in now.items():
        if key not in MOVE_KEYS:
            continue
        p = before.get(key)
        if k.value is None or p is None or p.value is None or p.unit != k.unit:
            continue
        if _material(k.unit, p.value, k.value):
            out.append(
                t["move"].format(
                    label=lang.label(key, k.label),
                    cur=_shown(lang, k),
                    date=lang.date(last),
                    prev=_shown(lang, p),
                    prev_date=lang.date(prev),
                    delta=_delta_text(lang, k.unit, p.value, k.value),
                    sense=_sense(lang, key, k.value - p.value),
                )
            )
        if len(dates) >= TREND_MONTHS:
            trend = _trend(lang, key, by_date, dates[-TREND_MONTHS:])
            if trend is not None:
                out.append(trend)
    return out, prev


def _trend(
    lang: _Language,
    key: str,
    by_date: dict[pd.Timestamp, dict[str, _Kpi]],
    window: list[pd.Timestamp],
) -> str | None:
    """The trend sentence of ``key`` over ``window`` when it is consistent and material."""
    points = [by_date[d].get(key) for d in window]
    kpis = [p for p in points if p is not None and p.value is not None]
    if len(kpis) < len(window) or len({p.unit for p in kpis}) != 1:
        return None
    unit = kpis[-1].unit
    values = [float(p.value) for p in kpis if p.value is not None]
    steps = [b - a for a, b in zip(values, values[1:], strict=False)]
    rising, falling = all(s > 0 for s in steps), all(s < 0 for s in steps)
    if not (rising or falling) or not _material(unit, values[0], values[-1]):
        return None
    t = lang.t
    path = ", ".join(
        t["path_item"].format(value=_shown(lang, p), date=lang.date(d))
        for p, d in zip(kpis, window, strict=True)
    )
    return t["trend"].format(
        n=len(window),
        label=lang.label(key, kpis[-1].label),
        way=t["up"] if rising else t["down"],
        path=path,
        delta=_delta_text(lang, unit, values[0], values[-1]),
        sense=_sense(lang, key, values[-1] - values[0]),
    )


def _off_target(
    lang: _Language, now: dict[str, _Kpi], targets: dict[str, float]
) -> list[tuple[str, _Kpi, float, str]]:
    """``(key, kpi, target, sentence)`` of the available KPIs on the wrong side of target."""
    t = lang.t
    out = []
    for key, k in now.items():
        if key not in targets or k.value is None:
            continue
        target = targets[key]
        gap = k.value - target
        direction = _direction(key)
        if direction is None or round(direction * gap, 9) >= 0:
            continue
        text = t["off_target"].format(
            label=lang.label(key, k.label),
            value=lang.value(k.unit, k.value),
            target=lang.value(k.unit, target),
            gap=lang.gap(k.unit, gap),
        )
        if not k.significant:
            if k.n_debtors is None:
                text += t["off_target_ns_unknown"]
            else:
                text += t["off_target_ns"].format(n=k.n_debtors, min=cv.MIN_DEBTORS_SIGNIFICANT)
        out.append((key, k, target, text))
    return out


@dataclass(frozen=True)
class _Drivers:
    """The overdue analysis of the aged balance (internal)."""

    sentences: list[str]
    top: list[str]  # names of the top overdue debtors
    top_share: float | None  # percent of the overdue
    oldest: str | None  # label of the oldest bucket
    old_share: float | None  # percent of the overdue
    old_names: list[str]  # names of the debtors with the largest oldest-bucket amounts


def _name_lookup(names: Mapping[str, str] | pd.Series | None) -> dict[str, str]:
    if names is None:
        return {}
    if isinstance(names, pd.Series):
        items = zip(names.index, names.to_numpy(dtype=object), strict=True)
    elif isinstance(names, Mapping):
        items = names.items()
    else:
        raise ValueError(f"names must be a mapping or a Series, got {type(names).__name__}")
    out = {}
    for debtor, name in items:
        if not is_missing(name) and str(name).strip():
            out[str(debtor)] = str(name).strip()
    return out


def _drivers(
    lang: _Language,
    balance: pd.DataFrame | None,
    names: dict[str, str],
    as_of: pd.Timestamp,
) -> _Drivers:
    t = lang.t
    if balance is None:
        return _Drivers([t["no_balance"]], [], None, None, None, [])
    if not isinstance(balance, pd.DataFrame):
        raise ValueError(f"balance must be a DataFrame, got {type(balance).__name__}")
    needed = [cv.NOT_DUE_LABEL, cv.UNAPPLIED_LABEL, cv.TOTAL_LABEL]
    missing = [c for c in needed if c not in balance.columns]
    if missing:
        raise ValueError(
            f"balance lacks the columns {missing} (expected aged_balance output, basis 'due')"
        )
    buckets = [c for c in balance.columns if c not in needed]
    if not buckets:
        raise ValueError("balance has no overdue bucket column")
    grid = balance[buckets].astype("float64")
    if grid.isna().any().any():
        raise ValueError("balance has missing amounts in its bucket columns")
    overdue = grid.sum(axis=1).round(2)
    overdue = overdue[overdue > 0]
    total_overdue = float(overdue.sum())
    if total_overdue <= 0:
        return _Drivers([t["no_overdue"].format(date=lang.date(as_of))], [], None, None, None, [])
    ids = [str(i) for i in overdue.index]
    order = sorted(range(len(ids)), key=lambda i: (-overdue.iloc[i], ids[i]))
    oldest = buckets[-1]
    old = grid[oldest].round(2)
    n = len(ids)
    k = min(TOP_DEBTORS, n)
    top_pos = order[:k]
    top_names = [names.get(ids[i], ids[i]) for i in top_pos]
    encours = float(balance[cv.TOTAL_LABEL].astype("float64").sum())
    debtors = t["debtors_one"] if n == 1 else t["debtors_many"].format(n=n)
    sentences = [
        t["overdue_total"].format(
            date=lang.date(as_of),
            overdue=lang.eur(total_overdue),
            encours=lang.eur(encours),
            debtors=debtors,
        )
    ]
    for i, name in zip(top_pos, top_names, strict=True):
        amount = float(overdue.iloc[i])
        text = t["top_debtor"].format(
            name=name, amount=lang.eur(amount), share=lang.share(amount / total_overdue * 100)
        )
        old_amount = float(old.loc[overdue.index[i]])
        if old_amount > 0:
            text += t["top_debtor_old"].format(old=lang.eur(old_amount), bucket=oldest)
        sentences.append(f"{text}.")
    top_share = float(sum(overdue.iloc[i] for i in top_pos)) / total_overdue * 100
    if n > TOP_DEBTORS:
        sentences.append(t["concentration"].format(k=k, share=lang.share(top_share)))
    elif n == 1:
        sentences.append(t["concentration_all_one"])
    else:
        sentences.append(t["concentration_all"].format(n=n))
    old_total = float(old[old > 0].sum())
    old_share = old_total / total_overdue * 100
    sentences.append(
        t["old_share"].format(
            bucket=oldest, share=lang.share(old_share), amount=lang.eur(old_total)
        )
    )
    old_pos = [o for o in sorted(old.index, key=lambda d: (-old.loc[d], str(d))) if old.loc[o] > 0]
    old_names = [names.get(str(d), str(d)) for d in old_pos[:TOP_DEBTORS]]
    return _Drivers(sentences, top_names, top_share, oldest, old_share, old_names)


def _actions(
    lang: _Language,
    off: list[tuple[str, _Kpi, float, str]],
    drivers: _Drivers,
    now: dict[str, _Kpi],
) -> list[str]:
    t = lang.t
    significant = {key: (k, target) for key, k, target, _ in off if k.significant}

    def why(keys: tuple[str, ...]) -> str:
        parts = []
        for key in keys:
            if key in significant:
                k, target = significant[key]
                assert k.value is not None
                parts.append(
                    t["kpi_vs_target"].format(
                        label=lang.label(key, k.label),
                        value=lang.value(k.unit, k.value),
                        target=lang.value(k.unit, target),
                    )
                )
        return " ; ".join(parts) if lang.fr else "; ".join(parts)

    out = []
    triggers = tuple(key for key in DUNNING_TRIGGER_KEYS if key in significant)
    if triggers:
        if drivers.top:
            out.append(
                t["act_dunning_named"].format(names=lang.join(drivers.top), why=why(triggers))
            )
        else:
            out.append(t["act_dunning"].format(why=why(triggers)))
    if drivers.old_share is not None and round(drivers.old_share, 9) >= OLD_SHARE_THRESHOLD:
        out.append(
            t["act_old"].format(
                bucket=drivers.oldest,
                share=lang.share(drivers.old_share),
                names=lang.join(drivers.old_names),
            )
        )
    if drivers.top_share is not None and round(drivers.top_share, 9) >= CONCENTRATION_THRESHOLD:
        out.append(
            t["act_concentration"].format(
                names=lang.join(drivers.top), share=lang.share(drivers.top_share)
            )
        )
    for key, template in (
        ("dispute_rate", "act_dispute"),
        ("dunning_coverage_rate", "act_coverage"),
        ("activation_rate", "act_activation"),
        ("cost_per_euro_collected", "act_cost"),
        ("bad_debt_rate", "act_bad_debt"),
    ):
        if key in significant:
            out.append(t[template].format(why=why((key,))))
    doubtful = now.get("doubtful_receivables")
    if doubtful is not None and doubtful.value is not None and doubtful.value > 0:
        out.append(t["act_doubtful"].format(amount=lang.eur(doubtful.value)))
    out.extend(_data_actions(lang, now))
    return out


def _data_actions(lang: _Language, now: dict[str, _Kpi]) -> list[str]:
    t = lang.t
    by_table: dict[tuple[str, bool], list[str]] = {}
    checks = []
    for key, k in now.items():
        if k.value is not None:
            continue
        label = lang.label(key, k.label)
        table = _missing_table(k.reason)
        if table is not None:
            by_table.setdefault((table, True), []).append(label)
        elif k.reason is None and key in KPI_TABLES:
            by_table.setdefault((KPI_TABLES[key], False), []).append(label)
        elif k.reason is None:
            checks.append(t["act_check_unknown"].format(label=label))
        else:
            checks.append(t["act_check"].format(label=label, reason=lang.reason(k.reason)))
    out = [
        t["act_table" if sure else "act_table_maybe"].format(
            table=lang.table(table), labels=", ".join(labels)
        )
        for (table, sure), labels in by_table.items()
    ]
    return out + checks


def _unavailable(lang: _Language, now: dict[str, _Kpi]) -> list[str]:
    t = lang.t
    out = []
    for key, k in now.items():
        if k.value is not None:
            continue
        label = lang.label(key, k.label)
        if k.reason is not None:
            out.append(t["unavailable"].format(label=label, reason=lang.reason(k.reason)))
        elif key in KPI_TABLES:
            out.append(
                t["unavailable_table"].format(label=label, table=lang.table(KPI_TABLES[key]))
            )
        else:
            out.append(t["unavailable_unknown"].format(label=label))
    return out


# ---------------------------------------------------------------------------
# Public entry point
# ---------------------------------------------------------------------------
def executive_findings(
    history: pd.DataFrame,
    *,
    targets: Mapping[str, float] | None = None,
    balance: pd.DataFrame | None = None,
    names: Mapping[str, str] | pd.Series | None = None,
    language: str = "fr",
) -> Findings:
    """The written findings of the executive summary at the last month end of ``history``.

    Parameters
    ----------
    history : DataFrame
        Tidy output of :func:`recouvrement.kpi.kpi_history`: columns ``as_of, key,
        label, value, unit, numerator, denominator, n_debtors, significant,
        available``; an optional ``reason`` column (French ``non disponible : ...``
        text of :attr:`recouvrement.kpi.KpiResult.reason`) is used when present.
        Values in the KPI's unit (percent for rates, days, euros, ratio).
    targets : mapping of str to float, optional
        Target per KPI key, in the KPI's unit; default
        :data:`recouvrement.kpi.DEFAULT_TARGETS`.
    balance : DataFrame, optional
        :func:`recouvrement.aging.aged_balance` at the last ``as_of`` of ``history``
        (basis ``"due"``): index ``debtor_id``, the bucket columns youngest first
        (``Non échu`` first), ``Non affecté`` and ``Total``, in euros. Without it,
        the drivers say the balance was not provided.
    names : mapping or Series of debtor_id to name, optional
        Debtor names; a debtor without a name is shown by its id.
    language : {"fr", "en"}
        Language of the sentences and titles.

    Returns
    -------
    Findings
        Plain-text sentences per section (see :class:`Findings`).

    Raises
    ------
    ValueError
        When ``language`` is not ``"fr"`` or ``"en"``, ``history`` is empty, lacks a
        column or repeats an ``(as_of, key)`` pair, a target key is not a known KPI
        key, or ``balance`` lacks the aged-balance columns.

    Notes
    -----
    The rules and thresholds are those of the module docstring (French text in
    :data:`RULES`). The month compared with is the previous ``as_of`` of the
    history (normally the previous month end); with a single ``as_of``, no
    comparison is made and ``moves`` says so. Only the last ``as_of`` is used for
    the off-target, driver, action and unavailability sections. Inputs are never
    mutated.

    Examples
    --------
    >>> history = kpi_history(ledger, "2026-10-31", 3)  # doctest: +SKIP
    >>> balance = aged_balance(ledger, "2026-10-31")  # doctest: +SKIP
    >>> for title, sentences in executive_findings(history, balance=balance).sections():
    ...     print(title, sentences)  # doctest: +SKIP

    """
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}, got {language!r}")
    lang = _Language(language)
    by_date = _check_history(history)
    goals = _check_targets(targets)
    dates = list(by_date)
    as_of = dates[-1]
    now = by_date[as_of]

    moves, previous = _moves(lang, by_date)
    off = _off_target(lang, now, goals)
    drivers = _drivers(lang, balance, _name_lookup(names), as_of)
    return Findings(
        as_of=as_of,
        previous=previous,
        language=language,
        moves=moves,
        off_target=[text for *_, text in off],
        drivers=drivers.sentences,
        actions=_actions(lang, off, drivers, now),
        unavailable=_unavailable(lang, now),
    )


# ---------------------------------------------------------------------------
# The audit layer: dunning, legal claims, risk (issue: audit layer)
# ---------------------------------------------------------------------------
#: Claims prescribing within this many days are called urgent.
PRESCRIPTION_URGENT_DAYS = 183

_AUDIT_TEXTS = {
    "fr": {
        "title": "Relances, droits du créancier et risques",
        "title_actions": "Actions issues de l'audit",
        "no_dunning": "Audit des relances {reason}.",
        "coverage": (
            "{share} des factures échues à relancer ({n} sur {total}, {amount}) n'ont fait "
            "l'objet d'aucune relance au {date}."
        ),
        "coverage_full": (
            "Toutes les factures échues à relancer ({total}) ont été relancées au {date}."
        ),
        "behind": (
            "{n} facture échue ({amount}) est en retard sur le calendrier de relance "
            "« {calendar} » : le niveau attendu n'a pas été atteint.",
            "{n} factures échues ({amount}) sont en retard sur le calendrier de relance "
            "« {calendar} » : le niveau attendu n'a pas été atteint.",
        ),
        "next": (
            "{n} procédure de relance est à engager d'ici au {until} ({late} déjà en retard), "
            "pour {amount} ; projets de lettres joints au rapport : {letters}.",
            "{n} procédures de relance sont à engager d'ici au {until} ({late} déjà en retard), "
            "pour {amount} ; {letters} projets de lettres sont joints au rapport.",
        ),
        "claims": (
            "{total} de pénalités de retard et d'indemnités forfaitaires sont réclamables "
            "({interest} de pénalités, {indemnities} d'indemnités, {n} débiteurs "
            "professionnels) ; aucune facturation de pénalités ne figure dans les données."
        ),
        "claims_none": "Aucune pénalité ni indemnité n'est réclamable au {date}.",
        "provisional": "Montant provisoire : {note}.",
        "prescription": (
            "{n} factures ({amount}) se prescrivent dans les six mois et {gone} sont déjà "
            "prescrites."
        ),
        "terms": (
            "{n} facture a un délai de paiement convenu supérieur à 60 jours à compter de "
            "l'émission (art. L.441-10 du Code de commerce).",
            "{n} factures ont un délai de paiement convenu supérieur à 60 jours à compter de "
            "l'émission (art. L.441-10 du Code de commerce).",
        ),
        "risk": (
            "{n} débiteur est classé « à risque » ({amount} d'encours, {share} du total) ; "
            "{worse} débiteur(s) ont vu leur classe se dégrader depuis le mois précédent.",
            "{n} débiteurs sont classés « à risque » ({amount} d'encours, {share} du total) ; "
            "{worse} ont vu leur classe se dégrader depuis le mois précédent.",
        ),
        "breaches": (
            "{n} débiteur dépasse sa limite de crédit, de {amount}.",
            "{n} débiteurs dépassent leur limite de crédit, de {amount} au total.",
        ),
        "act_next": (
            "Engager les {n} relances du calendrier (projets de lettres joints), en commençant "
            "par les {late} en retard."
        ),
        "act_claims": (
            "Facturer les pénalités et indemnités réclamables aux débiteurs professionnels, "
            "en priorité {names}."
        ),
        "act_prescription": (
            "Interrompre la prescription des {n} factures concernées (reconnaissance de dette "
            "ou action en justice) avant leur date de prescription."
        ),
        "act_risk": (
            "Exiger un paiement comptant ou un acompte des débiteurs « à risque » : {names}."
        ),
        "act_breaches": "Suspendre les livraisons au-delà de la limite de crédit : {names}.",
        "act_none": "Aucune action particulière issue de l'audit des relances et des droits.",
    },
    "en": {
        "title": "Dunning, creditor's rights and risk",
        "title_actions": "Actions from the audit",
        "no_dunning": "Dunning audit {reason}.",
        "coverage": (
            "{share} of the overdue invoices to dun ({n} of {total}, {amount}) have had no "
            "reminder as of {date}."
        ),
        "coverage_full": "Every overdue invoice to dun ({total}) has had a reminder as of {date}.",
        "behind": (
            "{n} overdue invoice ({amount}) is behind the '{calendar}' dunning calendar: the "
            "expected level was not reached.",
            "{n} overdue invoices ({amount}) are behind the '{calendar}' dunning calendar: the "
            "expected level was not reached.",
        ),
        "next": (
            "{n} dunning procedure is due by {until} ({late} already late), for {amount}; "
            "draft letters attached to the report: {letters}.",
            "{n} dunning procedures are due by {until} ({late} already late), for {amount}; "
            "{letters} draft letters are attached to the report.",
        ),
        "claims": (
            "{total} of late-payment penalties and recovery indemnities are claimable "
            "({interest} of penalties, {indemnities} of indemnities, {n} professional "
            "debtors); the data shows no penalty invoiced."
        ),
        "claims_none": "No penalty or indemnity is claimable as of {date}.",
        "provisional": "Provisional amount: {note}.",
        "prescription": (
            "{n} invoices ({amount}) become time-barred within six months and {gone} already are."
        ),
        "terms": (
            "{n} invoice has agreed payment terms above 60 days from issue (art. L.441-10 "
            "Code de commerce).",
            "{n} invoices have agreed payment terms above 60 days from issue (art. L.441-10 "
            "Code de commerce).",
        ),
        "risk": (
            "{n} debtor is rated 'à risque' ({amount} of receivables, {share} of the total); "
            "{worse} moved to a worse class since last month.",
            "{n} debtors are rated 'à risque' ({amount} of receivables, {share} of the total); "
            "{worse} moved to a worse class since last month.",
        ),
        "breaches": (
            "{n} debtor exceeds its credit limit, by {amount}.",
            "{n} debtors exceed their credit limit, by {amount} in total.",
        ),
        "act_next": (
            "Send the {n} reminders of the calendar (draft letters attached), starting with "
            "the {late} late ones."
        ),
        "act_claims": (
            "Invoice the claimable penalties and indemnities to professional debtors, first "
            "{names}."
        ),
        "act_prescription": (
            "Interrupt the limitation period of the {n} invoices concerned (acknowledgement "
            "of debt or court action) before they become time-barred."
        ),
        "act_risk": "Require cash payment or a deposit from the 'à risque' debtors: {names}.",
        "act_breaches": "Hold deliveries beyond the credit limit: {names}.",
        "act_none": "No particular action from the dunning and rights audit.",
    },
}


def audit_findings(layer, names=None, *, language: str = "fr") -> list[tuple[str, list[str]]]:
    """Written findings of the audit layer: what the dunning, legal and risk audit found.

    Parameters
    ----------
    layer : recouvrement.audit.AuditLayer
        The audit layer at the report's date.
    names : mapping, optional
        Debtor id -> name, to name debtors in the actions.
    language : {"fr", "en"}
        Language of the sentences (French by default).

    Returns
    -------
    list of (title, sentences)
        Two sections: the findings (coverage of reminders, calendar adherence, next
        actions and letters, claimable penalties and indemnities, prescription, long
        terms, risk classes and limit breaches) and the actions they call for. A part
        that is not available says so.

    Notes
    -----
    Rules: every overdue invoice without a reminder is a finding; penalties are said
    claimable when ``total_claimable > 0`` (professional debtors, no open dispute, no
    insolvency) and, the data contract having no penalty invoices, the sentence says
    none appears in the data; a claim prescribing within
    :data:`PRESCRIPTION_URGENT_DAYS` calls for interrupting the prescription; the three
    largest claims, the three lowest scores and the three largest limit breaches are
    named in the actions.

    """
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}, got {language!r}")
    lang = _Language(language)
    t = _AUDIT_TEXTS[language]
    names = pd.Series(dict(names) if names is not None else {}, dtype="str")

    def who(ids) -> str:
        return lang.join([str(names.get(i, i)) for i in ids])

    found: list[str] = []
    actions: list[str] = []
    date = lang.date(layer.as_of)
    if layer.coverage is None:
        found.append(t["no_dunning"].format(reason=layer.reason("dunning")))
    else:
        cov = layer.coverage.table()
        total = int(cov.loc["total", "n_invoices"])
        n = int(cov.loc["sans relance", "n_invoices"])
        if n:
            found.append(
                t["coverage"].format(
                    share=lang.share(cov.loc["sans relance", "share_invoices"]),
                    n=fmt_int_any(n),
                    total=fmt_int_any(total),
                    amount=lang.eur(cov.loc["sans relance", "amount"]),
                    date=date,
                )
            )
        elif total:
            found.append(t["coverage_full"].format(total=fmt_int_any(total), date=date))
        summary = layer.adherence.summary
        if "en retard" in summary.index and summary.loc["en retard", "n_invoices"]:
            found.append(
                _pl(t["behind"], summary.loc["en retard", "n_invoices"]).format(
                    n=fmt_int_any(summary.loc["en retard", "n_invoices"]),
                    amount=lang.eur(summary.loc["en retard", "amount"]),
                    calendar=layer.calendar.name,
                )
            )
        acts = layer.next_actions.actions
        if len(acts):
            late = int((acts["status"] == "en retard").sum())
            found.append(
                _pl(t["next"], len(acts)).format(
                    n=fmt_int_any(len(acts)),
                    until=lang.date(layer.as_of + pd.Timedelta(days=30)),
                    late=fmt_int_any(late),
                    amount=lang.eur(acts["amount"].sum()),
                    letters=fmt_int_any(len(layer.letters)),
                )
            )
            actions.append(t["act_next"].format(n=fmt_int_any(len(acts)), late=fmt_int_any(late)))
    totals = layer.totals
    if totals is not None and totals["total_claimable"] > 0:
        found.append(
            t["claims"].format(
                total=lang.eur(totals["total_claimable"]),
                interest=lang.eur(totals["claimable_interest"]),
                indemnities=lang.eur(totals["claimable_indemnities"]),
                n=fmt_int_any((layer.claims["total_claimable"] > 0).sum()),
            )
        )
        if totals["provisional"]:
            found.append(t["provisional"].format(note=str(totals["provisional_note"]).rstrip(".")))
        top = layer.claims.sort_values(["total_claimable", "debtor_id"], ascending=[False, True])
        actions.append(t["act_claims"].format(names=who(top["debtor_id"].head(3))))
    elif totals is not None:
        found.append(t["claims_none"].format(date=date))
    watch = layer.prescription
    if watch is not None and len(watch):
        soon = watch[~watch["prescribed"]]
        found.append(
            t["prescription"].format(
                n=fmt_int_any(len(soon)),
                amount=lang.eur(soon["residual"].sum()),
                gone=fmt_int_any(int(watch["prescribed"].sum())),
            )
        )
        urgent = soon[soon["days_left"] <= PRESCRIPTION_URGENT_DAYS]
        if len(urgent):
            actions.append(t["act_prescription"].format(n=fmt_int_any(len(urgent))))
    if layer.long_terms is not None and layer.long_terms["breach"].any():
        found.append(
            _pl(t["terms"], int(layer.long_terms["breach"].sum())).format(
                n=fmt_int_any(int(layer.long_terms["breach"].sum()))
            )
        )
    scores = layer.scores
    if scores is not None:
        risky = scores[scores["risk_class"] == "à risque"]
        total_encours = float(scores["encours"].sum())
        found.append(
            _pl(t["risk"], len(risky)).format(
                n=fmt_int_any(len(risky)),
                amount=lang.eur(risky["encours"].sum()),
                share=lang.share(
                    risky["encours"].sum() / total_encours * 100 if total_encours else 0
                ),
                worse=fmt_int_any(len(layer.changes) if layer.changes is not None else 0),
            )
        )
        breach = scores[scores["limit_breach"].fillna(False).astype(bool)]
        if len(breach):
            excess = breach["encours"] - breach["credit_limit"]
            found.append(
                _pl(t["breaches"], len(breach)).format(
                    n=fmt_int_any(len(breach)), amount=lang.eur(excess.sum())
                )
            )
        exposed = risky[risky["encours"] > 0].sort_values(["score", "debtor_id"])
        if len(exposed):
            actions.append(t["act_risk"].format(names=who(exposed["debtor_id"].head(3))))
        if len(breach):
            order = breach.assign(excess=excess).sort_values(
                ["excess", "debtor_id"], ascending=[False, True]
            )
            actions.append(t["act_breaches"].format(names=who(order["debtor_id"].head(3))))
    return [(t["title"], found), (t["title_actions"], actions or [t["act_none"]])]


def _pl(forms: tuple[str, str], n) -> str:
    """``forms[0]`` (singular) when ``n`` is 1, else ``forms[1]`` (plural)."""
    return forms[0] if int(n) == 1 else forms[1]


def fmt_int_any(value) -> str:
    """A count, French thousands separator (U+00A0); English readers read it too."""
    from recouvrement.formatting import fmt_int

    return fmt_int(value)
