"""The scoring rules in French, quoting the weights table, for the methodology appendix."""

from __future__ import annotations

from recouvrement.formatting import fmt_number
from recouvrement.scoring.factors import INSTALMENT_MIN_PAYMENTS, SCORING_MONTHS
from recouvrement.scoring.scores import NO_FACTOR_REASON, NO_HISTORY_REASON
from recouvrement.scoring.segments import (
    A_RISQUE,
    ABC_A_SHARE,
    ABC_B_SHARE,
    FIABLE,
    FIABLE_MIN_SCORE,
    MODERE,
    MODERE_MIN_SCORE,
    RECOMMENDATIONS,
    RISK_CLASSES,
)
from recouvrement.scoring.weights import FACTOR_LABELS, WeightsArg, as_weights

__all__ = ["RULES", "rules"]


def rules(weights: WeightsArg = None) -> list[tuple[str, str]]:
    """The scoring rules in French, (rule, text), for the methodology appendix.

    Parameters
    ----------
    weights : DataFrame, str, Path or None
        As in :func:`~recouvrement.scoring.scores.risk_scores`; the weights table is
        quoted factor by factor.

    Returns
    -------
    list of (str, str)

    """
    table = as_weights(weights)
    out: list[tuple[str, str]] = [
        (
            "Score de risque comportemental",
            "score = 100 − Σ poids × pénalité, arrondi à 0,1 ; pénalité de chaque facteur "
            "entre 0 et 1 = valeur / seuil (ancienneté : 1 − valeur / seuil), bornée ; "
            f"période de {SCORING_MONTHS} mois jusqu'à la date d'arrêté ; "
            "poids modifiables (recouvrement/data/scoring_weights.csv, total 100)",
        ),
    ]
    for row in table.itertuples(index=False):
        label, unit = FACTOR_LABELS[row.factor]
        out.append(
            (
                f"Facteur « {label} » : poids {fmt_number(row.weight, 0)}",
                f"{row.description} (seuil : {fmt_number(row.worst, 0)} {unit})",
            )
        )
    out += [
        (
            "Factures de la période",
            "factures émises sur la période, plus celles émises avant et encore ouvertes "
            "à son début",
        ),
        (
            "Facteur non mesurable",
            "table absente (litiges, relances) ou tendance sans fenêtre mesurable : "
            "facteur exclu, score = 100 × (1 − Σ poids × pénalité / Σ poids des facteurs "
            "mesurés) ; signalé dans le détail du score",
        ),
        (
            "Relances après règlement",
            "une relance consignée après le règlement de sa facture n'est pas comptée dans "
            "le facteur « relances » : relancer ce qui est payé est une erreur du "
            "créancier, non un comportement du débiteur",
        ),
        (
            "Échéanciers",
            "les données ne contiennent pas de table d'échéanciers : approximation par "
            f"les factures réglées en au moins {INSTALMENT_MIN_PAYMENTS} paiements",
        ),
        (
            "Score non disponible",
            "débiteur sans facture soldée sur la période ni facture échue : "
            f"« {NO_HISTORY_REASON} » ; aucun facteur pondéré mesuré : « {NO_FACTOR_REASON} »",
        ),
        (
            "Classes de risque",
            f"{FIABLE} : score ≥ {fmt_number(FIABLE_MIN_SCORE, 0)} ; {MODERE} : "
            f"{fmt_number(MODERE_MIN_SCORE, 0)} à {fmt_number(FIABLE_MIN_SCORE - 0.1, 1)} ; "
            f"{A_RISQUE} : < {fmt_number(MODERE_MIN_SCORE, 0)}",
        ),
        *[(f"Recommandation « {c} »", RECOMMENDATIONS[c]) for c in RISK_CLASSES],
        (
            "Dépassement de limite de crédit",
            "encours (solde âgé total, non affecté déduit) > limite de crédit, lorsque la "
            "limite est connue (une limite de 0 interdit tout encours)",
        ),
        (
            "Segmentation ABC par encours (Pareto)",
            f"débiteurs classés par encours décroissant (ex aequo : par code) ; A : les "
            f"premiers jusqu'à atteindre {fmt_number(ABC_A_SHARE, 0)} % de l'encours, "
            f"B : jusqu'à {fmt_number(ABC_B_SHARE, 0)} %, C : le reste et les encours ≤ 0",
        ),
        (
            "Dégradation de classe",
            "classe plus risquée qu'à la fin du mois précédent (débiteurs notés aux deux dates)",
        ),
    ]
    return out


#: The scoring rules with the packaged default weights.
RULES: list[tuple[str, str]] = rules()
