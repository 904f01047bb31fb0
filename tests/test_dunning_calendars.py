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


@pytest.mark.parametrize("name", ["standard", "progressif"])
def test_every_registered_step_of_a_preset_announces_a_mise_en_demeure(name):
    """A step by registered letter produces a mise en demeure (art. 1344 code civil): the
    presets say so in its label, so that the report never announces a letter the letters
    do not contain; the other steps announce no mise en demeure."""
    from recouvrement.dunning.letters import letter_kind

    for step in dunning.load_calendar(name).steps:
        kind = letter_kind(step.level, step.channel) if step.level >= 1 else None
        registered = kind is not None and kind[0] == "mise_en_demeure"
        assert step.label.startswith("Mise en demeure") == registered, step
    assert dunning.load_calendar("standard").step(3).label == (
        "Mise en demeure (lettre recommandée avec accusé de réception)"
    )


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


STEP = "{level: 1, days: 5, channel: email, label: Relance}"


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        (
            "hebdo",
            "calendrier de relance inconnu « hebdo » ; calendriers connus : progressif, standard "
            "(ou un calendrier de la société, sous dunning.calendars)",
        ),
        (
            [],
            "calendrier « personnalisé » : aucune étape ; en donner au moins une "
            f"après l'échéance (par exemple [{STEP}])",
        ),
        (
            b"not a list",
            f"calendrier = « b'not a list' » : une liste d'étapes est attendue (par exemple [{STEP}])",
        ),
        (
            [{"level": 1, "days": "quinze", "channel": "email", "label": "x"}],
            "calendrier[0].days = « quinze » : un nombre entier est attendu, sans guillemets "
            "(par exemple 5)",
        ),
        (
            [{"level": 1, "days": 5, "channel": "email"}],
            "calendrier[0] : une étape a exactement les clés level, days, channel, label ; "
            f"clé(s) manquante(s) : label (par exemple {STEP})",
        ),
        (
            [{"level": 1, "days": 5, "channel": "email", "label": "x", "delai": 8}],
            "calendrier[0] : une étape a exactement les clés level, days, channel, label ; "
            f"clé(s) inconnue(s) : delai (par exemple {STEP})",
        ),
        (
            [{"level": -1, "days": 5, "channel": "email", "label": "x"}],
            "calendrier[0].level = « -1 » : un niveau positif ou nul est attendu "
            "(par exemple level: 1)",
        ),
        (
            [
                {"level": 1, "days": 15, "channel": "email", "label": "x"},
                {"level": 2, "days": 5, "channel": "email", "label": "y"},
            ],
            "calendrier « personnalisé » : les jours des étapes doivent croître "
            "strictement, lus : [15, 5] ; ranger les étapes de la plus tôt à la plus tardive, "
            "sans deux fois le même jour",
        ),
        (
            [
                {"level": 2, "days": 5, "channel": "email", "label": "x"},
                {"level": 1, "days": 15, "channel": "email", "label": "y"},
            ],
            "calendrier « personnalisé » : les niveaux des étapes doivent croître "
            "strictement avec les jours, lus : [2, 1] ; numéroter les étapes 1, 2, 3… dans "
            "l'ordre des jours",
        ),
        (
            [{"level": 0, "days": -5, "channel": "email", "label": "x"}],
            "calendrier « personnalisé » : aucune étape après l'échéance "
            "(days ≥ 1), jours lus : [-5] ; ajouter au moins une relance (par exemple days: 5)",
        ),
        (
            [{"level": 1, "days": 5, "channel": " ", "label": "x"}],
            "calendrier[0].channel = «   » : un texte non vide est attendu (par exemple email)",
        ),
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
def test_invalid_calendar_spec(spec, message):
    with pytest.raises(DunningConfigError) as err:
        dunning.load_calendar(spec)
    assert str(err.value) == message


def test_calendar_direct_construction_validates():
    with pytest.raises(DunningConfigError, match="doivent croître strictement"):
        Calendar("x", (Step(1, 10, "email", "a"), Step(2, 10, "email", "b")))


@pytest.mark.parametrize(
    ("value", "expected"),
    [(5, 5), (5.0, 5), (-3, -3)],
    ids=["int", "integral-float", "negative"],
)
def test_as_int_accepts_integers(value, expected):
    assert as_int(value, "x") == expected


@pytest.mark.parametrize(
    ("value", "shown"),
    [(True, "True"), (5.5, "5.5"), ("5", "5"), (None, "None")],
    ids=["bool", "fraction", "text", "none"],
)
def test_as_int_names_the_offending_value(value, shown):
    with pytest.raises(DunningConfigError) as err:
        as_int(value, "within_days")
    assert str(err.value) == (
        f"within_days = « {shown} » : un nombre entier est attendu, sans guillemets (par exemple 5)"
    )


def test_a_notice_needs_at_least_one_day():
    with pytest.raises(DunningConfigError) as err:
        dunning.load_calendar("standard").with_notice(0)
    assert str(err.value) == (
        "calendrier « standard » : pre_due_notice = « 0 » : un nombre de jours au moins égal à 1 "
        "est attendu (par exemple pre_due_notice: 5 pour un avis 5 jours avant l'échéance)"
    )
