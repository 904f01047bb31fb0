"""Portfolio analytics over month ends: roll rates and the DSO bridge.

Pure functions on a ledger (no file, no printing, no plotting), built on the as-of engine
(:mod:`recouvrement.aging`) and the KPIs (:mod:`recouvrement.kpi`); the report layer
draws them. Amounts are integer cents and additive, so that a portfolio of companies sums
its members' cents and recomputes its own shares and effects.

- :mod:`~recouvrement.portfolio.rolls`: roll matrices (where the encours of each age
  bucket is one month later, to the cent) and their history;
- :mod:`~recouvrement.portfolio.shares`: matrices summed over companies or months, and
  their shares (roll, stay, cure rates);
- :mod:`~recouvrement.portfolio.dso_bridge`: the change of DSO between two month ends
  split into volume, mix and collection effects, and its waterfall;
- :mod:`~recouvrement.portfolio.shapley`: the arithmetic of that split.
"""

from recouvrement.portfolio.dso_bridge import (
    GROUPINGS,
    MISSING_GROUP,
    WATERFALL_COLUMNS,
    DsoBridge,
    dso_bridge,
    dso_bridge_from_cents,
    dso_waterfall,
)
from recouvrement.portfolio.rolls import (
    CLEARED_LABELS,
    CREDITED_LABEL,
    ENCOURS_COLUMN,
    ROLL_ITEM_COLUMNS,
    SETTLED_LABEL,
    WRITTEN_OFF_LABEL,
    roll_history,
    roll_items,
    roll_matrix,
)
from recouvrement.portfolio.shapley import (
    BRIDGE_METHODS,
    CENT_COLUMNS,
    GROUP_COLUMNS,
    TREATMENTS,
    decompose_dso,
)
from recouvrement.portfolio.shares import RATE_COLUMNS, combine_rolls, roll_rates

__all__ = [
    "BRIDGE_METHODS",
    "CENT_COLUMNS",
    "CLEARED_LABELS",
    "CREDITED_LABEL",
    "ENCOURS_COLUMN",
    "GROUPINGS",
    "GROUP_COLUMNS",
    "MISSING_GROUP",
    "RATE_COLUMNS",
    "ROLL_ITEM_COLUMNS",
    "SETTLED_LABEL",
    "TREATMENTS",
    "WATERFALL_COLUMNS",
    "WRITTEN_OFF_LABEL",
    "DsoBridge",
    "combine_rolls",
    "decompose_dso",
    "dso_bridge",
    "dso_bridge_from_cents",
    "dso_waterfall",
    "roll_history",
    "roll_items",
    "roll_matrix",
    "roll_rates",
]
