"""The audit layer of one company at one date: dunning audit, legal claims, risk, letters.

- :mod:`~recouvrement.audit.layer`: :func:`audit_layer` runs the rules of
  :mod:`recouvrement.dunning`, :mod:`recouvrement.legal` and :mod:`recouvrement.scoring`
  once on one snapshot and keeps what the report shows (:class:`AuditLayer`);
- :mod:`~recouvrement.audit.decisions`: one action per debtor
  (:func:`debtor_decisions`), from which the summary, the risk recommendations, the
  action plan and the letters all derive, so they never contradict each other;
- :mod:`~recouvrement.audit.action_plan`: the month's plan (:func:`action_plan`), each
  debtor's action with its owner, due date and status against last month's plan.
"""

from recouvrement.audit.action_plan import PLAN_COLUMNS, action_plan
from recouvrement.audit.decisions import DECISION_COLUMNS, debtor_decisions
from recouvrement.audit.layer import AuditLayer, audit_layer

__all__ = [
    "DECISION_COLUMNS",
    "PLAN_COLUMNS",
    "AuditLayer",
    "action_plan",
    "audit_layer",
    "debtor_decisions",
]
