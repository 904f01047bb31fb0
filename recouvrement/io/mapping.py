"""Mapping a file's columns and values to the canonical tables (``tables:`` of the config).

The configuration is already checked (:mod:`recouvrement.io.schema`); what is checked
here is the configuration against the file: a column it names that the file lacks, a
header written twice, a ``values:`` of a column the file does not give. Beside the
mapping: the rows a ``where:`` leaves out, each with the condition it failed
(:func:`excluded_rows`), and the ``defaults:`` filling the cells a file leaves empty
(:func:`fill_defaults`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from recouvrement import conventions as cv
from recouvrement.io.config import CONFIG_NAME
from recouvrement.io.files import normalise_header
from recouvrement.io.messages import shown
from recouvrement.ledger import LedgerError

#: Columns of :func:`excluded_rows` (``Ledger.meta["excluded"]``).
EXCLUDED_COLUMNS = ["table", "source", "row", "filter", "value", "taken_by"]

#: Columns of the records of :func:`fill_defaults` (``Ledger.meta["defaults"]``).
DEFAULT_COLUMNS = ["table", "column", "value", "filled", "key"]

#: How an empty cell read by a ``where:`` is shown.
EMPTY_CELL = "(vide)"


def quoted(names: Iterable[object]) -> str:
    """``« a », « b »``: names as the messages quote them."""
    return ", ".join(f"« {n} »" for n in names) or "(aucune)"


def _twice(columns: pd.Index, used: Iterable[str], source: str, key: str = "") -> None:
    """Refuse a header written twice when the mapping reads it (which one would it be?)."""
    seen = pd.Index([c.lower() if not key else c for c in columns])
    doubled = {c for c in used if (seen == (c.lower() if not key else c)).sum() > 1}
    if doubled:
        raise LedgerError(
            [
                f"{source} : la colonne {quoted(sorted(doubled))} figure plusieurs fois dans "
                "l'en-tête ; renommer l'une d'elles dans le fichier"
            ]
        )


def apply_mapping(
    frame: pd.DataFrame, table: str, spec: Mapping[str, Any], source: str
) -> pd.DataFrame:
    """Rename source columns to canonical ones and map values; unmapped columns dropped.

    Raises
    ------
    LedgerError
        A column named in ``columns:`` that the file lacks, a header read written twice,
        or a ``values:`` for a column the file does not give.

    """
    frame = frame.rename(columns=normalise_header)
    mapping = dict(spec.get("columns") or {})
    if mapping:
        missing = [c for c in mapping if c not in frame.columns]
        if missing:
            raise LedgerError(
                [
                    f"{source} : colonne(s) {quoted(missing)} nommée(s) dans {CONFIG_NAME} "
                    f"(tables.{table}.columns) absente(s) du fichier ; ses colonnes sont "
                    f"{quoted(frame.columns)} ; corriger le nom dans {CONFIG_NAME}"
                ]
            )
        _twice(frame.columns, mapping, source, key="exact")
        out = pd.DataFrame(
            {canonical: frame[src] for src, canonical in mapping.items()}, index=frame.index
        )
    else:
        _twice(frame.columns, cv.columns(table), source)
        lower = {c.lower(): c for c in frame.columns}
        out = pd.DataFrame(
            {c: frame[lower[c]] for c in cv.columns(table) if c in lower}, index=frame.index
        )
        if out.shape[1] == 0:
            out = pd.DataFrame(index=frame.index)
        # keep unknown headers visible in the structural error message
        out.attrs["source_columns"] = list(frame.columns)
    for col, values in (spec.get("values") or {}).items():
        if col not in out.columns:
            raise LedgerError(
                [
                    f"{source} : tables.{table}.values.{col} de {CONFIG_NAME} : la colonne "
                    f"{col} n'est pas lue de ce fichier ; l'associer dans tables.{table}.columns "
                    f"ou retirer values.{col}"
                ]
            )
        as_text = out[col].astype("object")
        out[col] = as_text.map(lambda v, m=values: m.get(str(v).strip(), v) if pd.notna(v) else v)
    return out


def where_masks(
    frame: pd.DataFrame, where: Mapping[str, Any], source: str, table: str
) -> dict[str, pd.Series]:
    """One mask per column of ``where``: the rows matching its value (``*``: any non-empty).

    Cells are compared as text, spaces around them ignored; a list matches any of its
    values.

    Raises
    ------
    LedgerError
        A column of ``where:`` that the file lacks (its columns are listed).

    """
    headers = {normalise_header(c): c for c in frame.columns}
    missing = [c for c in where if c not in headers]
    if missing:
        raise LedgerError(
            [
                f"{source} : colonne(s) {quoted(missing)} de tables.{table}.where "
                f"({CONFIG_NAME}) absente(s) du fichier ; ses colonnes sont "
                f"{quoted(headers)} ; corriger le nom dans {CONFIG_NAME}"
            ]
        )
    masks = {}
    for col, wanted in where.items():
        text = cell_text(frame[headers[col]])
        if wanted == "*":
            masks[col] = text != ""
        else:
            options = wanted if isinstance(wanted, list) else [wanted]
            masks[col] = text.isin([str(o) for o in options])
    return masks


def where_mask(frame: pd.DataFrame, where: Mapping[str, Any], source: str, table: str) -> pd.Series:
    """Rows of ``frame`` matching every ``column: value`` of ``where`` (:func:`where_masks`)."""
    mask = pd.Series(True, index=frame.index)
    for one in where_masks(frame, where, source, table).values():
        mask &= one
    return mask


def cell_text(cells: pd.Series) -> pd.Series:
    """Cells as stripped text, ``""`` for a missing one (what ``where:`` compares)."""
    return cells.astype("object").map(lambda v: "" if pd.isna(v) else str(v).strip())


def condition(column: str, wanted: Any) -> str:
    """One condition of a ``where:`` as the reports write it.

    ``Type = « Facture »``, ``Type = « Facture » ou « Avoir »`` for a list, ``Type
    non vide`` for ``"*"``.
    """
    if wanted == "*":
        return f"{shown(column)} non vide"
    options = wanted if isinstance(wanted, list) else [wanted]
    return f"{shown(column)} = " + " ou ".join(f"« {shown(o)} »" for o in options)


def excluded_rows(
    frame: pd.DataFrame,
    numbers: Sequence[int],
    where: Mapping[str, Any],
    source: str,
    table: str,
) -> tuple[pd.Series, pd.DataFrame]:
    """The rows ``where`` keeps, and those it leaves out with the condition each failed.

    Parameters
    ----------
    frame : DataFrame
        The file's text cells (one row per line read).
    numbers : sequence of int
        The file's line numbers, aligned with ``frame``.
    where : mapping
        ``tables.<table>.where`` of the configuration.
    source, table : str
        The file's name and the table read from it.

    Returns
    -------
    kept : Series of bool
        Aligned with ``frame``: the rows matching every condition.
    excluded : DataFrame
        One row per line left out: ``table``, ``source``, ``row`` (its line number),
        ``filter`` (the conditions it fails, as written by :func:`condition`, joined by
        `` et ``), ``value`` (the cells read in those columns, ``(vide)`` when empty,
        joined by `` ; ``) and ``taken_by`` (empty here: filled by the folder reader
        with the other tables that took the line).

    Raises
    ------
    LedgerError
        A column of ``where:`` that the file lacks.

    """
    masks = where_masks(frame, where, source, table)
    kept = pd.Series(True, index=frame.index)
    for one in masks.values():
        kept &= one
    out = ~kept.to_numpy(dtype=bool)
    headers = {normalise_header(c): c for c in frame.columns}
    filters, values = [], []
    for col, mask in masks.items():
        failed = ~mask.to_numpy(dtype=bool)[out]
        cells = cell_text(frame[headers[col]]).to_numpy(dtype=object)[out]
        filters.append(np.where(failed, condition(col, where[col]), ""))
        shown_cells = [shown(v) if v else EMPTY_CELL for v in cells]
        values.append([v if f else "" for v, f in zip(shown_cells, failed, strict=True)])
    excluded = pd.DataFrame(
        {
            "table": table,
            "source": source,
            "row": np.asarray(numbers, dtype="int64")[out],
            "filter": [" et ".join(p for p in row if p) for row in zip(*filters, strict=True)],
            "value": [" ; ".join(p for p in row if p) for row in zip(*values, strict=True)],
            "taken_by": "",
        },
        columns=EXCLUDED_COLUMNS,
    )
    return kept, excluded


def fill_defaults(
    frame: pd.DataFrame, table: str, defaults: Mapping[str, str]
) -> tuple[pd.DataFrame, list[dict[str, Any]]]:
    """``frame`` with the ``defaults:`` of its columns filled in, and what each filled.

    Parameters
    ----------
    frame : DataFrame
        One canonical table as mapped from its file. Not modified.
    table : str
        Its name.
    defaults : mapping of str to str
        Column -> default value; a column the table does not have is ignored.

    Returns
    -------
    frame : DataFrame
        A copy with each default's column added (every row filled) when the file lacks
        it, its empty cells (missing, or only spaces) filled otherwise.
    filled : list of dict
        One record per default of the table's columns (:data:`DEFAULT_COLUMNS`):
        ``table``, ``column``, ``value``, ``filled`` (rows filled, 0 included) and ``key``
        (``defaults.<column>``, the key of the configuration that set it).

    """
    records = []
    out = frame
    for column, value in defaults.items():
        if column not in cv.columns(table):
            continue
        if out is frame:
            out = frame.copy()
        if column in out.columns:
            empty = cell_text(out[column]) == ""
            out[column] = out[column].astype("object").mask(empty, value)
            filled = int(empty.sum())
        else:
            out[column] = pd.Series(value, index=out.index, dtype="object")
            filled = len(out)
        records.append(
            {
                "table": table,
                "column": column,
                "value": value,
                "filled": filled,
                "key": f"defaults.{column}",
            }
        )
    return out, records
