"""The export styles of the sample folders: file names, headers, encodings, formats.

:data:`STYLE_SPECS` maps each style of :class:`~tools.samples.profiles.CompanyProfile`
(``canonical``, ``french``, ``excel``, ``mixed``) to a :class:`Style`, which says
how :func:`tools.samples.export.write_company` writes every canonical table.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from recouvrement import conventions as cv


@dataclass(frozen=True)
class Layout:
    """How one canonical table is written: file name, source headers, value maps.

    Attributes
    ----------
    file : str
        File name; its suffix (``.csv``, ``.parquet``, ``.xlsx``) gives the format.
    columns : mapping of str to str
        Canonical column -> source header (a column not listed keeps its name).
    value_map : mapping of str to mapping of str to str
        Canonical column -> (canonical value -> source value).

    """

    file: str
    columns: Mapping[str, str] = field(default_factory=dict)
    value_map: Mapping[str, Mapping[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Style:
    """An export style: encoding, separators, number and date formats, layouts.

    Attributes
    ----------
    encoding, sep, lineterminator : str
        Of the CSV files.
    decimal, thousands : str
        Decimal and thousands separators of the amounts.
    thousands_alt : str
        Used instead of ``thousands`` on every fifth row (rows 2, 7, 12...).
    date_format, month_format : str
        ``strftime`` formats of the dates and months.
    read_block : bool
        Write an explicit ``read:`` block in ``recouvrement.yml``.
    layouts : mapping of str to Layout
        How each canonical table is written.
    disputes_in_invoices : bool
        Disputes as columns of the invoices file (``from``/``where`` in the
        configuration) instead of a file of their own.

    """

    encoding: str = "utf-8"
    sep: str = ","
    lineterminator: str = "\n"
    decimal: str = "."
    thousands: str = ""
    thousands_alt: str = ""
    date_format: str = "%Y-%m-%d"
    month_format: str = "%Y-%m"
    read_block: bool = False
    layouts: Mapping[str, Layout] = field(default_factory=dict)
    disputes_in_invoices: bool = False


#: The canonical layout of every table: ``<table>.csv`` with the canonical headers.
CANONICAL_LAYOUTS: Mapping[str, Layout] = MappingProxyType(
    {t: Layout(f"{t}.csv") for t in cv.TABLES}
)

_FRENCH_CHANNELS = {
    "email": "E-mail",
    "téléphone": "Téléphone",
    "courrier": "Courrier",
    "agence": "Agence",
}

#: The export styles, by name.
STYLE_SPECS: Mapping[str, Style] = MappingProxyType(
    {
        "canonical": Style(layouts=CANONICAL_LAYOUTS),
        "french": Style(
            encoding="cp1252",
            sep=";",
            lineterminator="\r\n",
            decimal=",",
            thousands=" ",
            thousands_alt="\u00a0",
            date_format="%d/%m/%Y",
            month_format="%m/%Y",
            read_block=True,
            layouts={
                "invoices": Layout(
                    "factures.csv",
                    {
                        "invoice_id": "N° facture",
                        "debtor_id": "Code client",
                        "issue_date": "Date facture",
                        "due_date": "Date échéance",
                        "amount": "Montant TTC",
                        "currency": "Devise",
                    },
                    {"currency": {"EUR": "€"}},
                ),
                "payments": Layout(
                    "reglements.csv",
                    {
                        "payment_id": "N° règlement",
                        "debtor_id": "Code client",
                        "invoice_id": "N° facture",
                        "date": "Date règlement",
                        "amount": "Montant réglé",
                    },
                ),
                "credit_notes": Layout(
                    "avoirs.csv",
                    {
                        "credit_note_id": "N° avoir",
                        "debtor_id": "Code client",
                        "invoice_id": "N° facture",
                        "date": "Date avoir",
                        "amount": "Montant TTC",
                    },
                ),
                "write_offs": Layout(
                    "passages_en_perte.csv",
                    {
                        "invoice_id": "N° facture",
                        "date": "Date passage en perte",
                        "amount": "Montant",
                    },
                ),
                "disputes": Layout(
                    "litiges.csv",
                    {
                        "invoice_id": "N° facture",
                        "opened_date": "Date ouverture",
                        "resolved_date": "Date clôture",
                    },
                ),
                "debtors": Layout(
                    "clients.csv",
                    {
                        "debtor_id": "Code client",
                        "name": "Raison sociale",
                        "kind": "Type client",
                        "sector": "Secteur",
                        "credit_limit": "Encours autorisé",
                        "insolvency_date": "Date procédure collective",
                        "procedure": "Type de procédure",
                        "publication_date": "Date publication BODACC",
                        "civility": "Civilité",
                    },
                    {"kind": {"professionnel": "PRO", "particulier": "PART", "public": "PUB"}},
                ),
                "actions": Layout(
                    "relances.csv",
                    {
                        "debtor_id": "Code client",
                        "invoice_id": "N° facture",
                        "date": "Date relance",
                        "channel": "Canal",
                        "level": "Niveau",
                    },
                    {"channel": _FRENCH_CHANNELS},
                ),
                "costs": Layout("couts.csv", {"month": "Mois", "amount": "Montant"}),
            },
        ),
        "excel": Style(
            encoding="utf-8-sig",
            sep=";",
            lineterminator="\r\n",
            decimal=",",
            thousands="\u202f",
            date_format="%d/%m/%Y",
            month_format="%m/%Y",
            disputes_in_invoices=True,
            layouts={
                "invoices": Layout(
                    "factures.csv",
                    {
                        "invoice_id": "Numéro facture",
                        "debtor_id": "Client",
                        "issue_date": "Date",
                        "due_date": "Échéance",
                        "amount": "Total TTC",
                        "currency": "Devise",
                    },
                ),
                "disputes": Layout(
                    "factures.csv",
                    {
                        "invoice_id": "Numéro facture",
                        "opened_date": "Date litige",
                        "resolved_date": "Date fin litige",
                    },
                ),
                "payments": Layout(
                    "reglements.csv",
                    {
                        "payment_id": "Référence",
                        "debtor_id": "Client",
                        "invoice_id": "Facture",
                        "date": "Date",
                        "amount": "Montant",
                    },
                ),
                "credit_notes": Layout(
                    "avoirs.csv",
                    {
                        "credit_note_id": "Numéro avoir",
                        "debtor_id": "Client",
                        "invoice_id": "Facture",
                        "date": "Date",
                        "amount": "Montant TTC",
                    },
                ),
                "write_offs": Layout(
                    "passages_en_perte.csv",
                    {"invoice_id": "Facture", "date": "Date", "amount": "Montant"},
                ),
                "debtors": Layout(
                    "clients.csv",
                    {
                        "debtor_id": "Client",
                        "name": "Nom",
                        "kind": "Type",
                        "sector": "Secteur",
                        "credit_limit": "Plafond",
                        "insolvency_date": "Procédure collective",
                        "procedure": "Procédure",
                        "publication_date": "Publication BODACC",
                        "civility": "Civilité",
                    },
                    {
                        "kind": {
                            "professionnel": "Professionnel",
                            "particulier": "Particulier",
                            "public": "Acheteur public",
                        }
                    },
                ),
                "actions": Layout(
                    "relances.csv",
                    {
                        "debtor_id": "Client",
                        "invoice_id": "Facture",
                        "date": "Date",
                        "channel": "Moyen",
                        "level": "Niveau",
                    },
                ),
                "costs": Layout("couts.csv", {"month": "Mois", "amount": "Coût"}),
            },
        ),
        "mixed": Style(
            layouts={
                **CANONICAL_LAYOUTS,
                "invoices": Layout("invoices.parquet"),
                "payments": Layout("payments.parquet"),
                "debtors": Layout(
                    "debtors.xlsx",
                    {
                        "debtor_id": "Code client",
                        "name": "Raison sociale",
                        "kind": "Catégorie",
                        "sector": "Secteur d'activité",
                        "credit_limit": "Plafond de crédit",
                        "insolvency_date": "Date de procédure collective",
                        "procedure": "Type de procédure",
                        "publication_date": "Date de publication au BODACC",
                        "civility": "Civilité",
                    },
                    {"kind": {"professionnel": "B2B", "particulier": "B2C", "public": "B2G"}},
                ),
            },
        ),
    }
)
