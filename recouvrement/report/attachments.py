"""Documents a report produces beside it (letters, full detail tables), carried by the notebook.

Displaying an :class:`Attachment` stores a whole document in the executed notebook
under :data:`ATTACHMENT_MIME`; the report template prints nothing for it and the
runner writes it beside the report: an HTML document as ``<name>.html`` and
``<name>.pdf``, a table as ``<name>.csv`` (UTF-8 with BOM, ``;``-separated, decimal
comma: it opens as is in a French spreadsheet). So the documents come from the very
figures of the report, and a table too long to print goes whole into its CSV.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from recouvrement.formatting import fmt_int
from recouvrement.report.html import Html
from recouvrement.report.html_tables import table_html

#: MIME type of a document attached to a report.
ATTACHMENT_MIME = "application/vnd.recouvrement.attachment+json"

#: The kinds of attachment and the files the runner writes for each.
KINDS = {"html": (".html", ".pdf"), "csv": (".csv",)}

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
    """Attach a whole HTML document (e.g. the letter drafts) to the report.

    The runner writes it as ``<name>.html`` and prints it to ``<name>.pdf``; ``count``
    (documents inside, e.g. letters) is recorded in the manifest.
    """
    return Attachment(name, html, count, "html")


def table_csv(name: str, frame: pd.DataFrame) -> Attachment:
    """Attach a table whole, as ``<name>.csv`` beside the report (French spreadsheet format).

    ``;``-separated, decimal comma, numbers with two decimals (amounts to the cent),
    dates ``dd/mm/yyyy``, UTF-8 with a byte-order mark; the index is written when it is
    named. ``count`` is the number of rows.
    """
    index = frame.index.name is not None
    text = frame.to_csv(
        sep=";", decimal=",", float_format="%.2f", date_format="%d/%m/%Y", index=index
    )
    return Attachment(name, "\ufeff" + text, len(frame), "csv")


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
