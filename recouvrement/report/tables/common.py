"""Helpers shared by the report's French tables."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd


def named(frame: pd.DataFrame, names: Mapping[str, str] | pd.Series | None) -> pd.Series:
    """Debtor names of ``frame``'s ``debtor_id`` column (missing when unnamed)."""
    mapping = pd.Series(dict(names) if names is not None else {}, dtype="str")
    return frame["debtor_id"].map(mapping).astype("str")
