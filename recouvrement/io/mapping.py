"""Mapping a file's columns and values to the canonical tables (``tables:`` of the config)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from recouvrement import conventions as cv
from recouvrement.io.config import CONFIG_NAME
from recouvrement.io.files import normalise_header
from recouvrement.ledger import LedgerError


def apply_mapping(
    frame: pd.DataFrame, table: str, spec: Mapping[str, Any], source: str
) -> pd.DataFrame:
    """Rename source columns to canonical ones and map values; unmapped columns dropped."""
    frame = frame.rename(columns=normalise_header)
    mapping = dict(spec.get("columns") or {})
    if mapping:
        missing = [c for c in mapping if c not in frame.columns]
        if missing:
            raise LedgerError(
                [
                    f"{source}: column(s) {', '.join(map(repr, missing))} named in {CONFIG_NAME} "
                    f"(tables: {table}: columns) are not in the file; its columns are "
                    f"{', '.join(map(repr, frame.columns))}"
                ]
            )
        out = pd.DataFrame(
            {canonical: frame[src] for src, canonical in mapping.items()}, index=frame.index
        )
    else:
        lower = {c.lower(): c for c in frame.columns}
        out = pd.DataFrame(
            {c: frame[lower[c]] for c in cv.columns(table) if c in lower}, index=frame.index
        )
        if out.shape[1] == 0:
            out = pd.DataFrame(index=frame.index)
        # keep unknown headers visible in the structural error message
        out.attrs["source_columns"] = list(frame.columns)
    for col, values in (spec.get("values") or {}).items():
        if col in out.columns:
            as_text = out[col].astype("object")
            out[col] = as_text.map(
                lambda v, m=values: m.get(str(v).strip(), v) if pd.notna(v) else v
            )
    return out


def where_mask(frame: pd.DataFrame, where: Mapping[str, Any], source: str, table: str) -> pd.Series:
    """Rows of ``frame`` matching every ``column: value`` of ``where`` (``*``: any non-empty)."""
    mask = pd.Series(True, index=frame.index)
    for col, wanted in where.items():
        if col not in frame.columns:
            raise LedgerError(
                [f"{source}: column {col!r} used in tables.{table}.where is not in the file"]
            )
        text = frame[col].astype("object").map(lambda v: "" if pd.isna(v) else str(v).strip())
        if wanted == "*":
            mask &= text != ""
        else:
            options = wanted if isinstance(wanted, list) else [wanted]
            mask &= text.isin([str(o) for o in options])
    return mask
