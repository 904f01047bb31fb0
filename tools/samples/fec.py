r"""A sample ledger written as FEC files (Fichier des Écritures Comptables), two dialects.

:func:`fec_files` turns the tables of :func:`tools.samples.fec_company.generate_fec_company`
into the FEC of each fiscal year, as accounting software exports them:

* an invoice is a ``VE`` entry: ``411000`` debit TTC (with the debtor as auxiliary
  account), ``706000`` credit HT, ``445710`` credit VAT (HT = TTC / 1.2 rounded to
  the cent, VAT = TTC − HT); a credit note the same entry reversed; a payment id one
  ``BQ`` entry (``411000`` credit of its rows' sum, ``512000`` debit); a write-off an
  ``OD`` entry (``411000`` credit, ``654000`` debit);
* lettrage (:func:`tools.samples.lettrage.lettrage_marks`): per debtor and fiscal year,
  each lettrage group gets ``AA``, ``AB``... in the order it was first lettered;
  ``DateLet`` is a credit's own date, an invoice's the date of its first credit;
* the second year opens with one detailed ``AN`` entry: one ``411000`` line per item
  open at the first year's close (an invoice's residual, an unapplied credit), with
  its own ``PieceRef`` and ``PieceDate``, balanced by ``890000``;
* dialect ``"tab"``: TAB, UTF-8 with a BOM, CRLF, ``1234,56``; dialect ``"pipe"``:
  ``|`` with a trailing ``|``, ISO-8859-15, ``\r\r\n``, amounts zero-padded to 13
  characters, ``CompAuxNum`` space-padded to 10, ``DateLet`` ``19000101`` when empty.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

import numpy as np
import pandas as pd

from tools.samples.dates import DEFAULT_END, number_ids
from tools.samples.fec_company import fiscal_years
from tools.samples.lettrage import Allocation, follows_fifo_by_year, lettrage_marks

#: The columns of a FEC, in the order of article A.47 A-1 of the Livre des procédures fiscales.
FEC_COLUMNS = (
    "JournalCode",
    "JournalLib",
    "EcritureNum",
    "EcritureDate",
    "CompteNum",
    "CompteLib",
    "CompAuxNum",
    "CompAuxLib",
    "PieceRef",
    "PieceDate",
    "EcritureLib",
    "Debit",
    "Credit",
    "EcritureLet",
    "DateLet",
    "ValidDate",
    "Montantdevise",
    "Idevise",
)

#: Accounts of the sample FEC (plan comptable général) and their labels.
ACCOUNTS = {
    "receivable": ("411000", "Clients"),
    "sales": ("706000", "Prestations de services"),
    "vat": ("445710", "TVA collectée"),
    "bank": ("512000", "Banque"),
    "loss": ("654000", "Pertes sur créances irrécouvrables"),
    "opening": ("890000", "Bilan d'ouverture"),
}

#: Journals of the sample FEC, in the order of the entries of one day.
JOURNALS = {"AN": "À nouveaux", "VE": "Ventes", "BQ": "Banque", "OD": "Opérations diverses"}

#: References of the write-offs (a write-off row has no id of its own).
WRITE_OFF_FORMAT = "OD-{year}-{n:04d}"

#: Fictional SIREN of the sample company (Luhn-valid), which names its FEC files.
FEC_SIREN = "999888779"


class Dialect(NamedTuple):
    """How a FEC file is written: separator, encoding, line ends, padding."""

    sep: str
    encoding: str
    bom: bool
    newline: str
    trailing_sep: bool
    amount_width: int  # zero-padded to this many characters (0: not padded)
    aux_width: int  # CompAuxNum space-padded to this many characters (0: not padded)
    empty_let_date: str  # DateLet of a line without lettrage


#: The two dialects: the first fiscal year's file is ``"tab"``, the second's ``"pipe"``.
DIALECTS = {
    "tab": Dialect("\t", "utf-8", True, "\r\n", False, 0, 0, ""),
    "pipe": Dialect("|", "iso-8859-15", False, "\r\r\n", True, 13, 10, "19000101"),
}


class Line(NamedTuple):
    """One line of an entry (days as day numbers, amounts in cents)."""

    account: str  # key of ACCOUNTS
    aux: str  # debtor id, "" on counterpart lines
    piece: str
    piece_date: int
    label: str
    debit: int
    credit: int
    let: str = ""
    let_date: int | None = None


class Entry(NamedTuple):
    """One entry: its journal, date, ordering key and lines."""

    journal: str
    date: int
    order: tuple
    lines: tuple[Line, ...]


def _cents(values: pd.Series) -> list[int]:
    return [round(v * 100) for v in values.tolist()]


def _days(values: pd.Series) -> list[int]:
    return values.to_numpy(dtype="datetime64[D]").astype("int64").tolist()


def split_vat(ttc: int) -> tuple[int, int]:
    """Split an amount TTC (cents) into HT = TTC / 1.2 rounded half up, and VAT = TTC − HT."""
    ht = (ttc * 10 + 6) // 12
    return ht, ttc - ht


class _Ledger(NamedTuple):
    """The tables as plain records, and the allocations of every credit."""

    invoices: list[tuple[str, str, int, int]]  # id, debtor, issue day, cents
    credits: list[tuple[str, str, str, int, int]]  # kind, ref, debtor, day, cents (summed)
    allocations: list[Allocation]
    names: dict[str, str]


def _records(tables: Mapping[str, pd.DataFrame]) -> _Ledger:
    inv = tables["invoices"]
    invoices = list(
        zip(
            inv["invoice_id"].tolist(),
            inv["debtor_id"].tolist(),
            _days(inv["issue_date"]),
            _cents(inv["amount"]),
            strict=True,
        )
    )
    wo = tables["write_offs"].sort_values(["date", "invoice_id"], kind="stable")
    wo_days = np.array(_days(wo["date"]), dtype="int64")
    refs = {
        "payment": tables["payments"]["payment_id"].tolist(),
        "credit_note": tables["credit_notes"]["credit_note_id"].tolist(),
        "write_off": number_ids(WRITE_OFF_FORMAT, wo_days),
    }
    frames = {"payment": tables["payments"], "credit_note": tables["credit_notes"], "write_off": wo}
    summed: dict[tuple[str, str], list] = {}
    allocations = []
    for kind, frame in frames.items():
        rows = zip(
            refs[kind],
            frame["debtor_id"].tolist(),
            frame["invoice_id"].tolist(),
            _days(frame["date"]),
            _cents(frame["amount"]),
            strict=True,
        )
        for ref, debtor, invoice, day, cents in rows:
            applied = isinstance(invoice, str)
            item = summed.setdefault((kind, ref), [kind, ref, debtor, day, 0, applied])
            if (item[2], item[3], item[5]) != (debtor, day, applied):
                raise ValueError(f"{kind} {ref}: rows of several debtors or days, or half applied")
            item[4] += cents
            if applied:
                allocations.append(Allocation(ref, invoice, day, cents))
    names = dict(zip(tables["debtors"]["debtor_id"], tables["debtors"]["name"], strict=True))
    return _Ledger(invoices, [tuple(v[:5]) for v in summed.values()], allocations, names)


def _entries(ledger: _Ledger, start: int, stop: int, opening: Entry | None) -> list[Entry]:
    """The entries dated from ``start`` to ``stop`` (included), lettered within them."""
    issue = {i[0]: i[2] for i in ledger.invoices}
    debtor = {i[0]: i[1] for i in ledger.invoices}
    allocs = [a for a in ledger.allocations if start <= a.date <= stop]
    inv_codes, credit_codes, inv_days = lettrage_marks(allocs, issue, debtor)
    out = [] if opening is None else [_lettered_opening(opening, inv_codes, inv_days)]
    for ref, who, day, cents in ledger.invoices:
        if start <= day <= stop:
            ht, vat = split_vat(cents)
            label = f"Facture {ref} {ledger.names[who]}"
            lines = (
                Line(
                    "receivable",
                    who,
                    ref,
                    day,
                    label,
                    cents,
                    0,
                    inv_codes.get(ref, ""),
                    inv_days.get(ref),
                ),
                Line("sales", "", ref, day, label, 0, ht),
                Line("vat", "", ref, day, label, 0, vat),
            )
            out.append(Entry("VE", day, (day, 1, 0, ref), lines))
    for kind, ref, who, day, cents in ledger.credits:
        if not start <= day <= stop:
            continue
        code = credit_codes.get(ref, "")
        name = ledger.names[who]
        let_date = day if code else None
        if kind == "credit_note":
            ht, vat = split_vat(cents)
            label = f"Avoir {ref} {name}"
            lines = (
                Line("receivable", who, ref, day, label, 0, cents, code, let_date),
                Line("sales", "", ref, day, label, ht, 0),
                Line("vat", "", ref, day, label, vat, 0),
            )
            out.append(Entry("VE", day, (day, 1, 1, ref), lines))
        elif kind == "payment":
            label = f"Règlement {ref} {name}"
            lines = (
                Line("receivable", who, ref, day, label, 0, cents, code, let_date),
                Line("bank", "", ref, day, label, cents, 0),
            )
            out.append(Entry("BQ", day, (day, 2, 0, ref), lines))
        else:
            invoices = sorted({a.invoice for a in allocs if a.credit == ref})
            label = f"Perte sur créance {' '.join(invoices)} {name}"
            lines = (
                Line("receivable", who, ref, day, label, 0, cents, code, let_date),
                Line("loss", "", ref, day, label, cents, 0),
            )
            out.append(Entry("OD", day, (day, 3, 0, ref), lines))
    return sorted(out, key=lambda e: e.order)


def _opening(ledger: _Ledger, start: int) -> Entry:
    """The detailed opening entry of the year starting on ``start``: items open the day before."""
    left = {ref: cents for ref, _, day, cents in ledger.invoices if day < start}
    for a in ledger.allocations:
        if a.date < start:
            left[a.invoice] -= a.cents
    allocated = {a.credit for a in ledger.allocations}
    items = [
        (who, day, 0, ref, cents, 0)
        for ref, who, day, cents in ledger.invoices
        if day < start and left[ref] > 0
    ]
    items += [
        (who, day, 1, ref, 0, cents)
        for _, ref, who, day, cents in ledger.credits
        if day < start and ref not in allocated
    ]
    lines = []
    for who, day, _, ref, debit, credit in sorted(items):
        debit = left[ref] if debit else 0
        lines.append(Line("receivable", who, ref, day, f"À nouveau {ref}", debit, credit))
    net = sum(ln.debit - ln.credit for ln in lines)
    label = JOURNALS["AN"]
    piece = f"AN-{_ymd(start)[:4]}"
    lines.append(Line("opening", "", piece, start, label, max(-net, 0), max(net, 0)))
    return Entry("AN", start, (start, 0, 0, ""), tuple(lines))


def _lettered_opening(opening: Entry, codes: Mapping[str, str], days: Mapping[str, int]) -> Entry:
    """The opening entry with its invoice lines lettered with their credits of the year."""
    lines = tuple(
        ln._replace(let=codes[ln.piece], let_date=days[ln.piece])
        if ln.account == "receivable" and ln.piece in codes
        else ln
        for ln in opening.lines
    )
    return opening._replace(lines=lines)


def _ymd(day: int) -> str:
    return str(np.datetime64(day, "D")).replace("-", "")


def _amount(cents: int, width: int) -> str:
    return f"{cents // 100},{cents % 100:02d}".zfill(width)


def fec_text(entries: list[Entry], names: Mapping[str, str], dialect: Dialect) -> str:
    """The text of a FEC file: header, then every line of ``entries`` in their order.

    ``EcritureNum`` counts the entries of each journal from 1; ``ValidDate`` is the
    entry's date; ``Montantdevise`` and ``Idevise`` are empty.
    """
    numbers: dict[str, int] = {}
    rows = [list(FEC_COLUMNS)]
    for entry in entries:
        numbers[entry.journal] = numbers.get(entry.journal, 0) + 1
        date = _ymd(entry.date)
        for ln in entry.lines:
            account, account_label = ACCOUNTS[ln.account]
            rows.append(
                [
                    entry.journal,
                    JOURNALS[entry.journal],
                    str(numbers[entry.journal]),
                    date,
                    account,
                    account_label,
                    ln.aux.ljust(dialect.aux_width),
                    names[ln.aux] if ln.aux else "",
                    ln.piece,
                    _ymd(ln.piece_date),
                    ln.label,
                    _amount(ln.debit, dialect.amount_width),
                    _amount(ln.credit, dialect.amount_width),
                    ln.let,
                    dialect.empty_let_date if ln.let_date is None else _ymd(ln.let_date),
                    date,
                    "",
                    "",
                ]
            )
    end = (dialect.sep if dialect.trailing_sep else "") + dialect.newline
    for row in rows:
        bad = [v for v in row if dialect.sep in v or "\r" in v or "\n" in v]
        if bad:
            raise ValueError(f"FEC values holding a separator or a line break: {bad}")
    return "".join(dialect.sep.join(row) + end for row in rows)


def fec_files(
    tables: Mapping[str, pd.DataFrame], *, siren: str = FEC_SIREN, end: object = DEFAULT_END
) -> dict[str, bytes]:
    """The FEC files of a ledger over two fiscal years (file name -> content).

    Parameters
    ----------
    tables : mapping of str to DataFrame
        ``invoices``, ``payments``, ``credit_notes``, ``write_offs`` and ``debtors``
        as :func:`tools.samples.fec_company.generate_fec_company` returns them.
    siren : str, default :data:`FEC_SIREN`
        The company's SIREN, which starts the file names.
    end : date-like, default ``"2026-10-31"``
        Last day of the second fiscal year's file; the first year is the calendar
        year before.

    Returns
    -------
    dict of str to bytes
        ``<SIREN>FEC<closing date>.txt`` of the first year (dialect ``"tab"``, closing
        31 December) and of the second (dialect ``"pipe"``, named after ``end``).

    Raises
    ------
    ValueError
        An event outside the two years, or a lettrage group not settled oldest first
        (its lettrage would tell another story than the tables).

    """
    first, second, end_d = fiscal_years(end)
    ledger = _records(tables)
    days = [i[2] for i in ledger.invoices] + [c[3] for c in ledger.credits]
    if days and not first <= min(days) <= max(days) <= end_d:
        raise ValueError("events outside the two fiscal years")
    issue = {i[0]: i[2] for i in ledger.invoices}
    amounts = {i[0]: i[3] for i in ledger.invoices}
    if any(a.date < issue[a.invoice] for a in ledger.allocations):
        raise ValueError("a credit allocated to an invoice issued after it")
    if not follows_fifo_by_year(ledger.allocations, issue, amounts, second):
        raise ValueError("a lettrage group is not settled oldest first")
    years = [
        (second - 1, _entries(ledger, first, second - 1, None), DIALECTS["tab"]),
        (end_d, _entries(ledger, second, end_d, _opening(ledger, second)), DIALECTS["pipe"]),
    ]
    files = {}
    for closing, entries, dialect in years:
        text = fec_text(entries, ledger.names, dialect)
        data = text.encode(dialect.encoding)
        files[f"{siren}FEC{_ymd(closing)}.txt"] = (b"\xef\xbb\xbf" if dialect.bom else b"") + data
    return files
