"""Mapping a file's columns and values to the canonical tables (``tables:`` of the config).

The configuration is already checked (:mod:`recouvrement.io.schema`); what is checked
here is the configuration against the file: a column it names that the file lacks, a
header written twice, a ``values:`` of a column the file does not give.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from recouvrement import conventions as cv
from recouvrement.io.config import CONFIG_NAME
from recouvrement.io.files import normalise_header
from recouvrement.ledger import LedgerError


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


def where_mask(frame: pd.DataFrame, where: Mapping[str, Any], source: str, table: str) -> pd.Series:
    """Rows of ``frame`` matching every ``column: value`` of ``where`` (``*``: any non-empty).

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
    mask = pd.Series(True, index=frame.index)
    for col, wanted in where.items():
        cells = frame[headers[col]].astype("object")
        text = cells.map(lambda v: "" if pd.isna(v) else str(v).strip())
        if wanted == "*":
            mask &= text != ""
        else:
            options = wanted if isinstance(wanted, list) else [wanted]
            mask &= text.isin([str(o) for o in options])
    return mask
