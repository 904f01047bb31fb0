"""Many companies' reports, for one month or each its latest, on an executor; then the index.

:func:`run_batch` plans every company first (ids validated, inputs fingerprinted
once, up-to-date reports skipped without starting a kernel), then has the others
built by an executor (:mod:`recouvrement.runner.executors`): by default a pool of
worker processes on this machine, or the workers of a Dask cluster
(``executor="dask"``), each worker keeping one Jupyter kernel for all its reports.
One company failing never stops the others. At the end, in this process whatever
the executor, the checklist of every report's letters (``lettres-a-completer.csv``
and ``.html`` at the root of the output folder,
:func:`recouvrement.runner.letters.write_batch_checklist`) and the index.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from recouvrement.io import CompanyError, company_folder, list_companies, resolve_data_dir
from recouvrement.report.plan import (
    ReportError,
    validate_buckets,
    validate_language,
    validate_month,
)
from recouvrement.runner.executors import check_executor
from recouvrement.runner.executors.local import run_local
from recouvrement.runner.executors.worker import WORKER_MEMORY_BYTES, bound_memory
from recouvrement.runner.folders import clean_stale, writable_out_dir
from recouvrement.runner.index import write_index
from recouvrement.runner.letters import write_batch_checklist
from recouvrement.runner.manifest import NOTEBOOK
from recouvrement.runner.report import ReportResult, RunPlan, plan_report
from recouvrement.runner.shard import shard_ids

__all__ = [
    "WORKER_MEMORY_BYTES",
    "BatchResult",
    "bound_memory",
    "relpath",
    "result_dict",
    "run_batch",
]


@dataclass
class BatchResult:
    """Outcome of :func:`run_batch`: one :class:`ReportResult` per company, and the index."""

    month: str | None
    results: list[ReportResult]
    out_dir: Path
    index: Path
    duration: float = 0.0
    jobs: int = 1
    checklist: Path | None = None
    executor: str = "local"
    scheduler: str | None = None

    @property
    def ok(self) -> bool:
        """True when no report failed."""
        return all(r.ok for r in self.results)

    @property
    def failed(self) -> list[ReportResult]:
        """The failed reports."""
        return [r for r in self.results if not r.ok]

    def counts(self) -> dict[str, int]:
        """Number of reports per status."""
        out = {"ok": 0, "skipped": 0, "failed": 0}
        for r in self.results:
            out[r.status] = out.get(r.status, 0) + 1
        return out

    def table(self) -> str:
        """Plain-text status table (one line per company) for the console."""
        labels = {"ok": "ok", "skipped": "à jour", "failed": "ÉCHEC"}
        rows = [("Société", "Mois", "Statut", "Durée", "Dossier / erreur")]
        for r in self.results:
            rel = relpath(r.path)
            detail = rel if r.ok else f"{rel} — {(r.error or '').splitlines()[0][:100]}"
            duration = f"{r.duration:.1f} s" if r.status != "skipped" else "—"
            rows.append((r.company, r.month, labels.get(r.status, r.status), duration, detail))
        widths = [max(len(row[i]) for row in rows) for i in range(4)]
        lines = [
            "  ".join(c.ljust(w) for c, w in zip(row[:4], widths, strict=True)) + "  " + row[4]
            for row in rows
        ]
        c = self.counts()
        lines.append(
            f"{c['ok']} rapport(s) produit(s), {c['skipped']} à jour, {c['failed']} en échec "
            f"— {self.duration:.1f} s, {self.workers_label()} — index : {relpath(self.index)}"
        )
        return "\n".join(lines)

    def workers_label(self) -> str:
        """``"2 processus"``, or ``"2 travailleurs Dask (grappe locale)"``, for the status line."""
        if self.executor != "dask":
            return f"{self.jobs} processus"
        where = self.scheduler or "grappe locale"
        return f"{self.jobs} travailleur{'s' if self.jobs > 1 else ''} Dask ({where})"


def relpath(p: Path) -> str:
    """``p`` relative to the current directory when possible (for the console)."""
    try:
        return os.path.relpath(p)
    except ValueError:  # pragma: no cover - other drive on Windows
        return str(p)


def run_batch(
    month: str | None = None,
    *,
    companies: Iterable[str] | None = None,
    data_dir: str | os.PathLike[str] = "data/samples",
    out_dir: str | os.PathLike[str] = "reports",
    jobs: int = 2,
    force: bool = False,
    language: str = "fr",
    targets_file: str = "",
    buckets: str = "jours",
    notebook: str | os.PathLike[str] = NOTEBOOK,
    reuse_kernel: bool = True,
    progress: bool = True,
    timeout: float = 120,
    allow_empty: bool = False,
    shard: tuple[int, int] | None = None,
    executor: str = "local",
    scheduler: str | None = None,
) -> BatchResult:
    """Reports of several companies for one month, in parallel; then the index page.

    Parameters
    ----------
    month : str, optional
        ``YYYY-MM``; ``None`` (default): each company's own latest month with data
        (:func:`recouvrement.io.company_month`), so that one company's data never
        decides another's month.
    companies : iterable of str, optional
        Company ids; default every sub-folder of ``data_dir``
        (:func:`recouvrement.io.list_companies`).
    data_dir, out_dir, force, language, targets_file, buckets, notebook, timeout
        As in :func:`recouvrement.runner.report.run_report` (``targets_file``
        relative to each company folder).
    jobs : int
        Worker processes (≥ 1), at most one per report to build. With 1 and the local
        executor, reports run in this process. With ``executor="dask"`` and no
        ``scheduler``: the workers of the LocalCluster started for the batch.
    reuse_kernel : bool
        One kernel per worker, reset between reports (default), instead of one
        fresh kernel per report.
    progress : bool
        Show a tqdm progress bar on stderr (when it is a terminal).
    allow_empty : bool
        Make the reports of the companies that have no data in ``month`` (refused
        otherwise: each such company fails with the period of its data).
    shard : (k, N), optional
        Only the companies of shard k of N (:func:`recouvrement.runner.shard.shard_ids`):
        N jobs on one output folder build the reports of one whole batch. The letters'
        checklist of a shard is ``lettres-a-completer-k-sur-N.csv`` (a whole batch's
        is ``lettres-a-completer.csv``); the index lists every report of the folder.
    executor : {"local", "dask"}
        Where the reports are built (:mod:`recouvrement.runner.executors`): ``"local"``
        (default, Dask never imported) or ``"dask"`` (Dask ``distributed``, optional
        dependency): the workers read the company folders and publish the report folders
        themselves, so both are on a path every worker sees at the same absolute path
        (``docs/deployment.md``); the checklist and the index are written here.
    scheduler : str, optional
        With ``"dask"``: address of an existing scheduler (``tcp://host:8786``);
        default: a LocalCluster of ``jobs`` worker processes, one thread each.

    Returns
    -------
    BatchResult
        Results in the order of ``companies``. One company failing never stops the
        others; its error and notebook are kept in its ``.failed`` folder.
        ``checklist``: ``<out>/lettres-a-completer.csv`` (and ``.html``), what the
        letters of every report of the batch lack, one row per company and item.

    Raises
    ------
    ReportError
        Invalid month or parameters, unknown company in ``companies``, ``jobs < 1``;
        with ``"dask"``: distributed not installed, scheduler unreachable, a worker with
        another package version or not seeing the shared folders (nothing submitted).

    """
    from tqdm.auto import tqdm

    t0 = time.perf_counter()
    month = None if month is None else validate_month(month)
    validate_language(language)
    validate_buckets(buckets)
    if jobs < 1:
        raise ReportError(f"--jobs doit être ≥ 1 (reçu {jobs})")
    check_executor(executor, scheduler)
    try:
        root = resolve_data_dir(data_dir)
    except CompanyError as exc:
        raise ReportError(str(exc)) from None
    ids = list(companies) if companies is not None else list_companies(root)
    if shard is not None:
        ids = shard_ids(ids, *shard)
    out_root = writable_out_dir(out_dir)
    clean_stale(out_root)  # what killed runs left: temporary folders, kernel files
    common = dict(
        data_dir=str(root),
        out_dir=str(out_root),
        language=language,
        targets_file=targets_file,
        buckets=buckets,
        notebook=str(Path(notebook).resolve()),
        allow_empty=allow_empty,
    )
    for c in ids:  # every id validated before any work
        try:
            company_folder(root, c)
        except CompanyError as exc:
            raise ReportError(str(exc)) from None
    results: dict[str, ReportResult] = {}
    todo: list[RunPlan] = []
    for c in ids:  # skip check here: cheap, and no kernel is started for nothing
        try:
            run = plan_report(c, month, **common)
        except ReportError as exc:
            results[c] = ReportResult(c, month or "—", "failed", out_root / c, error=str(exc))
            continue
        current = None if force else run.current()
        if current is not None:
            results[c] = current
        else:
            todo.append(run)
    bar = tqdm(
        total=len(ids),
        desc=f"Rapports {month or 'du dernier mois de chaque société'}",
        unit="rapport",
        disable=None if progress else True,
        leave=False,
    )
    bar.update(len(results))

    def done(run: RunPlan, result: ReportResult) -> None:
        results[run.plan.company] = result
        bar.set_postfix_str(run.plan.company)
        bar.update(1)

    workers = 0
    try:
        if todo and executor == "dask":
            # optional dependency: imported only when asked for, the local path never loads it
            from recouvrement.runner.executors.dask_batch import run_on_dask

            workers = run_on_dask(
                todo,
                scheduler=scheduler,
                jobs=jobs,
                reuse_kernel=reuse_kernel,
                timeout=timeout,
                data_dir=str(root),
                out_dir=str(out_root),
                done=done,
            )
        elif todo:
            workers = run_local(
                todo, jobs=jobs, reuse_kernel=reuse_kernel, timeout=timeout, done=done
            )
    finally:
        bar.close()
    ordered = [results[c] for c in ids]
    checklist = write_batch_checklist(
        out_root, ordered, suffix=f"-{shard[0]}-sur-{shard[1]}" if shard else ""
    )
    index = write_index(out_root)
    return BatchResult(
        month,
        ordered,
        out_root,
        index,
        time.perf_counter() - t0,
        max(workers, 1),
        checklist,
        executor,
        scheduler,
    )


def result_dict(result: ReportResult) -> dict[str, Any]:
    """A :class:`ReportResult` as a JSON-able dict (paths as strings, headline as figures)."""
    d = asdict(result)
    d["path"] = str(result.path)
    d["headline"] = result.headline.to_json() if result.headline is not None else {}
    return d
