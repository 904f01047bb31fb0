"""The sentence templates of the executive findings, in French and in English.

Each template is a :meth:`str.format` string; the placeholders are filled by the
section that uses it with values already formatted by
:class:`~recouvrement.report.findings.language.Language`.
"""

from __future__ import annotations

#: Templates by language code, then by name (same names in both languages).
TEXTS: dict[str, dict[str, str]] = {
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
