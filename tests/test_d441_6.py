"""The D.441-6 table (art. D.441-6 I 2° code de commerce): figures, rendering, command.

The hand-built ledger below has one invoice per case; its figures are computed by hand
in :func:`test_bands_of_the_hand_built_ledger`'s docstring. The sample company
``atelier-rivage`` is checked against an independent computation from its CSV files
(plain pandas, no package code) and against the aged balance.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from builders import debtor_payments, debtors, disputes, invoices, ledger
from conftest import XSS_NAME
from openpyxl import load_workbook
from pypdf import PdfReader
from typer.testing import CliRunner

from recouvrement.aging import aged_balance
from recouvrement.cli import app
from recouvrement.conventions import TOTAL_LABEL
from recouvrement.io import read_ledger
from recouvrement.legal.d441_6 import BANDS, d441_6_table, fiscal_year_start
from recouvrement.report.d441_6 import d441_6_notes, d441_6_xlsx, render_d441_6

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"
YE = "2025-12-31"

#: Σ invoices (origin facture) issued in 2025, TTC: see the ledger's docstring.
TURNOVER = 13890.00


def hand_ledger(debtor_name: str = "Alpha SARL", company: str = "Société Témoin"):
    """One invoice per case, at the year end 31/12/2025 (days late = 31/12/2025 − due date).

    =====  ======  ==========  ==========  =======  ===========================================
    id     debtor  issued      due         amount   at 31/12/2025
    =====  ======  ==========  ==========  =======  ===========================================
    F0     A       2025-12-01  2025-12-31    100    due that day: 0 jour, 100
    F1     A       2025-11-15  2025-12-15  1 000    400 paid 20/12: 600 left, 16 days: 1-30
    F2     B       2025-10-01  2025-11-01  2 000    60 days: 31-60
    F3     B       2025-09-01  2025-10-01  3 000    91 days: 91+
    F4     B       2025-09-02  2025-10-02    500    90 days: 61-90
    F5     A       2025-11-01  2025-12-01    250    30 days: 1-30
    F6     A       2025-10-15  2025-11-30    400    31 days: 31-60
    F7     C       2025-06-01  2025-07-01    700    C insolvent (01/10/2025): 183 days: 91+
    F8     A       2025-08-01  2025-09-01  1 500    dispute open since 01/10/2025: (B)
    F9     B       2025-07-01  2025-08-01    800    dispute resolved 30/11/2025: 152 days: 91+
    F10    A       2025-12-10  2026-01-09  1 200    not due
    F11    B       2025-12-15  2026-01-14    300    not due (disputed since 20/12/2025)
    F12    A       2025-03-01  2025-04-01    900    920 paid 10/04: overpaid 20 (unapplied)
    F13    A       2025-05-01  2025-06-01    600    credit note 100, write-off 50: 450, 91+
    F14    B       2024-11-01  2024-12-01  1 100    issued in 2024: 395 days: 91+
    F15    A       2026-01-05  2026-02-04  5 000    issued after the year end: nowhere
    F16    A       2025-11-20  2025-12-20    640    paid 10/01/2026, after: 640, 11 days: 1-30
    F17    A       2025-12-05  2025-12-05     75    origin remboursement: other debit
    F18    B       2024-12-31  2024-12-31    330    origin à nouveau: in (A), 365 days: 91+
    =====  ======  ==========  ==========  =======  ===========================================

    And 150 paid by A on 28/12/2025 allocated to no invoice (unapplied). Turnover 2025
    (origin facture, issued in 2025): F0-F13 and F16 = 13 890.
    """
    inv = invoices(
        ("F0", "A", "2025-12-01", "2025-12-31", 100.0),
        ("F1", "A", "2025-11-15", "2025-12-15", 1000.0),
        ("F2", "B", "2025-10-01", "2025-11-01", 2000.0),
        ("F3", "B", "2025-09-01", "2025-10-01", 3000.0),
        ("F4", "B", "2025-09-02", "2025-10-02", 500.0),
        ("F5", "A", "2025-11-01", "2025-12-01", 250.0),
        ("F6", "A", "2025-10-15", "2025-11-30", 400.0),
        ("F7", "C", "2025-06-01", "2025-07-01", 700.0),
        ("F8", "A", "2025-08-01", "2025-09-01", 1500.0),
        ("F9", "B", "2025-07-01", "2025-08-01", 800.0),
        ("F10", "A", "2025-12-10", "2026-01-09", 1200.0),
        ("F11", "B", "2025-12-15", "2026-01-14", 300.0),
        ("F12", "A", "2025-03-01", "2025-04-01", 900.0),
        ("F13", "A", "2025-05-01", "2025-06-01", 600.0),
        ("F14", "B", "2024-11-01", "2024-12-01", 1100.0),
        ("F15", "A", "2026-01-05", "2026-02-04", 5000.0),
        ("F16", "A", "2025-11-20", "2025-12-20", 640.0),
        ("F17", "A", "2025-12-05", "2025-12-05", 75.0),
        ("F18", "B", "2024-12-31", "2024-12-31", 330.0),
    )
    inv["origin"] = ["facture"] * 17 + ["remboursement", "à nouveau"]
    return ledger(
        inv,
        debtor_payments(
            ("A", "F1", "2025-12-20", 400.0),
            ("A", "F12", "2025-04-10", 920.0),
            ("A", "F16", "2026-01-10", 640.0),
            ("A", None, "2025-12-28", 150.0),
        ),
        credit_notes=pd.DataFrame(
            {"invoice_id": ["F13"], "date": pd.to_datetime(["2025-06-15"]), "amount": [100.0]}
        ),
        write_offs=pd.DataFrame(
            {"invoice_id": ["F13"], "date": pd.to_datetime(["2025-12-01"]), "amount": [50.0]}
        ),
        disputes=disputes(
            ("F8", "2025-10-01", None),
            ("F9", "2025-08-15", "2025-11-30"),
            ("F11", "2025-12-20", None),
        ),
        debtors=debtors(
            ("A", debtor_name, "professionnel", None),
            ("B", "Bêta SA", "professionnel", None),
            ("C", "Gamma SAS", "professionnel", "2025-10-01"),
        ),
        meta={"name": company},
    )


def test_bands_of_the_hand_built_ledger():
    """(A) at 31/12/2025, what is left to pay of each invoice, by days late.

    0 jour: F0 100 (1). 1-30: F1 600 + F5 250 + F16 640 = 1 490 (3). 31-60: F2 2 000 +
    F6 400 = 2 400 (2). 61-90: F4 500 (1). 91+: F3 3 000 + F7 700 + F9 800 + F13 450 +
    F14 1 100 + F18 330 = 6 380 (6). Total 1 day and more: 12 invoices, 10 770.
    Percentages of the turnover 13 890.
    """
    t = d441_6_table(hand_ledger(), YE)
    assert t.year_start == pd.Timestamp("2025-01-01") and t.year_end == pd.Timestamp(YE)
    assert list(t.bands.index) == list(BANDS)
    assert t.bands["n_invoices"].tolist() == [1, 3, 2, 1, 6, 12]
    amounts = [100.0, 1490.0, 2400.0, 500.0, 6380.0, 10770.0]
    assert t.bands["amount"].tolist() == amounts
    assert t.bands["pct_turnover"].tolist() == pytest.approx([a * 100 / TURNOVER for a in amounts])
    assert t.bands.loc["Total (1 jour et plus)", "pct_turnover"] == pytest.approx(77.537797)
    assert (t.turnover, t.turnover_count) == (TURNOVER, 15)
    # (B): F8 only (F9's dispute was resolved, F11 is not due)
    assert (t.excluded_count, t.excluded_amount) == (1, 1500.0)
    detail = t.invoices.set_index("invoice_id")
    assert sorted(detail.index) == sorted(
        ["F0", "F1", "F2", "F3", "F4", "F5", "F6", "F7", "F8", "F9", "F13", "F14", "F16", "F18"]
    )
    assert detail.loc["F8", "part"] == "B" and detail.loc["F8", "days_late"] == 121
    assert detail.loc["F7", "insolvent"] and detail.loc["F7", "band"] == "91 jours et plus"
    assert detail.loc["F1", ["amount", "residual"]].tolist() == [1000.0, 600.0]
    assert detail.loc["F18", "origin"] == "à nouveau"


def test_reconciliation_with_the_aged_balance():
    """0 jour 100 + (A) 10 770 + (B) 1 500 + not due (F10 1 200 + F11 300) 1 500 + other
    debits (F17) 75 + unapplied (−150 − 20 overpaid) −170 = 13 775 = the aged balance."""
    led = hand_ledger()
    rec = d441_6_table(led, YE).reconciliation
    assert rec["n"].tolist()[:5] == [1, 12, 1, 2, 1]
    assert rec["amount"].tolist() == [100.0, 10770.0, 1500.0, 1500.0, 75.0, -170.0] + [
        13775.0,
        13775.0,
        0.0,
    ]
    assert aged_balance(led, YE)[TOTAL_LABEL].sum() == pytest.approx(13775.0)


def test_fiscal_year_and_its_turnover():
    assert fiscal_year_start("2025-12-31") == pd.Timestamp("2025-01-01")
    assert fiscal_year_start("2025-02-28") == pd.Timestamp("2024-03-01")
    assert fiscal_year_start("2024-02-29") == pd.Timestamp("2023-03-01")
    assert fiscal_year_start("2025-06-30") == pd.Timestamp("2024-07-01")
    # from 01/07/2025: F0-F6, F8-F11, F16 = 11 690 (F7, F12, F13 issued before)
    t = d441_6_table(hand_ledger(), YE, year_start="2025-07-01")
    assert (t.turnover, t.turnover_count) == (11690.0, 12)
    assert t.bands["amount"].tolist()[-1] == 10770.0  # the bands do not depend on it
    with pytest.raises(ValueError, match="début d'exercice 01/01/2026 postérieur"):
        d441_6_table(hand_ledger(), YE, year_start="2026-01-01")


def test_reference_terms_and_notes():
    t = d441_6_table(hand_ledger(), YE)
    assert t.terms_kind == "Délais contractuels"
    assert t.terms[0].startswith("Délais contractuels : l'échéance portée sur chaque facture")
    notes = "\n".join(d441_6_notes(t))
    assert "Montants TTC" in notes
    assert "Les factures non échues (2 factures pour 1\u00a0500,00\u00a0€)" in notes
    assert (
        "procédure collective : leurs factures (1 facture pour 700,00\u00a0€) restent au (A)"
        in notes
    )
    assert "À-nouveaux" in notes and "(1 facture pour 330,00\u00a0€)" in notes
    assert "Remboursements et régularisations (1 facture pour 75,00\u00a0€)" in notes
    assert "(−170,00\u00a0€)" in notes
    # an invoice without due date: issue date + 30 days, the legal terms
    led = ledger(
        invoices(("G1", "A", "2025-11-01", None, 100.0), ("G2", "A", "2025-10-01", None, 50.0))
    )
    t = d441_6_table(led, YE)
    assert t.terms_kind == "Délais légaux"
    assert t.terms[0] == (
        "2 factures sans échéance : date de facture + 30 jours (default_terms_days) : délai "
        "légal supplétif de 30 jours de l'art. L.441-10 I, compté ici à partir de la date de "
        "facture."
    )
    assert t.bands["n_invoices"].tolist() == [0, 1, 0, 1, 0, 2]  # due 01/12 and 31/10


def independent_figures(folder: Path, year_end: str) -> dict:
    """The D.441-6 figures of a CSV company from its files, in plain pandas (cents)."""
    d = pd.Timestamp(year_end)

    def read(name: str) -> pd.DataFrame:
        f = pd.read_csv(folder / f"{name}.csv", dtype={"invoice_id": "str"})
        f["cents"] = (f["amount"] * 100).round().astype("int64")
        return f

    inv = read("invoices")
    for col in ("issue_date", "due_date"):
        inv[col] = pd.to_datetime(inv[col])
    issued = inv[inv["issue_date"] <= d].set_index("invoice_id")
    allocated = pd.Series(0, index=issued.index, dtype="int64")
    loose = 0
    for name in ("payments", "credit_notes", "write_offs"):
        ev = read(name)
        ev = ev[pd.to_datetime(ev["date"]) <= d]
        on = ev["invoice_id"].isin(issued.index)
        allocated = allocated.add(ev[on].groupby("invoice_id")["cents"].sum(), fill_value=0)
        loose -= int(ev.loc[~on, "cents"].sum())
    residual = issued["cents"] - allocated.astype("int64")
    loose += int(residual[residual < 0].sum())
    open_ = issued[residual > 0].assign(residual=residual[residual > 0])
    late = (d - open_["due_date"]).dt.days
    edges = [(0, 0), (1, 30), (31, 60), (61, 90), (91, 10**6)]
    bands = [open_.loc[(late >= lo) & (late <= hi), "residual"] for lo, hi in edges]
    year = inv[(inv["issue_date"] > d - pd.DateOffset(years=1)) & (inv["issue_date"] <= d)]
    return {
        "counts": [len(b) for b in bands],
        "cents": [int(b.sum()) for b in bands],
        "not_due": int(open_.loc[late < 0, "residual"].sum()),
        "unapplied": loose,
        "turnover": int(year["cents"].sum()),
    }


def test_atelier_rivage_against_its_files_and_the_aged_balance():
    folder = SAMPLES / "atelier-rivage"
    led = read_ledger(folder, confined=True)
    t = d441_6_table(led, YE)
    hand = independent_figures(folder, YE)
    counts = t.bands["n_invoices"].tolist()
    cents = [round(a * 100) for a in t.bands["amount"]]
    assert counts[:5] == hand["counts"] and counts[5] == sum(hand["counts"][1:])
    assert cents[:5] == hand["cents"] and cents[5] == sum(hand["cents"][1:])
    assert round(t.turnover * 100) == hand["turnover"]
    assert t.bands["pct_turnover"].tolist() == pytest.approx(
        [c * 100 / hand["turnover"] for c in cents]
    )
    assert (t.excluded_count, t.excluded_amount) == (0, 0.0)  # no disputes table
    rec = t.reconciliation["amount"]
    assert round(rec["not_due"] * 100) == hand["not_due"]
    assert round(rec["unapplied"] * 100) == hand["unapplied"]
    total = sum(hand["cents"]) + hand["not_due"] + hand["unapplied"]
    assert round(aged_balance(led, YE)[TOTAL_LABEL].sum() * 100) == total
    assert round(rec["aged_balance"] * 100) == total and rec["difference"] == 0
    # the figures written in the final report of this change
    assert counts == [0, 3, 2, 4, 4, 13]
    assert t.bands["amount"].tolist() == [0.0, 13644.65, 5575.60, 17336.28, 10424.97, 46981.50]
    assert t.turnover == 639889.83 and t.turnover_count == 164


def test_html_escapes_hostile_names():
    company = '<img src=x onerror="alert(2)">'
    t = d441_6_table(hand_ledger(debtor_name=XSS_NAME, company=company), YE)
    html = render_d441_6(t)
    assert XSS_NAME not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert company not in html and "&lt;img src=x onerror=" in html
    assert "<script" not in html.lower() and "<img" not in html.lower()
    assert "91 jours et plus" in html and "10\u00a0770,00\u00a0€" in html
    assert "77,54\u00a0%" in html
    # a detail table limited to max_rows, the rest announced
    short = render_d441_6(t, max_rows=3)
    assert "11 autre(s) facture(s)" in short


def test_xlsx_holds_the_same_figures_and_no_formula():
    name = '=HYPERLINK("http://example.invalid","x")'
    t = d441_6_table(hand_ledger(debtor_name=name, company="=1+1"), YE)
    data = d441_6_xlsx(t)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/")]
        assert not any("<f>" in z.read(n).decode() for n in sheets)
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["D.441-6", "Rapprochement", "Détail"]
    rows = {r[0]: r[1:] for r in wb["D.441-6"].iter_rows(values_only=True) if r[0]}
    assert list(rows["Nombre de factures concernées"][:6]) == [1, 3, 2, 1, 6, 12]
    assert list(rows["Montant total des factures concernées (TTC)"][:6]) == [
        100.0,
        1490.0,
        2400.0,
        500.0,
        6380.0,
        10770.0,
    ]
    shares = rows["Pourcentage du chiffre d'affaires de l'exercice (TTC)"][:6]
    assert list(shares) == pytest.approx(
        [a / TURNOVER for a in [100, 1490, 2400, 500, 6380, 10770]]
    )
    assert rows["Nombre des factures exclues"][0] == 1
    assert rows["Montant total des factures exclues (TTC)"][0] == 1500.0
    assert rows["=1+1"] is not None  # the company's name, kept as text
    ws = wb["D.441-6"]
    amount_cell = next(c for row in ws.iter_rows() for c in row if c.value == 1490.0)
    assert amount_cell.number_format == '#,##0.00\\ "€"'
    rec = {r[0]: r[1:] for r in wb["Rapprochement"].iter_rows(values_only=True)}
    assert rec["Écart"] == (None, 0.0) and rec["Balance âgée à la clôture (total)"][1] == 13775.0
    detail = list(wb["Détail"].iter_rows(values_only=True))
    assert len(detail) == 1 + 14
    names = {r[3] for r in detail[1:]}
    assert name in names
    cell = next(c for c in wb["Détail"]["D"] if c.value == name)
    assert cell.data_type == "s"


def test_cli_writes_the_three_files(tmp_path):
    out = tmp_path / "reports"
    cli = CliRunner().invoke(
        app,
        [
            "d441-6",
            "--company",
            "atelier-rivage",
            "--date",
            YE,
            "--data",
            str(SAMPLES),
            "--out",
            str(out),
        ],
    )
    assert cli.exit_code == 0, cli.output
    assert "atelier-rivage : tableau D.441-6 au 31/12/2025" in cli.output
    folder = out / "atelier-rivage"
    names = sorted(p.name for p in folder.iterdir())
    assert names == [f"d441-6-{YE}.{s}" for s in ("html", "pdf", "xlsx")]
    pdf = folder / f"d441-6-{YE}.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    text = " ".join(PdfReader(str(pdf)).pages[0].extract_text().split())  # lines wrapped
    assert "91 jours et plus" in text and "Atelier Rivage SARL" in text
    wb = load_workbook(folder / f"d441-6-{YE}.xlsx")
    counts = next(
        r
        for r in wb["D.441-6"].iter_rows(values_only=True)
        if r[0] == "Nombre de factures concernées"
    )
    assert list(counts[1:7]) == [0, 3, 2, 4, 4, 13]
    assert "13\u00a0644,65\u00a0€" in (folder / f"d441-6-{YE}.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (
            ["--company", "atelier-rivage", "--date", "31/12/2025"],
            2,
            "atelier-rivage : date de clôture invalide : « 31/12/2025 »",
        ),
        (["--company", "atelier-rivage", "--date", "2025-02-30"], 2, "« 2025-02-30 » n'existe pas"),
        (["--company", "../etc", "--date", YE], 2, "identifiant de société invalide"),
        (["--company", "inconnue", "--date", YE], 2, "société inconnue : 'inconnue'"),
        (
            ["--company", "atelier-rivage", "--date", "2019-12-31"],
            2,
            "atelier-rivage au 31/12/2019 : aucune facture ni aucun règlement",
        ),
        (
            ["--company", "atelier-rivage", "--date", YE, "--start", "2026-01-01"],
            2,
            "début d'exercice 01/01/2026 postérieur",
        ),
    ],
)
def test_cli_refuses_bad_requests_in_french(tmp_path, args, code, message):
    cli = CliRunner().invoke(app, ["d441-6", *args, "--data", str(SAMPLES), "--out", str(tmp_path)])
    assert cli.exit_code == code, cli.output
    assert message in " ".join(cli.output.split())
    assert not any(tmp_path.iterdir())


def test_cli_names_company_and_date_when_the_files_cannot_be_read(tmp_path):
    (tmp_path / "data" / "vide").mkdir(parents=True)
    cli = CliRunner().invoke(
        app,
        [
            "d441-6",
            "--company",
            "vide",
            "--date",
            YE,
            "--data",
            str(tmp_path / "data"),
            "--out",
            str(tmp_path / "out"),
        ],
    )
    assert cli.exit_code == 1, cli.output
    assert "ÉCHEC — vide au 31/12/2025 : données illisibles" in " ".join(cli.output.split())
    assert not (tmp_path / "out" / "vide").exists() or not any(
        (tmp_path / "out" / "vide").iterdir()
    )


def test_the_table_is_numbers_not_text():
    t = d441_6_table(hand_ledger(), YE)
    assert t.bands["n_invoices"].dtype == np.int64
    assert t.bands["amount"].dtype == np.float64


def test_the_fec_of_atelier_rivage_gives_the_same_table():
    """The same company read from its FEC (no due date: terms per debtor, declared)."""
    csv = d441_6_table(read_ledger(SAMPLES / "atelier-rivage", confined=True), YE)
    fec = d441_6_table(read_ledger(SAMPLES / "atelier-rivage-fec", confined=True), YE)
    pd.testing.assert_frame_equal(fec.bands, csv.bands)
    pd.testing.assert_frame_equal(fec.reconciliation, csv.reconciliation)
    assert fec.terms_kind == "Délais contractuels"
    assert fec.terms[0] == (
        "Délais contractuels (recouvrement.yml ou table des débiteurs) : 30 clients."
    )
