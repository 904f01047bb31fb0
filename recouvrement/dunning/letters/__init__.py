"""The letters a credit manager sends for the next dunning actions: French, true, complete.

One letter per debtor procedure (several overdue invoices of one debtor go into one
letter), of the kind its dunning **step** calls for
(:func:`~recouvrement.dunning.letters.kinds.letter_kind`):

=========================  ===================================  ============================
step's channel             letter                               deadline given
=========================  ===================================  ============================
registered letter (LRAR,   mise en demeure (art. 1344 C. civ.),  10 days from receipt
recommandé...)             headed "Lettre recommandée avec       (``notice_days``: 8, 10, 15)
                           accusé de réception"
call, agency, court        none
any other                  première, deuxième, troisième         8 days (``deadline_days``),
                           relance...                            on a business day
=========================  ===================================  ============================

Only what is true is written (:func:`~recouvrement.dunning.letters.select.letters_for`):
the invoices overdue at the letter's date (a mise en demeure: only those whose own level
reached the registered step); the history the dunning log shows, dated before the letter
and after the invoices' due dates; penalties and the recovery indemnity only when the
invoice's interest row says they are claimed, with the legal basis of the debtor's
regime (:mod:`recouvrement.conventions.regimes`: art. L.441-10 and D.441-5 du code de
commerce for professionals, R.2192-31 and D.2192-35 du code de la commande publique for
public buyers, never for individuals, whose mise en demeure makes legal interest run
from its receipt, art. 1231-6 and 1344-1 du code civil); no letter to a debtor in
insolvency proceedings. The tone is courteous, professional and firm, never a threat
nor a third party (art. 312-10 and 226-1 du Code pénal).

Each letter carries the creditor's mandatory mentions (art. R.123-237 du code de
commerce) and payment details from ``recouvrement.yml`` (``creditor:``), its nature,
contact and signatory from ``dunning: letters:``. Nothing is invented and no
placeholder is printed: a missing item makes the letter a draft (a banner) and an item
of the company's checklist (:func:`~recouvrement.dunning.letters.model.checklist`), as
do the internal notes (a provisional rate, a debtor of unknown kind), which are never
printed.

The content of each letter is built once as plain-text blocks
(:class:`~recouvrement.dunning.letters.model.Block`), which the report renders as HTML
→ PDF, as ``.docx`` and as a register (:mod:`recouvrement.report.letters`), escaping
client data where markup is interpreted.
"""

from recouvrement.dunning.letters.draft import CLAIM, addressee, draft_letter
from recouvrement.dunning.letters.furniture import (
    CREDITOR_ITEMS,
    MANDATORY_MENTIONS,
    SETTING_ITEMS,
    furniture,
)
from recouvrement.dunning.letters.kinds import (
    DEADLINE_DAYS,
    FORMAL_NOTICE,
    FORMAL_NOTICE_DAYS,
    LETTER_KINDS,
    NOTICE_WORDS,
    channel_words,
    letter_kind,
    level_words,
)
from recouvrement.dunning.letters.model import (
    Block,
    ChecklistRow,
    Furniture,
    HistoryEntry,
    Letter,
    ToDo,
    checklist,
)
from recouvrement.dunning.letters.select import letter_history, letters_for
from recouvrement.dunning.letters.texts import (
    DRAFT_BANNER,
    REGISTERED_HEADER,
    civility_of,
    greeting,
)

__all__ = [
    "CLAIM",
    "CREDITOR_ITEMS",
    "DEADLINE_DAYS",
    "DRAFT_BANNER",
    "FORMAL_NOTICE",
    "FORMAL_NOTICE_DAYS",
    "LETTER_KINDS",
    "MANDATORY_MENTIONS",
    "NOTICE_WORDS",
    "REGISTERED_HEADER",
    "SETTING_ITEMS",
    "Block",
    "ChecklistRow",
    "Furniture",
    "HistoryEntry",
    "Letter",
    "ToDo",
    "addressee",
    "channel_words",
    "checklist",
    "civility_of",
    "draft_letter",
    "furniture",
    "greeting",
    "letter_history",
    "letter_kind",
    "letters_for",
    "level_words",
]
