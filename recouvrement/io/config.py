"""A company's configuration (``recouvrement.yml``), checked and typed.

The file beside a company's exports says how to read them and how the company works::

    name: "Bâtiment Durand SAS"     # display name of the audited company
    sector: construction
    default_terms_days: 45          # used when an invoice has no due date
    read: {sep: ";", decimal: ",", encoding: cp1252, date_format: "%d/%m/%Y"}
    tables:
      invoices:
        file: factures.csv
        columns: {"N° facture": invoice_id, "Code client": debtor_id, ...}
        values: {currency: {"€": EUR}}
      disputes:                     # derived from another file's rows (identical
        from: invoices              # projected rows count once)
        where: {"Litige": "Oui"}    # "*" means "any non-empty value"
        columns: {"N° facture": invoice_id, "Date facture": opened_date}
    dunning: {...}                  # checked by recouvrement.dunning
    legal: {contractual_rate: 12.0} # checked by recouvrement.legal

Unknown keys are refused with the list of the allowed ones: a typo never passes
silently.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from recouvrement import conventions as cv
from recouvrement.ledger import LedgerError

#: Name of the configuration file in a company folder.
CONFIG_NAME = "recouvrement.yml"

TOP_KEYS = frozenset(
    {
        "name",
        "sector",
        "default_terms_days",
        "read",
        "tables",
        "currency",
        "notes",
        "dunning",  # the company's own dunning calendar(s), see recouvrement.dunning
        "legal",  # contractual penalty rate and the like, see recouvrement.legal
    }
)
READ_KEYS = frozenset({"sep", "decimal", "encoding", "date_format", "sheet"})
TABLE_KEYS = frozenset({"file", "columns", "values", "from", "where", "read"})


@dataclass(frozen=True)
class CompanyConfig:
    """A company's configuration, checked (see the module docstring for the file).

    Attributes
    ----------
    name, sector : str or None
        Display name and sector of the audited company.
    default_terms_days : int
        Payment terms (days after issue) repairing a missing due date.
    read : mapping
        Default read options of every file (``sep``, ``decimal``, ``encoding``,
        ``date_format``, ``sheet``).
    tables : mapping
        Table name -> its spec (``file``, ``columns``, ``values``, ``from``,
        ``where``, ``read``).
    dunning, legal : mapping or None
        The ``dunning:`` and ``legal:`` sections, checked by the modules that use them.
    source : Path or None
        The file read, ``None`` when the configuration was given as a mapping or absent.

    """

    name: str | None = None
    sector: str | None = None
    default_terms_days: int = cv.DEFAULT_TERMS_DAYS
    read: Mapping[str, Any] = field(default_factory=dict)
    tables: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    currency: str | None = None
    notes: Any = None
    dunning: Any = None
    legal: Any = None
    source: Path | None = None

    def table(self, name: str) -> dict[str, Any]:
        """The spec of table ``name`` (empty when the configuration says nothing of it)."""
        return dict(self.tables.get(name) or {})


def load_config(
    config: str | Path | Mapping[str, Any] | None, folder: Path | None = None
) -> CompanyConfig:
    """Load and check a company configuration (YAML path, mapping or ``None``).

    With ``None``, ``<folder>/recouvrement.yml`` is used when it exists, otherwise
    the defaults. Unknown keys raise :class:`~recouvrement.ledger.LedgerError`
    listing the allowed ones.
    """
    source = "configuration"
    path = None
    if config is None and folder is not None and (folder / CONFIG_NAME).is_file():
        config = folder / CONFIG_NAME
    if config is None:
        return CompanyConfig()
    if isinstance(config, str | Path):
        path = Path(config)
        source = str(config)
        try:
            config = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            raise LedgerError([f"{source}: cannot read the configuration: {exc}"]) from None
    if not isinstance(config, Mapping):
        raise LedgerError([f"{source}: the configuration must be a mapping of settings"])
    problems = []
    for key in set(config) - TOP_KEYS:
        problems.append(
            f"{source}: unknown setting {key!r}; allowed: {', '.join(sorted(TOP_KEYS))}"
        )
    for key in set(config.get("read") or {}) - READ_KEYS:
        problems.append(
            f"{source}: unknown read option {key!r}; allowed: {', '.join(sorted(READ_KEYS))}"
        )
    for table, spec in (config.get("tables") or {}).items():
        if table not in cv.TABLES:
            problems.append(f"{source}: unknown table {table!r}; tables are {', '.join(cv.TABLES)}")
            continue
        for key in set(spec or {}) - TABLE_KEYS:
            problems.append(
                f"{source}: tables.{table}: unknown key {key!r}; "
                f"allowed: {', '.join(sorted(TABLE_KEYS))}"
            )
        for canonical in (spec or {}).get("columns", {}).values():
            if canonical not in cv.columns(table):
                problems.append(
                    f"{source}: tables.{table}.columns maps to {canonical!r}, "
                    f"which is not a column of {table} ({', '.join(cv.columns(table))})"
                )
    if problems:
        raise LedgerError(problems)
    return CompanyConfig(
        name=config.get("name"),
        sector=config.get("sector"),
        default_terms_days=int(config.get("default_terms_days", cv.DEFAULT_TERMS_DAYS)),
        read=dict(config.get("read") or {}),
        tables={str(k): dict(v or {}) for k, v in (config.get("tables") or {}).items()},
        currency=config.get("currency"),
        notes=config.get("notes"),
        dunning=config.get("dunning"),
        legal=config.get("legal"),
        source=path,
    )
