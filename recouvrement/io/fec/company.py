"""One company's FEC files into a validated :class:`~recouvrement.ledger.Ledger`."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import pandas as pd

from recouvrement import conventions as cv
from recouvrement.io.fec.book import build_tables
from recouvrement.io.fec.read import FecFile, is_fec, read_fec_file
from recouvrement.io.fec.roles import FecOptions, starts
from recouvrement.ledger import Ledger, LedgerError

#: The table label of the rows built from FEC files (quality table, counts).
FEC_LABEL = "FEC"


def fec_files(folder: Path, names: Sequence[str] | None = None) -> list[Path]:
    """The FEC files of a company folder: those named, else every file whose header is a FEC's.

    Only the first line of each candidate (``.txt``, ``.csv``, ``.tsv`` or no suffix,
    not hidden) is read. The caller checks confinement before reading anything else.
    """
    if names:
        return [folder / n for n in names]
    found = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or not path.is_file():
            continue
        if path.suffix.lower() in ("", ".txt", ".csv", ".tsv") and is_fec(path):
            found.append(path)
    return found


def declared_terms(debtors: pd.DataFrame | None) -> dict[str, int]:
    """``terms_days`` of a debtors table (text cells; a cell that is not a whole number is skipped).

    Cells that cannot be read are left to the ledger, which lists them.
    """
    if debtors is None or "terms_days" not in debtors.columns or "debtor_id" not in debtors:
        return {}
    text = debtors["terms_days"].astype("str").str.strip()
    ok = text.str.fullmatch(r"\d{1,3}").fillna(False).to_numpy(dtype=bool)
    ids = debtors["debtor_id"].astype("str").str.strip()
    return dict(zip(ids[ok], text[ok].astype(int), strict=True))


def merge_debtors(fec: pd.DataFrame, given: pd.DataFrame | None) -> pd.DataFrame:
    """The debtors table: the folder's rows first (kind, sector, limits...), then FEC-only debtors.

    A name left empty in the folder's table is the FEC's ``CompAuxLib``.
    """
    if given is None:
        return fec
    given = given.copy()
    ids = given["debtor_id"].astype("str").str.strip()
    names = pd.Series(fec["name"].to_numpy(), index=fec["debtor_id"])
    if "name" in given.columns:
        empty = given["name"].isna() | (given["name"].astype("str").str.strip() == "")
        given.loc[empty, "name"] = ids[empty].map(names)
    else:
        given["name"] = ids.map(names)
    extra = fec[~fec["debtor_id"].isin(set(ids))]
    return pd.concat([given, extra], ignore_index=True)


def read_fec(
    paths: Sequence[str | os.PathLike[str]] | str | os.PathLike[str],
    *,
    tables: Mapping[str, tuple[pd.DataFrame, list[int], str]] | None = None,
    options: FecOptions | None = None,
    default_terms_days: int = cv.DEFAULT_TERMS_DAYS,
    default_kind: str | None = None,
    currency: str | None = None,
    limits: cv.Limits | None = None,
    meta: Mapping[str, Any] | None = None,
) -> Ledger:
    """Read one company's FEC files (one or several consecutive fiscal years) into a Ledger.

    Parameters
    ----------
    paths : path or sequence of paths
        The FEC files, in any order: they are ordered by the dates of their entries
        (never by their names).
    tables : mapping, optional
        Tables the FEC does not hold, read from the company folder: table name ->
        ``(canonical frame, line numbers, file name)``, among ``debtors`` (kind,
        sector, credit limit, insolvency, ``terms_days``: merged with the FEC's
        debtors), ``actions``, ``disputes``, ``costs``. An ``invoice_id`` of an action
        or dispute may be the invoice's number (``PieceRef``) when it names one
        invoice only.
    options : FecOptions, optional
        Receivable accounts, opening journals, journal roles, per-debtor terms
        (``fec:`` of ``recouvrement.yml``).
    default_terms_days : int
        Terms of a debtor with neither declared nor observed terms (days).
    default_kind : str, optional
        The kind of every debtor (a FEC does not say whether a customer is a business).
    currency : str, optional
        The currency of the books (``EUR`` by default): a FEC's Debit and Credit are in
        it; ``Montantdevise``/``Idevise`` are not read (the books are what counts).
    limits : Limits, optional
        Plausibility bounds (:class:`~recouvrement.conventions.Limits`).
    meta : mapping, optional
        Metadata kept on the ledger; ``meta["fec"]`` is set to the
        :class:`~recouvrement.io.fec.book.FecBook`.

    Returns
    -------
    Ledger
        Invoices, payments, credit notes, write-offs and debtors rebuilt from the
        receivable lines (:mod:`recouvrement.io.fec.book`), with ``meta["fec"]``.

    Raises
    ------
    LedgerError
        A file that is not a FEC, does not balance, or whose openings do not restate
        the previous file's closing (French messages naming the file).

    """
    files = [Path(p) for p in ([paths] if isinstance(paths, str | os.PathLike) else paths)]
    if not files:
        raise LedgerError(["aucun fichier FEC à lire"])
    options = options or FecOptions()
    read = [read_fec_file(f) for f in files]
    problems = [
        f"{r.source} : aucune écriture lisible (fichier FEC sans ligne après son en-tête) ; "
        "ré-exporter le FEC complet depuis le logiciel comptable"
        for r in read
        if r.lines.empty
    ]
    if problems:
        raise LedgerError(problems)
    read.sort(key=lambda r: (r.lines["date"].min(), r.lines["date"].max()))
    sources = [r.source for r in read]
    check_sequence(read)
    lines = pd.concat([r.lines.assign(file=k) for k, r in enumerate(read)], ignore_index=True)
    if not starts(lines["account"], options.scope).any():
        raise LedgerError(
            [
                f"{', '.join(sources)} : aucune ligne de compte client (comptes "
                f"{', '.join(p + '*' for p in options.scope)}) ; si les clients sont suivis "
                "sur d'autres comptes, les indiquer dans recouvrement.yml (fec: "
                'receivable_accounts: ["4111"])'
            ]
        )
    check_plausible(lines, sources, options, limits or cv.Limits())
    given = dict(tables or {})
    debtors_given = given.get("debtors", (None, [], ""))[0]
    terms = {**declared_terms(debtors_given), **dict(options.terms_days)}
    options = replace(options, terms_days=terms)
    built, rows, book = build_tables(
        lines, sources, [r.dialect for r in read], options, default_terms_days
    )
    label = ", ".join(sources)
    labels = dict.fromkeys(built, label)
    if debtors_given is not None:
        frame, numbers, source = given.pop("debtors")
        built["debtors"] = merge_debtors(built["debtors"], frame)
        extra = len(built["debtors"]) - len(frame)
        rows["debtors"] = [*numbers, *range(len(numbers) + 2, len(numbers) + 2 + extra)]
        labels["debtors"] = f"{source}, {label}"
    by_ref = _references(built["invoices"])
    for name, (frame, numbers, source) in given.items():
        if "invoice_id" in frame.columns:
            frame = frame.assign(invoice_id=_to_ids(frame["invoice_id"], by_ref))
        built[name] = frame
        rows[name] = numbers
        labels[name] = source
    # a FEC line set aside (a whole entry: a partial one unbalances its file, refused)
    # is listed once, with all its problems, in the FEC section of the report
    set_aside = []
    for r in read:
        by_line: dict[int, list[dict]] = {}
        for p in r.problems:
            by_line.setdefault(p["row"], []).append(p)
        for row, problems in by_line.items():
            set_aside.append(
                {
                    "Fichier": r.source,
                    "Ligne": row,
                    "Colonne": ", ".join(dict.fromkeys(p["column"] for p in problems)),
                    "Valeur lue": " | ".join(p["value"] for p in problems),
                    "Problème": " ; ".join(dict.fromkeys(p["problem"] for p in problems)),
                }
            )
    book.set_aside.extend(set_aside)
    return Ledger(
        **built,
        default_terms_days=default_terms_days,
        sources=labels,
        rows=rows,
        meta={**(meta or {}), "fec": book},
        limits=limits,
        default_kind=default_kind,
        currency=currency,
    )


def _references(invoices: pd.DataFrame) -> pd.Series:
    """Invoice number (``PieceRef``) -> id, for the numbers that name exactly one invoice."""
    ref = invoices["reference"].astype("str").str.strip()
    unique = ref[~ref.duplicated(keep=False) & (ref != "") & invoices["reference"].notna()]
    return pd.Series(invoices.loc[unique.index, "invoice_id"].to_numpy(), index=unique.to_numpy())


def _to_ids(values: pd.Series, by_ref: pd.Series) -> pd.Series:
    """An invoice number of another table translated to the FEC's id where it names one."""
    text = values.astype("str").str.strip()
    return values.where(~text.isin(by_ref.index), text.map(by_ref))


def check_plausible(
    lines: pd.DataFrame, sources: list[str], options: FecOptions, limits: cv.Limits
) -> None:
    """Refuse receivable lines outside the company's plausible dates or above its ceiling.

    A customer-account line that cannot be trusted cannot be set aside either: the aged
    balance would no longer tie to the books. So the files are refused, naming each line.
    """
    low, high = limits.window()
    ceiling = int(limits.max_amount) * 100
    rec = lines[starts(lines["account"], options.scope)]
    bad_date = (rec["date"] < low) | (rec["date"] > high)
    bad_amount = rec[["debit", "credit"]].max(axis=1) > ceiling
    problems = []
    for idx in rec.index[(bad_date | bad_amount).to_numpy()][:20]:
        line = rec.loc[idx]
        what = (
            f"date {line['date']:%d/%m/%Y} hors des dates plausibles "
            f"({low:%d/%m/%Y} – {high:%d/%m/%Y})"
            if bad_date[idx]
            else f"montant au-delà du plafond de {limits.max_amount:,} € par ligne".replace(
                ",", "\u00a0"
            )
        )
        problems.append(
            f"{sources[int(line['file'])]}, ligne {int(line['line'])} (compte {line['account']}) : "
            f"{what} ; une ligne de compte client ne peut pas être écartée sans fausser le "
            "rapprochement avec la comptabilité : corriger le FEC ou les limites (limits: "
            "dans recouvrement.yml)"
        )
    if problems:
        raise LedgerError(problems)


def check_sequence(read: Sequence[FecFile]) -> None:
    """Refuse files whose periods overlap (two exports of one fiscal year, the same file twice)."""
    problems = []
    for before, after in zip(read, read[1:], strict=False):
        first, last = after.lines["date"].min(), before.lines["date"].max()
        if first <= last:
            problems.append(
                f"{before.source} et {after.source} se chevauchent ({before.source} va jusqu'au "
                f"{last:%d/%m/%Y}, {after.source} commence le {first:%d/%m/%Y}) : deux exports "
                "du même exercice, ou le même fichier deux fois ? ne garder qu'un FEC par "
                "exercice, d'exercices consécutifs"
            )
    if problems:
        raise LedgerError(problems)
