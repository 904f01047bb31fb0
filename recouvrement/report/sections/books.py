"""The section of a report built from a FEC: the tie to the books, the lettrage, the terms.

Each function takes the :class:`~recouvrement.report.context.Report` and returns the
blocks of one notebook cell. A ledger read from tables has no books to tie to: the
section says so in one line.
"""

from __future__ import annotations

import pandas as pd

from recouvrement.aging.books import describe_tie, fec_book
from recouvrement.formatting import fmt_date, fmt_eur, fmt_int
from recouvrement.io.fec.rules import fec_rules
from recouvrement.report.attachments import Attachment, bounded_table
from recouvrement.report.context import Report
from recouvrement.report.html import Html, facts, section_note
from recouvrement.report.html_tables import table_html
from recouvrement.report.tables.books import (
    files_table,
    lettrage_summary,
    lettrage_table,
    terms_table,
    tie_table,
)

#: What the section says of a ledger read from tables.
NOT_FEC = (
    "Les données de cette société ne viennent pas d'un FEC : pas de rapprochement avec les "
    "comptes clients de la comptabilité ni d'analyse du lettrage."
)


def books_tie(r: Report) -> list[Html | Attachment]:
    """« Rapprochement avec la comptabilité (comptes 411) »: the statement, then per debtor."""
    book = fec_book(r.ledger)
    if book is None or r.books_tie is None:
        return [section_note(NOT_FEC)]
    months = len(r.books_months)  # every month end of the data up to the report's
    blocks: list[Html | Attachment] = [
        section_note(describe_tie(r.books_tie, r.as_of), "ok"),
        section_note(
            f"Contrôle bloquant : le même rapprochement est vérifié à chacune des "
            f"{fmt_int(months)} fins de mois du {fmt_date(r.books_months[0])} au "
            f"{fmt_date(r.books_months[-1])} ; un écart arrête le rapport."
            if months > 1
            else "Contrôle bloquant : un écart arrête le rapport."
        ),
        table_html(files_table(book), caption="Fichiers FEC lus (du plus ancien au plus récent)"),
    ]
    if book.set_aside:
        blocks += bounded_table(
            "fec_ecartees",
            pd.DataFrame(book.set_aside),
            r.limits.max_rows,
            ints=["Ligne"],
            index=False,
            compact=True,
            caption=f"Lignes du FEC écartées à la lecture ({fmt_int(len(book.set_aside))}, "
            "écritures entières)",
        )
    blocks += bounded_table(
        "rapprochement_411",
        tie_table(r.books_tie, r.names),
        r.limits.max_rows,
        money=["Balance âgée", "Comptes clients (FEC)", "Écart"],
        index=False,
        total_row=True,
        caption="Balance âgée et comptes clients du FEC, par débiteur",
    )
    return blocks


def lettrage(r: Report) -> list[Html | Attachment]:
    """The quality of the lettrage: the cash "hidden" in the customer accounts."""
    book = fec_book(r.ledger)
    if book is None or r.lettrage is None:
        return [section_note(NOT_FEC)]
    q = r.lettrage
    exact = int(q.loc[q["finding"] == "unmatched_exact", "amount"].sum())
    blocks: list[Html | Attachment] = [
        table_html(
            lettrage_summary(q),
            money=["Montant"],
            ints=["Débiteurs", "Lignes"],
            index=False,
            missing="sans objet",
            caption=f"Lettrage au {fmt_date(r.as_of)} : constats "
            f"(lettrages partiels de plus de {book.partial_after_days} jours)",
        )
    ]
    if exact:
        blocks.append(
            section_note(
                f"{fmt_eur(exact / 100)} de règlements non lettrés égalent exactement une facture "
                "ouverte du même client : à lettrer avant toute relance.",
                "warning",
            )
        )
    blocks += bounded_table(
        "lettrage",
        lettrage_table(q, r.names),
        r.limits.max_rows,
        money=["Montant"],
        ints=["Lignes"],
        index=False,
        compact=True,
        caption="Constats de lettrage par débiteur",
        empty="Aucun constat : le lettrage des comptes clients est tenu.",
    )
    return blocks


def terms(r: Report) -> list[Html | Attachment]:
    """Where each debtor's due dates come from (a FEC has none), and openings of unknown age."""
    book = fec_book(r.ledger)
    if book is None:
        return []
    blocks: list[Html | Attachment] = bounded_table(
        "delais",
        terms_table(book, r.names),
        r.limits.max_rows,
        ints=["Délai (jours)", "Factures soldées observées"],
        index=False,
        compact=True,
        caption="Échéances : délai de paiement retenu par débiteur et sa source",
    )
    if len(book.unknown_age):
        total = int(book.unknown_age["amount"].sum())
        blocks.append(
            section_note(
                f"Antériorité inconnue : {fmt_int(len(book.unknown_age))} ligne(s) d'à-nouveaux "
                f"({fmt_eur(total / 100)}) regroupent des factures antérieures sans leur date ; "
                "elles sont âgées depuis la date d'ouverture. Fournir le FEC de l'exercice "
                "précédent pour retrouver leur ancienneté.",
                "warning",
            )
        )
    return blocks


def rules(r: Report) -> list[Html]:
    """The rules of reading the FEC actually applied (appendix); one line without a FEC."""
    book = fec_book(r.ledger)
    if book is None:
        return [section_note(NOT_FEC)]
    return [facts(dict(fec_rules(book.options, book.partial_after_days)), long=True)]
