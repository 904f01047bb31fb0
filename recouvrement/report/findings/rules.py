"""The named rules and thresholds of the written findings, and their French text.

Each threshold is a named constant quoted by :data:`RULES` (rule, threshold), the
French text of the report's methodology appendix; the rules themselves are described
in :mod:`recouvrement.report.findings`.
"""

from __future__ import annotations

from recouvrement import conventions as cv
from recouvrement.audit.decisions import PRESCRIPTION_ACT_DAYS
from recouvrement.formatting import fmt_days, fmt_number, fmt_pct
from recouvrement.kpi import KPI_LABELS

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

#: Materiality threshold of a monthly move, by KPI unit (euros: relative to the previous value).
MOVE_THRESHOLDS: dict[str, float] = {
    "%": MOVE_THRESHOLD_PTS,
    "j": MOVE_THRESHOLD_DAYS,
    "€": MOVE_THRESHOLD_RELATIVE,
    "ratio": MOVE_THRESHOLD_RATIO,
}

#: Claims of the audit layer prescribing within this many days are called urgent: the
#: threshold at which a debtor's one action becomes interrupting the prescription.
PRESCRIPTION_URGENT_DAYS = PRESCRIPTION_ACT_DAYS

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
