"""Executive findings: hand-built KPI histories and aged balances, exact sentences.

Every history below is a tiny tidy frame with the columns of ``kpi_history`` and two or
three month ends; every expected sentence is written out in full, with the no-break
spaces (``\\u00a0``) and minus signs (``\\u2212``) of the French formatting.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal, assert_series_equal

import recouvrement as rc
from recouvrement.conventions import TOTAL_LABEL, UNAPPLIED_LABEL, Buckets
from recouvrement.kpi import HISTORY_COLUMNS, KPI_LABELS
from recouvrement.report import findings as fd

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"

AUG, SEP, OCT = "2026-08-31", "2026-09-30", "2026-10-31"
UNITS = {
    "recovery_rate": "%",
    "unpaid_rate": "%",
    "activation_rate": "%",
    "dunning_coverage_rate": "%",
    "dso": "j",
    "average_days_delinquent": "j",
    "cei": "%",
    "cost_per_euro_collected": "ratio",
    "dispute_rate": "%",
    "doubtful_receivables": "€",
}
NO_REMINDERS = "non disponible : pas de table des relances"


def kpi(as_of, key, value, *, n_debtors=None, significant=True, reason=None) -> dict:
    """One history row; ``value=None`` makes the KPI unavailable (``reason`` optional)."""
    return {
        "as_of": pd.Timestamp(as_of),
        "key": key,
        "label": KPI_LABELS[key],
        "value": np.nan if value is None else value,
        "unit": UNITS[key],
        "numerator": np.nan,
        "denominator": np.nan,
        "n_debtors": n_debtors,
        "significant": significant,
        "available": value is not None,
        "reason": reason,
    }


def history(*rows: dict, with_reason: bool = False) -> pd.DataFrame:
    """A frame typed like ``kpi_history`` (plus ``reason`` when asked)."""
    columns = [*HISTORY_COLUMNS, "reason"] if with_reason else HISTORY_COLUMNS
    frame = pd.DataFrame(list(rows), columns=columns)
    return frame.astype(
        {
            "as_of": "datetime64[ns]",
            "value": "float64",
            "numerator": "float64",
            "denominator": "float64",
            "n_debtors": "Int64",
            "significant": "bool",
            "available": "bool",
        }
    )


def two_months(key: str, before: float, after: float, **kw) -> pd.DataFrame:
    return history(kpi(SEP, key, before, **kw), kpi(OCT, key, after, **kw))


@pytest.fixture
def balance() -> pd.DataFrame:
    """Aged balance at 31/10/2026, default buckets, amounts in euros.

    Overdue (buckets other than Non échu; Non affecté not netted):
    D1 1 000 + 5 000 = 6 000 (50,0 %), D2 3 000 (25,0 %), D3 2 000 (16,7 %), D4 1 000,
    D5 0 (not due only). Total overdue 12 000; top 3 = 11 000 = 91,7 %.
    > 90: D1 5 000 + D4 1 000 = 6 000 = 50,0 % of the overdue.
    Encours = Σ Total = 6 000 + 4 500 + 2 000 + 1 500 + 3 000 = 17 000.
    """
    labels = Buckets().labels()
    rows = {
        "D1": [0.0, 1000.0, 0.0, 0.0, 5000.0, 0.0],
        "D2": [2000.0, 3000.0, 0.0, 0.0, 0.0, -500.0],
        "D3": [0.0, 0.0, 2000.0, 0.0, 0.0, 0.0],
        "D4": [500.0, 0.0, 0.0, 0.0, 1000.0, 0.0],
        "D5": [3000.0, 0.0, 0.0, 0.0, 0.0, 0.0],
    }
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=[*labels, UNAPPLIED_LABEL])
    frame[TOTAL_LABEL] = frame.sum(axis=1)
    frame.index = pd.Index(frame.index, dtype="str", name="debtor_id")
    return frame


NAMES = {"D1": "Alpha SA", "D2": "Bêta SARL", "D4": "Delta & Fils"}


# ---------------------------------------------------------------------------
# Moves
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (
            80.0,
            82.0,
            "Taux de recouvrement : 82,0\u00a0% au 31/10/2026 contre 80,0\u00a0% au "
            "30/09/2026 (+2,0\u00a0pts, amélioration).",
        ),
        (
            80.0,
            77.5,
            "Taux de recouvrement : 77,5\u00a0% au 31/10/2026 contre 80,0\u00a0% au "
            "30/09/2026 (\u22122,5\u00a0pts, dégradation).",
        ),
    ],
    ids=["rate-up-better", "rate-down-worse"],
)
def test_rate_move_above_threshold(before, after, expected):
    out = fd.executive_findings(two_months("recovery_rate", before, after, n_debtors=12))
    assert out.moves == [expected]
    assert out.previous == pd.Timestamp(SEP)
    assert out.as_of == pd.Timestamp(OCT)


def test_lower_is_better_move_direction():
    out = fd.executive_findings(two_months("dispute_rate", 6.0, 4.0, n_debtors=20))
    assert out.moves == [
        "Taux de litige : 4,0\u00a0% au 31/10/2026 contre 6,0\u00a0% au 30/09/2026 "
        "(\u22122,0\u00a0pts, amélioration)."
    ]


@pytest.mark.parametrize(
    ("key", "before", "after", "expected"),
    [
        ("recovery_rate", 80.0, 80.9, None),
        (
            "recovery_rate",
            80.0,
            81.0,
            "Taux de recouvrement : 81,0\u00a0% au 31/10/2026 contre 80,0\u00a0% au "
            "30/09/2026 (+1,0\u00a0pts, amélioration).",
        ),
        ("dso", 50.0, 52.9, None),
        (
            "dso",
            50.0,
            53.0,
            "DSO (méthode comptable) : 53,0\u00a0j au 31/10/2026 contre 50,0\u00a0j au "
            "30/09/2026 (+3,0\u00a0j, dégradation).",
        ),
        ("doubtful_receivables", 10000.0, 10999.0, None),
        (
            "doubtful_receivables",
            10000.0,
            11000.0,
            "Créances douteuses (procédures collectives) : 11\u00a0000,00\u00a0€ au "
            "31/10/2026 contre 10\u00a0000,00\u00a0€ au 30/09/2026 (+1\u00a0000,00\u00a0€, "
            "+10,0\u00a0%, dégradation).",
        ),
        (
            "doubtful_receivables",
            0.0,
            250.0,
            "Créances douteuses (procédures collectives) : 250,00\u00a0€ au 31/10/2026 "
            "contre 0,00\u00a0€ au 30/09/2026 (+250,00\u00a0€, dégradation).",
        ),
        ("cost_per_euro_collected", 0.050, 0.059, None),
        (
            "cost_per_euro_collected",
            0.050,
            0.040,
            "Coût à l'euro recouvré : 0,040 au 31/10/2026 contre 0,050 au 30/09/2026 "
            "(\u22120,010, amélioration).",
        ),
    ],
    ids=[
        "rate-0.9pt-silent",
        "rate-1pt",
        "dso-2.9d-silent",
        "dso-3d",
        "eur-9.99pct-silent",
        "eur-10pct",
        "eur-from-zero",
        "ratio-0.009-silent",
        "ratio-0.01",
    ],
)
def test_materiality_thresholds(key, before, after, expected):
    out = fd.executive_findings(two_months(key, before, after), targets={})
    assert out.moves == ([] if expected is None else [expected])


def test_no_material_move_section_says_so():
    out = fd.executive_findings(two_months("recovery_rate", 80.0, 80.5), targets={})
    assert out.moves == []
    assert out.sections()[0] == (
        "Évolutions du mois",
        ["Aucune variation au-delà des seuils de matérialité depuis le 30/09/2026."],
    )


def test_variants_are_not_commented():
    # unpaid rate = 100 − recovery rate: its move would repeat the recovery rate's
    out = fd.executive_findings(two_months("unpaid_rate", 10.0, 20.0), targets={})
    assert out.moves == []


def test_consistent_three_month_trend():
    hist = history(
        kpi(AUG, "recovery_rate", 86.0, n_debtors=12),
        kpi(SEP, "recovery_rate", 84.0, n_debtors=12),
        kpi(OCT, "recovery_rate", 82.0, n_debtors=12),
    )
    out = fd.executive_findings(hist, targets={})
    assert out.moves == [
        "Taux de recouvrement : 82,0\u00a0% au 31/10/2026 contre 84,0\u00a0% au 30/09/2026 "
        "(\u22122,0\u00a0pts, dégradation).",
        "Tendance sur 3 mois : Taux de recouvrement en baisse continue (86,0\u00a0% au "
        "31/08/2026, 84,0\u00a0% au 30/09/2026, 82,0\u00a0% au 31/10/2026), soit "
        "\u22124,0\u00a0pts (dégradation).",
    ]


@pytest.mark.parametrize(
    "values", [(86.0, 80.0, 82.0), (86.0, 86.0, 84.0)], ids=["reversal", "flat-then-down"]
)
def test_no_trend_when_not_consistent(values):
    hist = history(
        *[kpi(d, "recovery_rate", v) for d, v in zip((AUG, SEP, OCT), values, strict=True)]
    )
    out = fd.executive_findings(hist, targets={})
    assert not any(s.startswith("Tendance") for s in out.moves)
    assert len(out.moves) == 1  # the monthly move (2 points) only


def test_first_month_has_no_comparison():
    out = fd.executive_findings(history(kpi(OCT, "recovery_rate", 80.0)), targets={})
    assert out.previous is None
    assert out.moves == [
        "Premier mois de l'historique (31/10/2026) : aucune comparaison avec le mois "
        "précédent n'est possible."
    ]
    assert out.sections()[0][1] == out.moves


# ---------------------------------------------------------------------------
# Off target
# ---------------------------------------------------------------------------
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


# ---------------------------------------------------------------------------
# Drivers
# ---------------------------------------------------------------------------
DRIVERS_FR = [
    "Échu total au 31/10/2026 : 12\u00a0000,00\u00a0€ sur un encours de 17\u00a0000,00\u00a0€, "
    "porté par 4 débiteurs.",
    "Alpha SA : 6\u00a0000,00\u00a0€ échus, soit 50,0\u00a0% de l'échu, dont 5\u00a0000,00\u00a0€ "
    "dans la tranche «\u00a0> 90\u00a0».",
    "Bêta SARL : 3\u00a0000,00\u00a0€ échus, soit 25,0\u00a0% de l'échu.",
    "D3 : 2\u00a0000,00\u00a0€ échus, soit 16,7\u00a0% de l'échu.",
    "Les 3 premiers débiteurs représentent 91,7\u00a0% de l'échu.",
    "La tranche la plus ancienne («\u00a0> 90\u00a0») représente 50,0\u00a0% de l'échu "
    "(6\u00a0000,00\u00a0€).",
]


@pytest.mark.parametrize("names", [NAMES, pd.Series(NAMES, name="name")], ids=["mapping", "series"])
def test_drivers_with_names_and_concentration(balance, names):
    out = fd.executive_findings(
        history(kpi(OCT, "dso", 40.0)), balance=balance, names=names, targets={}
    )
    assert out.drivers == DRIVERS_FR


def test_drivers_few_debtors(balance):
    small = balance.loc[["D3", "D5"]]
    out = fd.executive_findings(history(kpi(OCT, "dso", 40.0)), balance=small, targets={})
    assert out.drivers == [
        "Échu total au 31/10/2026 : 2\u00a0000,00\u00a0€ sur un encours de 5\u00a0000,00\u00a0€, "
        "porté par 1 débiteur.",
        "D3 : 2\u00a0000,00\u00a0€ échus, soit 100,0\u00a0% de l'échu.",
        "L'échu est porté par un seul débiteur.",
        "La tranche la plus ancienne («\u00a0> 90\u00a0») représente 0,0\u00a0% de l'échu "
        "(0,00\u00a0€).",
    ]


def test_drivers_without_balance_or_overdue(balance):
    hist = history(kpi(OCT, "dso", 40.0))
    assert fd.executive_findings(hist, targets={}).drivers == [
        "Balance âgée non fournie : l'origine de l'échu n'est pas analysée."
    ]
    not_due = balance.loc[["D5"]]
    assert fd.executive_findings(hist, balance=not_due, targets={}).drivers == [
        "Aucune créance échue au 31/10/2026."
    ]


def test_balance_without_aged_columns_raises(balance):
    with pytest.raises(ValueError, match="Non affecté"):
        fd.executive_findings(
            history(kpi(OCT, "dso", 40.0)), balance=balance.drop(columns=UNAPPLIED_LABEL)
        )


# ---------------------------------------------------------------------------
# Actions and unavailable KPIs
# ---------------------------------------------------------------------------
def test_actions_triggered_by_rules(balance):
    hist = history(
        kpi(OCT, "dso", 72.4),
        kpi(OCT, "dispute_rate", 8.0, n_debtors=15),
        kpi(OCT, "doubtful_receivables", 1500.0),
        kpi(OCT, "activation_rate", None, reason=NO_REMINDERS),
        kpi(OCT, "dunning_coverage_rate", None, reason=NO_REMINDERS),
        with_reason=True,
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


def test_unavailable_with_other_reason():
    reason = "non disponible : aucune vente nette sur la période"
    hist = history(kpi(OCT, "dso", None, reason=reason), with_reason=True)
    out = fd.executive_findings(hist, targets={})
    assert out.unavailable == ["DSO (méthode comptable) : aucune vente nette sur la période."]
    assert out.actions == [
        "Vérifier les données d'entrée de l'indicateur DSO (méthode comptable) : aucune "
        "vente nette sur la période."
    ]


def test_unavailable_without_reason_column():
    # kpi_history carries no reason: the table the KPI needs is named instead
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


def test_all_available_section_says_so():
    out = fd.executive_findings(history(kpi(OCT, "dso", 40.0)), targets={})
    assert out.sections()[4] == (
        "Indicateurs non disponibles",
        ["Tous les indicateurs sont disponibles."],
    )


# ---------------------------------------------------------------------------
# Sections, language, contract
# ---------------------------------------------------------------------------
def test_sections_titles_and_placeholders():
    out = fd.executive_findings(two_months("dso", 40.0, 41.0), targets={})
    assert out.sections() == [
        (
            "Évolutions du mois",
            ["Aucune variation au-delà des seuils de matérialité depuis le 30/09/2026."],
        ),
        ("Hors objectif", ["Aucun indicateur hors objectif."]),
        (
            "Origine de l'échu",
            ["Balance âgée non fournie : l'origine de l'échu n'est pas analysée."],
        ),
        ("Actions recommandées", ["Aucune action recommandée par les règles ce mois-ci."]),
        ("Indicateurs non disponibles", ["Tous les indicateurs sont disponibles."]),
    ]


def test_english(balance):
    hist = history(
        kpi(SEP, "dso", 64.0),
        kpi(OCT, "dso", 72.4),
        kpi(SEP, "activation_rate", None, reason=NO_REMINDERS),
        kpi(OCT, "activation_rate", None, reason=NO_REMINDERS),
        with_reason=True,
    )
    out = fd.executive_findings(
        hist, balance=balance, names=NAMES, targets={"dso": 60.0}, language="en"
    )
    assert out.moves == [
        "DSO (accounting method): 72.4 days at 31 October 2026 against 64.0 days at "
        "30 September 2026 (+8.4 days, deterioration)."
    ]
    assert out.off_target == [
        "DSO (accounting method): 72.4 days against a target of 60.0 days, a gap of +12.4 days."
    ]
    assert out.drivers == [
        "Total overdue at 31 October 2026: €12,000.00 out of receivables of €17,000.00, "
        "owed by 4 debtors.",
        "Alpha SA: €6,000.00 overdue, 50.0% of the total overdue, of which €5,000.00 in the "
        "“> 90” bucket.",
        "Bêta SARL: €3,000.00 overdue, 25.0% of the total overdue.",
        "D3: €2,000.00 overdue, 16.7% of the total overdue.",
        "The top 3 debtors account for 91.7% of the overdue.",
        "The oldest bucket (“> 90”) accounts for 50.0% of the overdue (€6,000.00).",
    ]
    assert out.actions[0] == (
        "Tighten reminders on the top overdue debtors (Alpha SA, Bêta SARL and D3): DSO "
        "(accounting method) 72.4 days against a target of 60.0 days."
    )
    assert out.actions[-1] == (
        "Provide the dunning actions table to compute: Activation rate (payers under dunning)."
    )
    assert out.unavailable == ["Activation rate (payers under dunning): no dunning actions table."]
    assert [title for title, _ in out.sections()] == [
        "Changes this month",
        "Off target",
        "Drivers of the overdue",
        "Recommended actions",
        "KPIs not available",
    ]


def test_english_negative_amounts_and_first_month():
    out = fd.executive_findings(two_months("recovery_rate", 80.0, 77.5), targets={}, language="en")
    assert out.moves == [
        "Recovery rate: 77.5% at 31 October 2026 against 80.0% at 30 September 2026 "
        "(\u22122.5 pts, deterioration)."
    ]
    first = fd.executive_findings(history(kpi(OCT, "dso", 40.0)), targets={}, language="en")
    assert first.moves == [
        "First month of the history (31 October 2026): no comparison with the previous month "
        "is possible."
    ]


@pytest.mark.parametrize("language", ["de", "FR", "", None], ids=["de", "FR", "empty", "none"])
def test_invalid_language_raises(language):
    with pytest.raises(ValueError, match="language"):
        fd.executive_findings(history(kpi(OCT, "dso", 40.0)), language=language)


def test_invalid_history_raises():
    with pytest.raises(ValueError, match="empty"):
        fd.executive_findings(history())
    with pytest.raises(ValueError, match="columns"):
        fd.executive_findings(history(kpi(OCT, "dso", 40.0)).drop(columns="unit"))
    with pytest.raises(ValueError, match="duplicated"):
        fd.executive_findings(history(kpi(OCT, "dso", 40.0), kpi(OCT, "dso", 41.0)))


def test_inputs_not_mutated(balance):
    hist = history(
        kpi(SEP, "dso", 64.0),
        kpi(OCT, "dso", 72.4),
        kpi(OCT, "activation_rate", None, reason=NO_REMINDERS),
        with_reason=True,
    )
    names = pd.Series(NAMES, name="name")
    targets = {"dso": 60.0}
    hist_before, balance_before, names_before = hist.copy(), balance.copy(), names.copy()
    fd.executive_findings(hist, balance=balance, names=names, targets=targets)
    assert_frame_equal(hist, hist_before)
    assert_frame_equal(balance, balance_before)
    assert_series_equal(names, names_before)
    assert targets == {"dso": 60.0}


def test_findings_is_frozen():
    out = fd.executive_findings(history(kpi(OCT, "dso", 40.0)), targets={})
    with pytest.raises(dataclasses.FrozenInstanceError):
        out.moves = []  # type: ignore[misc]


def test_rules_cover_every_threshold():
    text = " ".join(f"{rule} {threshold}" for rule, threshold in fd.RULES)
    for needle in ["1\u00a0point", "3\u00a0j", "10\u00a0%", "0,01", "25\u00a0%", "50\u00a0%"]:
        assert needle in text
    assert rc.executive_findings is fd.executive_findings
    assert rc.Findings is fd.Findings


# ---------------------------------------------------------------------------
# Integration on a bundled sample
# ---------------------------------------------------------------------------
def test_conseil_horizon_sample():
    ledger = rc.read_ledger(SAMPLES / "conseil-horizon")
    hist = rc.kpi_history(ledger, "2026-10-31", 3)
    balance = rc.aged_balance(ledger, "2026-10-31")
    names = ledger.debtors.set_index("debtor_id")["name"]
    out = rc.executive_findings(hist, balance=balance, names=names)
    assert out.as_of == pd.Timestamp("2026-10-31")
    assert out.previous == pd.Timestamp("2026-09-30")
    sections = out.sections()
    assert len(sections) == 5
    assert all(sentences and all(s.strip() for s in sentences) for _, sentences in sections)
    top = names[balance.index[0]]  # aged_balance sorts by overdue amount
    assert out.drivers[1].startswith(f"{top} : ")
    assert any(top in action for action in out.actions)
    assert out.drivers[0].startswith("Échu total au 31/10/2026 : ")
    table = rc.compare_to_targets(rc.kpi_pack(ledger, "2026-10-31"))
    unfavourable = table[~table["favorable"] & table["Résultat"].notna()]
    assert len(out.off_target) == len(unfavourable) > 0
    for label, sentence in zip(unfavourable["Indicateur"], out.off_target, strict=True):
        assert sentence.startswith(f"{label} : ")
