"""Targets (kpi/targets.py): directions, the Objectif / Résultat / Écart table, where a
target comes from (own file, public reference on the same basis, none) and the status."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from builders import APRIL, PACK_KEYS, D, cei_ledger

from recouvrement import kpi
from recouvrement.formatting import NBSP
from recouvrement.kpi import targets as tg


def _result(key: str, value: float | None, unit: str) -> kpi.KpiResult:
    return kpi.KpiResult(
        key=key,
        label=kpi.KPI_LABELS[key],
        value=value,
        unit=unit,
        numerator=None,
        denominator=None,
        n_debtors=None,
        significant=True,
        convention="test",
        as_of=D(APRIL),
        months=1,
        reason=None if value is not None else "non disponible : test",
    )


def test_compare_to_targets_domain_examples():
    results = [
        _result("recovery_rate", 92.0, "%"),
        _result("dso", 50.0, "j"),
        _result("cei", 85.0, "%"),
        _result("dispute_rate", None, "%"),
        _result("best_possible_dso", 20.0, "j"),  # no target: not shown
    ]
    got = kpi.compare_to_targets(
        results, {"recovery_rate": 95.0, "dso": 45.0, "cei": 80.0, "dispute_rate": 5.0}
    )
    assert got.index.tolist() == ["recovery_rate", "dso", "cei", "dispute_rate"]
    assert got["Écart"].iloc[:3].tolist() == [-3.0, 5.0, 5.0]
    assert got["écart_texte"].tolist() == [
        f"\u22123,0{NBSP}pts",
        f"+5,0{NBSP}j",
        f"+5,0{NBSP}pts",
        "non disponible",
    ]
    assert got["favorable"].tolist() == [False, False, True, False]
    assert np.isnan(got.loc["dispute_rate", "Résultat"]) and np.isnan(
        got.loc["dispute_rate", "Écart"]
    )
    assert got.loc["dso", "Indicateur"] == "DSO (méthode comptable)"
    # a mapping of results works the same
    same = kpi.compare_to_targets({r.key: r for r in results}, {"recovery_rate": 95.0})
    assert same.loc["recovery_rate", "Écart"] == -3.0


@pytest.mark.parametrize(
    ("key", "value", "unit", "target", "text"),
    [
        ("cost_per_euro_collected", 0.0812, "ratio", 0.05, "+0,031"),
        ("doubtful_receivables", 1200.0, "€", 1000.0, f"+200,00{NBSP}€"),
    ],
    ids=["ratio-three-decimals", "euros"],
)
def test_gap_text_is_the_report_formatter(key, value, unit, target, text):
    # the gap is rendered by formatting.fmt_unit(sign=True), as in the report: a ratio
    # gap 0.0812 − 0.05 = 0.0312 has 3 decimals
    got = kpi.compare_to_targets([_result(key, value, unit)], {key: target})
    assert got.loc[key, "écart_texte"] == text
    assert not got.loc[key, "favorable"]  # lower is better for both


def test_compare_to_targets_rejects_unknown_keys():
    with pytest.raises(ValueError, match="'recovery'"):
        kpi.compare_to_targets([_result("dso", 50.0, "j")], {"recovery": 90.0})


def test_default_targets_and_directions_are_consistent():
    assert set(kpi.DEFAULT_TARGETS) <= set(PACK_KEYS)
    assert set(PACK_KEYS) <= set(kpi.KPI_DIRECTION) | {"recovery_rate_3m", "recovery_rate_6m"}
    assert kpi.kpi_direction("dso_bdf") == kpi.LOWER_IS_BETTER
    assert all(kpi.kpi_direction(key) is not None for key in kpi.DEFAULT_TARGETS)


@pytest.mark.parametrize(
    ("key", "direction"),
    [
        ("recovery_rate_3m_lt2m", kpi.HIGHER_IS_BETTER),
        ("dso_countback", kpi.LOWER_IS_BETTER),
        ("dso", kpi.LOWER_IS_BETTER),
        ("dispute_rate_amount", kpi.LOWER_IS_BETTER),
        ("recovery", None),
        ("dsox", None),
    ],
    ids=["variant-stem", "key-not-stem", "key", "longest-key", "unknown", "unknown-prefix"],
)
def test_kpi_direction(key, direction):
    assert kpi.kpi_direction(key) == direction


# --- where a target comes from, and the status -----------------------------------------
BDF_2018 = "Banque de France, Rapport annuel 2019 de l'Observatoire des délais de paiement"
BDF_2024 = "Banque de France, Rapport de l'Observatoire des délais de paiement 2024"
ALTARES_Q4_2024 = (
    "Altares, étude trimestrielle des comportements de paiement, citée par le Rapport de "
    "l'Observatoire des délais de paiement 2024 (données du 4e trimestre 2024), tous secteurs, "
    f"toutes tailles : 13,6{NBSP}j (moyenne de tous les payeurs, Altares classant par "
    "secteur et taille du payeur)"
)


def _pack(
    day: str = "2025-10-31", *, dso_bdf=(81.0, 8_100.0, 36_000.0), not_due: float = 6_000.0
) -> dict[str, kpi.KpiResult]:
    """A small pack at ``day``: BdF DSO (value, encours, turnover), ADD 20 j, CEI, recovery."""
    value, num, den = dso_bdf

    def one(key, value, unit, numerator=None, denominator=None):
        return kpi.KpiResult(
            key=key,
            label=kpi.KPI_LABELS[key],
            value=value,
            unit=unit,
            numerator=numerator,
            denominator=denominator,
            n_debtors=None,
            significant=True,
            convention="test",
            as_of=D(day),
            months=3,
            reason=None if value is not None else "non disponible : test",
        )

    results = [
        one("recovery_rate", 80.0, "%"),
        one("dso_bdf", value, "j", num, den),
        one("best_possible_dso", 45.0, "j", not_due, 12_000.0),
        one("average_days_delinquent", 20.0, "j"),
        one("cei", 60.0, "%"),
    ]
    return {r.key: r for r in results}


def test_public_references_when_the_company_sets_none():
    got = tg.kpi_targets(_pack(not_due=3_000.0), sector="nautisme")
    # encours not due 3 000 × 360 / 36 000 = 30 j < 42,7 j: the reference stands
    assert got["dso_bdf"] == tg.Target(
        "dso_bdf",
        42.7,
        f"{BDF_2024} (données 2023), tous secteurs, entreprises hors microentreprises : "
        f"42,7{NBSP}j (secteur « nautisme » sans référence propre : tous secteurs ; taille de "
        "la société non renseignée)",
        got["dso_bdf"].reference,
    )
    assert got["dso_bdf"].reference.data_period == "2023"
    assert (got["average_days_delinquent"].value, got["average_days_delinquent"].source) == (
        13.6,
        ALTARES_Q4_2024,
    )
    for key in ("recovery_rate", "best_possible_dso", "cei"):
        assert got[key] == tg.Target(key, None, "aucun objectif fixé")
    assert list(got) == list(_pack())


@pytest.mark.parametrize(
    ("sector", "size", "value", "source_end"),
    [
        ("construction", "pme", 63.9, f"construction, toutes tailles : 63,9{NBSP}j"),
        (
            "Industrie",
            8,
            28.0,
            f"tous secteurs, microentreprises : 28{NBSP}j (pas de référence publiée pour le "
            "secteur industrie manufacturière)",
        ),
        (None, "eti", 42.7, f"entreprises hors microentreprises : 42,7{NBSP}j"),
    ],
    ids=["construction-row", "unlisted-sector-micro-by-headcount", "no-sector-eti"],
)
def test_banque_de_france_row_by_sector_and_size(sector, size, value, source_end):
    got = tg.kpi_targets(_pack(not_due=0.0), sector=sector, size=size)["dso_bdf"]
    assert got.value == value and got.source.endswith(source_end)
    # Altares' sector and size are the payer's: the same row whatever the company
    assert (
        tg.kpi_targets(_pack(), sector=sector, size=size)["average_days_delinquent"].value == 13.6
    )


def test_dso_target_never_below_the_best_possible_dso():
    # not due 6 000 € × 360 / turnover 36 000 € = 60,0 j > 42,7 j: the target is raised
    got = tg.kpi_targets(_pack(not_due=6_000.0), size="pme")["dso_bdf"]
    assert got.value == pytest.approx(60.0)
    assert got.source == (
        f"{BDF_2024} (données 2023), tous secteurs, entreprises hors microentreprises : "
        f"42,7{NBSP}j (objectif relevé au meilleur DSO possible de la société sur la même base "
        f"(60,0{NBSP}j : encours non échu × 360 / chiffre d'affaires TTC des 12 mois), la "
        "référence étant inatteignable même sans aucun retard)"
    )
    # the company's own target is its choice: never raised
    own = tg.kpi_targets(_pack(not_due=6_000.0), own={"dso_bdf": 50.0})["dso_bdf"]
    assert (own.value, own.reference) == (50.0, None)


def test_own_targets_file_wins_kpi_by_kpi():
    got = tg.kpi_targets(
        _pack(), own={"dso_bdf": 55.0, "cei": 75.0}, own_name="cibles.yml", sector="construction"
    )
    assert got["dso_bdf"] == tg.Target("dso_bdf", 55.0, "objectifs de la société (cibles.yml)")
    assert got["cei"] == tg.Target("cei", 75.0, "objectifs de la société (cibles.yml)")
    # a KPI the file does not mention keeps its public reference, or has none
    assert got["average_days_delinquent"].value == 13.6
    assert got["recovery_rate"].value is None
    with pytest.raises(ValueError, match="'recovery'"):
        tg.kpi_targets(_pack(), own={"recovery": 90.0})


def test_references_published_after_the_report_date_do_not_count():
    # as of 31/10/2025 by default (the KPIs' date); asked as of 30/10/2020, nothing was
    # published yet (first Banque de France row: October 2020, counted on the 31st)
    assert tg.kpi_targets(_pack(not_due=0.0))["dso_bdf"].value == 42.7
    old = tg.kpi_targets(_pack("2025-06-30", not_due=0.0))
    assert (old["dso_bdf"].value, old["average_days_delinquent"].value) == (44.0, 12.9)
    assert old["dso_bdf"].source.startswith(f"{BDF_2018} (données 2018), tous secteurs, toutes")
    none = tg.kpi_targets(_pack(), as_of="2020-10-30")
    assert none["dso_bdf"] == tg.Target(
        "dso_bdf", None, "aucun objectif fixé (aucune référence publique publiée au 30/10/2020)"
    )
    assert none["average_days_delinquent"].value is None


@pytest.mark.parametrize(
    ("key", "value", "target", "status"),
    [
        ("dso_bdf", 40.0, 40.0, "atteint"),
        ("dso_bdf", 30.0, 40.0, "atteint"),
        ("dso_bdf", 44.0, 40.0, "à surveiller"),
        ("dso_bdf", 44.01, 40.0, "hors objectif"),
        ("dso_bdf", 46.97, 42.7, "à surveiller"),
        ("dso_bdf", 46.98, 42.7, "hors objectif"),
        ("recovery_rate", 81.0, 90.0, "à surveiller"),
        ("recovery_rate", 80.9, 90.0, "hors objectif"),
        ("recovery_rate", 99.0, 90.0, "atteint"),
        ("dispute_rate", 0.1, 0.0, "hors objectif"),
        ("dso_bdf", None, 40.0, "non disponible"),
        ("cei", 50.0, None, "sans objectif"),
    ],
    ids=[
        "on-target",
        "better",
        "band-edge-lower-is-better",
        "past-the-edge",
        "band-edge-42.7-float",
        "past-the-edge-42.7",
        "band-edge-higher-is-better",
        "past-the-edge-higher",
        "better-higher",
        "zero-target-no-band",
        "no-value",
        "no-target",
    ],
)
def test_status_and_watch_band(key, value, target, status):
    assert tg.WATCH_BAND == 0.10
    assert tg.target_status(key, value, target) == status


def test_target_table_on_a_pack():
    pack = _pack(not_due=6_000.0)
    pack["average_days_delinquent"] = replace(
        pack["average_days_delinquent"], value=None, reason="non disponible : test"
    )
    table = tg.target_table(pack, tg.kpi_targets(pack, size="pme"))
    assert table.index.tolist() == list(pack)
    assert table["Statut"].tolist() == [
        "sans objectif",
        "hors objectif",  # 81,0 j for 60,0 j: +21,0 j, band 6,0 j
        "sans objectif",
        "non disponible",
        "sans objectif",
    ]
    assert table.loc["dso_bdf", "écart_texte"] == f"+21,0{NBSP}j"
    assert table.loc["dso_bdf", "Écart"] == pytest.approx(21.0)
    assert table.loc["cei", "Source"] == "aucun objectif fixé"
    assert np.isnan(table.loc["cei", "Objectif"]) and table.loc["cei", "écart_texte"] == ""
    assert tg.target_values(tg.kpi_targets(pack, size="pme")) == {
        "dso_bdf": pytest.approx(60.0),
        "average_days_delinquent": 13.6,
    }


def test_targets_on_a_real_pack():
    """cei_ledger a year later (31/03/2026): DSO BdF 6 340 × 360 / 10 890 = 209,6 j.

    Nothing is not yet due at 31/03/2026 (best possible DSO 0): the reference stands,
    42,7 j, far below; no sales in the last 3 months: the ADD is not available.
    """
    pack = kpi.kpi_pack(cei_ledger(), "2026-03-31")
    targets = tg.kpi_targets(pack)
    assert targets["dso_bdf"].value == 42.7
    table = tg.target_table(pack, targets)
    assert table.loc["dso_bdf", "Statut"] == "hors objectif"
    assert table.loc["average_days_delinquent", "Statut"] == "non disponible"
    assert set(table.loc[~table.index.isin(tg.REFERENCE_KPIS), "Statut"]) == {"sans objectif"}
