"""FEC files written by the tests, in any dialect, small enough to check by hand.

A line is a list of 18 raw fields (:func:`row`), in the order of art. A.47 A-1 LPF;
:func:`fec_bytes` joins a header and lines with a separator, a line ending, an
encoding, a BOM, a trailing separator or space padding, as accounting software does.
The header is written here (not imported from the package) so that a wrong column name
in the reader shows.
"""

from __future__ import annotations

from pathlib import Path

HEADER = (
    "JournalCode JournalLib EcritureNum EcritureDate CompteNum CompteLib CompAuxNum "
    "CompAuxLib PieceRef PieceDate EcritureLib Debit Credit EcritureLet DateLet ValidDate "
    "Montantdevise Idevise"
).split()

#: The cash-basis variant's four extra fields (BNC/BA en comptabilité de trésorerie).
CASH_BASIS = ["DateRglt", "ModeRglt", "NatOp", "IdClient"]


def row(
    journal: str = "VE",
    entry: str = "1",
    date: str = "20240131",
    account: str = "411000",
    *,
    journal_lib: str = "Ventes",
    account_lib: str = "Clients",
    aux: str = "",
    aux_lib: str = "",
    piece_ref: str = "F1",
    piece_date: str = "20240131",
    label: str = "Facture F1",
    debit: str = "",
    credit: str = "",
    let: str = "",
    date_let: str = "",
    valid_date: str = "20240131",
    currency_amount: str = "",
    currency: str = "",
) -> list[str]:
    """One FEC line, its 18 raw fields in order."""
    return [
        journal, journal_lib, entry, date, account, account_lib, aux, aux_lib, piece_ref,
        piece_date, label, debit, credit, let, date_let, valid_date, currency_amount, currency,
    ]  # fmt: skip


def invoice(
    entry: str = "1", aux: str = "C001", ttc: str = "120,00", ht: str = "100,00",
    tva: str = "20,00", **fields: str,
) -> list[list[str]]:  # fmt: skip
    """A balanced sale: 411 debited ``ttc``, 706 and 44571 credited ``ht`` and ``tva``."""
    return [
        row(entry=entry, aux=aux, aux_lib=f"Client {aux}", debit=ttc, credit="0,00", **fields),
        row(entry=entry, account="706000", account_lib="Ventes", debit="0,00", credit=ht,
            **fields),
        row(entry=entry, account="445710", account_lib="TVA collectée", debit="0,00",
            credit=tva, **fields),
    ]  # fmt: skip


def fec_bytes(
    rows: list[list[str]],
    *,
    header: list[str] | None = None,
    sep: str = "\t",
    encoding: str = "utf-8",
    bom: bool = False,
    ending: str = "\n",
    trailing: bool = False,
    pad: int = 0,
    final_ending: bool = True,
) -> bytes:
    """A FEC file's bytes: ``header`` (default :data:`HEADER`) and ``rows``.

    ``pad`` left-justifies every field on that many characters (fixed width);
    ``trailing`` ends every line with the separator; ``bom`` writes the UTF-8 BOM.
    """
    lines = [header or HEADER, *rows]
    text = ending.join(
        sep.join(f.ljust(pad) for f in fields) + (sep if trailing else "") for fields in lines
    ) + (ending if final_ending else "")  # fmt: skip
    data = text.encode(encoding)
    return b"\xef\xbb\xbf" + data if bom else data


def write(folder: Path, data: bytes, name: str = "123456789FEC20241231.txt") -> Path:
    """Write ``data`` as ``folder/name`` and return the path."""
    path = folder / name
    path.write_bytes(data)
    return path
