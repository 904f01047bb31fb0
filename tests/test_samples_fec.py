"""Tests of the sample company kept as tables and as FEC files (tools/samples/fec*.py).

The FEC files are parsed here with plain Python (not with :mod:`recouvrement.io`), on
the committed bytes of ``data/samples/atelier-rivage-fec``, and compared with the
canonical CSV of ``data/samples/atelier-rivage``.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from pathlib import Path

import pandas as pd
import pytest
import yaml

from tools.samples import fec, fec_company, lettrage

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"
TABLES = SAMPLES / "atelier-rivage"
FOLDER = SAMPLES / "atelier-rivage-fec"
FY1, FY2 = "999888779FEC20251231.txt", "999888779FEC20261031.txt"
FY2_START = pd.Timestamp("2026-01-01")
BOM = b"\xef\xbb\xbf"


def _cents(text: str) -> int:
    whole, dec = text.split(",")
    return int(whole) * 100 + int(dec)


def _read_csv(name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((TABLES / f"{name}.csv").read_text("utf-8"))))


def _read_fec(name: str) -> list[dict]:
    """The lines of a FEC file as dicts: amounts in cents, dates as Timestamps."""
    raw = (FOLDER / name).read_bytes()
    if raw.startswith(BOM):
        text, sep, newline, trailing = raw[3:].decode("utf-8"), "\t", "\r\n", False
    else:
        text, sep, newline, trailing = raw.decode("iso-8859-15"), "|", "\r\r\n", True
    rows = text.split(newline)
    assert rows.pop() == ""
    out = []
    for row in rows:
        cells = row.split(sep)
        if trailing:
            assert cells.pop() == ""
        out.append(cells)
    header = out[0]
    assert header == list(fec.FEC_COLUMNS)
    lines = []
    for cells in out[1:]:
        line = dict(zip(header, cells, strict=True))
        line["Debit"], line["Credit"] = _cents(line["Debit"]), _cents(line["Credit"])
        line["aux"] = line["CompAuxNum"].strip()
        line["date"] = pd.Timestamp(line["EcritureDate"])
        lines.append(line)
    return lines


@pytest.fixture(scope="module")
def fy1() -> list[dict]:
    return _read_fec(FY1)


@pytest.fixture(scope="module")
def fy2() -> list[dict]:
    return _read_fec(FY2)


@pytest.fixture(scope="module")
def tables() -> dict[str, list[dict[str, str]]]:
    return {t: _read_csv(t) for t in ("invoices", "payments", "credit_notes", "write_offs")}


def _table_balance(tables: dict, debtor: str, as_of: pd.Timestamp) -> int:
    """Σ invoices − Σ payments − Σ credit notes − Σ write-offs of a debtor dated ≤ as_of."""
    total = 0
    for name, sign, date_col in (
        ("invoices", 1, "issue_date"),
        ("payments", -1, "date"),
        ("credit_notes", -1, "date"),
        ("write_offs", -1, "date"),
    ):
        for r in tables[name]:
            if r["debtor_id"] == debtor and pd.Timestamp(r[date_col]) <= as_of:
                total += sign * round(float(r["amount"]) * 100)
    return total


# ---------------------------------------------------------------------------
# The folders and the bytes of the two dialects
# ---------------------------------------------------------------------------
def test_the_fec_folder_holds_only_two_fec_files_and_its_configuration():
    assert sorted(p.name for p in FOLDER.iterdir()) == [FY1, FY2, "recouvrement.yml"]
    assert sorted(p.name for p in TABLES.iterdir()) == [
        "credit_notes.csv",
        "debtors.csv",
        "invoices.csv",
        "payments.csv",
        "recouvrement.yml",
        "write_offs.csv",
    ]
    assert (
        (TABLES / "debtors.csv").read_text("utf-8").startswith("debtor_id,name,kind,terms_days\n")
    )
    config = yaml.safe_load((FOLDER / "recouvrement.yml").read_text("utf-8"))
    debtors = {r["debtor_id"]: int(r["terms_days"]) for r in _read_csv("debtors")}
    assert config == {
        "name": "Atelier Rivage SARL",
        "sector": "nautisme",
        "default_debtor_kind": "professionnel",
        "fec": {"terms_days": debtors},
        "dunning": {"letters": dict(fec_company.FEC_COMPANY.letters)},
        "creditor": dict(fec_company.FEC_COMPANY.creditor),
        "report": dict(fec_company.FEC_COMPANY.report),
    }
    assert set(debtors.values()) == {30, 45, 60} and 25 <= len(debtors) <= 40


def test_first_year_dialect_tab_utf8_bom_crlf():
    raw = (FOLDER / FY1).read_bytes()
    assert raw.startswith(BOM) and raw.count(BOM) == 1
    assert raw.count(b"\n") == raw.count(b"\r\n") and b"\r\r" not in raw
    text = raw[3:].decode("utf-8")
    assert "TVA collectée" in text and "BŒUF & FILS NAUTISME" in text
    for row in text.split("\r\n")[1:-1]:
        cells = row.split("\t")
        assert len(cells) == 18 and "|" not in row
        assert all(re.fullmatch(r"(0|[1-9]\d*),\d\d", cells[k]) for k in (11, 12))
        assert all(re.fullmatch(r"\d{8}", cells[k]) for k in (3, 9, 15))
        assert cells[14] == "" if cells[13] == "" else re.fullmatch(r"\d{8}", cells[14])
        assert cells[6] == cells[6].strip() and cells[16:] == ["", ""]


def test_second_year_dialect_pipe_latin9_padded_trailing_separator():
    raw = (FOLDER / FY2).read_bytes()
    assert not raw.startswith(BOM)
    assert raw.count(b"\n") == raw.count(b"\r\r\n")
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert "Œ".encode("iso-8859-15") in raw and "Ÿ".encode("iso-8859-15") in raw  # not Latin-1
    text = raw.decode("iso-8859-15")
    assert "À nouveaux" in text and "CAVES MARITIMES D'AŸ" in text
    rows = text.split("\r\r\n")[:-1]
    assert rows[0].endswith("|Montantdevise|Idevise|")
    for row in rows[1:]:
        cells = row.split("|")
        assert len(cells) == 19 and cells[-1] == ""
        assert re.fullmatch(r"\d{10},\d\d", cells[11]) and re.fullmatch(r"\d{10},\d\d", cells[12])
        assert len(cells[6]) == 10 and (cells[6].strip() != "") == (cells[4] == "411000")
        assert cells[14] == "19000101" if cells[13] == "" else cells[14] != "19000101"


# ---------------------------------------------------------------------------
# Entries balance; one invoice checked by hand
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("name", [FY1, FY2], ids=["fy1", "fy2"])
def test_every_entry_and_the_file_balance(name):
    lines = _read_fec(name)
    entries = defaultdict(int)
    for ln in lines:
        entries[(ln["JournalCode"], ln["EcritureNum"])] += ln["Debit"] - ln["Credit"]
        assert (ln["Debit"] == 0) != (ln["Credit"] == 0)
        assert ln["ValidDate"] == ln["EcritureDate"]
    assert set(entries.values()) == {0}
    assert sum(ln["Debit"] for ln in lines) == sum(ln["Credit"] for ln in lines)
    numbers = defaultdict(list)  # EcritureNum counts each journal's entries from 1
    for journal, number in dict.fromkeys((ln["JournalCode"], ln["EcritureNum"]) for ln in lines):
        numbers[journal].append(int(number))
    assert all(n == list(range(1, len(n) + 1)) for n in numbers.values())
    dates = [ln["date"] for ln in lines]
    assert dates == sorted(dates)


def test_one_invoice_entry_by_hand(fy1):
    entry = [ln for ln in fy1 if ln["PieceRef"] == "FA-2025-0001"]
    assert [
        (ln["JournalCode"], ln["CompteNum"], ln["aux"], ln["Debit"], ln["Credit"]) for ln in entry
    ] == [
        ("VE", "411000", "C0031", 134280, 0),  # 1 342,80 TTC
        ("VE", "706000", "", 0, 111900),  # 1 342,80 / 1,2 = 1 119,00 HT
        ("VE", "445710", "", 0, 22380),  # 223,80 VAT
    ]
    first = entry[0]
    assert first["CompAuxLib"] == "Chantier naval Denis SAS"
    assert (first["EcritureDate"], first["PieceDate"]) == ("20250101", "20250101")
    assert (first["EcritureLet"], first["DateLet"]) == ("AA", "20250318")  # paid 18/03/2025
    payment = [ln for ln in fy1 if ln["PieceRef"] == "RG-2025-0005"]
    assert [(ln["CompteNum"], ln["Debit"], ln["Credit"], ln["EcritureLet"]) for ln in payment] == [
        ("411000", 0, 134280, "AA"),
        ("512000", 134280, 0, ""),
    ]


def test_split_vat_balances_to_the_cent():
    assert fec.split_vat(134280) == (111900, 22380)
    assert fec.split_vat(7470) == (6225, 1245)
    assert fec.split_vat(1) == (1, 0)  # 0,0083 rounds up to 0,01
    assert all(sum(fec.split_vat(c)) == c for c in range(1, 5000))


# ---------------------------------------------------------------------------
# The FEC and the tables tell the same story
# ---------------------------------------------------------------------------
def test_balances_per_debtor_and_month_end_equal_the_tables(fy1, fy2, tables):
    lines = [ln for ln in fy1 + fy2 if ln["CompteNum"] == "411000" and ln["JournalCode"] != "AN"]
    debtors = {r["debtor_id"] for r in _read_csv("debtors")}
    assert {ln["aux"] for ln in lines} == debtors
    month_ends = pd.date_range("2025-01-31", "2026-10-31", freq="ME")
    for debtor in sorted(debtors):
        mine = [ln for ln in lines if ln["aux"] == debtor]
        for as_of in month_ends:
            fec_balance = sum(ln["Debit"] - ln["Credit"] for ln in mine if ln["date"] <= as_of)
            assert fec_balance == _table_balance(tables, debtor, as_of), (debtor, as_of)


def test_opening_entry_carries_each_debtors_closing_balance(fy2, tables):
    opening = [ln for ln in fy2 if ln["JournalCode"] == "AN"]
    assert opening == fy2[: len(opening)]  # the opening entry comes first
    assert {ln["EcritureNum"] for ln in opening} == {"1"}
    assert {ln["EcritureDate"] for ln in opening} == {"20260101"}
    assert [ln["CompteNum"] for ln in opening][-1] == "890000"
    per_debtor = defaultdict(int)
    for ln in opening[:-1]:
        assert ln["CompteNum"] == "411000"
        per_debtor[ln["aux"]] += ln["Debit"] - ln["Credit"]
    close = FY2_START - pd.Timedelta(days=1)
    for r in _read_csv("debtors"):
        assert per_debtor.get(r["debtor_id"], 0) == _table_balance(tables, r["debtor_id"], close)
    # items keep their own piece: invoices (residual, debit) and an unapplied payment (credit)
    issue = {r["invoice_id"]: r["issue_date"].replace("-", "") for r in tables["invoices"]}
    for ln in opening[:-1]:
        if ln["PieceRef"].startswith("FA-"):
            assert ln["Debit"] > 0 and ln["PieceDate"] == issue[ln["PieceRef"]]
        else:
            assert ln["PieceRef"].startswith("RG-2025-") and ln["Credit"] > 0


def _fifo_from_lettrage(lines: list[dict]) -> dict[tuple[str, str], int]:
    """Allocations read back from the lettrage: per debtor and code, credits oldest first."""
    groups = defaultdict(list)
    for ln in lines:
        if ln["CompteNum"] == "411000" and ln["EcritureLet"]:
            groups[(ln["aux"], ln["EcritureLet"])].append(ln)
    out = {}
    for members in groups.values():
        debits = sorted(
            (ln for ln in members if ln["Debit"]), key=lambda x: (x["PieceDate"], x["PieceRef"])
        )
        left = {ln["PieceRef"]: ln["Debit"] for ln in debits}
        credits = sorted(
            (ln for ln in members if ln["Credit"]), key=lambda x: (x["DateLet"], x["PieceRef"])
        )
        for credit in credits:
            rest = credit["Credit"]
            for ref in left:
                take = min(rest, left[ref])
                if take:
                    out[(credit["PieceRef"], ref)] = take
                    left[ref] -= take
                    rest -= take
            assert rest == 0
    return out


@pytest.mark.parametrize("name", [FY1, FY2], ids=["fy1", "fy2"])
def test_lettrage_read_oldest_first_gives_the_tables_allocations(name, tables):
    lines = _read_fec(name)
    start, stop = (
        (pd.Timestamp("2025-01-01"), FY2_START) if name == FY1 else (FY2_START, pd.Timestamp.max)
    )
    expected = defaultdict(int)
    for table in ("payments", "credit_notes"):
        for r in tables[table]:
            if r["invoice_id"] and start <= pd.Timestamp(r["date"]) < stop:
                ref = r["payment_id"] if table == "payments" else r["credit_note_id"]
                expected[(ref, r["invoice_id"])] += round(float(r["amount"]) * 100)
    found = _fifo_from_lettrage(lines)
    write_offs = {k: v for k, v in found.items() if k[0].startswith("OD-")}
    assert {k: v for k, v in found.items() if k not in write_offs} == dict(expected)
    table_wo = sorted(
        (r["invoice_id"], round(float(r["amount"]) * 100))
        for r in tables["write_offs"]
        if start <= pd.Timestamp(r["date"]) < stop
    )
    assert sorted((inv, c) for (_, inv), c in write_offs.items()) == table_wo


# ---------------------------------------------------------------------------
# The simulated ledger: the behaviours the FEC must carry, and its constraints
# ---------------------------------------------------------------------------
def test_the_ledger_has_the_cases_a_reader_must_handle(fy1, fy2, tables):
    pay = pd.DataFrame(tables["payments"])
    applied = pay[pay["invoice_id"] != ""]
    assert (applied.groupby("invoice_id")["payment_id"].nunique() >= 2).sum() >= 5  # instalments
    assert (applied.groupby("payment_id")["invoice_id"].nunique() >= 2).sum() >= 5  # grouped
    unapplied = pay[pay["invoice_id"] == ""]
    assert len(unapplied) >= 3 and (unapplied["date"] < "2026-01-01").any()
    assert len(tables["credit_notes"]) >= 10 and len(tables["write_offs"]) >= 2
    # partly paid in the first year, finished in the second: lettered in both files
    fy1_partial = {
        ln["PieceRef"] for ln in fy1 if ln["CompteNum"] == "411000" and ln["EcritureLet"]
    }
    opened = {ln["PieceRef"] for ln in fy2 if ln["JournalCode"] == "AN" and ln["EcritureLet"]}
    assert len(fy1_partial & opened) >= 2
    # open at the end
    assert sum(ln["Debit"] - ln["Credit"] for ln in fy2 if ln["CompteNum"] == "411000") > 0


def test_the_ledger_respects_what_makes_both_paths_equivalent():
    t = fec_company.generate_fec_company()
    inv = t["invoices"].merge(t["debtors"], on="debtor_id")
    assert ((inv["due_date"] - inv["issue_date"]).dt.days == inv["terms_days"]).all()
    assert inv["issue_date"].min() == pd.Timestamp("2025-01-01")
    issue = t["invoices"].set_index("invoice_id")["issue_date"]
    settled = []
    for name in ("payments", "credit_notes", "write_offs"):
        frame = t[name]
        assert frame["date"].max() <= pd.Timestamp("2026-10-31")
        rows = frame.dropna(subset=["invoice_id"])
        assert (rows["date"] >= rows["invoice_id"].map(issue)).all(), name
        settled.append(rows[["invoice_id", "amount"]])
    paid = pd.concat(settled).groupby("invoice_id")["amount"].sum()
    assert (
        paid <= t["invoices"].set_index("invoice_id")["amount"].reindex(paid.index) + 1e-9
    ).all()
    again = fec.fec_files(fec_company.generate_fec_company())
    assert again == {name: (FOLDER / name).read_bytes() for name in (FY1, FY2)}


# ---------------------------------------------------------------------------
# Lettrage helpers on hand-built groups
# ---------------------------------------------------------------------------
def test_lettrage_codes():
    assert [lettrage.lettrage_code(k) for k in (0, 1, 25, 26, 675)] == [
        "AA",
        "AB",
        "AZ",
        "BA",
        "ZZ",
    ]
    with pytest.raises(ValueError, match="676"):
        lettrage.lettrage_code(676)


def _alloc(credit: str, invoice: str, day: int, cents: int) -> lettrage.Allocation:
    return lettrage.Allocation(credit, invoice, day, cents)


def test_oldest_first_accepts_a_transfer_finishing_an_old_invoice_and_starting_a_new_one():
    issue, amounts = {"F1": 0, "F2": 5}, {"F1": 100, "F2": 300}
    rows = [_alloc("P1", "F1", 30, 100), _alloc("P1", "F2", 30, 50), _alloc("P2", "F2", 60, 250)]
    assert lettrage.follows_fifo(rows, issue, amounts)
    assert lettrage.follows_fifo_by_year(rows, issue, amounts, 45)
    (group,) = lettrage.lettrage_groups(rows, issue)
    assert group == lettrage.Group(((0, "F1"), (5, "F2")), ((30, "P1"), (60, "P2")))


@pytest.mark.parametrize(
    "rows",
    [
        [_alloc("P1", "F2", 30, 50), _alloc("P2", "F1", 60, 100), _alloc("P2", "F2", 60, 10)],
        [_alloc("A1", "F1", 30, 100), _alloc("A1", "F2", 30, 20), _alloc("P1", "F2", 30, 10)],
        [_alloc("P1", "F1", 30, 150)],
    ],
    ids=["newest-paid-first", "same-day-tie", "overpaid"],
)
def test_oldest_first_refuses(rows):
    assert not lettrage.follows_fifo(rows, {"F1": 0, "F2": 5}, {"F1": 100, "F2": 300})
