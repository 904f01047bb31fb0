"""The sentences of :func:`recouvrement.report.findings.audit_findings`, in French and English."""

from __future__ import annotations

#: Templates by language code, then by name; a pair is (singular, plural).
AUDIT_TEXTS: dict[str, dict[str, str | tuple[str, str]]] = {
    "fr": {
        "title": "Relances, droits du créancier et risques",
        "title_actions": "Actions issues de l'audit",
        "no_dunning": "Audit des relances {reason}.",
        "coverage": (
            "{share} des factures échues à relancer ({n} sur {total}, {amount}) n'ont fait "
            "l'objet d'aucune relance au {date}."
        ),
        "coverage_full": (
            "Toutes les factures échues à relancer ({total}) ont été relancées au {date}."
        ),
        "behind": (
            "{n} facture échue ({amount}) est en retard sur le calendrier de relance "
            "« {calendar} » : le niveau attendu n'a pas été atteint.",
            "{n} factures échues ({amount}) sont en retard sur le calendrier de relance "
            "« {calendar} » : le niveau attendu n'a pas été atteint.",
        ),
        "after_settlement": (
            "{n} relance a été envoyée après le règlement de la facture{registered} : vérifier "
            "le lettrage avant chaque relance.",
            "{n} relances ont été envoyées après le règlement de la facture{registered} : "
            "vérifier le lettrage avant chaque relance.",
        ),
        "registered": (" (dont {k} lettre recommandée)", " (dont {k} lettres recommandées)"),
        "registered_all": (" (lettre recommandée)", " (toutes des lettres recommandées)"),
        "next": (
            "{n} procédure de relance est à engager d'ici au {until} ({late} déjà en retard), "
            "pour {amount} ; projets de lettres joints au rapport : {letters}.",
            "{n} procédures de relance sont à engager d'ici au {until} ({late} déjà en retard), "
            "pour {amount} ; {letters} projets de lettres sont joints au rapport.",
        ),
        "claims": (
            "{total} de pénalités de retard et d'indemnités forfaitaires sont réclamables "
            "({interest} de pénalités, {indemnities} d'indemnités, {n} débiteurs "
            "professionnels) ; aucune facturation de pénalités ne figure dans les données."
        ),
        "claims_none": "Aucune pénalité ni indemnité n'est réclamable au {date}.",
        "provisional": "Montant provisoire : {note}.",
        "prescription": (
            "{n} factures ({amount}) se prescrivent dans les six mois et {gone} sont déjà "
            "prescrites."
        ),
        "terms": (
            "{n} facture a un délai de paiement convenu supérieur à 60 jours à compter de "
            "l'émission (art. L.441-10 du Code de commerce).",
            "{n} factures ont un délai de paiement convenu supérieur à 60 jours à compter de "
            "l'émission (art. L.441-10 du Code de commerce).",
        ),
        "risk": (
            "{n} débiteur est classé « à risque » ({amount} d'encours, {share} du total) ; "
            "{worse} débiteur(s) ont vu leur classe se dégrader depuis le mois précédent.",
            "{n} débiteurs sont classés « à risque » ({amount} d'encours, {share} du total) ; "
            "{worse} ont vu leur classe se dégrader depuis le mois précédent.",
        ),
        "breaches": (
            "{n} débiteur dépasse sa limite de crédit, de {amount}.",
            "{n} débiteurs dépassent leur limite de crédit, de {amount} au total.",
        ),
        "act_next": (
            "Engager les {n} relances du calendrier (projets de lettres joints), en commençant "
            "par les {late} en retard."
        ),
        "act_after_settlement": (
            "Rapprocher les règlements reçus (lettrage) avant toute relance, en commençant par "
            "les débiteurs relancés après règlement : {names}."
        ),
        "act_claims": (
            "Facturer les pénalités et indemnités réclamables aux débiteurs professionnels, "
            "en priorité {names}."
        ),
        "act_prescription": (
            "Interrompre la prescription des {n} factures concernées (reconnaissance de dette "
            "ou action en justice) avant leur date de prescription."
        ),
        "act_risk": (
            "Exiger un paiement comptant ou un acompte des débiteurs « à risque » : {names}."
        ),
        "act_breaches": "Suspendre les livraisons au-delà de la limite de crédit : {names}.",
        "act_none": "Aucune action particulière issue de l'audit des relances et des droits.",
        "act_decision": "{action} : {names} ({n} débiteur(s), {amount}).",
        "act_decision_deadline": (
            "{action}, au plus tard le {deadline}{estimated} : {names} ({n} débiteur(s), {amount})."
        ),
        "estimated": " (date estimée)",
    },
    "en": {
        "title": "Dunning, creditor's rights and risk",
        "title_actions": "Actions from the audit",
        "no_dunning": "Dunning audit {reason}.",
        "coverage": (
            "{share} of the overdue invoices to dun ({n} of {total}, {amount}) have had no "
            "reminder as of {date}."
        ),
        "coverage_full": "Every overdue invoice to dun ({total}) has had a reminder as of {date}.",
        "behind": (
            "{n} overdue invoice ({amount}) is behind the '{calendar}' dunning calendar: the "
            "expected level was not reached.",
            "{n} overdue invoices ({amount}) are behind the '{calendar}' dunning calendar: the "
            "expected level was not reached.",
        ),
        "after_settlement": (
            "{n} reminder was sent after its invoice was settled{registered}: check the "
            "matching of payments before every reminder.",
            "{n} reminders were sent after their invoice was settled{registered}: check the "
            "matching of payments before every reminder.",
        ),
        "registered": (" (of which {k} registered letter)", " (of which {k} registered letters)"),
        "registered_all": (" (a registered letter)", " (all registered letters)"),
        "next": (
            "{n} dunning procedure is due by {until} ({late} already late), for {amount}; "
            "draft letters attached to the report: {letters}.",
            "{n} dunning procedures are due by {until} ({late} already late), for {amount}; "
            "{letters} draft letters are attached to the report.",
        ),
        "claims": (
            "{total} of late-payment penalties and recovery indemnities are claimable "
            "({interest} of penalties, {indemnities} of indemnities, {n} professional "
            "debtors); the data shows no penalty invoiced."
        ),
        "claims_none": "No penalty or indemnity is claimable as of {date}.",
        "provisional": "Provisional amount: {note}.",
        "prescription": (
            "{n} invoices ({amount}) become time-barred within six months and {gone} already are."
        ),
        "terms": (
            "{n} invoice has agreed payment terms above 60 days from issue (art. L.441-10 "
            "Code de commerce).",
            "{n} invoices have agreed payment terms above 60 days from issue (art. L.441-10 "
            "Code de commerce).",
        ),
        "risk": (
            "{n} debtor is rated 'à risque' ({amount} of receivables, {share} of the total); "
            "{worse} moved to a worse class since last month.",
            "{n} debtors are rated 'à risque' ({amount} of receivables, {share} of the total); "
            "{worse} moved to a worse class since last month.",
        ),
        "breaches": (
            "{n} debtor exceeds its credit limit, by {amount}.",
            "{n} debtors exceed their credit limit, by {amount} in total.",
        ),
        "act_next": (
            "Send the {n} reminders of the calendar (draft letters attached), starting with "
            "the {late} late ones."
        ),
        "act_after_settlement": (
            "Match the payments received before any reminder, starting with the debtors "
            "dunned after payment: {names}."
        ),
        "act_claims": (
            "Invoice the claimable penalties and indemnities to professional debtors, first "
            "{names}."
        ),
        "act_prescription": (
            "Interrupt the limitation period of the {n} invoices concerned (acknowledgement "
            "of debt or court action) before they become time-barred."
        ),
        "act_risk": "Require cash payment or a deposit from the 'à risque' debtors: {names}.",
        "act_breaches": "Hold deliveries beyond the credit limit: {names}.",
        "act_none": "No particular action from the dunning and rights audit.",
        "act_decision": "{action}: {names} ({n} debtor(s), {amount}).",
        "act_decision_deadline": (
            "{action}, by {deadline}{estimated}: {names} ({n} debtor(s), {amount})."
        ),
        "estimated": " (estimated date)",
    },
}
