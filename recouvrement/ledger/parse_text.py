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


def chunk_bytes(chunk: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """The UTF-8 bytes of an Arrow string chunk, and where each cell starts in them.

    Returns ``(data, bounds)``: cell ``i`` is ``data[bounds[i]:bounds[i + 1]]``. The
    bytes of a missing cell, if any, are included.
    """
    width = np.int64 if isinstance(chunk, pa.LargeStringArray) else np.int32
    offsets = np.frombuffer(chunk.buffers()[1], dtype=width)
    offsets = offsets[chunk.offset : chunk.offset + len(chunk) + 1].astype(np.int64)
    buffer = chunk.buffers()[2]
    data = np.frombuffer(buffer, dtype=np.uint8) if buffer is not None else np.zeros(0, np.uint8)
    return data[offsets[0] : offsets[-1]], offsets - offsets[0]


def arrow_chunks(text: pd.Series) -> list[pa.Array] | None:
    """The Arrow string chunks of an Arrow-backed text column (``None``: not one)."""
    if not (isinstance(text.dtype, pd.StringDtype) and text.dtype.storage == "pyarrow"):
        return None
    array = pa.array(text.array)
    chunks = array.chunks if isinstance(array, pa.ChunkedArray) else [array]
    if not all(isinstance(c, pa.StringArray | pa.LargeStringArray) for c in chunks):
        return None
    return chunks


def utf8_bytes(text: pd.Series) -> list[np.ndarray] | None:
    """The UTF-8 bytes of the cells of an Arrow-backed text column, one array per chunk.

    ``None`` when the column is not Arrow text (the caller looks cell by cell). The
    bytes of a missing cell, if any, are included: a test on them may only be
    conservative.
    """
    chunks = arrow_chunks(text)
    return None if chunks is None else [chunk_bytes(chunk)[0] for chunk in chunks]


def _controls_at(data: np.ndarray) -> np.ndarray:
    """Where in ``data`` (UTF-8 bytes) a control character starts."""
    lead = data == 0xC2  # 0xC2 0x80 to 0xC2 0x9F: U+0080 to U+009F
    if not ((data < 0x20).any() or (data == 0x7F).any() or lead.any()):
        return np.zeros(0, dtype=np.intp)  # the usual case: three quick passes
    where = np.flatnonzero((data < 0x20) | (data == 0x7F) | lead)
    after = data[np.minimum(where + 1, len(data) - 1)]
    c1 = (after >= 0x80) & (after <= 0x9F) & (where + 1 < len(data))
    return where[(data[where] != 0xC2) | c1]


def _spaces_in(data: np.ndarray) -> bool:
    """Whether ``data`` (UTF-8 bytes) may hold a character of :data:`PY_SPACE`."""
    return bool(
        ((data - np.uint8(0x09)) < 5).any()  # 0x09 to 0x0D (uint8 wraps below 0x09)
        or ((data - np.uint8(0x1C)) < 5).any()  # 0x1C to 0x20
        or (data >= 0x80).any()  # any character beyond ASCII, to be sure
    )


def control_rows(text: pd.Series) -> pd.Series | None:
    """Which cells of a text column hold a control character (:data:`CONTROL`).

    Read from the UTF-8 bytes of the Arrow-backed cells at once (:func:`chunk_bytes`): a
    control character is a byte below 0x20 or 0x7F, or 0xC2 followed by 0x80 to 0x9F
    (U+0080 to U+009F; 0xC2 only ever starts a character, so both bytes are in the same
    cell). Missing cells hold none. ``None`` for a column not backed by Arrow.
    """
    chunks = arrow_chunks(text)
    if chunks is None:
        return None
    hit = np.zeros(len(text), dtype=bool)
    first = 0
    for chunk in chunks:
        data, bounds = chunk_bytes(chunk)
        where = _controls_at(data)
        if len(where):
            hit[first + np.searchsorted(bounds, where, side="right") - 1] = True
        first += len(chunk)
    return pd.Series(hit & text.notna().to_numpy(), index=text.index)


def maybe_spaces(text: pd.Series) -> bool:
    """Whether a text column may hold a character of :data:`PY_SPACE` (``False``: none).

    Every such character is an ASCII byte 0x09 to 0x0D, 0x1C to 0x20, or starts with a
    byte of 0x80 or more: a column of ASCII without those bytes has none. ``True`` for
    a column not backed by Arrow.
    """
    chunks = utf8_bytes(text)
    if chunks is None:
        return True
    return any(_spaces_in(data) for data in chunks)


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
        text = raw  # Arrow-backed text: vectorised
    elif pd.api.types.infer_dtype(raw, skipna=True) in ("string", "empty"):
        text = raw.astype("str")  # text cells and missing ones only (a CSV)
    else:
        is_text = raw.map(lambda v: isinstance(v, str)).astype(bool)
        if not is_text.any():
            return raw, pd.Series(False, index=raw.index)
        text = raw[is_text].astype("str")
    hit = control_rows(text)  # from the bytes, else by the pattern
    if hit is None:
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
