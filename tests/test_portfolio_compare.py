"""Companies against the portfolio (quartiles, ranks), the public references, the exceptions."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from recouvrement.kpi.targets import Target
from recouvrement.portfolio.compare import kpi_standing, reference_comparison
from recouvrement.report.overview.exceptions import kpi_exceptions, move_size


def test_standing_quartiles_ranks_best_first():
    # DSO (lower is better) of 5 companies, one missing; CEI (higher is better).
    values = pd.DataFrame(
        {
            "dso": [40.0, 60.0, 50.0, np.nan, 30.0],
            "cei": [80.0, 90.0, 90.0, 70.0, np.nan],
        },
        index=["a", "b", "c", "d", "e"],
    )
    out = kpi_standing(values).set_index(["company", "key"])
    # DSO known: 30, 40, 50, 60 (n = 4); type-7 quartiles: positions 0.75, 1.5, 2.25
    # q1 = 30 + 0.75 × 10 = 37.5; median = 45; q3 = 50 + 0.25 × 10 = 52.5
    assert out.loc[("a", "dso"), ["n", "q1", "median", "q3"]].tolist() == [4, 37.5, 45.0, 52.5]
    # ranks, lowest DSO first: e 1, a 2, c 3, b 4; d missing
    assert [out.loc[(c, "dso"), "rank"] for c in "eacb"] == [1, 2, 3, 4]
    assert np.isnan(out.loc[("d", "dso"), "rank"]) and np.isnan(out.loc[("d", "dso"), "quartile"])
    # quartile = ceil(4 × (rank − 0.5) / 4): 1 → 1, 2 → 2, 3 → 3, 4 → 4
    assert [out.loc[(c, "dso"), "quartile"] for c in "eacb"] == [1, 2, 3, 4]
    # CEI, highest first: b and c tie at 90 → rank 1 both; a 80 → 3; d 70 → 4
    assert [out.loc[(c, "cei"), "rank"] for c in "bcad"] == [1, 1, 3, 4]
    assert out.loc[("a", "cei"), "quartile"] == 3  # ceil(4 × 2.5 / 4) = 3


def test_standing_six_companies_quartiles():
    values = pd.DataFrame({"dso": [10.0, 20, 30, 40, 50, 60]}, index=list("abcdef"))
    out = kpi_standing(values).set_index("company")
    # ceil(4 × (r − 0.5) / 6) for r = 1..6: 1, 1, 2, 3, 3, 4
    assert out["quartile"].tolist() == [1, 1, 2, 3, 3, 4]


def test_reference_comparison_states_basis_and_scope():
    out = reference_comparison(
        {"dso_bdf": 50.0, "average_days_delinquent": None},
        sector="bâtiment",
        size="pme",
        as_of="2026-10-31",
    ).set_index("key")
    bdf = out.loc["dso_bdf"]
    # construction row (2017 data, 63.9 j) is more specific than every sector (42.7 j)
    assert bdf["reference"] == 63.9
    assert bdf["gap"] == pytest.approx(50.0 - 63.9)
    assert "Banque de France" in bdf["reference_label"] and "construction" in bdf["scope"]
    assert "× 360" in bdf["reference_basis"] and "× 360" in bdf["company_basis"]
    add = out.loc["average_days_delinquent"]
    # Altares T4 2024 (13.6 j, published 10/07/2025) is the latest by 31/10/2026
    assert add["reference"] == 13.6
    assert np.isnan(add["value"]) and add["reason"] == "indicateur non disponible pour la société"
    assert "payeur" in add["scope"]


def test_reference_comparison_never_uses_a_later_publication():
    out = reference_comparison({"dso_bdf": 40.0}, as_of="2019-01-31").set_index("key")
    # nothing of delais_clients was published by January 2019 (first: April 2019)
    assert np.isnan(out.loc["dso_bdf", "reference"])
    assert out.loc["dso_bdf", "reason"] == "aucune référence publiée à la date d'arrêté"


def _history(rows):
    frame = pd.DataFrame(rows, columns=["as_of", "key", "value", "unit"])
    frame["as_of"] = pd.to_datetime(frame["as_of"])
    return frame


def test_exceptions_material_moves_and_crossings():
    histories = {
        # DSO +6 j (2 thresholds of 3 j); CEI −0.5 pt (not material)
        "alpha": _history(
            [
                ("2026-09-30", "dso", 40.0, "j"),
                ("2026-10-31", "dso", 46.0, "j"),
                ("2026-09-30", "cei", 80.0, "%"),
                ("2026-10-31", "cei", 79.5, "%"),
            ]
        ),
        # DSO +2 j, not material, but crosses its 43 j target (atteint → à surveiller:
        # 45 ≤ 43 × 1.1 = 47.3)
        "beta": _history([("2026-09-30", "dso", 43.0, "j"), ("2026-10-31", "dso", 45.0, "j")]),
        # one month only: nothing to compare
        "gamma": _history([("2026-10-31", "dso", 90.0, "j")]),
    }
    targets = {"beta": {"dso": Target("dso", 43.0, "test")}}
    out = kpi_exceptions(histories, targets)
    assert out[["company", "key"]].to_numpy().tolist() == [["beta", "dso"], ["alpha", "dso"]]
    beta, alpha = out.iloc[0], out.iloc[1]
    assert bool(beta["crossed"]) and "« atteint » à « à surveiller »" in beta["reason"]
    assert alpha["size"] == pytest.approx(2.0) and alpha["sense"] == "dégradation"
    assert alpha["reason"] == "variation de 2,0 fois le seuil de matérialité"


def test_move_size_of_amounts_is_relative():
    assert move_size("€", 1000.0, 1250.0) == pytest.approx(2.5)  # 25 % / 10 %
    assert move_size("€", 0.0, 10.0) == 1.0
    assert move_size("%", 90.0, 87.0) == pytest.approx(3.0)  # 3 pts / 1 pt
