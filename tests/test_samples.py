"""Tests of the sample generator (tools/samples/) as a whole and of the committed data/samples/.

The constants, :func:`builders.residuals` and the ledgers of the four sample companies
(generated once per session) shared with the ``test_samples_*`` modules are in the
sample ledgers section of ``builders.py``.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pandas as pd
import pytest
import yaml
from builders import COMPANY_IDS, sample_ledgers, spoiled_ledgers
from pandas.testing import assert_frame_equal

from recouvrement.io import read_ledger
from tools import samples
from tools.samples import COMPANIES

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"
PACKAGE = Path(samples.__file__).resolve().parent


# ---------------------------------------------------------------------------
# The package: small modules sharing only public names
# ---------------------------------------------------------------------------
def test_modules_stay_small():
    sizes = {p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in PACKAGE.glob("*.py")}
    assert max(sizes.values()) <= 400, sizes


@pytest.mark.parametrize("module", sorted(p.name for p in PACKAGE.glob("*.py")))
def test_modules_share_only_public_names(module):
    """No module imports a private name of another nor reads ``module._name``."""
    tree = ast.parse((PACKAGE / module).read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            assert not any(a.name.split(".")[0] in ("recouvrement", "tools") for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            source = node.module or ""
            if node.level or source.split(".")[0] in ("recouvrement", "tools"):
                names = [a.name for a in node.names]
                assert not [n for n in names if n.startswith("_")], (source, names)
                if source.startswith("recouvrement"):  # nothing of the package but conventions
                    assert (source, names) == ("recouvrement", ["conventions"]), (source, names)
                imported.update(a.asname or a.name for a in node.names)
    private = [
        f"{node.value.id}.{node.attr}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id in imported
        and node.attr.startswith("_")
    ]
    assert not private, private


def test_public_api():
    assert set(samples.__all__) <= set(dir(samples))
    for name in ("COMPANIES", "generate_company", "generate_large", "inject_data_problems"):
        assert name in samples.__all__
    assert samples.main.__module__ == "tools.samples.write"


# ---------------------------------------------------------------------------
# Written folders and the committed samples
# ---------------------------------------------------------------------------
def _same_content(path: Path, fresh: Path) -> bool:
    if path.read_bytes() == fresh.read_bytes():
        return True
    # binary formats may differ in library metadata only: compare what they hold
    if path.suffix == ".parquet":
        assert_frame_equal(pd.read_parquet(path), pd.read_parquet(fresh))
        return True
    if path.suffix == ".xlsx":
        assert_frame_equal(pd.read_excel(path, dtype=object), pd.read_excel(fresh, dtype=object))
        return True
    return False


def test_committed_samples_equal_a_fresh_regeneration(tmp_path, capsys):
    assert samples.main(["--out", str(tmp_path)]) == 0
    assert "deliberate data problem" in capsys.readouterr().out
    committed = sorted(p.relative_to(SAMPLES) for p in SAMPLES.rglob("*") if p.is_file())
    fresh = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    assert committed == fresh
    changed = [str(rel) for rel in committed if not _same_content(SAMPLES / rel, tmp_path / rel)]
    assert not changed, f"hand-edited or stale samples (run python -m tools.samples): {changed}"


def test_committed_samples_stay_small():
    size = sum(p.stat().st_size for p in SAMPLES.rglob("*") if p.is_file())
    assert size < 5_000_000


@pytest.mark.parametrize("company", COMPANY_IDS)
def test_config_is_utf8_yaml_describing_the_files(company):
    p = COMPANIES[company]
    config = yaml.safe_load((SAMPLES / company / "recouvrement.yml").read_text(encoding="utf-8"))
    assert config == samples.company_config(p)
    assert config["name"] == p.name and config["sector"] == p.sector
    assert config["default_terms_days"] == p.default_terms_days
    for spec in config.get("tables", {}).values():
        if "file" in spec:
            assert (SAMPLES / company / spec["file"]).is_file()


def test_french_export_quirks():
    folder = SAMPLES / "batiment-durand"
    config = yaml.safe_load((folder / "recouvrement.yml").read_text(encoding="utf-8"))
    assert config["read"] == {
        "sep": ";",
        "decimal": ",",
        "encoding": "cp1252",
        "date_format": "%d/%m/%Y",
    }
    raw = (folder / "factures.csv").read_bytes()
    text = raw.decode("cp1252")
    header, first = text.split("\r\n")[:2]
    assert header == "N° facture;Code client;Date facture;Date échéance;Montant TTC;Devise"
    assert re.fullmatch(r"[^;]+;[^;]+;\d\d/\d\d/\d{4};\d\d/\d\d/\d{4};[\d \xa0]+,\d\d;€", first)
    assert "\xa0" in text and re.search(r"\d \d{3},\d\d", text)
    clients = pd.read_csv(folder / "clients.csv", sep=";", encoding="cp1252", dtype=str)
    assert set(clients["Type client"]) == {"PRO", "PART", "PUB"}
    excel = (SAMPLES / "maison-lumiere" / "factures.csv").read_bytes()
    assert excel.startswith(b"\xef\xbb\xbf") and "\u202f".encode() in excel


@pytest.mark.parametrize("company", COMPANY_IDS)
def test_reader_finds_exactly_the_injected_problems(company):
    ledgers, spoiled = sample_ledgers(), spoiled_ledgers()
    ledger = read_ledger(SAMPLES / company)
    p = COMPANIES[company]
    tables, log = spoiled[company]
    where = samples.problem_locations(log, p)
    found = set(zip(ledger.quality["table"], ledger.quality["row"], strict=True))
    assert found == set(zip(where["table"], where["line"], strict=True))
    assert len(ledger.invoices) >= len(ledgers[company]["invoices"]) - 2
    assert ledger.name == p.name


def test_write_company_in_another_style(tmp_path):
    ledgers = sample_ledgers()
    p = COMPANIES["conseil-horizon"]
    written = samples.write_company(ledgers["conseil-horizon"], tmp_path, profile=p, style="french")
    assert written[0].name == "recouvrement.yml"
    assert {f.name for f in written} >= {"factures.csv", "reglements.csv", "relances.csv"}
    ledger = read_ledger(tmp_path)
    assert ledger.quality.empty
    assert_frame_equal(
        ledger.invoices.reset_index(drop=True),
        ledgers["conseil-horizon"]["invoices"],
        check_dtype=False,
    )


def test_parquet_refuses_text_values():
    ledgers = sample_ledgers()
    tables = {k: v.copy() for k, v in ledgers["meca-precision"].items()}
    tables["invoices"]["amount"] = tables["invoices"]["amount"].astype(object)
    tables["invoices"].loc[0, "amount"] = "n/a"
    with pytest.raises(ValueError, match="Parquet"):
        samples.company_files(tables, COMPANIES["meca-precision"])
