"""The plan of a report: parameters validated once, inputs fingerprinted once, the stamp."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from recouvrement.io import fingerprint_folder, read_ledger
from recouvrement.kpi import kpi_pack
from recouvrement.ledger import LedgerError
from recouvrement.report.context import report_targets
from recouvrement.report.plan import Plan, ReportError, make_plan, run_stamp, validate_month

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"
PARAMS = {"company": "acme", "month": "2026-10", "language": "fr", "buckets": "jours"}


@pytest.mark.parametrize("month", ["2026-13", "2026-1", "26-10", "2026/10", "", "octobre", None])
def test_invalid_months_are_refused(month):
    with pytest.raises(ReportError, match="mois invalide"):
        validate_month(month)


def test_fingerprints_and_stamp(tmp_path):
    folder = tmp_path / "acme"
    folder.mkdir()
    (folder / "invoices.csv").write_bytes(b"abc")
    (folder / ".hidden").write_bytes(b"ignored")
    prints = fingerprint_folder(folder)
    # SHA-256("abc"), the FIPS 180-2 test vector
    assert prints == {
        "invoices.csv": "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    }
    params = {**PARAMS, "targets_file": ""}
    stamp = run_stamp(prints, params, version="1.0")
    assert len(stamp) == 16
    assert run_stamp(prints, {**params, "data_dir": "/elsewhere"}, version="1.0") == stamp
    assert run_stamp(prints, {**params, "month": "2026-09"}, version="1.0") != stamp
    assert run_stamp(prints, params, version="1.1") != stamp
    (folder / "invoices.csv").write_bytes(b"abd")
    assert run_stamp(fingerprint_folder(folder), params, version="1.0") != stamp


def test_plan_of_a_sample_report():
    plan = make_plan("conseil-horizon", " 2026-10 ", data_dir=SAMPLES)
    assert plan.month == "2026-10"
    assert f"{plan.as_of:%Y-%m-%d}" == "2026-10-31"
    assert plan.folder == SAMPLES / "conseil-horizon"
    assert plan.inputs == fingerprint_folder(SAMPLES / "conseil-horizon")
    assert set(plan.states) == set(plan.inputs)
    assert plan.stamp == run_stamp(plan.inputs, plan.parameters)
    assert plan.scheme.labels() == ["Non échu", "1-30", "31-60", "61-90", "> 90"]


def test_plan_round_trips_through_the_notebook_parameter():
    plan = make_plan("meca-precision", "2026-09", data_dir=SAMPLES, buckets="mois")
    back = Plan.from_dict(plan.to_dict())
    assert back == plan  # the file states stay with the runner
    assert back.states == {}
    assert back.stamp == plan.stamp
    with pytest.raises(ReportError, match="inputs"):
        Plan.from_dict({"company": "x", "month": "2026-10", "folder": "/tmp"})


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"company": "../samples"}, "identifiant de société invalide"),
        ({"company": "nobody"}, "société inconnue"),
        ({"language": "en"}, "langue non disponible"),
        ({"buckets": "semaines"}, "tranches d'âge inconnues"),
        ({"targets_file": "absent.yml"}, "introuvable"),
    ],
    ids=["traversal", "unknown-company", "language", "buckets", "no-targets-file"],
)
def test_bad_parameters_are_refused_before_any_read(kwargs, message):
    params = {"company": "conseil-horizon", "month": "2026-10", "data_dir": SAMPLES, **kwargs}
    with pytest.raises(ReportError, match=message):
        make_plan(**params)


def test_targets_file_overrides_references_and_checks_keys(tmp_path):
    """The company's own target wins for its KPI; a KPI with no own target and no public
    reference on its basis has none (no invented default); the DSO on the Banque de
    France basis keeps its public reference, with its source."""
    folder = tmp_path / "data" / "acme"
    shutil.copytree(SAMPLES / "conseil-horizon", folder)
    (folder / "objectifs.yml").write_text("dso: 45\n", encoding="utf-8")
    (folder / "typo.yml").write_text("dsoo: 45\n", encoding="utf-8")
    plan = make_plan("acme", "2026-10", data_dir=folder.parent, targets_file="objectifs.yml")
    ledger = read_ledger(folder)
    kpis = kpi_pack(ledger, plan.as_of)
    goals = report_targets(plan, ledger, kpis)
    assert goals["dso"].value == 45.0
    assert goals["dso"].source == "objectifs de la société (objectifs.yml)"
    assert goals["recovery_rate"].value is None
    assert goals["dso_bdf"].source.startswith("Banque de France")
    typo = make_plan("acme", "2026-10", data_dir=folder.parent, targets_file="typo.yml")
    with pytest.raises(ReportError, match="dsoo"):
        report_targets(typo, ledger, kpis)


def test_targets_file_is_inside_the_folder_and_fingerprinted_with_it(tmp_path):
    folder = tmp_path / "data" / "acme"
    (folder / "cibles").mkdir(parents=True)
    (folder / "invoices.csv").write_text("x\n", encoding="utf-8")
    (folder / "cibles" / "objectifs.yml").write_text("dso: 40\n", encoding="utf-8")
    plan = make_plan(
        "acme", "2026-10", data_dir=folder.parent, targets_file="cibles/objectifs.yml"
    )
    assert set(plan.inputs) == {"invoices.csv", "cibles/objectifs.yml"}
    assert plan.targets_name == "cibles/objectifs.yml"
    assert plan.parameters["targets_file"] == "cibles/objectifs.yml"
    outside = tmp_path / "objectifs.yml"
    outside.write_text("dso: 40\n", encoding="utf-8")
    with pytest.raises(ReportError, match="chemin relatif au dossier de la société"):
        make_plan("acme", "2026-10", data_dir=folder.parent, targets_file=str(outside))


def test_configuration_pointing_outside_the_company_folder_is_refused_before_reading(tmp_path):
    from recouvrement.report.context import open_report

    data = tmp_path / "data"
    (data / "a").mkdir(parents=True)
    (data / "b").mkdir()
    (data / "b" / "invoices.csv").write_text(
        "invoice_id,debtor_id,issue_date,due_date,amount\nF1,C1,2026-01-01,2026-01-31,100\n",
        encoding="utf-8",
    )
    (data / "a" / "payments.csv").write_text("invoice_id,date,amount\n", encoding="utf-8")
    (data / "a" / "recouvrement.yml").write_text(
        "tables:\n  invoices:\n    file: ../b/invoices.csv\n", encoding="utf-8"
    )
    with pytest.raises(LedgerError, match=r"« \.\./b/invoices\.csv » : un fichier du dossier"):
        open_report(make_plan("a", "2026-10", data_dir=data))


def test_a_targets_link_loop_is_refused_like_a_link_outside(tmp_path):
    folder = tmp_path / "data" / "acme"
    folder.mkdir(parents=True)
    (folder / "invoices.csv").write_text("x\n", encoding="utf-8")
    (folder / "boucle.yml").symlink_to(folder / "boucle.yml")
    with pytest.raises(ReportError, match="c'est un lien vers un fichier hors du dossier"):
        make_plan("acme", "2026-10", data_dir=folder.parent, targets_file="boucle.yml")


def test_without_a_month_the_dates_are_read_once(company_factory, monkeypatch):
    from recouvrement.io import companies
    from recouvrement.report import plan as plan_module

    data = company_factory("acme")
    calls = []
    real = companies.activity_period

    def counting(folder):
        calls.append(folder.name)
        return real(folder)

    monkeypatch.setattr(companies, "activity_period", counting)
    monkeypatch.setattr(plan_module, "activity_period", counting)
    # the factory's last operation is a payment of 03/01/2027
    assert make_plan("acme", None, data_dir=data).month == "2027-01"
    assert calls == ["acme"]
    assert make_plan("acme", "2026-10", data_dir=data).month == "2026-10"
    assert calls == ["acme", "acme"]
