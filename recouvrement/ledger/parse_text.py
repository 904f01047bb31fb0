r"""Control characters in identifiers and free text: removed, and shown escaped.

A NUL byte or an escape sequence inside an invoice id makes a second invoice of the
same id; inside a debtor's name it reaches the report's HTML. Every id and text cell
is cleaned here: the control characters (Unicode category ``Cc``: U+0000–U+001F,
U+007F–U+009F) are removed from ids; in free text the whitespace ones (tab, line
breaks) become ordinary spaces and the others are removed. The caller lists each
affected row with the value as read, its control characters escaped (``\x00``).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pyarrow as pa

#: Every control character (Unicode category Cc), as a pattern Python and Arrow both read.
CONTROL = r"[\x00-\x1f\x7f-\x9f]"
CONTROL_RE = re.compile(CONTROL)

#: Control characters that stand for a space in free text.
SPACE_LIKE = r"[\t\n\x0b\x0c\r\x1c-\x1f\x85]"

#: The characters Python's :meth:`str.isspace` (and ``re``'s ``\s``) calls whitespace:
#: what :meth:`str.strip` removes, written out for the Arrow (RE2) patterns.
PY_SPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)

#: One character of :data:`PY_SPACE`, as an RE2 (Arrow) character class.
PY_SPACE_CLASS = "[" + "".join(f"\\x{{{ord(c):x}}}" for c in PY_SPACE) + "]"

#: Problem of the quality table for a cell whose control characters were removed.
CONTROL_PROBLEM = "caractères de contrôle supprimés"


def escape_controls(text: str) -> str:
    r"""``text`` with each control character written ``\xNN`` (printable on one line)."""
    return CONTROL_RE.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def utf8_bytes(text: pd.Series) -> list[np.ndarray] | None:
    """The UTF-8 bytes of the cells of an Arrow-backed text column, one array per chunk.

    ``None`` when the column is not Arrow text (the caller looks cell by cell). The
    bytes of a missing cell, if any, are included: a test on them may only be
    conservative.
    """
    if not (isinstance(text.dtype, pd.StringDtype) and text.dtype.storage == "pyarrow"):
        return None
    array = pa.array(text.array)
    out = []
    for chunk in array.chunks if isinstance(array, pa.ChunkedArray) else [array]:
        buffers = chunk.buffers()
        if len(chunk) == 0 or buffers[2] is None:
            continue
        width = np.int64 if isinstance(chunk, pa.LargeStringArray) else np.int32
        offsets = np.frombuffer(buffers[1], dtype=width)
        data = np.frombuffer(buffers[2], dtype=np.uint8)
        out.append(data[offsets[chunk.offset] : offsets[chunk.offset + len(chunk)]])
    return out


def _byte_set(*ranges: tuple[int, int]) -> np.ndarray:
    """A 256-entry mask of the bytes in the inclusive ``ranges``."""
    mask = np.zeros(256, dtype=bool)
    for low, high in ranges:
        mask[low : high + 1] = True
    return mask


#: Bytes of a control character of one byte; 0xC2 leads U+0080 to U+009F.
_CONTROL_BYTES = _byte_set((0x00, 0x1F), (0x7F, 0x7F), (0xC2, 0xC2))
#: Bytes a character of :data:`PY_SPACE` is or starts with (every byte from 0x80 on).
_SPACE_BYTES = _byte_set((0x09, 0x0D), (0x1C, 0x20), (0x80, 0xFF))


def maybe_controls(text: pd.Series) -> bool:
    """Whether a text column may hold a control character (``False``: it holds none).

    Looks at the UTF-8 bytes of the Arrow-backed cells at once (:func:`utf8_bytes`): a
    control character is a byte below 0x20, 0x7F, or 0xC2 followed by 0x80 to 0x9F
    (U+0080 to U+009F). ``True`` for a column not backed by Arrow, or when such bytes
    are found (the caller then looks cell by cell).
    """
    chunks = utf8_bytes(text)
    if chunks is None:
        return True
    for data in chunks:
        found = np.flatnonzero(_CONTROL_BYTES[data])
        if not len(found):
            continue
        if (data[found] != 0xC2).any():
            return True
        after = data[np.minimum(found + 1, len(data) - 1)]
        if ((after >= 0x80) & (after <= 0x9F)).any():
            return True
    return False


def maybe_spaces(text: pd.Series) -> bool:
    """Whether a text column may hold a character of :data:`PY_SPACE` (``False``: none).

    Every such character is an ASCII byte 0x09 to 0x0D, 0x1C to 0x20, or starts with a
    byte of 0x80 or more: a column of ASCII without those bytes has none. ``True`` for
    a column not backed by Arrow.
    """
    chunks = utf8_bytes(text)
    if chunks is None:
        return True
    return any(_SPACE_BYTES[data].any() for data in chunks)


def strip_controls(raw: pd.Series, *, free_text: bool) -> tuple[pd.Series, pd.Series]:
    """Remove control characters from the text cells of ``raw``.

    Parameters
    ----------
    raw : Series
        Cells as read (text, numbers, missing values). Only text cells are changed.
    free_text : bool
        ``True``: tabs and line breaks become ordinary spaces (a name stays readable);
        ``False`` (identifiers): every control character is removed.

    Returns
    -------
    (Series, Series)
        The cleaned cells (same index, other cells unchanged) and the mask of the cells
        that held a control character.

    """
    if pd.api.types.is_string_dtype(raw.dtype) and raw.dtype != object:
        if not maybe_controls(raw):
            return raw, pd.Series(False, index=raw.index)
        text = raw  # Arrow-backed text: vectorised
    elif pd.api.types.infer_dtype(raw, skipna=True) in ("string", "empty"):
        text = raw.astype("str")  # text cells and missing ones only (a CSV)
    else:
        is_text = raw.map(lambda v: isinstance(v, str)).astype(bool)
        if not is_text.any():
            return raw, pd.Series(False, index=raw.index)
        text = raw[is_text].astype("str")
    hit = text.str.contains(CONTROL, regex=True, na=False).astype(bool)
    if not hit.any():
        return raw, pd.Series(False, index=raw.index)
    cleaned = text[hit]
    if free_text:
        cleaned = cleaned.str.replace(SPACE_LIKE, " ", regex=True)
    cleaned = cleaned.str.replace(CONTROL, "", regex=True)
    out = raw.astype("object").copy()
    out.loc[cleaned.index] = cleaned.astype("object")
    return out, hit.reindex(raw.index, fill_value=False)
