"""Printing a PDF faster, same pages: the shipped faces served decompressed, subset lighter.

:func:`~recouvrement.runner.export.font_fetcher` answers the report's WOFF2 ``data:``
URIs with the same faces as SFNT files; :func:`~recouvrement.runner.export.
drop_tables_first` makes fontTools delete the layout tables it drops before reading
them. Both must leave the printed document as it was: same fonts, table for table, and
only the shipped family embedded. :class:`~recouvrement.runner.export.PdfPrinter`
prints in a process of its own.
"""

from __future__ import annotations

import base64
import io

import pytest
from fontTools import subset
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from recouvrement.report.fonts import FACES, font_face_css, sfnt_file
from recouvrement.runner import export
from tests import pdf_checks

STYLE = 'body { font-family: "Source Sans 3"; } h1 { font-weight: 700; }'
HTML = (
    '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>t</title>'
    f"<style>{font_face_css()}\n{STYLE}</style></head>"
    "<body><h1>Relance « amiable »</h1><p>Montant dû : 1 234,56 € — échéance dépassée.</p>"
    '<p style="break-before: page">Deuxième page, œuvre.</p></body></html>'
)


def _subset(font_bytes: bytes, subsetter_class) -> TTFont:
    """The face subset as WeasyPrint does it (its options), with ``subsetter_class``."""
    options = subset.Options(
        retain_gids=True,
        passthrough_tables=True,
        ignore_missing_glyphs=True,
        hinting=False,
        desubroutinize=True,
        notdef_outline=False,
    )
    options.drop_tables += ["GSUB", "GPOS", "SVG"]
    subsetter = subsetter_class(options)
    subsetter.populate(gids=list(range(1, 120)))
    font = TTFont(io.BytesIO(font_bytes))
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return TTFont(io.BytesIO(out.getvalue()))


def test_subsetting_with_the_tables_dropped_first_gives_the_same_font():
    export.drop_tables_first()
    export.drop_tables_first()  # idempotent: one subclass, not a chain
    patched = subset.Subsetter
    assert patched.drops_tables_first and patched.__mro__[1].__name__ == "Subsetter"
    assert not getattr(patched.__mro__[1], "drops_tables_first", False)
    base = patched.__mro__[1]  # fontTools' own
    face = sfnt_file(FACES[0]).read_bytes()
    before, after = _subset(face, base), _subset(face, patched)
    tags = sorted(t for t in before.keys() if t != "GlyphOrder")
    assert tags == sorted(t for t in after.keys() if t != "GlyphOrder")
    assert "GSUB" not in tags and "GPOS" not in tags and "glyf" in tags
    for tag in tags:
        if tag != "head":  # its modification time is the time of the run
            assert before.getTableData(tag) == after.getTableData(tag), tag


def test_the_fetcher_serves_the_shipped_faces_as_sfnt_and_passes_the_rest():
    fetcher = export.font_fetcher()
    for face in FACES:
        uri = export.WOFF2_URI + base64.b64encode(face.path.read_bytes()).decode("ascii")
        assert uri in font_face_css()  # the very URI the report's stylesheet holds
        response = fetcher.fetch(uri)
        assert response.read() == sfnt_file(face).read_bytes()
    other = fetcher.fetch("data:text/plain;base64," + base64.b64encode(b"abc").decode())
    assert other.read() == b"abc"
    unknown = export.WOFF2_URI + base64.b64encode(b"wOF2 not a shipped face").decode()
    assert fetcher.fetch(unknown).read() == b"wOF2 not a shipped face"


def test_pdf_embeds_only_the_shipped_family(tmp_path):
    pages = export.html_to_pdf(HTML, tmp_path / "t.pdf")
    assert pages == len(PdfReader(tmp_path / "t.pdf").pages) == 2
    fonts = pdf_checks.embedded_fonts(tmp_path / "t.pdf")
    assert fonts and all(name.startswith("Source-Sans-3") for name in fonts), fonts
    text = " ".join(p.extract_text() for p in PdfReader(tmp_path / "t.pdf").pages)
    assert "1 234,56 €" in text.replace("\u202f", " ").replace("\u00a0", " ")


def test_the_printer_prints_in_its_own_process(tmp_path):
    with export.PdfPrinter() as printer:
        job = printer.submit(HTML, tmp_path / "apart.pdf")
        assert job.result(timeout=300) == 2
    assert len(PdfReader(tmp_path / "apart.pdf").pages) == 2
    printer.close()  # idempotent


def test_a_printing_error_comes_back_from_the_printer(tmp_path):
    with export.PdfPrinter() as printer:
        job = printer.submit(HTML, tmp_path / "no-such-folder" / "x.pdf")
        with pytest.raises(FileNotFoundError):
            job.result(timeout=300)
