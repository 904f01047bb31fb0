"""Where a batch's reports are built: this machine's processes, or a Dask cluster.

A batch (:func:`recouvrement.runner.batch.run_batch`) plans every company, then hands
the reports to build to an executor:

- ``local`` (default, :mod:`~recouvrement.runner.executors.local`): this process or a
  pool of worker processes on this machine. Dask is never imported on this path.
- ``dask`` (:mod:`~recouvrement.runner.executors.dask_batch`): the workers of a Dask
  ``distributed`` cluster, a ``LocalCluster`` started for the batch or an existing one
  (``--scheduler tcp://host:8786``). Optional dependency: ``pip install 'recouvrement[dask]'``.

Both run the same code in each worker (:mod:`~recouvrement.runner.executors.worker`):
the memory bound, one Jupyter kernel kept for all the worker's reports, and one report
that never raises (a failing company gets its ``.failed`` folder and the batch goes on).
"""

from __future__ import annotations

from recouvrement.report.plan import ReportError

__all__ = ["DASK_INSTALL", "EXECUTORS", "check_executor"]

#: The executors a batch accepts (``--executor``).
EXECUTORS = ("local", "dask")

#: How to install the Dask executor's dependencies.
DASK_INSTALL = "pip install 'recouvrement[dask]'"


def check_executor(executor: str, scheduler: str | None = None) -> None:
    """Refuse an unknown executor, a scheduler without Dask, or Dask not installed.

    Imports ``distributed`` only when ``executor`` is ``"dask"``.

    Parameters
    ----------
    executor : str
        ``"local"`` or ``"dask"``.
    scheduler : str, optional
        Address of an existing Dask scheduler (``tcp://host:8786``); only with ``"dask"``.

    Raises
    ------
    ReportError
        In French, naming the value and the fix.

    """
    if executor not in EXECUTORS:
        raise ReportError(
            f"--executor « {executor} » inconnu : choisir local (processus de ce poste) "
            "ou dask (grappe Dask)"
        )
    if scheduler and executor != "dask":
        raise ReportError(
            f"--scheduler {scheduler} ne sert qu'avec --executor dask : ajouter "
            "--executor dask ou retirer --scheduler"
        )
    if executor == "dask":
        try:
            import distributed  # noqa: F401
        except ImportError:
            raise ReportError(
                "--executor dask demande les paquets dask et distributed, absents de cet "
                f"environnement : les installer avec {DASK_INSTALL}"
            ) from None
