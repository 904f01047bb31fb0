"""Reading a company's KPI targets file (``objectifs.yml``)."""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from pathlib import Path

from recouvrement.io.config import read_yaml
from recouvrement.io.messages import shown
from recouvrement.ledger import LedgerError

#: What a target is, with an example (the end of every message on a value).
EXPECTED = "un nombre est attendu, dans l'unité de l'indicateur (par exemple dso: 45)"


def load_targets(path: str | os.PathLike[str]) -> dict[str, float]:
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
        In French, every problem at once: unreadable file, YAML error (with its
        line), a key written twice, not a mapping, or a target that is not a finite
        number (``"45"`` in quotes, ``true`` or ``.nan`` are not numbers).

    """
    label = Path(path).name
    raw = read_yaml(Path(path), label)
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        kind = "une liste" if isinstance(raw, list) else f"« {shown(raw)} »"
        raise LedgerError(
            [
                f"{label} : le fichier doit associer chaque indicateur à sa cible "
                f"(par exemple dso: 45), pas {kind}"
            ]
        )
    problems, out = [], {}
    for key, value in raw.items():
        number = float("nan")
        if isinstance(value, int | float) and not isinstance(value, bool):
            number = float(value)
        if not math.isfinite(number):
            hint = ""
            if isinstance(value, str):
                hint = " ; l'écrire sans guillemets ni unité"
            problems.append(f"{label} : {shown(key)} = « {shown(value)} » : {EXPECTED}{hint}")
            continue
        out[str(key)] = number
    if problems:
        raise LedgerError(problems)
    return out
