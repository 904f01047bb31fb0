"""Executed notebook → self-contained HTML (nbconvert, the package's template) → PDF (WeasyPrint).

The HTML export uses the package's own nbconvert template
(``recouvrement/templates/audit``: no code, no prompts, no stderr, images inlined,
print CSS). The PDF is that very HTML printed by WeasyPrint with CSS paged media
(A4 pages, a cover, running header and footer, ``Page X / Y``, table headers repeated
and no row cut across pages).

Why WeasyPrint: a pip-installable package printing the very HTML we ship in about
two seconds per report. nbconvert's ``webpdf`` needs a headless Chromium (≈ 150 MB
download by Playwright, sandbox issues in containers) and the LaTeX route a TeX
distribution (≈ 600 MB) and a second template to maintain. WeasyPrint only needs the
Pango system library, present on common Linux images.
"""

from __future__ import annotations

import base64
import contextlib
import copy
import functools
import hashlib
import logging
import signal
import threading
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from recouvrement.conventions.data import package_path
from recouvrement.report.attachments import ATTACHMENT_MIME
from recouvrement.report.fonts import FACES, font_face_css, sfnt_file
from recouvrement.report.headline import HEADLINE_MIME, Headline
from recouvrement.report.typography import typeset_html
from recouvrement.runner.errors import ResourceLimitError

#: nbconvert template used for the HTML export (in ``recouvrement/templates``).
TEMPLATE_NAME = "audit"

#: Seconds allowed to each export stage of one document (HTML export, PDF printing).
STAGE_SECONDS = {"html": 120, "pdf": 600}


@contextlib.contextmanager
def time_bound(seconds: float, what: str) -> Iterator[None]:
    """Fail with :class:`ResourceLimitError` when the block runs longer than ``seconds``.

    A report whose export runs away (a huge table, a letter per invoice of a corrupted
    file) fails its company, never the batch. Uses ``SIGALRM``, so it bounds the main
    thread of a process only (a batch worker's, or the command's); elsewhere it does
    nothing.
    """
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGALRM"):
        yield
        return

    def expired(signum, frame):
        raise ResourceLimitError(
            f"{what} a dépassé {seconds:.0f} s : document trop volumineux ; réduire "
            "limits.max_rows ou limits.max_letters dans recouvrement.yml"
        )

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def clean_for_export(nb):
    """Copy of ``nb`` without what a client must not see: stderr, and the runner's outputs."""
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if cell.get("cell_type") != "code":
            continue
        kept = []
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream" and out.get("name") == "stderr":
                continue
            data = out.get("data", {})
            if HEADLINE_MIME in data or ATTACHMENT_MIME in data:  # for the runner, not the reader
                continue
            kept.append(out)
        cell["outputs"] = kept
    return nb


@functools.lru_cache(maxsize=1)
def exporter():
    """The HTML exporter with the ``audit`` template (built once per process: ~0.3 s)."""
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    c = Config()
    c.HTMLExporter.extra_template_basedirs = [str(package_path("templates"))]
    c.HTMLExporter.template_name = TEMPLATE_NAME
    c.HTMLExporter.exclude_input = True
    c.HTMLExporter.exclude_input_prompt = True
    c.HTMLExporter.exclude_output_prompt = True
    c.HTMLExporter.embed_images = True
    c.HTMLExporter.language_code = "fr"
    c.TagRemovePreprocessor.enabled = True
    c.TagRemovePreprocessor.remove_cell_tags = ("remove_cell",)
    return HTMLExporter(config=c)


def export_html(
    nb, title: str = "Audit du poste client", *, author: str = "", subject: str = ""
) -> str:
    """Executed notebook → self-contained HTML with the package's ``audit`` template.

    Code, prompts, stderr streams and the runner's outputs are dropped; images are
    inlined as base64 (``embed_images``); the print CSS and the shipped font are
    embedded; the text is set in French typography
    (:func:`~recouvrement.report.typography.typeset_html`). The result needs no other
    file and no network. ``title``, ``author``
    and ``subject`` become the document's ``<title>`` and ``<meta>`` (the PDF's
    metadata).
    """
    nb = clean_for_export(nb)
    nb.metadata["title"] = title
    nb.metadata["rc_author"] = author or "recouvrement"
    nb.metadata["rc_subject"] = subject
    with time_bound(STAGE_SECONDS["html"], "l'export HTML du rapport"):
        body, _ = exporter().from_notebook_node(
            nb, resources={"metadata": {"name": title}, "rc_fonts": font_face_css()}
        )
    return typeset_html(body)


def import_weasyprint():
    """WeasyPrint, without its import-time warning about an optional system library.

    Also makes fontTools' subsetter drop the layout tables before reading them
    (:func:`drop_tables_first`): the same fonts in every PDF, subset about five times
    faster.
    """
    with warnings.catch_warnings():
        # Without the HarfBuzz-Subset system library: "will be required by future
        # versions". Fonts are then subset with fontTools: same pages.
        warnings.filterwarnings("ignore", message=".*HarfBuzz", category=DeprecationWarning)
        import weasyprint
    drop_tables_first()
    return weasyprint


#: Layout tables that fontTools' ``Subsetter.subset`` decompiles before it prunes the
#: tables it was told to drop (fontTools 4.68: ``_compact_layout_tables``).
LAYOUT_TABLES = ("GSUB", "GPOS")


def drop_tables_first() -> None:
    """Make ``fontTools.subset.Subsetter`` delete the layout tables it will drop, first.

    WeasyPrint subsets each embedded font with ``drop_tables`` including ``GSUB`` and
    ``GPOS`` (shaping is done by then). fontTools' ``Subsetter.subset`` reads and
    decompiles those tables entirely before it deletes them: 0.4 s of the 0.5 s each
    face of the shipped family takes to subset, paid by every PDF. The subclass
    installed here deletes them before, exactly as ``_prune_pre_subset`` would (with
    its rule for a legacy ``kern`` table beside ``GPOS``): the subset fonts are the
    same, table for table. Idempotent; every other table and option is untouched.
    """
    from fontTools import subset

    if getattr(subset.Subsetter, "drops_tables_first", False):
        return

    class Subsetter(subset.Subsetter):
        """fontTools' subsetter, deleting the dropped layout tables before reading them."""

        drops_tables_first = True

        def subset(self, font):
            options = self.options
            dropped = [t for t in LAYOUT_TABLES if t in font and t in options.drop_tables]
            if "GPOS" in dropped and "kern" in font and not options.legacy_kern:
                dropped.append("kern")  # fontTools drops it beside a GPOS table
            for tag in dropped:
                del font[tag]
            return super().subset(font)

    subset.Subsetter = Subsetter


@functools.lru_cache(maxsize=1)
def _shipped_sfnt() -> dict[str, Path]:
    """SHA-256 of each shipped WOFF2 face -> its SFNT file (made once, see ``sfnt_file``)."""
    return {hashlib.sha256(face.path.read_bytes()).hexdigest(): sfnt_file(face) for face in FACES}


def font_fetcher():
    """A WeasyPrint URL fetcher giving the shipped faces already decompressed, or ``None``.

    The report's HTML carries the shipped family as WOFF2 ``data:`` URIs
    (:func:`~recouvrement.report.fonts.font_face_css`); WeasyPrint decompresses each
    face with fontTools' pure-Python WOFF2 decoder for every document (about 0.4 s a
    face, 1 to 1.5 s a PDF). This fetcher answers those URIs with the same face as an
    SFNT file, converted once per machine (:func:`~recouvrement.report.fonts.sfnt_file`,
    the file the charts use): the same glyphs, metrics and tables. Any other URL goes
    to WeasyPrint's own fetcher. ``None`` with a WeasyPrint older than its
    ``URLFetcher`` class (version 68): the default fetcher then.
    """
    try:
        from weasyprint.urls import URLFetcher, URLFetcherResponse
    except ImportError:  # pragma: no cover - WeasyPrint < 68
        return None

    class ShippedFonts(URLFetcher):
        """WeasyPrint's fetcher, with the shipped WOFF2 faces served as SFNT."""

        def fetch(self, url, headers=None):
            if url.startswith(WOFF2_URI):
                data = base64.b64decode(url[len(WOFF2_URI) :])
                sfnt = _shipped_sfnt().get(hashlib.sha256(data).hexdigest())
                if sfnt is not None:
                    return URLFetcherResponse(url, sfnt.read_bytes(), {"Content-Type": "font/ttf"})
            return super().fetch(url, headers)

    return ShippedFonts()


#: How :func:`~recouvrement.report.fonts.font_face_css` inlines a face.
WOFF2_URI = "data:font/woff2;base64,"


def html_to_pdf(html: str, path: Path, base_url: Path | None = None) -> int:
    """Print report HTML to a PDF file with WeasyPrint; return the number of pages.

    The shipped faces are read already decompressed (:func:`font_fetcher`) and subset
    without reading their layout tables (:func:`drop_tables_first`).
    """
    weasyprint = import_weasyprint()
    wlog = logging.getLogger("weasyprint")
    level = wlog.level
    wlog.setLevel(logging.ERROR)  # unsupported-CSS chatter is not a report problem
    try:
        with time_bound(STAGE_SECONDS["pdf"], f"l'impression de {path.name}"):
            fetcher = font_fetcher()
            extra = {} if fetcher is None else {"url_fetcher": fetcher}
            document = weasyprint.HTML(
                string=html, base_url=str(base_url or path.parent), **extra
            ).render()
            document.write_pdf(path)
    finally:
        wlog.setLevel(level)
    return len(document.pages)


def warm_up() -> None:
    """Build the HTML exporter and import WeasyPrint now (about 1.5 s), ahead of a report."""
    exporter()
    import_weasyprint()


class PdfPrinter:
    """A process of its own that prints HTML to PDF while this one does something else.

    Started before a report's notebook runs, it imports WeasyPrint and its fonts
    machinery (:func:`warm_up`) while the kernel computes; :meth:`submit` then prints
    a document (the letters) while this process prints another (the report). Used for
    a single report, whose second core is otherwise idle; a batch's workers already
    keep every core busy. Use as a context manager, or call :meth:`close`.
    """

    def __init__(self) -> None:
        import concurrent.futures as cf
        import multiprocessing as mp

        self._pool = cf.ProcessPoolExecutor(
            1, mp_context=mp.get_context("spawn"), initializer=warm_up
        )
        self._pool.submit(int)  # start the process (and its imports) now

    def submit(self, html: str, path: Path):
        """Print ``html`` to ``path`` in the printer's process: a future of the page count."""
        return self._pool.submit(html_to_pdf, html, path)

    def close(self) -> None:
        """Stop the printer's process (pending work cancelled; idempotent)."""
        self._pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> PdfPrinter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _outputs(nb, mime: str) -> list[Any]:
    return [
        out["data"][mime]
        for cell in nb.cells
        for out in cell.get("outputs", [])
        if mime in out.get("data", {})
    ]


def notebook_headline(nb) -> Headline:
    """The :class:`~recouvrement.report.headline.Headline` the notebook displayed.

    Raises
    ------
    RuntimeError
        When the notebook displayed none, or several.

    """
    found = _outputs(nb, HEADLINE_MIME)
    if len(found) != 1:
        raise RuntimeError(
            f"le notebook doit afficher un seul résumé chiffré, il en affiche {len(found)}"
        )
    return Headline.from_json(found[0])


def notebook_attachments(nb) -> list[dict[str, Any]]:
    """Documents the notebook attached (:func:`recouvrement.report.attachments.attachment`)."""
    return [dict(data) for data in _outputs(nb, ATTACHMENT_MIME)]


def write_attachment(doc: dict[str, Any], folder: Path) -> None:
    """Write one attached document beside the report: HTML and its PDF, a CSV, a workbook.

    An ``xlsx`` attachment carries its file in base64 (decoded strictly: a corrupted
    payload raises ``binascii.Error`` rather than writing a broken file).
    """
    name, kind, content = doc["name"], doc.get("kind", "html"), doc["content"]
    if kind == "csv":
        (folder / f"{name}.csv").write_text(content, encoding="utf-8")
        return
    if kind == "xlsx":
        (folder / f"{name}.xlsx").write_bytes(base64.b64decode(content, validate=True))
        return
    content = typeset_html(content)
    (folder / f"{name}.html").write_text(content, encoding="utf-8")
    html_to_pdf(content, folder / f"{name}.pdf")


def renumber(nb) -> None:
    """Execution counts from 1 in cell order (a reused kernel keeps counting)."""
    n = 0
    for cell in nb.cells:
        if cell.get("cell_type") == "code" and cell.get("execution_count") is not None:
            n += 1
            cell["execution_count"] = n
            for out in cell.get("outputs", []):
                if "execution_count" in out:
                    out["execution_count"] = n
