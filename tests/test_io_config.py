"""recouvrement.yml: its schema (strict types, no unknown key), its French messages, strict YAML."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from recouvrement import conventions as cv
from recouvrement.conventions import Limits
from recouvrement.io import CONFIG_NAME, CompanyConfig, load_config
from recouvrement.io.config import typed
from recouvrement.io.fec_config import FecConfig
from recouvrement.ledger import LedgerError

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"
Y = "recouvrement.yml"


def problems_of(raw) -> list[str]:
    with pytest.raises(LedgerError) as err:
        typed(raw, Y)
    return err.value.problems


def problems_of_file(tmp_path: Path, text: str | bytes) -> list[str]:
    path = tmp_path / CONFIG_NAME
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    with pytest.raises(LedgerError) as err:
        load_config(path)
    return err.value.problems


@pytest.mark.parametrize(
    ("company", "name", "terms", "tables"),
    [
        ("batiment-durand", "Bâtiment Durand SAS", 45, 8),
        ("conseil-horizon", "Conseil Horizon SARL", 30, 0),
        ("maison-lumiere", "Maison Lumière SAS", 30, 8),
        ("meca-precision", "Méca Précision SA", 60, 3),
    ],
    ids=["batiment-durand", "conseil-horizon", "maison-lumiere", "meca-precision"],
)
def test_the_sample_configurations_load_unchanged(company, name, terms, tables):
    cfg = load_config(None, SAMPLES / company)
    assert (cfg.name, cfg.default_terms_days, len(cfg.tables)) == (name, terms, tables)
    assert cfg.source == SAMPLES / company / CONFIG_NAME
    assert cfg.limits == Limits() and cfg.default_debtor_kind is None
    assert cfg.defaults == {} and cfg.fec == FecConfig()


def test_no_configuration_is_the_defaults(tmp_path):
    cfg = load_config(None, tmp_path)
    assert cfg == CompanyConfig()
    assert (cfg.default_terms_days, cfg.read, cfg.tables, cfg.limits) == (30, {}, {}, Limits())
    assert load_config(None) == CompanyConfig()


def test_every_key_typed():
    cfg = typed(
        {
            "name": "Acme",
            "sector": "industrie",
            "notes": ["libre", {"x": 1}],
            "currency": "EUR",
            "default_terms_days": 0,
            "default_debtor_kind": "particulier",
            "read": {"sep": ";", "decimal": ",", "encoding": "cp1252", "sheet": 0},
            "tables": {
                "invoices": {"file": "exports/factures.csv", "read": {"date_format": "%d.%m.%Y"}},
                "disputes": {"from": "invoices", "where": {"Litige": ["Oui", "O"]}},
                "debtors": None,
            },
            "dunning": {"calendar": "progressif", "pre_due_notice": True},
            "legal": {"contractual_rate": 12},
            "limits": {"date_min": dt.date(2015, 1, 1), "date_max": None, "max_letters": 10},
            "defaults": {"kind": "particulier", "currency": "USD", "channel": None},
            "fec": {"receivable_accounts": ["411", "4110"], "terms_days": {"C1": 45}},
        },
        Y,
    )
    assert cfg.default_debtor_kind == "particulier" and cfg.default_terms_days == 0
    assert cfg.defaults == {"kind": "particulier", "currency": "USD"}  # null: not given
    assert cfg.fec == FecConfig(receivable_accounts=("411", "4110"), terms_days={"C1": 45})
    assert cfg.read == {"sep": ";", "decimal": ",", "encoding": "cp1252", "sheet": 0}
    assert cfg.table("invoices") == {
        "file": "exports/factures.csv",
        "read": {"date_format": "%d.%m.%Y"},
    }
    assert cfg.table("debtors") == {} and cfg.table("costs") == {}
    assert cfg.dunning == {"calendar": "progressif", "pre_due_notice": True}
    assert cfg.limits == Limits(date_min=pd.Timestamp("2015-01-01"), max_letters=10)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            {"default_terms_days": "trente"},
            "recouvrement.yml : default_terms_days = « trente » : un nombre entier de jours "
            "est attendu (par exemple 30)",
        ),
        (
            {"default_terms_days": "30"},
            "recouvrement.yml : default_terms_days = « 30 » : un nombre entier de jours est "
            "attendu (par exemple 30) ; l'écrire sans guillemets",
        ),
        (
            {"default_terms_days": -1},
            "recouvrement.yml : default_terms_days = « -1 » : un nombre de jours positif ou nul "
            "est attendu (par exemple 30)",
        ),
        (
            {"default_terms_days": True},
            "recouvrement.yml : default_terms_days = « true » : un nombre entier de jours est "
            "attendu (par exemple 30)",
        ),
        (
            {"sector": 12},
            "recouvrement.yml : sector = « 12 » : un texte est attendu (par exemple sector: "
            "construction) ; l'écrire entre guillemets",
        ),
        (
            {"read": {"decimal": ";"}},
            "recouvrement.yml : read.decimal = « ; » : une virgule ou un point est attendu "
            '(par exemple decimal: ",")',
        ),
        (
            {"read": {"sep": ";;"}},
            'recouvrement.yml : read.sep = « ;; » : un seul caractère est attendu (par exemple sep: ";")',
        ),
        (
            {"read": {"encoding": "base64"}},
            "recouvrement.yml : read.encoding = « base64 » : un encodage de texte connu de Python "
            "est attendu (par exemple encoding: cp1252 ou encoding: utf-8)",
        ),
        (
            {"read": {"sheet": True}},
            "recouvrement.yml : read.sheet = « true » : le nom d'une feuille ou son numéro à "
            "partir de 0 est attendu (par exemple sheet: Factures)",
        ),
        (
            {"tables": {"invoices": {"columns": ["invoice_id"]}}},
            "recouvrement.yml : tables.invoices.columns doit associer chaque colonne du fichier à "
            'une colonne de la table (par exemple columns: {"N° facture": invoice_id}), pas une liste',
        ),
        (
            {"tables": {"payments": {"columns": {"Réf": "reference"}}}},
            "recouvrement.yml : tables.payments.columns.Réf = « reference » : une colonne de la "
            f"table payments est attendue ({', '.join(cv.columns('payments'))})",
        ),
        (
            {"tables": {"invoices": {"columns": {2024: "amount"}}}},
            "recouvrement.yml : tables.invoices.columns : la clé « 2024 » doit être un texte : "
            'l\'écrire entre guillemets (par exemple "2024": ...)',
        ),
        (
            {"tables": {"debtors": {"values": {"type": {"PRO": "professionnel"}}}}},
            "recouvrement.yml : tables.debtors.values : « type » n'est pas une colonne de la "
            f"table debtors ; colonnes : {', '.join(cv.columns('debtors'))}",
        ),
        (
            {"tables": {"invoices": {"file": "factures.csv", "from": "payments"}}},
            "recouvrement.yml : tables.invoices : file et from s'excluent : une table est lue de "
            "son fichier (file) ou tirée d'une autre table (from), pas les deux ; garder l'un "
            "des deux",
        ),
        (
            {"tables": {"disputes": {"from": "debtors"}, "debtors": {"from": "invoices"}}},
            "recouvrement.yml : tables.disputes.from = « debtors » : debtors est elle-même tirée "
            "de invoices ; nommer la table dont le fichier la contient (from: invoices)",
        ),
        (
            {"tables": {"disputes": {"from": "invoices", "read": {"encoding": "utf-8"}}}},
            "recouvrement.yml : tables.disputes.read : encoding : une table tirée de invoices lit "
            "le fichier de invoices ; indiquer encoding sous tables.invoices.read",
        ),
        (
            {"tables": {"invoices": {"columns": {"Montant": "amount", "TTC": "amount"}}}},
            "recouvrement.yml : tables.invoices.columns : « Montant » et « TTC » vont toutes vers "
            "amount ; n'en garder qu'une",
        ),
        (
            {"limits": {"max_amount": float("inf")}},
            "recouvrement.yml : limits.max_amount = « inf » : un montant en euros supérieur à 0 "
            "et au plus 10\u00a0000\u00a0milliards (10000000000000, au-delà les montants ne "
            "sont plus exacts au centime) est attendu (par exemple max_amount: 1000000000)",
        ),
        (
            {"limits": {"date_max": dt.datetime(2030, 1, 1, 12, 0)}},
            "recouvrement.yml : limits.date_max = « 2030-01-01T12:00:00 » : une date AAAA-MM-JJ, "
            "sans guillemets, est attendue (par exemple date_max: 2030-12-31)",
        ),
        (
            {"limits": {"date_min": dt.date(1500, 1, 1)}},
            "recouvrement.yml : limits.date_min = « 1500-01-01 » : une date entre le 01/01/1950 "
            "et le 31/12/2199 est attendue (par exemple 2000-01-01)",
        ),
        (
            {"dunning": {"by_risk_class": ["progressif"]}},
            "recouvrement.yml : dunning.by_risk_class doit associer chaque classe de risque à un "
            "calendrier (par exemple by_risk_class: {à risque: progressif}), pas une liste",
        ),
        (
            {"legal": {"contractual_rate": 150}},
            "recouvrement.yml : legal.contractual_rate = « 150 » : un taux en pour cent par an, "
            "supérieur à 0 et au plus égal à 100, est attendu (par exemple contractual_rate: "
            "12.0 pour 12 %)",
        ),
        (
            {"legal": {"taux": 12}},
            "recouvrement.yml : legal : clé inconnue « taux » ; clés admises : contractual_rate, claim_policy",
        ),
        (
            {"name": "Acme\n- faux message"},
            None,  # accepted: a name is free text (its newline never reaches a message)
        ),
    ],
    ids=[
        "terms-in-words",
        "terms-in-quotes",
        "terms-negative",
        "terms-boolean",
        "sector-number",
        "decimal-semicolon",
        "sep-two-characters",
        "encoding-not-text",
        "sheet-boolean",
        "columns-list",
        "column-not-canonical",
        "column-key-number",
        "values-unknown-column",
        "file-and-from",
        "from-chain",
        "derived-table-encoding",
        "column-mapped-twice",
        "max-amount-infinite",
        "date-max-with-time",
        "date-min-1500",
        "by-risk-class-list",
        "rate-above-100",
        "legal-unknown-key",
        "name-with-newline",
    ],
)
def test_one_french_message_per_problem(raw, expected):
    if expected is None:
        assert typed(raw, Y).name == raw["name"]
    else:
        assert problems_of(raw) == [expected]


def test_every_problem_of_a_file_is_raised_together():
    found = problems_of(
        {
            "default_terms_days": 30.9,
            "currency": "euro",
            "tables": {"factures": {}},
            "limits": {"max_rows": 0},
        }
    )
    assert found == [
        "recouvrement.yml : currency = « euro » : un code de devise de trois lettres capitales "
        "est attendu (par exemple EUR)",
        "recouvrement.yml : default_terms_days = « 30.9 » : un nombre entier de jours est "
        "attendu (par exemple 30)",
        "recouvrement.yml : tables : table inconnue « factures » ; tables connues : invoices, "
        "payments, credit_notes, write_offs, disputes, debtors, actions, costs",
        "recouvrement.yml : limits.max_rows = « 0 » : un nombre entier au moins égal à 1 est "
        "attendu (par exemple max_rows: 500)",
    ]


def test_a_value_is_quoted_on_one_line_and_cut():
    [message] = problems_of({"currency": "E\nUR" + "x" * 100})
    assert "\n" not in message
    assert "« E\ufffdURxxx" in message and "x…" in message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "name: Acme\nsector: a\nname: Autre\n",
            "recouvrement.yml, ligne 3 : la clé « name » est écrite deux fois ; n'en garder qu'une",
        ),
        (
            "read: &r {sep: ';'}\ntables:\n  invoices:\n    read: *r\n",
            "recouvrement.yml, ligne 4 : les alias YAML (*nom) ne sont pas admis : écrire la "
            "valeur en entier",
        ),
        (
            "name: Acme\ntables: {invoices: {file: a.csv}\n",
            "recouvrement.yml, ligne 3 : YAML mal formé : accolade non fermée ou virgule manquante "
            "(ouvert ligne 2) ; corriger cette ligne",
        ),
        (
            "name: 'Acme\nsector: x\n",
            "recouvrement.yml, ligne 3 : YAML mal formé : fin du fichier inattendue : un guillemet "
            "n'est pas fermé (ouvert ligne 1) ; corriger cette ligne",
        ),
        (
            "name: Acme: SA\n",
            "recouvrement.yml, ligne 1 : YAML mal formé : deux-points inattendu : une valeur qui "
            "contient « : » s'écrit entre guillemets ; corriger cette ligne",
        ),
        (
            "read:\n\tsep: ';'\n",
            "recouvrement.yml, ligne 2 : YAML mal formé : tabulation : indenter avec des espaces ; "
            "corriger cette ligne",
        ),
        (
            "name: Soci\xe9t\xe9\n".encode("latin-1"),
            "recouvrement.yml : pas en UTF-8 (octet n° 11) ; l'enregistrer en UTF-8",
        ),
        (
            "- invoices\n- payments\n",
            "recouvrement.yml : le fichier doit associer chaque réglage à sa valeur (par exemple "
            'name: "Bâtiment Durand SAS"), pas une liste',
        ),
    ],
    ids=[
        "key-twice",
        "alias",
        "unclosed-brace",
        "unclosed-quote",
        "colon-in-value",
        "tab-indent",
        "latin-1",
        "top-level-list",
    ],
)
def test_the_yaml_is_read_strictly(tmp_path, text, expected):
    assert problems_of_file(tmp_path, text) == [expected]


def test_an_empty_file_is_the_defaults_with_its_source(tmp_path):
    (tmp_path / CONFIG_NAME).write_text("# rien\n", encoding="utf-8")
    cfg = load_config(None, tmp_path)
    assert cfg.source == tmp_path / CONFIG_NAME and cfg.default_terms_days == 30


def test_a_huge_file_is_not_parsed(tmp_path):
    (tmp_path / CONFIG_NAME).write_bytes(b"# " + b"x" * 1_000_001)
    with pytest.raises(LedgerError, match="fichier de 1\u00a0000\u00a0003 octets"):
        load_config(None, tmp_path)


def test_a_configuration_given_as_a_mapping_is_named_so():
    with pytest.raises(LedgerError) as err:
        load_config({"nmae": "Acme"})
    assert err.value.problems == [
        "configuration : clé inconnue « nmae » (vouliez-vous écrire « name » ?) ; clés admises : "
        "name, sector, notes, currency, default_terms_days, default_debtor_kind, defaults, read, "
        "tables, dunning, legal, creditor, report, limits, fec"
    ]
