"""Rule 5 of the executive findings: the recommended actions, exact sentences."""

from __future__ import annotations

from builders import NAMES, NO_REMINDERS, OCT, history, kpi, october_balance

from recouvrement.report import findings as fd


def test_actions_triggered_by_rules():
    balance = october_balance()
    hist = history(
        kpi(OCT, "dso", 72.4),
        kpi(OCT, "dispute_rate", 8.0, n_debtors=15),
        kpi(OCT, "doubtful_receivables", 1500.0),
        kpi(OCT, "activation_rate", None, reason=NO_REMINDERS),
        kpi(OCT, "dunning_coverage_rate", None, reason=NO_REMINDERS),
    )
    out = fd.executive_findings(
        hist, balance=balance, names=NAMES, targets={"dso": 60.0, "dispute_rate": 5.0}
    )
    assert out.actions == [
        "Resserrer les relances sur les principaux débiteurs en retard (Alpha SA, Bêta SARL "
        "et D3) : DSO (méthode comptable) 72,4\u00a0j pour un objectif de 60,0\u00a0j.",
        "Revoir le provisionnement des créances douteuses et envisager une mise en demeure "
        "pour les créances de la tranche «\u00a0> 90\u00a0» (50,0\u00a0% de l'échu), en "
        "priorité Alpha SA et Delta & Fils.",
        "Suivre individuellement Alpha SA, Bêta SARL et D3, qui concentrent 91,7\u00a0% de "
        "l'échu : point de situation et, si nécessaire, échéancier.",
        "Résoudre les litiges en cours (Taux de litige 8,0\u00a0% pour un objectif de "
        "5,0\u00a0%) : une facture en litige est exclue de la base du recouvrement et son "
        "encaissement est retardé.",
        "Déclarer les créances des débiteurs en procédure collective auprès du mandataire "
        "judiciaire (1\u00a0500,00\u00a0€ de créances douteuses).",
        "Fournir la table des relances pour calculer : Taux d'activation (payeurs sous "
        "relance), Taux de couverture des relances.",
    ]
    assert out.unavailable == [
        "Taux d'activation (payeurs sous relance) : pas de table des relances.",
        "Taux de couverture des relances : pas de table des relances.",
    ]


def test_dunning_action_without_balance_names_no_debtor():
    hist = history(kpi(OCT, "recovery_rate", 85.0, n_debtors=12), kpi(OCT, "cei", 70.0))
    out = fd.executive_findings(hist, targets={"recovery_rate": 90.0, "cei": 80.0})
    assert out.actions == [
        "Resserrer les relances sur les créances échues : Taux de recouvrement 85,0\u00a0% pour "
        "un objectif de 90,0\u00a0% ; Indice d'efficacité du recouvrement (CEI) 70,0\u00a0% "
        "pour un objectif de 80,0\u00a0%."
    ]
