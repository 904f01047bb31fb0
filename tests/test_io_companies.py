"""Company folders: plain ids only, the known companies, the default month of a batch."""

from __future__ import annotations

from pathlib import Path

import pytest

from recouvrement.io import (
    CompanyError,
    company_folder,
    company_month,
    last_activity,
    list_companies,
    resolve_data_dir,
    validate_company,
)

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"


@pytest.mark.parametrize(
    "company",
    ["../x", "/etc", "a/b", "..", ".", "", ".hidden", "x\\y", "société", "a b", "-rf", None, 3],
    ids=repr,
)
def test_company_ids_that_are_not_plain_names_are_refused(company):
    with pytest.raises(CompanyError, match="identifiant de société invalide"):
        validate_company(company)


@pytest.mark.parametrize("company", ["conseil-horizon", "acme_2", "A1", "x.y"], ids=str)
def test_plain_company_ids_are_accepted(company):
    assert validate_company(company) == company


def test_unknown_company_lists_the_known_ones():
    with pytest.raises(CompanyError, match="société inconnue.*conseil-horizon"):
        company_folder(SAMPLES, "nobody")


def test_list_companies_are_the_sample_folders():
    assert list_companies(SAMPLES) == [
        "atelier-rivage",
        "atelier-rivage-fec",
        "batiment-durand",
        "conseil-horizon",
        "maison-lumiere",
        "meca-precision",
    ]


def test_a_relative_data_folder_is_taken_from_the_current_directory(tmp_path, monkeypatch):
    (tmp_path / "donnees" / "acme").mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    assert resolve_data_dir("donnees") == tmp_path / "donnees"
    with pytest.raises(CompanyError, match="dossier de données introuvable"):
        resolve_data_dir("nulle-part")


def test_each_sample_company_has_its_own_month():
    assert company_month(SAMPLES / "conseil-horizon") == "2026-10"


def test_company_month_reads_only_plausible_dates(tmp_path):
    good = tmp_path / "acme"
    good.mkdir()
    (good / "invoices.csv").write_text(
        "invoice_id,debtor_id,issue_date,due_date,amount\n"
        "F1,C1,2026-08-10,2026-09-09,100\n"
        "F2,C1,31/02/2026,2026-10-01,100\n"  # unreadable date: ignored here
        "F3,C1,2200-01-01,2200-02-01,100\n",  # implausible year: never the audited month
        encoding="utf-8",
    )
    (good / "payments.csv").write_text(
        "invoice_id,date,amount\nF1,2026-09-15,100\n", encoding="utf-8"
    )
    assert str(last_activity(good).date()) == "2026-09-15"
    assert company_month(good) == "2026-09"


def test_company_month_without_dates_asks_for_the_month(tmp_path):
    empty = tmp_path / "vide"
    empty.mkdir()
    (empty / "invoices.csv").write_text(
        "invoice_id,debtor_id,issue_date,due_date,amount\n", encoding="utf-8"
    )
    (empty / "payments.csv").write_text("invoice_id,date,amount\n", encoding="utf-8")
    with pytest.raises(CompanyError, match=r"vide : aucune facture.*--month AAAA-MM"):
        company_month(empty)
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "invoices.csv").write_text("nothing useful\n", encoding="utf-8")
    with pytest.raises(CompanyError, match=r"colonne\(s\) obligatoire\(s\) absente\(s\)"):
        company_month(broken)
