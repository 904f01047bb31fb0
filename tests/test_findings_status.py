"""Rules 3 and 6 of the executive findings: KPIs off target, KPIs not available."""

from __future__ import annotations

import pytest
from builders import OCT, history, kpi, two_months

from recouvrement.report import findings as fd


@pytest.mark.parametrize(
    ("key", "value", "target", "expected"),
    [
        (
            "dso",
            72.4,
            60.0,
            "DSO (méthode comptable) : 72,4\u00a0j pour un objectif de 60,0\u00a0j, soit un "
            "écart de +12,4\u00a0j.",
        ),
        ("dso", 50.0, 60.0, None),
        (
            "recovery_rate",
            85.0,
            90.0,
            "Taux de recouvrement : 85,0\u00a0% pour un objectif de 90,0\u00a0%, soit un "
            "écart de \u22125,0\u00a0pts.",
        ),
        ("recovery_rate", 95.0, 90.0, None),
        ("recovery_rate", 90.0, 90.0, None),
    ],
    ids=[
        "dso-above-unfavourable",
        "dso-below-favourable",
        "recovery-below",
        "recovery-above",
        "on-target",
    ],
)
def test_off_target_direction(key, value, target, expected):
    hist = history(kpi(OCT, key, value, n_debtors=12))
    out = fd.executive_findings(hist, targets={key: target})
    assert out.off_target == ([] if expected is None else [expected])


def test_no_off_target_section_says_so():
    out = fd.executive_findings(history(kpi(OCT, "dso", 40.0)), targets={"dso": 60.0})
    assert out.sections()[1] == ("Hors objectif", ["Aucun indicateur hors objectif."])


def test_not_significant_kpi_is_flagged_and_triggers_no_action():
    hist = two_months("recovery_rate", 85.0, 80.0, n_debtors=7, significant=False)
    out = fd.executive_findings(hist, targets={"recovery_rate": 90.0})
    assert out.off_target == [
        "Taux de recouvrement : 80,0\u00a0% pour un objectif de 90,0\u00a0%, soit un écart de "
        "\u221210,0\u00a0pts. Valeur non significative : 7 débiteurs dans la base (minimum 10)."
    ]
    assert out.moves == [
        "Taux de recouvrement : 80,0\u00a0% (non significatif) au 31/10/2026 contre "
        "85,0\u00a0% (non significatif) au 30/09/2026 (\u22125,0\u00a0pts, dégradation)."
    ]
    assert out.actions == []
    assert out.sections()[3] == (
        "Actions recommandées",
        ["Aucune action recommandée par les règles ce mois-ci."],
    )


def test_unknown_target_key_raises():
    with pytest.raises(ValueError, match="recovery_rat"):
        fd.executive_findings(history(kpi(OCT, "dso", 40.0)), targets={"recovery_rat": 90.0})


def test_default_targets_are_used():
    out = fd.executive_findings(history(kpi(OCT, "dso", 61.0)))
    assert out.off_target == [
        "DSO (méthode comptable) : 61,0\u00a0j pour un objectif de 60,0\u00a0j, soit un écart "
        "de +1,0\u00a0j."
    ]


def test_unavailable_with_other_reason():
    reason = "non disponible : aucune vente nette sur la période"
    hist = history(kpi(OCT, "dso", None, reason=reason))
    out = fd.executive_findings(hist, targets={})
    assert out.unavailable == ["DSO (méthode comptable) : aucune vente nette sur la période."]
    assert out.actions == [
        "Vérifier les données d'entrée de l'indicateur DSO (méthode comptable) : aucune "
        "vente nette sur la période."
    ]


def test_unavailable_without_reason():
    # no reason in the history: the table the KPI needs is named instead
    hist = history(kpi(OCT, "activation_rate", None), kpi(OCT, "dso", None))
    out = fd.executive_findings(hist, targets={})
    assert out.unavailable == [
        "Taux d'activation (payeurs sous relance) : non disponible (nécessite la table des "
        "relances).",
        "DSO (méthode comptable) : non disponible (raison non précisée dans l'historique).",
    ]
    assert out.actions == [
        "Fournir ou compléter la table des relances pour calculer : Taux d'activation "
        "(payeurs sous relance).",
        "Vérifier les données d'entrée de l'indicateur DSO (méthode comptable).",
    ]


def test_all_available_leaves_the_section_out():
    """No heading « Indicateurs non disponibles » announcing that nothing is missing."""
    out = fd.executive_findings(history(kpi(OCT, "dso", 40.0)), targets={})
    assert [title for title, _ in out.sections()] == [
        "Évolutions du mois",
        "Hors objectif",
        "Origine de l'échu",
        "Actions recommandées",
    ]
