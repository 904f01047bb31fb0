"""Structural problems of the input frames: one French LedgerError listing them all."""

from __future__ import annotations

import pandas as pd
import pytest
from builders import invoices, payments

from recouvrement.ledger import Ledger, LedgerError

HEADER = "le grand livre ne peut pas être construit"


def test_every_structural_problem_is_listed_in_french():
    inv = invoices(("F1", "D1", "2025-01-01", "2025-01-31", 10.0))
    with pytest.raises(LedgerError) as err:
        Ledger(
            inv.drop(columns="issue_date"),
            pd.DataFrame({"payment_id": ["P1"]}),
            debtors=[("D1", "Alpha")],  # type: ignore[arg-type]
        )
    assert str(err.value).startswith(f"{HEADER} (3 problème(s)) :\n  - ")
    assert err.value.problems == [
        "table des factures (invoices, DataFrame) : colonne(s) obligatoire(s) manquante(s) : "
        "issue_date ; colonnes trouvées : invoice_id, debtor_id, due_date, amount. Renommer "
        "les colonnes de la source ou les faire correspondre dans le recouvrement.yml de la "
        'société (tables: invoices: columns: {"<colonne de la source>": issue_date})',
        "table des règlements (payments, DataFrame) : colonne(s) obligatoire(s) manquante(s) : "
        "date, amount ; colonnes trouvées : payment_id. Renommer les colonnes de la source ou "
        "les faire correspondre dans le recouvrement.yml de la société (tables: payments: "
        'columns: {"<colonne de la source>": date})',
        "table des débiteurs (debtors, DataFrame) : un DataFrame pandas est attendu, pas list",
    ]


def test_the_source_file_is_named():
    inv = invoices(("F1", "D1", "2025-01-01", "2025-01-31", 10.0)).iloc[:0]
    with pytest.raises(LedgerError) as err:
        Ledger(inv, sources={"invoices": "factures.csv"})
    assert err.value.problems == [
        "table des factures (invoices, factures.csv) : aucune ligne de facture ; un audit "
        "demande au moins une facture (vérifier le fichier des factures et son en-tête)"
    ]


def test_a_column_given_twice_is_structural():
    inv = invoices(("F1", "D1", "2025-01-01", "2025-01-31", 10.0))
    twice = pd.concat([inv, inv[["amount"]]], axis=1)
    with pytest.raises(LedgerError) as err:
        Ledger(twice)
    assert err.value.problems == [
        "table des factures (invoices, DataFrame) : colonne(s) présente(s) plusieurs fois : "
        "amount ; n'en garder qu'une de chaque (ou corriger la correspondance des colonnes "
        "dans recouvrement.yml)"
    ]


def test_row_numbers_must_match_the_rows():
    inv = invoices(("F1", "D1", "2025-01-01", "2025-01-31", 10.0))
    with pytest.raises(LedgerError, match="2 numéros de ligne pour 1 lignes"):
        Ledger(inv, rows={"invoices": [2, 3]})


def test_lines_the_reader_could_not_split_are_read_and_set_aside():
    inv = invoices(("F1", "D1", "2025-01-01", "2025-01-31", 10.0))
    led = Ledger(
        inv,
        payments(("F1", "2025-01-10", 4.0)),
        rows={"invoices": [2]},
        read_problems={
            "invoices": [{"row": 3, "value": "F2;\x00", "problem": "ligne mal formée : 2 champs"}]
        },
    )
    q = led.quality
    assert q[["row", "value", "problem", "action"]].to_numpy().tolist() == [
        [3, "F2;\\x00", "ligne mal formée : 2 champs", "écartée"]
    ]
    counts = led.counts.set_index("table").loc["invoices"]
    assert (counts["read"], counts["kept"], counts["set_aside"]) == (2, 1, 1)
