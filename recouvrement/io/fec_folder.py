"""A company folder holding FEC files: which files, read with the folder's other tables.

A folder is read from its FEC when it has no invoices file (``invoices.csv``,
``factures.xlsx``... or ``tables: invoices: file:``) and holds files whose first line
is a FEC header, or when ``fec: files:`` names them. No configuration is needed; the
folder's optional tables (``debtors``: kinds, sectors, limits, insolvency, terms;
``actions``, ``disputes``, ``costs``) are read as usual and joined to what the FEC
gives. Every FEC file is checked to lie inside the folder before it is opened.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from recouvrement.io.config import CONFIG_NAME, CompanyConfig
from recouvrement.io.fec.company import fec_files, read_fec
from recouvrement.io.fec.read import read_fec_file
from recouvrement.io.files import find_file
from recouvrement.io.paths import OUTSIDE, is_inside
from recouvrement.ledger import Ledger, LedgerError

#: Tables a FEC does not hold, read from the folder's own files when present.
SIDE_TABLES = ("debtors", "actions", "disputes", "costs")


def fec_paths(folder: Path, cfg: CompanyConfig, *, confined: bool) -> list[Path]:
    """The company's FEC files (empty when the folder is read from its tables).

    Raises
    ------
    LedgerError
        A file named in ``fec: files:`` missing, or (``confined``) a FEC file leading
        outside the folder.

    """
    named = list(cfg.fec.files or ())
    if not named:
        has_invoices = cfg.table("invoices").get("file") or find_file(folder, "invoices")
        if has_invoices:
            return []
    paths = fec_files(folder, named or None) if named or folder.is_dir() else []
    root = folder.resolve()
    problems = []
    for path, label in zip(paths, named or [p.name for p in paths], strict=True):
        if confined and not is_inside(path, root):
            problems.append(f"{CONFIG_NAME} : fec.files « {label} » {OUTSIDE}")
        elif not path.is_file():
            problems.append(
                f"{label} : fichier FEC nommé dans {CONFIG_NAME} (fec: files:), introuvable "
                f"dans le dossier de la société « {folder.name} » ; corriger son nom ou l'y "
                "déposer"
            )
    if problems:
        raise LedgerError(problems)
    return paths


def read_fec_folder(reader: Any, paths: list[Path], meta: dict[str, Any]) -> Ledger:
    """The ledger of a FEC folder: ``reader`` is the folder's reader (its side tables).

    ``meta`` is the folder's metadata (:func:`recouvrement.io.folder.read_ledger`);
    ``meta["files"]`` gains ``FEC 1``, ``FEC 2``... (oldest first) and the side tables.
    """
    cfg: CompanyConfig = reader.cfg
    side: dict[str, tuple[pd.DataFrame, list[int], str]] = {}
    problems: list[str] = []
    files = dict(meta.get("files", {}))
    for table in SIDE_TABLES:
        try:
            found = reader.table(table)
        except LedgerError as exc:
            problems.extend(exc.problems)
            continue
        if found is not None:
            frame, numbers, _, file = found
            side[table] = (frame, numbers, file.name)
            files[table] = file
    if problems:
        raise LedgerError(problems)
    ledger = read_fec(
        paths,
        tables=side,
        options=cfg.fec,
        default_terms_days=cfg.default_terms_days,
        default_kind=cfg.default_debtor_kind,
        currency=cfg.currency,
        limits=cfg.limits,
        meta={**meta, "files": files},
    )
    ledger.meta["excluded"] = reader.excluded_frame()  # where: of the side tables
    ledger.meta["defaults"] = reader.defaults_frame(ledger)
    book = ledger.meta["fec"]
    by_name = {p.name: p for p in paths}
    for k, name in enumerate(book.sources, start=1):
        ledger.meta["files"][f"FEC {k}"] = by_name[name]
    return ledger


def fec_period(paths: list[Path], window: tuple[pd.Timestamp, pd.Timestamp]):
    """First and last entry date of the FEC files inside ``window`` (``None`` when none)."""
    low, high = window
    dates = []
    for path in paths:
        d = read_fec_file(path).lines["date"]
        dates.append(d[(d >= low) & (d <= high)])
    every = pd.concat(dates) if dates else pd.Series([], dtype="datetime64[ns]")
    if every.empty:
        return None
    return pd.Timestamp(every.min()), pd.Timestamp(every.max())
