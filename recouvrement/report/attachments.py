"""Documents a report produces beside it (letters, full detail tables), carried by the notebook.

Displaying an :class:`Attachment` stores a whole document in the executed notebook
under :data:`ATTACHMENT_MIME`; the report template prints nothing for it and the
runner writes it beside the report: an HTML document as ``<name>.html`` and
``<name>.pdf``, a table as ``<name>.csv`` (UTF-8 with BOM, ``;``-separated, decimal
comma: it opens as is in a French spreadsheet). So the documents come from the very
figures of the report, and a table too long to print goes whole into its CSV.

The letters (:func:`letters_attachment`) are one attachment of their own kind: their
HTML (printed to PDF), each letter's text blocks (written as one ``.docx`` per letter in
a ``lettres/`` folder), the register ``lettres.csv`` and the checklist
``lettres-a-completer.csv`` (:mod:`recouvrement.report.letter_files`).

The workbook (:func:`workbook_attachment`) is a binary document: its content is the
``.xlsx`` file in base64 (:func:`~recouvrement.report.workbook.workbook_bytes`), which
the runner writes as ``rapport.xlsx``.

Every CSV cell of text that a spreadsheet would read as a formula (starting with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return) gets a leading apostrophe
(:func:`csv_cell`): a debtor named ``=HYPERLINK(...)`` stays text.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Sequence
from typing import Any

import pandas as pd

from recouvrement.dunning.letters import Letter, checklist
from recouvrement.formatting import fmt_int
from recouvrement.report.context import Report
from recouvrement.report.html import Html
from recouvrement.report.html_tables import table_html
from recouvrement.report.letter_files import docx_name, register_frame
from recouvrement.report.letters import LETTERS_TITLE, RenderedLetters, render_letters
from recouvrement.report.workbook import SHEETS, workbook_bytes

#: MIME type of a document attached to a report.
ATTACHMENT_MIME = "application/vnd.recouvrement.attachment+json"

#: The kinds of attachment and the files the runner writes for each (``letters``: also
#: a folder of ``.docx`` and the checklist, see :func:`letters_attachment`; ``xlsx``: a
#: workbook, its content in base64, see :func:`workbook_attachment`).
KINDS = {
    "html": (".html", ".pdf"),
    "csv": (".csv",),
    "letters": (".html", ".pdf", ".csv"),
    "xlsx": (".xlsx",),
}

#: Name of the report's workbook beside it (``rapport.xlsx``).
WORKBOOK_NAME = "rapport"

#: The first characters that make a spreadsheet read a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


class Attachment:
    """A document produced by a report beside it (see :func:`attachment`, :func:`table_csv`)."""

    def __init__(self, name: str, content: str, count: int, kind: str = "html"):
        if not isinstance(name, str) or not _NAME.fullmatch(name):
            raise ValueError(f"an attachment name is a plain lower-case word, got {name!r}")
        if kind not in KINDS:
            raise ValueError(f"an attachment is one of {sorted(KINDS)}, got {kind!r}")
        self.payload = {"name": name, "kind": kind, "content": str(content), "count": int(count)}

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, Any]:
        return {ATTACHMENT_MIME: self.payload}

    def __repr__(self) -> str:
        p = self.payload
        return f"<Attachment {p['name']} ({p['kind']}): {p['count']} item(s)>"


def attachment(name: str, html: str, count: int) -> Attachment:
    """Attach a whole HTML document (e.g. the letters) to the report.

    The runner writes it as ``<name>.html`` and prints it to ``<name>.pdf``; ``count``
    (documents inside, e.g. letters) is recorded in the manifest. ``html`` made by
    :func:`~recouvrement.report.letters.render_letters` attaches the letters whole
    (:func:`letters_attachment`): their ``.docx``, register and checklist too.
    """
    if isinstance(html, RenderedLetters):
        return letters_attachment(html.letters, name=name, html=html)
    return Attachment(name, html, count, "html")


def letters_attachment(
    letters: Sequence[Letter],
    *,
    name: str = "lettres",
    title: str = LETTERS_TITLE,
    html: str | None = None,
) -> Attachment:
    """Attach the letters: one text, three outputs (HTML → PDF, ``.docx``, register).

    The payload holds the HTML (``content``, rendered by
    :func:`~recouvrement.report.letters.render_letters` unless given), each letter's
    ``.docx`` name and text blocks (``letters``), the register (``register``, CSV
    text, one row per letter) and the checklist rows (``checklist``: one per item to
    complete or check, :func:`recouvrement.dunning.letters.checklist`). The runner
    writes ``<name>.html``, ``<name>.pdf``, ``<name>.csv``, ``<name>/*.docx`` and
    ``lettres-a-completer.csv``.
    """
    letters = list(letters)
    files = [docx_name(i, letter) for i, letter in enumerate(letters, start=1)]
    doc = Attachment(
        name, html if html is not None else render_letters(letters, title=title), len(letters)
    )
    doc.payload.update(
        kind="letters",
        letters=[
            {"file": file, "title": letter.title, "blocks": [b.to_json() for b in letter.blocks]}
            for file, letter in zip(files, letters, strict=True)
        ],
        register=csv_text(register_frame(letters, files)),
        checklist=[row.to_json() for row in checklist(letters)],
    )
    return doc


def workbook_attachment(r: Report, action_plan: pd.DataFrame | None = None) -> Attachment:
    """Attach the report's Excel workbook: the runner writes it as ``rapport.xlsx``.

    The workbook is :func:`~recouvrement.report.workbook.workbook_bytes` (``action_plan``
    is its « Plan d'action » sheet, default the debtors' decisions), carried in base64;
    ``count`` is its number of sheets.

    Examples
    --------
    >>> workbook_attachment(open_report(plan))  # doctest: +SKIP
    <Attachment rapport (xlsx): 5 item(s)>

    """
    content = base64.b64encode(workbook_bytes(r, action_plan=action_plan)).decode("ascii")
    return Attachment(WORKBOOK_NAME, content, len(SHEETS), "xlsx")


def csv_cell(value: Any) -> Any:
    """A text cell a spreadsheet would read as a formula, made text (leading apostrophe).

    Any other value is returned as is (numbers, dates, missing values).
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_text(frame: pd.DataFrame) -> str:
    """A table as CSV text for a French spreadsheet, text cells guarded (:func:`csv_cell`).

    ``;``-separated, decimal comma, numbers with two decimals (amounts to the cent),
    dates ``dd/mm/yyyy``, UTF-8 with a byte-order mark; the index is written when it is
    named.
    """
    index = frame.index.name is not None
    safe = frame.copy()
    for col in safe.columns:
        if safe[col].dtype == object or pd.api.types.is_string_dtype(safe[col].dtype):
            safe[col] = safe[col].map(csv_cell)
    if index:
        safe.index = safe.index.map(csv_cell)
        safe.index.name = frame.index.name
    text = safe.to_csv(
        sep=";", decimal=",", float_format="%.2f", date_format="%d/%m/%Y", index=index
    )
    return "\ufeff" + text


def table_csv(name: str, frame: pd.DataFrame) -> Attachment:
    """Attach a table whole, as ``<name>.csv`` beside the report (French spreadsheet format).

    See :func:`csv_text`; ``count`` is the number of rows.
    """
    return Attachment(name, csv_text(frame), len(frame), "csv")


def bounded_table(
    name: str, frame: pd.DataFrame, limit: int, *, note: str | None = None, **table: Any
) -> list[Html | Attachment]:
    """A detail table printed up to ``limit`` rows; beyond, whole in ``<name>.csv``.

    ``limit`` is the company's ``limits.max_rows``: a ledger of a hundred thousand
    debtors must not turn a report into a thousand pages, and no row is lost either.
    The printed table folds the rest into one row (whose money and counts add up, so
    the total stays right) and its note names the CSV; ``table`` goes to
    :func:`~recouvrement.report.html_tables.table_html`.
    """
    over = len(frame) > limit
    if over:
        extra = (
            f"Les {fmt_int(limit)} premières lignes sont imprimées ; la liste complète "
            f"({fmt_int(len(frame))} lignes) est dans le fichier {name}.csv joint au rapport "
            "(limits.max_rows)."
        )
        note = f"{note} {extra}" if note else extra
    blocks: list[Html | Attachment] = [
        table_html(
            frame,
            max_rows=limit,
            others_label=f"Autres lignes, dans {name}.csv",
            note=note,
            **table,
        )
    ]
    if over:
        blocks.append(table_csv(name, frame))
    return blocks
