"""Reading a company's KPI targets file (``objectifs.yml``)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path

import yaml

from recouvrement.ledger import LedgerError


def load_targets(path: str | Path) -> dict[str, float]:
    """Read a targets file: a YAML mapping ``kpi key: target``.

    Parameters
    ----------
    path : str or Path
        YAML file, e.g. ``dso: 45`` and ``recovery_rate: 85``; targets are in each
        KPI's unit (percent for rates, days for DSO/ADD, a ratio for the cost per euro).

    Returns
    -------
    dict
        Key -> target (float), in the file's order. The keys are checked against
        the KPI keys by :func:`recouvrement.kpi.compare_to_targets` (this layer does
        not know the KPIs); merge over :data:`recouvrement.kpi.DEFAULT_TARGETS` to
        keep the defaults of the KPIs the file does not mention.

    Raises
    ------
    LedgerError
        Unreadable file, not a mapping, or a target that is not a finite number.

    """
    source = str(path)
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise LedgerError([f"{source}: cannot read the targets: {exc}"]) from None
    if not isinstance(raw, Mapping):
        raise LedgerError([f"{source}: the targets must be a mapping 'kpi key: target'"])
    problems, out = [], {}
    for key, value in raw.items():
        number = float("nan")
        if isinstance(value, int | float) and not isinstance(value, bool):
            number = float(value)
        if not math.isfinite(number):
            problems.append(f"{source}: target of {key!r} is not a number: {value!r}")
            continue
        out[str(key)] = number
    if problems:
        raise LedgerError(problems)
    return out
