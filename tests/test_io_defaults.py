"""``defaults:`` of recouvrement.yml: the value of a column a file lacks or leaves empty.

Every default used is recorded with the rows it filled (``meta["defaults"]``) and
stated in the report's data-quality section.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

import recouvrement as rc
from recouvrement.conventions import Limits
from recouvrement.io.config import typed
from recouvrement.io.mapping import DEFAULT_COLUMNS, fill_defaults
from recouvrement.ledger import LedgerError
from recouvrement.report.sections import appendix
from recouvrement.report.tables.quality import defaults_table

#: Three debtors, none with a kind (the file has no such column).
INVOICES = (
    "invoice_id,debtor_id,issue_date,due_date,amount\n"
    "F1,D1,2025-01-10,2025-02-09,100\n"
    "F2,D2,2025-01-12,2025-02-11,200\n"
    "F3,D1,2025-02-10,2025-03-12,50\n"
    "F4,D3,2025-02-11,2025-03-13,70\n"
)
PAYMENTS = "payment_id,debtor_id,invoice_id,date,amount,currency\nP1,D1,F1,2025-02-01,100,\n"


@pytest.fixture
def folder(tmp_path) -> Path:
    (tmp_path / "invoices.csv").write_text(INVOICES, encoding="utf-8")
    (tmp_path / "payments.csv").write_text(PAYMENTS, encoding="utf-8")
    return tmp_path


def test_a_default_kind_makes_every_debtor_professional(folder):
    led = rc.read_ledger(folder, {"defaults": {"kind": "professionnel"}})
    expected = pd.Series(
        ["professionnel"] * 3,
        index=pd.Index(["D1", "D2", "D3"], name="debtor_id", dtype="str"),
        name="kind",
        dtype="str",
    )
    assert_frame_equal(led.kinds().to_frame(), expected.to_frame())
    assert led.default_kind == "professionnel"
    assert_frame_equal(
        led.meta["defaults"],
        pd.DataFrame(
            [["debtors", "kind", "professionnel", 3, "defaults.kind"]], columns=DEFAULT_COLUMNS
        ),
    )


def test_the_default_is_stated_in_the_data_quality_section(folder):
    led = rc.read_ledger(folder, {"defaults": {"kind": "professionnel"}})
    assert defaults_table(led).to_dict("records") == [
        {
            "Table": "débiteurs",
            "Colonne": "kind",
            "Valeur": "professionnel",
            "Lignes complétées": 3,
            "Origine": "valeur par défaut de recouvrement.yml (defaults:)",
        }
    ]
    report = SimpleNamespace(ledger=led, limits=Limits())  # what appendix.counts reads
    html = " ".join(str(getattr(b, "data", b)) for b in appendix.counts(report))
    assert "Valeurs par défaut appliquées aux colonnes absentes ou vides" in html
    assert "professionnel" in html
    assert "valeur par défaut de recouvrement.yml (defaults:)" in html


def test_a_debtors_table_keeps_its_kinds_and_the_default_fills_the_rest(folder):
    (folder / "debtors.csv").write_text(
        "debtor_id,name,kind\nD1,Alpha,particulier\nD2,Beta,\n", encoding="utf-8"
    )
    led = rc.read_ledger(folder, {"defaults": {"kind": "professionnel"}})
    assert led.kinds().to_dict() == {
        "D1": "particulier",  # the file says
        "D2": "professionnel",  # listed without a kind
        "D3": "professionnel",  # not listed
    }
    assert led.meta["defaults"]["filled"].tolist() == [2]


def test_default_debtor_kind_still_works_and_is_named(folder):
    led = rc.read_ledger(folder, {"default_debtor_kind": "particulier"})
    assert set(led.kinds()) == {"particulier"}
    assert defaults_table(led)["Origine"].tolist() == [
        "valeur par défaut de recouvrement.yml (default_debtor_kind)"
    ]


def test_both_spellings_agreeing_are_one_default():
    cfg = typed({"defaults": {"kind": "particulier"}, "default_debtor_kind": "particulier"}, "y")
    assert (cfg.default_debtor_kind, dict(cfg.defaults)) == ("particulier", {"kind": "particulier"})


def test_both_spellings_disagreeing_are_refused_in_french():
    with pytest.raises(LedgerError) as err:
        typed(
            {"defaults": {"kind": "particulier"}, "default_debtor_kind": "professionnel"},
            "recouvrement.yml",
        )
    assert err.value.problems == [
        "recouvrement.yml : defaults.kind = « particulier » et default_debtor_kind = "
        "« professionnel » se contredisent : c'est le même réglage, le type d'un débiteur que "
        "les fichiers ne disent pas ; n'en garder qu'un (par exemple defaults: {kind: "
        "particulier})"
    ]


def test_a_currency_default_fills_a_missing_column_and_empty_cells(folder):
    led = rc.read_ledger(folder, {"defaults": {"currency": "EUR"}})
    assert_frame_equal(
        led.meta["defaults"],
        pd.DataFrame(
            [
                ["invoices", "currency", "EUR", 4, "defaults.currency"],  # no column: every row
                ["payments", "currency", "EUR", 1, "defaults.currency"],  # its one empty cell
            ],
            columns=DEFAULT_COLUMNS,
        ),
    )
    assert led.invoices["currency"].tolist() == ["EUR"] * 4
    assert led.kinds().isna().all()  # no kind default: the kinds stay unknown


def test_the_currency_default_is_the_rows_currency(folder):
    led = rc.read_ledger(folder, {"defaults": {"currency": "USD"}})
    assert led.currency == "USD"
    assert led.payments["currency"].tolist() == ["USD"]


def test_a_channel_default_fills_the_actions(folder):
    (folder / "actions.csv").write_text(
        "debtor_id,date,level,channel\nD1,2025-02-20,1,\nD2,2025-02-21,1,email\n"
        "D3,2025-02-22,2,  \n",
        encoding="utf-8",
    )
    led = rc.read_ledger(folder, {"defaults": {"channel": "courrier"}})
    assert led.actions["channel"].tolist() == ["courrier", "email", "courrier"]
    assert defaults_table(led).to_dict("records") == [
        {
            "Table": "relances",
            "Colonne": "channel",
            "Valeur": "courrier",
            "Lignes complétées": 2,
            "Origine": "valeur par défaut de recouvrement.yml (defaults:)",
        }
    ]


def test_without_defaults_nothing_is_stated(folder):
    led = rc.read_ledger(folder)
    assert len(led.meta["defaults"]) == 0
    assert len(defaults_table(led)) == 0
    report = SimpleNamespace(ledger=led, limits=Limits())
    assert len(appendix.counts(report)) == 1  # the counts alone


def test_fill_defaults_does_not_modify_its_input():
    frame = pd.DataFrame({"invoice_id": ["F1", "F2"], "currency": [None, "USD"]})
    before = frame.copy()
    out, filled = fill_defaults(frame, "invoices", {"currency": "EUR", "channel": "courrier"})
    assert_frame_equal(frame, before)
    assert out["currency"].tolist() == ["EUR", "USD"]
    assert "channel" not in out.columns  # not a column of the invoices
    assert filled == [
        {
            "table": "invoices",
            "column": "currency",
            "value": "EUR",
            "filled": 1,
            "key": "defaults.currency",
        }
    ]


@pytest.mark.parametrize(
    ("defaults", "expected"),
    [
        (
            {"kind": "entreprise"},
            "recouvrement.yml : defaults.kind = « entreprise » : professionnel, particulier ou "
            "public est attendu (par exemple defaults: {kind: professionnel})",
        ),
        (
            {"kind": "pro"},
            "recouvrement.yml : defaults.kind = « pro » : professionnel, particulier ou "
            "public est attendu (par exemple defaults: {kind: professionnel})",
        ),
        (
            {"currency": "€"},
            "recouvrement.yml : defaults.currency = « € » : un code de devise de trois lettres "
            "capitales est attendu (par exemple defaults: {currency: EUR})",
        ),
        (
            {"channel": ""},
            "recouvrement.yml : defaults.channel = «  » : un texte est attendu (par exemple "
            "defaults: {channel: courrier})",
        ),
        (
            {"sector": "bâtiment"},
            "recouvrement.yml : defaults : clé inconnue « sector » ; clés admises : kind, "
            "currency, channel",
        ),
        (
            ["kind"],
            "recouvrement.yml : defaults doit associer chaque colonne à sa valeur par défaut "
            "(par exemple defaults: {kind: professionnel}), pas une liste",
        ),
    ],
    ids=["kind-unknown", "kind-synonym", "currency-symbol", "channel-empty", "unknown", "list"],
)
def test_a_wrong_default_is_refused_in_french(defaults, expected):
    with pytest.raises(LedgerError) as err:
        typed({"defaults": defaults}, "recouvrement.yml")
    assert err.value.problems == [expected]
