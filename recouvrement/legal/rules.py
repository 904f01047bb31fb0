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
        "débiteurs professionnels uniquement (art. L.441-10 et D.441-5 du code de commerce).",
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
        "Taux provisoires",
        "Un semestre absent des tables de taux (recouvrement/data/rates) est calculé avec le "
        "dernier taux connu et marqué « provisoire » ; les tables citent leur source "
        "(communiqués BCE, arrêtés du Journal officiel).",
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
