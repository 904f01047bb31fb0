"""A company's configuration (``recouvrement.yml``), checked and typed.

The file beside a company's exports says how to read them and how the company works.
Every key is optional; its type is checked strictly (``30.9``, ``"30"`` or ``trente``
are not a number of days) and an unknown key is refused with the list of the allowed
ones: a typo never passes silently. The schema is :mod:`recouvrement.io.schema`.

======================  ======================================  ===========================
key                     type                                    default
======================  ======================================  ===========================
``name``                text: display name of the company       the folder's name
``sector``              text                                    none
``notes``               anything (free notes, not read)         none
``currency``            three capital letters (``EUR``): the    none (the ledger's
                        company's declared currency             currency is its invoices'
                                                                most frequent)
``default_terms_days``  integer ≥ 0: days after issue that      30
                        repair a missing due date
``default_debtor_kind`` ``professionnel`` or ``particulier``:   none (kind unknown)
                        the kind of a debtor the files do not
                        say (the same as ``defaults: kind``)
``defaults``            mapping column -> value used where a    none
                        file lacks the column or leaves a cell
                        empty (below)
``read``                mapping of read options (below)         guessed per file
``tables``              mapping table name -> description       files found by their
                        (below)                                 usual names
``dunning``             mapping: ``calendar`` (a name, a list   the ``standard`` calendar
                        of steps or ``{steps, description}``),
                        ``calendars`` (name -> steps),
                        ``by_risk_class`` (class -> calendar
                        name), ``pre_due_notice`` (``true``,
                        ``false`` or days), ``letters``
                        (mapping); meaning checked by
                        :mod:`recouvrement.dunning`
``legal``               mapping: ``contractual_rate``, a        the legal rate (ECB + 10
                        number, percent per year, in [1, 100];  points); claim everything
                        ``claim_policy`` (``default``,
                        ``by_risk_class``, ``debtors``: each
                        ``réclamer`` or ``renoncer``)
``creditor``            mapping: ``name``, ``legal_form``,      none: letters marked as
                        ``capital``, ``rcs``, ``siren``,        drafts, one checklist per
                        ``address`` (registered office),        batch
                        ``iban``, ``bic``, ``payment`` (text)
``report``              mapping: ``consultant`` (who signs),    cover without them; the
                        ``addressee`` (text), ``size``          all-companies references
                        (``micro``, ``pme``, ``eti``, ``ge``)
``limits``              mapping: ``date_min``, ``date_max``     2000-01-01, run date + 2
                        (dates, 1950 to 2199, or null),         years, 1 000 000 000 €,
                        ``max_amount`` (number > 0, euros),     200 letters, 500 rows
                        ``max_letters``, ``max_rows``           (:class:`~recouvrement.
                        (integers ≥ 1)                          conventions.Limits`)
``fec``                 mapping: how the FEC files are read     411, 416, 419; AN, ANO,
                        (:mod:`~recouvrement.io.fec_config`)    RAN, ANC... (:class:`~
                                                                recouvrement.io.
                                                                fec_config.FecConfig`)
======================  ======================================  ===========================

``defaults``: ``kind`` (of a debtor: ``professionnel`` or ``particulier``), ``currency``
(three capitals: of an invoice, payment, credit note or write-off) and ``channel`` (of a
logged dunning action). Each is added to every table that has the column where its file
lacks it, written in its empty cells otherwise
(:func:`~recouvrement.io.mapping.fill_defaults`); the report's data-quality section
states each default with the rows it filled (``Ledger.meta["defaults"]``). ``kind`` is
the ledger's default kind (``Ledger(default_kind=)``), so it also covers a debtor the
debtors table does not list; ``default_debtor_kind`` is its older spelling, still read:
either may be written, both only with the same value. ``defaults: currency`` is the
currency of a row that does not say (``EUR`` without it); the top-level ``currency`` is
the company's declared currency.

``read`` (file level, and per table under ``tables: <name>: read:``, which overrides it):
``sep`` one character (default: sniffed from the header), ``decimal`` ``","`` or
``"."`` (default: guessed per value), ``encoding`` a codec Python knows (default:
UTF-8, else cp1252), ``date_format`` a ``strptime`` format with day, month and year
(default: ISO 8601, else ``dd/mm/yyyy``), ``sheet`` a sheet name or its number from 0
(default: the first sheet).

A table's description under ``tables:`` (``invoices``, ``payments``, ``credit_notes``,
``write_offs``, ``disputes``, ``debtors``, ``actions``, ``costs``):
``file`` a file of the company folder, by a relative path without ``..`` (default: the
table's usual names, ``invoices.csv``, ``factures.xlsx``...); ``columns`` a mapping
file column -> column of the table (default: the file's columns that have the table's
names); ``values`` a mapping column -> {value read: value kept}; ``from`` another table
whose file holds this one's rows (identical projected rows count once), not with
``file``; ``where`` a mapping file column -> a text, a list of texts, or ``"*"`` (any
non-empty value), the rows kept; ``read`` as above (a table taken ``from`` another sets
only ``decimal`` and ``date_format``)::

    name: "Bâtiment Durand SAS"
    sector: construction
    default_terms_days: 45
    read: {sep: ";", decimal: ",", encoding: cp1252, date_format: "%d/%m/%Y"}
    tables:
      invoices:
        file: factures.csv
        columns: {"N° facture": invoice_id, "Code client": debtor_id, ...}
        values: {currency: {"€": EUR}}
      disputes:
        from: invoices
        where: {"Litige": "Oui"}
        columns: {"N° facture": invoice_id, "Date facture": opened_date}
    dunning: {calendar: progressif, pre_due_notice: 5}
    legal: {contractual_rate: 12.0}
    limits: {date_min: 2015-01-01, max_letters: 100}

The YAML itself is read strictly too (:mod:`recouvrement.io.yaml_strict`): a key
written twice and the aliases (``*name``) are refused, a syntax error names its line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from recouvrement import conventions as cv
from recouvrement.io.fec_config import FecConfig, fec_config
from recouvrement.io.messages import MAPS, shown
from recouvrement.io.schema import ConfigFile, validate
from recouvrement.io.yaml_strict import read_yaml
from recouvrement.ledger import LedgerError

#: Name of the configuration file in a company folder.
CONFIG_NAME = "recouvrement.yml"


@dataclass(frozen=True)
class CompanyConfig:
    """A company's configuration, checked (see the module docstring for the file).

    Attributes
    ----------
    name, sector : str or None
        Display name and sector of the audited company.
    default_terms_days : int
        Payment terms (days after issue) repairing a missing due date.
    default_debtor_kind : str or None
        ``professionnel`` or ``particulier``: the kind of a debtor the files do not say
        (``defaults: kind`` or ``default_debtor_kind``, whichever is written).
    defaults : mapping of str to str
        The ``defaults:`` section as written, only the keys given (``kind``,
        ``currency``, ``channel``).
    read : mapping
        Default read options of every file (``sep``, ``decimal``, ``encoding``,
        ``date_format``, ``sheet``), only those given.
    tables : mapping
        Table name -> its spec (``file``, ``columns``, ``values``, ``from``,
        ``where``, ``read``), only the keys given.
    currency : str or None
        The company's declared currency (``currency:``).
    notes : any
        Free notes.
    dunning, legal : mapping or None
        The ``dunning:`` and ``legal:`` sections as written, their types checked; their
        meaning is checked by the modules that use them.
    report : mapping of str to str
        The ``report:`` section, only the keys given: ``consultant``, ``addressee``
        (printed on the cover) and ``size`` (the company's size class, for the public
        references).
    creditor : mapping of str to str
        The ``creditor:`` section, only the keys given: the mandatory mentions of the
        letters (art. R.123-237 code de commerce) and the payment details.
    limits : Limits
        The plausibility bounds (``limits:``, defaults for the keys not given).
    source : Path or None
        The file read, ``None`` when the configuration was given as a mapping or absent.
    fec : FecConfig
        How the FEC files are read (``fec:``; its defaults when absent).

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
    creditor: Mapping[str, str] = field(default_factory=dict)
    report: Mapping[str, str] = field(default_factory=dict)
    source: Path | None = None
    default_debtor_kind: str | None = None
    limits: cv.Limits = field(default_factory=cv.Limits)
    defaults: Mapping[str, str] = field(default_factory=dict)
    fec: FecConfig = field(default_factory=FecConfig)

    def table(self, name: str) -> dict[str, Any]:
        """The spec of table ``name`` (empty when the configuration says nothing of it)."""
        return dict(self.tables.get(name) or {})


def _given(mapping: Any) -> dict[str, Any]:
    """The keys of ``mapping`` whose value is not null (an empty key is not given)."""
    return {str(k): v for k, v in (mapping or {}).items() if v is not None}


def _table(spec: Any) -> dict[str, Any]:
    """One table's description: the keys given, its ``read`` options likewise."""
    out = _given(spec)
    if "read" in out:
        out["read"] = _given(out["read"])
    return out


def _limits(model: ConfigFile) -> cv.Limits:
    given = model.limits.model_dump(exclude_none=True) if model.limits else {}
    for key in ("date_min", "date_max"):
        if isinstance(given.get(key), dt.date):
            given[key] = pd.Timestamp(given[key])
    return cv.Limits(**given)


def typed(raw: Mapping[Any, Any], source: str, path: Path | None = None) -> CompanyConfig:
    """The :class:`CompanyConfig` of a mapping read from a configuration, checked.

    Parameters
    ----------
    raw : mapping
        The configuration's content (as read by YAML, or given by a caller).
    source : str
        How the messages name it (``recouvrement.yml``).
    path : Path, optional
        The file read, kept as :attr:`CompanyConfig.source`.

    Raises
    ------
    LedgerError
        Listing every problem of the mapping, in French.

    """
    if not isinstance(raw, Mapping):
        _, assoc, example = MAPS[()]
        kind = "une liste" if isinstance(raw, list) else f"« {shown(raw)} »"
        raise LedgerError(
            [f"{source} : le fichier doit associer {assoc} (par exemple {example}), pas {kind}"]
        )
    model, problems = validate(raw, source)
    if problems or model is None:
        raise LedgerError(problems)
    terms = raw.get("default_terms_days")
    defaults = _given(raw.get("defaults"))
    return CompanyConfig(
        name=raw.get("name"),
        sector=raw.get("sector"),
        default_terms_days=cv.DEFAULT_TERMS_DAYS if terms is None else terms,
        read=_given(raw.get("read")),
        tables={name: _table(spec) for name, spec in (raw.get("tables") or {}).items()},
        currency=raw.get("currency"),
        notes=raw.get("notes"),
        dunning=raw.get("dunning"),
        legal=raw.get("legal"),
        creditor=_given(raw.get("creditor")),
        report=_given(raw.get("report")),
        source=path,
        default_debtor_kind=defaults.get("kind", raw.get("default_debtor_kind")),
        limits=_limits(model),
        defaults=defaults,
        fec=fec_config(model.fec),
    )


def load_config(
    config: str | Path | Mapping[str, Any] | None, folder: Path | None = None
) -> CompanyConfig:
    """Load and check a company configuration (YAML path, mapping or ``None``).

    Parameters
    ----------
    config : str, Path, mapping or None
        The file, or its content. ``None``: ``<folder>/recouvrement.yml`` when it
        exists, otherwise the defaults.
    folder : Path, optional
        The company folder, where ``None`` looks for the file.

    Returns
    -------
    CompanyConfig

    Raises
    ------
    LedgerError
        Every problem of the file at once, in French, each naming the key, the value
        read and what is expected (unknown keys list the allowed ones); a YAML syntax
        error names its line. Reading a file does not check where it is: a report's
        reader (:func:`~recouvrement.io.folder.read_ledger` with ``confined=True``)
        does before calling this.

    """
    if config is None and folder is not None:
        candidate = folder / CONFIG_NAME
        if candidate.is_file() or candidate.is_symlink():
            config = candidate
    if config is None:
        return CompanyConfig()
    if isinstance(config, str | Path):
        path = Path(config)
        return typed(read_yaml(path, path.name) or {}, path.name, path)
    return typed(config, "configuration")
