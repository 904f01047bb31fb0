"""``recouvrement batch --executor dask``: the same reports as the local executor, on Dask.

Real Jupyter kernels and real Dask worker processes, kept few (CI time): two sample
companies and a broken one are built once by each executor (``local_run`` in a
subprocess, which also tells whether Dask was imported; ``dask_run`` through the CLI
on a LocalCluster of two workers, one of which is killed in the middle of a report);
the version check runs on an in-process cluster, where nothing is ever submitted.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from recouvrement import runner as rp
from recouvrement._version import __version__
from recouvrement.cli import app
from recouvrement.report.plan import ReportError
from recouvrement.runner.executors import DASK_INSTALL, check_executor
from recouvrement.runner.folders import clean_stale
from recouvrement.runner.manifest import (
    ERROR_NAME,
    FAILED_SUFFIX,
    INDEX_NAME,
    NOTEBOOK_NAME,
    PDF_NAME,
)
from tests.conftest import make_company

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"
#: The two smallest sample companies (each audited for its own latest month).
PAIR = ("atelier-rivage", "conseil-horizon")
BROKEN = "gamma"
MONTH = "2026-10"

#: Run by the local batch's subprocess: the batch, then the Dask modules it imported.
LOCAL_SCRIPT = """
import json, sys
from recouvrement import runner as rp
result = rp.run_batch(
    "2026-10", data_dir=sys.argv[1], out_dir=sys.argv[2], jobs=2, progress=False
)
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("dask", "distributed"))
print(json.dumps({"statuses": {r.company: r.status for r in result.results}, "dask": loaded}))
"""


@pytest.fixture(scope="module")
def companies(tmp_path_factory):
    """Two sample companies and ``gamma``, whose invoices.csv has none of the columns."""
    data = tmp_path_factory.mktemp("companies")
    for company in PAIR:
        shutil.copytree(SAMPLES / company, data / company)
    (data / BROKEN).mkdir()
    (data / BROKEN / "invoices.csv").write_text("no,such,columns\n1,2,3\n", encoding="utf-8")
    return data


@pytest.fixture(scope="module")
def run_days():
    """The days the module's batches ran on (the report's issue date is one of them)."""
    return {dt.date.today()}


@pytest.fixture(scope="module")
def local_run(companies, tmp_path_factory, run_days):
    out = tmp_path_factory.mktemp("local")
    done = subprocess.run(
        [sys.executable, "-c", LOCAL_SCRIPT, str(companies), str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    run_days.add(dt.date.today())
    return out, json.loads(done.stdout.strip().splitlines()[-1])


def _kill_first_started(out: Path, killed: list[int], companies=PAIR) -> None:
    """Kill (SIGKILL) the worker building the first report of ``companies`` to start.

    A report being built has its temporary folder ``.<month>.tmp-<pid>-*``, named
    with the process id of the worker building it.
    """
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        for company in companies:
            for tmp in out.glob(f"{company}/.{MONTH}.tmp-*"):
                pid = int(re.match(rf"\.{MONTH}\.tmp-(\d+)-", tmp.name)[1])
                if pid != os.getpid():
                    os.kill(pid, signal.SIGKILL)
                    killed.append(pid)
                    return
        time.sleep(0.05)


@pytest.fixture(scope="module")
def dask_run(companies, tmp_path_factory, run_days):
    """The CLI on a LocalCluster of two workers; the worker building the first sample
    report to start is killed meanwhile (``killed``: its process id)."""
    out = tmp_path_factory.mktemp("dask")
    killed: list[int] = []
    killer = threading.Thread(target=_kill_first_started, args=(out, killed), daemon=True)
    killer.start()
    cli = CliRunner().invoke(
        app,
        [
            "batch",
            "--month",
            MONTH,
            "--data",
            str(companies),
            "--out",
            str(out),
            "--jobs",
            "2",
            "--executor",
            "dask",
            "--no-progress",
        ],
    )
    killer.join(1)
    run_days.add(dt.date.today())
    return out, cli, killed


def _pdf_text(pdf: Path, days: set[dt.date]) -> list[str]:
    """The text of each page (pypdf), the issue date (the day of the run) replaced."""
    pages = [page.extract_text() for page in PdfReader(pdf).pages]
    for day in days:
        pages = [text.replace(f"{day:%d/%m/%Y}", "<date d'émission>") for text in pages]
    return pages


def test_the_local_executor_never_imports_dask(local_run):
    _, seen = local_run
    assert seen["dask"] == []
    assert seen["statuses"] == {"atelier-rivage": "ok", "conseil-horizon": "ok", BROKEN: "failed"}


@pytest.mark.parametrize("company", PAIR)
def test_dask_reports_have_the_same_pdf_text_as_local_ones(local_run, dask_run, company, run_days):
    """The report's PDF, page by page: only the issue date on the cover (the day of the
    run) is left out. The letters: same pages, from the same HTML byte for byte."""
    (local, _), (remote, cli, _) = local_run, dask_run
    assert re.search(rf"{company}\s+{MONTH}\s+ok", cli.output), cli.output
    assert "2 travailleurs Dask (grappe locale)" in cli.output
    folder, other = local / company / MONTH, remote / company / MONTH
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in other.iterdir())
    mine, theirs = _pdf_text(folder / PDF_NAME, run_days), _pdf_text(other / PDF_NAME, run_days)
    assert len(mine) > 5 and sum(map(len, mine)) > 10_000
    assert mine == theirs
    assert len(PdfReader(folder / "lettres.pdf").pages) == len(
        PdfReader(other / "lettres.pdf").pages
    )
    assert (folder / "lettres.html").read_bytes() == (other / "lettres.html").read_bytes()
    manifest = json.loads((other / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["kernel"] == "reused"  # the worker plugin's kernel


def test_a_worker_killed_mid_report_does_not_lose_the_report(dask_run):
    """The worker building the first report was killed (SIGKILL) while building it: the
    scheduler gave the report to another worker and every company has its report; what
    the killed worker was writing is never published, and the next batch removes it."""
    remote, cli, killed = dask_run
    assert killed, "no report started"
    for company in PAIR:
        assert re.search(rf"{company}\s+{MONTH}\s+ok", cli.output), cli.output
        assert (remote / company / MONTH / PDF_NAME).is_file()
    leftovers = list(remote.glob(f"*/.{MONTH}.tmp-{killed[0]}-*"))
    assert len(leftovers) == 1
    clean_stale(remote)
    assert not leftovers[0].exists()


def test_a_failing_company_does_not_stop_the_dask_batch(local_run, dask_run):
    """Same outcome as the local executor: exit 1, the others built, gamma's .failed folder
    with error.txt and the notebook; the index and the checklist written by the driver."""
    (local, _), (remote, cli, _) = local_run, dask_run
    assert cli.exit_code == 1, cli.output
    assert re.search(rf"{BROKEN}\s+{MONTH}\s+ÉCHEC", cli.output)
    failed, expected = (root / BROKEN / f"{MONTH}{FAILED_SUFFIX}" for root in (remote, local))
    assert sorted(p.name for p in failed.iterdir()) == sorted(p.name for p in expected.iterdir())
    assert (failed / NOTEBOOK_NAME).is_file()
    error = (failed / ERROR_NAME).read_text(encoding="utf-8")
    assert "LedgerError" in error
    first = (expected / ERROR_NAME).read_text(encoding="utf-8").splitlines()[0]
    assert error.splitlines()[0] == first
    assert not (remote / BROKEN / MONTH).exists()
    index = (remote / INDEX_NAME).read_text(encoding="utf-8")
    assert f"{BROKEN}/{MONTH}.failed/error.txt" in index
    assert "conseil-horizon/2026-10/rapport.pdf" in index
    assert (remote / "lettres-a-completer.csv").is_file()


def test_a_worker_of_another_version_is_refused_before_anything_is_submitted(tmp_path, monkeypatch):
    """An in-process cluster, whose worker reports version 0.0.0-autre: the batch is
    refused in French with the worker's address and both versions; no kernel plugin,
    no task, no report folder."""
    from distributed import LocalCluster

    from recouvrement.runner.executors import dask_workers

    data = tmp_path / "data"
    make_company(data, "delta", name="Delta SAS", debtor_names=["A"], seed=1)
    monkeypatch.setattr(dask_workers, "__version__", "0.0.0-autre")
    with LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        (address,) = cluster.scheduler.workers
        with pytest.raises(ReportError) as refused:
            rp.run_batch(
                MONTH,
                data_dir=data,
                out_dir=tmp_path / "out",
                progress=False,
                executor="dask",
                scheduler=cluster.scheduler_address,
            )
        assert not cluster.scheduler.tasks
        assert not [p for p in cluster.scheduler.worker_plugins if p.startswith("recouvrement")]
    message = str(refused.value)
    assert f"le travailleur Dask {address} a recouvrement 0.0.0-autre" in message
    assert f"ce poste {__version__}" in message
    assert "aucun rapport lancé" in message
    assert not (tmp_path / "out" / "delta").exists()


def test_check_workers_names_each_worker_at_fault():
    from recouvrement.runner.executors.dask_batch import check_workers

    code = {"version": "1.0", "notebook_sha256": "a", "template_sha256": "b"}
    good = {"version": "1.0", "code": code, "data": True, "out": True, "host": "m1"}
    check_workers({"tcp://m1:1": good}, code, "/d", "/o")  # nothing to say
    facts = {
        "tcp://m2:1": {**good, "code": {**code, "template_sha256": "c"}},
        "tcp://m3:1": {**good, "data": False, "out": False, "host": "m3"},
        "tcp://m4:1": ModuleNotFoundError("No module named 'recouvrement'"),
    }
    with pytest.raises(ReportError) as refused:
        check_workers(facts, code, "/d", "/o")
    message = str(refused.value)
    assert "tcp://m2:1 a recouvrement 1.0 mais un notebook ou un modèle" in message
    assert "tcp://m3:1 (m3) ne peut pas lire le dossier des sociétés /d" in message
    assert "tcp://m3:1 (m3) ne peut pas écrire dans le dossier des rapports /o" in message
    assert "tcp://m4:1 n'a pas pu dire sa version" in message
    assert "tcp://m1:1" not in message


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--executor", "spark"], "--executor « spark » inconnu : choisir local"),
        (["--scheduler", "tcp://h:8786"], "ne sert qu'avec --executor dask"),
    ],
    ids=["unknown-executor", "scheduler-without-dask"],
)
def test_the_cli_refuses_wrong_executor_options_in_french(tmp_path, args, message):
    make_company(tmp_path, "delta", name="Delta SAS", debtor_names=["A"], seed=1)
    cli = CliRunner().invoke(
        app, ["batch", "--data", str(tmp_path), "--out", str(tmp_path / "o"), *args]
    )
    assert cli.exit_code == 2
    assert message in cli.output


def test_dask_missing_is_said_in_french_with_the_install_command(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed fails
    with pytest.raises(ReportError, match=re.escape(DASK_INSTALL)):
        check_executor("dask")
    make_company(tmp_path, "delta", name="Delta SAS", debtor_names=["A"], seed=1)
    cli = CliRunner().invoke(
        app, ["batch", "--data", str(tmp_path), "--out", str(tmp_path / "o"), "--executor", "dask"]
    )
    assert cli.exit_code == 2
    assert "pip install 'recouvrement[dask]'" in cli.output
    assert not (tmp_path / "o" / "delta").exists()


def test_the_help_documents_the_executor_options():
    help_text = CliRunner().invoke(app, ["batch", "--help"], terminal_width=200).output
    assert "--executor" in help_text and "--scheduler" in help_text
    assert "grappe Dask" in help_text


def test_a_report_whose_workers_all_died_fails_alone_in_french():
    """What the driver records when the scheduler gives up a report (KilledWorker)."""
    from types import SimpleNamespace

    from distributed import KilledWorker

    from recouvrement.runner.executors.dask_batch import lost_worker_message

    exc = KilledWorker("rapport-delta", SimpleNamespace(address="tcp://10.0.0.7:4000"), 2)
    assert lost_worker_message(exc) == (
        "les 3 travailleurs Dask qui ont tenté ce rapport se sont arrêtés pendant sa "
        "production (le dernier : tcp://10.0.0.7:4000) : lire leurs journaux (mémoire, arrêt "
        "de la machine), puis relancer le lot"
    )
