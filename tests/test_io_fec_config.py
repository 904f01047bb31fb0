"""The ``fec:`` section of recouvrement.yml: typed (FecConfig), defaults, French refusals."""

from __future__ import annotations

import pytest

from recouvrement.io import CompanyConfig
from recouvrement.io.config import typed
from recouvrement.io.fec.roles import FecOptions
from recouvrement.io.fec_config import FecConfig
from recouvrement.ledger import LedgerError

Y = "recouvrement.yml"

FULL = {
    "files": ["FEC2024.txt", "exports/FEC2025.txt"],
    "receivable_accounts": ["411", "4117"],
    "doubtful_accounts": ["416"],
    "advance_accounts": [],
    "opening_journals": ["AN", "RAN"],
    "journals": {"VT": "sales", "BQ1": "bank", "OD": "misc", "PT": "write_off"},
    "terms_days": {"C001": 45, "C002": 0, "C003": 365},
    "partial_after_days": 120,
}


def problems_of(fec) -> list[str]:
    with pytest.raises(LedgerError) as err:
        typed({"fec": fec}, Y)
    return err.value.problems


def test_without_a_fec_section_the_defaults():
    cfg = typed({}, Y)
    assert cfg.fec == FecConfig() == CompanyConfig().fec
    assert (
        cfg.fec.files,
        cfg.fec.receivable_accounts,
        cfg.fec.doubtful_accounts,
        cfg.fec.advance_accounts,
        cfg.fec.opening_journals,
        dict(cfg.fec.journals),
        dict(cfg.fec.terms_days),
        cfg.fec.partial_after_days,
    ) == (None, ("411",), ("416",), ("419",), ("AN", "ANO", "RAN", "ANC"), {}, {}, 90)


def test_an_empty_fec_section_is_the_defaults():
    assert typed({"fec": {}}, Y).fec == FecConfig()
    assert typed({"fec": None}, Y).fec == FecConfig()


def test_every_key_typed():
    fec = typed({"fec": FULL}, Y).fec
    assert fec == FecConfig(
        files=("FEC2024.txt", "exports/FEC2025.txt"),
        receivable_accounts=("411", "4117"),
        doubtful_accounts=("416",),
        advance_accounts=(),  # an explicit empty list: no advance account
        opening_journals=("AN", "RAN"),
        journals={"VT": "sales", "BQ1": "bank", "OD": "misc", "PT": "write_off"},
        terms_days={"C001": 45, "C002": 0, "C003": 365},
        partial_after_days=120,
    )


def test_only_the_keys_given_change():
    fec = typed({"fec": {"doubtful_accounts": ["4160", "4161"]}}, Y).fec
    assert fec == FecConfig(doubtful_accounts=("4160", "4161"))


def test_the_fec_reader_takes_it_as_is():
    # one class for the section and the reader's options: nothing to keep in step
    assert FecOptions is FecConfig
    assert typed({"fec": FULL}, Y).fec.scope == ("411", "4117", "416")
    assert FecOptions().scope == ("411", "416", "419")


EXAMPLE_FILES = '(par exemple files: ["FEC2024.txt"])'
COPY = "copier le fichier dans le dossier et le nommer par son nom " + EXAMPLE_FILES
PREFIX = "un préfixe de compte en chiffres, entre guillemets, est attendu (par exemple "
TERMS = "un nombre entier de jours entre 0 et 365 est attendu (par exemple C001: 45)"


@pytest.mark.parametrize(
    ("fec", "expected"),
    [
        (
            {"receivable_accounts": [411]},
            f'{Y} : fec.receivable_accounts[0] = « 411 » : {PREFIX}receivable_accounts: ["411"])',
        ),
        (
            {"doubtful_accounts": ["41A"]},
            f'{Y} : fec.doubtful_accounts[0] = « 41A » : {PREFIX}doubtful_accounts: ["416"])',
        ),
        (
            {"advance_accounts": ["４１９"]},  # full-width digits: not an account number
            f'{Y} : fec.advance_accounts[0] = « ４１９ » : {PREFIX}advance_accounts: ["419"])',
        ),
        (
            {"receivable_accounts": []},
            f"{Y} : fec.receivable_accounts = « [] » : une liste non vide de préfixes de comptes "
            'clients est attendue (par exemple receivable_accounts: ["411"])',
        ),
        (
            {"doubtful_accounts": "416"},
            f"{Y} : fec.doubtful_accounts = « 416 » : une liste de préfixes de comptes de clients "
            'douteux est attendue (par exemple doubtful_accounts: ["416"])',
        ),
        (
            {"opening_journals": ["AN", 1]},
            f"{Y} : fec.opening_journals[1] = « 1 » : un code journal est attendu, entre "
            'guillemets (par exemple opening_journals: ["AN"])',
        ),
        (
            {"journals": {"VT": "ventes"}},
            f"{Y} : fec.journals.VT = « ventes » : un rôle de journal est attendu : sales "
            "(ventes), bank (banque), opening (à-nouveaux), write_off (pertes) ou misc "
            "(opérations diverses) (par exemple VT: sales)",
        ),
        (
            {"journals": ["VT"]},
            f"{Y} : fec.journals doit associer chaque code journal à son rôle (par exemple "
            "journals: {VT: sales, BQ1: bank}), pas une liste",
        ),
        ({"terms_days": {"C001": 366}}, f"{Y} : fec.terms_days.C001 = « 366 » : {TERMS}"),
        ({"terms_days": {"C001": -1}}, f"{Y} : fec.terms_days.C001 = « -1 » : {TERMS}"),
        ({"terms_days": {"C001": 45.5}}, f"{Y} : fec.terms_days.C001 = « 45.5 » : {TERMS}"),
        (
            {"terms_days": {"C001": "45"}},
            f"{Y} : fec.terms_days.C001 = « 45 » : {TERMS} ; l'écrire sans guillemets",
        ),
        (
            {"terms_days": {1: 45}},
            f"{Y} : fec.terms_days : la clé « 1 » doit être un texte : l'écrire entre guillemets "
            '(par exemple "1": ...)',
        ),
        (
            {"partial_after_days": True},
            f"{Y} : fec.partial_after_days = « true » : un nombre entier de jours entre 0 et "
            "3650 est attendu (par exemple partial_after_days: 90)",
        ),
        (
            {"files": "FEC2024.txt"},
            f"{Y} : fec.files = « FEC2024.txt » : une liste non vide de fichiers FEC du dossier "
            'est attendue (par exemple files: ["FEC2024.txt", "FEC2025.txt"]) ; sans files, tout '
            "fichier du dossier dont l'en-tête est celui d'un FEC est lu",
        ),
        (
            {"files": ["/etc/passwd"]},
            f"{Y} : fec.files[0] = « /etc/passwd » : un chemin relatif au dossier de la société "
            f"est attendu, pas un chemin absolu : {COPY}",
        ),
        (
            {"files": ["../autre/FEC.txt"]},
            f"{Y} : fec.files[0] = « ../autre/FEC.txt » : un fichier du dossier de la société "
            f"est attendu, sans « .. » : {COPY}",
        ),
        (
            {"files": ["FEC.txt", "./FEC.txt"]},
            f"{Y} : fec.files : « ./FEC.txt » est nommé deux fois ; ses écritures seraient lues "
            "deux fois : n'en garder qu'un",
        ),
        (
            {"files": [2024]},
            f"{Y} : fec.files[0] = « 2024 » : le nom d'un fichier FEC du dossier de la société "
            f"est attendu, entre guillemets {EXAMPLE_FILES}",
        ),
        (
            {"receivables": ["411"]},
            f"{Y} : fec : clé inconnue « receivables » (vouliez-vous écrire « "
            "receivable_accounts » ?) ; clés admises : files, receivable_accounts, "
            "doubtful_accounts, advance_accounts, opening_journals, journals, terms_days, "
            "partial_after_days",
        ),
        (
            ["FEC2024.txt"],
            f"{Y} : fec doit associer chaque réglage du FEC à sa valeur (par exemple fec: "
            '{receivable_accounts: ["411"]}), pas une liste',
        ),
    ],
    ids=[
        "prefix-a-number",
        "prefix-with-a-letter",
        "prefix-full-width-digits",
        "no-receivable-account",
        "prefixes-a-text",
        "journal-code-a-number",
        "journal-role-unknown",
        "journals-a-list",
        "terms-above-365",
        "terms-negative",
        "terms-with-decimals",
        "terms-in-quotes",
        "terms-key-a-number",
        "partial-a-boolean",
        "files-a-text",
        "file-absolute",
        "file-dot-dot",
        "file-twice",
        "file-a-number",
        "unknown-key",
        "section-a-list",
    ],
)
def test_a_wrong_fec_section_is_refused_in_french(fec, expected):
    assert problems_of(fec) == [expected]


def test_every_problem_of_the_section_at_once():
    found = problems_of({"receivable_accounts": [411], "terms_days": {"C1": 400}, "x": 1})
    assert [p.split(" = ")[0].split(" : ")[1] for p in found] == [
        "fec.receivable_accounts[0]",
        "fec.terms_days.C1",
        "fec",
    ]
