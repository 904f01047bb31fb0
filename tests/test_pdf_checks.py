"""The PDF checks of tests/pdf_checks.py, on tiny PDFs printed by WeasyPrint here.

The documents whose geometry is checked use the package's shipped font (the same glyphs,
so the same coordinates, on every machine), A4 pages with 20/16/18/16 mm margins, a
running header (14 pt bold) and a running footer (16 pt bold, larger than the headings:
were the margins not left out, every page would seem to end with a heading).
"""

from __future__ import annotations

import warnings

import pytest
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject

from recouvrement.report.fonts import font_face_css
from tests.pdf_checks import (
    MM,
    embedded_fonts,
    headings_ending_pages,
    metadata,
    outline_titles,
    text_beyond_page,
    text_lines,
)

PAGE_CSS = """
@page { size: A4; margin: 20mm 16mm 18mm 16mm;
  @top-left { content: "En-tête courant"; font: 700 14pt "Source Sans 3"; }
  @bottom-right { content: "Page " counter(page) " / " counter(pages); font: 700 16pt "Source Sans 3"; } }
body { font: 11pt "Source Sans 3"; margin: 0; }
h1 { font-size: 20pt; } h2 { font-size: 16pt; font-weight: 600; }
td:last-child { text-align: right; }
"""
A4_WIDTH = 210 * MM  # 595.28 pt
ROW = "<tr>" + "".join(f"<td>cellule {i}</td>" for i in range(6)) + "</tr>"
PARAGRAPH = "Une ligne de texte du paragraphe qui suit le titre. " * 12


def render(path, body: str, head: str = "", *, shipped_font: bool = True) -> str:
    """Print ``body`` (and ``head``) to ``path`` with WeasyPrint; return the path.

    With the shipped font (about 2 s a document: WeasyPrint decodes and subsets it) the
    coordinates are the same on every machine; the checks of the document's structure
    do without it.
    """
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*HarfBuzz", category=DeprecationWarning)
        import weasyprint

    fonts = font_face_css() if shipped_font else ""
    html = (
        f'<html lang="fr"><head><meta charset="utf-8">{head}'
        f"<style>{fonts}{PAGE_CSS}</style></head><body>{body}</body></html>"
    )
    weasyprint.HTML(string=html).write_pdf(path)
    return str(path)


# --- text off the paper --------------------------------------------------------------------

NEXT = "<div style='break-before: page'></div>"


@pytest.fixture(scope="module")
def tables(tmp_path_factory) -> str:
    """Page 1: a fitted table; 2: 300 mm of table on 210 mm of paper; 3: the same cut by
    ``overflow: hidden``; 4: 190 mm of table in 178 mm of text width."""
    pages = [
        f"<p>Avant</p><table style='width: 100%'>{ROW * 3}</table>",
        f"<table style='width: 300mm'>{ROW * 3}</table>",
        f"<div style='overflow: hidden'><table style='width: 300mm'>{ROW}</table></div>",
        f"<table style='width: 190mm'>{ROW}</table>",
    ]
    return render(tmp_path_factory.mktemp("pdf") / "tables.pdf", NEXT.join(pages))


def on_page(lines, page: int) -> list[str]:
    return [line.text for line in lines if line.page == page]


def test_a_table_wider_than_the_page_is_caught(tables):
    """Its last two columns are printed off the paper, on each of its three rows."""
    found = text_beyond_page(tables)
    assert on_page(found, 2) == ["cellule 4"] * 3 + ["cellule 5"] * 3
    assert all(line.bbox[2] > A4_WIDTH for line in found)


def test_a_table_cut_by_overflow_hidden_is_caught_too(tables):
    """Clipped drawing, same text in the content stream: still off the paper."""
    assert on_page(text_beyond_page(tables), 3) == ["cellule 4", "cellule 5"]


def test_a_fitted_table_and_the_running_header_and_footer_are_not(tables):
    assert on_page(text_beyond_page(tables), 1) == []
    assert on_page(text_beyond_page(tables, margin_pt=16 * MM), 1) == []  # nor in the margin
    assert on_page([line for _, line in text_lines(tables)], 1)[:2] == ["En-tête courant", "Avant"]


def test_a_table_running_into_the_right_margin_is_caught_with_the_margin(tables):
    """On the paper, but 12 mm into the 16 mm right margin."""
    assert on_page(text_beyond_page(tables), 4) == []
    (line,) = [x for x in text_beyond_page(tables, margin_pt=16 * MM) if x.page == 4]
    assert line.text == "cellule 5"
    assert A4_WIDTH - 16 * MM < line.bbox[2] < A4_WIDTH


# --- a heading left alone at the bottom of a page ---------------------------------------

SPACER = "<p>Introduction</p><div style='height: 640pt'></div>"


@pytest.fixture(scope="module")
def headings(tmp_path_factory) -> str:
    """Four cases, each from a new page, a 640 pt spacer taking the page down to its end:

    pages 1-2: a heading, then a forced page break; 3-4: a heading with ``break-after:
    auto`` before a paragraph that does not fit; 5-6: the same with ``break-after:
    avoid`` (WeasyPrint's default for headings); 7-8: a bold line of body size, then a
    forced page break.
    """
    cases = [
        f"{SPACER}<h2>Titre forcé</h2><p style='break-before: page'>Suite</p>",
        f"{SPACER}<h2 style='break-after: auto'>Titre seul</h2>"
        f"<p style='break-inside: avoid'>{PARAGRAPH}</p>",
        f"{SPACER}<h2 style='break-after: avoid'>Titre gardé</h2>"
        f"<p style='break-inside: avoid'>{PARAGRAPH}</p>",
        f"{SPACER}<p><b>Sous-titre en gras</b></p><p style='break-before: page'>x</p>",
    ]
    return render(tmp_path_factory.mktemp("pdf") / "headings.pdf", NEXT.join(cases))


def test_a_heading_before_a_forced_page_break_is_caught(headings):
    line = headings_ending_pages(headings)[0]
    assert (line.page, line.text, line.bold) == (1, "Titre forcé", True)
    assert line.size == pytest.approx(16, abs=0.01)


def test_a_heading_whose_block_moves_to_the_next_page_is_caught(headings):
    """The paragraph after does not fit: with ``break-after: auto`` the heading stays."""
    assert [(x.page, x.text) for x in headings_ending_pages(headings)][1] == (3, "Titre seul")


def test_a_heading_kept_with_its_block_is_not(headings):
    """``break-after: avoid`` takes the heading to the next page, with its paragraph."""
    assert [x.page for x in headings_ending_pages(headings)] == [1, 3]
    kept = next(line for _, line in text_lines(headings) if line.text == "Titre gardé")
    assert kept.page == 6


def test_a_bold_line_is_a_heading_only_when_asked(headings):
    found = headings_ending_pages(headings, bold=True)
    assert [(x.page, x.text) for x in found] == [
        (1, "Titre forcé"),
        (3, "Titre seul"),
        (7, "Sous-titre en gras"),
    ]


# --- fonts, outline, metadata ------------------------------------------------------------


def test_embedded_fonts_are_named_without_their_subset_prefix(tmp_path):
    body = "<p>texte <b>gras</b> <span style='font-weight: 600'>demi-gras</span></p>"
    path = render(tmp_path / "fonts.pdf", body)
    fonts = embedded_fonts(path)
    seen = {line.text for _, line in text_lines(path)}
    assert seen == {"texte gras demi-gras", "En-tête courant", "Page 1 / 1"}
    assert len(fonts) == 3 and all(f.startswith("Source-Sans-3") for f in fonts)
    assert not any("+" in f for f in fonts)


def test_a_font_only_named_is_not_embedded(tmp_path):
    writer = PdfWriter()
    page = writer.add_blank_page(width=100, height=100)
    helvetica = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    fonts = DictionaryObject({NameObject("/F1"): helvetica})
    page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): fonts})
    writer.write(tmp_path / "named.pdf")
    assert embedded_fonts(tmp_path / "named.pdf") == set()


def test_headings_become_the_outline(tmp_path):
    body = "<h1>Synthèse</h1><h2>Balance âgée</h2><h3>Détail</h3><h2>Relances</h2><p>x</p>"
    path = render(tmp_path / "outline.pdf", body, shipped_font=False)
    assert outline_titles(path) == ["Synthèse", "Balance âgée", "Détail", "Relances"]


def test_html_head_becomes_the_document_information(tmp_path):
    """What WeasyPrint reads: <title> → Title, author → Author, description → Subject,
    keywords (comma-separated) → Keywords, generator → Creator, dcterms.created and
    dcterms.modified (W3C dates; with a time, a time zone is required) → the dates."""
    head = (
        "<title>Audit du poste client — Acme — octobre 2026</title>"
        '<meta name="author" content="Cabinet Martin">'
        '<meta name="description" content="Balance âgée et relances au 31/10/2026">'
        '<meta name="keywords" content="poste client, relances">'
        '<meta name="generator" content="recouvrement 0.1.0">'
        '<meta name="dcterms.created" content="2026-10-31T00:00:00Z">'
        '<meta name="dcterms.modified" content="2026-11-02">'
    )
    info = metadata(render(tmp_path / "info.pdf", "<p>x</p>", head, shipped_font=False))
    assert info["Producer"].startswith("WeasyPrint")
    assert {k: v for k, v in info.items() if k != "Producer"} == {
        "Title": "Audit du poste client — Acme — octobre 2026",
        "Author": "Cabinet Martin",
        "Subject": "Balance âgée et relances au 31/10/2026",
        "Keywords": "poste client, relances",
        "Creator": "recouvrement 0.1.0",
        "CreationDate": "D:20261031000000Z",
        "ModDate": "D:20261102",
    }
    bare = render(tmp_path / "bare.pdf", "<p>x</p>", shipped_font=False)
    assert metadata(bare) == {"Producer": info["Producer"]}
