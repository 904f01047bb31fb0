"""Dunning effectiveness by hand (the dunning scenario of ``builders``, standard calendar)."""

from __future__ import annotations

import pandas as pd
import pytest
from builders import DUNNING_AS_OF, audited, snap
from pandas.testing import assert_frame_equal

from recouvrement import dunning


def test_effectiveness_by_hand():
    led = audited()
    eff = dunning.effectiveness(snap(led, DUNNING_AS_OF), "standard", within_days=15, months=12)
    # actions dated in (30/06/2024, 15/06/2025]: F2 L1 26/05, F7 L1 25/05, F1 L1 15/06;
    # F1 L2 26/06 is too recent (its 15-day window ends after 30/06).
    # amount at the action: F2 2000 + F7 400 + F1 1000 = 3400
    # paid within 15 days: F2 500 on 03/06 (≤ 10/06); F7's 20/06 payment is after 09/06
    expected = pd.DataFrame(
        {
            "level": [1],
            "label": ["Relance courtoise"],
            "n_actions": [3],
            "amount": [3400.0],
            "paid": [500.0],
            "share_paid": [500 / 3400 * 100],
        }
    )
    assert_frame_equal(eff, expected, check_dtype=False)
    # with a 26-day window, F7's payment counts (≤ 20/06) but F1's action drops out
    eff25 = dunning.effectiveness(snap(led, DUNNING_AS_OF), "standard", within_days=26)
    assert eff25[["n_actions", "amount", "paid"]].iloc[0].tolist() == [2, 2400.0, 900.0]


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"within_days": 0}, "within_days must be ≥ 1, got 0"),
        ({"months": 0}, "months must be ≥ 1, got 0"),
    ],
    ids=["within-days-zero", "months-zero"],
)
def test_effectiveness_windows_must_be_positive(kwargs, match):
    with pytest.raises(ValueError, match=match):
        dunning.effectiveness(snap(audited(), DUNNING_AS_OF), **kwargs)
