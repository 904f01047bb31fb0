"""Everything a report notebook displays, in one import (``display as rd``).

The blocks themselves live in :mod:`recouvrement.report.html` (cards, notes, facts,
prose, cover page, figures), :mod:`recouvrement.report.html_tables` (tables and KPI
tables), :mod:`recouvrement.report.attachments` (documents beside the report) and
:mod:`recouvrement.report.headline` (the headline figures for the runner). Every value
they print is escaped.
"""

from recouvrement.report.attachments import ATTACHMENT_MIME, Attachment, attachment
from recouvrement.report.headline import HEADLINE_MIME, Headline
from recouvrement.report.html import (
    EMPTY_TEXT,
    ZERO_DASH,
    Html,
    bullet_list,
    cover_page,
    facts,
    figure,
    kpi_cards,
    paragraph,
    prose,
    section_note,
)
from recouvrement.report.html_tables import kpi_table, table_html

__all__ = [
    "ATTACHMENT_MIME",
    "EMPTY_TEXT",
    "HEADLINE_MIME",
    "ZERO_DASH",
    "Attachment",
    "Headline",
    "Html",
    "attachment",
    "bullet_list",
    "cover_page",
    "facts",
    "figure",
    "kpi_cards",
    "kpi_table",
    "paragraph",
    "prose",
    "section_note",
    "table_html",
]
