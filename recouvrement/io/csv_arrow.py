r"""CSV records split by pyarrow, exactly as Python's :mod:`csv` splits them, or not at all.

:func:`recouvrement.io.files.read_csv` reads a decoded CSV text. Python's :mod:`csv`
reader (``excel`` dialect: ``"`` quotes, doubled inside a quoted field, no escape
character, not strict) splits about a hundred thousand records a second; pyarrow's
parser splits millions, and on the files it accepts it splits them the same way:
same fields, quoted ones included (a line break or the separator inside quotes, a
doubled quote, text after a closing quote). What pyarrow does not say, this module
rebuilds with whole-column operations:

- **the line each record starts on**: a record spans one physical line plus the line
  breaks (``\n``, ``\r\n`` or ``\r``, as Python counts them) inside its quoted
  fields; pyarrow numbers the records it cannot take, so every record, blank and
  malformed ones included, gets its line;
- **blank lines**: a record whose every field is empty or only spaces (Python's
  :meth:`str.isspace`, which Arrow's ``utf8_trim_whitespace`` shares) is not a row;
- **malformed lines** (another number of fields than the header): pyarrow hands each
  over with its number; holding no quote (see below), it is split at the separator
  as Python's reader splits it and set aside with the fields and the line
  :func:`~recouvrement.io.files.read_csv` would report.

The line breaks inside quoted fields and the candidate blank records are found on the
UTF-8 bytes of the Arrow columns with numpy, a few passes over the data.

:func:`split_records` returns ``None`` where the two readers could differ, and the
caller reads that file with Python's :mod:`csv`, whose messages are the reference:

- a header that a quote carries beyond its first line;
- a malformed line holding a quote (at an unclosed quote Python's reader takes the
  rest of the file as one field, where pyarrow stops at the end of the file
  differently);
- a field longer than :func:`csv.field_size_limit` (Python refuses the file, with the
  line);
- any error of pyarrow's parser.
"""

from __future__ import annotations

import csv
import io
import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from recouvrement.ledger.parse_text import PY_SPACE_CLASS, chunk_bytes

#: A cell made only of Python whitespace (or empty), as an RE2 pattern.
BLANK_CELL = f"^{PY_SPACE_CLASS}*$"

#: The characters :meth:`str.splitlines` ends a line at (the first line of a file).
LINE_BOUNDARY = re.compile("[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")

#: A record's line breaks, as Python's reader counts lines (``\r\n`` is one).
_BREAK = re.compile(r"\r\n|\r|\n")

#: Characters shown of a malformed line in the quality table.
SHOWN_CHARS = 80


def malformed_line(fields: list[str], width: int, sep: str, start: int, end: int) -> dict:
    """The malformed-line record of a record of ``fields`` on lines ``start`` to ``end``.

    ``width`` is the header's number of fields; the value shown is the fields joined
    by ``sep``, cut at :data:`SHOWN_CHARS`.
    """
    problem = f"ligne mal formée : {len(fields)} champs au lieu de {width}"
    if end > start:
        problem += f" (lignes {start} à {end} lues comme une seule : guillemet non fermé ?)"
    return {"row": start, "column": "", "value": sep.join(fields)[:SHOWN_CHARS], "problem": problem}


def first_line(text: str) -> str:
    """The first line of ``text``, as ``text.splitlines()[0]`` (``""`` for an empty text)."""
    found = LINE_BOUNDARY.search(text)
    return text if found is None else text[: found.start()]


def header_fields(text: str, sep: str) -> tuple[list[str], int] | None:
    """The header's fields as Python's reader splits them, and where the data begins.

    Returns ``(fields, offset)``: ``offset`` is the index in ``text`` of the first
    character after the header's line break. ``None`` when a quote carries the header
    beyond its first physical line (the caller then reads the file with :mod:`csv`).
    """
    found = _BREAK.search(text)
    line, offset = (text, len(text)) if found is None else (text[: found.start()], found.end())
    probe = list(csv.reader(io.StringIO(line + "\nx", newline=""), delimiter=sep))
    if len(probe) != 2 or probe[1] != ["x"]:
        return None  # the header's quote swallowed the line break
    return probe[0], offset


def _line_breaks(column: pa.ChunkedArray) -> np.ndarray:
    r"""Line breaks inside each value (``\n``, ``\r``, ``\r\n`` counting once), as int64.

    Counted on the bytes (a line break is one byte, 0x0A or 0x0D, in UTF-8): each
    0x0A, and each 0x0D not followed by 0x0A in the same value.
    """
    out = []
    for chunk in column.chunks:
        data, bounds = chunk_bytes(chunk)
        lf, cr = data == 0x0A, data == 0x0D
        breaks = np.flatnonzero(lf | cr)
        if not len(breaks):
            out.append(np.zeros(len(chunk), dtype=np.int64))
            continue
        row = np.searchsorted(bounds, breaks, side="right") - 1
        nxt = np.minimum(breaks + 1, len(data) - 1)
        pair = cr[breaks] & lf[nxt] & (breaks + 1 < bounds[row + 1])  # \r\n: one break
        out.append(np.bincount(row[~pair], minlength=len(chunk)).astype(np.int64))
    return np.concatenate(out) if out else np.zeros(0, dtype=np.int64)


#: Bytes a cell of spaces (``PY_SPACE``) may start with (from 0x80 on: any, to be sure).
_SPACE_START = np.zeros(256, dtype=bool)
_SPACE_START[[*range(0x09, 0x0E), *range(0x1C, 0x21), *range(0x80, 0x100)]] = True


def _blank_rows(table: pa.Table) -> np.ndarray:
    """Rows whose every field is empty or Python whitespace.

    Only the rows whose first field is empty or starts with a byte a space may start
    with are matched against :data:`BLANK_CELL`, column after column.
    """
    if not table.num_columns:
        return np.ones(table.num_rows, dtype=bool)
    first = []
    for chunk in table.column(0).chunks:
        data, bounds = chunk_bytes(chunk)
        empty = bounds[1:] == bounds[:-1]
        spaced = np.zeros(len(empty), dtype=bool)
        spaced[~empty] = _SPACE_START[data[bounds[:-1][~empty]]]
        first.append(empty | spaced)
    blank = np.concatenate(first) if first else np.zeros(0, dtype=bool)
    for column in table.columns:
        rows = np.flatnonzero(blank)
        if not len(rows):
            break
        values = column.take(pa.array(rows))
        mask = pc.match_substring_regex(values, BLANK_CELL).to_numpy(zero_copy_only=False)
        blank[rows] = mask.astype(bool)
    return blank


def _longest(table: pa.Table, refused: list[tuple[int | None, str]]) -> int:
    """The length in characters of the longest field (a refused line counts whole)."""
    longest = max((len(line) for _, line in refused), default=0)
    for column in table.columns:
        if len(column) and pc.max(pc.binary_length(column)).as_py() > longest:
            longest = max(longest, pc.max(pc.utf8_length(column)).as_py())
    return longest


def _arrow_read(
    data: memoryview, sep: str, width: int, quoted: bool
) -> tuple[pa.Table, list[tuple[int | None, str]]] | None:
    """Every field as text, and the records refused (number, text); ``None``: an error.

    Read on one thread: pyarrow numbers the records it refuses only then (and one
    thread does the same work with less CPU time on a shared machine).
    """
    refused: list[tuple[int | None, str]] = []

    def refuse(row: pa_csv.InvalidRow) -> str:
        refused.append((row.number, row.text))
        return "skip"

    fields = [f"f{i}" for i in range(width)]
    try:
        table = pa_csv.read_csv(
            pa.BufferReader(pa.py_buffer(data)),
            read_options=pa_csv.ReadOptions(use_threads=False, column_names=fields),
            parse_options=pa_csv.ParseOptions(
                delimiter=sep,
                quote_char='"',
                double_quote=True,
                escape_char=False,
                newlines_in_values=quoted,
                ignore_empty_lines=False,
                invalid_row_handler=refuse,
            ),
            convert_options=pa_csv.ConvertOptions(
                column_types={f: pa.string() for f in fields},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowException, ValueError):
        return None
    return table, refused


def split_records(
    text: str, sep: str, names: list[str], offset: int
) -> tuple[pd.DataFrame, list[int], list[dict]] | None:
    """The records after the header, as :func:`~recouvrement.io.files.read_csv` gives them.

    Parameters
    ----------
    text : str
        The decoded file.
    sep : str
        Its separator (one character).
    names : list of str
        The header's fields (stripped): the frame's columns.
    offset : int
        Where the data begins in ``text`` (:func:`header_fields`).

    Returns
    -------
    (DataFrame, list of int, list of dict) or None
        The text cells (pandas ``str`` columns named after the header), the line each
        kept record starts on (the header is line 1), the malformed lines (``row``,
        ``column``, ``value``, ``problem``); ``None`` for a file this module does not
        split (module docstring): read it with :mod:`csv`.

    """
    if offset >= len(text):
        return None  # no record: nothing to gain
    head = len(text[:offset].encode("utf-8"))
    data = memoryview(text.encode("utf-8"))[head:]
    quoted = '"' in text
    read = _arrow_read(data, sep, len(names), quoted)
    del data
    if read is None:
        return None
    table, refused = read
    if any(number is None or '"' in line for number, line in refused):
        return None
    if _longest(table, refused) > csv.field_size_limit():
        return None
    return _numbered(table, refused, names, sep, quoted)


def _numbered(
    table: pa.Table, refused: list[tuple[int, str]], names: list[str], sep: str, quoted: bool
) -> tuple[pd.DataFrame, list[int], list[dict]]:
    """Number every record by its first line; drop blank ones; describe malformed ones."""
    refused = sorted(refused)
    total = table.num_rows + len(refused)
    is_refused = np.zeros(total, dtype=bool)
    is_refused[[number - 1 for number, _ in refused]] = True
    spans = np.ones(total, dtype="int64")
    if quoted:
        inside = sum(_line_breaks(column) for column in table.columns)
        spans[~is_refused] += inside if table.num_columns else 0
    # a refused record holds no quote (split_records), so no line break: one line
    starts = 2 + np.concatenate([[0], np.cumsum(spans)[:-1]])  # the header is line 1
    blank = _blank_rows(table)
    kept = np.flatnonzero(~blank)
    if len(kept) < table.num_rows:
        table = table.take(pa.array(kept))
    numbers = starts[~is_refused][kept].tolist()
    bad = []
    for (_, line), start in zip(refused, starts[is_refused].tolist(), strict=True):
        cells = line.split(sep)  # no quote in it: Python's reader splits it so
        if any(c.strip() for c in cells):  # else a blank line: not a row
            bad.append(malformed_line(cells, len(names), sep, start, start))
    frame = table.to_pandas()
    frame.columns = names
    return frame, numbers, bad
