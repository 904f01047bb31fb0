"""The legal rules in French, as quoted in the report's methodology appendix."""

from __future__ import annotations

from recouvrement.conventions.law import (
    DAY_COUNT_DAYS,
    ECB_MARGIN_POINTS,
    LEGAL_RATE_MULTIPLIER,
    MAX_TERMS_DAYS,
    PRESCRIPTION_YEARS_PRIVATE,
    PRESCRIPTION_YEARS_PROFESSIONAL,
    RECOVERY_INDEMNITY_EUR,
    SMALL_CLAIMS_LIMIT_EUR,
)
from recouvrement.formatting import fmt_eur

#: Rules of this module, quoted in the report's methodology appendix (rule, French text).
RULES: list[tuple[str, str]] = [
    (
        "Taux des pénalités de retard",
        "Art. L.441-10 du code de commerce : à défaut de taux contractuel, taux de la BCE "
        "(opérations principales de refinancement) en vigueur au 1er janvier ou au 1er juillet "
        f"du semestre, majoré de {ECB_MARGIN_POINTS} points. Un taux contractuel inférieur à "
        f"{LEGAL_RATE_MULTIPLIER} fois le taux de l'intérêt légal (créanciers professionnels) "
        "du semestre est relevé à ce plancher et signalé.",
    ),
    (
        "Calcul des pénalités",
        "Intérêts simples, dus sans rappel à compter du lendemain de l'échéance : "
        f"Σ jours de retard (reste dû ce jour-là × taux du semestre / {DAY_COUNT_DAYS}). "
        "Le reste dû d'un jour est le montant facturé diminué des règlements, avoirs et "
        "passages en perte datés de la veille au plus tard : un règlement partiel réduit "
        "l'assiette dès le lendemain ; le jour du règlement porte encore intérêt. Le calcul "
        "est découpé au 1er janvier et au 1er juillet ; arrondi au centime une seule fois, "
        "sur le total de la facture.",
    ),
    (
        "Facture réglée en retard",
        "Une facture est réglée à la date où son reste dû atteint zéro (règlements, avoirs "
        "et passages en perte confondus) ; si cette date est postérieure à l'échéance, les "
        "pénalités courent jusqu'à cette date incluse.",
    ),
    (
        "Indemnité forfaitaire",
        f"{fmt_eur(RECOVERY_INDEMNITY_EUR)} par facture payée en retard ou échue et impayée, "
        "débiteurs professionnels uniquement (art. L.441-10 et D.441-5 du code de commerce), "
        "pour les factures dont le délai de paiement a commencé à courir à partir du "
        "01/01/2013 (loi n° 2012-387 et décret n° 2012-1115, art. 2 ; le délai est compté "
        "de la date de facture) ; aucune indemnité pour une facture émise avant.",
    ),
    (
        "Débiteurs particuliers et type inconnu",
        "Les pénalités de l'art. L.441-10 et l'indemnité forfaitaire ne s'appliquent pas aux "
        "particuliers. Le type d'un débiteur est celui de la table des débiteurs ; pour un "
        "débiteur absent de cette table ou dont le type n'est pas renseigné, le type par défaut "
        "de l'entreprise (default_debtor_kind dans recouvrement.yml) s'applique s'il est "
        "configuré, sinon rien n'est calculé et la facture est signalée (en précisant, le cas "
        "échéant, que le débiteur est absent de la table des débiteurs).",
    ),
    (
        "Litiges et procédures collectives",
        "Les pénalités d'une facture en litige sont calculées mais non réclamées tant que le "
        "litige est ouvert. Pour un débiteur en procédure collective (date d'ouverture ≤ date "
        "d'arrêté), rien n'est réclamable directement : la créance est à déclarer au mandataire "
        "judiciaire.",
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
        "semestriels sont fixés par arrêté ; le plancher d'un taux contractuel utilise celui des "
        "créanciers autres que les particuliers.",
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
        "réclamable + pénalités + indemnités réclamables < "
        f"{fmt_eur(SMALL_CLAIMS_LIMIT_EUR)}.",
    ),
    (
        "Prescription",
        f"{PRESCRIPTION_YEARS_PROFESSIONAL} ans entre professionnels, "
        f"{PRESCRIPTION_YEARS_PRIVATE} ans contre un particulier, à compter de l'échéance ou "
        "du dernier règlement partiel (reconnaissance de dette, art. 2240 du code civil) ; "
        "type de débiteur inconnu : délai le plus court retenu par prudence.",
    ),
    (
        "Délais de paiement",
        f"Délai convenu supérieur à {MAX_TERMS_DAYS} jours à compter de la date d'émission : "
        "non conforme à l'art. L.441-10 du code de commerce (l'alternative de 45 jours fin de "
        "mois n'est pas contrôlée séparément).",
    ),
]
