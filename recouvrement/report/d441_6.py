"""The D.441-6 table (:mod:`recouvrement.legal.d441_6`) as HTML and as an XLSX workbook.

Both show the same rows, in the model's layout (annexe 4-1 of the code de commerce):
(A) the lateness bands, (B) the disputed invoices excluded, (C) the reference terms;
then the notes (the package's choices, with the figures of the year), the
reconciliation with the aged balance and the invoices of (A) and (B).

- :func:`render_d441_6`: one self-contained HTML document (the package's template
  ``recouvrement/templates/d441_6``, Jinja autoescape: a debtor's or the company's name
  cannot inject markup), printable to PDF by :mod:`recouvrement.runner.d441_6`;
- :func:`d441_6_xlsx`: the workbook's bytes (openpyxl): amounts and percentages as
  numbers with a number format (Excel shows them the French way in a French locale),
  text cells always text (a name starting with ``=`` is never a formula).
"""

from __future__ import annotations

import io
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from recouvrement import conventions as cv
from recouvrement.formatting import fmt_date, fmt_int, fmt_money, fmt_pct, money_symbol
from recouvrement.legal.d441_6 import BANDS, D4416Table
from recouvrement.report.templating import jinja_env, template_css

#: The model's wording of the header, parts and rows (amounts TTC: the ledger's).
HEADER = (
    "Article D.441-6 I, 2° du code de commerce : factures émises non réglées à la date de "
    "clôture de l'exercice dont le terme est échu"
)
PARTS = {
    "A": "(A) Tranches de retard de paiement",
    "B": "(B) Factures exclues du (A) relatives à des dettes et créances litigieuses ou non "
    "comptabilisées",
    "C": "(C) Délais de paiement de référence utilisés (contractuel ou délai légal – "
    "article L.441-10 du code de commerce)",
}
ROWS_A = (
    "Nombre de factures concernées",
    "Montant total des factures concernées (TTC)",
    "Pourcentage du chiffre d'affaires de l'exercice (TTC)",
)
ROWS_B = ("Nombre des factures exclues", "Montant total des factures exclues (TTC)")
ROW_C = "Délais de paiement utilisés pour le calcul des retards de paiement"

#: French labels of the reconciliation rows (keys of ``D4416Table.reconciliation``).
RECONCILIATION_LABELS = {
    "zero_day": f"(A) {BANDS[0]}",
    "late": f"(A) {BANDS[-1]}",
    "excluded": "(B) Factures exclues (litiges)",
    "not_due": "Factures non échues à la clôture",
    "other": "Autres débits (remboursements, régularisations)",
    "unapplied": "Non affecté (règlements et avoirs non imputés, trop-perçus)",
    "total": "Total",
    "aged_balance": "Balance âgée à la clôture (total)",
    "difference": "Écart",
}

#: The rows of the reconciliation that are sums or checks (printed in bold).
SUM_KEYS = ("total", "aged_balance", "difference")

#: French headers of the detail of (A) and (B), per column of ``D4416Table.invoices``.
DETAIL_LABELS = {
    "part": "Partie",
    "invoice_id": "Facture",
    "debtor_id": "Client",
    "debtor_name": "Nom du client",
    "origin": "Origine",
    "issue_date": "Date de facture",
    "due_date": "Échéance",
    "amount": "Montant TTC",
    "residual": "Reste dû TTC",
    "days_late": "Jours de retard",
    "band": "Tranche",
    "insolvent": "Procédure collective",
}


def d441_6_notes(table: D4416Table) -> tuple[str, ...]:
    """The notes of the table, in French: the choices of the package, with the year's figures."""
    end, start = fmt_date(table.year_end), fmt_date(table.year_start)
    rec = table.reconciliation

    def money(value: float) -> str:
        return fmt_money(value, table.currency)

    def counted(n: int, amount: float) -> str:
        return f"{fmt_int(n)} facture{'s' if n > 1 else ''} pour {money(amount)}"

    def line(key: str) -> str:
        return counted(int(rec.loc[key, "n"]), float(rec.loc[key, "amount"]))

    detail = table.invoices[table.invoices["part"] == "A"]
    notes = [
        "Montants TTC : les montants du grand livre clients sont toutes taxes comprises.",
        f"Montant retenu par facture : ce qui en reste dû au {end} (montant TTC diminué des "
        "règlements, avoirs et passages en perte imputés jusqu'à cette date), non son montant "
        f"d'origine, afin que le tableau se rapproche de la balance âgée au {end} (voir le "
        "rapprochement).",
        f"Retard : nombre de jours entre l'échéance et la clôture du {end}, décompté comme "
        "dans la balance âgée ; « 0 jour (indicatif) » : factures échues le jour même de la "
        f"clôture. Les factures non échues ({line('not_due')}) ne figurent pas au (A).",
        f"Chiffre d'affaires de l'exercice TTC : factures émises du {start} au {end} "
        f"({counted(table.turnover_count, table.turnover)}), avoirs non déduits ; "
        "à-nouveaux, remboursements et régularisations exclus.",
        f"(B) : factures échues faisant l'objet d'un litige ouvert au {end} (table des "
        "litiges), exclues du (A) quel que soit leur retard."
        if table.disputes_given
        else "(B) : aucune table des litiges fournie, aucune facture exclue du (A).",
    ]
    insolvent = detail[detail["insolvent"]]
    if len(insolvent):
        notes.append(
            "Débiteurs en procédure collective : leurs factures "
            f"({counted(len(insolvent), insolvent['residual'].sum())}) restent au (A) : ce "
            "sont des factures émises non réglées."
        )
    openings = detail[detail["origin"] == cv.INVOICE_ORIGINS[1]]
    if len(openings):
        notes.append(
            "À-nouveaux (soldes d'ouverture, factures d'exercices antérieurs) : au (A), "
            "chaque ligne comptant pour une facture "
            f"({counted(len(openings), openings['residual'].sum())})."
        )
    if rec.loc["other", "n"]:
        notes.append(
            f"Remboursements et régularisations ({line('other')}) : débits qui ne sont pas "
            "des factures, hors du (A) et du (B), au rapprochement."
        )
    notes.append(
        "Règlements non affectés, avoirs non imputés et trop-perçus "
        f"({money(rec.loc['unapplied', 'amount'])}) : non déduits des factures du (A), au "
        "rapprochement, comme dans la balance âgée."
    )
    return tuple(notes)


def render_d441_6(table: D4416Table, *, max_rows: int = cv.Limits().max_rows) -> str:
    """The table as one self-contained HTML document (French; everything escaped).

    ``max_rows``: invoices of the detail printed (most late first); the workbook holds
    them all.
    """
    env = jinja_env("d441_6")
    env.filters.update(
        money=lambda v: fmt_money(v, table.currency),
        pct2=lambda v: fmt_pct(v, 2),
    )
    detail = table.invoices
    return env.get_template("d441_6.html.j2").render(
        t=table,
        css=template_css("d441_6", "d441_6.css"),
        header=HEADER,
        parts=PARTS,
        rows_a=ROWS_A,
        rows_b=ROWS_B,
        row_c=ROW_C,
        bands=list(table.bands.itertuples()),
        notes=d441_6_notes(table),
        reconciliation=[
            (
                RECONCILIATION_LABELS[str(r.Index)],
                None if pd.isna(r.n) else int(r.n),
                r.amount,
                r.Index in SUM_KEYS,
            )
            for r in table.reconciliation.itertuples()
        ],
        detail=list(detail.head(max_rows).itertuples(index=False)),
        hidden=max(len(detail) - max_rows, 0),
    )


def d441_6_xlsx(table: D4416Table) -> bytes:
    """The table as an XLSX workbook: sheets ``D.441-6``, ``Rapprochement``, ``Détail``."""
    unit = money_symbol(table.currency)
    amount_format = f'#,##0.00\\ "{unit}"'
    pct_format = "0.00%"
    wb = Workbook()
    ws = wb.active
    ws.title = "D.441-6"
    _row(ws, ["Délais de paiement clients (article D.441-6 du code de commerce)"], bold=True)
    _row(ws, [table.company])
    _row(ws, [f"Exercice du {fmt_date(table.year_start)} au {fmt_date(table.year_end)}"])
    _row(ws, [])
    _row(ws, [HEADER], bold=True)
    _row(ws, ["", *BANDS], bold=True)
    _row(ws, [PARTS["A"]], bold=True)
    b = table.bands
    _row(ws, [ROWS_A[0], *b["n_invoices"].tolist()])
    _row(ws, [ROWS_A[1], *b["amount"].tolist()], number=amount_format)
    _row(ws, [ROWS_A[2], *(b["pct_turnover"] / 100).tolist()], number=pct_format)
    _row(ws, [PARTS["B"]], bold=True)
    _row(ws, [ROWS_B[0], table.excluded_count])
    _row(ws, [ROWS_B[1], table.excluded_amount], number=amount_format)
    _row(ws, [PARTS["C"]], bold=True)
    _row(ws, [ROW_C, table.terms_kind])
    for line in table.terms:
        _row(ws, ["", line])
    _row(ws, [])
    _row(ws, ["Chiffre d'affaires de l'exercice (TTC)", table.turnover], number=amount_format)
    _row(ws, ["Notes"], bold=True)
    for note in d441_6_notes(table):
        _row(ws, [note])
    ws.column_dimensions["A"].width = 58
    for col in "BCDEFG":
        ws.column_dimensions[col].width = 18

    rec = wb.create_sheet("Rapprochement")
    _row(rec, [f"Rapprochement avec la balance âgée au {fmt_date(table.year_end)}"], bold=True)
    _row(rec, ["Poste", "Nombre", "Montant"], bold=True)
    for key, r in table.reconciliation.iterrows():
        n = None if pd.isna(r["n"]) else int(r["n"])
        _row(rec, [RECONCILIATION_LABELS[str(key)], n, float(r["amount"])], number=amount_format)
    rec.column_dimensions["A"].width = 60
    rec.column_dimensions["C"].width = 18

    det = wb.create_sheet("Détail")
    _row(det, list(DETAIL_LABELS.values()), bold=True)
    money_cols = {"amount", "residual"}
    for r in table.invoices[list(DETAIL_LABELS)].itertuples(index=False):
        values: list[Any] = []
        for col, v in zip(DETAIL_LABELS, r, strict=True):
            if col in ("issue_date", "due_date"):
                v = pd.Timestamp(v).to_pydatetime()
            elif col == "insolvent":
                v = "oui" if v else "non"
            elif col == "days_late":
                v = int(v)
            values.append(v)
        cells = _row(det, values)
        for cell, col in zip(cells, DETAIL_LABELS, strict=True):
            if col in money_cols:
                cell.number_format = amount_format
            elif col in ("issue_date", "due_date"):
                cell.number_format = "dd/mm/yyyy"
    widths = (7, 16, 12, 32, 11, 14, 12, 14, 14, 10, 20, 12)
    for col, width in zip("ABCDEFGHIJKL", widths, strict=True):
        det.column_dimensions[col].width = width
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _row(ws: Worksheet, values: list[Any], *, bold: bool = False, number: str = "") -> list[Cell]:
    """Append ``values`` as a row; text stays text, float numbers get ``number`` as format."""
    values = [
        ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else None if _blank(v) else v
        for v in values
    ]
    ws.append(values)
    if not values:
        return []
    cells = [ws.cell(row=ws.max_row, column=i + 1) for i in range(len(values))]
    for cell, value in zip(cells, values, strict=True):
        if isinstance(value, str):
            cell.data_type = "s"  # never a formula, whatever the text starts with
            cell.alignment = Alignment(wrap_text=len(value) > 60, vertical="top")
        elif number and isinstance(value, float):
            cell.number_format = number
        if bold:
            cell.font = Font(bold=True)
    return cells


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and pd.isna(value))
