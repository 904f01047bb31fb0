"""The blocks of each section of the monthly report, one function per notebook cell.

Every function takes the :class:`~recouvrement.report.context.Report` and returns the
blocks its cell displays, in order: the notebook stays a linear template of
``display(*sections.x(r))`` calls between its markdown headings.

- :mod:`~recouvrement.report.sections.front`: cover, sources, summary, findings, key KPIs;
- :mod:`~recouvrement.report.sections.dashboard`: the dashboard, the key messages and
  the action plan (the three pages read first);
- :mod:`~recouvrement.report.sections.portfolio`: aged balance, evolution, top overdue
  debtors, recovery, delays;
- :mod:`~recouvrement.report.sections.losses`: disputes, doubtful receivables,
  write-offs, payment behaviour;
- :mod:`~recouvrement.report.sections.audit`: risk scoring, dunning audit, next
  actions and letters, penalties, prescription;
- :mod:`~recouvrement.report.sections.books`: for a FEC, the tie to the customer
  accounts, the lettrage quality and the source of each debtor's terms;
- :mod:`~recouvrement.report.sections.appendix`: data quality and methodology.
"""

from recouvrement.report.sections import (
    appendix,
    audit,
    books,
    dashboard,
    front,
    losses,
    portfolio,
)

__all__ = ["appendix", "audit", "books", "dashboard", "front", "losses", "portfolio"]
