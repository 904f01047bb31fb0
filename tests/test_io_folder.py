"""Reading real exports: French CSV, XLSX, Parquet, YAML mappings, malformed files."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import recouvrement as rc

CANONICAL_INVOICES = (
    "invoice_id,debtor_id,issue_date,due_date,amount\n"
    "F1,D1,2025-01-15,2025-02-14,1000.50\n"
    "F2,D2,2025-02-01,2025-03-03,250\n"
)
CANONICAL_PAYMENTS = "payment_id,debtor_id,invoice_id,date,amount\nP1,D1,F1,2025-02-20,400.25\n"


def write(folder: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


@pytest.fixture
def canonical(tmp_path) -> Path:
    write(tmp_path, "invoices.csv", CANONICAL_INVOICES)
    write(tmp_path, "payments.csv", CANONICAL_PAYMENTS)
    return tmp_path


def test_plain_canonical_csv_needs_no_configuration(canonical):
    led = rc.read_ledger(canonical)
    assert led.invoices["amount"].tolist() == [1000.5, 250.0]
    assert led.quality.empty
    assert led.name == canonical.name
    assert set(led.meta["files"]) == {"invoices", "payments"}
    assert rc.aged_balance(led, "2025-03-31")["Total"].sum() == pytest.approx(850.25)


FRENCH = (
    "N° facture;Code client;Date facture;Échéance;Montant TTC\n"
    "F1;D1;15/01/2025;14/02/2025;1 234,56\n"
    "F2;D2;01/02/2025;;2\u00a0000,00\n"
)
FRENCH_PAY = "Réf;Client;Facture;Date règlement;Montant réglé\nR1;D1;F1;20/02/2025;234,56\n"
FRENCH_YML = """\
name: "Société Générale des Tests"
default_terms_days: 60
read: {sep: ";", decimal: ","}
tables:
  invoices:
    file: factures.csv
    columns: {"N° facture": invoice_id, "Code client": debtor_id, "Date facture": issue_date,
              "Échéance": due_date, "Montant TTC": amount}
  payments:
    file: reglements.csv
    columns: {"Réf": payment_id, "Client": debtor_id, "Facture": invoice_id,
              "Date règlement": date, "Montant réglé": amount}
"""


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8-sig", "utf-8"])
def test_french_excel_csv(tmp_path, encoding):
    write(tmp_path, "factures.csv", FRENCH, encoding)
    write(tmp_path, "reglements.csv", FRENCH_PAY, encoding)
    write(tmp_path, "recouvrement.yml", FRENCH_YML)
    led = rc.read_ledger(tmp_path)
    assert led.name == "Société Générale des Tests"
    assert led.invoices["amount"].tolist() == [1234.56, 2000.0]
    assert led.invoices.loc[1, "due_date"] == pd.Timestamp("2025-04-02")  # 01/02 + 60 days
    # the repair names the file and its line (header = line 1)
    q = led.quality
    assert q[["source", "row", "column", "action"]].to_numpy().tolist() == [
        ["factures.csv", 3, "due_date", "corrigée"]
    ]
    assert rc.aged_balance(led, "2025-02-28")["Total"].sum() == pytest.approx(3000.0)
    assert "config" in led.meta["files"]


def test_french_file_names_and_semicolons_are_detected_without_config(tmp_path):
    write(
        tmp_path,
        "factures.csv",
        "invoice_id;debtor_id;issue_date;due_date;amount\nF1;D1;31/01/2025;02/03/2025;12,50\n",
        "cp1252",
    )
    write(tmp_path, "reglements.csv", "date;amount;debtor_id;invoice_id\n", "cp1252")
    led = rc.read_ledger(tmp_path)
    assert led.invoices.loc[0, "amount"] == 12.5
    assert led.invoices.loc[0, "issue_date"] == pd.Timestamp("2025-01-31")
    assert len(led.payments) == 0


def test_values_mapping_and_derived_table(tmp_path):
    write(
        tmp_path,
        "invoices.csv",
        "No,Customer,Date,Due,Amount,Disputed,Settled\n"
        "0001,C1,1/2/2013,2/1/2013,55.94,No,1/15/2013\n"
        "0002,C2,1/26/2013,2/25/2013,61.74,Yes,3/3/2013\n"
        "0003,C2,3/1/2013,3/31/2013,10.00,No,\n",
    )
    config = {
        "read": {"date_format": "%m/%d/%Y"},
        "tables": {
            "invoices": {
                "columns": {
                    "No": "invoice_id",
                    "Customer": "debtor_id",
                    "Date": "issue_date",
                    "Due": "due_date",
                    "Amount": "amount",
                }
            },
            "payments": {
                "from": "invoices",
                "where": {"Settled": "*"},
                "columns": {
                    "No": "invoice_id",
                    "Customer": "debtor_id",
                    "Settled": "date",
                    "Amount": "amount",
                },
            },
            "disputes": {
                "from": "invoices",
                "where": {"Disputed": "Yes"},
                "columns": {"No": "invoice_id", "Date": "opened_date"},
            },
            "debtors": {
                "from": "invoices",
                "columns": {"Customer": "debtor_id", "Disputed": "kind"},
                "values": {"kind": {"Yes": "particulier", "No": "PRO"}},
            },
        },
    }
    led = rc.read_ledger(tmp_path, config)
    assert led.invoices["invoice_id"].tolist() == ["0001", "0002", "0003"]  # leading zeros kept
    assert led.payments["invoice_id"].tolist() == ["0001", "0002"]
    assert led.payments.loc[1, "date"] == pd.Timestamp("2013-03-03")
    assert led.disputes["invoice_id"].tolist() == ["0002"]
    assert led.debtors["kind"].tolist() == [
        "professionnel",
        "particulier",
    ]  # duplicate C2 set aside
    assert rc.aged_balance(led, "2013-04-30")["Total"].sum() == pytest.approx(10.0)


def test_xlsx_and_parquet(tmp_path):
    inv = pd.DataFrame(
        {
            "invoice_id": ["F1", "F2"],
            "debtor_id": ["D1", "D1"],
            "issue_date": pd.to_datetime(["2025-01-01", "2025-01-05"]),
            "due_date": pd.to_datetime(["2025-01-31", "2025-02-04"]),
            "amount": [10.0, -1.0],
        }
    )
    inv.to_excel(tmp_path / "invoices.xlsx", index=False)
    pd.DataFrame(
        {
            "payment_id": ["P1"],
            "invoice_id": ["F1"],
            "debtor_id": ["D1"],
            "date": pd.to_datetime(["2025-01-20"]),
            "amount": [4.0],
        }
    ).to_parquet(tmp_path / "payments.parquet")
    led = rc.read_ledger(tmp_path)
    assert led.invoices["invoice_id"].tolist() == ["F1"]
    q = led.quality
    assert q[["source", "row", "column"]].to_numpy().tolist() == [
        ["invoices.xlsx", 3, "amount"]
    ]  # sheet row 3
    assert rc.aged_balance(led, "2025-01-31").loc["D1", "1-30"] == 0.0
    assert rc.aged_balance(led, "2025-01-31").loc["D1", "Non échu"] == 6.0


# -- malformed inputs: a clear error or a quality row, never a deep traceback ---------------
def test_missing_folder():
    with pytest.raises(rc.LedgerError, match="no such data folder"):
        rc.read_ledger("/nonexistent/company")


def test_missing_mandatory_files_are_listed_together(tmp_path):
    tmp_path.mkdir(exist_ok=True)
    with pytest.raises(rc.LedgerError) as err:
        rc.read_ledger(tmp_path)
    assert len(err.value.problems) == 2
    assert "invoices: no file found" in str(err.value) and "payments: no file found" in str(
        err.value
    )


def test_missing_column_names_file_and_fix(canonical):
    write(canonical, "invoices.csv", "invoice,debtor_id,issue_date,amount\nF1,D1,2025-01-01,1\n")
    with pytest.raises(rc.LedgerError) as err:
        rc.read_ledger(canonical)
    msg = str(err.value)
    assert "invoices (invoices.csv): missing mandatory column(s) invoice_id" in msg
    assert "'invoice'" in msg and "recouvrement.yml" in msg


def test_ragged_line_is_set_aside_with_its_line_number(canonical):
    write(
        canonical,
        "invoices.csv",
        CANONICAL_INVOICES
        + "F3,D3,2025-02-01,2025-03-03,10,extra\n\nF4,D4,2025-02-01,2025-03-03,5\n",
    )
    led = rc.read_ledger(canonical)
    assert led.invoices["invoice_id"].tolist() == ["F1", "F2", "F4"]
    q = led.quality
    assert q[["row", "problem"]].to_numpy().tolist() == [
        [4, "ligne mal formée : 6 champs au lieu de 5"]
    ]
    c = led.counts.set_index("table").loc["invoices"]
    assert (c["read"], c["kept"], c["set_aside"]) == (4, 3, 1)


def test_unreadable_excel_file(canonical):
    (canonical / "invoices.csv").unlink()
    (canonical / "invoices.xlsx").write_bytes(b"this is not a zip file")
    with pytest.raises(rc.LedgerError, match=r"invoices.xlsx: unreadable .xlsx file"):
        rc.read_ledger(canonical)


def test_empty_file(canonical):
    write(canonical, "invoices.csv", "")
    with pytest.raises(rc.LedgerError, match="invoices.csv: the file is empty"):
        rc.read_ledger(canonical)


def test_header_only_invoices(canonical):
    write(canonical, "invoices.csv", "invoice_id,debtor_id,issue_date,due_date,amount\n")
    with pytest.raises(rc.LedgerError, match="no invoice rows"):
        rc.read_ledger(canonical)


def test_two_candidate_files(canonical):
    write(canonical, "factures.csv", CANONICAL_INVOICES)
    with pytest.raises(rc.LedgerError, match="several candidate files"):
        rc.read_ledger(canonical)


def test_config_typos_are_refused(canonical):
    write(
        canonical,
        "recouvrement.yml",
        "nmae: X\ntables:\n  invoices:\n    columns: {a: invoice_number}\n",
    )
    with pytest.raises(rc.LedgerError) as err:
        rc.read_ledger(canonical)
    msg = str(err.value)
    assert "unknown setting 'nmae'" in msg
    assert "maps to 'invoice_number', which is not a column of invoices" in msg


def test_config_names_a_missing_column(canonical):
    write(
        canonical, "recouvrement.yml", "tables:\n  invoices:\n    columns: {Numero: invoice_id}\n"
    )
    with pytest.raises(rc.LedgerError, match="'Numero' named in recouvrement.yml"):
        rc.read_ledger(canonical)


def test_bad_yaml(canonical):
    write(canonical, "recouvrement.yml", "name: [unclosed\n")
    with pytest.raises(rc.LedgerError, match="cannot read the configuration"):
        rc.read_ledger(canonical)


def test_wrong_declared_encoding(tmp_path):
    write(
        tmp_path,
        "invoices.csv",
        "invoice_id,debtor_id,issue_date,due_date,amount\nF1,Dé,2025-01-01,2025-02-01,1\n",
        "cp1252",
    )
    write(tmp_path, "payments.csv", CANONICAL_PAYMENTS)
    write(tmp_path, "recouvrement.yml", "read: {encoding: utf-8}\n")
    with pytest.raises(rc.LedgerError, match="not readable as utf-8"):
        rc.read_ledger(tmp_path)
