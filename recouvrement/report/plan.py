"""One plan per report: its parameters validated, its inputs located and fingerprinted once.

A report is one audited company × one month. :func:`make_plan` checks the
parameters (company id, month, language, bucket preset, targets file), locates the
company's folder and fingerprints every input file (SHA-256, each file hashed once,
:mod:`recouvrement.io.fingerprints`). The runner makes the plan before anything else
(it decides whether an existing report is up to date) and hands it to the report
notebook as a plain dictionary (:meth:`Plan.to_dict`): the notebook only loads and
displays, it never validates or hashes again. Run interactively without a plan, the
notebook makes its own from its parameters.

The *stamp* printed on the cover and in every PDF footer is a hash of the input
fingerprints, the key parameters and the package version (:func:`run_stamp`): same
stamp ⇒ same figures.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from recouvrement import conventions as cv
from recouvrement._version import __version__
from recouvrement.conventions import Buckets
from recouvrement.io import (
    CompanyError,
    activity_period,
    company_folder,
    company_month,
    fingerprint_folder,
    is_inside,
    leaves_folder,
)
from recouvrement.io.fingerprints import folder_files
from recouvrement.ledger import LedgerError

#: Report languages available (the notebook's text is French).
LANGUAGES = ("fr",)

#: Parameters whose values decide the figures (``data_dir`` is not one: the input
#: fingerprints stand for the data wherever it lives).
KEY_PARAMETERS = ("company", "month", "language", "buckets", "targets_file")


class ReportError(CompanyError):
    """A user error (bad company id, month, folder...): a clear message, no traceback."""


def _digest(obj: Any) -> str:
    return hashlib.sha256(json.dumps(obj, sort_keys=True, ensure_ascii=True).encode()).hexdigest()


def run_stamp(
    inputs: Mapping[str, str], parameters: Mapping[str, Any], version: str = __version__
) -> str:
    """Reproducibility stamp: 16 hex digits of SHA-256(inputs, key parameters, version).

    Two reports with the same stamp were computed from the same bytes with the same
    parameters by the same package version, hence show the same figures.
    """
    key = {k: parameters.get(k, "") for k in KEY_PARAMETERS}
    return _digest({"inputs": dict(inputs), "parameters": key, "version": version})[:16]


def file_states(folder: Path) -> dict[str, tuple[int, int]]:
    """``{relative path: (size, mtime in ns)}`` of a company folder's files (no hashing).

    Taken before the files are hashed and again after the report is built: a file
    that changed in between makes the report fail instead of mixing two versions.
    """
    out = {}
    for p in folder_files(folder):
        st = p.stat()
        out[p.relative_to(folder).as_posix()] = (st.st_size, st.st_mtime_ns)
    return out


@dataclass(frozen=True)
class Plan:
    """What one report is built from: validated parameters and fingerprinted inputs.

    Attributes
    ----------
    company : str
        Company id, the name of its folder.
    month : str
        ``YYYY-MM``; the as-of date is its last day (:attr:`as_of`).
    folder : Path
        The company's folder (absolute).
    language : str
        Report language (``fr``).
    buckets : str
        Bucket preset (``jours``, ``120``, ``mois``).
    targets_file : Path or None
        The KPI targets file, when one is given: always inside the company folder.
    inputs : dict
        SHA-256 of every input file of the company folder: ``{relative path: hex}``.
    version : str
        Package version the plan was made with.
    states : dict
        Size and modification time of each file when it was fingerprinted (runner only;
        not handed to the notebook).

    """

    company: str
    month: str
    folder: Path
    language: str = "fr"
    buckets: str = "jours"
    targets_file: Path | None = None
    inputs: dict[str, str] = field(default_factory=dict)
    version: str = __version__
    states: dict[str, tuple[int, int]] = field(default_factory=dict, compare=False)

    @property
    def as_of(self) -> pd.Timestamp:
        """The as-of date: the last day of :attr:`month`."""
        return cv.month_end(self.month)

    @property
    def scheme(self) -> Buckets:
        """The bucket scheme of :attr:`buckets`."""
        return cv.as_buckets(self.buckets)

    @property
    def targets_name(self) -> str:
        """The targets file relative to the company folder (``""`` when none)."""
        if self.targets_file is None:
            return ""
        return self.targets_file.relative_to(self.folder.resolve()).as_posix()

    @property
    def parameters(self) -> dict[str, str]:
        """The report's parameters as strings (the manifest's ``parameters``).

        No absolute path: the data folder is not a parameter (the input fingerprints
        stand for the data wherever it lives) and the targets file is relative to the
        company folder.
        """
        return {
            "company": self.company,
            "month": self.month,
            "language": self.language,
            "targets_file": self.targets_name,
            "buckets": self.buckets,
        }

    @property
    def stamp(self) -> str:
        """The reproducibility stamp (:func:`run_stamp`)."""
        return run_stamp(self.inputs, self.parameters, self.version)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-able dict for the notebook's ``plan`` parameter (no file states)."""
        return {
            "company": self.company,
            "month": self.month,
            "folder": str(self.folder),
            "language": self.language,
            "buckets": self.buckets,
            "targets_file": str(self.targets_file or ""),
            "inputs": dict(self.inputs),
            "version": self.version,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Plan:
        """The plan of :meth:`to_dict` (as injected into the notebook)."""
        missing = sorted({"company", "month", "folder", "inputs"} - set(data))
        if missing:
            raise ReportError(f"plan de rapport incomplet : clé(s) {', '.join(missing)} absente(s)")
        return cls(
            company=str(data["company"]),
            month=str(data["month"]),
            folder=Path(data["folder"]),
            language=str(data.get("language", "fr")),
            buckets=str(data.get("buckets", "jours")),
            targets_file=Path(data["targets_file"]) if data.get("targets_file") else None,
            inputs=dict(data["inputs"]),
            version=str(data.get("version", __version__)),
        )

    def input_hash(self, path: Path) -> str:
        """The fingerprint of an input file of the plan (never hashed again)."""
        root, full = self.folder.resolve(), path.resolve()
        key = full.relative_to(root).as_posix() if full.is_relative_to(root) else path.name
        try:
            return self.inputs[key]
        except KeyError:
            raise ReportError(
                f"{path.name} : fichier absent de l'empreinte du rapport ; refaire le plan"
            ) from None


def validate_language(language: object) -> str:
    """Return ``language`` if a report can be written in it, else raise :class:`ReportError`."""
    if language not in LANGUAGES:
        raise ReportError(
            f"langue non disponible : {language!r} (disponibles : {', '.join(LANGUAGES)})"
        )
    return str(language)


def validate_buckets(buckets: object) -> str:
    """Return the bucket preset ``buckets`` (``jours``, ``120``, ``mois``) or raise."""
    if buckets not in cv.BUCKET_PRESETS:
        raise ReportError(
            f"tranches d'âge inconnues : {buckets!r} (choisir parmi {', '.join(cv.BUCKET_PRESETS)})"
        )
    return str(buckets)


def validate_month(month: object) -> str:
    """``YYYY-MM`` (see :func:`recouvrement.conventions.parse_month`) or :class:`ReportError`."""
    try:
        return cv.parse_month(month)
    except ValueError as exc:
        raise ReportError(str(exc)) from None


def confined_targets(targets_file: str | os.PathLike[str], folder: Path) -> Path | None:
    """The targets file inside the company folder, checked before it is ever opened.

    A plain relative path is required (no absolute path, no ``..``), and once links are
    resolved the file must lie inside ``folder``: a company's report reads only its own
    folder. Messages name the path as given, never a content.
    """
    if not targets_file:
        return None
    fix = "indiquer un chemin relatif au dossier de la société (exemple : --targets objectifs.yml)"
    if leaves_folder(str(targets_file)) or str(targets_file).startswith("~"):
        raise ReportError(f"fichier d'objectifs « {targets_file} » refusé : {fix}, sans « .. »")
    path = folder / targets_file
    if not is_inside(path, folder.resolve()):
        raise ReportError(
            f"fichier d'objectifs « {targets_file} » refusé : c'est un lien vers un fichier hors "
            f"du dossier de la société ; copier le fichier dans le dossier de la société"
        )
    if not path.is_file():
        raise ReportError(
            f"fichier d'objectifs introuvable dans le dossier de la société {folder.name} : "
            f"{targets_file}"
        )
    return path.resolve()


def make_plan(
    company: str,
    month: str | None,
    *,
    data_dir: str | os.PathLike[str] = "data/samples",
    language: str = "fr",
    targets_file: str | os.PathLike[str] = "",
    buckets: str = "jours",
    allow_empty: bool = False,
) -> Plan:
    """Validate a report's parameters and fingerprint its inputs, once.

    Parameters
    ----------
    company : str
        Company id = name of its folder in ``data_dir`` (a plain name).
    month : str or None
        ``YYYY-MM``; the as-of date is the last day of that month. ``None``: the
        company's own latest month with data (:func:`recouvrement.io.company_month`).
    data_dir : str or path
        Folder of company folders (relative: from the current directory).
    language : str
        Report language (``"fr"``).
    targets_file : str or path
        Optional YAML of targets; relative paths are taken in the company folder.
    buckets : str
        Bucket preset: ``"jours"`` (30/60/90 days), ``"120"`` or ``"mois"``.
    allow_empty : bool
        Make the report even for a month outside the company's data (after its last
        invoice or payment, or before its first): refused otherwise.

    Returns
    -------
    Plan
        With the SHA-256 of every file of the company folder (each hashed once).

    Raises
    ------
    ReportError
        Invalid id, month, language or preset; unknown company; missing data folder;
        targets file missing or outside the company folder; a month outside the data
        (or, without a month, no dated data). Nothing is read but the file names, the
        dates of the invoices and payments (once), and the bytes to hash.

    """
    if month is not None:
        month = validate_month(month)
    validate_language(language)
    validate_buckets(buckets)
    try:
        folder = company_folder(data_dir, company)
    except CompanyError as exc:
        raise ReportError(str(exc)) from None
    targets = confined_targets(targets_file, folder)
    if month is None:  # the data's own month: within the data by construction
        try:
            month = company_month(folder)
        except CompanyError as exc:
            raise ReportError(str(exc)) from None
    elif not allow_empty:
        check_data_period(folder, month)
    states = file_states(folder)
    inputs = fingerprint_folder(folder)
    return Plan(
        company=company,
        month=month,
        folder=folder,
        language=language,
        buckets=buckets,
        targets_file=targets,
        inputs=inputs,
        states=states,
    )


def check_data_period(folder: Path, month: str) -> None:
    """Refuse a month outside the company's data (its plausible dates, see ``limits``).

    A report for a month after the last invoice or payment, or before the first one,
    would print 0 % recovery and letters for nothing: the user asks for it explicitly
    (``allow_empty``) or chooses another month.
    """
    try:
        period = activity_period(folder)
    except LedgerError:
        return  # the report itself says why the data cannot be read
    first_day = cv.month_end(month) - pd.offsets.MonthBegin(1)
    if period is None:
        raise ReportError(
            f"{folder.name} : aucune facture ni aucun règlement daté dans les données ; "
            "rien à auditer (--allow-empty pour un rapport vide)"
        )
    start, end = period
    if first_day > end or cv.month_end(month) < start:
        raise ReportError(
            f"{folder.name} : aucune donnée pour {month} (factures et règlements du "
            f"{start:%d/%m/%Y} au {end:%d/%m/%Y}) ; choisir un mois de cette période, "
            f"ou --allow-empty pour un rapport quand même"
        )
