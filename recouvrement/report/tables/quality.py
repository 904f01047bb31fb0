"""French tables of the data: files read, rows kept, set aside and excluded, anomalies, rules.

Every row read is kept (possibly repaired by a documented rule), set aside, or
excluded by a ``where:`` filter of ``recouvrement.yml`` before the ledger; these tables
show it from :attr:`Ledger.counts <recouvrement.ledger.Ledger>`, :attr:`Ledger.quality`
and the reader's ``meta["excluded"]`` (:func:`recouvrement.io.read_ledger`), the
``defaults:`` used from ``meta["defaults"]``, and the files with the fingerprints of
the report's :class:`~recouvrement.report.plan.Plan` (no file is hashed again here).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from recouvrement import conventions as cv
from recouvrement.ledger import Ledger
from recouvrement.report.plan import Plan

SOURCE_COLUMNS = ["Table", "Fichier", "Lignes lues", "SHA-256"]

#: Columns of :func:`excluded_rows_table`.
EXCLUDED_COLUMNS = ["Table", "Fichier", "Ligne", "Filtre", "Valeur lue", "Reprise par"]

#: Columns of :func:`defaults_table`.
DEFAULTS_COLUMNS = ["Table", "Colonne", "Valeur", "Lignes complétées", "Origine"]

#: Where a default comes from, by the key of ``recouvrement.yml`` that set it.
DEFAULT_ORIGIN = "valeur par défaut de recouvrement.yml ({key})"


def _meta_frame(ledger: Ledger, key: str, columns: list[str]) -> pd.DataFrame:
    """``ledger.meta[key]`` (a frame of the folder reader), empty when the ledger has none."""
    frame = ledger.meta.get(key)
    if frame is None:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    return frame


def excluded_counts(ledger: Ledger) -> pd.Series:
    """Lines excluded by a ``where:`` per table (every table of the ledger, 0 included)."""
    excluded = _meta_frame(ledger, "excluded", ["table"])
    counts = excluded["table"].value_counts()
    return counts.reindex(ledger.counts["table"], fill_value=0).astype("int64")


def sources_table(plan: Plan, ledger: Ledger) -> pd.DataFrame:
    """The files read, one row each: ``Table, Fichier, Lignes lues, SHA-256``.

    Paths are relative to the company folder; the targets file, when given, comes
    last (no row count). The fingerprints are the plan's.
    """
    counts = ledger.counts.set_index("table")["read"] + excluded_counts(ledger)
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
    """Rows read, kept, set aside, excluded and repaired per table.

    Returns
    -------
    DataFrame
        ``Table, Fichier, Lues, Conservées, Écartées, Exclues, Corrigées``; ``Fichier``
        is ``non fourni`` for a table not given.

    Notes
    -----
    ``Lues = Conservées + Écartées + Exclues``: the ledger keeps or sets aside every
    row it receives (``ledger.counts``), and ``Exclues`` are the lines of the file a
    ``where:`` filter of ``recouvrement.yml`` left out before (``meta["excluded"]``).
    A file feeding several tables counts in each: its line excluded from the invoices
    and taken by the payments is ``Exclues`` for the one, ``Lues`` for both.
    ``Corrigées`` are rows kept after a repair (already among ``Conservées``).

    """
    counts = ledger.counts
    excluded = excluded_counts(ledger).to_numpy()
    frame = counts.assign(
        table=counts["table"].map(cv.TABLE_LABELS_FR),
        source=counts["source"].where(counts["table"].isin(ledger.provided), "non fourni"),
        read=counts["read"] + excluded,
        excluded=excluded,
    )
    return frame[["table", "source", "read", "kept", "set_aside", "excluded", "repaired"]].rename(
        columns={
            "table": "Table",
            "source": "Fichier",
            "read": "Lues",
            "kept": "Conservées",
            "set_aside": "Écartées",
            "excluded": "Exclues",
            "repaired": "Corrigées",
        }
    )


def excluded_rows_table(ledger: Ledger) -> pd.DataFrame:
    """Every line a ``where:`` filter left out: table, file, line, filter, value read, taken by.

    Returns
    -------
    DataFrame
        ``Table, Fichier, Ligne, Filtre, Valeur lue, Reprise par``: ``Filtre`` is the
        condition the line failed as written in ``recouvrement.yml`` (``Type = «
        Facture »``), ``Reprise par`` the other tables that took the same line of the
        same file (``aucune``: the line is in no table). Empty without exclusions.

    """
    x = _meta_frame(ledger, "excluded", ["table", "source", "row", "filter", "value", "taken_by"])
    taken = x["taken_by"].map(
        lambda t: ", ".join(cv.TABLE_LABELS_FR.get(n, n) for n in t.split(", ")) if t else "aucune"
    )
    out = pd.DataFrame(
        {
            "Table": x["table"].map(cv.TABLE_LABELS_FR),
            "Fichier": x["source"],
            "Ligne": x["row"].astype("int64"),
            "Filtre": x["filter"],
            "Valeur lue": x["value"],
            "Reprise par": taken,
        },
        columns=EXCLUDED_COLUMNS,
    )
    return out.reset_index(drop=True)


def defaults_table(ledger: Ledger) -> pd.DataFrame:
    """Each ``defaults:`` value used: table, column, value, rows it filled, where it comes from.

    Returns
    -------
    DataFrame
        ``Table, Colonne, Valeur, Lignes complétées, Origine``, one row per default and
        table (``meta["defaults"]``): ``Lignes complétées`` counts the cells the default
        filled (a column the file lacks: all its rows), for the debtors' kind the
        debtors whose kind it is (listed without a kind, or not listed);
        ``Origine`` names the key of ``recouvrement.yml`` (``defaults:`` or
        ``default_debtor_kind``). Empty without defaults.

    """
    d = _meta_frame(ledger, "defaults", ["table", "column", "value", "filled", "key"])
    origin = d["key"].map(
        lambda k: DEFAULT_ORIGIN.format(key="defaults:" if k.startswith("defaults") else k)
    )
    return pd.DataFrame(
        {
            "Table": d["table"].map(cv.TABLE_LABELS_FR),
            "Colonne": d["column"],
            "Valeur": d["value"],
            "Lignes complétées": d["filled"].astype("int64"),
            "Origine": origin,
        },
        columns=DEFAULTS_COLUMNS,
    ).reset_index(drop=True)


def anomalies_table(ledger: Ledger) -> pd.DataFrame:
    """Every row set aside or repaired, in French, with the amount of its row.

    Columns: table, file, line, field (French name of the canonical column), the value
    as read between « » (verbatim: the file's own text), problem, action, and
    « Montant de la ligne » — the € impact of a row set aside, what the figures leave
    out (NaN, shown « non chiffrable », when the amount itself is unreadable or the
    table has none).
    """
    quality = ledger.quality
    out = pd.DataFrame(
        {
            "Table": quality["table"].map(cv.TABLE_LABELS_FR),
            "Fichier": quality["source"],
            "Ligne": quality["row"],
            "Champ": quality["column"].map(lambda c: cv.COLUMN_LABELS_FR.get(c, c)),
            "Valeur lue": quality["value"].map(lambda v: f"« {v} »" if v else "(vide)"),
            "Anomalie": quality["problem"],
            "Traitement": quality["action"],
            "Montant de la ligne": getattr(
                ledger, "quality_amounts", pd.Series(float("nan"), index=quality.index)
            ),
        }
    )
    return out.reset_index(drop=True)


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
