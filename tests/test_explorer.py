"""notebooks/explorer.ipynb runs headless (papermill, no frontend) and renders every view.

The views are ``Output`` widgets filled by ``widgets.interactive_output``, which renders once
when the cell runs. Executed without a frontend, what they display is stored in the
notebook's widget state (``metadata.widgets``), not in the cells' outputs; so is an error
raised while a view renders (the ``Output`` widget shows it instead of failing the cell).
Both places are searched here.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import papermill
import pytest
from nbformat.v4 import new_code_cell

import recouvrement as rc
from recouvrement.formatting import fmt_eur
from tests.conftest import XSS_NAME

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
NOTEBOOK = REPO / "notebooks" / "explorer.ipynb"
SAMPLES = REPO / "data" / "samples"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
#: data/samples/README.md: every sample company's history ends on 2026-10-31.
LATEST = "2026-10-31"
COMPANIES = [
    "atelier-rivage",
    "atelier-rivage-fec",
    "batiment-durand",
    "conseil-horizon",
    "maison-lumiere",
    "meca-precision",
]
#: Charts drawn by the views: bucket mix, top overdue debtors, aged balance over time, DSO.
N_CHARTS = 4
#: Per-cell bound (seconds; every cell takes well under one on the samples). With ipykernel 7
#: nbclient intermittently missed an execute_reply after cells sending large outputs and
#: waited forever (ipython/ipykernel#1471, jupyter/nbclient#312); ipykernel is pinned < 7 in
#: pyproject.toml, and this bound stays as a guard: a bounded wait re-checks the socket.
EXECUTION_TIMEOUT = 60


def execute(out: Path, notebook: Path = NOTEBOOK, cwd: Path = REPO / "notebooks", **parameters):
    papermill.execute_notebook(
        str(notebook),
        str(out),
        parameters=parameters,
        cwd=str(cwd),
        kernel_name="python3",
        progress_bar=False,
        execution_timeout=EXECUTION_TIMEOUT,
    )
    return nbformat.read(out, as_version=4)


def widget_state(nb) -> dict[str, dict]:
    return nb.metadata["widgets"][WIDGET_STATE]["state"]


def control(nb, description: str) -> dict:
    (state,) = [
        m["state"]
        for m in widget_state(nb).values()
        if m["state"].get("description") == description
    ]
    return state


def selected_label(nb, description: str) -> str:
    state = control(nb, description)
    return state["_options_labels"][state["index"]]


def view_outputs(nb) -> list[dict]:
    """What the views display: the outputs stored in the state of the ``Output`` widgets."""
    return [
        o
        for m in widget_state(nb).values()
        if m["model_name"] == "OutputModel"
        for o in m["state"]["outputs"]
    ]


def all_outputs(nb) -> list[dict]:
    return [o for c in nb.cells if c.cell_type == "code" for o in c.outputs] + view_outputs(nb)


def html(outputs: list[dict]) -> str:
    return "\n".join(o.get("data", {}).get("text/html", "") for o in outputs)


def assert_clean(nb) -> None:
    outputs = all_outputs(nb)
    errors = [f"{o['ename']}: {o['evalue']}" for o in outputs if o["output_type"] == "error"]
    assert errors == []
    stderr = [o["text"] for o in outputs if o["output_type"] == "stream" and o["name"] == "stderr"]
    assert stderr == []


def charts(nb) -> list[dict]:
    return [o for o in view_outputs(nb) if "image/png" in o.get("data", {})]


@pytest.fixture(scope="module")
def default_run(tmp_path_factory):
    return execute(tmp_path_factory.mktemp("explorer") / "explorer.ipynb")


@pytest.fixture(scope="module")
def meca_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("explorer") / "explorer.ipynb"
    return execute(out, company="meca-precision", buckets="mois")


def test_defaults_show_first_company_at_latest_month_end(default_run):
    assert_clean(default_run)
    ledger = rc.read_ledger(SAMPLES / "atelier-rivage")  # the first company
    text = html(view_outputs(default_run))
    assert f"{ledger.name} : balance âgée au 31/10/2026" in text
    assert "Indicateurs au 31/10/2026" in text
    for label in ("Non échu", "1-30", "31-60", "61-90", "&gt; 90", "Non affecté"):
        assert f">{label}</th>" in text
    balance = rc.aged_balance(ledger, LATEST)
    total = fmt_eur(balance[rc.conventions.TOTAL_LABEL].sum())
    assert "\u00a0€" in total
    assert f">{total}</td>" in text  # the portfolio total row
    assert f">{rc.kpi_pack(ledger, LATEST)['dso'].formatted()}</td>" in text
    assert len(charts(default_run)) == N_CHARTS


def test_defaults_store_the_widget_state(default_run):
    state = widget_state(default_run)
    assert control(default_run, "Société")["_options_labels"] == COMPANIES
    assert selected_label(default_run, "Société") == "atelier-rivage"
    assert selected_label(default_run, "Arrêté au") == "31/10/2026"
    assert selected_label(default_run, "Tranches") == rc.Buckets().describe()
    assert selected_label(default_run, "Âge depuis") == "l'échéance"
    views = [
        o["data"][WIDGET_VIEW]["model_id"]
        for c in default_run.cells
        if c.cell_type == "code"
        for o in c.outputs
        if WIDGET_VIEW in o.get("data", {})
    ]
    assert len(views) == 6  # the controls, then five views
    assert all(model_id in state for model_id in views)


def test_parameters_select_company_and_month_buckets(meca_run):
    assert_clean(meca_run)
    ledger = rc.read_ledger(SAMPLES / "meca-precision")
    text = html(view_outputs(meca_run))
    assert f"{ledger.name} : balance âgée au 31/10/2026" in text
    for label in ("Non échu", "&lt; 2 mois", "2-6 mois", "&gt; 6 mois"):
        assert f">{label}</th>" in text
    assert ">1-30</th>" not in text
    balance = rc.aged_balance(ledger, LATEST, buckets="mois")
    assert f">{fmt_eur(balance[rc.conventions.TOTAL_LABEL].sum())}</td>" in text
    assert selected_label(meca_run, "Société") == "meca-precision"
    assert selected_label(meca_run, "Tranches") == rc.MONTH_BUCKETS.describe()
    assert len(charts(meca_run)) == N_CHARTS


def test_changing_a_control_renders_the_views_again(tmp_path):
    # Run from another directory: a relative data_dir is relative to the working directory,
    # so the samples are given by their absolute path.
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nb.cells.append(new_code_cell('company_w.value = "conseil-horizon"\nbasis_w.value = "issue"'))
    nbformat.write(nb, tmp_path / "edited.ipynb")
    run = execute(
        tmp_path / "executed.ipynb",
        notebook=tmp_path / "edited.ipynb",
        cwd=tmp_path,
        data_dir=str(SAMPLES),
    )
    assert_clean(run)
    text = html(view_outputs(run))
    assert "Conseil Horizon SARL : balance âgée au 31/10/2026" in text
    assert "Bâtiment Durand SAS" not in text
    assert ">0-30</th>" in text  # issue-date basis: no « Non échu » bucket
    assert ">Non échu</th>" not in text
    assert len(charts(run)) == N_CHARTS


def test_client_data_is_escaped(two_companies, tmp_path):
    run = execute(tmp_path / "explorer.ipynb", data_dir=str(two_companies), company="alpha")
    assert_clean(run)
    text = html(view_outputs(run))
    assert "Alpha Construction SAS : balance âgée" in text
    assert XSS_NAME not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert control(run, "Société")["_options_labels"] == ["alpha", "beta"]


@pytest.mark.parametrize(
    ("parameters", "message"),
    [
        ({"company": "inconnue"}, "company='inconnue'"),
        ({"basis": "echeance"}, "basis='echeance'"),
        ({"buckets": "semaines"}, "unknown bucket preset 'semaines'"),
        ({"as_of": "2026-10-15"}, "as_of='2026-10-15'"),
        ({"data_dir": "nulle-part"}, "dossier de données introuvable"),
    ],
    ids=["unknown-company", "unknown-basis", "unknown-buckets", "not-a-month-end", "no-data-dir"],
)
def test_bad_parameters_stop_the_run(tmp_path, parameters, message):
    with pytest.raises(papermill.PapermillExecutionError, match=message):
        execute(tmp_path / "explorer.ipynb", **parameters)
