"""French tables of the data: the files read, rows kept and set aside, anomalies, rules applied.

Every row read is either kept (possibly repaired by a documented rule) or set aside;
these tables show it from :attr:`Ledger.counts <recouvrement.ledger.Ledger>` and
:attr:`Ledger.quality`, and the files with the fingerprints of the report's
:class:`~recouvrement.report.plan.Plan` (no file is hashed again here).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from recouvrement import conventions as cv
from recouvrement.ledger import Ledger
from recouvrement.report.plan import Plan

SOURCE_COLUMNS = ["Table", "Fichier", "Lignes lues", "SHA-256"]


def sources_table(plan: Plan, ledger: Ledger) -> pd.DataFrame:
    """The files read, one row each: ``Table, Fichier, Lignes lues, SHA-256``.

    Paths are relative to the company folder; the targets file, when given, comes
    last (no row count). The fingerprints are the plan's.
    """
    counts = ledger.counts.set_index("table")["read"]
    root = plan.folder.resolve()
    rows = []
    for table, path in ledger.meta.get("files", {}).items():
        rows.append(
            {
                "Table": cv.TABLE_LABELS_FR.get(
                    table, "configuration" if table == "config" else table
                ),
                "Fichier": Path(path).resolve().relative_to(root).as_posix(),
                "Lignes lues": int(counts[table]) if table in counts.index else pd.NA,
                "SHA-256": plan.input_hash(Path(path)),
            }
        )
    if plan.targets_file is not None:
        rows.append(
            {
                "Table": "objectifs",
                "Fichier": plan.targets_file.name,
                "Lignes lues": pd.NA,
                "SHA-256": plan.input_hash(plan.targets_file),
            }
        )
    frame = pd.DataFrame(rows, columns=SOURCE_COLUMNS)
    frame["Lignes lues"] = frame["Lignes lues"].astype("Int64")
    return frame


def counts_table(ledger: Ledger) -> pd.DataFrame:
    """Rows read, kept, set aside and repaired per table; ``non fourni`` for a missing table."""
    counts = ledger.counts
    return counts.assign(
        table=counts["table"].map(cv.TABLE_LABELS_FR),
        source=counts["source"].where(counts["table"].isin(ledger.provided), "non fourni"),
    ).rename(
        columns={
            "table": "Table",
            "source": "Fichier",
            "read": "Lues",
            "kept": "Conservées",
            "set_aside": "Écartées",
            "repaired": "Corrigées",
        }
    )


def anomalies_table(ledger: Ledger) -> pd.DataFrame:
    """Every row set aside or repaired: table, file, line, column, value read, problem, action."""
    quality = ledger.quality
    return quality.assign(table=quality["table"].map(cv.TABLE_LABELS_FR)).rename(
        columns={
            "table": "Table",
            "source": "Fichier",
            "row": "Ligne",
            "column": "Colonne",
            "value": "Valeur lue",
            "problem": "Anomalie",
            "action": "Traitement",
        }
    )


def rules_applied_table(ledger: Ledger) -> pd.DataFrame:
    """The repair and set-aside rules applied this month, with the number of rows each."""
    quality = ledger.quality
    return (
        quality.assign(table=quality["table"].map(cv.TABLE_LABELS_FR))
        .groupby(["table", "problem", "action"], sort=True)
        .size()
        .rename("Lignes")
        .reset_index()
        .rename(columns={"table": "Table", "problem": "Anomalie", "action": "Traitement"})
    )
