"""Dunning calendars as data: the bundled presets, the pre-due notice, validation."""

from __future__ import annotations

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from recouvrement import dunning
from recouvrement.dunning import Calendar, DunningConfigError, Step
from recouvrement.dunning.calendars import as_int, notice_preset


def test_presets_load():
    assert dunning.preset_names() == ("standard", "progressif")
    standard = dunning.load_calendar("standard")
    assert [(s.level, s.days, s.channel) for s in standard.steps] == [
        (1, 5, "email"),
        (2, 15, "courrier"),
        (3, 30, "LRAR"),
    ]
    progressif = dunning.load_calendar("progressif")
    assert [(s.level, s.days, s.channel) for s in progressif.steps] == [
        (1, 1, "email"),
        (2, 7, "téléphone"),
        (3, 15, "courrier"),
        (4, 30, "LRAR"),
        (5, 45, "agence"),
    ]
    assert "Mise en demeure" in progressif.step(4).label
    assert progressif.step(6) is None
    assert dunning.load_calendar(standard) is standard


def test_pre_due_notice():
    cal = dunning.load_calendar("standard").with_notice(5)
    assert cal.steps[0] == Step(0, -5, "email", "Avis d'échéance prochaine")
    assert cal.notices == (cal.steps[0],) and len(cal.reminders) == 3
    assert_frame_equal(
        cal.table().head(1),
        pd.DataFrame(
            {
                "level": [0],
                "days": [-5],
                "channel": ["email"],
                "label": ["Avis d'échéance prochaine"],
            }
        ),
    )
    # the bundled notice: level 0 by email, 5 days before the due date by default
    assert notice_preset() == Step(0, -5, "email", "Avis d'échéance prochaine")


def test_named_spec_with_description():
    spec = {
        "name": "maison",
        "description": "Relances maison",
        "steps": [
            {"level": 1, "days": 3, "channel": "email", "label": "Relance courtoise"},
        ],
    }
    cal = dunning.load_calendar(spec)
    assert (cal.name, cal.description, [s.days for s in cal.steps]) == (
        "maison",
        "Relances maison",
        [3],
    )
    # a bare list of steps is the "personnalisé" calendar
    assert dunning.load_calendar(spec["steps"]).name == "personnalisé"


@pytest.mark.parametrize(
    ("spec", "match"),
    [
        ("hebdo", "unknown dunning calendar 'hebdo'; known calendars: progressif, standard"),
        ([], "no step"),
        (b"not a list", "expected a list of steps"),
        (
            [{"level": 1, "days": "quinze", "channel": "email", "label": "x"}],
            r"calendar\[0\]\.days: expected an integer, got 'quinze'",
        ),
        ([{"level": 1, "days": 5, "channel": "email"}], "missing: label"),
        (
            [{"level": 1, "days": 5, "channel": "email", "label": "x", "delai": 8}],
            "unknown: delai",
        ),
        ([{"level": -1, "days": 5, "channel": "email", "label": "x"}], "must be ≥ 0, got -1"),
        (
            [
                {"level": 1, "days": 15, "channel": "email", "label": "x"},
                {"level": 2, "days": 5, "channel": "email", "label": "y"},
            ],
            r"strictly increasing, got \[15, 5\]",
        ),
        (
            [
                {"level": 2, "days": 5, "channel": "email", "label": "x"},
                {"level": 1, "days": 15, "channel": "email", "label": "y"},
            ],
            r"levels must be strictly increasing with the days, got \[2, 1\]",
        ),
        ([{"level": 0, "days": -5, "channel": "email", "label": "x"}], "no step after the due"),
        ([{"level": 1, "days": 5, "channel": " ", "label": "x"}], "channel: expected a non-empty"),
    ],
    ids=[
        "unknown-name",
        "empty",
        "not-a-list",
        "days-not-int",
        "missing-key",
        "unknown-key",
        "negative-level",
        "days-decreasing",
        "levels-decreasing",
        "only-notice",
        "blank-channel",
    ],
)
def test_invalid_calendar_spec(spec, match):
    with pytest.raises(DunningConfigError, match=match):
        dunning.load_calendar(spec)


def test_calendar_direct_construction_validates():
    with pytest.raises(DunningConfigError, match="strictly increasing"):
        Calendar("x", (Step(1, 10, "email", "a"), Step(2, 10, "email", "b")))


@pytest.mark.parametrize(
    ("value", "expected"),
    [(5, 5), (5.0, 5), (-3, -3)],
    ids=["int", "integral-float", "negative"],
)
def test_as_int_accepts_integers(value, expected):
    assert as_int(value, "x") == expected


@pytest.mark.parametrize("value", [True, 5.5, "5", None], ids=["bool", "fraction", "text", "none"])
def test_as_int_names_the_offending_value(value):
    with pytest.raises(
        DunningConfigError, match=f"within_days: expected an integer, got {value!r}"
    ):
        as_int(value, "within_days")
