"""What a logged channel of the dunning log is: a registered letter, a phone call.

The dunning log (``actions`` table) names its channels freely (``LRAR``, ``lettre
recommandée``, ``email``, ``courrier``, ``téléphone``...). Two rules read them, and
both live here, in the bottom layer, so that :mod:`recouvrement.dunning` (a reminder
sent after settlement) and :mod:`recouvrement.legal` (a formal notice, a written claim
that interrupts a prescription) share them:

- :func:`is_registered`: a registered letter (:data:`REGISTERED_CHANNELS`, or any
  channel containing ``recommand``);
- :func:`is_phone`: a phone call (:data:`PHONE_CHANNELS`, or any channel containing
  ``telephon``), the only oral channel: every other *named* channel is written.

Channels are compared lower-cased, without accents nor surrounding blanks
(:func:`plain_channel`).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

import numpy as np
import pandas as pd

__all__ = [
    "PHONE_CHANNELS",
    "REGISTERED_CHANNELS",
    "is_phone",
    "is_registered",
    "is_written",
    "plain_channel",
]

#: Channels of a registered letter (compared without case nor accents); any channel
#: containing "recommand" (lettre recommandée, courrier recommandé...) is one too.
REGISTERED_CHANNELS = ("lrar", "lre")

#: Channels of a phone call (compared without case nor accents); any channel
#: containing "telephon" (téléphone, appel téléphonique...) is one too.
PHONE_CHANNELS = ("tel", "appel", "phone", "call", "telephone")


def plain_channel(text: object) -> str:
    """``text`` lower-cased, without accents nor surrounding blanks (``""`` when missing)."""
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        return ""
    decomposed = unicodedata.normalize("NFKD", str(text).strip().casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def is_registered(channels: Iterable[object]) -> np.ndarray:
    """Boolean per channel: a registered letter (see :data:`REGISTERED_CHANNELS`).

    Examples
    --------
    >>> is_registered(["LRAR", "Lettre recommandée", "email", None]).tolist()
    [True, True, False, False]

    """
    plain = [plain_channel(c) for c in channels]
    return np.array([p in REGISTERED_CHANNELS or "recommand" in p for p in plain], dtype=bool)


def is_phone(channels: Iterable[object]) -> np.ndarray:
    """Boolean per channel: a phone call (see :data:`PHONE_CHANNELS`).

    Examples
    --------
    >>> is_phone(["téléphone", "Appel", "courrier", None]).tolist()
    [True, True, False, False]

    """
    plain = [plain_channel(c) for c in channels]
    return np.array([p in PHONE_CHANNELS or "telephon" in p for p in plain], dtype=bool)


def is_written(channels: Iterable[object]) -> np.ndarray:
    """Boolean per channel: a written action (a named channel that is not a phone call).

    A missing channel is not known to be written: ``False`` (the rules that use it,
    such as the interruption of a prescription, then keep the earliest deadline).

    Examples
    --------
    >>> is_written(["email", "LRAR", "téléphone", None, " "]).tolist()
    [True, True, False, False, False]

    """
    values = list(channels)
    named = np.array([plain_channel(c) != "" for c in values], dtype=bool)
    return named & ~is_phone(values)
