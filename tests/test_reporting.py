"""Report pipeline: validation, fingerprints, atomic outputs, index, targets (fast unit tests).

The end-to-end runs (notebook → HTML → PDF, batch, CLI) are in ``test_report_e2e.py``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from recouvrement import runner as rp
from recouvrement.io import load_targets
from recouvrement.ledger import LedgerError
from tests.conftest import XSS_NAME

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"


@pytest.mark.parametrize(
    "company",
    ["../x", "/etc", "a/b", "..", ".", "", ".hidden", "x\\y", "société", "a b", "-rf", None, 3],
    ids=repr,
)
def test_company_ids_that_are_not_plain_names_are_refused(company):
    with pytest.raises(rp.ReportError, match="identifiant de société invalide"):
        rp.validate_company(company)


@pytest.mark.parametrize("company", ["conseil-horizon", "acme_2", "A1", "x.y"])
def test_plain_company_ids_are_accepted(company):
    assert rp.validate_company(company) == company


def test_unknown_company_lists_the_known_ones():
    with pytest.raises(rp.ReportError, match="société inconnue.*conseil-horizon"):
        rp.company_folder(SAMPLES, "nobody")


@pytest.mark.parametrize("month", ["2026-13", "2026-1", "26-10", "2026/10", "", "octobre"])
def test_invalid_months_are_refused(month):
    with pytest.raises(rp.ReportError, match="mois invalide"):
        rp.validate_month(month)


def test_list_companies_are_the_sample_folders():
    assert rp.list_companies(SAMPLES) == [
        "batiment-durand",
        "conseil-horizon",
        "maison-lumiere",
        "meca-precision",
    ]


def test_latest_month_of_the_samples():
    assert rp.latest_month(SAMPLES) == "2026-10"


def test_fingerprints_and_stamp(tmp_path):
    folder = tmp_path / "acme"
    folder.mkdir()
    (folder / "invoices.csv").write_bytes(b"abc")
    (folder / ".hidden").write_bytes(b"ignored")
    prints = rp.fingerprint_folder(folder)
    # SHA-256("abc"), the FIPS 180-2 test vector
    assert prints == {
        "invoices.csv": "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    }
    params = {
        "company": "acme",
        "month": "2026-10",
        "language": "fr",
        "buckets": "jours",
        "targets_file": "",
    }
    stamp = rp.run_stamp(prints, params, version="1.0")
    assert len(stamp) == 16
    assert rp.run_stamp(prints, {**params, "data_dir": "/elsewhere"}, version="1.0") == stamp
    assert rp.run_stamp(prints, {**params, "month": "2026-09"}, version="1.0") != stamp
    assert rp.run_stamp(prints, params, version="1.1") != stamp
    (folder / "invoices.csv").write_bytes(b"abd")
    assert rp.run_stamp(rp.fingerprint_folder(folder), params, version="1.0") != stamp


def test_report_context_rejects_traversal_and_reads_only_own_folder(tmp_path):
    with pytest.raises(rp.ReportError):
        rp.report_context("../samples", "2026-10", data_dir=SAMPLES)
    ctx = rp.report_context("conseil-horizon", "2026-10", data_dir=SAMPLES)
    assert ctx.as_of.strftime("%Y-%m-%d") == "2026-10-31"
    assert ctx.folder == SAMPLES / "conseil-horizon"
    assert all(not name.startswith("..") for name in ctx.inputs)


def test_configuration_pointing_outside_the_company_folder_is_refused(tmp_path):
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
    ctx = rp.report_context("a", "2026-10", data_dir=data)
    with pytest.raises((rp.ReportError, LedgerError), match="hors du dossier|outside"):
        ctx.read_ledger()


def test_publish_replaces_a_folder_whole(tmp_path):
    final = tmp_path / "2026-10"
    final.mkdir()
    (final / "old.txt").write_text("old")
    tmp = tmp_path / ".tmp"
    tmp.mkdir()
    (tmp / "new.txt").write_text("new")
    rp._publish(tmp, final)
    assert sorted(p.name for p in final.iterdir()) == ["new.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2026-10"]


def test_targets_file_overrides_defaults_and_checks_keys(tmp_path):
    good = tmp_path / "objectifs.yml"
    good.write_text("dso: 45\nrecovery_rate_3m: 85.5\n", encoding="utf-8")
    assert load_targets(good) == {"dso": 45.0, "recovery_rate_3m": 85.5}
    bad = tmp_path / "bad.yml"
    bad.write_text("dso: beaucoup\n", encoding="utf-8")
    with pytest.raises(LedgerError, match="not a number"):
        load_targets(bad)

    data = tmp_path / "data"
    folder = data / "acme"
    folder.mkdir(parents=True)
    (folder / "objectifs.yml").write_text("dso: 45\n", encoding="utf-8")
    (folder / "typo.yml").write_text("dsoo: 45\n", encoding="utf-8")
    targets = rp.report_context(
        "acme", "2026-10", data_dir=data, targets_file="objectifs.yml"
    ).targets()
    assert targets["dso"] == 45.0
    assert targets["recovery_rate"] == 90.0  # default kept
    with pytest.raises(rp.ReportError, match="dsoo"):
        rp.report_context("acme", "2026-10", data_dir=data, targets_file="typo.yml").targets()
    with pytest.raises(rp.ReportError, match="introuvable"):
        rp.report_context("acme", "2026-10", data_dir=data, targets_file="absent.yml")


def _manifest(folder: Path, **headline) -> None:
    folder.mkdir(parents=True)
    manifest = {
        "status": "ok",
        "company_name": headline.pop("company_name", "Acme"),
        "stamp": "0123456789abcdef",
        "headline": headline,
    }
    (folder / rp.MANIFEST_NAME).write_text(json.dumps(manifest), encoding="utf-8")


def test_index_lists_reports_escaped_and_formatted(tmp_path):
    _manifest(
        tmp_path / "acme" / "2026-10",
        company_name=XSS_NAME,
        encours=1234.5,
        dso=45.26,
        overdue=None,
    )
    _manifest(tmp_path / "acme" / "2026-09", encours=10.0)
    (tmp_path / "beta" / "2026-10.failed").mkdir(parents=True)
    (tmp_path / "beta" / "2026-10.failed" / rp.MANIFEST_NAME).write_text(
        json.dumps({"status": "failed", "error": "LedgerError: <b>bad</b>"}), encoding="utf-8"
    )
    html = rp.write_index(tmp_path).read_text(encoding="utf-8")
    assert XSS_NAME not in html and "<b>bad</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;bad&lt;/b&gt;" in html
    assert "1\u00a0234,50\u00a0€" in html
    assert "45,3\u00a0j" in html
    assert "octobre 2026" in html and "septembre 2026" in html
    assert 'href="acme/2026-10/rapport.pdf"' in html
    assert html.index("octobre 2026") < html.index("septembre 2026")  # newest first
    assert "non disponible" in html  # a missing figure is said, not invented
