"""One text, three outputs: the letters' HTML → PDF, one ``.docx`` each, the register CSV.

The ``.docx`` (python-docx) holds exactly the letter's text blocks, which the PDF
(pypdf) shows too; the register has one row per letter whose totals are the letters';
client data is escaped in HTML and kept as plain text elsewhere, CSV cells guarded
against formula injection.
"""

from __future__ import annotations

import csv
import io
import re

import docx
import pandas as pd
import pytest
from pypdf import PdfReader

from recouvrement.dunning import letters as lt
from recouvrement.report.attachments import attachment, csv_cell, letters_attachment
from recouvrement.report.letter_docx import docx_bytes
from recouvrement.report.letter_files import REGISTER_COLUMNS, docx_name
from recouvrement.report.letters import render_letters
from recouvrement.runner.export import html_to_pdf
from tests.test_letters import CREDITOR, SETTINGS

XSS = "<script>alert(1)</script>"


@pytest.fixture
def invoices() -> pd.DataFrame:
    """Two invoices, claimed at 12,15 % with 40 € each; a third not claimed (disputed)."""
    return pd.DataFrame(
        {
            "invoice_id": ["F-1", "F-2", "F-3"],
            "issue_date": pd.to_datetime(["2026-08-01", "2026-09-01", "2026-09-05"]),
            "due_date": pd.to_datetime(["2026-08-31", "2026-09-30", "2026-10-05"]),
            "amount": [1200.0, 300.0, 80.0],
            "residual": [1200.0, 150.0, 80.0],
            "interest": [20.5, 1.2, 0.5],
            "indemnity": [40.0, 40.0, 40.0],
            "rate": [12.15, 12.15, 12.15],
            "claimed": [True, True, False],
            "basis": ["art. L.441-10 C. com."] * 3,
        }
    )


@pytest.fixture
def letters(invoices) -> list[lt.Letter]:
    """A mise en demeure, a reminder to an individual, a draft (no creditor) with a hostile name."""
    history = (lt.HistoryEntry(pd.Timestamp("2026-09-10"), 1, ("email",), ("F-1",)),)
    return [
        lt.draft_letter(
            "C1", "Lopez SAS", 3, invoices, "2026-10-31", channel="LRAR",
            creditor=CREDITOR, settings=SETTINGS, history=history,
        ),
        lt.draft_letter(
            "C2", "Mme Camille Breton", 2, invoices.iloc[:2], "2026-10-31",
            debtor_kind="particulier", civility="Mme", creditor=CREDITOR, settings=SETTINGS,
        ),
        lt.draft_letter("=C3", f"=HYPERLINK(\"x\") {XSS}", 1, invoices.iloc[:1], "2026-10-31", channel="email"),
    ]  # fmt: skip


def _plain(text: str) -> str:
    return re.sub(r"[\s\u00a0\u202f]+", " ", text).strip()


def _docx_text(blob: bytes) -> tuple[list[str], list[str]]:
    document = docx.Document(io.BytesIO(blob))
    paragraphs = [p.text for p in document.paragraphs]
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return paragraphs, cells


def test_the_docx_holds_exactly_the_letter_blocks(letters):
    """Same text in the .docx as in the letter: paragraphs, then the invoice table."""
    for letter in letters:
        paragraphs, cells = _docx_text(docx_bytes(letter.blocks, title=letter.title))
        assert paragraphs == letter.paragraphs
        assert cells == letter.cells
        assert len(docx.Document(io.BytesIO(docx_bytes(letter.blocks))).tables) == 1


def test_the_pdf_shows_the_text_of_every_block(letters, tmp_path):
    """Every paragraph and cell of the .docx appears in the printed PDF (one page each)."""
    pages = html_to_pdf(str(render_letters(letters)), tmp_path / "lettres.pdf")
    assert pages == 3
    reader = PdfReader(tmp_path / "lettres.pdf")
    for page, letter in zip(reader.pages, letters, strict=True):
        text = _plain(page.extract_text())
        paragraphs, cells = _docx_text(docx_bytes(letter.blocks))
        for part in paragraphs + cells:
            assert _plain(part) in text, part


def test_the_register_has_one_row_per_letter_with_their_totals(letters):
    """Mise en demeure of C1: 1 200 + 150 + 80 principal, 21,70 € penalties (F-3 not
    claimed), 80 € indemnities = 1 531,70 €. The individual C2: principal only, 1 350 €."""
    doc = letters_attachment(letters, title="Lettres")
    rows = doc.payload["register"].lstrip("\ufeff").splitlines()
    assert rows[0].split(";") == REGISTER_COLUMNS
    assert len(rows) == 1 + len(letters) and doc.payload["count"] == 3
    first = rows[1].split(";")
    assert first == [
        "C1", "Lopez SAS", "", "Mise en demeure", "oui", "02/11/2026",
        "dix jours à compter de la réception de la présente", "F-1, F-2, F-3",
        "1430,00", "21,70", "80,00", "1531,70", "art. L.441-10 C. com.",
        "001-C1-mise-en-demeure.docx",
    ]  # fmt: skip
    assert rows[2].split(";")[:12] == [
        "C2", "Mme Camille Breton", "Mme", "Deuxième relance", "non", "02/11/2026",
        "10/11/2026", "F-1, F-2", "1350,00", "0,00", "0,00", "1350,00",
    ]  # fmt: skip
    for row, letter in zip(rows[1:], letters, strict=True):
        total = float(row.split(";")[11].replace(",", "."))
        assert total == letter.total
    assert [x["file"] for x in doc.payload["letters"]] == [
        docx_name(i, x) for i, x in enumerate(letters, start=1)
    ]


def test_csv_cells_never_become_formulas(letters):
    """A debtor named ``=HYPERLINK(...)`` stays text in the register: a leading apostrophe."""
    register = letters_attachment(letters).payload["register"].lstrip("\ufeff")
    third = list(csv.reader(io.StringIO(register), delimiter=";"))[3]
    assert third[:2] == ["'=C3", f"'=HYPERLINK(\"x\") {XSS}"]
    assert [csv_cell(v) for v in ("=1+1", "+33", "-x", "@SUM(A1)", "\tx", "ok", 12.5, -3)] == [
        "'=1+1", "'+33", "'-x", "'@SUM(A1)", "'\tx", "ok", 12.5, -3,
    ]  # fmt: skip


def test_client_data_is_escaped_in_html_and_plain_in_docx(letters):
    html = render_letters(letters)
    assert XSS not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    paragraphs, _ = _docx_text(docx_bytes(letters[2].blocks))
    assert any(XSS in p for p in paragraphs)  # plain text in a run, never markup
    assert docx_name(3, letters[2]) == "003-C3-relance-1.docx"  # no "=" in a file name


def test_the_letters_attachment_carries_everything(letters):
    """What the report's section attaches (render_letters through attachment) is the
    letters' attachment: HTML, each letter's blocks, the register and the checklist."""
    doc = attachment("lettres", render_letters(letters, title="Lettres"), len(letters))
    p = doc.payload
    assert (p["name"], p["kind"], p["count"]) == ("lettres", "letters", 3)
    assert XSS not in p["content"] and "Lopez SAS" in p["content"]
    blocks = [lt.Block.from_json(b) for b in p["letters"][0]["blocks"]]
    assert tuple(blocks) == letters[0].blocks
    items = {row["item"]: row for row in p["checklist"]}
    siren = items["Numéro SIREN (creditor: siren)"]
    assert (siren["article"], siren["letters"]) == ("art. R.123-237 du code de commerce", 1)
    plain = attachment("autre", "<p>x</p>", 1).payload
    assert plain["kind"] == "html" and "letters" not in plain
