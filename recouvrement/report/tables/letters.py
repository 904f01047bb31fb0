"""The letter drafts of a report: which are written out, and the list of them all.

A ledger of thousands of debtors to dun would make a letters document of thousands of
pages; ``limits.max_letters`` bounds it. The letters written out are then the
``max_letters`` with the largest amounts due (the stakes first), in their usual order;
the list of every letter goes to ``relances.csv`` beside the report, so none is lost.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from recouvrement.dunning.letters import Letter


def drafted_letters(letters: Sequence[Letter], limit: int) -> list[Letter]:
    """The letters written out: all of them, or the ``limit`` largest by amount due.

    Ties are broken by the letters' order; the kept letters keep that order.
    """
    if len(letters) <= limit:
        return list(letters)
    ranked = sorted(range(len(letters)), key=lambda i: (-letters[i].principal, i))
    kept = sorted(ranked[:limit])
    return [letters[i] for i in kept]


def letters_table(letters: Sequence[Letter], drafted: Sequence[Letter]) -> pd.DataFrame:
    """One row per letter: addressee, letter, invoices, amounts, and whether it is drafted."""
    written = {id(letter) for letter in drafted}
    return pd.DataFrame(
        {
            "Code": [x.debtor_id for x in letters],
            "Débiteur": [x.debtor_name for x in letters],
            "Lettre": [x.title for x in letters],
            "Niveau": [x.level for x in letters],
            "Factures": [len(x.invoices) for x in letters],
            "Reste dû": [x.principal for x in letters],
            "Pénalités": [x.penalties for x in letters],
            "Indemnités": [x.indemnities for x in letters],
            "Rédigée": ["oui" if id(x) in written else "non" for x in letters],
        },
        columns=[
            "Code",
            "Débiteur",
            "Lettre",
            "Niveau",
            "Factures",
            "Reste dû",
            "Pénalités",
            "Indemnités",
            "Rédigée",
        ],
    )
