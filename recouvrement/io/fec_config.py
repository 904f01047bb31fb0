"""The ``fec:`` section of ``recouvrement.yml``: its schema and its typed form, :class:`FecConfig`.

How a company's FEC (Fichier des Écritures Comptables) is read: which files are FEC,
which accounts are its customers', what its journals are and its debtors' terms::

    fec:
      files: ["FEC2024.txt", "FEC2025.txt"]
      receivable_accounts: ["411"]
      doubtful_accounts: ["416"]
      advance_accounts: ["419"]
      opening_journals: ["AN", "ANO", "RAN", "ANC"]
      journals: {VT: sales, BQ1: bank, OD: misc}
      terms_days: {C001: 45, C002: 60}
      partial_after_days: 90

Every key is optional (defaults: :class:`FecConfig`) and checked strictly, like the
rest of the file: an account prefix is a text of digits (``"411"``, in quotes: YAML
reads ``0411`` as a number), a journal code a text, a role one of
:data:`JOURNAL_ROLES`, terms a whole number of days in [0, 365]; a file follows the
rules of ``tables.<t>.file`` (relative to the company folder, without ``..``) and is
named once. The reader of the FEC (:mod:`recouvrement.io.fec`) gives the keys their
meaning.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, PlainValidator

from recouvrement.io.messages import shown
from recouvrement.io.schema_tables import STRICT, folder_file, refuse

#: The roles a journal may be given under ``fec: journals:``.
JOURNAL_ROLES = ("sales", "bank", "opening", "write_off", "misc")

#: Largest agreed terms of ``fec: terms_days:``, in days.
MAX_TERMS_DAYS = 365

#: Largest ``fec: partial_after_days``, in days (ten years).
MAX_PARTIAL_DAYS = 3650

#: Longest account prefix (a French account number has at most a few tens of digits).
MAX_PREFIX_DIGITS = 20


def _file(value: Any) -> str:
    example = 'files: ["FEC2024.txt"]'
    if not isinstance(value, str):
        raise refuse(
            "le nom d'un fichier FEC du dossier de la société est attendu, entre guillemets "
            f"(par exemple {example})"
        )
    return folder_file(value, example)


#: The account lists of ``fec:`` and the prefix each example shows.
ACCOUNT_EXAMPLES = {
    "receivable_accounts": "411",
    "doubtful_accounts": "416",
    "advance_accounts": "419",
}


def _prefix(key: str) -> PlainValidator:
    example = f'{key}: ["{ACCOUNT_EXAMPLES[key]}"]'

    def check(value: Any) -> str:
        digits = isinstance(value, str) and value.isascii() and value.isdigit()
        if not digits or len(value) > MAX_PREFIX_DIGITS:
            raise refuse(
                "un préfixe de compte en chiffres, entre guillemets, est attendu "
                f"(par exemple {example})"
            )
        return value

    return PlainValidator(check)


def _journal(value: Any) -> str:
    if not isinstance(value, str) or not value.strip() or not value.isprintable():
        raise refuse(
            'un code journal est attendu, entre guillemets (par exemple opening_journals: ["AN"])'
        )
    return value


def _prefixes(key: str, *, at_least_one: bool = False):
    return Annotated[list[Annotated[Any, _prefix(key)]], Field(min_length=int(at_least_one))]


class FecSection(BaseModel):
    """The ``fec:`` section, typed (its meaning: :mod:`recouvrement.io.fec`)."""

    model_config = STRICT

    files: Annotated[list[Annotated[Any, PlainValidator(_file)]], Field(min_length=1)] | None = None
    receivable_accounts: _prefixes("receivable_accounts", at_least_one=True) | None = None
    doubtful_accounts: _prefixes("doubtful_accounts") | None = None
    advance_accounts: _prefixes("advance_accounts") | None = None
    opening_journals: list[Annotated[Any, PlainValidator(_journal)]] | None = None
    journals: dict[str, Literal[JOURNAL_ROLES]] | None = None
    terms_days: dict[str, Annotated[int, Field(ge=0, le=MAX_TERMS_DAYS)]] | None = None
    partial_after_days: Annotated[int, Field(ge=0, le=MAX_PARTIAL_DAYS)] | None = None


#: The keys of the ``fec:`` section.
FEC_KEYS = tuple(FecSection.model_fields)


@dataclass(frozen=True)
class FecConfig:
    """How a company's FEC is read (``fec:`` of ``recouvrement.yml``), defaults filled in.

    Attributes
    ----------
    files : tuple of str or None
        The FEC files, relative to the company folder; ``None``: every file of the
        folder whose header is a FEC's.
    receivable_accounts, doubtful_accounts, advance_accounts : tuple of str
        Account prefixes (digits) of trade receivables (``("411",)``), doubtful ones
        (``("416",)``) and customer advances (``("419",)``).
    opening_journals : tuple of str
        Codes of the opening journals (``("AN", "ANO", "RAN", "ANC")``).
    journals : mapping of str to str
        Journal code -> its role (:data:`JOURNAL_ROLES`), overriding what its entries
        say; empty by default.
    terms_days : mapping of str to int
        Debtor (``CompAuxNum``, as text) -> agreed payment terms in days, 0 to 365;
        empty by default.
    partial_after_days : int
        A partly lettered group older than this many days is reported (lettrage
        quality); 90 by default.

    Notes
    -----
    ``cfg.fec`` is always a :class:`FecConfig`: a configuration without ``fec:`` has
    the defaults above. It is also what the FEC reader takes
    (:class:`recouvrement.io.fec.roles.FecOptions` is this class). An explicit empty
    list is kept (``doubtful_accounts: []``: no doubtful account); ``files`` and
    ``receivable_accounts`` may not be empty.

    """

    files: tuple[str, ...] | None = None
    receivable_accounts: tuple[str, ...] = ("411",)
    doubtful_accounts: tuple[str, ...] = ("416",)
    advance_accounts: tuple[str, ...] = ("419",)
    opening_journals: tuple[str, ...] = ("AN", "ANO", "RAN", "ANC")
    journals: Mapping[str, str] = field(default_factory=dict)
    terms_days: Mapping[str, int] = field(default_factory=dict)
    partial_after_days: int = 90

    @property
    def scope(self) -> tuple[str, ...]:
        """Every receivable prefix: trade, doubtful and advance accounts."""
        return (*self.receivable_accounts, *self.doubtful_accounts, *self.advance_accounts)


def fec_config(section: FecSection | None) -> FecConfig:
    """The :class:`FecConfig` of a checked ``fec:`` section (``None``: the defaults)."""
    if section is None:
        return FecConfig()
    given = section.model_dump(exclude_none=True)
    return FecConfig(
        **{k: tuple(v) if isinstance(v, list) else v for k, v in given.items()},
    )


def fec_problems(fec: Any, source: str) -> list[str]:
    """The rules between the keys of ``fec:``: a file named twice would be read twice."""
    files = fec.get("files") if isinstance(fec, Mapping) else None
    if not isinstance(files, list):
        return []
    out, seen = [], set()
    for name in files:
        if not isinstance(name, str):
            continue
        key = PurePosixPath(name.replace("\\", "/"))
        if key in seen:
            out.append(
                f"{source} : fec.files : « {shown(name)} » est nommé deux fois ; ses écritures "
                "seraient lues deux fois : n'en garder qu'un"
            )
        seen.add(key)
    return out
