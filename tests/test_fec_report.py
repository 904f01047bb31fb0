"""`recouvrement report` on a folder holding only FEC files and a recouvrement.yml.

Runs a real Jupyter kernel on a copy of ``data/samples/atelier-rivage-fec``: the full
report, with the tie to the 411 accounts and the lettrage section, and a copy whose
FEC lost a line of its books is refused (the tie is a gate).
"""

from __future__ import annotations

import html
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from recouvrement.cli import app
from recouvrement.runner.manifest import HTML_NAME, MANIFEST_NAME, PDF_NAME
from tests.conftest import untypeset

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "samples" / "atelier-rivage-fec"


@pytest.fixture(scope="module")
def fec_run(tmp_path_factory):
    data = tmp_path_factory.mktemp("clients")
    shutil.copytree(SAMPLE, data / "rivage")
    out = tmp_path_factory.mktemp("out")
    cli = CliRunner().invoke(
        app, ["report", "--company", "rivage", "--data", str(data), "--out", str(out)]
    )
    return out / "rivage" / "2026-10", cli


def test_the_report_of_a_fec_folder(fec_run):
    folder, cli = fec_run
    assert cli.exit_code == 0, cli.output
    assert (folder / PDF_NAME).stat().st_size > 0
    text = untypeset(html.unescape((folder / HTML_NAME).read_text(encoding="utf-8")))
    assert "Rapprochement avec la comptabilité (comptes 411) au 31/10/2026" in text
    assert "= 155\u00a0703,42\u00a0€, pour chacun" in text
    assert "pour chacun des 20 débiteurs : vérifié au centime" in text
    assert "Lettrage des comptes clients" in text
    assert "999888779FEC20251231.txt" in text and "ISO-8859-15" in text
    assert "contractuel (recouvrement.yml, fec: terms_days)" in text
    # the aged balance says where its due dates come from
    assert "Échéances : le FEC n'en contient pas ; elles sont calculées avec 30\u00a0débiteurs au " \
        "délai contractuel" in text
    manifest = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert manifest["headline"]["encours"] == 155703.42


def test_a_fec_line_lost_stops_the_report(tmp_path):
    company = tmp_path / "clients" / "rivage"
    shutil.copytree(SAMPLE, company)
    fec = company / "999888779FEC20251231.txt"
    lines = fec.read_bytes().split(b"\r\n")
    # drop one whole bank entry (its two lines): the file still balances, but the
    # second year's opening entry no longer restates the first year's closing
    entry = [k for k, line in enumerate(lines) if line.startswith(b"BQ\tBanque\t1\t")]
    assert len(entry) == 2
    fec.write_bytes(b"\r\n".join(x for k, x in enumerate(lines) if k not in entry))
    cli = CliRunner().invoke(
        app,
        ["report", "--company", "rivage", "--data", str(tmp_path / "clients"),
         "--out", str(tmp_path / "out")],
    )  # fmt: skip
    assert cli.exit_code != 0
    assert "les deux FEC ne se suivent pas" in cli.output
