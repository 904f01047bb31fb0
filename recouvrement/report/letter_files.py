"""The files of the letters beside a report: ``.docx`` names, the register, the checklist.

- ``lettres.csv``, the **register**: one row per letter (debtor, civility, kind of
  letter, registered or not, date, deadline, invoices, principal, penalties,
  indemnities, total, ``.docx`` file), for a mail merge; its totals are the letters'.
- ``lettres-a-completer.csv``, the **checklist**: what the letters lack (a mandatory
  mention, art. R.123-237 du code de commerce...) or what to check before sending
  (a provisional rate, a debtor of unknown kind), one row per company and item, never
  printed in a letter (:func:`recouvrement.dunning.letters.checklist`).

Both are plain tables; :func:`recouvrement.report.attachments.csv_text` writes them
for a French spreadsheet, guarded against formula injection.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from recouvrement.dunning.letters import Letter

__all__ = [
    "CHECKLIST_COLUMNS",
    "CHECKLIST_NAME",
    "DOCX_FOLDER",
    "REGISTER_COLUMNS",
    "checklist_frame",
    "docx_name",
    "register_frame",
]

#: Folder of the ``.docx`` letters beside the report.
DOCX_FOLDER = "lettres"
#: Base name of the checklist (``.csv`` beside a report, ``.csv`` and ``.html`` at the
#: root of a batch's output).
CHECKLIST_NAME = "lettres-a-completer"

#: Columns of the register, in order.
REGISTER_COLUMNS = [
    "Code débiteur",
    "Débiteur",
    "Civilité",
    "Lettre",
    "Recommandée",
    "Date",
    "Échéance",
    "Factures",
    "Principal",
    "Pénalités",
    "Indemnités",
    "Total",
    "Fondement",
    "Fichier",
]
#: Columns of the checklist, in order.
CHECKLIST_COLUMNS = [
    "Société",
    "Raison sociale",
    "Mois",
    "Élément à compléter ou vérifier",
    "Article",
    "Lettres concernées",
    "Débiteurs",
]

_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


def docx_name(index: int, letter: Letter) -> str:
    """``003-C0001-mise-en-demeure.docx``: rank, debtor id (made a safe name), kind."""
    debtor = _UNSAFE.sub("-", letter.debtor_id).strip("-")[:40] or "debiteur"
    kind = letter.kind.replace("_", "-")
    return f"{index:03d}-{debtor}-{kind}.docx"


def register_frame(letters: Sequence[Letter], files: Sequence[str]) -> pd.DataFrame:
    """One row per letter, its ``.docx`` in ``files`` (same order); amounts in euros."""
    rows = []
    for letter, file in zip(letters, files, strict=True):
        claimed = letter.invoices[letter.invoices["claimed"]]
        rows.append(
            {
                "Code débiteur": letter.debtor_id,
                "Débiteur": letter.debtor_name,
                "Civilité": letter.civility or "",
                "Lettre": letter.title,
                "Recommandée": "oui" if letter.registered else "non",
                "Date": letter.date,
                "Échéance": letter.deadline,
                "Factures": ", ".join(letter.invoices["invoice_id"].astype(str)),
                "Principal": letter.principal,
                "Pénalités": letter.penalties,
                "Indemnités": letter.indemnities,
                "Total": letter.total,
                "Fondement": " ; ".join(dict.fromkeys(b for b in claimed["basis"] if b)),
                "Fichier": file,
            }
        )
    return pd.DataFrame(rows, columns=REGISTER_COLUMNS)


def checklist_frame(
    rows: Sequence[Mapping[str, Any]], *, company: str, company_name: str, month: str
) -> pd.DataFrame:
    """The checklist of one company's letters (rows of ``ChecklistRow.to_json``)."""
    return pd.DataFrame(
        [
            {
                "Société": company,
                "Raison sociale": company_name,
                "Mois": month,
                "Élément à compléter ou vérifier": row["item"],
                "Article": row["article"],
                "Lettres concernées": int(row["letters"]),
                "Débiteurs": ", ".join(row.get("debtors") or ()),
            }
            for row in rows
        ],
        columns=CHECKLIST_COLUMNS,
    )
