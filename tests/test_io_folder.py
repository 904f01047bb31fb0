"""Reading real exports: French CSV, XLSX, Parquet, YAML mappings, malformed files."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import recouvrement as rc
from recouvrement import conventions as cv

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
    with pytest.raises(rc.LedgerError) as err:
        rc.read_ledger("/nonexistent/company")
    assert err.value.problems == ["/nonexistent/company : dossier de données introuvable"]


def test_missing_mandatory_files_are_listed_together(tmp_path):
    with pytest.raises(rc.LedgerError) as err:
        rc.read_ledger(tmp_path)
    assert err.value.problems == [
        f"invoices : aucun fichier dans le dossier {tmp_path} (attendu : invoices.csv ou "
        "factures.csv, ou le même nom en .xlsx ou .parquet) ; y déposer le fichier ou le nommer "
        "dans recouvrement.yml (tables: invoices: file: ...)",
        f"payments : aucun fichier dans le dossier {tmp_path} (attendu : payments.csv ou "
        "reglements.csv ou règlements.csv ou encaissements.csv, ou le même nom en .xlsx ou "
        ".parquet) ; y déposer le fichier ou le nommer dans recouvrement.yml (tables: payments: "
        "file: ...)",
    ]


def test_missing_column_names_file_and_fix(canonical):
    write(canonical, "invoices.csv", "invoice,debtor_id,issue_date,amount\nF1,D1,2025-01-01,1\n")
    with pytest.raises(rc.LedgerError) as err:
        rc.read_ledger(canonical)
    assert err.value.problems == [
        "invoices (invoices.csv) : colonne(s) obligatoire(s) absente(s) : invoice_id ; le fichier "
        "a les colonnes « invoice », « debtor_id », « issue_date », « amount » ; les renommer "
        "dans le fichier ou les associer dans recouvrement.yml (tables: invoices: columns: "
        '{"<nom dans le fichier>": invoice_id})'
    ]


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
    with pytest.raises(rc.LedgerError, match=r"invoices.xlsx : fichier .xlsx illisible"):
        rc.read_ledger(canonical)


def test_empty_file(canonical):
    write(canonical, "invoices.csv", "")
    with pytest.raises(rc.LedgerError, match="invoices.csv : fichier vide"):
        rc.read_ledger(canonical)


def test_header_only_invoices(canonical):
    write(canonical, "invoices.csv", "invoice_id,debtor_id,issue_date,due_date,amount\n")
    with pytest.raises(rc.LedgerError, match="aucune ligne de facture"):
        rc.read_ledger(canonical)


def test_two_candidate_files(canonical):
    write(canonical, "factures.csv", CANONICAL_INVOICES)
    with pytest.raises(rc.LedgerError, match="plusieurs fichiers possibles"):
        rc.read_ledger(canonical)


def test_config_typos_are_refused(canonical):
    write(
        canonical,
        "recouvrement.yml",
        "nmae: X\ntables:\n  invoices:\n    columns: {a: invoice_number}\n",
    )
    with pytest.raises(rc.LedgerError) as err:
        rc.read_ledger(canonical)
    assert err.value.problems == [
        "recouvrement.yml : tables.invoices.columns.a = « invoice_number » : une colonne de la "
        f"table invoices est attendue ({', '.join(cv.columns('invoices'))})",
        "recouvrement.yml : clé inconnue « nmae » (vouliez-vous écrire « name » ?) ; clés "
        "admises : name, sector, notes, currency, default_terms_days, default_debtor_kind, "
        "defaults, read, tables, dunning, legal, creditor, report, limits, fec",
    ]


def test_config_names_a_missing_column(canonical):
    write(
        canonical, "recouvrement.yml", "tables:\n  invoices:\n    columns: {Numero: invoice_id}\n"
    )
    with pytest.raises(rc.LedgerError) as err:
        rc.read_ledger(canonical)
    assert err.value.problems == [
        "invoices.csv : colonne(s) « Numero » nommée(s) dans recouvrement.yml "
        "(tables.invoices.columns) absente(s) du fichier ; ses colonnes sont « invoice_id », "
        "« debtor_id », « issue_date », « due_date », « amount » ; corriger le nom dans "
        "recouvrement.yml"
    ]


def test_bad_yaml_names_its_line(canonical):
    write(canonical, "recouvrement.yml", "name: [unclosed\n")
    with pytest.raises(rc.LedgerError) as err:
        rc.read_ledger(canonical)
    assert err.value.problems == [
        "recouvrement.yml, ligne 2 : YAML mal formé : crochet non fermé ou virgule manquante "
        "(ouvert ligne 1) ; corriger cette ligne"
    ]


def test_wrong_declared_encoding(tmp_path):
    write(
        tmp_path,
        "invoices.csv",
        "invoice_id,debtor_id,issue_date,due_date,amount\nF1,Dé,2025-01-01,2025-02-01,1\n",
        "cp1252",
    )
    write(tmp_path, "payments.csv", CANONICAL_PAYMENTS)
    write(tmp_path, "recouvrement.yml", "read: {encoding: utf-8}\n")
    with pytest.raises(rc.LedgerError, match="n'est pas du utf-8"):
        rc.read_ledger(tmp_path)


# -- what the configuration gives the ledger ------------------------------------------------
def test_the_ledger_receives_limits_kind_and_read_options_per_table(tmp_path):
    write(
        tmp_path,
        "invoices.csv",
        "invoice_id;debtor_id;issue_date;due_date;amount\n"
        "F1;D1;15.01.2025;14.02.2025;1.234,50\n"
        "F2;D2;01.02.2025;03.03.2025;10,00\n",
    )
    write(tmp_path, "payments.csv", "invoice_id;date;amount\nF1;20/02/2025;234,50\n")
    write(
        tmp_path,
        "recouvrement.yml",
        'read: {sep: ";", decimal: ",", date_format: "%d/%m/%Y"}\n'
        "default_debtor_kind: particulier\n"
        "limits: {date_min: 2020-01-01, max_letters: 12}\n"
        "tables:\n"
        '  invoices: {read: {date_format: "%d.%m.%Y"}}\n',
    )
    led = rc.read_ledger(tmp_path, confined=True)
    assert led.quality.empty
    assert led.invoices["issue_date"].tolist() == [
        pd.Timestamp("2025-01-15"),
        pd.Timestamp("2025-02-01"),
    ]
    assert led.invoices["amount"].tolist() == [1234.5, 10.0]
    assert led.payments["date"].tolist() == [pd.Timestamp("2025-02-20")]
    limits = rc.conventions.Limits(date_min=pd.Timestamp("2020-01-01"), max_letters=12)
    assert led.meta["limits"] == limits and led.limits == limits
    assert led.default_kind == "particulier"


def test_a_ledger_without_configuration_has_the_default_limits(canonical):
    led = rc.read_ledger(canonical)
    assert led.meta["limits"] == rc.conventions.Limits()


# -- the configuration checked against the files --------------------------------------------
@pytest.mark.parametrize(
    ("files", "config", "expected"),
    [
        (
            {"invoices.csv": CANONICAL_INVOICES},
            "tables: {invoices: {values: {currency: {'€': EUR}}}}\n",
            "invoices.csv : tables.invoices.values.currency de recouvrement.yml : la colonne "
            "currency n'est pas lue de ce fichier ; l'associer dans tables.invoices.columns ou "
            "retirer values.currency",
        ),
        (
            {
                "invoices.csv": "invoice_id,debtor_id,issue_date,due_date,amount,Amount\nF1,D1,2025-01-01,2025-01-31,1,2\n"
            },
            "",
            "invoices.csv : la colonne « amount » figure plusieurs fois dans l'en-tête ; "
            "renommer l'une d'elles dans le fichier",
        ),
        (
            {"invoices.csv": CANONICAL_INVOICES},
            "tables: {disputes: {from: debtors, columns: {invoice_id: invoice_id}}}\n",
            "recouvrement.yml : tables.disputes.from = « debtors », mais aucun fichier de "
            "debtors n'est dans le dossier {folder} ; nommer son fichier (tables: debtors: "
            "file: ...) ou retirer tables.disputes",
        ),
        (
            {"invoices.csv": CANONICAL_INVOICES},
            "tables: {credit_notes: {file: avoirs.csv}}\n",
            "avoirs.csv : fichier nommé dans recouvrement.yml pour la table credit_notes "
            "(tables.credit_notes.file), introuvable dans le dossier {folder} ; corriger son nom "
            "ou l'y déposer",
        ),
    ],
    ids=[
        "values-of-a-column-not-read",
        "header-twice",
        "from-a-table-without-file",
        "file-not-found",
    ],
)
def test_the_configuration_against_the_files(tmp_path, files, config, expected):
    write(tmp_path, "payments.csv", CANONICAL_PAYMENTS)
    for name, text in files.items():
        write(tmp_path, name, text)
    write(tmp_path, "recouvrement.yml", config)
    with pytest.raises(rc.LedgerError) as err:
        rc.read_ledger(tmp_path)
    assert err.value.problems == [expected.replace("{folder}", str(tmp_path))]


# -- confinement: nothing outside the company folder is opened --------------------------------
@pytest.fixture
def outside(tmp_path) -> Path:
    """A file beside the company folder (``tmp_path/société``), with invoices in it."""
    return write(tmp_path / "ailleurs", "factures.csv", CANONICAL_INVOICES)


@pytest.fixture
def company(tmp_path) -> Path:
    folder = tmp_path / "société"
    write(folder, "payments.csv", CANONICAL_PAYMENTS)
    return folder


LINK_OUT = (
    "invoices.csv : ce fichier du dossier mène hors du dossier de la société (lien symbolique) ; "
    "un rapport ne lit que les fichiers de son propre dossier : remplacer le lien par une copie "
    "du fichier"
)


def test_a_link_leading_out_is_refused_for_a_report_and_read_by_a_library_user(company, outside):
    (company / "invoices.csv").symlink_to(outside)
    with pytest.raises(rc.LedgerError) as err:
        rc.read_ledger(company, confined=True)
    assert err.value.problems == [LINK_OUT]
    assert len(rc.read_ledger(company).invoices) == 2  # confined=False: the user's choice


def test_a_link_inside_the_folder_is_read(company):
    write(company / "exports", "f.csv", CANONICAL_INVOICES)
    (company / "invoices.csv").symlink_to(company / "exports" / "f.csv")
    assert len(rc.read_ledger(company, confined=True).invoices) == 2


def test_a_linked_company_folder_is_its_own_inside(tmp_path, company):
    write(company, "invoices.csv", CANONICAL_INVOICES)
    (tmp_path / "lien").symlink_to(company)
    assert len(rc.read_ledger(tmp_path / "lien", confined=True).invoices) == 2


@pytest.mark.parametrize("confined", [True, False], ids=["confined", "library"])
def test_an_absolute_file_is_refused_even_unconfined(company, outside, confined):
    write(company, "recouvrement.yml", f"tables: {{invoices: {{file: '{outside}'}}}}\n")
    with pytest.raises(rc.LedgerError) as err:
        rc.read_ledger(company, confined=confined)
    [message] = err.value.problems
    assert message.startswith("recouvrement.yml : tables.invoices.file = « /")
    assert message.endswith(
        "» : un chemin relatif au dossier de la société est attendu, pas un chemin absolu : "
        "copier le fichier dans le dossier et le nommer par son nom (par exemple file: "
        "factures.csv)"
    )


def test_a_configuration_leading_out_is_refused_before_it_is_read(company, tmp_path):
    write(company, "invoices.csv", CANONICAL_INVOICES)
    secret = write(tmp_path / "ailleurs", "conf.yml", "name: SECRET-CONFIG\n")
    (company / "recouvrement.yml").symlink_to(secret)
    with pytest.raises(rc.LedgerError) as err:
        rc.read_ledger(company, confined=True)
    assert err.value.problems == [
        "recouvrement.yml : ce fichier mène hors du dossier de la société (lien symbolique) ; "
        "un rapport ne lit que les fichiers de son propre dossier : remplacer le lien par une "
        "copie du fichier"
    ]
    assert rc.read_ledger(company).name == "SECRET-CONFIG"  # the library user's choice


# -- the period of the data, without building a ledger ----------------------------------------
def test_activity_period_reads_only_plausible_dates(canonical):
    write(
        canonical,
        "invoices.csv",
        CANONICAL_INVOICES
        + "F3,D1,2200-01-01,2200-02-01,5\n"  # a typing error: it must not move the period
        + "F4,D1,31/02/2025,2025-03-01,5\n",  # unreadable: ignored here
    )
    assert rc.io.activity_period(canonical) == (
        pd.Timestamp("2025-01-15"),
        pd.Timestamp("2025-02-20"),
    )
    assert rc.io.last_activity(canonical) == pd.Timestamp("2025-02-20")


def test_activity_period_follows_the_company_limits_and_read_options(canonical):
    write(canonical, "payments.csv", "invoice_id,date,amount\nF1,20.02.2025,1\nF1,01.01.1999,1\n")
    write(
        canonical,
        "recouvrement.yml",
        "limits: {date_min: 2025-02-01}\ntables: {payments: {read: {date_format: '%d.%m.%Y'}}}\n",
    )
    # the invoice of 15/01 and the payment of 1999 are before date_min
    assert rc.io.activity_period(canonical) == (
        pd.Timestamp("2025-02-01"),
        pd.Timestamp("2025-02-20"),
    )


def test_activity_period_without_any_date(canonical):
    write(canonical, "invoices.csv", "invoice_id,debtor_id,issue_date,due_date,amount\nF1,D1,,,1\n")
    write(canonical, "payments.csv", "invoice_id,date,amount\n")
    assert rc.io.activity_period(canonical) is None and rc.io.last_activity(canonical) is None


def test_activity_period_is_confined_by_default(company, outside):
    (company / "invoices.csv").symlink_to(outside)
    with pytest.raises(rc.LedgerError) as err:
        rc.io.activity_period(company)
    assert err.value.problems == [LINK_OUT]
    assert rc.io.activity_period(company, confined=False)[0] == pd.Timestamp("2025-01-15")
