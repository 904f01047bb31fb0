"""One report's build in its temporary folder: execute, export, print, the letters beside.

:func:`build_report` runs the notebook (:mod:`~recouvrement.runner.kernel`), checks that
the company's files did not change meanwhile, exports the report to HTML and PDF
(:mod:`~recouvrement.runner.export`) and writes the attachments: the workbook, the CSVs
and the letters (:mod:`~recouvrement.runner.letters`), whose PDF may be printed in a
process of its own while the report's is printed here. Publishing the folder, the
manifest and the failures are :mod:`~recouvrement.runner.report`'s.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from recouvrement.formatting import fmt_date
from recouvrement.report.plan import Plan, ReportError, file_states
from recouvrement.report.typography import typeset_html
from recouvrement.runner.export import (
    PdfPrinter,
    export_html,
    html_to_pdf,
    notebook_attachments,
    notebook_headline,
    renumber,
    write_attachment,
)
from recouvrement.runner.kernel import KernelSession, execute
from recouvrement.runner.letters import CHECKLIST_KEY, write_letters
from recouvrement.runner.manifest import HTML_NAME, NOTEBOOK_NAME, PDF_NAME

if TYPE_CHECKING:
    from recouvrement.runner.report import RunPlan


class Laps(dict):
    """Seconds per stage of a report: ``lap(name)`` records the time since the last lap."""

    def __init__(self, start: float):
        super().__init__()
        self._last = start

    def lap(self, name: str) -> None:
        """Record under ``name`` the seconds since the previous lap (or the start)."""
        now = time.perf_counter()
        self[name] = round(now - self._last, 3)
        self._last = now


def check_unchanged(plan: Plan) -> None:
    """Fail when a file of the company changed since it was fingerprinted (``stat`` only)."""
    now = file_states(plan.folder)
    changed = sorted(k for k in set(now) | set(plan.states) if now.get(k) != plan.states.get(k))
    if changed:
        raise ReportError(
            "les données ont changé pendant l'exécution "
            f"({', '.join(changed[:5])}) : relancer le rapport"
        )


def build_report(
    run: RunPlan,
    tmp: Path,
    session: KernelSession | None,
    timeout: float,
    t0: float,
    printer: PdfPrinter | None = None,
) -> dict[str, Any]:
    """Execute, export and print one report into ``tmp``; return the manifest's new entries.

    ``run.letters`` says what is made of the letters (:func:`~recouvrement.runner.
    report.plan_report`). With a ``printer``, the letters' PDF is printed in its
    process while this one exports and prints the report. ``t0``: the start of the
    report (``time.perf_counter``), for the stage timings.
    """
    plan = run.plan
    parameters = {**plan.parameters, "plan": plan.to_dict()}
    nb = execute(run.notebook, tmp / NOTEBOOK_NAME, parameters, session, timeout)
    timings = Laps(t0)
    timings.lap("execute_s")
    check_unchanged(plan)
    head = notebook_headline(nb)
    docs = notebook_attachments(nb)
    printing = [
        printer.submit(typeset_html(doc["content"]), tmp / f"{doc['name']}.pdf")
        for doc in docs
        if printer is not None and run.letters == "pdf" and doc.get("kind") == "letters"
    ]
    renumber(nb)
    import nbformat

    nbformat.write(nb, tmp / NOTEBOOK_NAME)
    title = f"Audit du poste client — {head.company_name} — {head.month_label}"
    html = export_html(
        nb,
        title=title,
        author=head.consultant or "",
        subject=f"Audit du poste client de {head.company_name} au "
        f"{fmt_date(head.as_of)} : balance âgée, indicateurs, plan d'action",
    )
    (tmp / HTML_NAME).write_text(html, encoding="utf-8")
    timings.lap("html_s")
    pages = html_to_pdf(html, tmp / PDF_NAME)
    timings.lap("pdf_s")
    attached, checklist = {}, None
    for doc in docs:
        attached[doc["name"]] = doc["count"]
        if doc.get("kind") != "letters":
            write_attachment(doc, tmp)
        elif run.letters != "none":
            checklist = write_letters(
                doc,
                tmp,
                company=plan.company,
                company_name=head.company_name,
                month=plan.month,
                pdf=run.letters == "pdf" and not printing,
            )
    for job in printing:
        job.result()
    timings.lap("attachments_s")
    return {
        "status": "ok",
        "company_name": head.company_name,
        "headline": head.to_json(),
        "pdf_pages": pages,
        "timings": dict(timings),
        "attachments": attached,
        "letters": run.letters,
        CHECKLIST_KEY: checklist,
    }
