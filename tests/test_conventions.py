"""The conventions layer: bucket schemes, dates, the data contract, package data files."""

from __future__ import annotations

import pandas as pd
import pytest

from recouvrement import conventions as cv
from recouvrement.conventions import data
from recouvrement.conventions.law import PRIVATE, PROFESSIONAL, PUBLIC
from recouvrement.conventions.risk import RISK_CLASSES

T = pd.Timestamp


# ---------------------------------------------------------------------------
# Buckets
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("scheme", "basis", "labels"),
    [
        (cv.Buckets(), "due", ["Non échu", "1-30", "31-60", "61-90", "> 90"]),
        (cv.Buckets(), "issue", ["0-30", "31-60", "61-90", "> 90"]),
        (cv.Buckets((30, 60, 90, 120)), "due", ["Non échu", "1-30", "31-60", "61-90", "91-120", "> 120"]),
        (cv.MONTH_BUCKETS, "due", ["Non échu", "< 2 mois", "2-6 mois", "> 6 mois"]),
        (cv.MONTH_BUCKETS, "issue", ["< 2 mois", "2-6 mois", "> 6 mois"]),
    ],
    ids=["days-due", "days-issue", "120-due", "months-due", "months-issue"],
)
def test_bucket_labels(scheme, basis, labels):
    assert scheme.labels(basis) == labels


@pytest.mark.parametrize(
    ("preset", "edges", "unit"),
    [("jours", (30, 60, 90), "days"), ("120", (30, 60, 90, 120), "days"), ("mois", (2, 6), "months")],
    ids=["jours", "120", "mois"],
)
def test_bucket_presets(preset, edges, unit):
    scheme = cv.as_buckets(preset)
    assert (scheme.edges, scheme.unit) == (edges, unit)
    assert cv.BUCKET_PRESETS[preset] is scheme


def test_as_buckets_accepts_edges_and_none_and_refuses_the_rest():
    assert cv.as_buckets(None) == cv.Buckets((30, 60, 90))
    assert cv.as_buckets([15, 45]).labels() == ["Non échu", "1-15", "16-45", "> 45"]
    with pytest.raises(ValueError, match="unknown bucket preset 'semaines'"):
        cv.as_buckets("semaines")
    with pytest.raises(ValueError, match="strictly increasing"):
        cv.Buckets((60, 30))
    with pytest.raises(ValueError, match="positive"):
        cv.Buckets((0, 30))
    with pytest.raises(ValueError, match="at least one edge"):
        cv.Buckets(())


def test_bucket_description_for_the_appendix():
    assert cv.Buckets().describe() == "tranches d'âge en jours, bornes 30, 60, 90"
    assert cv.MONTH_BUCKETS.describe() == "tranches d'âge en mois calendaires complets, bornes 2, 6"


# ---------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-03-31", T("2025-03-31")),
        (T("2025-03-31 17:45"), T("2025-03-31")),
        (pd.Timestamp("2025-03-31 10:00", tz="Europe/Paris"), T("2025-03-31")),
    ],
    ids=["text", "time-of-day-dropped", "timezone-dropped"],
)
def test_as_date_normalises(value, expected):
    assert cv.as_date(value) == expected


@pytest.mark.parametrize("value", ["31/02/2025", "demain", None], ids=["impossible", "words", "none"])
def test_as_date_names_the_argument(value):
    with pytest.raises(ValueError, match="as_of"):
        cv.as_date(value)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        ("2025-03-31", -1, "2025-02-28"),  # a month end stays a month end
        ("2024-03-31", -1, "2024-02-29"),
        ("2025-02-28", 1, "2025-03-31"),
        ("2025-03-15", -1, "2025-02-15"),
        ("2025-10-31", -12, "2024-10-31"),
    ],
    ids=["end-of-march-back", "leap-year", "end-of-february-on", "mid-month", "a-year"],
)
def test_shift_months(day, months, expected):
    assert cv.shift_months(T(day), months) == T(expected)


def test_month_end_and_month_of():
    assert cv.month_end("2026-02") == T("2026-02-28")
    assert cv.month_end("2026-10-05") == T("2026-10-31")
    assert cv.month_of("2026-10-05") == "2026-10"


@pytest.mark.parametrize(
    "month", ["2026-13", "2026-1", "26-10", "2026/10", "", "octobre", None, 202610],
    ids=["month-13", "one-digit", "two-digit-year", "slash", "empty", "word", "none", "int"],
)
def test_parse_month_refuses_what_is_not_a_month(month):
    with pytest.raises(ValueError, match="mois invalide"):
        cv.parse_month(month)


def test_parse_month_strips_spaces():
    assert cv.parse_month(" 2026-10 ") == "2026-10"


def test_last_activity_date_is_the_latest_invoice_or_payment():
    invoices = pd.DataFrame({"issue_date": pd.to_datetime(["2026-09-01", "2026-10-02"])})
    payments = pd.DataFrame({"date": pd.to_datetime(["2026-10-30", None])})
    assert cv.last_activity_date({"invoices": invoices, "payments": payments}) == T("2026-10-30")
    assert cv.last_activity_date({"invoices": invoices}) == T("2026-10-02")
    assert cv.last_activity_date({"invoices": invoices.iloc[:0]}) is None


# ---------------------------------------------------------------------------
# The data contract
# ---------------------------------------------------------------------------
def test_invoice_columns_and_types():
    assert cv.columns("invoices") == [
        "invoice_id",
        "debtor_id",
        "issue_date",
        "due_date",
        "amount",
        "currency",
        "origin",
        "reference",
        "amount_original",
        "currency_original",
    ]
    assert cv.required_columns("invoices") == ["invoice_id", "debtor_id", "issue_date", "amount"]
    assert cv.column_types("costs") == {"month": "month", "amount": "money"}
    assert cv.MANDATORY_TABLES == ("invoices", "payments")
    assert set(cv.OPTIONAL_TABLES) | set(cv.MANDATORY_TABLES) == set(cv.TABLES)
    assert set(cv.TABLE_LABELS_FR) == set(cv.TABLES)


def test_debtor_kinds_and_risk_classes():
    assert (PROFESSIONAL, PRIVATE, PUBLIC) == cv.DEBTOR_KINDS
    assert cv.DEBTOR_KINDS == ("professionnel", "particulier", "public")
    assert RISK_CLASSES == ("fiable", "modéré", "à risque")


# ---------------------------------------------------------------------------
# Package data files
# ---------------------------------------------------------------------------
def test_package_data_files_are_read_in_one_place():
    calendars = data.read_yaml("data", "dunning_calendars.yml")
    assert list(calendars["calendars"]) == ["standard", "progressif"]
    weights = data.read_csv("data", "scoring_weights.csv")
    assert list(weights.columns) == ["factor", "weight", "worst", "description"]
    assert weights["weight"].map(float).sum() == 100.0  # text cells, converted by the reader
    assert data.package_path("templates", "audit").is_dir()
    assert data.label("data", "rates", "x.csv") == "recouvrement/data/rates/x.csv"


def test_a_missing_package_file_is_named():
    with pytest.raises(FileNotFoundError, match="recouvrement/data/absent.yml"):
        data.read_yaml("data", "absent.yml")


@pytest.mark.parametrize(
    ("asked", "dated"),
    [
        ("2026-10-31", "2026-11-02"),  # Saturday, then Sunday 01/11 (Toussaint)
        ("2026-11-11", "2026-11-12"),  # Armistice, a Wednesday
        ("2026-12-25", "2026-12-28"),  # Christmas, a Friday
        ("2026-11-02", "2026-11-02"),  # a Monday
    ],
    ids=["saturday", "armistice", "christmas", "monday"],
)
def test_next_business_day(asked, dated):
    assert cv.next_business_day(asked) == pd.Timestamp(dated)
