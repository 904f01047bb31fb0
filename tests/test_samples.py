"""Tests of the fictional sample ledgers (recouvrement/samples.py) and of data/samples/."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from pandas.testing import assert_frame_equal

from recouvrement import conventions as cv
from recouvrement.io import read_ledger
from tools import samples
from tools.samples import COMPANIES, generate_company, generate_large, inject_data_problems

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"
END = pd.Timestamp(samples.DEFAULT_END)
COMPANY_IDS = list(COMPANIES)

# dates of events (a due date is a term, and may lie after the end)
EVENT_DATES = {
    t: [c for c, kind in cv.column_types(t).items() if kind == "date" and c != "due_date"]
    for t in cv.TABLES
}


@pytest.fixture(scope="module")
def ledgers() -> dict[str, dict[str, pd.DataFrame]]:
    return {c: generate_company(c) for c in COMPANY_IDS}


@pytest.fixture(scope="module")
def spoiled(ledgers) -> dict[str, tuple[dict[str, pd.DataFrame], pd.DataFrame]]:
    out = {}
    for c, tables in ledgers.items():
        p = COMPANIES[c]
        rng = np.random.default_rng([p.seed, 1])
        out[c] = inject_data_problems(
            tables, rng, p.problems, default_terms_days=p.default_terms_days
        )
    return out


def residuals(tables: dict[str, pd.DataFrame], as_of: pd.Timestamp = END) -> pd.Series:
    """Amount minus applied payments, allocated credit notes and write-offs dated <= as_of."""
    inv = tables["invoices"].set_index("invoice_id")["amount"]
    parts = [
        tables[name].loc[
            tables[name]["invoice_id"].notna() & (tables[name]["date"] <= as_of),
            ["invoice_id", "amount"],
        ]
        for name in ("payments", "credit_notes", "write_offs")
    ]
    settled = pd.concat(parts).groupby("invoice_id")["amount"].sum()
    return inv.sub(settled.reindex(inv.index, fill_value=0.0)).round(2)


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


# ---------------------------------------------------------------------------
# Written folders and the committed samples
# ---------------------------------------------------------------------------
def _same_content(path: Path, fresh: Path) -> bool:
    if path.read_bytes() == fresh.read_bytes():
        return True
    # binary formats may differ in library metadata only: compare what they hold
    if path.suffix == ".parquet":
        assert_frame_equal(pd.read_parquet(path), pd.read_parquet(fresh))
        return True
    if path.suffix == ".xlsx":
        assert_frame_equal(pd.read_excel(path, dtype=object), pd.read_excel(fresh, dtype=object))
        return True
    return False


def test_committed_samples_equal_a_fresh_regeneration(tmp_path, capsys):
    assert samples.main(["--out", str(tmp_path)]) == 0
    assert "deliberate data problem" in capsys.readouterr().out
    committed = sorted(p.relative_to(SAMPLES) for p in SAMPLES.rglob("*") if p.is_file())
    fresh = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    assert committed == fresh
    changed = [str(rel) for rel in committed if not _same_content(SAMPLES / rel, tmp_path / rel)]
    assert not changed, (
        f"hand-edited or stale samples (run python -m recouvrement.samples): {changed}"
    )


def test_committed_samples_stay_small():
    size = sum(p.stat().st_size for p in SAMPLES.rglob("*") if p.is_file())
    assert size < 5_000_000


@pytest.mark.parametrize("company", COMPANY_IDS)
def test_config_is_utf8_yaml_describing_the_files(company):
    p = COMPANIES[company]
    config = yaml.safe_load((SAMPLES / company / "recouvrement.yml").read_text(encoding="utf-8"))
    assert config == samples.company_config(p)
    assert config["name"] == p.name and config["sector"] == p.sector
    assert config["default_terms_days"] == p.default_terms_days
    for spec in config.get("tables", {}).values():
        if "file" in spec:
            assert (SAMPLES / company / spec["file"]).is_file()


def test_french_export_quirks():
    folder = SAMPLES / "batiment-durand"
    config = yaml.safe_load((folder / "recouvrement.yml").read_text(encoding="utf-8"))
    assert config["read"] == {
        "sep": ";",
        "decimal": ",",
        "encoding": "cp1252",
        "date_format": "%d/%m/%Y",
    }
    raw = (folder / "factures.csv").read_bytes()
    text = raw.decode("cp1252")
    header, first = text.split("\r\n")[:2]
    assert header == "N° facture;Code client;Date facture;Date échéance;Montant TTC;Devise"
    assert re.fullmatch(r"[^;]+;[^;]+;\d\d/\d\d/\d{4};\d\d/\d\d/\d{4};[\d \xa0]+,\d\d;€", first)
    assert "\xa0" in text and re.search(r"\d \d{3},\d\d", text)
    clients = pd.read_csv(folder / "clients.csv", sep=";", encoding="cp1252", dtype=str)
    assert set(clients["Type client"]) == {"PRO", "PART"}
    excel = (SAMPLES / "maison-lumiere" / "factures.csv").read_bytes()
    assert excel.startswith(b"\xef\xbb\xbf") and "\u202f".encode() in excel


@pytest.mark.parametrize("company", COMPANY_IDS)
def test_reader_finds_exactly_the_injected_problems(company, ledgers, spoiled):
    ledger = read_ledger(SAMPLES / company)
    p = COMPANIES[company]
    tables, log = spoiled[company]
    where = samples.problem_locations(log, p)
    found = set(zip(ledger.quality["table"], ledger.quality["row"], strict=True))
    assert found == set(zip(where["table"], where["line"], strict=True))
    assert len(ledger.invoices) >= len(ledgers[company]["invoices"]) - 2
    assert ledger.name == p.name


def test_write_company_in_another_style(tmp_path, ledgers):
    p = COMPANIES["conseil-horizon"]
    written = samples.write_company(ledgers["conseil-horizon"], tmp_path, profile=p, style="french")
    assert written[0].name == "recouvrement.yml"
    assert {f.name for f in written} >= {"factures.csv", "reglements.csv", "relances.csv"}
    ledger = read_ledger(tmp_path)
    assert ledger.quality.empty
    assert_frame_equal(
        ledger.invoices.reset_index(drop=True),
        ledgers["conseil-horizon"]["invoices"],
        check_dtype=False,
    )


def test_parquet_refuses_text_values(ledgers):
    tables = {k: v.copy() for k, v in ledgers["meca-precision"].items()}
    tables["invoices"]["amount"] = tables["invoices"]["amount"].astype(object)
    tables["invoices"].loc[0, "amount"] = "n/a"
    with pytest.raises(ValueError, match="Parquet"):
        samples.company_files(tables, COMPANIES["meca-precision"])


# ---------------------------------------------------------------------------
# generate_large
# ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def large() -> dict[str, pd.DataFrame]:
    return generate_large(5_000, n_debtors=120, seed=1)


def test_generate_large_shapes_and_dtypes(large):
    assert set(large) == set(cv.TABLES)
    inv, pay = large["invoices"], large["payments"]
    assert inv.shape == (5_000, 6) and inv["invoice_id"].is_unique
    assert large["debtors"].shape[0] == 120
    for table, frame in large.items():
        assert list(frame.columns) == cv.columns(table), table
        for col, kind in cv.column_types(table).items():
            expected = {"date": "datetime64[ns]", "money": "float64", "int": "int64"}.get(
                kind, "str"
            )
            assert frame[col].dtype == expected, (table, col)
    assert 4_000 <= len(pay) <= 6_000
    assert pay["invoice_id"].dropna().isin(inv["invoice_id"]).all()
    assert pay["invoice_id"].isna().any()
    assert (pay.dropna(subset=["invoice_id"]).groupby("invoice_id").size() == 2).any()
    assert len(large["credit_notes"]) and len(large["disputes"]) and len(large["write_offs"])
    for table, cols in EVENT_DATES.items():
        for col in cols:
            assert (large[table][col].dropna() <= END).all(), (table, col)
    assert (residuals(large) > -0.005).all()


def test_generate_large_is_deterministic(large):
    again = generate_large(5_000, n_debtors=120, seed=1)
    for table in cv.TABLES:
        assert_frame_equal(again[table], large[table], obj=table)
    assert not generate_large(5_000, n_debtors=120, seed=2)["invoices"].equals(large["invoices"])
