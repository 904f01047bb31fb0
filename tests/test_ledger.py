"""The ledger contract: coercion, row problems set aside or repaired, counts reconcile."""

from __future__ import annotations

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

import recouvrement as rc
from recouvrement.ledger import QUALITY_COLUMNS

INVOICE_COLS = ["invoice_id", "debtor_id", "issue_date", "due_date", "amount"]


def invoices(*rows):
    return pd.DataFrame(list(rows), columns=INVOICE_COLS)


def problems(ledger, table=None):
    q = ledger.quality
    if table:
        q = q[q["table"] == table]
    return [(r.row, r.column, r.value, r.problem, r.action) for r in q.itertuples()]


def test_canonical_frames_are_typed():
    led = rc.Ledger(invoices(["F1", "D1", "2025-01-15", "2025-02-14", 100]))
    assert list(led.invoices.columns) == [
        *INVOICE_COLS,
        "currency",
        "origin",
        "reference",
        "amount_original",
        "currency_original",
    ]
    assert str(led.invoices["issue_date"].dtype) == "datetime64[ns]"
    assert led.invoices["amount"].dtype == "float64"
    assert led.invoices.loc[0, "currency"] == "EUR"
    assert led.quality.empty
    assert list(led.quality.columns) == QUALITY_COLUMNS
    assert led.has("payments") and not led.has("disputes")


def test_french_text_values_are_parsed():
    led = rc.Ledger(
        invoices(
            ["F1", "D1", "15/01/2025", "14/02/2025", "1 234,56"],
            ["F2", "D1", "2025-01-15", "2025-02-14", "1\u00a0000,5"],
            ["F3", "D1", "2025-01-15", "2025-02-14", "2\u202f500"],
            ["F4", "D1", "2025-01-15", "2025-02-14", "1.234,50"],
        )
    )
    assert led.invoices["amount"].tolist() == [1234.56, 1000.5, 2500.0, 1234.5]
    assert led.invoices.loc[0, "issue_date"] == pd.Timestamp("2025-01-15")


@pytest.mark.parametrize(
    ("row", "column", "problem"),
    [
        (["F1", "D1", "2025-02-30", "2025-03-01", 10], "issue_date", "date illisible"),
        (["F1", "D1", "2025-01-01", "2025-02-01", "12,5,3"], "amount", "montant illisible"),
        (["F1", "D1", "2025-01-01", "2025-02-01", -5], "amount", "montant nul ou négatif"),
        (["F1", "D1", "2025-01-01", "2025-02-01", 0], "amount", "montant nul ou négatif"),
        (
            ["F1", "D1", "2025-03-01", "2025-02-01", 10],
            "due_date",
            "échéance antérieure à la date de facture",
        ),
        (["F1", None, "2025-01-01", "2025-02-01", 10], "debtor_id", "valeur obligatoire manquante"),
        (["F1", "D1", "2025-01-01", "2025-02-01", None], "amount", "valeur obligatoire manquante"),
    ],
    ids=[
        "bad-date",
        "bad-amount",
        "negative",
        "zero",
        "due-before-issue",
        "no-debtor",
        "no-amount",
    ],
)
def test_bad_invoice_rows_are_set_aside(row, column, problem):
    good = ["F0", "D1", "2025-01-01", "2025-02-01", 50]
    led = rc.Ledger(invoices(good, row))
    assert led.invoices["invoice_id"].tolist() == ["F0"]
    got = problems(led, "invoices")
    assert len(got) == 1
    assert (
        got[0][0] == 2 and got[0][1] == column and got[0][3] == problem and got[0][4] == "écartée"
    )
    counts = led.counts.set_index("table").loc["invoices"]
    assert (counts["read"], counts["kept"], counts["set_aside"]) == (2, 1, 1)


def test_missing_due_date_is_repaired_with_default_terms():
    led = rc.Ledger(invoices(["F1", "D1", "2025-01-15", None, 100]), default_terms_days=45)
    assert led.invoices.loc[0, "due_date"] == pd.Timestamp("2025-03-01")
    assert problems(led) == [
        (1, "due_date", "", "échéance manquante : date de facture + 45 jours", "corrigée")
    ]
    assert led.counts.set_index("table").loc["invoices", "repaired"] == 1


def test_duplicate_invoice_keeps_first_occurrence():
    led = rc.Ledger(
        invoices(
            ["F1", "D1", "2025-01-01", "2025-02-01", 100],
            ["F1", "D2", "2025-01-05", "2025-02-05", 70],
        )
    )
    assert led.invoices["amount"].tolist() == [100.0]
    assert problems(led) == [
        (2, "invoice_id", "F1", "identifiant de facture en double (ligne 1 conservée)", "écartée")
    ]


def test_sub_cent_amount_is_rounded_and_listed():
    led = rc.Ledger(invoices(["F1", "D1", "2025-01-01", "2025-02-01", 10.004]))
    assert led.invoices["amount"].tolist() == [10.0]
    assert problems(led)[0][3] == "montant à plus de deux décimales : arrondi au centime"


def test_other_currency_is_converted_at_the_ecb_rate():
    inv = invoices(
        ["F1", "D1", "2025-01-01", "2025-02-01", 100],
        ["F2", "D1", "2025-01-01", "2025-02-01", 90],
        ["F3", "D1", "2025-01-01", "2025-02-01", 50],
    )
    inv["currency"] = ["EUR", None, "usd"]
    led = rc.Ledger(inv)
    assert led.currency == "EUR"
    assert led.invoices["invoice_id"].tolist() == ["F1", "F2", "F3"]
    # 01/01/2025 has no ECB fixing: the 31/12/2024 rate, 1 EUR = 1,0389 USD;
    # 50 / 1,0389 = 48,1278… → 48,13 €
    assert led.cents("invoices").tolist() == [10000, 9000, 4813]
    assert problems(led)[0][:4] == (
        3,
        "amount",
        "50",
        "montant converti de USD en EUR au cours de référence BCE du jour de la pièce",
    )


def test_payment_problems():
    inv = invoices(["F1", "D1", "2025-01-01", "2025-02-01", 100])
    pay = pd.DataFrame(
        {
            "payment_id": ["P1", None, "P3", "P4", "P5"],
            "debtor_id": ["D1", "D1", None, "D9", None],
            "invoice_id": ["F1", "F404", "F404", "F1", None],
            "date": ["2025-02-01", "2025-02-02", "2025-02-03", "2025-02-04", "2025-02-05"],
            "amount": [10, 20, 30, 40, 50],
        }
    )
    led = rc.Ledger(inv, pay)
    assert problems(led, "payments") == [
        (
            2,
            "invoice_id",
            "F404",
            "facture inconnue : montant conservé en non affecté pour le débiteur",
            "corrigée",
        ),
        (3, "invoice_id", "F404", "facture inconnue et débiteur non renseigné", "écartée"),
        (
            4,
            "debtor_id",
            "D9",
            "débiteur différent de celui de la facture : débiteur de la facture retenu",
            "corrigée",
        ),
        (5, "invoice_id", "", "ni facture ni débiteur renseigné", "écartée"),
    ]
    kept = led.payments.set_index("payment_id")
    assert list(kept.index) == ["P1", "P-L2", "P4"]  # a missing id gets a stable one from its row
    assert pd.isna(kept.loc["P-L2", "invoice_id"])  # unapplied cash for D1
    assert kept.loc["P4", "debtor_id"] == "D1"
    assert rc.aged_balance(led, "2025-03-01").loc["D1", "Non affecté"] == -20.0


def test_optional_tables_rules():
    inv = invoices(["F1", "D1", "2025-01-01", "2025-02-01", 100])
    led = rc.Ledger(
        inv,
        write_offs=pd.DataFrame(
            {"invoice_id": ["F1", "F2"], "date": ["2025-06-01"] * 2, "amount": [10, 10]}
        ),
        disputes=pd.DataFrame(
            {
                "invoice_id": ["F1", "F1"],
                "opened_date": ["2025-02-10", "2025-03-10"],
                "resolved_date": [None, "2025-03-01"],
            }
        ),
        debtors=pd.DataFrame(
            {"debtor_id": ["D1", "D1"], "name": ["Alpha", "Alpha bis"], "kind": ["PRO", "asso"]}
        ),
        actions=pd.DataFrame(
            {
                "debtor_id": [None, "D1", None],
                "invoice_id": ["F1", "F9", "F9"],
                "date": ["2025-02-05"] * 3,
                "level": [1, 2, "1,5"],
            }
        ),
        costs=pd.DataFrame({"month": ["2025-01", "02/2025", "2025-13"], "amount": [100, 200, 300]}),
    )
    assert problems(led, "write_offs") == [
        (2, "invoice_id", "F2", "passage en perte sur une facture inconnue", "écartée")
    ]
    assert problems(led, "disputes") == [
        (2, "resolved_date", "2025-03-01", "litige clos avant son ouverture", "écartée")
    ]
    assert problems(led, "debtors") == [
        (2, "debtor_id", "D1", "débiteur en double (première ligne conservée)", "écartée"),
        (
            2,
            "kind",
            "asso",
            "type de débiteur inconnu (attendu professionnel, particulier ou public) : laissé non renseigné",
            "corrigée",
        ),
    ]
    assert led.debtors.loc[0, "kind"] == "professionnel"
    assert problems(led, "actions") == [
        (
            2,
            "invoice_id",
            "F9",
            "relance sur une facture inconnue : rattachée au débiteur",
            "corrigée",
        ),
        (3, "level", "1,5", "nombre entier illisible", "écartée"),
    ]
    assert led.actions["debtor_id"].tolist() == ["D1", "D1"]  # filled from the invoice
    assert problems(led, "costs") == [
        (3, "month", "2025-13", "mois illisible (attendu AAAA-MM)", "écartée")
    ]
    assert led.costs["month"].astype("str").tolist() == ["2025-01", "2025-02"]


def test_counts_reconcile_and_quality_lists_every_problem():
    led = rc.Ledger(
        invoices(
            ["F1", "D1", "2025-01-01", None, 100],
            ["F1", "D1", "2025-01-01", "2025-02-01", 100],
            ["F2", "D1", "x", "2025-02-01", "y"],
        )
    )
    c = led.counts
    assert (c["read"] == c["kept"] + c["set_aside"]).all()
    inv = c.set_index("table").loc["invoices"]
    assert (inv["read"], inv["kept"], inv["set_aside"], inv["repaired"]) == (3, 1, 2, 1)
    assert len(led.quality) == 4  # repair, duplicate, bad date, bad amount


def test_structural_problems_raise_one_error_listing_all():
    with pytest.raises(rc.LedgerError) as err:
        rc.Ledger(
            pd.DataFrame({"invoice_id": ["F1"], "amount": [1]}),
            pd.DataFrame({"payment_id": ["P1"]}),
        )
    text = str(err.value)
    assert text.startswith("le grand livre ne peut pas être construit (2 problème(s)) :")
    assert (
        "table des factures (invoices, DataFrame) : colonne(s) obligatoire(s) manquante(s) : "
        "debtor_id, issue_date ; colonnes trouvées : invoice_id, amount" in text
    )
    assert (
        "table des règlements (payments, DataFrame) : colonne(s) obligatoire(s) manquante(s) : "
        "date, amount" in text
    )
    assert len(err.value.problems) == 2


def test_no_invoice_is_structural():
    with pytest.raises(rc.LedgerError, match="aucune ligne de facture"):
        rc.Ledger(invoices())


def test_input_frames_are_not_mutated():
    inv = invoices(["F1", "D1", "15/01/2025", None, "1 234,56"])
    before = inv.copy(deep=True)
    rc.Ledger(inv)
    assert_frame_equal(inv, before)


def test_has_rejects_unknown_table():
    led = rc.Ledger(invoices(["F1", "D1", "2025-01-01", "2025-02-01", 1]))
    with pytest.raises(ValueError, match="table inconnue 'factures'"):
        led.has("factures")


def test_debtor_names_leave_out_unnamed_debtors():
    import pandas as pd

    from recouvrement.ledger import Ledger

    invoices = pd.DataFrame(
        {
            "invoice_id": ["F1"],
            "debtor_id": ["A"],
            "issue_date": pd.to_datetime(["2026-01-01"]),
            "amount": [10.0],
        }
    )
    debtors = pd.DataFrame({"debtor_id": ["A", "B"], "name": ["Alpha & Cie", None]})
    names = Ledger(invoices, debtors=debtors).debtor_names
    assert names.to_dict() == {"A": "Alpha & Cie"}
    assert Ledger(invoices).debtor_names.empty


# -- exact cents, limits, default kind ---------------------------------------------------------
def test_cents_are_exact_read_only_and_aligned_with_the_kept_rows():
    led = rc.Ledger(
        invoices(
            ["F1", "D1", "2025-01-01", "2025-02-01", "9999999999999.97"],
            ["F2", "D1", "2025-01-01", "2025-02-01", "x"],
            ["F3", "D1", "2025-01-01", "2025-02-01", "0.10"],
        ),
        limits=rc.conventions.Limits(max_amount=10**13),
    )
    cents = led.cents("invoices")
    assert cents.dtype == "int64" and cents.tolist() == [999_999_999_999_997, 10]
    assert led.invoices["invoice_id"].tolist() == ["F1", "F3"]
    # float euros, for reading: still exact to the cent at the highest ceiling
    assert [round(x * 100) for x in led.invoices["amount"]] == [999_999_999_999_997, 10]
    with pytest.raises(ValueError):
        cents[0] = 0
    assert led.cents("payments").tolist() == [] and led.cents("costs").dtype == "int64"


def test_cents_of_a_column_that_is_not_money_or_has_gaps():
    led = rc.Ledger(
        invoices(["F1", "D1", "2025-01-01", "2025-02-01", 10]),
        debtors=pd.DataFrame({"debtor_id": ["D1"], "credit_limit": [None]}),
    )
    with pytest.raises(ValueError, match="'debtor_id' n'est pas une colonne de montants"):
        led.cents("invoices", "debtor_id")
    with pytest.raises(ValueError, match="debtors.credit_limit a des montants manquants"):
        led.cents("debtors", "credit_limit")
    with pytest.raises(ValueError, match="table inconnue"):
        led.cents("factures")


def test_limits_and_default_kind_are_kept():
    limits = rc.conventions.Limits(date_max=pd.Timestamp("2030-01-01"), max_amount=5)
    led = rc.Ledger(
        invoices(["F1", "D1", "2025-01-01", "2025-02-01", 10]), limits=limits, default_kind="B2C"
    )
    assert led.limits is limits and led.default_kind == "particulier"
    assert led.window == (pd.Timestamp("2000-01-01"), pd.Timestamp("2030-01-01"))
    assert led.quality["problem"].tolist() == [
        "montant supérieur au plafond de 5\u00a0€ par ligne (limits.max_amount dans "
        "recouvrement.yml)"
    ]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"default_kind": "association"}, "default_kind « association » inconnu"),
        ({"default_terms_days": -1}, "default_terms_days doit être positif ou nul"),
    ],
    ids=["unknown-kind", "negative-terms"],
)
def test_bad_settings_are_refused_in_french(kwargs, message):
    with pytest.raises(ValueError, match=message):
        rc.Ledger(invoices(["F1", "D1", "2025-01-01", "2025-02-01", 10]), **kwargs)


def test_counts_reconcile_whatever_is_set_aside():
    led = rc.Ledger(
        invoices(
            ["F1\x00", "D1", "2263-01-01", None, "inf"],
            ["F1", "D1", "9999-12-31", "2025-01-01", "$5"],
            ["F2", "\x00", "2025-01-01", None, "1,5,0"],
            ["F3", "D1", "2025-01-01", None, "1e300"],
            ["F4", "D1", "2025-01-01", None, "10"],
        )
    )
    c = led.counts
    assert (c["read"] == c["kept"] + c["set_aside"]).all()
    assert led.invoices["invoice_id"].tolist() == ["F4"]


def test_each_quality_line_carries_the_amount_of_its_row():
    """The € impact of a row set aside: F2's 1 234,56 € (due before issue) and F3's
    -5,00 € are known; F4's amount cannot be read, so its impact is not stated (NaN)."""
    led = rc.Ledger(
        invoices(
            ["F1", "D1", "2025-01-15", "2025-02-14", "100,00"],
            ["F2", "D1", "2025-03-01", "2025-02-01", "1 234,56"],
            ["F3", "D1", "2025-01-15", "2025-02-14", "-5"],
            ["F4", "D1", "2025-01-15", "2025-02-14", "12,5,3"],
        )
    )
    assert led.quality["row"].tolist() == [2, 3, 4]  # rows of a frame given in memory
    got = led.quality_amounts.tolist()
    assert got[:2] == [1234.56, -5.0] and pd.isna(got[2])
