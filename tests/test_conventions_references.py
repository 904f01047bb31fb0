"""Public references (conventions/references.py): the shipped tables, their checks, the row chosen."""

from __future__ import annotations

import pandas as pd
import pytest

from recouvrement.conventions import references as rf

NBSP = "\u00a0"
BDF_2024 = "Banque de France, Rapport de l'Observatoire des délais de paiement 2024 (données 2023)"


def _table(*rows: dict[str, str]) -> pd.DataFrame:
    """A reference table (every cell as text) from partial rows over valid defaults."""
    base = {
        "publisher": "Banque de France",
        "publication": "Rapport test",
        "published": "2025-07-10",
        "data_period": "2023",
        "scope_sector": "tous",
        "scope_size": "toutes",
        "indicator": "delais_clients",
        "value": "40",
        "unit": "j",
        "basis": "créances clients TTC × 360 / chiffre d'affaires TTC",
        "source": "test",
        "note": "",
    }
    return pd.DataFrame([{**base, **row} for row in rows], columns=list(rf.COLUMNS), dtype="str")


@pytest.fixture
def synthetic(monkeypatch):
    """Replace the shipped rows by the rows given (parsed by the real parser)."""

    def use(*rows: dict[str, str]) -> None:
        parsed = rf.parse_references({"test.csv": _table(*rows)})
        monkeypatch.setattr(rf, "references", lambda: parsed)

    return use


# --- the shipped tables ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("indicator", "sector", "size", "as_of", "value"),
    [
        ("delais_clients", None, None, "2025-10-31", 42.7),
        ("delais_clients", "nautisme", "micro", "2025-10-31", 28.0),
        ("delais_clients", "nautisme", 3, "2025-10-31", 28.0),
        ("delais_clients", "nautisme", "eti", "2025-10-31", 42.7),
        ("delais_clients", "Bâtiment", "pme", "2025-10-31", 63.9),
        ("delais_clients", "services", 12, "2025-10-31", 75.0),
        ("delais_clients", None, None, "2025-07-09", 44.0),
        ("delais_clients", None, None, "2025-07-10", 42.7),
        ("retard_moyen", None, None, "2024-09-17", 12.6),
        ("retard_moyen", None, None, "2025-06-30", 12.9),
        ("retard_moyen", "construction", "pme", "2025-10-31", 13.6),
    ],
    ids=[
        "bdf-2023-unknown-size-hors-micro",
        "bdf-2023-micro",
        "bdf-headcount-3-is-micro",
        "bdf-eti-in-hors-micro",
        "bdf-construction-2017-beats-2023-all-sectors",
        "bdf-services-to-companies-2018",
        "day-before-2024-report-gives-2018",
        "published-on-the-day-counts",
        "altares-q4-2023-before-the-september-study",
        "altares-q2-2024",
        "altares-q4-2024",
    ],
)
def test_shipped_references(indicator, sector, size, as_of, value):
    assert rf.reference_for(indicator, sector, size, as_of).value == value


def test_shipped_labels_keep_the_source_precision():
    bdf = rf.reference_for("delais_clients", as_of="2025-10-31")
    assert bdf.label == (
        f"{BDF_2024}, tous secteurs, entreprises hors microentreprises : 42,7{NBSP}j"
    )
    micro = rf.reference_for("delais_clients", size="micro", as_of="2025-10-31")
    assert micro.label == f"{BDF_2024}, tous secteurs, microentreprises : 28{NBSP}j"
    altares = rf.reference_for("retard_moyen", as_of="2025-10-31")
    assert altares.period_fr == "données du 4e trimestre 2024"
    assert altares.label.endswith(f"tous secteurs, toutes tailles : 13,6{NBSP}j")
    # the 2018 edition is dated by its month only: counted as published on its last day
    old = rf.reference_for("delais_clients", as_of="2020-10-31")
    assert (old.value, old.published) == (44.0, pd.Timestamp("2020-10-31"))
    assert rf.reference_for("delais_clients", as_of="2020-10-30") is None


def test_every_shipped_row_is_sourced():
    rows = rf.references()
    assert len(rows) == 10
    assert {r.file for r in rows} == {
        "recouvrement/data/references/altares.csv",
        "recouvrement/data/references/banque_de_france.csv",
    }
    assert all(r.source and r.basis and r.value > 0 for r in rows)
    assert all(
        "× 360 / chiffre d'affaires TTC" in r.basis
        for r in rows
        if r.publisher == "Banque de France"
    )


# --- choosing a row ------------------------------------------------------------------------
SCOPES = [
    {"scope_sector": "construction", "scope_size": "pme", "value": "70"},
    {"scope_sector": "construction", "scope_size": "toutes", "value": "65"},
    {"scope_sector": "tous", "scope_size": "pme", "value": "45"},
    {"scope_sector": "tous", "scope_size": "hors_micro", "value": "43"},
    {"scope_sector": "tous", "scope_size": "toutes", "value": "41"},
]


@pytest.mark.parametrize(
    ("sector", "size", "value"),
    [
        ("construction", "pme", 70.0),
        ("construction", "eti", 65.0),
        ("construction", None, 65.0),
        ("BTP", 120, 70.0),
        ("nautisme", "pme", 45.0),
        ("nautisme", "eti", 43.0),
        ("nautisme", "micro", 41.0),
        (None, None, 43.0),
    ],
    ids=[
        "sector-and-size",
        "sector-beats-size-of-another-class",
        "sector-unknown-size",
        "synonym-and-headcount",
        "unknown-sector-size",
        "hors-micro-beats-toutes-for-an-eti",
        "micro-not-in-hors-micro",
        "unknown-size-latest-of-toutes-and-hors-micro",
    ],
)
def test_most_specific_row(synthetic, sector, size, value):
    # the "toutes" row is published first: for an unknown size, hors_micro and toutes
    # are equally specific and the later publication wins
    synthetic(
        *[{**s, "published": "2025-07-10"} for s in SCOPES[:4]],
        SCOPES[4] | {"published": "2024-07-10"},
    )
    assert rf.reference_for("delais_clients", sector, size, "2025-12-31").value == value


def test_publication_date_filter_and_latest_first(synthetic):
    synthetic(
        {"published": "2023-06-15", "data_period": "2021", "value": "44"},
        {"published": "2024-06-17", "data_period": "2022", "value": "43"},
        {"published": "2024-06-17", "data_period": "S1 2022", "value": "45"},
        {"published": "2025-07-10", "data_period": "2023", "value": "42.7"},
        {"published": "2025-07-10", "scope_sector": "construction", "value": "60"},
    )
    pick = rf.reference_for
    assert pick("delais_clients", as_of="2023-06-14") is None
    assert pick("delais_clients", as_of="2023-06-15").value == 44.0
    # same publication: the later period (2022 ends after S1 2022)
    assert pick("delais_clients", as_of="2025-07-09").value == 43.0
    assert pick("delais_clients", as_of="2025-07-10").value == 42.7
    assert pick("delais_clients", "construction", as_of="2025-07-09").value == 43.0
    assert pick("delais_clients", "construction").value == 60.0  # no date: every row
    assert pick("retard_moyen") is None


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("construction", "construction"),
        ("  Bâtiment ", "construction"),
        ("Travaux-Publics", "construction"),
        ("Industrie manufacturière", "industrie"),
        ("commerce", "commerce"),
        ("services", "services_entreprises"),
        ("services_entreprises", "services_entreprises"),
        ("nautisme", None),
        ("", None),
        (None, None),
    ],
)
def test_sector_code(text, code):
    assert rf.sector_code(text) == code


@pytest.mark.parametrize(
    ("size", "code"),
    [
        (0, "micro"),
        (9, "micro"),
        (10, "pme"),
        (249, "pme"),
        (250, "eti"),
        (4999, "eti"),
        (5000, "ge"),
        ("PME", "pme"),
        (" ge ", "ge"),
        (None, None),
    ],
)
def test_size_code(size, code):
    assert rf.size_code(size) == code


@pytest.mark.parametrize("size", [-1, True, "tpe"], ids=["negative", "bool", "unknown-class"])
def test_size_code_rejects(size):
    with pytest.raises(ValueError, match="taille|effectif"):
        rf.size_code(size)


def test_unknown_indicator():
    with pytest.raises(ValueError, match="indicateur « dso » inconnu"):
        rf.reference_for("dso")


# --- checks when reading -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"published": "10/07/2025"}, "test.csv, ligne 2 : date de publication illisible"),
        ({"data_period": "2023T4"}, "période « 2023T4 » illisible"),
        ({"scope_sector": "btp"}, "scope_sector « btp » inconnu"),
        ({"scope_size": "tpe"}, "scope_size « tpe » inconnu"),
        ({"indicator": "dso"}, "indicator « dso » inconnu"),
        ({"unit": "%"}, "unit « % » inconnu"),
        ({"value": "0"}, "valeur « 0 » : un nombre positif est attendu"),
        ({"value": "-3"}, "valeur « -3 »"),
        ({"value": "42,7"}, "valeur « 42,7 »"),
        ({"source": " "}, "colonne source vide"),
    ],
    ids=[
        "date",
        "period",
        "sector",
        "size",
        "indicator",
        "unit",
        "zero",
        "negative",
        "comma",
        "source",
    ],
)
def test_invalid_rows_are_refused(row, message):
    with pytest.raises(ValueError, match=message):
        rf.parse_references({"test.csv": _table(row)})


def test_every_problem_at_once_and_duplicates():
    table = _table({}, {"value": "x"}, {})  # line 4 repeats line 2
    with pytest.raises(ValueError) as err:
        rf.parse_references({"t.csv": table})
    assert str(err.value) == (
        "t.csv, ligne 3 : valeur « x » : un nombre positif est attendu; "
        "t.csv, ligne 4 : même chiffre que t.csv, ligne 2"
    )


def test_columns_must_be_the_contract():
    table = _table({}).drop(columns="basis")
    with pytest.raises(ValueError, match="t.csv : colonnes attendues publisher, publication"):
        rf.parse_references({"t.csv": table})


def test_month_only_publication_and_periods():
    (q, s, y) = rf.parse_references(
        {
            "t.csv": _table(
                {"published": "2020-10", "data_period": "T3 2019"},
                {"published": "2020-10", "data_period": "S2 2019", "scope_sector": "commerce"},
                {"published": "2020-10", "data_period": "2019", "scope_sector": "industrie"},
            )
        }
    )
    assert q.published == pd.Timestamp("2020-10-31")
    assert (q.period_end, s.period_end, y.period_end) == (
        pd.Timestamp("2019-09-30"),
        pd.Timestamp("2019-12-31"),
        pd.Timestamp("2019-12-31"),
    )
    assert (q.period_fr, s.period_fr, y.period_fr) == (
        "données du 3e trimestre 2019",
        "données du 2e semestre 2019",
        "données 2019",
    )
