"""The editable weights table: the packaged default, validation, reading a company's file."""

from __future__ import annotations

import pandas as pd
import pytest
from builders import invoices, ledger, snap
from pandas.testing import assert_frame_equal

from recouvrement import scoring
from recouvrement.scoring.weights import as_weights


def test_default_weights():
    weights = scoring.load_weights()
    assert weights.columns.tolist() == scoring.WEIGHT_COLUMNS
    assert tuple(weights["factor"]) == scoring.FACTORS
    assert weights["weight"].sum() == 100.0
    assert (weights["worst"] > 0).all()
    assert weights["description"].str.len().gt(20).all()


def _edited(**changes) -> pd.DataFrame:
    weights = scoring.load_weights()
    for factor, (column, value) in changes.items():
        weights.loc[weights["factor"] == factor, column] = value
    return weights


@pytest.mark.parametrize(
    ("weights", "messages"),
    [
        (
            _edited(trend=("factor", "tendance")),
            ["unknown factor 'tendance'", "missing factor(s): trend"],
        ),
        (
            _edited(days_late=("weight", -30.0), share_late=("weight", 75.0)),
            ["days_late: negative weight -30"],
        ),
        (_edited(days_late=("weight", 31.0)), ["weights sum to 101, not 100"]),
        (
            _edited(
                trend=("factor", "tendance"),
                days_late=("weight", -1.0),
                disputes=("worst", 0.0),
            ),
            [
                "unknown factor 'tendance'",
                "negative weight -1",
                "disputes: worst '0.0' must be a number > 0",
                "weights sum to 69",
                "5 problem(s)",
            ],
        ),
        (scoring.load_weights().drop(columns="worst"), ["missing column(s) worst"]),
    ],
    ids=["unknown-factor", "negative-weight", "sum-not-100", "all-listed", "missing-column"],
)
def test_weights_validation_errors(weights, messages):
    with pytest.raises(ValueError) as err:
        scoring.check_weights(weights)
    for message in messages:
        assert message in str(err.value)


def test_load_weights_from_a_file(tmp_path):
    path = tmp_path / "poids.csv"
    scoring.load_weights().assign(weight=lambda w: w["weight"] * 2).to_csv(path, index=False)
    with pytest.raises(ValueError, match=r"(?s)poids\.csv.*weights sum to 200"):
        scoring.load_weights(path)
    # the scores refuse it before computing anything: any ledger will do
    led = ledger(invoices(("F1", "A", "2026-09-01", "2026-10-01", 100.0)))
    with pytest.raises(ValueError, match="weights sum to 200"):
        scoring.risk_scores(snap(led, "2026-10-31"), weights=path)
    text = path.read_text(encoding="utf-8").replace("\ndays_late,60.0,", "\ndays_late,trente,")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match="days_late: weight 'trente' is not a number"):
        scoring.load_weights(path)


def test_as_weights_takes_a_table_a_path_or_none(tmp_path):
    default = scoring.load_weights()
    assert_frame_equal(as_weights(None), default)
    path = tmp_path / "poids.csv"
    default.to_csv(path, index=False)
    assert_frame_equal(as_weights(path), default)
    assert_frame_equal(as_weights(str(path)), default)
    assert_frame_equal(as_weights(default.iloc[::-1]), default)  # back in FACTORS order
