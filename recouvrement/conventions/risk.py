"""Names of the risk classes of the behavioural score (DOMAIN.md, "Risk scoring").

The scoring (:mod:`recouvrement.scoring`) decides the thresholds; the dunning policy
(:mod:`recouvrement.dunning`, ``by_risk_class``) and the report tables only need the
names, in order from the best to the worst.
"""

from __future__ import annotations

FIABLE = "fiable"
MODERE = "modéré"
A_RISQUE = "à risque"

#: Risk classes, best first.
RISK_CLASSES = (FIABLE, MODERE, A_RISQUE)
