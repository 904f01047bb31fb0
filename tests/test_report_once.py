"""One plan per report: each input file is hashed once, and the notebook only loads and displays.

The runner's side (plan, up-to-date check, manifest) is counted around a real
``run_report``; the notebook's side by executing the report template's own code cells
in this process with the plan the runner injects (a kernel is another process, where
a monkeypatch cannot count). Together: one SHA-256 per input file per report.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from recouvrement import runner as rp
from recouvrement.io import fingerprints
from recouvrement.runner.manifest import NOTEBOOK

MONTH = "2026-10"


@pytest.fixture
def hashed(monkeypatch) -> Counter:
    """Count the SHA-256 of each file, by name, wherever the package computes one."""
    calls: Counter = Counter()
    real = fingerprints.sha256_file

    def counting(path):
        calls[Path(path).name] += 1
        return real(path)

    # the one place: the plan's inputs (a targets file is inside the folder, hashed with it)
    monkeypatch.setattr(fingerprints, "sha256_file", counting)
    return calls


def _code_cells(parameters: dict) -> list[str]:
    """The template's code cells, its parameters cell replaced as papermill does."""
    nb = json.loads(Path(NOTEBOOK).read_text(encoding="utf-8"))
    cells = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
    injected = "\n".join(f"{k} = {v!r}" for k, v in parameters.items())
    return [cells[0], injected, *cells[1:]]


def test_the_notebook_hashes_nothing_with_the_runners_plan(company_factory, hashed):
    data = company_factory("acme")
    run = rp.plan_report("acme", MONTH, data_dir=data, out_dir=data.parent / "out")
    inputs = set(run.plan.inputs)
    assert inputs == {"invoices.csv", "payments.csv", "debtors.csv", "recouvrement.yml"}
    assert {name: hashed[name] for name in inputs} == dict.fromkeys(inputs, 1)
    assert run.current() is None  # the up-to-date check hashes nothing more

    shown = []
    namespace = {"display": lambda *blocks: shown.extend(blocks)}
    for code in _code_cells({**run.plan.parameters, "plan": run.plan.to_dict()}):
        code = code.replace("from IPython.display import display\n", "")
        exec(compile(code, "audit_mensuel.ipynb", "exec"), namespace)
    assert {name: hashed[name] for name in inputs} == dict.fromkeys(inputs, 1)
    assert namespace["r"].headline.stamp == run.plan.stamp
    assert len(shown) > 40  # every section displayed something


def test_a_report_hashes_each_input_once_and_fails_if_one_changes(company_factory, hashed):
    data = company_factory("acme")
    out = data.parent / "out"
    result = rp.run_report("acme", MONTH, data_dir=data, out_dir=out)
    assert result.status == "ok", result.error
    inputs = json.loads((result.path / "manifest.json").read_text(encoding="utf-8"))["inputs"]
    assert {name: hashed[name] for name in inputs} == dict.fromkeys(inputs, 1)
    assert result.headline.company == "acme" and result.headline.stamp

    # a file modified between the plan and the end of the run fails the report
    run = rp.plan_report("acme", MONTH, data_dir=data, out_dir=out)
    (data / "acme" / "payments.csv").write_text(
        (data / "acme" / "payments.csv").read_text(encoding="utf-8") + "\n", encoding="utf-8"
    )
    changed = rp.run_report("acme", MONTH, run=run, force=True)
    assert changed.status == "failed"
    assert "les données ont changé pendant l'exécution (payments.csv)" in changed.error
    assert (out / "acme" / MONTH / "rapport.pdf").is_file()  # the good report is kept
