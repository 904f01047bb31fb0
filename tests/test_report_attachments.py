"""Documents beside a report: the CSV of a table, and a table bounded by limits.max_rows."""

from __future__ import annotations

import pandas as pd
import pytest

from recouvrement.report.attachments import Attachment, bounded_table, table_csv


@pytest.fixture
def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Débiteur": ["Alpha « SA »", "Bêta; SARL", "Gamma"],
            "Échéance": pd.to_datetime(["2026-09-30", "2026-10-15", "2026-10-31"]),
            "Reste dû": [1234.5, 40.0, 0.1],
            "Factures": [3, 1, 2],
        }
    )


def test_a_table_csv_opens_as_is_in_a_french_spreadsheet(frame):
    doc = table_csv("detail", frame)
    assert doc.payload["kind"] == "csv" and doc.payload["count"] == 3
    assert doc.payload["content"] == (
        "\ufeffDébiteur;Échéance;Reste dû;Factures\n"
        "Alpha « SA »;30/09/2026;1234,50;3\n"
        '"Bêta; SARL";15/10/2026;40,00;1\n'
        "Gamma;31/10/2026;0,10;2\n"
    )


def test_a_short_table_is_printed_whole_without_csv(frame):
    blocks = bounded_table("detail", frame, 3, money=["Reste dû"], ints=["Factures"], index=False)
    assert len(blocks) == 1 and "detail.csv" not in str(blocks[0])
    assert "Gamma" in str(blocks[0])


def test_a_long_table_folds_its_rest_and_goes_whole_to_its_csv(frame):
    blocks = bounded_table(
        "detail",
        frame,
        2,
        money=["Reste dû"],
        ints=["Factures"],
        total_row=True,
        index=False,
        note="Hors litiges.",
    )
    table, doc = blocks
    html = str(table)
    assert "Alpha" in html and "Bêta" in html and "Gamma" not in html
    # the folded row keeps the sums: 0,10 € and 2 invoices; the total covers all three
    assert "Autres lignes, dans detail.csv (1)" in html
    assert "0,10\u00a0€" in html and "1\u00a0274,60\u00a0€" in html
    assert (
        "Hors litiges. Les 2 premières lignes sont imprimées ; la liste complète (3 lignes) "
        "est dans le fichier detail.csv joint au rapport (limits.max_rows)."
    ) in html
    assert isinstance(doc, Attachment) and doc.payload["name"] == "detail"
    assert doc.payload["content"].count("\n") == 4


def test_a_table_csv_keeps_client_text_from_becoming_a_formula():
    """A debtor named like a formula (=, +, -, @) stays text in every CSV beside a report;
    numbers, negative ones included, stay numbers."""
    frame = pd.DataFrame(
        {
            "Débiteur": ['=HYPERLINK("http://x")', "+33 6", "@SUM(A1)", "Gamma"],
            "Solde": [-12.5, 1.0, 2.0, 3.0],
        }
    )
    lines = table_csv("detail", frame).payload["content"].lstrip("\ufeff").splitlines()
    assert lines[1:] == [
        '"\'=HYPERLINK(""http://x"")";-12,50',
        "'+33 6;1,00",
        "'@SUM(A1);2,00",
        "Gamma;3,00",
    ]
