"""A company's FEC files read into a Ledger: order, lines set aside, side tables, confinement."""

from __future__ import annotations

import pandas as pd
import pytest

import recouvrement as rc
from recouvrement.io import read_ledger
from recouvrement.ledger import LedgerError
from tests.fec_entries import Books


def _two_years(folder):
    y1 = Books()
    y1.invoice("C1", "2024-11-10", 120000, "F1", "AA", "2024-12-10")
    y1.payment("C1", "2024-12-10", 20000, "V1", "AA", "2024-12-10")
    y1.invoice("C2", "2024-12-01", 60000, "F2")
    y2 = Books()
    y2.opening(
        "2025-01-01",
        [("C1", 100000, "F1", "2024-11-10", "AA"), ("C2", 60000, "F2", "2024-12-01", None)],
    )
    y2.payment("C1", "2025-01-20", 100000, "V2", "AA", "2025-01-20")
    # named so that the newer year sorts first: the order comes from the entries
    y1.write(folder / "B_FEC20241231.txt")
    y2.write(folder / "A_FEC20251231.txt", sep="|")


def test_files_are_ordered_by_their_entries(tmp_path):
    _two_years(tmp_path)
    led = rc.read_fec(sorted(tmp_path.iterdir()))
    book = led.meta["fec"]
    assert book.sources == ["B_FEC20241231.txt", "A_FEC20251231.txt"]
    assert led.invoices["invoice_id"].tolist() == ["2024-VE-00001-1", "2024-VE-00002-1"]
    # 31/01/2025: F1 settled by V2 through its opening line, F2 (due 31/12/2024) open
    bal = rc.aged_balance(led, "2025-01-31")
    assert bal["Total"].to_dict() == {"C2": 600.0}


def test_a_folder_of_fec_files_needs_no_configuration(tmp_path):
    _two_years(tmp_path)
    led = read_ledger(tmp_path, confined=True)
    assert sorted(led.meta["files"]) == ["FEC 1", "FEC 2"]
    assert led.meta["files"]["FEC 1"].name == "B_FEC20241231.txt"
    assert rc.tie_to_books(led, "2025-01-31")["books"].to_dict() == {"C2": 60000}


def test_side_tables_join_the_fec(tmp_path):
    _two_years(tmp_path)
    (tmp_path / "debtors.csv").write_text(
        "debtor_id,name,kind,terms_days\nC2,,particulier,45\n", encoding="utf-8"
    )
    (tmp_path / "actions.csv").write_text(
        "invoice_id,date,channel,level\nF2,2025-01-15,email,1\n", encoding="utf-8"
    )
    led = read_ledger(tmp_path)
    # the debtors table's kind and terms; its empty name is the FEC's CompAuxLib
    kinds = led.kinds()
    assert kinds["C2"] == "particulier"
    assert led.debtor_names["C2"] == "Client C2"
    terms = led.meta["fec"].terms
    assert terms.loc["C2", ["days", "source"]].tolist() == [45, "contract"]
    assert led.invoices.set_index("reference").loc["F2", "due_date"] == pd.Timestamp("2025-01-15")
    # the action names the invoice by its number (PieceRef): it is the FEC line's id
    assert led.actions["invoice_id"].tolist() == ["2024-VE-00002-1"]


def test_a_whole_entry_unreadable_is_set_aside_and_listed(tmp_path):
    b = Books()
    b.invoice("C1", "2025-01-10", 12000, "F1")
    b.invoice("C1", "2025-01-11", 24000, "F2")
    text = b.text().replace("\t20250111\t", "\t20251311\t")  # month 13: the whole entry
    (tmp_path / "FEC.txt").write_text(text, encoding="utf-8")
    led = rc.read_fec(tmp_path / "FEC.txt")
    assert led.invoices["reference"].tolist() == ["F1"]
    # listed with the FEC (the report's FEC section), one row per line, never dropped
    aside = led.meta["fec"].set_aside
    assert [(r["Fichier"], r["Ligne"], r["Colonne"]) for r in aside] == [
        ("FEC.txt", 5, "EcritureDate, PieceDate, ValidDate"),
        ("FEC.txt", 6, "EcritureDate, PieceDate, ValidDate"),
        ("FEC.txt", 7, "EcritureDate, PieceDate, ValidDate"),
    ]
    assert led.quality.empty  # the ledger's own rows: nothing set aside


def test_an_unbalanced_file_is_refused(tmp_path):
    b = Books()
    b.invoice("C1", "2025-01-10", 12000, "F1")
    text = b.text().replace("\t120,00\t", "\t121,00\t", 1)
    (tmp_path / "FEC.txt").write_text(text, encoding="utf-8")
    with pytest.raises(LedgerError) as err:
        read_ledger(tmp_path)
    assert err.value.problems == [
        "FEC.txt : FEC déséquilibré, jamais utilisé ainsi : total des débits 121,00\xa0€, total "
        "des crédits 120,00\xa0€, écart 1,00\xa0€ ; 1 écriture(s) déséquilibrée(s) ; "
        "ré-exporter le FEC complet depuis le logiciel comptable",
        "FEC.txt, ligne(s) 2, 3, 4 : écriture « 00001 » du journal « VE » déséquilibrée de "
        "1,00\xa0€ (débits moins crédits)",
    ]


def test_a_fec_leading_outside_the_folder_is_refused(tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    _two_years(outside)
    company = tmp_path / "company"
    company.mkdir()
    (company / "recouvrement.yml").write_text('fec:\n  files: ["lien.txt"]\n', encoding="utf-8")
    (company / "lien.txt").symlink_to(outside / "A_FEC20251231.txt")
    with pytest.raises(LedgerError, match="fec.files « lien.txt » mène hors du dossier"):
        read_ledger(company, confined=True)
