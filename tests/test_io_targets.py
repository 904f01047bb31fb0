"""A company's KPI targets file: a mapping ``kpi: target``, every problem told in French."""

from __future__ import annotations

import pytest

from recouvrement.io import load_targets
from recouvrement.ledger import LedgerError


def write(tmp_path, text: str):
    path = tmp_path / "objectifs.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_targets_in_the_file_order(tmp_path):
    path = write(tmp_path, "recovery_rate: 85\ndso: 45.5\n")
    assert load_targets(path) == {"recovery_rate": 85.0, "dso": 45.5}
    assert list(load_targets(path)) == ["recovery_rate", "dso"]


def test_an_empty_file_has_no_target(tmp_path):
    assert load_targets(write(tmp_path, "# aucun objectif\n")) == {}


def test_every_bad_target_is_told_at_once(tmp_path):
    path = write(tmp_path, 'dso: "45"\nrecovery_rate: 85 %\nunpaid_rate: .nan\ncei: true\n')
    with pytest.raises(LedgerError) as err:
        load_targets(path)
    expected = "un nombre est attendu, dans l'unité de l'indicateur (par exemple dso: 45)"
    assert err.value.problems == [
        f"objectifs.yml : dso = « 45 » : {expected} ; l'écrire sans guillemets ni unité",
        f"objectifs.yml : recovery_rate = « 85 % » : {expected} ; l'écrire sans guillemets ni unité",
        f"objectifs.yml : unpaid_rate = « nan » : {expected}",
        f"objectifs.yml : cei = « true » : {expected}",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "- dso\n",
            "objectifs.yml : le fichier doit associer chaque indicateur à sa cible "
            "(par exemple dso: 45), pas une liste",
        ),
        (
            "dso: 45\ndso: 40\n",
            "objectifs.yml, ligne 2 : la clé « dso » est écrite deux fois ; n'en garder qu'une",
        ),
        (
            "dso: [45\n",
            "objectifs.yml, ligne 2 : YAML mal formé : crochet non fermé ou virgule manquante "
            "(ouvert ligne 1) ; corriger cette ligne",
        ),
    ],
    ids=["list", "key-twice", "syntax"],
)
def test_a_bad_file_is_refused_in_french(tmp_path, text, expected):
    with pytest.raises(LedgerError) as err:
        load_targets(write(tmp_path, text))
    assert err.value.problems == [expected]


def test_a_missing_file(tmp_path):
    with pytest.raises(LedgerError) as err:
        load_targets(tmp_path / "absent.yml")
    assert err.value.problems == [
        "absent.yml : fichier introuvable (ou lien vers un fichier absent)"
    ]
