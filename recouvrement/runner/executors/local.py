"""The default executor: this process, or a pool of worker processes on this machine.

With one worker the reports run one after the other in this process, in one kept
kernel; with more, in a pool of ``spawn`` worker processes, each started by
:func:`~recouvrement.runner.executors.worker.start_worker_session` (memory bound, one
kernel kept for all its reports, shut down when the worker exits). Nothing here
imports Dask.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from recouvrement.runner.executors.worker import run_one, start_worker_session
from recouvrement.runner.kernel import KernelSession
from recouvrement.runner.report import ReportResult, RunPlan, failed_result

#: Called with each run and its result, as soon as the report is done (progress bar).
Done = Callable[[RunPlan, ReportResult], None]

_WORKER_SESSION: KernelSession | None = None


def _pool_init(kernel_name: str | None) -> None:
    """Process-pool initializer: the memory bound, and one kernel per worker (if reused).

    The kernel is shut down when the worker exits.
    """
    import multiprocessing.util

    global _WORKER_SESSION
    _WORKER_SESSION = start_worker_session(kernel_name)
    if _WORKER_SESSION is not None:
        multiprocessing.util.Finalize(_WORKER_SESSION, _WORKER_SESSION.shutdown, exitpriority=10)


def _pool_run(run: RunPlan, timeout: float) -> ReportResult:
    """One report in a pool worker: its kernel if it has one (``reuse_kernel``), else fresh."""
    return run_one(run, _WORKER_SESSION, timeout)


def run_local(
    todo: Sequence[RunPlan],
    *,
    jobs: int,
    reuse_kernel: bool,
    timeout: float,
    done: Done,
) -> int:
    """Build the reports of ``todo`` on this machine; call ``done`` after each one.

    Parameters
    ----------
    todo : sequence of RunPlan
        The reports to build (already planned, none up to date).
    jobs : int
        Worker processes (≥ 1); with 1 (or one report), the reports run in this process.
    reuse_kernel : bool
        One kernel per worker kept across its reports, instead of one fresh kernel each.
    timeout : float
        Seconds allowed per notebook cell.
    done : callable
        ``done(run, result)`` for each report, in the order they finish.

    Returns
    -------
    int
        The number of workers used.

    """
    import concurrent.futures as cf
    import multiprocessing as mp

    workers = min(jobs, len(todo))
    if workers == 1:
        session = KernelSession().start() if reuse_kernel else None
        try:
            for run in todo:
                done(run, run_one(run, session, timeout))
        finally:
            if session is not None:
                session.shutdown()
    elif workers > 1:
        ctx = mp.get_context("spawn")
        kernel = "python3" if reuse_kernel else None
        with cf.ProcessPoolExecutor(
            workers, mp_context=ctx, initializer=_pool_init, initargs=(kernel,)
        ) as pool:
            futures = {pool.submit(_pool_run, run, timeout): run for run in todo}
            for fut in cf.as_completed(futures):
                run = futures[fut]
                try:
                    result = fut.result()
                except Exception as exc:  # a worker process died
                    result = failed_result(
                        run.plan.company, run.plan.month, run.final.parent.parent, exc
                    )
                done(run, result)
    return workers
