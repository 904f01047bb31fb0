"""The letters beside a report (HTML, PDF, ``.docx``, register, checklist); a batch's checklist.

A report's letters attachment (:func:`recouvrement.report.attachments.letters_attachment`)
becomes, in the report's temporary folder (published whole, atomically, with the
report):

- ``lettres.html`` and ``lettres.pdf``: every letter, one per page;
- ``lettres/NNN-<debtor>-<kind>.docx``: each letter, editable (same text);
- ``lettres.csv``: the register, one row per letter (mail merge);
- ``lettres-a-completer.csv``: what the letters lack or what to check before sending,
  one row per item (company, item, article, letters, debtors).

A batch gathers its reports' checklists at the root of its output folder
(:func:`write_batch_checklist`): ``lettres-a-completer.csv`` and ``.html``, one row
per company and item, each written to a temporary file then renamed.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from recouvrement.dunning.letters import Block
from recouvrement.report.attachments import csv_text
from recouvrement.report.letter_docx import docx_bytes
from recouvrement.report.letter_files import CHECKLIST_COLUMNS, CHECKLIST_NAME, checklist_frame
from recouvrement.report.templating import jinja_env, template_css
from recouvrement.report.typography import typeset_html
from recouvrement.runner.export import html_to_pdf
from recouvrement.runner.manifest import read_manifest

__all__ = ["CHECKLIST_KEY", "LETTERS_MODES", "write_batch_checklist", "write_letters"]

#: The manifest's entry holding a report's checklist rows.
CHECKLIST_KEY = "letters_checklist"

#: What a report makes of its letters (:func:`recouvrement.runner.report.plan_report`):
#: every file with the PDF, every file but the PDF, no letter file.
LETTERS_MODES = ("pdf", "html", "none")

_DOCX = re.compile(r"^\d{3}-[A-Za-z0-9_-]+\.docx$")


def write_letters(
    doc: dict[str, Any],
    folder: Path,
    *,
    company: str,
    company_name: str,
    month: str,
    pdf: bool = True,
) -> list[dict[str, Any]]:
    """Write a letters attachment into ``folder``; return its checklist rows (for the manifest).

    ``pdf`` ``False`` leaves out ``lettres.pdf`` (the letters are then printed from
    their HTML or ``.docx`` when wanted): every other file is written.

    Raises
    ------
    ValueError
        A ``.docx`` name that is not a plain ``NNN-<id>-<kind>.docx`` (never a path).

    """
    name = doc["name"]
    html = typeset_html(doc["content"])
    (folder / f"{name}.html").write_text(html, encoding="utf-8")
    if pdf:
        html_to_pdf(html, folder / f"{name}.pdf")
    (folder / f"{name}.csv").write_text(doc["register"], encoding="utf-8")
    docs = folder / name
    docs.mkdir()
    for item in doc["letters"]:
        if not _DOCX.fullmatch(item["file"]):
            raise ValueError(f"nom de lettre .docx invalide : {item['file']!r}")
        blocks = [Block.from_json(b) for b in item["blocks"]]
        (docs / item["file"]).write_bytes(docx_bytes(blocks, title=item.get("title", "")))
    rows = list(doc["checklist"])
    frame = checklist_frame(rows, company=company, company_name=company_name, month=month)
    (folder / f"{CHECKLIST_NAME}.csv").write_text(csv_text(frame), encoding="utf-8")
    return rows


def _replace(target: Path, text: str) -> None:
    """Write ``text`` to ``target`` through a temporary file renamed over it."""
    fd, tmp = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=target.suffix, dir=target.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.chmod(tmp, 0o644)  # mkstemp makes it private
    os.replace(tmp, target)


def batch_checklist(results: Iterable[Any]) -> pd.DataFrame:
    """The checklist rows of a batch's reports (built or up to date), company by company.

    ``results``: :class:`~recouvrement.runner.report.ReportResult` s; a failed report,
    or one whose manifest has no checklist (no letters, or an older version), adds none.
    """
    frames = []
    for r in results:
        if r.status == "failed":
            continue
        manifest = read_manifest(Path(r.path)) or {}
        rows = manifest.get(CHECKLIST_KEY)
        if rows:
            name = manifest.get("company_name") or r.company_name or r.company
            frames.append(
                checklist_frame(rows, company=r.company, company_name=name, month=r.month)
            )
    if not frames:
        return pd.DataFrame(columns=CHECKLIST_COLUMNS)
    return pd.concat(frames, ignore_index=True)


def write_batch_checklist(out_root: Path, results: Iterable[Any], suffix: str = "") -> Path:
    """Write ``<out>/lettres-a-completer<suffix>.csv`` and ``.html``; return the CSV's path.

    ``suffix`` names one shard's checklist (``-2-sur-4``), so that the jobs of a
    sharded batch never overwrite each other's.
    """
    frame = batch_checklist(results)
    target = out_root / f"{CHECKLIST_NAME}{suffix}.csv"
    _replace(target, csv_text(frame))
    html = (
        jinja_env("letters")
        .get_template("checklist.html.j2")
        .render(
            rows=frame.to_dict("records"),
            columns=CHECKLIST_COLUMNS,
            css=template_css("letters", "letters.css"),
        )
    )
    _replace(out_root / f"{CHECKLIST_NAME}{suffix}.html", html)
    return target
