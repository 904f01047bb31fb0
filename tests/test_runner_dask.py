"""``recouvrement batch --executor dask``: the same reports as the local executor, on Dask.

Real Jupyter kernels and real Dask worker processes, kept few (CI time): two sample
companies and a broken one are built once by each executor (``local_run`` in a
subprocess, which also tells whether Dask was imported; ``dask_run`` through the CLI
on a LocalCluster of two workers); a worker is killed in the middle of a batch of two
small companies; the version check runs on an in-process cluster, where nothing is
ever submitted.
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
from typer.testing import CliRunner

from recouvrement import runner as rp
from recouvrement._version import __version__
from recouvrement.cli import app
from recouvrement.report.plan import ReportError
from recouvrement.runner.executors import DASK_INSTALL, check_executor
from recouvrement.runner.folders import clean_stale
from recouvrement.runner.manifest import ERROR_NAME, FAILED_SUFFIX, INDEX_NAME, NOTEBOOK_NAME
from tests import pdf_checks
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


@pytest.fixture(scope="module")
def dask_run(companies, tmp_path_factory, run_days):
    out = tmp_path_factory.mktemp("dask")
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
    run_days.add(dt.date.today())
    return out, cli


def _pdf_text(pdf: Path, days: set[dt.date]) -> str:
    """The PDF's text, the issue date (the day of the run, ``dd/mm/yyyy``) replaced."""
    text = "\n".join(line.text for _, line in pdf_checks.text_lines(pdf))
    for day in days:
        text = text.replace(f"{day:%d/%m/%Y}", "<date d'émission>")
    return text


def test_the_local_executor_never_imports_dask(local_run):
    _, seen = local_run
    assert seen["dask"] == []
    assert seen["statuses"] == {"atelier-rivage": "ok", "conseil-horizon": "ok", BROKEN: "failed"}


@pytest.mark.parametrize("company", PAIR)
def test_dask_reports_have_the_same_pdf_text_as_local_ones(local_run, dask_run, company, run_days):
    """Only the issue date on the cover (the day of the run) is left out of the comparison."""
    (local, _), (remote, cli) = local_run, dask_run
    assert re.search(rf"{company}\s+{MONTH}\s+ok", cli.output), cli.output
    assert "2 travailleurs Dask (grappe locale)" in cli.output
    (folder,) = [p for p in (local / company).iterdir() if p.is_dir()]
    other = remote / company / folder.name
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in other.iterdir())
    for name in ("rapport.pdf", "lettres.pdf"):
        mine, theirs = _pdf_text(folder / name, run_days), _pdf_text(other / name, run_days)
        assert len(mine) > 1000
        assert mine == theirs, name
    manifest = json.loads((other / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["kernel"] == "reused"  # the worker plugin's kernel


def test_a_failing_company_does_not_stop_the_dask_batch(local_run, dask_run):
    """Same outcome as the local executor: exit 1, the others built, gamma's .failed folder
    with error.txt and the notebook; the index and the checklist written by the driver."""
    (local, _), (remote, cli) = local_run, dask_run
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


def test_a_worker_killed_mid_batch_does_not_lose_its_report(tmp_path):
    """Two workers; the worker building the first report is killed (SIGKILL) once its
    report has started: the scheduler gives the task to another worker, every report
    is built, and the killed worker's temporary folder is left to the next batch."""
    data = tmp_path / "data"
    for i, name in enumerate(("delta", "echo")):
        make_company(data, name, name=f"{name.title()} SAS", debtor_names=["A", "B"], seed=i)
    out = tmp_path / "out"
    killed: list[int] = []

    def kill_first_started() -> None:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and not killed:
            for tmp in out.glob(f"*/.{MONTH}.tmp-*"):
                pid = int(re.match(rf"\.{MONTH}\.tmp-(\d+)-", tmp.name)[1])
                if pid != os.getpid():
                    os.kill(pid, signal.SIGKILL)
                    killed.append(pid)
                    return
            time.sleep(0.05)

    killer = threading.Thread(target=kill_first_started, daemon=True)
    killer.start()
    result = rp.run_batch(
        MONTH, data_dir=data, out_dir=out, jobs=2, progress=False, executor="dask"
    )
    killer.join(1)
    assert killed, "no report started"
    assert {r.company: r.status for r in result.results} == {"delta": "ok", "echo": "ok"}
    assert all((r.path / "rapport.pdf").is_file() for r in result.results)
    leftovers = list(out.glob(f"*/.{MONTH}.tmp-{killed[0]}-*"))
    assert leftovers  # what the killed worker was writing, never published
    clean_stale(out)
    assert not any(p.exists() for p in leftovers)


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
