"""Column coercion: dates in the window, amounts per column, control characters, per table."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from builders import actions, costs, debtors, disputes, invoices, payments

from recouvrement.conventions import TABLE_LABELS_FR, Limits
from recouvrement.ledger import Ledger, LedgerError, ParseOptions

LIMITS = Limits(date_max=pd.Timestamp("2028-12-03"))
WINDOW_TEXT = (
    "date hors de la plage admise (du 01/01/2000 au 03/12/2028) : à corriger, ou élargir "
    "limits.date_min / limits.date_max dans recouvrement.yml"
)
CEILING = (
    "montant supérieur au plafond de 1\u00a0000\u00a0000\u00a0000\u00a0€ par ligne "
    "(limits.max_amount dans recouvrement.yml)"
)


def base():
    return invoices(
        ("F1", "D1", "2025-01-01", "2025-01-31", 100.0),
        ("F2", "D2", "2025-01-05", "2025-02-04", 200.0),
    )


def problems(led: Ledger, table: str | None = None) -> list[tuple]:
    q = led.quality if table is None else led.quality[led.quality["table"] == table]
    return [(r.table, r.row, r.column, r.value, r.problem, r.action) for r in q.itertuples()]


def text_frame(frame: pd.DataFrame, column: str, value: object) -> pd.DataFrame:
    """``frame`` with the cells of ``column`` as objects and its last cell ``value``."""
    out = frame.astype({column: "object"})
    out.iloc[-1, out.columns.get_loc(column)] = value
    return out


DATE_CASES = {
    "invoice-issue": ("invoices", "issue_date", lambda: base()),
    "invoice-due": ("invoices", "due_date", lambda: base()),
    "payment": ("payments", "date", lambda: payments(("F1", "2025-02-01", 1.0))),
    "dispute-opened": ("disputes", "opened_date", lambda: disputes(("F1", "2025-02-01", None))),
    "dispute-resolved": (
        "disputes",
        "resolved_date",
        lambda: disputes(("F1", "2025-02-01", "2025-03-01")),
    ),
    "insolvency": ("debtors", "insolvency_date", lambda: debtors(("D1", "A", None, "2025-03-01"))),
    "action": ("actions", "date", lambda: actions(("D1", "F1", "2025-02-10", 1, "email"))),
}


@pytest.mark.parametrize("value", ["1899-12-31", "2263-01-01", dt.datetime(9999, 12, 31)],
                         ids=["1899", "2263-text", "9999-object"])
@pytest.mark.parametrize("case", list(DATE_CASES), ids=list(DATE_CASES))
def test_a_date_outside_the_window_is_set_aside_in_every_table(case, value):
    table, column, make = DATE_CASES[case]
    frame = text_frame(make(), column, value)
    tables = {"invoices": base(), table: frame}
    led = Ledger(**tables, limits=LIMITS)
    shown = value if isinstance(value, str) else "9999-12-31 00:00:00"
    assert problems(led, table) == [(table, len(frame), column, shown, WINDOW_TEXT, "écartée")]
    assert len(getattr(led, table)) == len(frame) - 1


@pytest.mark.parametrize("case", list(DATE_CASES), ids=list(DATE_CASES))
def test_a_us_date_column_is_refused_in_every_table(case):
    table, column, make = DATE_CASES[case]
    frame = text_frame(make(), column, "3/14/2025")
    tables = {"invoices": base(), table: frame}
    with pytest.raises(LedgerError) as refused:
        Ledger(**tables, limits=LIMITS)
    (problem,) = refused.value.problems
    label = f"table des {TABLE_LABELS_FR[table]} ({table}, DataFrame), colonne {column} : "
    assert problem.startswith(label + "1 date sur 1 ne se lit pas au format attendu par défaut")
    assert "format probable : mois/jour/année (M/J/AAAA), qui les lit toutes" in problem
    led = Ledger(**tables, limits=LIMITS, parse={table: ParseOptions(date_format="%m/%d/%Y")})
    assert "date illisible" not in led.quality["problem"].tolist()  # 14 March 2025, read


def test_a_month_outside_the_window_is_set_aside():
    led = Ledger(base(), costs=costs(("2025-01", 10.0), ("9999-12", 5.0), ("1999-12", 1.0)),
                 limits=LIMITS)
    assert problems(led) == [
        ("costs", 2, "month", "9999-12", WINDOW_TEXT, "écartée"),
        ("costs", 3, "month", "1999-12", WINDOW_TEXT, "écartée"),
    ]


def test_the_window_is_the_run_date_plus_two_years_by_default():
    led = Ledger(base())
    assert led.limits == Limits()
    assert led.window == Limits().window()


def test_datetime_columns_beyond_nanoseconds_never_overflow():
    inv = base().astype({"issue_date": "datetime64[us]"})
    inv.loc[1, "issue_date"] = pd.Timestamp("2263-01-01").as_unit("us")
    led = Ledger(inv, limits=LIMITS)
    assert problems(led) == [("invoices", 2, "issue_date", "2263-01-01", WINDOW_TEXT, "écartée")]


@pytest.mark.parametrize(
    ("value", "problem"),
    [(np.inf, "montant non fini"), (-np.inf, "montant non fini"), (2e9, CEILING)],
    ids=["inf", "minus-inf", "above-ceiling"],
)
def test_numbers_of_a_spreadsheet_are_checked_like_text(value, problem):
    inv = base()
    inv.loc[1, "amount"] = value
    led = Ledger(inv)
    assert problems(led) == [("invoices", 2, "amount", str(value), problem, "écartée")]
    assert led.cents("invoices").tolist() == [10_000]


def test_the_decimal_separator_is_decided_per_column_and_per_table():
    inv = text_frame(base(), "amount", "1,500")
    inv.loc[0, "amount"] = "10.50"
    pay = payments(("F1", "2025-02-01", 1.0)).astype({"amount": "object"})
    pay.loc[0, "amount"] = "1,500"
    led = Ledger(inv, pay)
    assert led.cents("invoices").tolist() == [1050, 150_000]
    assert led.cents("payments").tolist() == [150_000]
    led = Ledger(inv, pay, parse={"payments": ParseOptions(decimal=",")})
    assert led.cents("payments").tolist() == [150]
    assert led.cents("invoices").tolist() == [1050, 150_000]
    french = text_frame(base(), "amount", "1,500")
    french.loc[0, "amount"] = "10,50"
    both = Ledger(french, pay, parse=ParseOptions(decimal=","))
    assert both.cents("invoices").tolist() == [1050, 150]
    assert both.cents("payments").tolist() == [150]


def test_a_sub_cent_amount_is_rounded_half_away_from_zero_and_listed():
    inv = text_frame(base(), "amount", "10.005")
    led = Ledger(inv)
    assert problems(led) == [
        ("invoices", 2, "amount", "10.005",
         "montant à plus de deux décimales : arrondi au centime", "corrigée")
    ]
    assert led.cents("invoices").tolist() == [10_000, 1_001]
    assert led.invoices["amount"].tolist() == [100.0, 10.01]


@pytest.mark.parametrize(
    ("table", "column", "make"),
    [
        ("debtors", "name", lambda: debtors(("D1", "Alpha SA", None, None))),
        ("debtors", "debtor_id", lambda: debtors(("D1", "Alpha SA", None, None))),
        ("actions", "channel", lambda: actions(("D1", "F1", "2025-02-10", 1, "email"))),
        ("payments", "invoice_id", lambda: payments(("F1", "2025-02-01", 1.0))),
    ],
    ids=["name", "debtor-id", "channel", "payment-invoice"],
)
def test_control_characters_are_removed_and_listed(table, column, make):
    frame = make()
    clean = frame[column].iloc[-1]
    hostile = text_frame(frame, column, f"\x00{clean}\x1b")
    led = Ledger(base(), **{table: hostile})
    reference = Ledger(base(), **{table: frame})
    assert problems(led, table) == [
        (table, 1, column, f"\\x00{clean}\\x1b", "caractères de contrôle supprimés", "corrigée")
    ]
    pd.testing.assert_frame_equal(getattr(led, table), getattr(reference, table))


def test_an_id_of_control_characters_only_is_missing():
    inv = text_frame(base(), "debtor_id", "\x00\x01")
    led = Ledger(inv)
    assert problems(led) == [
        ("invoices", 2, "debtor_id", "\\x00\\x01", "caractères de contrôle supprimés", "corrigée"),
        ("invoices", 2, "debtor_id", "\\x00\\x01", "valeur obligatoire manquante", "écartée"),
    ]


def test_a_kind_with_control_characters_is_still_read():
    deb = text_frame(debtors(("D1", "A", None, None)), "kind", "pro\t")
    led = Ledger(base(), debtors=deb)
    assert led.debtors["kind"].tolist() == ["professionnel"]
    assert problems(led, "debtors")[0][4] == "caractères de contrôle supprimés"
