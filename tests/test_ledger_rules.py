"""Cross-table rules: the currency of rows and amounts (converted), missing debtors, due dates."""

from __future__ import annotations

import pandas as pd
import pytest
from builders import credit_notes, debtor_payments, debtors, invoices, payments, write_offs

from recouvrement.conventions import Limits
from recouvrement.ledger import Ledger

LIMITS = Limits(date_max=pd.Timestamp("2028-12-03"))
WINDOW_TEXT = (
    "date hors de la plage admise (du 01/01/2000 au 03/12/2028) : à corriger, ou élargir "
    "limits.date_min / limits.date_max dans recouvrement.yml"
)
DAY_RATE = "montant converti de {} en {} au cours de référence BCE du jour de la pièce"


def rows(led: Ledger, table: str | None = None) -> list[tuple]:
    q = led.quality if table is None else led.quality[led.quality["table"] == table]
    return [(r.table, r.row, r.column, r.value, r.problem, r.action) for r in q.itertuples()]


def base_invoices():
    return invoices(
        ("F1", "D1", "2025-01-01", "2025-01-31", 100.0),
        ("F2", "D2", "2025-01-05", "2025-02-04", 200.0),
    )


@pytest.mark.parametrize(
    ("table", "frame"),
    [
        ("payments", payments(("F1", "2025-02-01", 10.0), ("F2", "2025-02-02", 20.0))),
        ("credit_notes", credit_notes(("F1", "2025-02-01", 10.0), ("F2", "2025-02-02", 20.0))),
        ("write_offs", write_offs(("F1", "2025-02-01", 10.0), ("F2", "2025-02-02", 20.0))),
    ],
    ids=["payment", "credit-note", "write-off"],
)
def test_a_row_in_another_currency_is_converted_in_every_money_table(table, frame):
    # 2 February 2025 is a Sunday: the ECB rate of Friday 31 January, 1 EUR = 1.0393 USD;
    # 20.00 USD / 1.0393 = 19.2437... EUR -> 19.24 (the invoice F2 is in euros: day rate)
    given = frame.assign(currency=["eur", "USD"])
    led = Ledger(base_invoices(), **{table: given})
    assert rows(led, table) == [(table, 2, "amount", "20.0", DAY_RATE.format("USD", "EUR"), "corrigée")]
    kept = getattr(led, table)
    assert kept["amount"].tolist() == [10.0, 19.24] and kept["currency"].tolist() == ["EUR"] * 2
    assert kept["amount_original"].tolist()[1] == 20.0
    assert kept["currency_original"].fillna("").tolist() == ["", "USD"]
    assert led.cents(table).tolist() == [1000, 1924]
    assert led.cents(table, "amount_original").tolist() == [0, 2000]
    assert led.conversions[["table", "row", "rate", "rate_date"]].to_numpy().tolist() == [
        [table, 2, 1.0393, pd.Timestamp("2025-01-31")]
    ]


def test_currency_signs_in_the_currency_cell_are_codes():
    inv = base_invoices().assign(currency=["€", " EUR "])
    led = Ledger(inv)
    assert led.quality.empty and led.invoices["currency"].tolist() == ["EUR", "EUR"]


def test_without_a_currency_column_rows_are_in_the_default_currency():
    led = Ledger(base_invoices(), payments(("F1", "2025-02-01", 10.0)))
    assert led.payments["currency"].tolist() == ["EUR"] and led.quality.empty
    assert led.conversions.empty and led.currency == "EUR" and not led.currency_declared


@pytest.mark.parametrize(
    ("amount", "problem"),
    [
        ("$1234.56", "montant en USD sur une ligne en EUR : pas de conversion"),
        ("1234.56 USD", "montant en USD sur une ligne en EUR : pas de conversion"),
        ("£1234.56", "montant en GBP sur une ligne en EUR : pas de conversion"),
    ],
    ids=["dollar", "USD", "pound"],
)
def test_an_amount_contradicting_its_row_currency_is_never_taken_in_it(amount, problem):
    pay = debtor_payments(("D1", "F1", "2025-02-01", "10.00"), ("D1", "F1", "2025-02-02", amount))
    led = Ledger(base_invoices(), pay.assign(currency=["EUR", "EUR"]))
    assert rows(led) == [("payments", 2, "amount", amount, problem, "écartée")]
    assert led.cents("payments").tolist() == [1000]


@pytest.mark.parametrize(
    ("amount", "code", "cents"),
    [
        # Sunday 2 February 2025: rates of Friday 31 January (USD 1.0393, GBP 0.83608)
        ("$1234.56", "USD", 118_788),  # 123456 / 1.0393 = 118787.65
        ("1234.56 USD", "USD", 118_788),
        ("£1234.56", "GBP", 147_661),  # 123456 / 0.83608 = 147660.51
    ],
    ids=["dollar", "USD", "pound"],
)
def test_an_amount_naming_its_currency_on_a_row_that_does_not_is_converted(amount, code, cents):
    pay = debtor_payments(("D1", "F1", "2025-02-01", "10.00"), ("D1", "F1", "2025-02-02", amount))
    led = Ledger(base_invoices(), pay)
    assert rows(led) == [
        ("payments", 2, "amount", amount, DAY_RATE.format(code, "EUR"), "corrigée")
    ]
    assert led.cents("payments").tolist() == [1000, cents]
    assert led.payments["currency_original"].fillna("").tolist() == ["", code]


def test_the_currency_of_a_usd_row_is_its_own():
    inv = invoices(
        ("F1", "D1", "2025-01-01", "2025-01-31", "$100"),
        ("F2", "D1", "2025-01-01", "2025-01-31", "$50"),
        ("F3", "D1", "2025-01-01", "2025-01-31", "€20"),
    ).assign(currency=["USD", "USD", None])
    led = Ledger(inv)
    assert led.currency == "USD"
    # 1 January 2025 is a TARGET holiday: the rate of 31 December 2024, 1 EUR = 1.0389 USD;
    # 20.00 EUR * 1.0389 = 20.778 USD -> 20.78
    assert rows(led) == [("invoices", 3, "amount", "€20", DAY_RATE.format("EUR", "USD"), "corrigée")]
    assert led.cents("invoices").tolist() == [10_000, 5_000, 2_078]


def test_an_amount_in_the_row_currency_is_kept():
    inv = invoices(
        ("F1", "D1", "2025-01-01", "2025-01-31", "1 234,56 €"),
        ("F2", "D1", "2025-01-01", "2025-01-31", "EUR 10,00"),
    )
    led = Ledger(inv)
    assert led.quality.empty and led.cents("invoices").tolist() == [123_456, 1_000]


PRO = (
    "débiteur absent de la table des débiteurs : type « professionnel » retenu par défaut "
    "(default_debtor_kind)"
)
UNKNOWN = (
    "débiteur absent de la table des débiteurs : type non renseigné (renseigner la table des "
    "débiteurs ou default_debtor_kind dans recouvrement.yml)"
)


@pytest.mark.parametrize(
    ("default_kind", "problem", "kind"),
    [("professionnel", PRO, "professionnel"), ("pro", PRO, "professionnel"), (None, UNKNOWN, None)],
    ids=["default-kind", "synonym", "no-default"],
)
def test_debtors_missing_from_the_debtors_table_are_listed_once(default_kind, problem, kind):
    inv = invoices(
        ("F1", "D1", "2025-01-01", "2025-01-31", 100.0),
        ("F2", "D3", "2025-01-05", "2025-02-04", 200.0),
        ("F3", "D3", "2025-01-06", "2025-02-05", 300.0),
        ("F4", "D4", "2025-01-07", "2025-02-06", 300.0),
    )
    deb = debtors(("D1", "Alpha", "particulier", None), ("D9", "Neuf", None, None))
    led = Ledger(inv, debtors=deb, default_kind=default_kind)
    assert rows(led) == [
        ("invoices", 2, "debtor_id", "D3", problem, "corrigée"),
        ("invoices", 4, "debtor_id", "D4", problem, "corrigée"),
    ]
    kinds = led.kinds()
    assert kinds.index.tolist() == ["D1", "D3", "D4", "D9"]
    assert kinds.name == "kind" and str(kinds.index.dtype) == "str"
    assert kinds["D1"] == "particulier"
    for debtor in ("D3", "D4", "D9"):  # D9: listed without a kind
        assert (kinds[debtor] == kind) if kind else pd.isna(kinds[debtor])
    assert led.counts.set_index("table").loc["invoices", "repaired"] == 2


def test_without_a_debtors_table_no_debtor_is_missing():
    led = Ledger(base_invoices(), default_kind="particulier")
    assert led.quality.empty
    assert led.kinds().to_dict() == {"D1": "particulier", "D2": "particulier"}
    assert Ledger(base_invoices()).kinds().isna().all()


@pytest.mark.parametrize(
    ("terms", "issue", "kept"),
    [(30, "2028-11-10", False), (30, "2028-11-03", True), (10**6, "2025-01-01", False)],
    ids=["beyond-window", "last-day", "huge-terms"],
)
def test_a_repaired_due_date_must_fall_inside_the_window(terms, issue, kept):
    inv = invoices(
        ("F1", "D1", "2025-01-01", "2025-01-31", 100.0), ("F2", "D1", issue, None, 50.0)
    )
    led = Ledger(inv, default_terms_days=terms, limits=LIMITS)
    if kept:
        assert rows(led) == [
            ("invoices", 2, "due_date", "", f"échéance manquante : date de facture + {terms} "
             "jours", "corrigée")
        ]
        assert led.invoices["due_date"].max() == pd.Timestamp("2028-12-03")
    else:
        assert rows(led) == [
            ("invoices", 2, "due_date", "", f"échéance manquante : date de facture + {terms} "
             f"jours, {WINDOW_TEXT}", "écartée")
        ]
        assert led.invoices["invoice_id"].tolist() == ["F1"]


def test_a_nul_byte_does_not_make_a_second_invoice():
    inv = invoices(
        ("F1", "D1", "2025-01-01", "2025-01-31", 100.0), ("F1\x00", "D1", "2025-01-01", None, 1.0)
    )
    led = Ledger(inv)
    assert rows(led) == [
        ("invoices", 2, "invoice_id", "F1\\x00", "caractères de contrôle supprimés", "corrigée"),
        ("invoices", 2, "invoice_id", "F1", "identifiant de facture en double (ligne 1 conservée)",
         "écartée"),
    ]
    assert led.invoices["invoice_id"].tolist() == ["F1"]
