"""Lines a ``where:`` leaves out: counted, listed with the condition they failed.

The file of :func:`journal` holds invoices and payments on one sheet, told apart by
its ``Type`` column (line numbers are the file's, header = line 1)::

    line  Type       Piece  Montant  invoices (Type = Facture)   payments (Reglement/Règlement)
    2     Facture    F1     100,00   kept                        excluded
    3     Facture    F2     200,00   kept                        excluded
    4     Reglement  R1     100,00   excluded                    kept
    5     Divers     X1       5,00   excluded                    excluded
    6     Facture    F3     douze    set aside (amount)          excluded
    7     (empty)    R2      20,00   excluded                    excluded
    8     Règlement  R3      30,00   excluded                    kept

So invoices: 7 read = 2 kept + 1 set aside + 4 excluded; payments: 7 read = 2 kept +
0 set aside + 5 excluded. Lines 5 and 7 are in no table; line 4 is excluded from the
invoices but taken by the payments.
"""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest
import yaml
from pandas.testing import assert_frame_equal

import recouvrement as rc
from recouvrement.conventions import Limits
from recouvrement.io import activity_period
from recouvrement.io.mapping import EXCLUDED_COLUMNS, condition, excluded_rows
from recouvrement.report.sections import appendix
from recouvrement.report.tables.quality import counts_table, excluded_rows_table

JOURNAL = (
    "Type;Piece;Client;Date;Montant;Facture\n"
    "Facture;F1;C1;2025-01-10;100,00;\n"
    "Facture;F2;C2;2025-01-12;200,00;\n"
    "Reglement;R1;C1;2025-02-01;100,00;F1\n"
    "Divers;X1;C1;2025-02-02;5,00;\n"
    "Facture;F3;C1;2025-02-10;douze;\n"
    ";R2;C2;2025-02-15;20,00;F2\n"
    "Règlement;R3;C2;2025-02-20;30,00;F2\n"
)

CONFIG = {
    "tables": {
        "invoices": {
            "file": "ecritures.csv",
            "where": {"Type": "Facture"},
            "columns": {
                "Piece": "invoice_id",
                "Client": "debtor_id",
                "Date": "issue_date",
                "Montant": "amount",
            },
        },
        "payments": {
            "from": "invoices",
            "where": {"Type": ["Reglement", "Règlement"]},
            "columns": {
                "Piece": "payment_id",
                "Client": "debtor_id",
                "Date": "date",
                "Montant": "amount",
                "Facture": "invoice_id",
            },
        },
    }
}

INVOICE_FILTER = "Type = « Facture »"
PAYMENT_FILTER = "Type = « Reglement » ou « Règlement »"


@pytest.fixture
def journal(tmp_path) -> Path:
    (tmp_path / "ecritures.csv").write_text(JOURNAL, encoding="utf-8")
    return tmp_path


def test_excluded_lines_are_counted_per_table(journal):
    led = rc.read_ledger(journal, CONFIG)
    counts = counts_table(led).set_index("Table").loc[["factures", "règlements"]]
    expected = pd.DataFrame(
        {
            "Fichier": ["ecritures.csv", "ecritures.csv"],
            "Lues": [7, 7],
            "Conservées": [2, 2],
            "Écartées": [1, 0],
            "Exclues": [4, 5],
            "Corrigées": [2, 0],  # the two invoices kept have no due date: repaired
        },
        index=pd.Index(["factures", "règlements"], name="Table"),
    )
    assert_frame_equal(counts, expected, check_dtype=False)
    # the ledger's own invariant holds over the rows it received
    own = led.counts.set_index("table").loc[["invoices", "payments"]]
    assert own["read"].tolist() == [3, 2]
    assert (own["read"] == own["kept"] + own["set_aside"]).all()
    lues = counts["Lues"]
    assert (lues == counts["Conservées"] + counts["Écartées"] + counts["Exclues"]).all()


def test_excluded_lines_are_listed_with_their_filter(journal):
    led = rc.read_ledger(journal, CONFIG)
    expected = pd.DataFrame(
        {
            "table": ["invoices"] * 4 + ["payments"] * 5,
            "source": "ecritures.csv",
            "row": [4, 5, 7, 8, 2, 3, 5, 6, 7],
            "filter": [INVOICE_FILTER] * 4 + [PAYMENT_FILTER] * 5,
            "value": [
                "Reglement",
                "Divers",
                "(vide)",
                "Règlement",
                "Facture",
                "Facture",
                "Divers",
                "Facture",
                "(vide)",
            ],
            "taken_by": [
                "payments",
                "",
                "",
                "payments",
                "invoices",
                "invoices",
                "",
                "invoices",  # taken by the invoices, then set aside there (its amount)
                "",
            ],
        },
        columns=EXCLUDED_COLUMNS,
    )
    assert_frame_equal(led.meta["excluded"], expected, check_dtype=False)
    assert led.meta["excluded"]["row"].dtype == "int64"


def test_the_report_lists_them_in_french(journal):
    table = excluded_rows_table(rc.read_ledger(journal, CONFIG))
    assert table.columns.tolist() == [
        "Table",
        "Fichier",
        "Ligne",
        "Filtre",
        "Valeur lue",
        "Reprise par",
    ]
    assert table.iloc[0].tolist() == [
        "factures",
        "ecritures.csv",
        4,
        INVOICE_FILTER,
        "Reglement",
        "règlements",
    ]
    assert table.iloc[1].tolist() == [
        "factures",
        "ecritures.csv",
        5,
        INVOICE_FILTER,
        "Divers",
        "aucune",
    ]


def test_the_kept_rows_are_those_of_the_filter(journal):
    led = rc.read_ledger(journal, CONFIG)
    assert led.invoices["invoice_id"].tolist() == ["F1", "F2"]
    assert led.payments["payment_id"].tolist() == ["R1", "R3"]
    assert led.quality["row"].tolist() == [2, 3, 6]  # two due dates repaired, one amount


def test_the_activity_period_reads_through_the_filters(journal):
    (journal / "recouvrement.yml").write_text(yaml.safe_dump(CONFIG), encoding="utf-8")
    # lines 5 (02/02) and 7 (15/02) are in no table; R3 (20/02) is the last payment
    assert activity_period(journal) == (pd.Timestamp("2025-01-10"), pd.Timestamp("2025-02-20"))


def test_no_where_no_exclusion(journal):
    (journal / "invoices.csv").write_text(
        "invoice_id,debtor_id,issue_date,amount\nF1,C1,2025-01-10,10\n", encoding="utf-8"
    )
    (journal / "payments.csv").write_text("date,amount\n", encoding="utf-8")
    led = rc.read_ledger(journal)
    assert led.meta["excluded"].columns.tolist() == EXCLUDED_COLUMNS
    assert len(led.meta["excluded"]) == 0
    assert counts_table(led)["Exclues"].sum() == 0


def test_a_line_failing_two_conditions_names_both():
    frame = pd.DataFrame(
        {
            "Type": ["Facture", "Avoir", "Avoir", "Facture", "Facture"],
            " Société ": ["01", "01", "02", None, " 01 "],
        }
    )
    kept, excluded = excluded_rows(
        frame, [2, 3, 4, 5, 6], {"Type": "Facture", "Société": "01"}, "f.csv", "invoices"
    )
    assert kept.tolist() == [True, False, False, False, True]  # spaces around a cell ignored
    assert excluded["row"].tolist() == [3, 4, 5]
    assert excluded["filter"].tolist() == [
        "Type = « Facture »",
        "Type = « Facture » et Société = « 01 »",
        "Société = « 01 »",
    ]
    assert excluded["value"].tolist() == ["Avoir", "Avoir ; 02", "(vide)"]


@pytest.mark.parametrize(
    ("wanted", "text"),
    [
        ("Oui", "Litige = « Oui »"),
        (["Oui", "O"], "Litige = « Oui » ou « O »"),
        ("*", "Litige non vide"),
    ],
    ids=["one-value", "a-list", "any-non-empty"],
)
def test_a_condition_is_written_as_in_the_configuration(wanted, text):
    assert condition("Litige", wanted) == text


def test_a_malformed_line_is_counted_once_with_its_file_table(tmp_path):
    (tmp_path / "factures.csv").write_text(
        "Type,N,Client,Date,Montant,Litige\n"
        "Facture,F1,C1,2025-01-10,10,Oui\n"
        "Facture,F2,C1,2025-01-11,20,Non,en trop\n"
        "Avoir,A1,C1,2025-01-12,5,Non\n",
        encoding="utf-8",
    )
    (tmp_path / "payments.csv").write_text("date,amount\n", encoding="utf-8")
    columns = {"N": "invoice_id", "Client": "debtor_id", "Date": "issue_date", "Montant": "amount"}
    config = {
        "tables": {
            "invoices": {"file": "factures.csv", "where": {"Type": "Facture"}, "columns": columns},
            "disputes": {
                "from": "invoices",
                "where": {"Litige": "Oui"},
                "columns": {"N": "invoice_id", "Date": "opened_date"},
            },
        }
    }
    led = rc.read_ledger(tmp_path, config)
    counts = counts_table(led).set_index("Table")
    # invoices: F1 kept, the ragged line 3 set aside (not dropped by the where:), A1 excluded
    assert counts.loc["factures", ["Lues", "Conservées", "Écartées", "Exclues"]].tolist() == [
        3,
        1,
        1,
        1,
    ]
    # disputes: F1 kept, A1 excluded; the ragged line is told once, with the invoices
    assert counts.loc["litiges", ["Lues", "Conservées", "Écartées", "Exclues"]].tolist() == [
        2,
        1,
        0,
        1,
    ]
    set_aside = led.quality[led.quality["action"] == "écartée"]
    assert set_aside[["table", "row"]].to_numpy().tolist() == [["invoices", 3]]


def test_the_data_quality_section_prints_them_bounded(journal):
    led = rc.read_ledger(journal, CONFIG)
    """Counted by filter and by the table that took the line instead (2 + 2 invoices'
    lines, 3 + 2 payments' lines = 9), listed whole in exclusions.csv, and printed one
    by one only for the 4 lines no table took (3 printed, the 4th folded)."""
    counts, summary, csv, lost = appendix.counts(
        SimpleNamespace(ledger=led, limits=Limits(max_rows=3))
    )
    assert "Lues = conservées + écartées + exclues" in str(counts)
    assert "Lignes exclues par un filtre where: de recouvrement.yml (9), par filtre" in str(
        summary
    )
    assert [int(n) for n in re.findall(r'<td class="num">(\d+)</td>', str(summary))] == [
        2, 2, 3, 2, 9,
    ]  # fmt: skip
    assert "Lignes exclues reprises par aucune table (4)" in str(lost)
    assert "Autres lignes, dans exclusions.csv (1)" in str(lost)
    assert (csv.payload["name"], csv.payload["count"]) == ("exclusions", 9)
    assert csv.payload["content"].splitlines()[1] == (
        "factures;ecritures.csv;4;Type = « Facture »;Reglement;règlements"
    )
