"""Company folders: plain ids, the data folder, the month each company is audited for by default.

Each sub-folder of a data folder is one audited company; its name is the company id.
An id is a single plain path component (letters, digits, ``_``, ``-``, ``.``, starting
with a letter or a digit), which is what keeps one company's report inside its own
folder: ``..``, ``../x``, ``/etc`` or ``a/b`` are refused before any file is touched.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from recouvrement import conventions as cv
from recouvrement.io.folder import activity_period
from recouvrement.ledger import LedgerError

#: A company id is a plain folder name.
COMPANY_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


class CompanyError(ValueError):
    """A company, data folder or month a report cannot be made for: a clear French message."""


def validate_company(company: object) -> str:
    """Return ``company`` if it is a plain folder name, else raise :class:`CompanyError`."""
    if not isinstance(company, str) or not COMPANY_RE.fullmatch(company):
        raise CompanyError(
            f"identifiant de société invalide : {company!r}. Attendu : un nom de dossier simple "
            "(lettres, chiffres, « _ », « - », « . », commençant par une lettre ou un chiffre, "
            "sans « / » ni « .. ») / invalid company id: a plain folder name is expected"
        )
    return company


def resolve_data_dir(data_dir: str | os.PathLike[str]) -> Path:
    """The data folder as an absolute path (a relative one is taken from the current directory).

    Raises
    ------
    CompanyError
        When the folder does not exist.

    """
    p = Path(data_dir).expanduser()
    full = p if p.is_absolute() else Path.cwd() / p
    if not full.is_dir():
        raise CompanyError(f"dossier de données introuvable : {full}")
    return full.resolve() if not p.is_absolute() else full


def list_companies(data_dir: str | os.PathLike[str]) -> list[str]:
    """Company ids of ``data_dir``: its sub-folders, hidden ones and ``_*`` excepted, sorted."""
    root = resolve_data_dir(data_dir)
    return sorted(
        p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))
    )


def company_folder(data_dir: str | os.PathLike[str], company: str) -> Path:
    """``<data_dir>/<company>`` after validating the id; its absence is a :class:`CompanyError`."""
    validate_company(company)
    root = resolve_data_dir(data_dir)
    folder = root / company
    if not folder.is_dir():
        known = ", ".join(list_companies(root)) or "aucune"
        raise CompanyError(
            f"société inconnue : {company!r} (pas de dossier {folder} ; sociétés : {known})"
        )
    return folder


def company_month(folder: str | os.PathLike[str]) -> str:
    """The month a company is audited for by default: its latest month with data, ``YYYY-MM``.

    The month of the company's last invoice issue date or payment date within its
    plausible dates (:func:`~recouvrement.io.folder.activity_period`, which reads only
    those dates and ignores a row dated 2200). A monthly extract is taken after the
    month's close, so its last operations belong to the month to audit; give the month
    explicitly to audit an earlier one. Each company has its own: one company's data
    never decides another's month.

    Raises
    ------
    CompanyError
        When the company's invoices and payments cannot be read, or hold no date.

    """
    path = Path(folder)
    try:
        period = activity_period(path)
    except LedgerError as exc:
        raise CompanyError(str(exc)) from None
    if period is None:
        raise CompanyError(
            f"{path.name} : aucune facture ni aucun règlement daté dans les données ; "
            "indiquer le mois à auditer (--month AAAA-MM)"
        )
    return cv.month_of(period[1])
