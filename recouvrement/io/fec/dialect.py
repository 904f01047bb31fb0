r"""How one FEC file is written: encoding, line endings, header, value formats.

The FEC (art. A.47 A-1 LPF) is a text file: a header naming 18 fields, one line per
accounting line, fields separated by a tabulation or ``|``. Software writes many
dialects of it, each decided **per file** and described in French (:func:`describe`):

- **encoding**: a UTF-16 BOM means UTF-16; valid UTF-8 (with or without BOM) is UTF-8
  (``ASCII`` when every byte is); otherwise a file holding a byte 0x80-0x9F is cp1252
  (letters in Windows, C1 controls in ISO-8859-15), any other ISO-8859-15 (the
  specification's: 0xA4 is ``€``, 0xBD ``œ``). A file mixing UTF-8 sequences and bytes
  that are not UTF-8 is refused: either reading would garble part of it;
- **line endings**: LF, CRLF, CR, ``\r\r\n`` each end one line; a final Ctrl-Z is ignored;
- **separator**: the most frequent of tabulation, ``|`` and ``;`` (outside the norm,
  accepted) in the header; a separator after the last field is accepted;
- **header**: names matched whatever their case, spaces, ``_`` and ``-``
  (``Montantdevise`` = ``MontantDevise``); ``Montant`` + ``Sens`` may replace ``Debit``
  + ``Credit``; other fields (``DateRglt``, ``ModeRglt``, ``NatOp``, ``IdClient`` of the
  cash-basis variant, ``CodeEtablissement``...) are accepted and ignored;
- **values**: amounts to exact integer cents from their digits, never through a float
  (:func:`parse_amounts`); dates ``AAAAMMJJ``, ``AAAA-MM-JJ`` or ``JJ/MM/AAAA``, a time
  after them ignored, placeholders (``00000000``, ``19000101``...) missing
  (:func:`parse_dates`); ``Sens`` D/C or +1/-1 (:func:`parse_sens`).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from recouvrement.conventions.limits import MAX_AMOUNT_CEILING_EUR
from recouvrement.io.files import UTF8_MULTIBYTE
from recouvrement.ledger import LedgerError
from recouvrement.ledger.parse_text import escape_controls

#: The 18 fields of the FEC (art. A.47 A-1 LPF), in their order.
FEC_COLUMNS = (
    "JournalCode", "JournalLib", "EcritureNum", "EcritureDate", "CompteNum", "CompteLib",
    "CompAuxNum", "CompAuxLib", "PieceRef", "PieceDate", "EcritureLib", "Debit", "Credit",
    "EcritureLet", "DateLet", "ValidDate", "Montantdevise", "Idevise",
)  # fmt: skip

#: The variant's fields replacing ``Debit`` and ``Credit``: one amount and its direction.
SENS_COLUMNS = ("Montant", "Sens")

#: Separators read, and their name in the dialect.
SEPARATORS = {"\t": "TAB", "|": "|", ";": "; (hors norme)"}

#: The fix quoted by the messages about a whole file.
FIX = "ré-exporter le FEC complet depuis le logiciel comptable"

#: How to fix one line.
FIX_LINE = "corriger l'écriture dans le logiciel comptable et ré-exporter le FEC"

#: An amount: sign, digits (or groups of three separated by spaces), decimals, final minus.
AMOUNT_PATTERN = (
    "^(?P<sign>[+-]?)(?P<int>[0-9]*|[0-9]{1,3}(?:[ \u00a0\u202f][0-9]{3})+)"
    "(?:(?P<dec>[.,])(?P<frac>[0-9]*))?(?P<tail>-?)$"
)

#: The usual amount, read as an exact decimal: ``-?digits`` and at most two decimals.
SIMPLE_AMOUNT = "^-?[0-9]{1,16}(?:[.,][0-9]{0,2})?$"

#: Cents per euro, as an Arrow decimal (amounts are read as exact decimals).
HUNDRED = pa.scalar(100, pa.decimal128(3, 0))

#: The largest amount read, in cents (``conventions.MAX_AMOUNT_CEILING_EUR``).
MAX_CENTS = MAX_AMOUNT_CEILING_EUR * 100

UNREADABLE_AMOUNT = f"montant illisible (attendu par exemple 1234,56) ; {FIX_LINE}"
SUB_CENT = f"montant au-delà du centime, jamais arrondi ; {FIX_LINE}"
CEILING = f"{MAX_AMOUNT_CEILING_EUR:,}".replace(",", "\u00a0")
TOO_BIG = f"montant au-delà du plafond de {CEILING}\u00a0€ ; {FIX_LINE}"
UNREADABLE_DATE = f"date illisible (attendue AAAAMMJJ, par exemple 20240131) ; {FIX_LINE}"
UNREADABLE_SENS = f"sens illisible (attendu D ou C, +1 ou -1) ; {FIX_LINE}"
MISSING_SENS = f"sens absent pour un montant non nul (attendu D ou C) ; {FIX_LINE}"

#: Date formats read: pattern, its rewriting as ``AAAAMMJJ``, the dialect's words.
DATE_FORMATS = (
    (r"^[0-9]{8}$", r"\g<0>", None),
    (r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$", r"\1\2\3", "dates AAAA-MM-JJ"),
    (r"^([0-9]{2})/([0-9]{2})/([0-9]{4})$", r"\3\2\1", "dates JJ/MM/AAAA"),
)

#: A time after a date (``20240131 00:00:00``), ignored.
TIME_SUFFIX = "[ T][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:[.,][0-9]+)?)?$"

#: Dates written for "no date": missing, never a date.
PLACEHOLDER_DATES = frozenset(
    {"00000000", "19000101", "18991230", "18991231", "00010101", "99991231", "29991231"}
)

#: ``Sens`` values: +1 debit, -1 credit.
SENS_VALUES = {
    "d": 1, "debit": 1, "débit": 1, "+1": 1, "1": 1, "+": 1,
    "c": -1, "credit": -1, "crédit": -1, "-1": -1, "-": -1,
}  # fmt: skip


def header_key(name: str) -> str:
    """A header name as compared: casefolded, without spaces, ``_``, ``-`` or BOM."""
    return re.sub(r"[\s_\-\ufeff]", "", name).casefold()


def decode(name: str, data: bytes) -> tuple[str, str]:
    """The text of a FEC file and its encoding's name (see the module docstring).

    Raises
    ------
    LedgerError
        A UTF-8 file with a byte that is not UTF-8, a byte cp1252 does not define: the
        message names the file, the line, the byte offset, the byte and the fix.

    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError as exc:
            raise _bad_byte(name, data, exc.start, "n'est pas de l'UTF-16 (BOM UTF-16)") from None
    bom = data.startswith(codecs.BOM_UTF8)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if bom or UTF8_MULTIBYTE.search(data):
            what = "n'est pas de l'UTF-8 alors que le reste du fichier l'est"
            raise _bad_byte(name, data, exc.start + 3 * bom, what) from None
    else:
        return text, "UTF-8 avec BOM" if bom else "ASCII" if data.isascii() else "UTF-8"
    if re.search(rb"[\x80-\x9f]", data):
        try:
            return data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError as exc:
            raise _bad_byte(name, data, exc.start, "n'est ni de l'UTF-8 ni du cp1252") from None
    return data.decode("iso-8859-15"), "ISO-8859-15"


def _bad_byte(name: str, data: bytes, offset: int, what: str) -> LedgerError:
    line = data.count(b"\n", 0, offset) + 1
    return LedgerError(
        [
            f"{name}, ligne {line} (octet {offset}) : l'octet 0x{data[offset]:02X} {what} ; "
            f"{FIX} en UTF-8 ou en ISO-8859-15"
        ]
    )


def normalise_endings(text: str) -> tuple[str, str]:
    r"""``text`` with every line ending as ``\n``, and the name of its line endings.

    ``\r\r\n``, ``\r\n``, ``\n`` and ``\r`` each end one line, so that a line's index
    plus one is its line number (the header is line 1). A final Ctrl-Z is dropped.
    """
    text = text.removesuffix("\x1a")
    if "\r" not in text:
        return text, "LF" if "\n" in text else "une seule ligne"
    crlf, cr, lf = text.count("\r\n"), text.count("\r"), text.count("\n")
    doubled = text.count("\r\r\n") if cr > crlf else 0
    counts = {"LF": lf - crlf, "CRLF": crlf - doubled, "CR": cr - crlf - doubled}
    counts["CRLF doublé (CR CR LF)"] = doubled
    seen = [k for k, n in sorted(counts.items(), key=lambda kv: -kv[1]) if n]
    text = text.replace("\r\n", "\n") if cr == crlf else text
    if cr > crlf:
        text = text.replace("\r\r\n", "\n").replace("\r\n", "\n").replace("\r", "\n")
    return text, seen[0] if len(seen) == 1 else f"fins de ligne mêlées ({', '.join(seen)})"


@dataclass(frozen=True)
class Layout:
    """Where each field is on a line of one FEC file.

    ``sep`` the separator; ``names`` the header's names as written (stripped, a final
    separator dropped); ``trailing`` lines end with a separator; ``index`` each
    canonical name (:data:`FEC_COLUMNS`, ``Montant`` and ``Sens`` instead of ``Debit``
    and ``Credit`` in that variant) to its position; ``extras`` the names ignored.
    """

    sep: str
    names: tuple[str, ...]
    trailing: bool
    index: dict
    extras: tuple[str, ...]

    @property
    def sens(self) -> bool:
        """``Montant`` + ``Sens`` replace ``Debit`` + ``Credit``."""
        return "Sens" in self.index

    def name(self, column: str) -> str:
        """The header's own spelling of canonical ``column`` (``MontantDevise``...)."""
        return self.names[self.index[column]]


def pick_separator(header: str) -> str | None:
    """The most frequent of tabulation, ``|`` and ``;`` in ``header`` (``None``: none)."""
    counts = {sep: header.count(sep) for sep in SEPARATORS}
    sep = max(counts, key=counts.get)
    return sep if counts[sep] else None


def read_header(name: str, header: str) -> Layout:
    """The layout of a FEC file from its header line.

    Raises
    ------
    LedgerError
        No separator, a field named twice, mandatory fields missing (each named).

    """
    sep = pick_separator(header)
    if sep is None:
        raise LedgerError(
            [f"{name}, ligne 1 : en-tête sans tabulation ni « | » : ce n'est pas un FEC ; {FIX}"]
        )
    names = [f.strip().lstrip("\ufeff").strip() for f in header.split(sep)]
    trailing = len(names) > 1 and names[-1] == ""
    names = names[:-1] if trailing else names
    keys = [header_key(n) for n in names]
    twice = sorted({n for n, k in zip(names, keys, strict=True) if k and keys.count(k) > 1})
    if twice:
        raise LedgerError(
            [
                f"{name}, ligne 1 : champ(s) {', '.join(f'« {t} »' for t in twice)} présent(s) "
                f"plusieurs fois dans l'en-tête du FEC ; {FIX}"
            ]
        )
    wanted = {header_key(c): c for c in (*FEC_COLUMNS, *SENS_COLUMNS)}
    index = {wanted[k]: i for i, k in enumerate(keys) if k in wanted}
    amounts = ("Debit", "Credit")
    if not set(amounts) <= index.keys() and set(SENS_COLUMNS) <= index.keys():
        amounts = SENS_COLUMNS  # the Montant + Sens variant
    required = [c if c not in ("Debit", "Credit") else amounts[c == "Credit"] for c in FEC_COLUMNS]
    missing = [c for c in required if c not in index]
    if missing:
        if amounts[0] in missing or amounts[1] in missing:
            missing.append("(ou Montant et Sens au lieu de Debit et Credit)")
        found = escape_controls(", ".join(n for n in names if n)) or "aucun"
        raise LedgerError(
            [
                f"{name}, ligne 1 : ce n'est pas un FEC complet, champ(s) obligatoire(s) "
                f"absent(s) de l'en-tête : {', '.join(missing)} (champs lus : {found}) ; "
                f"{FIX} (les 18 champs de l'art. A.47 A-1 LPF)"
            ]
        )
    index = {c: index[c] for c in required}
    extras = tuple(n for i, n in enumerate(names) if i not in index.values())
    return Layout(sep, tuple(names), trailing, index, extras)


def describe(encoding: str, endings: str, layout: Layout, formats: list[str]) -> str:
    """The dialect in French: ``TAB, UTF-8 avec BOM, CRLF, 18 colonnes, ...``.

    Separator, encoding, line endings, ``séparateur final``, columns, ``Montant +
    Sens``, extra columns ignored, then ``formats`` (the value formats seen).
    """
    parts = [SEPARATORS[layout.sep], encoding, endings]
    parts += ["séparateur final"] if layout.trailing else []
    parts.append(f"{len(layout.names)} colonnes")
    parts += ["Montant + Sens"] if layout.sens else []
    if layout.extras:
        shown = ", ".join(e or "(sans nom)" for e in layout.extras)
        parts.append(f"colonnes en plus ignorées : {shown}")
    return ", ".join(parts + formats)


def to_numpy(array: pa.Array) -> np.ndarray:
    """An Arrow array as numpy (copied when it must be)."""
    return array.to_numpy(zero_copy_only=False)


def parse_amounts(cells: pa.Array, *, blank: int | None) -> tuple:
    """Stripped amount cells (Arrow text) to signed integer cents, from their digits.

    Returns ``(cents, missing, problem, formats)``: ``int64`` cents (0 where unreadable
    or missing), the mask of empty cells when ``blank`` is ``None`` (otherwise an empty
    cell is ``blank``), each cell's problem (French text or ``None``), the formats seen.

    Notes
    -----
    ``0000000074,70`` is 7470 cents, ``1234.5`` 123450, ``1 234,56`` 123456, ``-0,00``
    0, ``12,50-`` -1250. Decimals after the second must be zeros (``74,700``): a sub-cent
    amount is never rounded; an amount above :data:`MAX_CENTS` is refused. The usual
    ``-?digits[,.]dd`` is read as an exact Arrow decimal, any other by its parts.

    """
    empty = to_numpy(pc.equal(cells, ""))
    simple = to_numpy(pc.match_substring_regex(cells, SIMPLE_AMOUNT))
    cents = np.zeros(len(cells), dtype=np.int64)
    problem = np.full(len(cells), None, dtype=object)
    formats = set()
    if simple.any():
        picked = pc.replace_substring(cells.filter(pa.array(simple)), ",", ".")
        exact = pc.multiply(pc.cast(picked, pa.decimal128(18, 2)), HUNDRED)
        cents[simple] = to_numpy(pc.cast(exact, pa.int64()))
        if pc.any(pc.match_substring_regex(picked, "^-?0[0-9]")).as_py():
            formats.add("montants à zéros en tête")
        if pc.any(pc.match_substring(cells.filter(pa.array(simple)), ".")).as_py():
            formats.add("montants à point décimal")
    other = ~simple & ~empty
    if other.any():
        cents[other], problem[other], more = _amount_parts(cells.filter(pa.array(other)))
        formats |= more
    too_big = np.abs(cents) > MAX_CENTS
    problem[too_big] = TOO_BIG
    cents[too_big | pd.notna(problem)] = 0
    cents[empty] = blank or 0
    return cents, empty & (blank is None), problem, formats


def _amount_parts(cells: pa.Array) -> tuple[np.ndarray, np.ndarray, set]:
    """Cents, problems and formats of the amounts other than ``-?digits[,.]dd``.

    Rare (spaces, a final minus, zero decimals after the second, or unreadable): each
    distinct one is read by its parts with :data:`AMOUNT_PATTERN`.
    """
    codes, values = _distinct(cells)
    read = [_amount(text) for text in values]
    cents = np.array([r[0] for r in read], dtype=np.int64)[codes]
    problem = np.array([r[1] for r in read], dtype=object)[codes]
    return cents, problem, {word for r in read for word in r[2]}


def _amount(text: str) -> tuple[int, str | None, list[str]]:
    """One amount's cents, problem and formats (see :func:`parse_amounts`)."""
    m = re.fullmatch(AMOUNT_PATTERN, text)
    if not m or not (m["int"] or m["frac"]) or (m["sign"] and m["tail"]):
        return 0, UNREADABLE_AMOUNT, []
    frac = m["frac"] or ""
    if frac[2:].strip("0"):
        return 0, SUB_CENT, []
    cents = int(re.sub("[^0-9]", "", m["int"]) or 0) * 100 + int(frac[:2].ljust(2, "0"))
    if cents > MAX_CENTS:
        return 0, TOO_BIG, []
    words = [
        word
        for word, seen in (
            ("montants à zéros en tête", re.match("0[0-9]", m["int"])),
            ("montants à point décimal", m["dec"] == "."),
            ("montants à espaces de milliers", not m["int"].isdigit() and m["int"]),
            ("signe moins final", m["tail"]),
        )
        if seen
    ]
    return (-cents if "-" in (m["sign"], m["tail"]) else cents), None, words


def _distinct(cells: pa.Array) -> tuple[np.ndarray, pd.Series]:
    """Codes of each cell and the distinct values (object dtype): each read once."""
    encoded = pc.dictionary_encode(cells)
    return to_numpy(encoded.indices), pd.Series(encoded.dictionary.to_pylist(), dtype=object)


def parse_dates(cells: pa.Array) -> tuple:
    """Stripped date cells (Arrow text) to ``datetime64[ns]``.

    Returns ``(dates, missing, problem, formats)``: the dates (NaT when empty, a
    placeholder or unreadable), the mask of the empty or placeholder ones (not an
    error), each cell's problem (French text or ``None``), the formats seen.

    Notes
    -----
    ``AAAAMMJJ``, ``AAAA-MM-JJ``, ``JJ/MM/AAAA`` (each unambiguous), a time after them
    ignored; :data:`PLACEHOLDER_DATES` missing. A date outside the years 1678-2261
    (those of ``datetime64[ns]``) is unreadable. Each distinct text is read once.

    """
    codes, values = _distinct(cells)
    text = values.str.replace(TIME_SUFFIX, "", regex=True)
    formats = {"dates suivies d'une heure"} if (text != values).any() else set()
    key = pd.Series(None, index=values.index, dtype=object)
    for pattern, rewrite, words in DATE_FORMATS:
        hit = text.str.match(pattern).astype(bool) & key.isna()
        key[hit] = text[hit].str.replace(pattern, rewrite, regex=True)
        formats |= {words} if words and hit.any() else set()
    missing = ((text == "") | key.isin(PLACEHOLDER_DATES)).to_numpy()
    dates = pd.to_datetime(key.where(~missing), format="%Y%m%d", errors="coerce")
    dates = dates.where(dates.dt.year.between(1678, 2261)).astype("datetime64[ns]")
    problem = np.where(dates.isna().to_numpy() & ~missing, UNREADABLE_DATE, None)
    return dates.to_numpy()[codes], missing[codes], problem[codes], formats


def parse_sens(cells: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """``Sens`` cells to +1 (debit), -1 (credit) or 0 (empty), and each cell's problem."""
    codes, values = _distinct(cells)
    sign = values.str.casefold().map(SENS_VALUES)
    problem = np.where(sign.isna().to_numpy() & (values != "").to_numpy(), UNREADABLE_SENS, None)
    return sign.fillna(0).astype("int64").to_numpy()[codes], problem[codes]
