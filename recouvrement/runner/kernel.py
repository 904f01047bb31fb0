"""Jupyter kernels for the reports: one fresh kernel, or one kept alive for many reports.

:func:`execute` runs the report notebook with papermill in a
:class:`KernelSession`. A batch keeps one session per worker process and resets its
user namespace between reports (``%reset -f`` plus matplotlib, pandas and warnings
state, see :func:`kernel_reset`): starting a kernel and importing pandas costs about
2 s, which a reused kernel pays once per worker instead of once per report. The test
suite checks that a report made in a reused kernel is byte-identical to one made in a
fresh kernel.

Heavy dependencies (papermill, jupyter_client) are imported inside the functions that
use them.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import warnings
from pathlib import Path
from typing import Any

import pandas as pd

from recouvrement.runner.export import warm_up
from recouvrement.runner.folders import kernel_dir

_KERNEL_STATE: dict[str, Any] = {}


def kernel_prepare() -> None:
    """Inside a kernel about to be reused: import the report's libraries, snapshot state.

    Executed once per :class:`KernelSession`; :func:`kernel_reset` restores the
    snapshot between two reports.
    """
    import io

    import matplotlib
    import matplotlib.pyplot as plt

    import recouvrement.report.context
    import recouvrement.report.sections  # noqa: F401  (every layer below, seaborn too)

    # draw once: the font cache and renderer are loaded here, not in the first report
    fig, ax = plt.subplots(figsize=(2, 1))
    ax.bar([0, 1], [1, 2])
    ax.set_title("Échu")
    fig.savefig(io.BytesIO(), format="png", dpi=72)
    plt.close(fig)

    _KERNEL_STATE["rc"] = matplotlib.rcParams.copy()
    _KERNEL_STATE["warnings"] = list(warnings.filters)
    _KERNEL_STATE["cwd"] = os.getcwd()


def kernel_reset() -> None:
    """Between two reports in a reused kernel: back to the state after :func:`kernel_prepare`.

    Closes every figure, restores matplotlib's rcParams, pandas options, the warning
    filters and the working directory. (The user namespace itself is cleared by
    ``%reset -f`` just before.)
    """
    import matplotlib
    import matplotlib.pyplot as plt

    plt.close("all")
    if "rc" in _KERNEL_STATE:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            matplotlib.rcParams.update(_KERNEL_STATE["rc"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pd.reset_option("all")
    if "warnings" in _KERNEL_STATE:
        warnings.filters[:] = _KERNEL_STATE["warnings"]
    if "cwd" in _KERNEL_STATE:
        os.chdir(_KERNEL_STATE["cwd"])


_PREPARE_CODE = "import recouvrement.runner.kernel as _rc_k\n_rc_k.kernel_prepare()\ndel _rc_k\n"
_RESET_CODE = (
    "%reset -f\nimport recouvrement.runner.kernel as _rc_k\n_rc_k.kernel_reset()\ndel _rc_k\n"
)


class KernelSession:
    """One Python kernel kept alive for several reports (namespace reset between them).

    Use as a context manager, or call :meth:`start` and :meth:`shutdown`.

    Parameters
    ----------
    kernel_name : str
        Jupyter kernel spec (``python3``: the interpreter running this code).
    cwd : path, optional
        Working directory of the kernel (default: the current directory).
    startup_timeout : float
        Seconds to wait for the kernel to be ready.

    """

    def __init__(
        self, kernel_name: str = "python3", cwd: Path | None = None, startup_timeout: float = 60
    ):
        self.kernel_name = kernel_name
        self.cwd = Path(cwd) if cwd else Path.cwd()
        self.startup_timeout = startup_timeout
        self.km = None
        self._sockets: Path | None = None
        self.reports = 0

    def start(self) -> KernelSession:
        """Start the kernel and import the report's libraries in it."""
        return self.launch().prepare()

    def launch(self) -> KernelSession:
        """Start the kernel process and return at once (it boots meanwhile)."""
        from jupyter_client.manager import KernelManager

        # IPC transport: Unix sockets in a private folder, nothing listening on TCP; the
        # connection file there too, so that a killed run leaves one folder, cleaned by
        # the next batch (recouvrement.runner.folders)
        self._sockets = kernel_dir()
        self.km = KernelManager(
            kernel_name=self.kernel_name,
            transport="ipc",
            ip=str(self._sockets / "k"),
            connection_file=str(self._sockets / "kernel.json"),
        )
        self.km.start_kernel(cwd=str(self.cwd))
        self.reports = 0
        return self

    def prepare(self) -> KernelSession:
        """Wait for the kernel and import the report's libraries in it (:func:`kernel_prepare`)."""
        self._run(_PREPARE_CODE, timeout=self.startup_timeout)
        return self

    def _run(self, code: str, timeout: float = 120) -> None:
        # A new client each time: a client left open while nbclient's own client ran
        # cells holds stale messages and never sees its reply.
        kc = self.km.client()
        kc.start_channels()
        try:
            kc.wait_for_ready(timeout=self.startup_timeout)
            reply = kc.execute_interactive(code, timeout=timeout, output_hook=lambda msg: None)
        finally:
            kc.stop_channels()
        if reply["content"]["status"] != "ok":
            content = reply["content"]
            raise RuntimeError(
                f"kernel set-up failed: {content.get('ename')}: {content.get('evalue')}"
            )

    def alive(self) -> bool:
        """Whether the kernel process is running."""
        return self.km is not None and self.km.is_alive()

    def reset(self) -> None:
        """Clear the user namespace and restore global state (before each report but the first)."""
        if self.reports:
            self._run(_RESET_CODE)

    def restart(self) -> None:
        """Replace a dead or wedged kernel by a fresh one."""
        self.shutdown()
        self.start()

    def shutdown(self) -> None:
        """Stop the kernel (idempotent)."""
        if self.km is not None:
            with contextlib.suppress(Exception):
                self.km.shutdown_kernel(now=True)
        if self._sockets is not None:
            shutil.rmtree(self._sockets, ignore_errors=True)
        self.km = self._sockets = None

    def __enter__(self) -> KernelSession:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.shutdown()


ENGINE = "recouvrement"


def register_engine() -> None:
    """Register papermill's nbclient engine, closing its kernel client when done.

    Given a running kernel (``km``), papermill leaves nbclient's client connected
    after the run: one stale client per report in a reused kernel, and unclosed
    sockets. This engine is papermill's own with a ``stop_channels`` at the end.
    """
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines
    from papermill.log import logger
    from papermill.utils import merge_kwargs, remove_args

    if ENGINE in papermill_engines._engines:
        return

    class _ClosingEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(
            cls,
            nb_man,
            kernel_name,
            log_output=False,
            stdout_file=None,
            stderr_file=None,
            start_timeout=60,
            execution_timeout=None,
            **kwargs,
        ):
            kwargs = remove_args(["input_path"], **kwargs)
            safe_kwargs = remove_args(["timeout", "startup_timeout"], **kwargs)
            final_kwargs = merge_kwargs(
                safe_kwargs,
                timeout=execution_timeout if execution_timeout else kwargs.get("timeout"),
                startup_timeout=start_timeout,
                kernel_name=kernel_name,
                log=logger,
                log_output=log_output,
                stdout_file=stdout_file,
                stderr_file=stderr_file,
            )
            client = PapermillNotebookClient(nb_man, **final_kwargs)
            try:
                return client.execute()
            finally:
                if client.kc is not None:
                    client.kc.stop_channels()
                    client.kc = None

    papermill_engines.register(ENGINE, _ClosingEngine)


def execute(
    nb_path: Path,
    output: Path,
    parameters: dict[str, Any],
    session: KernelSession | None,
    timeout: float,
):
    """Execute the notebook ``nb_path`` into ``output`` with papermill; return the notebook.

    In ``session`` when given (reset first), otherwise in a fresh kernel started for
    this report only, the export libraries imported while it boots (:func:`~recouvrement.
    runner.export.warm_up`).
    """
    import papermill as pm

    register_engine()
    own = session is None
    if own:
        session = KernelSession().launch()
        try:
            warm_up()  # while the kernel boots
            session.prepare()
        except BaseException:
            session.shutdown()
            raise
    else:
        session.reset()
    try:
        # nbclient opens its own client on the running kernel and leaves it running
        return pm.execute_notebook(
            str(nb_path),
            str(output),
            parameters=parameters,
            progress_bar=False,
            request_save_on_cell_execute=False,
            execution_timeout=timeout,
            engine_name=ENGINE,
            km=session.km,
        )
    finally:
        session.reports += 1
        if own:
            session.shutdown()
