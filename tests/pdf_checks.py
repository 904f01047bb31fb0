"""Checks of a printed PDF for the tests: text off the paper, headings left alone, fonts, outline.

A test helper module (not collected by pytest: its name does not start with ``test_``).
Pure Python, so the checks run wherever the tests run: the page layout is read with
pdfminer.six (each text line with its bounding box, each character with its font
and size), the document structure with pypdf; poppler's tools are not needed.

Coordinates are PDF points (1/72 inch), origin at the bottom left of the page box
(``y`` grows upwards). ``MM`` converts millimetres.

What the checks look for in a WeasyPrint PDF:

- content wider than the page (a table that does not fit) is not clipped by
  WeasyPrint: it is drawn past the page box, where pdfminer still reports its text,
  with coordinates beyond the page width; a block with ``overflow: hidden`` clips the
  drawing but its text stays in the content stream, with the same coordinates. So a
  text line whose box crosses the paper's edge is text cut when printed
  (:func:`text_beyond_page`);
- a heading is kept with what follows by ``break-after: avoid`` (WeasyPrint's default
  for ``h1``-``h6``), which a forced break or a ``break-after: auto`` defeats: the page
  then ends with the heading (:func:`headings_ending_pages`). The running header and
  footer live in the page margins (``@top-*``, ``@bottom-*``): lines there are not
  body text.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from pdfminer.high_level import extract_pages
from pdfminer.layout import LAParams, LTChar, LTTextLine
from pypdf import PdfReader
from pypdf.generic import DictionaryObject, IndirectObject

#: Points in a millimetre.
MM = 72 / 25.4

#: A font is bold when its name says so (``DejaVuSans-Bold``, ``SourceSans3-Semibold``).
BOLD_NAME = re.compile(r"bold|black|heavy|demi", re.IGNORECASE)

#: Font files of an embedded font, by the key of its descriptor.
FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")

#: Rounding allowed on a coordinate (points).
TOLERANCE_PT = 0.5


class TextLine(NamedTuple):
    """One line of text of a page, as pdfminer lays it out."""

    page: int  # 1-based
    text: str
    bbox: tuple[float, float, float, float]  # x0, y0, x1, y1 (points)
    size: float  # the largest character's font size (points)
    bold: bool  # every character in a bold face


def _line_of(page: int, line: LTTextLine) -> TextLine:
    chars = [c for c in line if isinstance(c, LTChar) and c.get_text().strip()]
    return TextLine(
        page=page,
        text=line.get_text().strip(),
        bbox=(line.x0, line.y0, line.x1, line.y1),
        size=max((c.size for c in chars), default=0.0),
        bold=bool(chars) and all(BOLD_NAME.search(_base_name(c.fontname)) for c in chars),
    )


def _walk(item) -> Iterator[LTTextLine]:
    if isinstance(item, LTTextLine):
        yield item
        return
    try:
        children = list(item)
    except TypeError:
        return
    for child in children:
        yield from _walk(child)


class PageBox(NamedTuple):
    """A page's box (points), as pdfminer gives it."""

    x0: float
    y0: float
    x1: float
    y1: float


def text_lines(pdf_path: str | Path) -> list[tuple[PageBox, TextLine]]:
    """Every text line of every page with its page box (text in figures too), in page order.

    Read once per file and state (pdfminer takes seconds on a report of forty pages):
    the checks of one PDF share the reading.
    """
    path = Path(pdf_path)
    st = path.stat()
    return _text_lines(str(path.resolve()), st.st_size, st.st_mtime_ns)


@functools.lru_cache(maxsize=16)
def _text_lines(path: str, size: int, mtime: int) -> list[tuple[PageBox, TextLine]]:
    params = LAParams(all_texts=True)
    out = []
    for number, page in enumerate(extract_pages(path, laparams=params), start=1):
        box = PageBox(page.x0, page.y0, page.x1, page.y1)
        for line in _walk(page):
            found = _line_of(number, line)
            if found.text:
                out.append((box, found))
    return out


def text_beyond_page(pdf_path: str | Path, margin_pt: float = 0.0) -> list[TextLine]:
    """Text lines that cross the paper's edge: text cut or overflowing when printed.

    Parameters
    ----------
    pdf_path : str or Path
        The PDF.
    margin_pt : float
        The right margin text must not enter (points): 0 flags text past the paper's
        right edge; the page's right margin (e.g. ``16 * MM``) also flags a table that
        runs into the margin without leaving the paper.

    Returns
    -------
    list of TextLine
        The lines whose box reaches beyond the page box (left, top, bottom) or beyond
        ``width − margin_pt`` (right), with :data:`TOLERANCE_PT` for rounding; empty
        when everything is on the paper. The running header and footer, inside the page
        box, are never flagged.

    """
    out = []
    for page, line in text_lines(pdf_path):
        x0, y0, x1, y1 = line.bbox
        t = TOLERANCE_PT
        if x0 < page.x0 - t or y0 < page.y0 - t or y1 > page.y1 + t or x1 > page.x1 - margin_pt + t:
            out.append(line)
    return out


def headings_ending_pages(
    pdf_path: str | Path,
    heading_min_size: float = 13.0,
    *,
    bold: bool = False,
    top_margin_pt: float = 20 * MM,
    bottom_margin_pt: float = 18 * MM,
) -> list[TextLine]:
    """Pages whose body text ends with a heading: the heading left alone at the bottom.

    Parameters
    ----------
    pdf_path : str or Path
        The PDF.
    heading_min_size : float
        A line whose characters are this size or larger (points) is a heading.
    bold : bool
        Also a heading: a line whose characters are all in a bold face (a report whose
        headings are the body size in bold; a bold total row would be one too).
    top_margin_pt, bottom_margin_pt : float
        The page margins holding the running header and footer (points; default the
        report's 20 and 18 mm): a line whose middle lies there is not body text.

    Returns
    -------
    list of TextLine
        For each such page (in order), its last heading line. The last block of body
        text is the lowest line of the page's body, with every line on the same
        baseline (a table row's cells); it ends the page with a heading when all of
        them are headings.

    """
    pages: dict[int, tuple[PageBox, list[TextLine]]] = {}
    for page, line in text_lines(pdf_path):
        middle = (line.bbox[1] + line.bbox[3]) / 2
        if page.y0 + bottom_margin_pt <= middle <= page.y1 - top_margin_pt:
            pages.setdefault(line.page, (page, []))[1].append(line)

    def is_heading(line: TextLine) -> bool:
        return line.size >= heading_min_size - TOLERANCE_PT or (bold and line.bold)

    out = []
    for _, lines in pages.values():
        lowest = min(line.bbox[1] for line in lines)
        last = [line for line in lines if line.bbox[1] <= lowest + 2 * TOLERANCE_PT]
        if all(is_heading(line) for line in last):
            out.append(min(last, key=lambda line: line.bbox[0]))
    return out


def _base_name(name: str) -> str:
    """A font's name without its subset prefix (``ABCDEF+``) nor the leading ``/``."""
    name = str(name).lstrip("/")
    return name.split("+", 1)[1] if re.match(r"^[A-Z]{6}\+", name) else name


def _resolve(obj):
    return obj.get_object() if isinstance(obj, IndirectObject) else obj


def _fonts(resources, seen: set[int]) -> Iterator[DictionaryObject]:
    """Every font of a resources dictionary, those of its form XObjects included."""
    resources = _resolve(resources)
    if not isinstance(resources, DictionaryObject) or id(resources) in seen:
        return
    seen.add(id(resources))
    for font in _resolve(resources.get("/Font", DictionaryObject())).values():
        font = _resolve(font)
        yield font
        if "/Resources" in font:  # a Type 3 font's glyphs
            yield from _fonts(font["/Resources"], seen)
    for xobject in _resolve(resources.get("/XObject", DictionaryObject())).values():
        xobject = _resolve(xobject)
        if xobject.get("/Subtype") == "/Form" and "/Resources" in xobject:
            yield from _fonts(xobject["/Resources"], seen)


def _embedded(font: DictionaryObject) -> bool:
    descendants = [_resolve(d) for d in _resolve(font.get("/DescendantFonts", []))]
    for f in [font, *descendants]:
        descriptor = _resolve(f.get("/FontDescriptor"))
        if descriptor is not None and any(k in descriptor for k in FONT_FILES):
            return True
    return False


def embedded_fonts(pdf_path: str | Path) -> set[str]:
    """Base names of the fonts embedded in the PDF, without their subset prefix.

    ``ABCDEF+DejaVuSans-Bold`` → ``DejaVuSans-Bold``; a font only named (not embedded,
    e.g. one of the PDF standard 14) is left out.
    """
    reader = PdfReader(str(pdf_path))
    seen: set[int] = set()
    return {
        _base_name(font.get("/BaseFont", "/"))
        for page in reader.pages
        for font in _fonts(page.get("/Resources"), seen)
        if _embedded(font)
    }


def outline_titles(pdf_path: str | Path) -> list[str]:
    """The PDF's bookmarks (outline), depth first, as a flat list of titles."""

    def flat(items) -> Iterator[str]:
        for item in items:
            if isinstance(item, list):
                yield from flat(item)
            else:
                yield str(item.title)

    return list(flat(PdfReader(str(pdf_path)).outline))


def metadata(pdf_path: str | Path) -> dict[str, str]:
    """The document information: ``Title, Author, Subject, Keywords, Creator, Producer``…

    Keys without their ``/``; values as text (dates as the PDF writes them,
    ``D:20261031…``); empty when the PDF has none.
    """
    info = PdfReader(str(pdf_path)).metadata or {}
    return {str(k).lstrip("/"): str(v) for k, v in info.items()}
