"""What each key of ``recouvrement.yml`` expects, in French: the texts of the messages.

:mod:`recouvrement.io.messages` builds the messages; here are the words: what a key
expects (:data:`EXPECT`), within which bounds (:data:`BOUND`), and what each mapping
associates (:data:`MAPS`), each with an example the user can copy.
"""

from __future__ import annotations

from recouvrement import conventions as cv

#: What a key expects, by its path (``*``: any table, column or calendar name).
EXPECT = {
    ("name",): 'un texte est attendu (par exemple name: "Bâtiment Durand SAS")',
    ("sector",): "un texte est attendu (par exemple sector: construction)",
    ("report", "size"): (
        "une taille d'entreprise est attendue : micro, pme, eti ou ge (par exemple size: pme)"
    ),
    ("currency",): "un code de devise de trois lettres capitales est attendu (par exemple EUR)",
    ("default_terms_days",): "un nombre entier de jours est attendu (par exemple 30)",
    ("default_debtor_kind",): (
        "professionnel, particulier ou public est attendu (par exemple default_debtor_kind: "
        "professionnel)"
    ),
    ("defaults", "kind"): (
        f"{', '.join(cv.DEBTOR_KINDS[:-1])} ou {cv.DEBTOR_KINDS[-1]} est attendu (par exemple "
        "defaults: {kind: "
        f"{cv.DEBTOR_KINDS[0]}}})"
    ),
    ("defaults", "currency"): (
        "un code de devise de trois lettres capitales est attendu (par exemple defaults: "
        "{currency: EUR})"
    ),
    ("defaults", "channel"): "un texte est attendu (par exemple defaults: {channel: courrier})",
    ("read", "decimal"): 'une virgule ou un point est attendu (par exemple decimal: ",")',
    ("read", "sep"): 'un seul caractère est attendu (par exemple sep: ";")',
    ("read", "encoding"): "un nom d'encodage est attendu (par exemple encoding: cp1252)",
    ("read", "date_format"): 'un format de date est attendu (par exemple date_format: "%d/%m/%Y")',
    (
        "tables",
        "*",
        "file",
    ): "le nom d'un fichier du dossier est attendu (par exemple file: factures.csv)",
    ("tables", "*", "values", "*", "*"): 'un texte est attendu (par exemple PRO: "professionnel")',
    (
        "dunning",
        "by_risk_class",
        "*",
    ): "le nom d'un calendrier est attendu (par exemple progressif)",
    ("legal", "claim_policy", "default"): "réclamer ou renoncer est attendu",
    ("legal", "claim_policy", "by_risk_class", "*"): "réclamer ou renoncer est attendu",
    ("legal", "claim_policy", "debtors", "*"): "réclamer ou renoncer est attendu",
    ("creditor", "siren"): "un SIREN de neuf chiffres est attendu (par exemple 123 456 789)",
    ("legal", "contractual_rate"): (
        "un taux en pour cent par an, supérieur à 0 et au plus égal à 100, est attendu "
        "(par exemple contractual_rate: 12.0 pour 12 %)"
    ),
    (
        "limits",
        "date_min",
    ): "une date AAAA-MM-JJ, sans guillemets, est attendue (par exemple date_min: 2000-01-01)",
    (
        "limits",
        "date_max",
    ): "une date AAAA-MM-JJ, sans guillemets, est attendue (par exemple date_max: 2030-12-31)",
    ("limits", "max_amount"): (
        "un montant en euros supérieur à 0 et au plus 10\u00a0000\u00a0milliards (10000000000000, "
        "au-delà les montants ne sont plus exacts au centime) est attendu "
        "(par exemple max_amount: 1000000000)"
    ),
    (
        "limits",
        "max_letters",
    ): "un nombre entier au moins égal à 1 est attendu (par exemple max_letters: 200)",
    (
        "limits",
        "max_rows",
    ): "un nombre entier au moins égal à 1 est attendu (par exemple max_rows: 500)",
    ("fec", "files"): (
        "une liste non vide de fichiers FEC du dossier est attendue (par exemple files: "
        '["FEC2024.txt", "FEC2025.txt"]) ; sans files, tout fichier du dossier dont '
        "l'en-tête est celui d'un FEC est lu"
    ),
    ("fec", "receivable_accounts"): (
        "une liste non vide de préfixes de comptes clients est attendue (par exemple "
        'receivable_accounts: ["411"])'
    ),
    ("fec", "doubtful_accounts"): (
        "une liste de préfixes de comptes de clients douteux est attendue (par exemple "
        'doubtful_accounts: ["416"])'
    ),
    ("fec", "advance_accounts"): (
        "une liste de préfixes de comptes d'avances clients est attendue (par exemple "
        'advance_accounts: ["419"])'
    ),
    ("fec", "opening_journals"): (
        'une liste de codes journaux est attendue (par exemple opening_journals: ["AN", "RAN"])'
    ),
    ("fec", "journals", "*"): (
        "un rôle de journal est attendu : sales (ventes), bank (banque), opening "
        "(à-nouveaux), write_off (pertes) ou misc (opérations diverses) (par exemple VT: sales)"
    ),
    ("fec", "terms_days", "*"): (
        "un nombre entier de jours entre 0 et 365 est attendu (par exemple C001: 45)"
    ),
    ("fec", "partial_after_days"): (
        "un nombre entier de jours entre 0 et 3650 est attendu (par exemple partial_after_days: 90)"
    ),
}

#: What a key expects when its type is right but its value out of bounds.
BOUND = {
    ("default_terms_days",): "un nombre de jours positif ou nul est attendu (par exemple 30)",
}

#: Keys that hold a mapping: (what it is, what it associates, example).
MAPS = {
    (): ("une table de réglages", "chaque réglage à sa valeur", 'name: "Bâtiment Durand SAS"'),
    ("defaults",): (
        "une table des valeurs par défaut",
        "chaque colonne à sa valeur par défaut",
        "defaults: {kind: professionnel}",
    ),
    ("read",): (
        "une table d'options",
        "chaque option de lecture à sa valeur",
        "read: {encoding: utf-8}",
    ),
    ("tables",): (
        "une table « nom de table : description »",
        "chaque nom de table à sa description",
        "tables: {invoices: {file: factures.csv}}",
    ),
    ("tables", "*"): (
        "une description de table",
        "chaque clé de la description à sa valeur",
        "invoices: {file: factures.csv}",
    ),
    ("tables", "*", "columns"): (
        "une table « colonne du fichier : colonne de la table »",
        "chaque colonne du fichier à une colonne de la table",
        'columns: {"N° facture": invoice_id}',
    ),
    ("tables", "*", "values"): (
        "une table « colonne : {valeur lue : valeur retenue} »",
        "chaque colonne à sa table de valeurs",
        'values: {currency: {"€": EUR}}',
    ),
    ("tables", "*", "values", "*"): (
        "une table « valeur lue : valeur retenue »",
        "chaque valeur lue à la valeur retenue",
        '{"€": EUR}',
    ),
    ("tables", "*", "where"): (
        "une table « colonne du fichier : valeur »",
        "chaque colonne du fichier à la valeur retenue",
        'where: {Litige: "Oui"}',
    ),
    ("tables", "*", "read"): (
        "une table d'options",
        "chaque option de lecture à sa valeur",
        'read: {date_format: "%d/%m/%Y"}',
    ),
    ("dunning",): (
        "une table de réglages des relances",
        "chaque réglage des relances à sa valeur",
        "dunning: {calendar: progressif}",
    ),
    ("dunning", "calendars"): (
        "une table « nom : liste d'étapes »",
        "chaque nom de calendrier à ses étapes",
        "calendars: {maison: [{level: 1, days: 5, channel: email, label: Relance}]}",
    ),
    ("dunning", "by_risk_class"): (
        "une table « classe de risque : calendrier »",
        "chaque classe de risque à un calendrier",
        "by_risk_class: {à risque: progressif}",
    ),
    ("dunning", "letters"): (
        "une table de réglages des lettres",
        "chaque réglage des lettres à sa valeur",
        'letters: {contact: "Service clients, 01 23 45 67 89"}',
    ),
    ("legal",): ("une table", "chaque réglage à sa valeur", "legal: {contractual_rate: 12.0}"),
    ("legal", "claim_policy"): ("une table", "chaque règle à sa valeur", "claim_policy: {}"),
    ("creditor",): (
        "une table des mentions du créancier",
        "chaque mention à sa valeur",
        'creditor: {legal_form: SAS, capital: "100 000 €", rcs: "RCS Lyon 123 456 789"}',
    ),
    ("report",): (
        "une table des réglages du rapport",
        "chaque réglage à sa valeur",
        'report: {consultant: "Cabinet Martin Conseil", addressee: "Direction financière"}',
    ),
    ("limits",): (
        "une table des limites",
        "chaque limite à sa valeur",
        "limits: {max_letters: 200}",
    ),
    ("fec",): (
        "une table de réglages du FEC",
        "chaque réglage du FEC à sa valeur",
        'fec: {receivable_accounts: ["411"]}',
    ),
    ("fec", "journals"): (
        "une table « code journal : rôle »",
        "chaque code journal à son rôle",
        "journals: {VT: sales, BQ1: bank}",
    ),
    ("fec", "terms_days"): (
        "une table « compte auxiliaire : jours »",
        "chaque compte auxiliaire (CompAuxNum) à son délai de paiement en jours",
        "terms_days: {C001: 45}",
    ),
}

for _key in ("sep", "decimal", "encoding", "date_format"):
    EXPECT["tables", "*", "read", _key] = EXPECT["read", _key]
del _key
