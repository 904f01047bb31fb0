"""Text keys looked up in a table of unique keys with Arrow's hash joins.

The cross-table rules ask, for a million payments, whether their invoice is known and
whose it is. pandas answers with ``Index.get_indexer`` and ``Series.map`` (about a
second per million on Arrow strings) or ``Series.isin`` (ten seconds against an
Index of Arrow strings); Arrow's ``is_in`` and ``index_in`` give the same answer in a
fraction of it. A missing key is never found (the keys are never missing).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc


def arrow_text(values: pd.Series | pd.Index) -> pa.Array | pa.ChunkedArray:
    """A text column (pandas ``str`` or ``object`` of text) as Arrow, missing as null."""
    cells = values.array if isinstance(values.dtype, pd.StringDtype) else values.to_numpy(object)
    return pa.array(cells, type=pa.large_string(), from_pandas=True)


def repeated(keys: pd.Series) -> pd.Series:
    """``keys.duplicated(keep="first")`` of a text column, by Arrow's dictionary encoding.

    Every occurrence of a value but its first is ``True``; missing cells are one value.
    A column already in strictly increasing order (exports are often sorted by id) has
    no value twice: it is not encoded.
    """
    cells = arrow_text(keys)
    if len(cells) > 1 and cells.null_count == 0:
        rising = pc.greater(cells.slice(1), cells.slice(0, len(cells) - 1))
        if pc.all(rising).as_py():  # strictly increasing (bytewise): no value twice
            return pd.Series(False, index=keys.index, name=keys.name)
    codes = pc.dictionary_encode(cells, null_encoding="encode")
    if isinstance(codes, pa.ChunkedArray):
        codes = codes.combine_chunks()
    index = codes.indices.to_numpy(zero_copy_only=False)
    first = np.full(len(codes.dictionary), len(index), dtype=np.int64)
    np.minimum.at(first, index, np.arange(len(index)))
    return pd.Series(first[index] != np.arange(len(index)), index=keys.index, name=keys.name)


class KeyTable:
    """Unique text keys and the value of each (e.g. kept invoice id -> its debtor).

    Parameters
    ----------
    values : Series
        Indexed by the keys, which must be unique and never missing (not checked: the
        caller builds them so, e.g. from the invoices kept once their duplicate ids are
        set aside; a key given twice would be found at its first place).

    """

    def __init__(self, values: pd.Series):
        self.values = values
        self.keys = arrow_text(values.index)

    def find(self, keys: pd.Series) -> np.ndarray:
        """The position of each of ``keys`` among the keys, ``-1`` when not one (or missing)."""
        if not len(keys):
            return np.zeros(0, dtype=np.intp)  # no hash table to build
        where = pc.index_in(arrow_text(keys), value_set=self.keys)
        return pc.fill_null(where, -1).to_numpy(zero_copy_only=False).astype(np.intp)

    def has(self, keys: pd.Series) -> pd.Series:
        """Whether each of ``keys`` is a key (``False`` for a missing one), same index."""
        return pd.Series(self.find(keys) >= 0, index=keys.index, dtype=bool)

    def values_at(self, positions: np.ndarray, index: pd.Index, name: object = None) -> pd.Series:
        """The values at ``positions`` (all found: ``>= 0``), labelled by ``index``.

        As ``keys.map(values)`` for keys all found: the values keep their dtype (text
        as pandas ``str``).
        """
        return self.values.iloc[positions].set_axis(index).rename(name)
