"""The consultant's portfolio report: every company of a month side by side.

:func:`open_overview` computes the portfolio once (:mod:`.context`); the notebook
``portefeuille.ipynb`` displays the blocks of :mod:`.sections` and :mod:`.migrations`;
:func:`overview_attachment` carries the workbook ``portefeuille.xlsx``.
"""

from recouvrement.report.overview import migrations, sections
from recouvrement.report.overview.context import CompanyView, Overview, open_overview
from recouvrement.report.overview.workbook import overview_attachment, overview_workbook_bytes

__all__ = [
    "CompanyView",
    "Overview",
    "migrations",
    "open_overview",
    "overview_attachment",
    "overview_workbook_bytes",
    "sections",
]
