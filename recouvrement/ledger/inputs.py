"""The input frames of a ledger as work tables, and their structural problems in French.

:func:`work_tables` checks what no row rule can repair (a table that is not a
DataFrame, a mandatory column missing or given twice, no invoice row) and returns one
:class:`~recouvrement.ledger.table.WorkTable` per table, with the source row number of
each row and the lines the reader could not split (read, and set aside). Every message
names the table, its source and the fix; the :class:`~recouvrement.ledger.Ledger`
raises them all at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from recouvrement import conventions as cv
from recouvrement.ledger.table import ROW, SET_ASIDE, WorkTable

#: The configuration file a message points to.
CONFIG_FILE = "recouvrement.yml"


def table_label(name: str, source: str) -> str:
    """``table des factures (invoices, factures.csv)``: a table as the messages name it."""
    return f"table des {cv.TABLE_LABELS_FR[name]} ({name}, {source})"


def _structure(name: str, frame: Any, source: str) -> str | None:
    """The structural problem of one input frame, if any (French, with the fix)."""
    label = table_label(name, source)
    if not isinstance(frame, pd.DataFrame):
        return f"{label} : un DataFrame pandas est attendu, pas {type(frame).__name__}"
    columns = [str(c) for c in frame.columns]
    missing = [c for c in cv.required_columns(name) if c not in columns]
    if missing:
        found = ", ".join(columns) or "aucune colonne"
        return (
            f"{label} : colonne(s) obligatoire(s) manquante(s) : {', '.join(missing)} ; "
            f"colonnes trouvées : {found}. Renommer les colonnes de la source ou les faire "
            f"correspondre dans le {CONFIG_FILE} de la société "
            f'(tables: {name}: columns: {{"<colonne de la source>": {missing[0]}}})'
        )
    twice = sorted({c for c in columns if c in cv.columns(name) and columns.count(c) > 1})
    if twice:
        return (
            f"{label} : colonne(s) présente(s) plusieurs fois : {', '.join(twice)} ; "
            "n'en garder qu'une de chaque (ou corriger la correspondance des colonnes dans "
            f"{CONFIG_FILE})"
        )
    return None


def work_tables(
    given: Mapping[str, Any],
    sources: Mapping[str, str],
    rows: Mapping[str, Any],
    read_problems: Mapping[str, list[dict[str, Any]]],
) -> tuple[dict[str, WorkTable], list[str]]:
    """One work table per input frame, and the structural problems found (French).

    Parameters
    ----------
    given : mapping
        Table name -> input frame, ``None`` when not provided (an empty table).
    sources : mapping
        Table name -> source label (file name); ``DataFrame`` when absent.
    rows : mapping
        Table name -> source row numbers aligned with the frame (default 1-based).
    read_problems : mapping
        Table name -> lines the reader could not split into fields: counted as read and
        set aside.

    Returns
    -------
    (dict of str to WorkTable, list of str)

    """
    structural: list[str] = []
    tables: dict[str, WorkTable] = {}
    for name, frame in given.items():
        source = sources.get(name, "DataFrame")
        if frame is None:
            frame = pd.DataFrame(columns=cv.columns(name))
        problem = _structure(name, frame, source)
        if problem is not None:
            structural.append(problem)
            continue
        keep = [c for c in frame.columns if c in cv.columns(name)]
        work = frame.loc[:, keep].copy(deep=False)  # copy-on-write: the input is never changed
        for col in cv.columns(name):
            if col not in work.columns:
                # missing text: read as an empty text column would be, at no cost
                work[col] = pd.Series(np.nan, index=work.index, dtype="str")
        work = work[cv.columns(name)].reset_index(drop=True)
        numbers = rows.get(name)
        if numbers is not None and len(numbers) != len(work):
            structural.append(
                f"{table_label(name, source)} : {len(numbers)} numéros de ligne pour "
                f"{len(work)} lignes (paramètre rows du Ledger)"
            )
            continue
        work[ROW] = (
            np.arange(1, len(work) + 1) if numbers is None else np.asarray(numbers, dtype="int64")
        )
        table = WorkTable(name=name, source=source, frame=work, read=len(work))
        for bad in read_problems.get(name, []):
            table.read += 1
            table.flag(
                [bad["row"]], bad.get("column", ""), bad.get("value", ""), bad["problem"], SET_ASIDE
            )
        tables[name] = table
    invoices = tables.get("invoices")
    if invoices is not None and invoices.read == 0:
        structural.append(
            f"{table_label('invoices', invoices.source)} : aucune ligne de facture ; un audit "
            "demande au moins une facture (vérifier le fichier des factures et son en-tête)"
        )
    return tables, structural
