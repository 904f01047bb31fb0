"""The company's dunning policy: its ``dunning:`` section, calendars per risk class."""

from __future__ import annotations

import pandas as pd
import pytest
from builders import POLICY, audited

from recouvrement import dunning
from recouvrement.dunning import RISK_CLASSES, DunningConfigError
from recouvrement.dunning.policy import assign_calendars


def test_company_calendar_and_risk_classes():
    led = audited(meta=POLICY)
    assert dunning.calendar_for(led).name == "maison"
    assert [s.days for s in dunning.calendar_for(led).steps] == [3, 20]
    assert dunning.calendar_for(led, "à risque").name == "progressif"
    assert dunning.calendar_for(led, "fiable").name == "maison"  # no calendar for the class
    assert dunning.calendar_for(audited()).name == "standard"  # no dunning section
    with pytest.raises(DunningConfigError, match="'douteux'"):
        dunning.calendar_for(led, "douteux")


def test_company_pre_due_notice_applies_to_every_calendar():
    led = audited(
        meta={"dunning": {"pre_due_notice": 5, "by_risk_class": {"fiable": "progressif"}}}
    )
    assert dunning.calendar_for(led).steps[0].days == -5
    assert dunning.calendar_for(led, "fiable").steps[0].days == -5
    # `true` takes the bundled notice's days (5 before the due date)
    led = audited(meta={"dunning": {"pre_due_notice": True}})
    assert dunning.calendar_for(led).steps[0].days == -5


def test_assign_calendars_per_debtor():
    led = audited(meta=POLICY)
    debtors = pd.Series(["A", "B", "C"], index=[10, 11, 12])
    names, cals = assign_calendars(led, None, {"B": "à risque", "C": "fiable"}, debtors)
    # B is "à risque": progressif; A (no class) and C (no calendar for fiable): maison
    assert names.to_dict() == {10: "maison", 11: "progressif", 12: "maison"}
    assert sorted(cals) == ["maison", "progressif"]
    # an explicit calendar, a company calendar's name included, applies to every debtor
    names, cals = assign_calendars(led, "maison", None, debtors)
    assert set(names) == {"maison"} and [s.days for s in cals["maison"].steps] == [3, 20]
    with pytest.raises(ValueError, match="risk_classes"):
        assign_calendars(led, "standard", {"B": "à risque"}, debtors)
    with pytest.raises(ValueError, match="pas un objet list"):
        assign_calendars(led, None, ["à risque"], debtors)


@pytest.mark.parametrize(
    ("section", "message"),
    [
        (
            ["standard"],
            "dunning = « ['standard'] » : une table de réglages des relances est attendue, avec "
            "les clés calendar, calendars, by_risk_class, pre_due_notice, letters (par exemple "
            "dunning: {calendar: progressif})",
        ),
        (
            {"calendrier": "standard"},
            "dunning : clé(s) inconnue(s) calendrier ; clés admises : calendar, calendars, "
            "by_risk_class, pre_due_notice, letters",
        ),
        (
            {"calendar": "maison"},
            "calendrier de relance inconnu « maison » ; calendriers connus : progressif, standard "
            "(ou un calendrier de la société, sous dunning.calendars)",
        ),
        (
            {"calendars": {"maison": [{"level": 1}]}},
            "dunning.calendars.maison[0] : une étape a exactement les clés level, days, channel, "
            "label ; clé(s) manquante(s) : days, channel, label (par exemple {level: 1, days: 5, "
            "channel: email, label: Relance})",
        ),
        (
            {"by_risk_class": {"douteux": "standard"}},
            "dunning.by_risk_class : classe de risque inconnue « douteux » ; classes : "
            + ", ".join(RISK_CLASSES),
        ),
        (
            {"by_risk_class": {"fiable": "souple"}},
            "calendrier de relance inconnu « souple » ; calendriers connus : progressif, standard "
            "(ou un calendrier de la société, sous dunning.calendars)",
        ),
        (
            {"pre_due_notice": 0},
            "calendrier « standard » : pre_due_notice = « 0 » : un nombre de jours au moins égal "
            "à 1 est attendu (par exemple pre_due_notice: 5 pour un avis 5 jours avant "
            "l'échéance)",
        ),
    ],
    ids=[
        "not-mapping",
        "unknown-key",
        "unknown-calendar",
        "bad-company-step",
        "unknown-class",
        "class-unknown-calendar",
        "notice-zero",
    ],
)
def test_invalid_company_section(section, message):
    led = audited(meta={"dunning": section})
    with pytest.raises(DunningConfigError) as err:
        dunning.calendar_for(led)
    assert str(err.value) == f"recouvrement.yml : {message}"


def test_letters_key_is_left_to_letters_module():
    led = audited(meta={"dunning": {"calendar": "progressif", "letters": {"contact": "x"}}})
    assert dunning.calendar_for(led).name == "progressif"
