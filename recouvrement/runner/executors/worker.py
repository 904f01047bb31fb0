"""What every batch worker does, whatever the executor: memory bound, one kernel, one report.

A worker process of the local pool (:mod:`~recouvrement.runner.executors.local`) and a
Dask worker (:mod:`~recouvrement.runner.executors.dask_workers`) start the same way
(:func:`start_worker_session`: the memory bound, then one Jupyter kernel kept for all
the worker's reports, warmed up while it boots) and build each report the same way
(:func:`run_one`, which never raises: one company failing never stops the others).
"""

from __future__ import annotations

import logging

from recouvrement.runner.export import exporter, import_weasyprint
from recouvrement.runner.kernel import KernelSession
from recouvrement.runner.report import ReportResult, RunPlan, failed_result, run_report

#: Memory a batch worker may take (address space, bytes): beyond, its report fails
#: with a clear message and the worker goes on with the next company.
WORKER_MEMORY_BYTES = 8 * 2**30


def bound_memory(limit: int = WORKER_MEMORY_BYTES) -> None:
    """Cap this process's address space (``RLIMIT_AS``) at ``limit`` bytes, if the system allows.

    Applied in each batch worker before it starts its kernel (which inherits the cap):
    a runaway export or computation raises ``MemoryError``, which fails its company
    (:data:`recouvrement.runner.errors.OUT_OF_MEMORY`) instead of exhausting the machine.
    """
    try:
        import resource
    except ImportError:  # pragma: no cover - not on Windows
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = limit if hard == resource.RLIM_INFINITY else min(limit, hard)
    if soft == resource.RLIM_INFINITY or soft > cap:
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


def warm_up() -> None:
    """Import the export libraries and build the exporter ahead of the first report."""
    import papermill  # noqa: F401

    exporter()
    import_weasyprint()


def start_worker_session(kernel_name: str | None = "python3") -> KernelSession | None:
    """In a new worker: the memory bound, then its kernel, ready for the first report.

    Parameters
    ----------
    kernel_name : str or None
        Jupyter kernel spec of the kernel kept for the worker's reports; ``None``: no
        kept kernel (each report then starts a fresh one).

    Returns
    -------
    KernelSession or None
        The started session (the caller shuts it down when the worker ends), or ``None``.

    """
    bound_memory()
    if kernel_name is None:
        return None
    logging.getLogger("papermill").setLevel(logging.ERROR)
    session = KernelSession(kernel_name).launch()
    try:
        warm_up()  # while the kernel boots
        session.prepare()
    except BaseException:
        session.shutdown()
        raise
    return session


def run_one(run: RunPlan, session: KernelSession | None, timeout: float) -> ReportResult:
    """One report in a worker, in ``session`` if given (else a fresh kernel); never raises.

    A failing report has its ``.failed`` folder (:func:`recouvrement.runner.report.run_report`);
    an exception before the report could even start becomes a failed result without a folder.
    """
    plan = run.plan
    try:
        return run_report(
            plan.company, plan.month, run=run, session=session, force=True, timeout=timeout
        )
    except Exception as exc:  # never lose a company's outcome to a worker exception
        return failed_result(plan.company, plan.month, run.final.parent.parent, exc)
