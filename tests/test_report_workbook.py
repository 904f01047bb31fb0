"""The report's workbook rapport.xlsx: sheets, exact amounts, dates, hostile text, bytes."""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
import zipfile
from decimal import Decimal

import openpyxl
import pandas as pd
import pytest

from recouvrement.report.attachments import KINDS, workbook_attachment
from recouvrement.report.context import open_report
from recouvrement.report.workbook import SHEETS, TABLE_NAMES, workbook_bytes
from recouvrement.report.xlsx_tables import frame_columns, text
from recouvrement.runner.export import write_attachment
from tests.conftest import make_company

HOSTILE = '=HYPERLINK("http://evil.example","clic")'
EURO = '#,##0.00\\ "€"'

# At 31/10/2026 (buckets from the due date, 30/60/90 days):
# D1: F1 1 200,00 due 01/10 less P1 200,00 = 1 000,00 at 30 days (1-30); F2 500,10 due
#     14/11 (Non échu). D2: F3 750,55 at 153 days (> 90); F4 0,10 at 61 days (61-90).
# D3: F5 300,00 at 42 days (31-60); P2 99,99 on no invoice (Non affecté −99,99).
# F6 (negative amount) is set aside: one line of « Qualité des données ».
INVOICES = """invoice_id,debtor_id,issue_date,due_date,amount
F1,D1,2026-09-01,2026-10-01,1200.00
F2,D1,2026-10-15,2026-11-14,500.10
F3,D2,2026-05-01,2026-05-31,750.55
F4,D2,2026-08-01,2026-08-31,0.10
F5,D3,2026-08-20,2026-09-19,300.00
F6,D1,2026-09-01,2026-10-01,-5.00
"""
PAYMENTS = """payment_id,debtor_id,invoice_id,date,amount
P1,D1,F1,2026-10-20,200.00
P2,D3,,2026-10-25,99.99
"""
DEBTORS = f"""debtor_id,name,kind
D1,Alpha SARL,professionnel
D2,"{HOSTILE.replace('"', '""')}",professionnel
D3,Gamma & Fils,professionnel
"""
BALANCE_HEADERS = ["Code", "Débiteur", "Non échu", "1-30", "31-60", "61-90", "> 90"]
BALANCE_HEADERS += ["Non affecté", "Total"]


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    data = tmp_path_factory.mktemp("data")
    folder = data / "tiny"
    folder.mkdir()
    for name, content in [
        ("invoices.csv", INVOICES),
        ("payments.csv", PAYMENTS),
        ("debtors.csv", DEBTORS),
        ("recouvrement.yml", 'name: "Tiny SAS"\n'),
    ]:
        (folder / name).write_text(content, encoding="utf-8")
    return open_report(company="tiny", month="2026-10", data_dir=data)


@pytest.fixture(scope="module")
def xlsx(report) -> bytes:
    return workbook_bytes(report)


def book(data: bytes, **kw) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data), **kw)


def rows(ws) -> list[list]:
    return [list(r) for r in ws.iter_rows(values_only=True)]


def test_the_workbook_has_its_sheets_tables_and_properties(xlsx):
    wb = book(xlsx)
    assert wb.sheetnames == list(SHEETS)
    for ws, table in zip(wb.worksheets, TABLE_NAMES, strict=True):
        assert ws.freeze_panes == "A2"
        assert list(ws.tables) == [table]
        assert not ws.merged_cells.ranges
        assert all(ws.column_dimensions[c].width >= 8 for c in "ABC")
    assert rows(wb["Balance âgée"])[0] == BALANCE_HEADERS
    assert rows(wb["Qualité des données"])[0] == [
        "Table", "Fichier", "Ligne", "Champ", "Valeur lue", "Anomalie", "Traitement",
        "Montant de la ligne",
    ]  # fmt: skip
    props = wb.properties
    assert props.title == "Audit du poste client — Tiny SAS — octobre 2026"
    assert props.creator == "recouvrement"
    assert props.subject.endswith("au 31/10/2026")
    assert props.created == props.modified == dt.datetime(2026, 10, 31)


def test_the_aged_balance_sheet_adds_up_to_the_report_to_the_cent(report, xlsx):
    ws = book(xlsx, data_only=True)["Balance âgée"]
    got = rows(ws)
    assert got[1:4] == [  # by overdue amount, largest first
        ["D1", "Alpha SARL", 500.1, 1000, 0, 0, 0, 0, 1500.1],
        ["D2", HOSTILE, 0, 0, 0, 0.1, 750.55, 0, 750.65],
        ["D3", "Gamma & Fils", 0, 0, 300, 0, 0, -99.99, 200.01],
    ]
    # the table's totals row, with its values: 500,10 + 1 000,00 + 300,00 + 0,10 + 750,55
    # − 99,99 = 2 450,76
    assert got[4] == ["Total", None, 500.1, 1000, 300, 0.1, 750.55, -99.99, 2450.76]
    balance = report.snap.balance
    for j, label in enumerate(balance.columns, start=2):
        cents = sum(round(row[j] * 100) for row in got[1:4])
        assert cents == round(balance[label].sum() * 100) == round(got[4][j] * 100)
    cell = ws["I5"]
    assert cell.number_format == EURO and ws["C2"].number_format == EURO
    formulas = book(xlsx)["Balance âgée"]
    assert formulas["C5"].value == "=SUBTOTAL(109,Balance_agee[Non échu])"
    table = formulas.tables["Balance_agee"]
    assert (table.ref, table.autoFilter.ref, table.totalsRowCount) == ("A1:I5", "A1:I4", 1)
    with zipfile.ZipFile(io.BytesIO(xlsx)) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<v>0.10</v>" in sheet and "<v>2450.76</v>" in sheet  # the cents' decimal text


def test_the_open_items_sheet_has_one_row_per_invoice(xlsx):
    ws = book(xlsx, data_only=True)["Factures ouvertes"]
    got = rows(ws)
    assert got[0] == [
        "Facture", "Code débiteur", "Débiteur", "Date de facture", "Échéance",
        "Jours de retard", "Tranche", "Montant TTC", "Réglé", "Avoirs", "Passé en perte",
        "Reste dû", "En litige", "Procédure collective", "À relancer",
    ]  # fmt: skip
    assert [r[0] for r in got[1:6]] == ["F1", "F2", "F3", "F4", "F5"]
    assert got[1] == [
        "F1", "D1", "Alpha SARL", dt.datetime(2026, 9, 1), dt.datetime(2026, 10, 1), 30,
        "1-30", 1200, 200, 0, 0, 1000, "Non", "Non", "Oui",
    ]  # fmt: skip
    assert got[2][5:7] == [-14, "Non échu"] and got[2][-1] == "Non"  # not due: not dunned
    assert got[6][0] == "Total" and got[6][11] == 2550.75  # residuals, unapplied cash aside
    assert ws["D2"].number_format == "dd/mm/yyyy" and ws["F2"].number_format == "#,##0"


def test_a_debtor_named_like_a_formula_stays_text(xlsx):
    ws = book(xlsx)["Balance âgée"]
    cell = ws["B3"]
    assert cell.value == HOSTILE and cell.data_type == "s"
    assert cell.quotePrefix  # Excel keeps it text even when the cell is edited
    with zipfile.ZipFile(io.BytesIO(xlsx)) as z:
        xml = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/"))
    assert "<f>HYPERLINK" not in xml and "HYPERLINK" in xml


def test_text_cells_hold_what_xml_cannot():
    assert text("a\x01b") == "a\ufffdb"
    assert text(None) is None and text(float("nan")) is None
    assert len(text("x" * 40_000)) == 32_767


def test_the_kpi_history_has_one_row_per_kpi_and_month(report, xlsx):
    ws = book(xlsx, data_only=True)["Historique KPI"]
    got = rows(ws)
    history = report.kpi_history
    assert len(got) == 1 + len(history) == 1 + 13 * history["key"].nunique()  # 13 month ends
    assert got[0][:5] == ["Fin de mois", "Indicateur", "Code", "Valeur", "Unité"]
    last = history.iloc[-1]
    assert got[-1][:3] == [dt.datetime(2026, 10, 31), last["label"], last["key"]]
    values = [None if pd.isna(v) else v for v in history["value"]]
    # as computed, not rounded (openpyxl writes 16 significant digits)
    assert [r[3] for r in got[1:]] == [
        v if v is None else pytest.approx(v, rel=1e-15) for v in values
    ]
    # a KPI not available: its value is an empty cell, and the sheet says why
    missing = next(r for r in got[1:] if r[9] == "Non")
    assert missing[3] is None and missing[10].startswith("non disponible")
    percent = next(i for i, r in enumerate(got) if r[4] == "%" and r[3] is not None)
    assert ws.cell(percent + 1, 4).number_format == '#,##0.00\\ "%"'


def test_the_plan_is_the_decisions_by_default(xlsx):
    got = rows(book(xlsx, data_only=True)["Plan d'action"])
    assert got[0] == [
        "Code", "Débiteur", "Type d'action", "Action", "Fondement", "Échéance",
        "Échéance estimée", "Montant", "Détail",
    ]  # fmt: skip
    assert [(r[0], r[2], r[5], r[7]) for r in got[1:]] == [
        ("D2", "Relance", dt.datetime(2026, 6, 5), 750.65),
        ("D1", "Relance", dt.datetime(2026, 10, 6), 1500.1),
        ("D3", "Lettrage", None, 99.99),
    ]


def test_a_given_plan_is_written_by_its_types(report):
    plan = pd.DataFrame(
        {
            "Débiteur": ["Alpha SARL", "+33 6 00"],
            "À faire le": pd.to_datetime(["2026-11-05", None]),
            "Factures": [2, 1],
            "Montant": [1000.0, 0.3],
            "Urgent": [True, False],
        },
        index=pd.Index(["D1", "D2"], name="Code"),
    )
    ws = book(workbook_bytes(report, action_plan=plan))["Plan d'action"]
    assert rows(ws) == [
        ["Code", "Débiteur", "À faire le", "Factures", "Montant", "Urgent"],
        ["D1", "Alpha SARL", dt.datetime(2026, 11, 5), 2, 1000, "Oui"],
        ["D2", "+33 6 00", None, 1, 0.3, "Non"],
    ]
    assert ws["C2"].number_format == "dd/mm/yyyy" and ws["E3"].number_format == EURO
    assert ws["B3"].data_type == "s"
    empty = book(workbook_bytes(report, action_plan=plan.iloc[:0]))["Plan d'action"]
    assert rows(empty)[-1] == ["Aucune action à mener au 31/10/2026."] + [None] * 5
    assert empty.tables["Plan_action"].ref == "A1:F2"  # the note is outside the table


def test_the_quality_sheet_lists_each_row_set_aside(xlsx):
    got = rows(book(xlsx)["Qualité des données"])
    assert got[1:] == [
        # the field in French, the value as read, and the row's amount: its € impact
        ["factures", "invoices.csv", 7, "montant", "« -5.00 »", "montant nul ou négatif", "écartée", -5]
    ]


def test_an_object_column_is_typed_cell_by_cell():
    frame = pd.DataFrame({"x": [True, pd.Timestamp("2026-01-02"), 3, 0.125, "=1+1", None]})
    (column,) = frame_columns(frame, EURO)
    assert column.cells == [
        ("Oui", None),
        (dt.date(2026, 1, 2), "dd/mm/yyyy"),
        (3, "#,##0"),
        (Decimal("0.13"), EURO),  # half away from zero, to the cent
        ("=1+1", None),
        (None, None),
    ]


def test_the_same_report_gives_the_same_bytes(report, xlsx):
    assert workbook_bytes(report) == xlsx
    with zipfile.ZipFile(io.BytesIO(xlsx)) as z:
        assert {i.date_time for i in z.infolist()} == {(2026, 10, 31, 0, 0, 0)}


def test_the_runner_writes_the_attached_workbook_beside_the_report(report, xlsx, tmp_path):
    doc = workbook_attachment(report)
    assert KINDS["xlsx"] == (".xlsx",)
    assert repr(doc) == "<Attachment rapport (xlsx): 5 item(s)>"
    payload = json.loads(json.dumps(doc._repr_mimebundle_()))  # as the notebook keeps it
    (data,) = payload.values()
    write_attachment(data, tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["rapport.xlsx"]
    assert (tmp_path / "rapport.xlsx").read_bytes() == xlsx
    with pytest.raises(ValueError):  # binascii.Error: a corrupted payload writes nothing
        write_attachment({**data, "name": "broken", "content": "%%%"}, tmp_path)
    assert not (tmp_path / "broken.xlsx").exists()
    assert base64.b64decode(data["content"]) == xlsx


def test_a_generated_company_adds_up_too(tmp_path):
    make_company(tmp_path, "acme", name="Acme SA", debtor_names=("Un", HOSTILE, "Trois"), seed=3)
    r = open_report(company="acme", month="2026-10", data_dir=tmp_path)
    got = rows(book(workbook_bytes(r), data_only=True)["Balance âgée"])
    assert len(got) == 2 + len(r.snap.balance) and got[-1][0] == "Total"
    for j, label in enumerate(r.snap.balance.columns, start=2):
        assert round(got[-1][j] * 100) == round(r.snap.balance[label].sum() * 100)
        assert sum(round(row[j] * 100) for row in got[1:-1]) == round(got[-1][j] * 100)


def test_amounts_are_in_the_company_currency(tmp_path):
    from recouvrement.formatting import set_money_unit

    folder = tmp_path / "dollar"
    folder.mkdir()
    (folder / "invoices.csv").write_text(
        "invoice_id,debtor_id,issue_date,due_date,amount\nF1,D1,2026-09-01,2026-10-01,1200.00\n",
        encoding="utf-8",
    )
    (folder / "payments.csv").write_text(
        "payment_id,debtor_id,invoice_id,date,amount\nP1,D1,F1,2026-10-20,200.00\n",
        encoding="utf-8",
    )
    (folder / "recouvrement.yml").write_text(
        'name: "Dollar Inc"\ncurrency: USD\ndefault_debtor_kind: professionnel\n', encoding="utf-8"
    )
    try:
        r = open_report(company="dollar", month="2026-10", data_dir=tmp_path)
        wb = book(workbook_bytes(r))
    finally:
        set_money_unit("EUR")
    ws = wb["Balance âgée"]
    # 1 200,00 − 200,00 at 30 days
    assert (ws["D2"].value, ws["D2"].number_format) == (1000, '#,##0.00\\ "USD"')
    assert "€" not in {c.value for c in wb["Historique KPI"]["E"]}
