"""Which letter a dunning step calls for, its deadline, and the dunning log in words.

The kind of letter comes from the step, not from its number: a step sent by registered
letter (``LRAR``, ``lettre recommandée``..., :func:`recouvrement.dunning.after_settlement.
is_registered`) is a **mise en demeure** (art. 1344 du code civil: a summons to pay; it
makes interest run, art. 1231-6 and 1344-1); a step that hands the file over (agency,
court, phone call: :data:`NO_LETTER_WORDS`) gets no letter; any other step is a
reminder (première, deuxième, troisième relance...).
"""

from __future__ import annotations

import functools
import unicodedata

import pandas as pd

from recouvrement.dunning.after_settlement import is_registered

__all__ = [
    "DEADLINE_DAYS",
    "FORMAL_NOTICE",
    "FORMAL_NOTICE_DAYS",
    "LETTER_KINDS",
    "NOTICE_WORDS",
    "NO_LETTER_WORDS",
    "channel_words",
    "letter_kind",
    "level_words",
    "registered_channel",
]

#: Days given to pay in a reminder (from the letter's date; the deadline is then moved
#: to a business day).
DEADLINE_DAYS = 8
#: Days from receipt given by a mise en demeure (8, 10 or 15 are usual).
FORMAL_NOTICE_DAYS = 10
#: The notice periods a mise en demeure may give, in words.
NOTICE_WORDS = {8: "huit", 10: "dix", 15: "quinze"}
#: The kind of a mise en demeure.
FORMAL_NOTICE = "mise_en_demeure"
#: Kind -> French title (a reminder's title also depends on its level, see letter_kind).
LETTER_KINDS: dict[str, str] = {
    "relance_1": "Première relance",
    "relance_2": "Deuxième relance",
    "relance_3": "Troisième relance",
    FORMAL_NOTICE: "Mise en demeure",
}
#: A step whose channel contains one of these words (no case, no accent) gets no
#: letter: a call, or the file handed over to an agency, a lawyer or a court.
NO_LETTER_WORDS = (
    "telephone",
    "appel",
    "phone",
    "agence",
    "tribunal",
    "juridiction",
    "contentieux",
    "avocat",
    "huissier",
    "commissaire",
    "injonction",
)

_ORDINALS = {
    1: "première",
    2: "deuxième",
    3: "troisième",
    4: "quatrième",
    5: "cinquième",
    6: "sixième",
    7: "septième",
    8: "huitième",
    9: "neuvième",
    10: "dixième",
}


def _plain(text: object) -> str:
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        return ""
    decomposed = unicodedata.normalize("NFKD", str(text).strip().casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@functools.lru_cache(maxsize=1024)
def registered_channel(channel: object) -> bool:
    """Whether a channel is a registered letter (the rule of ``after_settlement``; cached)."""
    return bool(is_registered(pd.Series([channel], dtype="object"))[0])


@functools.lru_cache(maxsize=1024)
def letter_kind(level: int, channel: object = None) -> tuple[str, str] | None:
    """``(kind, title)`` of the letter of a dunning step, or None when it gets none (cached).

    Registered channel: ``("mise_en_demeure", "Mise en demeure")``. A channel of
    :data:`NO_LETTER_WORDS`: None. Otherwise a reminder: ``relance_1`` (level 1),
    ``relance_2`` (level 2), ``relance_3`` (level 3 and above), titled by its level
    (``"Quatrième relance"``...).

    Raises
    ------
    ValueError
        For a level below 1 (a pre-due notice is no letter).

    """
    level = int(level)
    if level < 1:
        raise ValueError(f"a letter needs a dunning level ≥ 1, got {level!r}")
    if registered_channel(channel):
        return FORMAL_NOTICE, LETTER_KINDS[FORMAL_NOTICE]
    plain = _plain(channel)
    if any(word in plain for word in NO_LETTER_WORDS):
        return None
    kind = f"relance_{min(level, 3)}"
    title = f"{_ORDINALS[level].capitalize()} relance" if level in _ORDINALS else "Relance"
    return kind, title


def level_words(level: int) -> str:
    """A logged level in words: ``"première relance"``, ``"avis d'échéance"`` (level 0)."""
    level = int(level)
    if level <= 0:
        return "avis d'échéance"
    return f"{_ORDINALS[level]} relance" if level in _ORDINALS else f"relance de niveau {level}"


def channel_words(channel: object) -> str:
    """A logged channel in words (``"par courriel"``); ``""`` when missing.

    An unknown channel is quoted as logged (``"par fax"``): never more than the log says.
    """
    plain = _plain(channel)
    if not plain:
        return ""
    if registered_channel(channel):
        return "par lettre recommandée avec accusé de réception"
    if plain in ("email", "e-mail", "mail", "courriel"):
        return "par courriel"
    if plain in ("courrier", "lettre", "lettre simple", "courrier simple"):
        return "par courrier"
    if plain in ("sms",):
        return "par SMS"
    if "telephon" in plain or plain == "appel":
        return "par téléphone"
    return f"par {str(channel).strip()}"
