"""The portfolio report: every sample company against the portfolio and the references, end to end."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from recouvrement.cli import app
from recouvrement.kpi.targets import REFERENCE_KPIS
from recouvrement.report.overview import open_overview
from recouvrement.report.plan import ReportError
from tests.pdf_checks import text_lines

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"
COMPANIES = ("batiment-durand", "conseil-horizon", "meca-precision")
MONTH = "2026-10"


def _flat(text: str) -> str:
    return re.sub(r"[\s\u00a0\u202f]+", " ", text).replace("’", "'")


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    root = tmp_path_factory.mktemp("portfolio-data")
    for company in COMPANIES:
        shutil.copytree(SAMPLES / company, root / company)
    (root / "vide").mkdir()  # a company folder with nothing readable: set aside, not zero
    return root


@pytest.fixture(scope="module")
def overview(data):
    return open_overview(MONTH, data_dir=data)


def test_every_company_against_the_references_with_both_bases(overview):
    refs = overview.references
    assert sorted(refs["company"].unique()) == sorted(COMPANIES)
    assert len(refs) == len(COMPANIES) * len(REFERENCE_KPIS)
    assert (refs["company_basis"].str.len() > 0).all()
    assert (refs["reference_basis"].str.len() > 0).all()  # a reference is published by 10/2026
    # the company's own figure on the reference's basis: dso_bdf for the Banque de France
    for view in overview.companies:
        row = refs[(refs["company"] == view.company) & (refs["key"] == "dso_bdf")].iloc[0]
        assert row["value"] == view.kpis["dso_bdf"].value


def test_unreadable_company_is_set_aside_with_its_reason(overview):
    assert set(overview.skipped) == {"vide"}
    assert "vide" not in set(overview.standing["company"])


def test_standing_ranks_each_kpi_over_the_companies(overview):
    dso = overview.standing[overview.standing["key"] == "dso"].set_index("company")
    values = {v.company: v.kpis["dso"].value for v in overview.companies}
    best = min(values, key=values.get)
    assert dso.loc[best, "rank"] == 1 and (dso["n"] == len(COMPANIES)).all()


def test_portfolio_rolls_sum_the_companies_cents(overview):
    from recouvrement.portfolio import combine_rolls

    total = combine_rolls([v.rolls for v in overview.companies])
    by_company = sum(int(v.rolls["encours_cents"].sum()) for v in overview.companies)
    assert int(total["encours_cents"].sum()) == by_company


def test_empty_portfolio_is_refused_in_french(tmp_path):
    (tmp_path / "vide").mkdir()
    with pytest.raises(ReportError, match="portefeuille vide pour 2026-10 : vide :"):
        open_overview(MONTH, data_dir=tmp_path)


@pytest.fixture(scope="module")
def portfolio_run(data, tmp_path_factory):
    out = tmp_path_factory.mktemp("portfolio-out")
    result = CliRunner().invoke(
        app, ["portfolio", "--month", MONTH, "--data", str(data), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    return out / "_portefeuille" / MONTH, result.output


def test_portfolio_command_writes_html_pdf_xlsx(portfolio_run):
    folder, output = portfolio_run
    assert {"portefeuille.html", "portefeuille.pdf", "portefeuille.xlsx"} <= {
        p.name for p in folder.iterdir()
    }
    assert "portefeuille.pdf" in output
    text = _flat(" ".join(line.text for _, line in text_lines(folder / "portefeuille.pdf")))
    for name in ("Bâtiment Durand", "Conseil Horizon", "Méca Précision SA"):
        assert name in text
    for heading in (
        "Références publiques",
        "Migrations entre tranches d'âge",
        "Décomposition du DSO",
    ):
        assert heading in text
    assert "Banque de France" in text and "Altares" in text
    assert "× 360" in text  # the basis of the comparison is written out


def test_portfolio_html_filters_and_sorts_offline(portfolio_run):
    folder, _ = portfolio_run
    html = (folder / "portefeuille.html").read_text(encoding="utf-8")
    assert 'data-filter-for="rc-societes"' in html and 'class="rc-table rc-sortable"' in html
    assert 'data-sector="construction"' in html or "data-sector=" in html
    assert "http://" not in html.split("<script>", 1)[1].split("</script>", 1)[0]


def test_portfolio_workbook_sheets(portfolio_run):
    folder, _ = portfolio_run
    with zipfile.ZipFile(folder / "portefeuille.xlsx"):
        pass
    wb = load_workbook(folder / "portefeuille.xlsx", read_only=True)
    assert wb.sheetnames == [
        "Sociétés",
        "Quartiles",
        "Références",
        "Exceptions",
        "Migrations",
        "DSO",
        "Tendances",
    ]


def test_index_page_links_the_portfolio_report(portfolio_run):
    folder, _ = portfolio_run
    index = (folder.parent.parent / "index.html").read_text(encoding="utf-8")
    assert 'href="_portefeuille/2026-10/portefeuille.pdf"' in index
    assert "Vue de portefeuille" in index and "octobre 2026" in index
