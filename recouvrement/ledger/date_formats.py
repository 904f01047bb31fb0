"""One format per text date column: a column it does not fit is refused whole.

A US export writes ``3/14/2025``: read day first, its dates with a day above 12 are
unreadable, and the others (``12/1/2025``) are read with day and month swapped. Set
aside cell by cell, such a column would be half kept, and wrong. So the format of a
text date column is decided for the column as a whole (:func:`date_misfits`), and a
column is refused (:class:`DateMisfit`, whose :meth:`~DateMisfit.message` is a French
message naming the table, the file, the column, examples, the likely format and the
fix) when

- another common format (:data:`OTHER_DATE_FORMATS`) reads it better: every cell the
  format in force reads, more cells than it, and most of the column;
- or, with no format given, it is **ambiguous**: every date read day first has a day at
  most 12 (so reads as well month first), one at least a day other than its month, and
  no date of the table has a day above 12 to settle it. ISO dates are never ambiguous.

An isolated bad cell (``32/01/2025``, ``n/a``) of a column that fits is only that
cell's problem: the caller sets its row aside, as before.
:func:`~recouvrement.ledger.parse.read_date_columns` reads the columns and applies the
decision.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from recouvrement import conventions as cv
from recouvrement.formatting import fmt_int
from recouvrement.ledger.parse_text import escape_controls

#: The formats a text date column is tried against when the format in force leaves some
#: of its cells unread: day or month first, year first, compact, two-digit years.
OTHER_DATE_FORMATS = (
    "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%m/%d/%Y", "%m-%d-%Y", "%m.%d.%Y",
    "%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d",
    "%d/%m/%y", "%d-%m-%y", "%d.%m.%y", "%m/%d/%y", "%m-%d-%y", "%m.%d.%y",
)  # fmt: skip

#: How many values of a refused column its message quotes.
EXAMPLES = 3

#: Each part of a date format: its French word, its code, its code in a year-first format.
_PARTS = {
    "d": ("jour", "J", "JJ"),
    "m": ("mois", "M", "MM"),
    "Y": ("année", "AAAA", "AAAA"),
    "y": ("année", "AA", "AA"),
}
#: What every one of :data:`OTHER_DATE_FORMATS` reads looks like this (and more does).
_DIGITS = r"[\d ]{1,4}[/.-]?[\d ]{1,4}[/.-]?[\d ]{1,4}"
_SHAPE = re.compile(r"%([dmYy])([/.-]?)%([dmYy])\2%([dmYy])")


def date_format_name(fmt: str) -> str:
    """A date format in French words.

    ``"%m/%d/%Y"`` is ``mois/jour/année (M/J/AAAA)``, ``"%Y%m%d"`` is
    ``année mois jour (AAAAMMJJ)``, ``"ISO8601"`` is ``année-mois-jour (AAAA-MM-JJ)``;
    any other format is quoted as written.
    """
    if fmt == "ISO8601":
        return "année-mois-jour (AAAA-MM-JJ)"
    shape = _SHAPE.fullmatch(fmt)
    if shape is None:
        return f"« {fmt} »"
    sep, parts = shape.group(2), [_PARTS[shape.group(i)] for i in (1, 3, 4)]
    codes = [part[2 if shape.group(1) == "Y" else 1] for part in parts]
    return f"{(sep or ' ').join(part[0] for part in parts)} ({sep.join(codes)})"


@dataclass(frozen=True)
class DateMisfit:
    """Why a text date column is refused whole.

    Attributes
    ----------
    column : str
        The column.
    given : str or None
        The ``date_format`` in force (``None``: the defaults, ISO or ``dd/mm/yyyy``).
    likely : tuple of str
        The formats that read the column, most likely first (two when ambiguous).
    examples : tuple of str
        Up to :data:`EXAMPLES` values of the column, as written, that show the misfit.
    present : int
        Text cells present.
    unread, misread : int
        Cells the format in force cannot read; cells it reads otherwise than the
        likely format (both 0 when ambiguous).
    fitted : int
        Cells the likely format reads (0 when ambiguous).
    ambiguous : bool
        No format given and every date reads as well day first as month first.

    """

    column: str
    given: str | None
    likely: tuple[str, ...]
    examples: tuple[str, ...]
    present: int
    unread: int = 0
    misread: int = 0
    fitted: int = 0
    ambiguous: bool = False

    def message(self, table: str, source: str) -> str:
        """The French message: table, file, column, examples, likely format and the fix.

        ``source`` is the file's name (``DataFrame`` for a frame given in Python, whose
        fix is then also written as a :class:`~recouvrement.ledger.ParseOptions`).
        """
        label = f"table des {cv.TABLE_LABELS_FR.get(table, table)} ({table}, {source})"
        shown = ", ".join(f"« {v} »" for v in self.examples)
        likely = " ou ".join(date_format_name(f) for f in self.likely)
        if self.ambiguous:
            head = (
                "dates ambiguës : chacune se lit aussi bien jour/mois que mois/jour (jour et "
                f"mois au plus 12 ; exemples : {shown}) et aucune date de la table ne "
                f"tranche ; format probable : {likely}. La colonne est refusée plutôt que "
                "lue au hasard"
            )
        else:
            given = (
                f"donné « {self.given} » (read.date_format)"
                if self.given
                else "attendu par défaut (AAAA-MM-JJ ou J/M/AAAA)"
            )
            every = self.fitted == self.present
            reads = "qui les lit toutes" if every else f"qui en lit {fmt_int(self.fitted)}"
            swapped = self.given is None or ("%d" in self.given and "%m" in self.given)
            how = "avec jour et mois inversés" if swapped else "autrement"
            kept = f" : {_dates(self.misread, 'autre date', '', 'y serait lue')} {how}"
            of = f"sur {fmt_int(self.present)}"
            head = (
                f"{_dates(self.unread, 'date', of, 'ne se lit pas')} au format {given} ; "
                f"format probable : {likely}, {reads} (exemples : {shown}). La colonne est "
                "refusée en entier plutôt que gardée à moitié" + (kept if self.misread else "")
            )
        fix = f'{{date_format: "{self.likely[0]}"}}'
        text = (
            f"{label}, colonne {self.column} : {head}. Indiquer le format dans le "
            f"recouvrement.yml de la société, pour cette table (tables: {table}: read: {fix})"
            f" ou pour tous ses fichiers (read: {fix})"
        )
        if self.ambiguous:
            other = self.likely[1]
            text += f', ou "{other}" si les dates sont {date_format_name(other)}'
        if source == "DataFrame":
            text += f' ; en Python : parse=ParseOptions(date_format="{self.likely[0]}")'
        return text


def _dates(count: int, noun: str, of: str, verb: str) -> str:
    """``1 date sur 4 ne se lit pas``, ``2 dates sur 4 ne se lisent pas``, agreed in number."""
    if count > 1:
        noun = " ".join(word + "s" for word in noun.split())
        verb = verb.replace("se lit", "se lisent").replace("serait lue", "seraient lues")
    return " ".join(part for part in (fmt_int(count), noun, of, verb) if part)


def _examples(words: pd.Series, *masks: pd.Series) -> tuple[str, ...]:
    """Up to :data:`EXAMPLES` distinct values of ``words``: the first mask's, then the next."""
    out: list[str] = []
    for mask in masks:
        for value in words[mask].head(50):
            shown = escape_controls(str(value))
            shown = shown if len(shown) <= 40 else shown[:39] + "…"
            if shown not in out and len(out) < EXAMPLES:
                out.append(shown)
    return tuple(out)


def _other_format(
    name: str, dates: pd.Series, words: pd.Series, formats: tuple[str, ...], given: str | None
) -> DateMisfit | None:
    """The misfit of a column another format reads better; ``None`` when none does.

    Each distinct text is read once per format, and counted as often as it occurs.
    """
    present = words.notna()
    unread = present & dates.isna()
    if not unread.any():
        return None
    codes, uniques = pd.factorize(words[present])
    counts = np.bincount(codes, minlength=len(uniques))
    first = np.unique(codes, return_index=True)[1]
    days = dates[present].to_numpy()[first]  # the reading in force of each distinct text
    read = ~np.isnat(days)
    shaped = pd.Series(uniques).str.fullmatch(_DIGITS).to_numpy(dtype=bool)
    if (read & ~shaped).any() or 2 * int(counts[shaped].sum()) <= int(present.sum()):
        return None  # no other format reads most of the column
    best: list[str] = []
    fitted, swapped = 0, np.zeros(len(uniques), dtype=bool)
    for fmt in OTHER_DATE_FORMATS:
        if fmt in formats:
            continue
        parsed = pd.Series(pd.NaT, index=range(len(uniques)), dtype="datetime64[us]")
        parsed[shaped] = pd.to_datetime(
            pd.Series(uniques[shaped]), format=fmt, errors="coerce"
        ).astype("datetime64[us]").to_numpy()
        reads = parsed.notna().to_numpy()
        count = int(counts[reads].sum())
        if (read & ~reads).any() or not (reads & ~read).any() or count < fitted:
            continue
        if 2 * count <= int(present.sum()):
            continue
        if count > fitted:
            best, fitted = [], count
            swapped = read & (parsed.dt.normalize().to_numpy() != days)
        best.append(fmt)
    if not best:
        return None
    misread = present.copy()
    misread[present] = swapped[codes]
    return DateMisfit(
        name,
        given,
        tuple(best),
        _examples(words, unread, misread),
        int(present.sum()),
        unread=int(unread.sum()),
        misread=int(misread.sum()),
        fitted=fitted,
    )


def date_misfits(
    columns: Mapping[str, tuple[pd.Series, pd.Series, np.ndarray]],
    formats: tuple[str, ...],
    given: str | None,
) -> list[DateMisfit]:
    """The date columns of one table that their format in force does not fit.

    Parameters
    ----------
    columns : mapping
        Column name -> ``(dates, words, which)``: the dates read with ``formats`` (NaT
        where unread), the text of the cells (NA where missing or a date object), and
        per cell the index in ``formats`` of the format that read it (``-1``: none).
    formats : tuple of str
        The formats in force, tried in turn.
    given : str or None
        The ``date_format`` given; ``None`` (the defaults) also checks ambiguity.

    Returns
    -------
    list of DateMisfit
        The columns another format reads better, in order, then the ambiguous ones.

    Notes
    -----
    Another format reads a column better when it reads every cell the format in force
    reads, more cells than it, and more than half of the column's text cells: an
    isolated bad cell (``32/01/2025``, ``n/a``) is not a misfit. Ambiguity looks at the
    dates read by a day-first format in force (``%d...``, so never ISO): the columns
    whose dates all have a day at most 12 and one at least a day other than its month
    are ambiguous, unless a date of any column of the table has a day above 12. Their
    likely formats are day first then month first, the other way round when another
    column of the table was found month first.

    """
    misfits: list[DateMisfit] = []
    doubtful: list[tuple[str, str, tuple[str, ...], int]] = []
    day_first = month_first = False
    for name, (dates, words, which) in columns.items():
        misfit = _other_format(name, dates, words, formats, given)
        if misfit is not None:
            misfits.append(misfit)
            month_first |= misfit.likely[0].startswith("%m")
            continue
        if given is not None:
            continue
        firsts = [i for i, fmt in enumerate(formats) if fmt.startswith("%d")]
        by_day = pd.Series(np.isin(which, firsts), index=dates.index)
        day, month = dates[by_day].dt.day, dates[by_day].dt.month
        day_first |= bool((day > 12).any())
        differ = by_day.copy()
        differ[by_day] = (day != month).to_numpy()
        if differ.any():
            sep = formats[int(which[differ.to_numpy()][0])][2]
            doubtful.append((name, sep, _examples(words, differ), int(words.notna().sum())))
    for name, sep, examples, present in [] if day_first else doubtful:
        orders = (f"%d{sep}%m{sep}%Y", f"%m{sep}%d{sep}%Y")
        likely = orders[::-1] if month_first else orders
        misfits.append(DateMisfit(name, None, likely, examples, present, ambiguous=True))
    return misfits
