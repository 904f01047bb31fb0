"""The Dask executor, worker side: a kernel kept per worker (a plugin), the checks, one report.

Dask pickles :class:`KernelPlugin`, :func:`worker_facts` and :func:`build_report` by
reference: each worker imports this module from its own installation of the package,
whose version the driver checks first (:func:`worker_facts`).

- :class:`KernelPlugin` (a ``distributed.WorkerPlugin``): its ``setup`` starts the
  worker's kernel exactly as a worker process of the local pool does
  (:func:`~recouvrement.runner.executors.worker.start_worker_session`: memory bound,
  kernel, warm-up), in a thread so that the worker keeps answering the scheduler
  meanwhile; its ``teardown`` shuts the kernel down (the batch unregisters the plugin
  when it ends, and a closing worker tears its plugins down). A worker that joins the
  cluster later, a restarted one included, gets the plugin, hence a kernel, on arrival.
- :func:`build_report`: one report in the worker's kernel
  (:func:`~recouvrement.runner.executors.worker.run_one`, which never raises). The
  reports of one worker take its kernel in turn (a lock), whatever its thread count.
"""

from __future__ import annotations

import asyncio
import atexit
import dataclasses
import logging
import os
import socket
import threading
from pathlib import Path
from typing import Any

from distributed import WorkerPlugin, get_worker

from recouvrement._version import __version__
from recouvrement.report.plan import ReportError
from recouvrement.runner.executors.worker import run_one, start_worker_session
from recouvrement.runner.kernel import KernelSession
from recouvrement.runner.manifest import NOTEBOOK, code_fingerprint
from recouvrement.runner.report import ReportResult, RunPlan, failed_result

logger = logging.getLogger(__name__)


def _address_space() -> int | None:
    """The soft ``RLIMIT_AS`` of this process (``None`` where the system has none)."""
    try:
        import resource
    except ImportError:  # pragma: no cover - not on Windows
        return None
    return resource.getrlimit(resource.RLIMIT_AS)[0]


def _restore_address_space(soft: int | None) -> None:
    """Give back the soft ``RLIMIT_AS`` the worker had before the batch."""
    if soft is None:  # pragma: no cover - not on Windows
        return
    import resource

    hard = resource.getrlimit(resource.RLIMIT_AS)[1]
    if hard == resource.RLIM_INFINITY or (soft != resource.RLIM_INFINITY and soft <= hard):
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


class KernelPlugin(WorkerPlugin):
    """One Jupyter kernel per Dask worker, kept for all the reports the worker builds.

    Parameters
    ----------
    kernel_name : str or None
        Jupyter kernel spec (``python3``: the interpreter running the worker); ``None``:
        no kept kernel (each report starts a fresh one), the memory bound only.

    Notes
    -----
    A worker whose kernel cannot start keeps working: its reports each start a fresh
    kernel, and fail with their own error (``error.txt``) if that cannot start either.
    The memory bound set for the kernel is lifted from the worker at ``teardown``.

    """

    def __init__(self, kernel_name: str | None = "python3"):
        self.kernel_name = kernel_name
        self.session: KernelSession | None = None
        self.lock: threading.Lock | None = None
        self.memory: int | None = None

    async def setup(self, worker: Any) -> None:
        """Start the worker's kernel in a thread (the worker's event loop goes on)."""
        self.lock = threading.Lock()
        self.memory = _address_space()
        try:
            self.session = await asyncio.to_thread(start_worker_session, self.kernel_name)
        except Exception:
            logger.exception("noyau Jupyter du travailleur %s : démarrage impossible", worker)
            return
        if self.session is not None:
            atexit.register(self.session.shutdown)  # a worker that exits without teardown

    async def teardown(self, worker: Any) -> None:
        """Shut the worker's kernel down and lift the memory bound."""
        session, self.session = self.session, None
        if session is not None:
            await asyncio.to_thread(session.shutdown)
            atexit.unregister(session.shutdown)
        _restore_address_space(self.memory)


def worker_facts(notebook: str | None, data_dir: str, out_dir: str) -> dict[str, Any]:
    """What the driver checks on a worker before submitting anything.

    Parameters
    ----------
    notebook : str or None
        The report notebook's path when it is not the package's own; ``None``: the
        worker's installed package's notebook.
    data_dir, out_dir : str
        The batch's company and report folders (absolute: a shared path).

    Returns
    -------
    dict
        ``version`` (the worker's ``recouvrement``), ``code`` (version and SHA-256 of the
        notebook and template, :func:`recouvrement.runner.manifest.code_fingerprint`;
        ``None`` without the notebook), ``data`` (the company folder readable), ``out``
        (the report folder writable), ``host``.

    """
    nb = Path(notebook) if notebook else NOTEBOOK
    return {
        "version": __version__,
        "code": code_fingerprint(nb) if nb.is_file() else None,
        "data": os.path.isdir(data_dir) and os.access(data_dir, os.R_OK | os.X_OK),
        "out": os.path.isdir(out_dir) and os.access(out_dir, os.W_OK | os.X_OK),
        "host": socket.gethostname(),
    }


def build_report(run: RunPlan, timeout: float, plugin: str | None, packaged: bool) -> ReportResult:
    """One report on this Dask worker, in its kept kernel; never raises.

    Parameters
    ----------
    run : RunPlan
        The report, planned by the driver (paths on the shared folder).
    timeout : float
        Seconds allowed per notebook cell.
    plugin : str or None
        Name of the batch's :class:`KernelPlugin`; ``None``: a fresh kernel per report.
    packaged : bool
        The notebook is the package's own: run the worker's copy (same SHA-256, checked
        before submitting), wherever the package is installed on this machine.

    Returns
    -------
    ReportResult
        As :func:`recouvrement.runner.report.run_report`; a worker whose package version
        differs from the plan's fails the report with both versions named.

    """
    worker = get_worker()
    if packaged and run.notebook != NOTEBOOK.resolve():
        run = dataclasses.replace(run, notebook=NOTEBOOK.resolve())
    if run.code.get("version") != __version__:
        error = ReportError(
            f"le travailleur Dask {worker.address} a recouvrement {__version__}, le poste qui "
            f"a lancé le lot {run.code.get('version')} : installer la même version sur chaque "
            "travailleur, puis relancer le lot"
        )
        return failed_result(run.plan.company, run.plan.month, run.final.parent.parent, error)
    kept = worker.plugins.get(plugin) if plugin else None
    if not isinstance(kept, KernelPlugin) or kept.lock is None:
        return run_one(run, None, timeout)
    with kept.lock:
        return run_one(run, kept.session, timeout)
