"""One format per text date column: US dates and ambiguous columns refused whole, in French."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

import recouvrement as rc
from recouvrement.ledger import Ledger, LedgerError, ParseOptions
from recouvrement.ledger.date_formats import date_format_name
from recouvrement.ledger.parse import parse_dates, read_date_columns

T = pd.Timestamp

# -- a US export read through a company folder ---------------------------------------------------
US_INVOICES = (
    "invoice_id,debtor_id,issue_date,due_date,amount\n"
    "F1,D1,3/14/2025,4/13/2025,100.00\n"
    "F2,D2,12/1/2025,12/31/2025,200.00\n"
    "F3,D1,1/5/2025,2/4/2025,50.00\n"
    "F4,D2,2/3/2025,3/5/2025,25.00\n"
)
US_PAYMENTS = "payment_id,debtor_id,invoice_id,date,amount\nP1,D1,F3,2/10/2025,50.00\n"
ISO_PAYMENTS = "payment_id,debtor_id,invoice_id,date,amount\nP1,D1,F3,2025-02-10,50.00\n"
FIX = '{date_format: "%m/%d/%Y"}'
TAIL = f"Indiquer le format dans le recouvrement.yml de la société, pour cette table (tables: invoices: read: {FIX}) ou pour tous ses fichiers (read: {FIX})"
# read day first: F1 3/14 unread; 12/1, 1/5, 2/3 read 12 January, 1 May, 2 March (swapped)
US_ISSUE = (
    "table des factures (invoices, invoices.csv), colonne issue_date : 1 date sur 4 ne se lit pas "
    "au format attendu par défaut (AAAA-MM-JJ ou J/M/AAAA) ; format probable : mois/jour/année "
    "(M/J/AAAA), qui les lit toutes (exemples : « 3/14/2025 », « 12/1/2025 », « 1/5/2025 »). La "
    "colonne est refusée en entier plutôt que gardée à moitié : 3 autres dates y seraient lues "
    f"avec jour et mois inversés. {TAIL}"
)
# 4/13 and 12/31 unread; 2/4 and 3/5 read 2 April and 3 May (swapped)
US_DUE = (
    "table des factures (invoices, invoices.csv), colonne due_date : 2 dates sur 4 ne se lisent "
    "pas au format attendu par défaut (AAAA-MM-JJ ou J/M/AAAA) ; format probable : "
    "mois/jour/année (M/J/AAAA), qui les lit toutes (exemples : « 4/13/2025 », « 12/31/2025 », "
    "« 2/4/2025 »). La colonne est refusée en entier plutôt que gardée à moitié : 2 autres dates "
    f"y seraient lues avec jour et mois inversés. {TAIL}"
)


def company(folder: Path, invoices_csv: str, payments_csv: str, config: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "invoices.csv").write_text(invoices_csv, encoding="utf-8")
    (folder / "payments.csv").write_text(payments_csv, encoding="utf-8")
    if config:
        (folder / "recouvrement.yml").write_text(config, encoding="utf-8")
    return folder


def test_a_us_export_is_refused_whole_with_the_format_to_give(tmp_path):
    folder = company(tmp_path, US_INVOICES, ISO_PAYMENTS)
    with pytest.raises(LedgerError) as refused:
        rc.read_ledger(folder)
    assert refused.value.problems == [US_ISSUE, US_DUE]


@pytest.mark.parametrize(
    ("payments_csv", "config"),
    [
        (US_PAYMENTS, f"read: {FIX}\n"),
        (ISO_PAYMENTS, f"tables:\n  invoices:\n    read: {FIX}\n"),
    ],
    ids=["every-file", "the-table"],
)
def test_a_us_export_reads_right_with_its_format(tmp_path, payments_csv, config):
    led = rc.read_ledger(company(tmp_path, US_INVOICES, payments_csv, config))
    assert led.quality.empty
    assert led.invoices["issue_date"].tolist() == [
        T("2025-03-14"), T("2025-12-01"), T("2025-01-05"), T("2025-02-03")
    ]
    assert led.invoices["due_date"].tolist() == [
        T("2025-04-13"), T("2025-12-31"), T("2025-02-04"), T("2025-03-05")
    ]
    assert led.payments["date"].tolist() == [T("2025-02-10")]
    # at 31/03/2025: F1 (100, not due) and F4 (25, due 05/03) open; F3 paid; F2 not yet issued
    # (read day first, F2 would be an invoice of 12 January: 325 instead of 125)
    assert rc.aged_balance(led, "2025-03-31")["Total"].sum() == pytest.approx(125.0)


# -- ambiguous French dates -----------------------------------------------------------------------
AMBIGUOUS = (
    "invoice_id,debtor_id,issue_date,due_date,amount\n"
    "F1,D1,01/02/2025,03/03/2025,100.00\n"
    "F2,D2,05/03/2025,06/06/2025,200.00\n"
)
AMBIGUOUS_ISSUE = (
    "table des factures (invoices, invoices.csv), colonne issue_date : dates ambiguës : chacune "
    "se lit aussi bien jour/mois que mois/jour (jour et mois au plus 12 ; exemples : "
    "« 01/02/2025 », « 05/03/2025 ») et aucune date de la table ne tranche ; format probable : "
    "jour/mois/année (J/M/AAAA) ou mois/jour/année (M/J/AAAA). La colonne est refusée plutôt que "
    "lue au hasard. Indiquer le format dans le recouvrement.yml de la société, pour cette table "
    '(tables: invoices: read: {date_format: "%d/%m/%Y"}) ou pour tous ses fichiers (read: '
    '{date_format: "%d/%m/%Y"}), ou "%m/%d/%Y" si les dates sont mois/jour/année (M/J/AAAA)'
)


def test_an_ambiguous_column_is_refused_unless_its_format_is_given(tmp_path):
    folder = company(tmp_path / "a", AMBIGUOUS, ISO_PAYMENTS)
    with pytest.raises(LedgerError) as refused:
        rc.read_ledger(folder)
    # due_date (03/03, 06/06) reads the same either way: only issue_date is ambiguous
    assert refused.value.problems == [AMBIGUOUS_ISSUE]
    config = 'tables:\n  invoices:\n    read: {date_format: "%d/%m/%Y"}\n'
    led = rc.read_ledger(company(tmp_path / "b", AMBIGUOUS, ISO_PAYMENTS, config))
    assert led.invoices["issue_date"].tolist() == [T("2025-02-01"), T("2025-03-05")]
    config = 'tables:\n  invoices:\n    read: {date_format: "%m/%d/%Y"}\n'
    led = rc.read_ledger(company(tmp_path / "c", AMBIGUOUS, ISO_PAYMENTS, config))
    assert led.invoices["issue_date"].tolist() == [T("2025-01-02"), T("2025-05-03")]


def test_another_date_column_of_the_table_settles_an_ambiguous_one(tmp_path):
    settled = AMBIGUOUS.replace("06/06/2025", "15/06/2025")  # a day above 12: day first
    led = rc.read_ledger(company(tmp_path, settled, ISO_PAYMENTS))
    assert led.invoices["issue_date"].tolist() == [T("2025-02-01"), T("2025-03-05")]
    assert led.invoices["due_date"].tolist() == [T("2025-03-03"), T("2025-06-15")]


# -- isolated bad cells keep their treatment -----------------------------------------------------
def test_isolated_bad_dates_of_a_fitting_column_only_set_their_row_aside(tmp_path):
    text = (
        "invoice_id,debtor_id,issue_date,due_date,amount\n"
        "F1,D1,15/01/2025,14/02/2025,100.00\n"
        "F2,D2,32/01/2025,03/03/2025,200.00\n"
        "F3,D1,n/a,31/03/2025,50.00\n"
        "F4,D2,01/03/2025,31/03/2025,25.00\n"
    )
    led = rc.read_ledger(company(tmp_path, text, ISO_PAYMENTS.replace("F3", "F1")))
    q = led.quality
    assert q[["row", "column", "value", "problem"]].to_numpy().tolist() == [
        [3, "issue_date", "32/01/2025", "date illisible"],
        [4, "issue_date", "n/a", "date illisible"],
    ]
    assert led.invoices["invoice_id"].tolist() == ["F1", "F4"]
    assert led.invoices["issue_date"].tolist() == [T("2025-01-15"), T("2025-03-01")]


# -- the decision, column by column --------------------------------------------------------------
def misfits(*columns: list, date_format: str | None = None) -> list:
    named = {f"c{i}": pd.Series(c, dtype="object") for i, c in enumerate(columns)}
    return read_date_columns(named, ParseOptions(date_format=date_format))[1]


@pytest.mark.parametrize(
    ("cells", "date_format", "likely"),
    [
        (["3/14/2025", "12/1/2025"], None, ("%m/%d/%Y",)),
        (["3/14/2025", "12/1/2025", "n/a"], None, ("%m/%d/%Y",)),  # most of the column
        (["14/03/2025", "01/12/2025"], "%m/%d/%Y", ("%d/%m/%Y",)),
        (["2025/03/14", "2025/12/01"], "%d/%m/%Y", ("%Y/%m/%d",)),
        (["14.03.2025", "01.12.2025"], "%d/%m/%Y", ("%d.%m.%Y",)),
        (["14-03-2025", "1-12-2025"], "%d/%m/%Y", ("%d-%m-%Y",)),
        (["20250314", "20251201"], "%d/%m/%Y", ("%Y%m%d",)),
        (["14/03/25", "01/12/25"], None, ("%d/%m/%y",)),
        (["3/14/25", "12/1/25"], None, ("%m/%d/%y",)),
        (["1/2/25", "3/4/25"], None, ("%d/%m/%y", "%m/%d/%y")),
    ],
    ids=["us", "us-with-a-bad-cell", "french-given-us", "year-slash", "day-dots", "day-dashes",
         "compact", "two-digit-year", "two-digit-year-us", "two-digit-year-either"],
)
def test_a_column_another_format_reads_better_is_refused(cells, date_format, likely):
    (misfit,) = misfits(cells, date_format=date_format)
    assert (misfit.likely, misfit.ambiguous) == (likely, False)


@pytest.mark.parametrize(
    "cells",
    [
        ["15/01/2025", "32/01/2025", "n/a"],  # no format reads most of it
        ["15/01/2025", "01/13/2025"],  # the US reading does not read 15/01
        ["2025-01-02", "2025-03-04"],  # ISO: never ambiguous
        ["01/01/2025", "02/02/2025"],  # day = month: the same either way
        ["01/02/2025", "2025-03-04", "13/01/2025"],  # a day above 12
        [dt.date(2025, 1, 2), dt.datetime(2025, 3, 4)],  # date objects are dates
        ["", None, "nan"],
    ],
    ids=["isolated-bad-cells", "one-us-looking-typo", "iso", "day-is-month", "day-above-12",
         "date-objects", "empty"],
)
def test_a_column_that_fits_is_kept(cells):
    assert misfits(cells) == []


def test_ambiguity_needs_no_format_given_and_no_day_above_12_in_the_table():
    assert [m.ambiguous for m in misfits(["01/02/2025"], ["03/04/2025"])] == [True, True]
    assert misfits(["01/02/2025"], ["13/04/2025"]) == []
    assert misfits(["01/02/2025"], date_format="%d/%m/%Y") == []


def test_an_ambiguous_column_beside_a_us_one_is_likely_month_first():
    us, ambiguous = misfits(["3/14/2025"], ["01/02/2025"])
    assert (us.column, us.likely) == ("c0", ("%m/%d/%Y",))
    assert (ambiguous.column, ambiguous.likely) == ("c1", ("%m/%d/%Y", "%d/%m/%Y"))


def test_the_ambiguous_formats_keep_the_column_separator():
    (misfit,) = misfits(["01.02.2025", "05.03.2025"])
    assert misfit.likely == ("%d.%m.%Y", "%m.%d.%Y")


def test_a_refused_column_is_kept_nowhere_and_an_ambiguous_one_is_read_day_first():
    us = pd.Series(["3/14/2025", "12/1/2025", None])
    read, _ = read_date_columns({"d": us}, ParseOptions())
    dates, unreadable = read["d"]
    assert dates.isna().all() and unreadable.tolist() == [True, True, False]
    # parse_dates (the period of a folder's data) keeps nothing of it either
    dates, bad = parse_dates(us, ParseOptions())
    assert dates.isna().all() and bad.tolist() == [True, True, False]
    dates, bad = parse_dates(pd.Series(["01/02/2025"]), ParseOptions())
    assert dates.tolist() == [T("2025-02-01")] and not bad.any()


def test_examples_are_the_unread_values_first_escaped_and_cut():
    hostile = "\x1b" + "9" * 50
    (misfit,) = misfits([hostile, "3/14/2025", "3/15/2025", "12/1/2025", "1/2/2025"])
    assert misfit.examples == ("\\x1b" + "9" * 35 + "…", "3/14/2025", "3/15/2025")
    assert (misfit.present, misfit.unread, misfit.misread, misfit.fitted) == (5, 3, 2, 4)


@pytest.mark.parametrize(
    ("fmt", "name"),
    [
        ("%m/%d/%Y", "mois/jour/année (M/J/AAAA)"),
        ("%d.%m.%Y", "jour.mois.année (J.M.AAAA)"),
        ("%Y/%m/%d", "année/mois/jour (AAAA/MM/JJ)"),
        ("%Y%m%d", "année mois jour (AAAAMMJJ)"),
        ("%d/%m/%y", "jour/mois/année (J/M/AA)"),
        ("ISO8601", "année-mois-jour (AAAA-MM-JJ)"),
        ("%d %B %Y", "« %d %B %Y »"),
    ],
    ids=["us", "dots", "year-first", "compact", "two-digit-year", "iso", "other"],
)
def test_date_format_names(fmt, name):
    assert date_format_name(fmt) == name


# -- a Ledger built in Python --------------------------------------------------------------------
def test_a_ledger_of_frames_gives_the_fix_in_python_and_leaves_its_input_alone():
    frame = pd.DataFrame(
        {
            "invoice_id": ["F1", "F2"],
            "debtor_id": ["D1", "D2"],
            "issue_date": ["3/14/2025", "12/1/2025"],
            "amount": [100.0, 200.0],
        }
    )
    before = frame.copy()
    with pytest.raises(LedgerError) as refused:
        Ledger(frame)
    (problem,) = refused.value.problems
    assert problem.startswith(
        "table des factures (invoices, DataFrame), colonne issue_date : 1 date sur 2 ne se lit pas"
    )
    assert problem.endswith(' ; en Python : parse=ParseOptions(date_format="%m/%d/%Y")')
    pd.testing.assert_frame_equal(frame, before)
    led = Ledger(frame, parse=ParseOptions(date_format="%m/%d/%Y"))
    assert led.invoices["issue_date"].tolist() == [T("2025-03-14"), T("2025-12-01")]
