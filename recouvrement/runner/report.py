"""One report: plan it, skip it when up to date, or build it atomically (HTML, PDF, letters).

:func:`run_report` executes the report notebook with papermill (the plan injected as a
parameter), exports it to HTML and PDF, writes the letters beside it (HTML, PDF, one
``.docx`` each in ``lettres/``, the register ``lettres.csv`` and the checklist
``lettres-a-completer.csv``, :mod:`recouvrement.runner.letters`) and the manifest
(every file with its SHA-256, the checklist's rows), all in a hidden temporary folder
beside the target (``<out>/<company>/.<YYYY-MM>.tmp-*``, same filesystem), renamed into
place only when every file is written. A rerun that fails leaves the previous good report untouched
and writes ``<YYYY-MM>.failed/``; a success removes the stale ``.failed`` folder.
Replacing an existing report is two renames (old aside, new in place), so a reader
may briefly see no folder, never a half-written one.

The input files are fingerprinted once, when the plan is made; they are then only
``stat``-ed after the run, and a file that changed meanwhile fails the report rather
than mixing two versions of the data.
"""

from __future__ import annotations

import datetime as _dt
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from recouvrement.io.fingerprints import sha256_file
from recouvrement.report.headline import Headline
from recouvrement.report.plan import Plan, ReportError, make_plan
from recouvrement.runner.build import build_report
from recouvrement.runner.errors import error_report, path_labels, user_message
from recouvrement.runner.export import PdfPrinter
from recouvrement.runner.folders import publish, tmp_prefix, writable_out_dir
from recouvrement.runner.kernel import KernelSession
from recouvrement.runner.letters import LETTERS_MODES
from recouvrement.runner.manifest import (
    ERROR_NAME,
    FAILED_SUFFIX,
    MANIFEST_NAME,
    MANIFEST_SCHEMA,
    NOTEBOOK,
    NOTEBOOK_NAME,
    code_fingerprint,
    environment,
    up_to_date,
    write_json,
)


@dataclass
class ReportResult:
    """Outcome of one report.

    ``status`` is ``"ok"``, ``"skipped"`` (up to date) or ``"failed"``; ``path`` is the
    report folder (or the ``.failed`` folder); ``error`` a one-paragraph message;
    ``headline`` the report's figures (``None`` when it failed).
    """

    company: str
    month: str
    status: str
    path: Path
    duration: float = 0.0
    error: str | None = None
    company_name: str | None = None
    pdf_pages: int | None = None
    headline: Headline | None = None
    kernel: str = "fresh"

    @property
    def ok(self) -> bool:
        """True unless the report failed."""
        return self.status != "failed"


@dataclass(frozen=True)
class RunPlan:
    """A report's :class:`~recouvrement.report.plan.Plan` with what the runner adds to it.

    ``notebook`` (the template executed), ``code`` (version and fingerprints of the
    notebook and template), ``final`` and ``failed`` (its output folders), ``letters``
    (what is made of the letters: ``"pdf"``, ``"html"`` or ``"none"``, see
    :func:`plan_report`).
    """

    plan: Plan
    notebook: Path
    code: dict[str, str]
    final: Path
    failed: Path
    letters: str = "pdf"

    def current(self) -> ReportResult | None:
        """The existing report as a ``"skipped"`` result if it is up to date, else ``None``."""
        m = up_to_date(self.final, self.plan.inputs, self.plan.parameters, self.code)
        if m is None or m.get("letters", "pdf") != self.letters:
            return None
        return ReportResult(
            self.plan.company,
            self.plan.month,
            "skipped",
            self.final,
            company_name=m.get("company_name"),
            pdf_pages=m.get("pdf_pages"),
            headline=Headline.from_json(m["headline"]),
        )


def plan_report(
    company: str,
    month: str | None,
    *,
    data_dir: str | os.PathLike[str] = "data/samples",
    out_dir: str | os.PathLike[str] = "reports",
    language: str = "fr",
    targets_file: str = "",
    buckets: str = "jours",
    notebook: str | os.PathLike[str] = NOTEBOOK,
    allow_empty: bool = False,
    letters: str = "pdf",
) -> RunPlan:
    """The :class:`RunPlan` of one report (its inputs fingerprinted once, here).

    ``month`` ``None`` is the company's own latest month with data
    (:func:`recouvrement.io.company_month`); ``allow_empty`` makes a report for a month
    outside the company's data (refused otherwise, see
    :func:`recouvrement.report.plan.make_plan`). ``letters``: ``"pdf"`` (default) writes
    the letters as HTML, PDF, ``.docx``, register and checklist; ``"html"`` all but the
    PDF (about half the printing time of a report: the letters are printed from their
    HTML or ``.docx`` when wanted); ``"none"`` no letter file (their count stays in the
    manifest). A report made with another choice is not up to date.

    Raises
    ------
    ReportError
        Invalid parameters, unknown company, missing notebook or targets file.

    """
    if letters not in LETTERS_MODES:
        raise ReportError(f"lettres : {', '.join(LETTERS_MODES)} (reçu {letters!r})")
    plan = make_plan(
        company,
        month,
        data_dir=data_dir,
        language=language,
        targets_file=targets_file,
        buckets=buckets,
        allow_empty=allow_empty,
    )
    notebook = Path(notebook).resolve()
    if not notebook.is_file():
        raise ReportError(f"notebook introuvable : {notebook}")
    company_out = writable_out_dir(out_dir) / company
    return RunPlan(
        plan,
        notebook,
        code_fingerprint(notebook),
        company_out / plan.month,
        company_out / f"{plan.month}{FAILED_SUFFIX}",
        letters,
    )


def up_to_date_report(company: str, month: str, **kwargs: Any) -> ReportResult | None:
    """The existing report as a ``"skipped"`` result if it is up to date, else ``None``.

    Up to date: same input fingerprints, key parameters, package version, notebook
    and template fingerprints as its manifest, status ok, every output present.
    Keyword arguments as in :func:`plan_report`.
    """
    return plan_report(company, month, **kwargs).current()


def run_report(
    company: str,
    month: str,
    *,
    force: bool = False,
    session: KernelSession | None = None,
    timeout: float = 120,
    run: RunPlan | None = None,
    print_apart: bool | None = None,
    **kwargs: Any,
) -> ReportResult:
    """Build (or skip) the monthly report of one company.

    Parameters
    ----------
    company : str
        Company id, the name of its folder in ``data_dir``.
    month : str
        ``YYYY-MM``.
    force : bool
        Rebuild even if an up-to-date report exists (see the skip rule of
        :mod:`recouvrement.runner.manifest`).
    session : KernelSession, optional
        A running kernel to reuse; default: a fresh one for this report.
    timeout : float
        Seconds allowed per notebook cell (the bound also guards against a lost
        kernel reply).
    run : RunPlan, optional
        The plan already made (a batch plans every company before it starts);
        otherwise made here from ``kwargs``.
    print_apart : bool, optional
        Print the letters' PDF in a process of its own
        (:class:`~recouvrement.runner.export.PdfPrinter`, started before the notebook
        runs) while this one prints the report. Default: for a single report (no
        ``session``, no ``run``) on a machine of two cores or more; a batch's workers
        already keep every core busy.
    **kwargs
        ``data_dir, out_dir, language, targets_file, buckets, notebook, allow_empty,
        letters`` as in :func:`plan_report`.

    Returns
    -------
    ReportResult
        Status ``ok``/``skipped``/``failed``. A failing notebook does not raise: its
        error and partial notebook are in ``<out>/<company>/<YYYY-MM>.failed/``.

    Raises
    ------
    ReportError
        Invalid company id, month, language or bucket preset; unknown company;
        missing data or targets file. Nothing is written then.

    """
    if print_apart is None:
        print_apart = session is None and run is None and (os.cpu_count() or 1) > 1
    run = run or plan_report(company, month, **kwargs)
    plan = run.plan
    kernel = "fresh" if session is None else "reused"
    if not force:
        current = run.current()
        if current is not None:
            current.kernel = kernel
            return current
    company_out = run.final.parent
    company_out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=tmp_prefix(plan.month), dir=company_out))
    t0 = time.perf_counter()
    manifest: dict[str, Any] = {
        "schema": MANIFEST_SCHEMA,
        "status": "running",
        "company": plan.company,
        "company_name": None,
        "month": plan.month,
        "as_of": f"{plan.as_of:%Y-%m-%d}",
        "parameters": plan.parameters,
        "inputs": plan.inputs,
        "stamp": plan.stamp,
        "code": run.code,
        "environment": environment(),
        "kernel": kernel,
        "started": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
        "duration_s": None,
        "outputs": {},
        "pdf_pages": None,
        "headline": {},
        "error": None,
    }
    printer = None
    try:
        if print_apart and run.letters == "pdf":
            printer = PdfPrinter()
        manifest.update(build_report(run, tmp, session, timeout, t0, printer))
        manifest["outputs"] = {
            p.relative_to(tmp).as_posix(): sha256_file(p)
            for p in sorted(tmp.rglob("*"))
            if p.is_file() and p.name != MANIFEST_NAME
        }
        manifest["duration_s"] = round(time.perf_counter() - t0, 3)
        write_json(tmp / MANIFEST_NAME, manifest)
        tmp.chmod(0o755)  # mkdtemp makes it private; a report folder is as readable as its files
        publish(tmp, run.final)
        shutil.rmtree(run.failed, ignore_errors=True)
        return ReportResult(
            plan.company,
            plan.month,
            "ok",
            run.final,
            manifest["duration_s"],
            None,
            manifest["company_name"],
            manifest["pdf_pages"],
            Headline.from_json(manifest["headline"]),
            kernel,
        )
    except Exception as exc:  # the report failed: keep its error and notebook, go on
        message = user_message(exc)
        labels = path_labels(
            société=plan.folder, données=plan.folder.parent, rapports=company_out.parent
        )
        (tmp / ERROR_NAME).write_text(error_report(exc, labels), encoding="utf-8")
        for leftover in tmp.iterdir():  # outputs (HTML, PDF, letters...), never half-made
            if leftover.is_dir():
                shutil.rmtree(leftover, ignore_errors=True)
            elif leftover.name not in (ERROR_NAME, NOTEBOOK_NAME):
                leftover.unlink(missing_ok=True)
        manifest.update(
            status="failed", error=message, duration_s=round(time.perf_counter() - t0, 3)
        )
        write_json(tmp / MANIFEST_NAME, manifest)
        shutil.rmtree(run.failed, ignore_errors=True)
        tmp.chmod(0o755)
        os.rename(tmp, run.failed)
        if session is not None and not session.alive():
            session.restart()
        return ReportResult(
            plan.company,
            plan.month,
            "failed",
            run.failed,
            manifest["duration_s"],
            message,
            kernel=kernel,
        )
    finally:
        if printer is not None:
            printer.close()
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def failed_result(company: str, month: str, out_dir: Path, exc: BaseException) -> ReportResult:
    """A failed result for a report that could not even start (its error, no folder)."""
    return ReportResult(company, month, "failed", out_dir / company, error=user_message(exc))
