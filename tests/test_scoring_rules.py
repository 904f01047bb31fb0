"""The French scoring rules of the methodology appendix quote the weights table."""

from __future__ import annotations

from recouvrement import scoring


def test_rules_quote_the_weights():
    texts = dict(scoring.RULES)
    assert "Facteur « Retard moyen pondéré » : poids 30" in texts
    assert sum(rule.startswith("Facteur «") for rule in texts) == len(scoring.FACTORS)
    assert "pas d'historique de paiement" in texts["Score non disponible"]
    assert "acompte de 30 %" in texts["Recommandation « à risque »"]


def test_rules_follow_custom_weights():
    weights = scoring.load_weights()
    weights["weight"] = [100.0 if f == "days_late" else 0.0 for f in weights["factor"]]
    texts = dict(scoring.rules(weights))
    assert "Facteur « Retard moyen pondéré » : poids 100" in texts
    assert "Facteur « Part des factures en litige » : poids 0" in texts
