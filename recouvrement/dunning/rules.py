"""The dunning rules in French, for the methodology appendix of the report."""

from __future__ import annotations

__all__ = ["RULES"]

#: (rule, French text) for the report's methodology appendix.
RULES: list[tuple[str, str]] = [
    (
        "calendrier",
        "Le calendrier de relance est une donnée : préréglages « standard » (J+5 relance "
        "courtoise, J+15 lettre rappelant les pénalités, J+30 dernière relance amiable) et "
        "« progressif » (J+1 email, J+7 téléphone, J+15 lettre avec pénalités, J+30 mise en "
        "demeure, J+45 agence ou tribunal), ou calendrier propre à l'entreprise, "
        "éventuellement selon la classe de risque du débiteur ; avis avant échéance optionnel.",
    ),
    (
        "à relancer",
        "Une facture est à relancer quand elle est ouverte et échue (au moins un jour de "
        "retard) à la date d'arrêté, hors litige ouvert et hors débiteur en procédure "
        "collective.",
    ),
    (
        "relance comptée",
        "Une relance compte pour une facture quand elle est datée entre son échéance et la "
        "date d'arrêté, enregistrée sur la facture ou sur le débiteur sans facture (elle vaut "
        "alors pour toutes ses factures échues) ; les avis avant échéance ne sont pas des "
        "relances. Le niveau atteint est le plus haut niveau des relances comptées.",
    ),
    (
        "couverture",
        "Part des factures sans relance = factures à relancer sans aucune relance / factures "
        "à relancer × 100, en nombre et en montant (restant dû à la date d'arrêté).",
    ),
    (
        "respect du calendrier",
        "Niveau attendu = niveau de la dernière étape du calendrier dont le délai (jours après "
        "l'échéance) est atteint ; statut « aucune relance » si un niveau est attendu et "
        "aucune relance n'est enregistrée, « en retard » si le niveau atteint est inférieur, "
        "« à jour » s'il est égal, « en avance » s'il est supérieur. Retard = date à laquelle "
        "le niveau attendu a été atteint (ou date d'arrêté s'il ne l'est pas) − date prévue "
        "par le calendrier, en jours.",
    ),
    (
        "efficacité",
        "Par niveau : relances datées des 12 derniers mois (hors relances trop récentes pour "
        "que leur fenêtre soit close), montant restant dû au jour de la relance, part de ce "
        "montant réglée dans les 15 jours qui suivent (avoirs et pertes exclus ; un règlement "
        "suivant deux relances compte pour les deux).",
    ),
    (
        "prochaines actions",
        "Pour chaque facture ouverte, l'étape suivante du calendrier au-dessus du niveau "
        "atteint (aucune étape n'est sautée), proposée si sa date tombe dans les 30 prochains "
        "jours ou est déjà passée (action en retard). Les factures d'un même débiteur sont "
        "regroupées en une seule procédure, au niveau le plus élevé et à la date la plus "
        "proche.",
    ),
    (
        "jamais relancé",
        "Ne sont jamais proposées : les factures réglées (rien à faire), celles d'un débiteur "
        "en procédure collective (déclarer la créance au mandataire judiciaire), celles en "
        "litige (résoudre le litige avant toute relance) ; une facture dont le calendrier est "
        "épuisé est signalée pour décision (contentieux ou passage en perte).",
    ),
    (
        "relance après règlement",
        "Ne jamais relancer ce qui est payé : chaque action du journal des relances (relance, "
        "lettre, lettre recommandée, appel, agence…) datée au plus tard à la date d'arrêté est "
        "rapprochée de l'état de sa facture à sa date. Une facture est réglée le jour où son "
        "reste dû atteint zéro (règlements, avoirs et passages en perte confondus) ; une "
        "action datée après ce jour est signalée, avec le nombre de jours écoulés depuis le "
        "règlement. Une action du jour même du règlement ne l'est pas (le règlement et la "
        "relance se sont croisés). Une action enregistrée sur le débiteur sans facture est "
        "signalée quand toutes ses factures émises à sa date étaient réglées ; un avis avant "
        "échéance l'est aussi quand la facture était déjà réglée.",
    ),
]
