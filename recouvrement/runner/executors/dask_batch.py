"""The Dask executor, driver side: the cluster, the checks before submitting, lost workers.

:func:`run_on_dask` builds a batch's reports on the workers of a Dask ``distributed``
cluster: a ``LocalCluster`` of ``jobs`` worker processes (one thread each) started for
the batch, or an existing cluster given by its scheduler's address. In order:

1. every worker reports its package version, the SHA-256 of its report notebook and
   template, and whether it sees the company folder and may write in the report
   folder (:func:`~recouvrement.runner.executors.dask_workers.worker_facts`); any
   difference refuses the batch in French, naming the worker and both versions,
   before anything is submitted (:func:`check_workers`);
2. the kernel plugin gives each worker one kernel kept for all its reports;
3. one task per report (:func:`~recouvrement.runner.executors.dask_workers.build_report`):
   the worker reads the company folder and publishes the report folder itself, with the
   same atomic rename as the local executor, on a path every machine shares;
4. results come back as they finish (progress bar); the driver then writes the
   letters' checklist and the index, as with the local executor.

**Lost workers.** A task whose worker dies (killed, out of memory, machine lost) is
given by the scheduler to another worker, up to :data:`LOST_WORKER_RETRIES` more
times (Dask's ``distributed.scheduler.allowed-failures``; on an existing cluster, its
scheduler's own setting, 3 by default); after that the company fails with a French
message and the batch goes on. A failing report does not raise in its task (its
``.failed`` folder holds its error), so Dask's ``retries=`` of failed tasks is not used:
re-running a report that fails on its data would fail again.
"""

from __future__ import annotations

import contextlib
import logging
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from distributed import Client, KilledWorker, LocalCluster, as_completed

from recouvrement.report.plan import ReportError
from recouvrement.runner.executors.dask_workers import KernelPlugin, build_report, worker_facts
from recouvrement.runner.manifest import NOTEBOOK
from recouvrement.runner.report import ReportResult, RunPlan, failed_result

#: How many more workers a report's task may be given when its worker dies (LocalCluster).
LOST_WORKER_RETRIES = 2

#: Seconds to reach an existing scheduler, and to wait for its first worker.
CONNECT_TIMEOUT_S = 30

#: Called with each run and its result, as soon as the report is done (progress bar).
Done = Callable[[RunPlan, ReportResult], None]


@contextlib.contextmanager
def open_client(scheduler: str | None, workers: int) -> Iterator[Client]:
    """A client on the scheduler at ``scheduler``, or on a new LocalCluster of ``workers``.

    The LocalCluster's workers are processes with one thread each, without Dask's own
    memory limit (each worker bounds itself as a local worker does) and without a
    dashboard; it is closed with the client.

    Raises
    ------
    ReportError
        In French: the scheduler cannot be reached, or has no worker.

    """
    if scheduler is None:
        with (
            LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                memory_limit=0,
                dashboard_address=None,
                silence_logs=logging.ERROR,
                scheduler_kwargs={"allowed_failures": LOST_WORKER_RETRIES},
            ) as cluster,
            Client(cluster, set_as_default=False) as client,
        ):
            yield client
        return
    try:
        client = Client(scheduler, timeout=CONNECT_TIMEOUT_S, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise ReportError(
            f"impossible de joindre le planificateur Dask {scheduler} ({exc}) : vérifier "
            "l'adresse (tcp://hôte:8786) et que « dask scheduler » y tourne"
        ) from None
    with client:
        try:
            client.wait_for_workers(1, timeout=CONNECT_TIMEOUT_S)
        except TimeoutError:
            raise ReportError(
                f"le planificateur Dask {scheduler} n'a aucun travailleur après "
                f"{CONNECT_TIMEOUT_S} s : lancer « dask worker {scheduler} --nthreads 1 » "
                "sur chaque machine"
            ) from None
        yield client


def check_workers(
    facts: Mapping[str, Any], code: Mapping[str, str], data_dir: str, out_dir: str
) -> None:
    """Refuse the batch unless every worker runs the same package and sees the shared folders.

    Parameters
    ----------
    facts : mapping
        Worker address → :func:`~recouvrement.runner.executors.dask_workers.worker_facts`,
        or the exception the worker raised instead.
    code : mapping
        The driver's code fingerprint (``version``, ``notebook_sha256``, ``template_sha256``).
    data_dir, out_dir : str
        The batch's company and report folders.

    Raises
    ------
    ReportError
        In French, one sentence per worker at fault, with the fix; nothing has been
        submitted then.

    """
    version = code["version"]
    problems = []
    for address, f in sorted(facts.items()):
        if isinstance(f, BaseException):
            problems.append(
                f"le travailleur Dask {address} n'a pas pu dire sa version de recouvrement "
                f"({type(f).__name__} : {f}) : y installer recouvrement {version}"
            )
        elif f["version"] != version:
            problems.append(
                f"le travailleur Dask {address} a recouvrement {f['version']}, ce poste "
                f"{version} : installer recouvrement {version} sur ce travailleur"
            )
        elif f["code"] != dict(code):
            problems.append(
                f"le travailleur Dask {address} a recouvrement {version} mais un notebook ou "
                "un modèle de rapport différent (ou absent) : y réinstaller le même paquet"
            )
        else:
            if not f["data"]:
                problems.append(
                    f"le travailleur Dask {address} ({f['host']}) ne peut pas lire le dossier "
                    f"des sociétés {data_dir} : le monter au même chemin sur chaque machine"
                )
            if not f["out"]:
                problems.append(
                    f"le travailleur Dask {address} ({f['host']}) ne peut pas écrire dans le "
                    f"dossier des rapports {out_dir} : le monter au même chemin, en écriture, "
                    "sur chaque machine"
                )
    if problems:
        raise ReportError("lot refusé, aucun rapport lancé : " + " ; ".join(problems))


def lost_worker_message(exc: KilledWorker) -> str:
    """The French sentence of a report whose workers all died while building it."""
    return (
        f"les {exc.allowed_failures + 1} travailleurs Dask qui ont tenté ce rapport se sont "
        f"arrêtés pendant sa production (le dernier : {exc.last_worker.address}) : lire leurs "
        "journaux (mémoire, arrêt de la machine), puis relancer le lot"
    )


def run_on_dask(
    todo: Sequence[RunPlan],
    *,
    scheduler: str | None,
    jobs: int,
    reuse_kernel: bool,
    timeout: float,
    data_dir: str,
    out_dir: str,
    done: Done,
) -> int:
    """Build the reports of ``todo`` on Dask workers; call ``done`` after each one.

    Parameters
    ----------
    todo : sequence of RunPlan
        The reports to build (planned by the driver, none up to date); their folders
        are on a path every worker shares, at the same absolute path.
    scheduler : str or None
        Address of an existing scheduler (``tcp://host:8786``); ``None``: a LocalCluster.
    jobs : int
        Workers of the LocalCluster (at most one per report); ignored with ``scheduler``.
    reuse_kernel : bool
        One kernel per worker kept across its reports (:class:`KernelPlugin`), instead
        of one fresh kernel per report.
    timeout : float
        Seconds allowed per notebook cell.
    data_dir, out_dir : str
        The batch's company and report folders (checked on every worker).
    done : callable
        ``done(run, result)`` for each report, in the order they finish.

    Returns
    -------
    int
        The number of workers of the cluster when the batch started.

    Raises
    ------
    ReportError
        In French, before anything is submitted: scheduler unreachable or without
        workers, a worker with another package version or not seeing the shared folders.

    """
    if not todo:
        return 0
    packaged = all(run.notebook == NOTEBOOK.resolve() for run in todo)
    notebook = None if packaged else str(todo[0].notebook)
    with open_client(scheduler, min(jobs, len(todo))) as client:
        facts = client.run(worker_facts, notebook, data_dir, out_dir, on_error="return")
        check_workers(facts, todo[0].code, data_dir, out_dir)
        plugin = f"recouvrement-noyau-{uuid.uuid4().hex[:8]}"
        # without a kept kernel, the plugin still bounds each worker's memory
        client.register_plugin(KernelPlugin("python3" if reuse_kernel else None), name=plugin)
        try:
            futures = {
                client.submit(
                    build_report,
                    run,
                    timeout,
                    plugin,
                    packaged,
                    key=f"rapport-{run.plan.company}-{run.plan.month}-{uuid.uuid4().hex[:8]}",
                ): run
                for run in todo
            }
            for future in as_completed(futures, loop=client.loop):
                run = futures[future]
                out = run.final.parent.parent
                try:
                    result = future.result()
                except KilledWorker as exc:
                    error = ReportError(lost_worker_message(exc))
                    result = failed_result(run.plan.company, run.plan.month, out, error)
                except Exception as exc:  # the task could not run at all
                    result = failed_result(run.plan.company, run.plan.month, out, exc)
                future.release()
                done(run, result)
        finally:
            with contextlib.suppress(Exception):  # a cluster going away: nothing to stop
                client.unregister_worker_plugin(plugin)
    return len(facts)
