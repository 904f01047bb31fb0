"""Tests of the generation of the sample ledgers (tools/samples/): profiles, day numbers,
generate_company and inject_data_problems.
"""

from __future__ import annotations

import dataclasses
import re

import numpy as np
import pandas as pd
import pytest
from builders import COMPANY_IDS, END, EVENT_DATES, residuals, sample_ledgers, spoiled_ledgers
from pandas.testing import assert_frame_equal

from recouvrement import conventions as cv
from tools import samples
from tools.samples import COMPANIES, dates, generate_company, inject_data_problems


@pytest.fixture(scope="module")
def ledgers() -> dict[str, dict[str, pd.DataFrame]]:
    return sample_ledgers()


@pytest.fixture(scope="module")
def spoiled() -> dict[str, tuple[dict[str, pd.DataFrame], pd.DataFrame]]:
    return spoiled_ledgers()


# ---------------------------------------------------------------------------
# Profiles
# ---------------------------------------------------------------------------
def test_profiles_describe_four_distinct_companies():
    assert len(COMPANIES) >= 4
    assert len({p.sector for p in COMPANIES.values()}) == len(COMPANIES)
    assert "french" in {p.style for p in COMPANIES.values()}
    for company_id, p in COMPANIES.items():
        assert re.fullmatch(r"[a-z0-9-]+", company_id) and p.company_id == company_id
        assert 150 <= p.n_debtors <= 400
        assert 2 <= len(p.problems) <= 6
        assert 1 <= p.n_insolvent <= 3


def test_profile_rejects_bad_values():
    with pytest.raises(ValueError, match="lowercase"):
        dataclasses.replace(COMPANIES["conseil-horizon"], company_id="Conseil Horizon")
    with pytest.raises(ValueError, match="unknown style"):
        dataclasses.replace(COMPANIES["conseil-horizon"], style="fec")
    with pytest.raises(ValueError, match="unknown sample company"):
        generate_company("nobody")


# ---------------------------------------------------------------------------
# Day numbers
# ---------------------------------------------------------------------------
def test_day_numbers_and_weekdays():
    saturday = dates.day_number("2026-10-31")
    stamps = pd.DatetimeIndex(dates.to_datetimes([saturday, None]))
    assert stamps[0] == pd.Timestamp("2026-10-31") and pd.isna(stamps[1])
    assert dates.next_weekday(saturday) == saturday + 2  # to Monday
    assert dates.next_weekday(saturday - 1) == saturday - 1  # a Friday stays
    assert dates.next_weekdays(np.array([saturday, saturday + 1])).tolist() == [saturday + 2] * 2
    assert dates.working_days(saturday - 6, saturday).tolist() == list(
        range(saturday - 5, saturday)
    )


def test_months_of_a_history():
    end = dates.day_number("2026-10-31")
    start = dates.history_start(end, 24)
    assert pd.DatetimeIndex(dates.to_datetimes([start]))[0] == pd.Timestamp("2024-11-01")
    labels = dates.month_labels(start, 24)
    assert labels[0] == "2024-11" and labels[-1] == "2026-10" and len(labels) == 24
    firsts = dates.history_months(start, 24)
    assert dates.month_start_day(end) == firsts[-1] and dates.month_end_day(start) == firsts[1] - 1
    assert dates.month_end_days(firsts).tolist() == [*(firsts[1:] - 1).tolist(), end]
    assert dates.month_start_days(firsts + 10).tolist() == firsts.tolist()
    assert dates.number_ids("F{yy:02d}-{n:03d}", np.array([start, start + 70, end])) == [
        "F24-001",
        "F25-001",
        "F26-001",
    ]


# ---------------------------------------------------------------------------
# generate_company
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("company", COMPANY_IDS)
def test_generation_is_deterministic(company, ledgers):
    again = generate_company(company)
    for table in cv.TABLES:
        assert_frame_equal(again[table], ledgers[company][table], obj=table)


def test_another_seed_gives_another_ledger(ledgers):
    profile = dataclasses.replace(COMPANIES["conseil-horizon"], seed=9)
    other = generate_company(profile)
    assert not other["invoices"].equals(ledgers["conseil-horizon"]["invoices"])


@pytest.mark.parametrize("company", COMPANY_IDS)
def test_canonical_columns_and_dtypes(company, ledgers):
    for table, frame in ledgers[company].items():
        assert list(frame.columns) == cv.columns(table), table
        for col, kind in cv.column_types(table).items():
            s = frame[col]
            if kind in ("id", "text", "kind", "month"):
                assert s.dtype == "str", (table, col)
            elif kind == "date":
                assert s.dtype == "datetime64[ns]", (table, col)
            elif kind == "money":
                assert s.dtype == "float64", (table, col)
                cents = s.dropna() * 100
                assert np.allclose(cents, cents.round()), (table, col)
            elif kind == "int":
                assert s.dtype == "int64", (table, col)
    assert ledgers[company]["invoices"]["invoice_id"].is_unique
    assert ledgers[company]["debtors"]["debtor_id"].is_unique


@pytest.mark.parametrize(
    ("end", "months"), [(samples.DEFAULT_END, 24), ("2025-06-15", 12)], ids=["default", "mid-month"]
)
@pytest.mark.parametrize("company", COMPANY_IDS)
def test_nothing_is_dated_after_end(company, end, months, ledgers):
    tables = ledgers[company] if months == 24 else generate_company(company, end=end, months=months)
    end = pd.Timestamp(end)
    start = (end.to_period("M") - (months - 1)).start_time
    for table, cols in EVENT_DATES.items():
        for col in cols:
            assert (tables[table][col].dropna() <= end).all(), (table, col)
    assert tables["invoices"]["issue_date"].min() >= start
    months_seen = pd.PeriodIndex(tables["costs"]["month"], freq="M")
    assert list(months_seen) == list(pd.period_range(start, end, freq="M"))


@pytest.mark.parametrize("company", COMPANY_IDS)
def test_references_and_chronology(company, ledgers):
    t = ledgers[company]
    inv = t["invoices"].set_index("invoice_id")
    for table in ("payments", "credit_notes", "write_offs", "disputes", "actions"):
        ids = t[table]["invoice_id"].dropna()
        assert ids.isin(inv.index).all(), table
    for table in ("invoices", "payments", "credit_notes", "actions"):
        assert t[table]["debtor_id"].isin(t["debtors"]["debtor_id"]).all(), table
    for table in ("payments", "credit_notes"):
        f = t[table][t[table]["invoice_id"].notna()]
        assert (f["debtor_id"] == f["invoice_id"].map(inv["debtor_id"])).all(), table
        assert (f["date"] >= f["invoice_id"].map(inv["issue_date"])).all(), table
    for table in ("invoices", "payments", "credit_notes", "write_offs", "costs"):
        assert (t[table]["amount"] > 0).all(), table
    assert (inv["due_date"] >= inv["issue_date"]).all()
    d = t["disputes"]
    assert (d["opened_date"] > d["invoice_id"].map(inv["issue_date"])).all()
    assert (d["resolved_date"].dropna() >= d.loc[d["resolved_date"].notna(), "opened_date"]).all()
    # insolvency freezes the claims: no payment or reminder on or after it
    ins = t["debtors"].set_index("debtor_id")["insolvency_date"]
    for table in ("payments", "actions"):
        f = t[table][t[table]["invoice_id"].notna()]
        assert not (f["date"] >= f["debtor_id"].map(ins)).any(), table


@pytest.mark.parametrize("company", COMPANY_IDS)
def test_realistic_behaviours_are_present(company, ledgers):
    t = ledgers[company]
    pay, cn, act = t["payments"], t["credit_notes"], t["actions"]
    applied = pay[pay["invoice_id"].notna()]
    assert (applied.groupby("invoice_id").size() >= 2).sum() > 10  # instalments
    assert (applied.groupby("payment_id")["invoice_id"].nunique() >= 2).any()  # one transfer
    assert pay["invoice_id"].isna().sum() >= 3  # unapplied cash
    assert cn["invoice_id"].notna().sum() > 10 and cn["invoice_id"].isna().any()
    res = residuals(t)
    assert 1 <= (res < 0).sum() <= 0.01 * len(res)  # a few deliberate overpayments
    d = t["disputes"]
    assert d["resolved_date"].notna().sum() > d["resolved_date"].isna().sum() >= 1
    insolvent = t["debtors"].loc[t["debtors"]["insolvency_date"].notna(), "debtor_id"]
    assert 1 <= len(insolvent) <= 3
    assert len(t["write_offs"]) >= 5
    assert act["level"].between(1, 5).all() and act["level"].nunique() >= 3
    assert set(act["channel"]) <= {"email", "téléphone", "courrier", "LRAR", "SMS", "agence"}
    assert act["invoice_id"].isna().any()  # debtor-level actions
    assert len(t["costs"]) == 24


@pytest.mark.parametrize("company", COMPANY_IDS)
def test_aged_balance_at_end_spreads_over_all_buckets(company, ledgers):
    t = ledgers[company]
    inv = t["invoices"].set_index("invoice_id")
    res = residuals(t)
    open_ = res[res > 0]
    age = (END - inv.loc[open_.index, "due_date"]).dt.days
    buckets = pd.cut(
        age, [-np.inf, 0, 30, 60, 90, np.inf], labels=["NE", "1-30", "31-60", "61-90", ">90"]
    )
    amounts = open_.groupby(buckets, observed=False).sum()
    assert (amounts > 0).all(), amounts.to_dict()
    assert 0.3 <= amounts["NE"] / amounts.sum() <= 0.85


def test_dunning_discipline_differs_between_companies(ledgers):
    def first_reminder_delay(company: str) -> float:
        t = ledgers[company]
        act = t["actions"].dropna(subset=["invoice_id"])
        first = act.groupby("invoice_id")["date"].min()
        due = t["invoices"].set_index("invoice_id")["due_date"]
        return float((first - due.reindex(first.index)).dt.days.median())

    assert first_reminder_delay("batiment-durand") > first_reminder_delay("conseil-horizon") + 5


@pytest.mark.parametrize("company", COMPANY_IDS)
def test_a_few_reminders_go_to_settled_invoices(company, ledgers):
    t = ledgers[company]
    events = pd.concat(
        [
            t[name].loc[t[name]["invoice_id"].notna(), ["invoice_id", "date", "amount"]]
            for name in ("payments", "credit_notes", "write_offs")
        ]
    ).sort_values(["date", "invoice_id"], kind="stable")
    events["total"] = events.groupby("invoice_id")["amount"].cumsum()
    amount = t["invoices"].set_index("invoice_id")["amount"]
    done = events[events["total"] >= events["invoice_id"].map(amount) - 0.005]
    settled = done.groupby("invoice_id")["date"].min()
    act = t["actions"].dropna(subset=["invoice_id"])
    late = act["date"] >= act["invoice_id"].map(settled)
    assert 1 <= late.sum() <= 0.05 * len(act)


# ---------------------------------------------------------------------------
# inject_data_problems
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("company", COMPANY_IDS)
def test_injected_problems_are_logged_and_inputs_untouched(company, ledgers, spoiled):
    before = {name: frame.copy() for name, frame in ledgers[company].items()}
    p = COMPANIES[company]
    tables, log = inject_data_problems(
        ledgers[company],
        np.random.default_rng([p.seed, 1]),
        p.problems,
        default_terms_days=p.default_terms_days,
    )
    for name, frame in before.items():
        assert_frame_equal(ledgers[company][name], frame)
    assert_frame_equal(log, spoiled[company][1])
    assert list(log.columns) == samples.PROBLEM_LOG_COLUMNS
    assert len(log) == len(p.problems)
    assert not log.duplicated(["table", "row"]).any()
    kinds = {samples.PROBLEM_KINDS[problem.kind] for problem in p.problems}
    assert set(log["problem"]) == kinds


@pytest.mark.parametrize("company", COMPANY_IDS)
def test_payments_only_miss_invoices_where_logged(company, spoiled):
    tables, log = spoiled[company]
    pay = tables["payments"]
    unknown = pay["invoice_id"].notna() & ~pay["invoice_id"].isin(tables["invoices"]["invoice_id"])
    logged = log.loc[(log["table"] == "payments") & (log["column"] == "invoice_id"), "row"]
    assert sorted(np.flatnonzero(unknown)) == sorted(logged)
    dup = tables["invoices"]["invoice_id"].duplicated()
    logged = log.loc[log["problem"] == samples.PROBLEM_KINDS["duplicate_invoice_id"], "row"]
    assert sorted(np.flatnonzero(dup)) == sorted(logged)
