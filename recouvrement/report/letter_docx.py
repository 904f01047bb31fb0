"""One letter as an editable Word document (``.docx``, python-docx), from its text blocks.

The document holds exactly the letter's blocks (:class:`recouvrement.dunning.letters.
Block`): one paragraph per line, the invoices as a Word table, so that a credit manager
can edit it and what it says is what the PDF says. Client data goes in as plain text
(python-docx writes text runs, never markup).
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from recouvrement.dunning.letters import Block

__all__ = ["docx_bytes"]

_DARK = (0x1D, 0x24, 0x30)
_GREY = (0x5B, 0x64, 0x72)
_RED = (0x9A, 0x2B, 0x00)


def _paragraph(doc, text: str, *, bold: bool = False, size: float | None = None, color=None):
    from docx.shared import Pt, RGBColor

    p = doc.add_paragraph()
    run = p.add_run(text)
    run.bold = bold
    if size is not None:
        run.font.size = Pt(size)
    if color is not None:
        run.font.color.rgb = RGBColor(*color)
    p.paragraph_format.space_after = Pt(0)
    return p


def _table(doc, block: Block) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    rows = [block.header, *block.rows, block.footer]
    table = doc.add_table(rows=len(rows), cols=len(block.header))
    table.style = "Table Grid"
    last = len(rows) - 1
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            cell = table.cell(r, c)
            p = cell.paragraphs[0]
            run = p.add_run(text)
            run.font.size = Pt(8)
            run.bold = r in (0, last)
            if c < len(block.numeric) and block.numeric[c]:
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def docx_bytes(blocks: Iterable[Block], *, title: str = "") -> bytes:
    """The ``.docx`` of one letter's blocks, as bytes."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt, RGBColor

    doc = docx.Document()
    doc.core_properties.title = title
    doc.core_properties.author = ""
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin, section.right_margin = Cm(2.2), Cm(2.0)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(1.8)
    normal = doc.styles["Normal"]
    normal.font.name = "DejaVu Serif"
    normal.font.size = Pt(10)
    normal.font.color.rgb = RGBColor(*_DARK)
    for block in blocks:
        if block.kind == "table":
            _table(doc, block)
            continue
        for i, line in enumerate(block.lines):
            if block.kind == "banner":
                p = _paragraph(doc, line, bold=True, color=_RED)
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            elif block.kind == "registered":
                _paragraph(doc, line, bold=True, size=9)
            elif block.kind in ("letterhead", "recipient"):
                p = _paragraph(doc, line, bold=i == 0)
                if block.kind == "recipient":
                    p.paragraph_format.left_indent = Cm(9)
            elif block.kind == "place_date":
                p = _paragraph(doc, line)
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            elif block.kind == "object":
                _paragraph(doc, line, bold=True)
            elif block.kind == "mentions":
                _paragraph(doc, line, size=7, color=_GREY)
            else:
                p = _paragraph(doc, line)
                p.paragraph_format.space_after = Pt(6)
        if block.kind in ("letterhead", "recipient", "place_date", "object", "signature"):
            doc.paragraphs[-1].paragraph_format.space_after = Pt(12)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
