"""The legal rules in French, as quoted in the report's methodology appendix.

The rules of each kind of debtor (terms, interest, indemnity, prescription) are built
from the regimes table (:mod:`recouvrement.conventions.regimes`), each with the article
it comes from: :func:`regime_rules`. The other rules (how interest is computed, the
formal notice, disputes and insolvency, the claim policy, the rate tables) follow.
"""

from __future__ import annotations

from recouvrement.conventions import DEBTOR_KINDS
from recouvrement.conventions.channels import REGISTERED_CHANNELS
from recouvrement.conventions.law import (
    DAY_COUNT_DAYS,
    INDEMNITY_BASIS,
    INDEMNITY_FROM_SOURCE,
    INSOLVENCY_INTEREST_STOP,
    LEGAL_RATE_MULTIPLIER,
    PROFESSIONAL,
    PUBLIC,
    SMALL_CLAIMS_LIMIT_EUR,
)
from recouvrement.conventions.regimes import Regime, regime_of
from recouvrement.formatting import fmt_date, fmt_eur


def _regime_text(regime: Regime) -> str:
    """The four rules of one regime, each with its source, in French."""
    terms = (
        f"délai de paiement maximal de {regime.max_terms_days} jours"
        if regime.max_terms_days is not None
        else "aucun délai de paiement maximal"
    )
    return (
        f"Délais : {terms} ({regime.terms_source}). "
        f"Intérêts de retard : {regime.penalty_source}. "
        f"Indemnité : {regime.indemnity_source}. "
        f"Prescription : {regime.prescription_years} ans ({regime.prescription_source}). "
        f"Règles en vigueur depuis le {fmt_date(regime.valid_from)} et appliquées par "
        "convention aux factures plus anciennes."
    )


def regime_rules() -> list[tuple[str, str]]:
    """One rule per kind of debtor, from the latest row of the regimes table."""
    out = []
    for kind in DEBTOR_KINDS:
        regime = regime_of(kind)
        out.append((f"Régime : {regime.label}", _regime_text(regime)))
    return out


def _indemnity_text() -> str:
    parts = []
    for kind in DEBTOR_KINDS:
        regime = regime_of(kind)
        if regime.indemnity_cents:
            parts.append(
                f"{fmt_eur(regime.indemnity_eur)} par facture payée en retard ou échue et "
                f"impayée pour un {regime.label} ({INDEMNITY_BASIS[kind]}), si son délai de "
                f"paiement a commencé à courir à partir du {fmt_date(regime.valid_from)} "
                f"({INDEMNITY_FROM_SOURCE[kind]} ; le délai est compté de la date de facture)"
            )
    return " ; ".join(parts) + " ; aucune indemnité envers un particulier."


def _terms_text() -> str:
    pro, public = regime_of(PROFESSIONAL), regime_of(PUBLIC)
    return (
        "Délai convenu (échéance − date d'émission) supérieur au maximum du régime du débiteur : "
        f"{pro.max_terms_days} jours entre professionnels (l'alternative de 45 jours fin de mois "
        f"n'est pas contrôlée séparément), {public.max_terms_days} jours pour un acheteur public "
        "(50 jours pour les établissements publics de santé, non distinguables dans les "
        "données ; compté de l'émission, la date de réception n'étant pas connue), aucun "
        f"maximum envers un particulier ; type inconnu : {pro.max_terms_days} jours, à vérifier."
    )


def _rates_text() -> str:
    pro, public = regime_of(PROFESSIONAL), regime_of(PUBLIC)
    return (
        "Intérêts simples, à compter du lendemain de l'échéance (professionnels, acheteurs "
        "publics) ou de la mise en demeure (particuliers) : Σ jours de retard (reste dû ce "
        f"jour-là × taux / {DAY_COUNT_DAYS}). Le taux est celui de chaque semestre "
        f"(professionnels : taux BCE au 1er janvier ou au 1er juillet + {pro.margin_points} "
        "points ; particuliers : taux de l'intérêt légal « de tous les autres cas », le "
        "créancier étant un professionnel) ou, pour un acheteur public, celui du semestre au "
        "cours duquel les intérêts ont commencé à courir, retenu pour toute la période (taux "
        f"BCE + {public.margin_points} points). Le reste dû d'un jour est le montant facturé "
        "diminué des règlements, avoirs et passages en perte datés de la veille au plus tard : "
        "un règlement partiel réduit l'assiette dès le lendemain ; le jour du règlement porte "
        "encore intérêt. Le calcul est découpé au 1er janvier et au 1er juillet ; arrondi au "
        "centime une seule fois, sur le total de la facture."
    )


#: Rules of this module, quoted in the report's methodology appendix (rule, French text).
RULES: list[tuple[str, str]] = [
    *regime_rules(),
    (
        "Taux contractuel",
        "Un taux contractuel (legal.contractual_rate dans recouvrement.yml) ne s'applique "
        "qu'aux débiteurs professionnels (art. L.441-10 II du code de commerce) : inférieur à "
        f"{LEGAL_RATE_MULTIPLIER} fois le taux de l'intérêt légal (créanciers professionnels) "
        "du semestre, il est relevé à ce plancher et signalé. Il ne s'applique ni aux acheteurs "
        "publics, dont le taux est fixé par l'art. R.2192-31 du code de la commande publique, "
        "ni aux particuliers, qui doivent l'intérêt au taux légal (art. 1231-6 du code civil).",
    ),
    ("Calcul des intérêts", _rates_text()),
    (
        "Mise en demeure d'un particulier",
        "La mise en demeure est la première lettre recommandée du journal des relances (canal "
        f"{', '.join(c.upper() for c in REGISTERED_CHANNELS)} ou contenant « recommandé ») "
        "enregistrée sur la facture ou sur son débiteur après l'échéance ; sans elle, aucun "
        "intérêt n'est dû par un particulier et la facture le dit.",
    ),
    (
        "Facture réglée en retard",
        "Une facture est réglée à la date où son reste dû atteint zéro (règlements, avoirs "
        "et passages en perte confondus) ; si cette date est postérieure à l'échéance, les "
        "intérêts courent jusqu'à cette date incluse.",
    ),
    ("Indemnité forfaitaire", _indemnity_text()),
    (
        "Type de débiteur inconnu",
        "Le type d'un débiteur (professionnel, public ou particulier) est celui de la table des "
        "débiteurs ; pour un débiteur absent de cette table ou dont le type n'est pas renseigné, "
        "le type par défaut de l'entreprise (default_debtor_kind dans recouvrement.yml) "
        "s'applique s'il est configuré, sinon rien n'est calculé et la facture est signalée (en "
        "précisant, le cas échéant, que le débiteur est absent de la table des débiteurs).",
    ),
    (
        "Litiges et procédures collectives",
        "Les intérêts d'une facture en litige sont calculés mais non réclamés tant que le "
        "litige est ouvert. Pour un débiteur en procédure collective (date d'ouverture ≤ date "
        "d'arrêté), rien n'est réclamable directement : la créance est à déclarer au mandataire "
        "judiciaire. Le jugement d'ouverture arrête le cours des intérêts "
        f"({INSOLVENCY_INTEREST_STOP}) : ils courent au plus tard jusqu'à la veille du "
        "jugement, qui prend effet dès la première heure du jour où il est rendu.",
    ),
    (
        "Politique de réclamation",
        "L'entreprise décide de réclamer ou de renoncer aux intérêts et indemnités réclamables "
        "(legal.claim_policy dans recouvrement.yml) : la décision propre au débiteur, sinon celle "
        "de sa classe de risque, sinon la règle par défaut, sinon « réclamer ». Les montants "
        "auxquels elle renonce restent présentés, séparément des montants réclamés.",
    ),
    (
        "Tables de taux",
        "Les taux sont lus dans les tables datées du paquet (recouvrement/data/rates), dont "
        "chaque ligne cite sa source (communiqués de la BCE ; décrets puis arrêtés publiés au "
        "Journal officiel) et qui commencent au plus tard au 1er semestre 2010. Un semestre "
        "postérieur à la dernière ligne est calculé avec le dernier taux connu et marqué "
        "« provisoire ». Un semestre antérieur à la première ligne n'est pas calculé : la "
        "facture concernée est signalée et, si c'est le semestre de la date d'arrêté, le "
        "rapport n'est pas produit ; le message nomme la table, la période qu'elle couvre et "
        "le fichier à compléter.",
    ),
    (
        "Taux de l'intérêt légal avant 2015",
        "Jusqu'au 31 décembre 2014, le taux de l'intérêt légal était un taux annuel unique, "
        "fixé par décret pour tous les créanciers (art. L.313-2 du code monétaire et financier "
        "avant l'ordonnance n° 2014-947 du 20 août 2014) : il est repris pour les deux semestres "
        "de l'année et comme taux des créanciers professionnels. Depuis 2015, deux taux "
        "semestriels sont fixés par arrêté ; le plancher d'un taux contractuel et les intérêts "
        "dus par un particulier utilisent celui des créanciers autres que les particuliers.",
    ),
    (
        "Semestres antérieurs à 2013",
        "Le taux BCE en vigueur au 1er janvier ou au 1er juillet est retenu pour tout le "
        "semestre, règle de l'art. L.441-6 (devenu L.441-10) du code de commerce issue de la "
        "loi n° 2012-387 du 22 mars 2012, applicable depuis le 1er janvier 2013, et appliquée ici "
        "par convention aux semestres antérieurs. Le texte alors en vigueur visait le taux de "
        "l'opération de refinancement la plus récente : un changement de taux de la BCE en cours "
        "de semestre (13/04/2011, 13/07/2011, 09/11/2011, 14/12/2011, 11/07/2012) n'est donc pas "
        "pris en compte avant le semestre suivant.",
    ),
    (
        "Petites créances",
        "Débiteur éligible aux procédures de petites créances lorsque principal échu "
        "réclamable + intérêts + indemnités réclamés < "
        f"{fmt_eur(SMALL_CLAIMS_LIMIT_EUR)}.",
    ),
    (
        "Prescription",
        "Délai du régime du débiteur (ci-dessus), à compter de l'échéance ou, pour un acheteur "
        "public, du 1er janvier de l'année suivante. Un règlement partiel interrompt la "
        "prescription (reconnaissance de dette, art. 2240 du code civil) ; contre un acheteur "
        "public, toute réclamation écrite sur la facture aussi (loi n° 68-1250, art. 2 : "
        "tout canal du journal des relances sauf le téléphone, avant l'expiration du délai), "
        "le délai repartant alors du 1er janvier suivant. Type de débiteur inconnu : délai le "
        "plus court retenu par prudence.",
    ),
    ("Délais de paiement", _terms_text()),
]
