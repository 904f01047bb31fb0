"""The data contract: canonical tables and columns, their French labels, ledger defaults.

Everything a formula depends on that is a *choice* (default payment terms, the
significance threshold, the column types...) is a named constant here, so that the
code never carries a bare literal and the report's methodology appendix can quote the
value actually in force.
"""

from __future__ import annotations

from typing import Literal

#: Currency assumed when a row (invoice, payment, credit note, write-off) does not say.
DEFAULT_CURRENCY = "EUR"

#: Payment terms (days after issue) used when an invoice has no due date.
DEFAULT_TERMS_DAYS = 30

#: Below this many debtors in a KPI's base, the KPI is flagged "non significatif".
MIN_DEBTORS_SIGNIFICANT = 10

#: dtype of every date column of the canonical tables.
DATE_DTYPE = "datetime64[ns]"

#: What a debit item of the invoices table may be (``origin``); only the first is a sale.
INVOICE_ORIGINS = ("facture", "à nouveau", "remboursement", "régularisation")

#: Origins of a credit (payments table) that is not cash collected.
NON_CASH_ORIGINS = ("à nouveau", "régularisation")

#: Kinds of debtor: a professional, a private individual, or a public buyer (the State,
#: local authorities and their public bodies: code de la commande publique). Their legal
#: rules are data (:mod:`recouvrement.conventions.regimes`).
DEBTOR_KINDS = ("professionnel", "particulier", "public")

#: Kinds of insolvency proceedings (livre VI du code de commerce) a debtors table may name.
PROCEDURE_KINDS = ("sauvegarde", "redressement judiciaire", "liquidation judiciaire")

# ---------------------------------------------------------------------------
# Canonical tables: column -> logical type. ``str`` ids, ``date``, ``money``
# (euros, two decimals), ``int``, ``text`` (free text), ``month`` (YYYY-MM).
# ``currency`` (invoices, payments, credit notes, write-offs): the currency of the
# row's ``amount`` (empty = the company's). A row in another currency than the
# company's is converted at the ECB reference rate of its own date (a payment, credit
# note or write-off of an invoice in the same currency: at the invoice's rate, so that
# paying it in full settles it; :mod:`recouvrement.ledger.fx`): ``amount`` becomes the
# company-currency value, ``currency`` the company's, and the document's own amount and
# currency are kept in ``amount_original`` and ``currency_original`` (optional columns,
# empty on a row in the company's currency). A source that books foreign-currency rows
# itself (a FEC's Montantdevise and Idevise) may give both: the row, in the company's
# currency, is then kept as booked.
# A column whose name ends with ``?`` is optional in the *input*; it is created
# empty when absent.
# ``origin`` (invoices): what a debit item is (:data:`INVOICE_ORIGINS`; empty = an
# invoice); only invoices are sales (DSO, CEI, counts). ``origin`` (payments): empty =
# cash received; :data:`NON_CASH_ORIGINS` are credits that are not collections.
# ``applied_date`` (payments, credit notes, write-offs): the date the row was matched
# to its invoice (lettrage, DateLet of a FEC); before it, the amount is unapplied
# ("Non affecté") and the invoice stays open. Empty = matched from its own date.
# ``reference`` (invoices): the document's own number when the id is built (FEC).
# ``terms_days`` (debtors): the debtor's agreed payment terms (used where an invoice
# has no due date).
# ``insolvency_date`` (debtors): the date of the judgment opening insolvency
# proceedings; ``procedure``: their kind (:data:`PROCEDURE_KINDS`); ``publication_date``:
# the date of its publication in the BODACC (the claim is filed within two months of
# it, art. R.622-24 code de commerce). ``civility`` (debtors): ``M.``, ``Mme`` or
# empty, the greeting of a named individual's letters.
# ---------------------------------------------------------------------------
ColumnType = Literal["id", "date", "money", "int", "text", "month", "kind"]

TABLES: dict[str, dict[str, ColumnType]] = {
    "invoices": {
        "invoice_id": "id",
        "debtor_id": "id",
        "issue_date": "date",
        "due_date?": "date",
        "amount": "money",
        "currency?": "text",
        "origin?": "text",
        "reference?": "text",
        "amount_original?": "money",
        "currency_original?": "text",
    },
    "payments": {
        "payment_id?": "id",
        "debtor_id?": "id",
        "invoice_id?": "id",
        "date": "date",
        "amount": "money",
        "currency?": "text",
        "applied_date?": "date",
        "origin?": "text",
        "amount_original?": "money",
        "currency_original?": "text",
    },
    "credit_notes": {
        "credit_note_id?": "id",
        "debtor_id?": "id",
        "invoice_id?": "id",
        "date": "date",
        "amount": "money",
        "currency?": "text",
        "applied_date?": "date",
        "amount_original?": "money",
        "currency_original?": "text",
    },
    "write_offs": {
        "invoice_id?": "id",
        "debtor_id?": "id",
        "date": "date",
        "amount": "money",
        "currency?": "text",
        "applied_date?": "date",
        "amount_original?": "money",
        "currency_original?": "text",
    },
    "disputes": {
        "invoice_id": "id",
        "opened_date": "date",
        "resolved_date?": "date",
    },
    "debtors": {
        "debtor_id": "id",
        "name?": "text",
        "kind?": "kind",
        "sector?": "text",
        "credit_limit?": "money",
        "insolvency_date?": "date",
        "terms_days?": "int",
        "procedure?": "text",
        "publication_date?": "date",
        "civility?": "text",
    },
    "actions": {
        "debtor_id?": "id",
        "invoice_id?": "id",
        "date": "date",
        "channel?": "text",
        "level": "int",
    },
    "costs": {
        "month": "month",
        "amount": "money",
    },
}

#: Tables without which no audit is possible.
MANDATORY_TABLES = ("invoices", "payments")

#: Optional tables, in the order reports list them.
OPTIONAL_TABLES = tuple(t for t in TABLES if t not in MANDATORY_TABLES)

#: French names of the tables, for messages and reports.
TABLE_LABELS_FR = {
    "invoices": "factures",
    "payments": "règlements",
    "credit_notes": "avoirs",
    "write_offs": "passages en perte",
    "disputes": "litiges",
    "debtors": "débiteurs",
    "actions": "relances",
    "costs": "coûts de recouvrement",
}


#: French names of the canonical columns, as the report and the workbook show them.
COLUMN_LABELS_FR = {
    "invoice_id": "n° de facture",
    "debtor_id": "code débiteur",
    "issue_date": "date de facture",
    "due_date": "échéance",
    "amount": "montant",
    "currency": "devise",
    "origin": "origine",
    "reference": "référence",
    "amount_original": "montant d'origine",
    "currency_original": "devise d'origine",
    "payment_id": "n° de règlement",
    "credit_note_id": "n° d'avoir",
    "date": "date",
    "applied_date": "date de lettrage",
    "opened_date": "date d'ouverture",
    "resolved_date": "date de résolution",
    "name": "raison sociale",
    "kind": "type de débiteur",
    "sector": "secteur",
    "credit_limit": "limite de crédit",
    "insolvency_date": "date de jugement",
    "terms_days": "délai de paiement (jours)",
    "procedure": "procédure collective",
    "publication_date": "date de publication au BODACC",
    "civility": "civilité",
    "channel": "canal",
    "level": "niveau de relance",
    "month": "mois",
}


def columns(table: str) -> list[str]:
    """Canonical column names of ``table``, in order (without the ``?`` marker)."""
    return [c.rstrip("?") for c in TABLES[table]]


def required_columns(table: str) -> list[str]:
    """Columns that must be present in the input of ``table``."""
    return [c for c in TABLES[table] if not c.endswith("?")]


def column_types(table: str) -> dict[str, ColumnType]:
    """Mapping canonical column -> logical type for ``table``."""
    return {c.rstrip("?"): t for c, t in TABLES[table].items()}
