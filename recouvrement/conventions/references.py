"""Dated public references of payment delays, read from sourced tables, and the row to use.

The references are **data** (``recouvrement/data/references/*.csv``, one file per
publisher, see the README there), each row with its publication, its date, the period
measured, its scope (sector, size), the value, how it is computed and where it was read:

- Banque de France, *Observatoire des délais de paiement* (annual report), « délais
  clients »: (trade receivables + discounted bills − advances received) × 360 / turnover
  incl. VAT at the fiscal year end; sector and size of the **creditor**, as the audited
  company's.
- Altares, quarterly study: average payment delay beyond the agreed term (on-time
  payments count 0 days); sector and size of the **payer**.

:func:`references` reads and checks every row once (:func:`parse_references`);
:func:`reference_for` picks the most specific row published on or before a date;
:func:`sector_code` maps the company's free-text sector (``recouvrement.yml``) to the
sector codes through :func:`sector_synonyms`; :func:`size_code` reads a size or headcount.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from numbers import Integral

import pandas as pd

from recouvrement.conventions import data

__all__ = [
    "COMPANY_SIZES",
    "INDICATORS",
    "SECTORS",
    "SIZES",
    "Reference",
    "parse_references",
    "reference_for",
    "references",
    "sector_code",
    "size_code",
]

#: The folder of the reference tables, inside the package.
REFERENCES_FOLDER = ("data", "references")

#: The columns of every reference table, in order.
COLUMNS = tuple(
    "publisher publication published data_period scope_sector scope_size indicator value "
    "unit basis source note".split()
)

#: Indicators of the tables and their French names.
INDICATORS = {"delais_clients": "délais clients", "retard_moyen": "retard moyen de paiement"}

#: Sector codes of the tables (French labels); ``tous`` is every sector.
SECTORS = {
    "tous": "tous secteurs",
    "construction": "construction",
    "industrie": "industrie manufacturière",
    "commerce": "commerce",
    "services_entreprises": "conseil et services aux entreprises",
    "information_communication": "information et communication",
    "transport": "transport et entreposage",
    "hebergement_restauration": "hébergement et restauration",
}

#: Size classes (French labels). ``micro``, ``pme``, ``eti`` and ``ge`` are the company
#: categories of the décret n° 2008-1354 (loi de modernisation de l'économie): a PME here
#: is a PME other than a micro-enterprise, as in the Observatoire's tables.
SIZES = {
    "toutes": "toutes tailles",
    "hors_micro": "entreprises hors microentreprises",
    "micro": "microentreprises",
    "pme": "PME (hors microentreprises)",
    "eti": "ETI",
    "ge": "grandes entreprises",
}

#: The sizes of a company (see :data:`SIZES`).
COMPANY_SIZES = ("micro", "pme", "eti", "ge")

#: The company sizes a row's size scope covers (``hors_micro``: PME, ETI and large ones).
SIZE_MEMBERS = {"toutes": COMPANY_SIZES, "hors_micro": COMPANY_SIZES[1:]}

#: Headcount limits of the size classes (décret n° 2008-1354, art. 3): fewer than 10
#: employees is a micro-enterprise, fewer than 250 a PME, fewer than 5 000 an ETI. Only
#: the headcount is read: the turnover and balance-sheet criteria are not in the data.
SIZE_HEADCOUNT = (("micro", 10), ("pme", 250), ("eti", 5000))

#: The table of synonyms of the company's free-text ``sector`` (columns ``synonym``,
#: ``sector``), compared without case nor accents; every other CSV of the folder is a
#: reference table. « services » alone is read as services to companies (the audited
#: companies sell to professionals); a sector not listed (« nautisme ») has no row.
SYNONYMS_FILE = "sector_synonyms.csv"

_PERIOD = re.compile(r"^(?:(?P<q>T[1-4]|S[12]) )?(?P<year>\d{4})$")
_VALUE = re.compile(r"^\d+(?:\.\d+)?$")
_NBSP = "\u00a0"


@dataclass(frozen=True)
class Reference:
    """One published figure (one row of a reference table).

    Attributes
    ----------
    publisher, publication : str
        Who produced the figure; the title of the publication it was read in.
    published : Timestamp
        Publication date (the month's last day when the table gives only the month).
    data_period : str
        Period measured: ``2023`` (fiscal year), ``T4 2024`` (quarter), ``S1 2024``.
    period_end : Timestamp
        Last day of that period.
    scope_sector, scope_size, indicator : str
        Keys of :data:`SECTORS`, :data:`SIZES` and :data:`INDICATORS`.
    value : float
        The figure, in ``unit`` (``j``: days).
    value_text, unit, basis, source, note, file : str
        The figure as written (the source's precision), its unit, how it is computed
        (French), where it was read, a remark, and the table it comes from.

    """

    publisher: str
    publication: str
    published: pd.Timestamp
    data_period: str
    period_end: pd.Timestamp
    scope_sector: str
    scope_size: str
    indicator: str
    value: float
    value_text: str
    unit: str
    basis: str
    source: str
    note: str
    file: str

    @property
    def period_fr(self) -> str:
        """``données 2023``, ``données du 4e trimestre 2024``, ``données du 1er semestre 2024``."""
        kind, _, year = self.data_period.rpartition(" ")
        if not kind:
            return f"données {year}"
        rank = "1er" if kind[1] == "1" else f"{kind[1]}e"
        return f"données du {rank} {'trimestre' if kind[0] == 'T' else 'semestre'} {year}"

    @property
    def value_fr(self) -> str:
        """The value in French, at the source's precision: ``42,7 j``, ``28 j``."""
        return f"{self.value_text.replace('.', ',')}{_NBSP}{self.unit}"

    @property
    def label(self) -> str:
        """French label: « Banque de France, Rapport … 2024 (données 2023), …, PME : 42,7 j »."""
        return (
            f"{self.publisher}, {self.publication} ({self.period_fr}), "
            f"{SECTORS[self.scope_sector]}, {SIZES[self.scope_size]} : {self.value_fr}"
        )


def _published(text: str) -> pd.Timestamp | None:
    """``AAAA-MM-JJ``, or ``AAAA-MM`` read as the month's last day; None when unreadable."""
    for fmt, month_only in (("%Y-%m-%d", False), ("%Y-%m", True)):
        day = pd.to_datetime(text, format=fmt, errors="coerce")
        if not pd.isna(day):
            return day + pd.offsets.MonthEnd(0) if month_only else day
    return None


def _period_end(text: str) -> pd.Timestamp | None:
    """Last day of ``2023``, ``T4 2024`` or ``S1 2024``; None when unreadable."""
    m = _PERIOD.match(text)
    if m is None:
        return None
    q = m["q"]
    month = 12 if q is None else {"T": 3, "S": 6}[q[0]] * int(q[1])
    return pd.Timestamp(int(m["year"]), month, 1) + pd.offsets.MonthEnd(0)


def _row(row: dict[str, str], name: str, line: int) -> tuple[Reference | None, list[str]]:
    """The :class:`Reference` of a table row, or the French problems of the row."""
    where = f"{name}, ligne {line}"
    text = {c: row[c].strip() for c in COLUMNS}
    problems = [f"{where} : colonne {c} vide" for c in COLUMNS[:-1] if not text[c]]
    if problems:
        return None, problems
    published, period_end = _published(text["published"]), _period_end(text["data_period"])
    if published is None:
        problems.append(f"{where} : date de publication illisible « {text['published']} »")
    if period_end is None:
        problems.append(
            f"{where} : période « {text['data_period']} » illisible (AAAA, T4 AAAA, S1 AAAA)"
        )
    for col, allowed in (
        ("scope_sector", SECTORS),
        ("scope_size", SIZES),
        ("indicator", INDICATORS),
        ("unit", ("j",)),
    ):
        if text[col] not in allowed:
            problems.append(
                f"{where} : {col} « {text[col]} » inconnu ; admis : {', '.join(allowed)}"
            )
    if not _VALUE.match(text["value"]) or float(text["value"]) <= 0:
        problems.append(f"{where} : valeur « {text['value']} » : un nombre positif est attendu")
    if problems:
        return None, problems
    fields = {c: text[c] for c in COLUMNS if c not in ("published", "value")}
    ref = Reference(
        **fields,
        published=published,
        period_end=period_end,
        value=float(text["value"]),
        value_text=text["value"],
        file=name,
    )
    return ref, []


def parse_references(tables: Mapping[str, pd.DataFrame]) -> tuple[Reference, ...]:
    """Check and convert reference tables (file name -> rows, every cell as text).

    Returns the rows sorted by indicator, publication date and end of period. Raises
    :class:`ValueError` with, in French, every problem at once, naming the file and the
    line: columns missing or out of order, an empty required cell, an unreadable date or
    period, an unknown sector, size, indicator or unit, a value that is not a positive
    number, the same figure (publisher, publication, period, sector, size, indicator) twice.
    """
    out: list[Reference] = []
    problems: list[str] = []
    seen: dict[tuple[str, ...], str] = {}
    for name, table in tables.items():
        if tuple(table.columns) != COLUMNS:
            problems.append(
                f"{name} : colonnes attendues {', '.join(COLUMNS)} ; "
                f"trouvées {', '.join(table.columns)}"
            )
            continue
        for i, row in enumerate(table.to_dict("records"), start=2):
            ref, found = _row(row, name, i)
            problems += found
            if ref is None:
                continue
            key = (ref.publisher, ref.publication, ref.data_period, ref.scope_sector)
            key += (ref.scope_size, ref.indicator)
            if key in seen:
                problems.append(f"{name}, ligne {i} : même chiffre que {seen[key]}")
            seen[key] = f"{name}, ligne {i}"
            out.append(ref)
    if problems:
        raise ValueError("; ".join(problems))
    return tuple(sorted(out, key=lambda r: (r.indicator, r.published, r.period_end)))


@cache
def references() -> tuple[Reference, ...]:
    """Every row of the package's tables (``data/references/*.csv``), checked once.

    Raises :class:`ValueError` as :func:`parse_references`. The tables are data: a new
    publication is new rows (README of the folder), never a change of code.
    """
    folder = data.package_path(*REFERENCES_FOLDER)
    return parse_references(
        {
            data.label(*REFERENCES_FOLDER, path.name): data.read_csv(*REFERENCES_FOLDER, path.name)
            for path in sorted(folder.glob("*.csv"))
            if path.name != SYNONYMS_FILE
        }
    )


def _plain(text: str) -> str:
    """Lower case, accents removed, hyphens and spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(r"[-_'’]", " ", bare).split())


@cache
def sector_synonyms() -> dict[str, str]:
    """Free-text sector (lower case, no accents) -> sector code, from :data:`SYNONYMS_FILE`.

    Raises
    ------
    ValueError
        A sector code not in :data:`SECTORS` (naming the line).

    """
    table = data.read_csv(*REFERENCES_FOLDER, SYNONYMS_FILE)
    out = {}
    for i, row in enumerate(table.to_dict("records"), start=2):
        if row["sector"] not in SECTORS or row["sector"] == "tous":
            raise ValueError(f"{SYNONYMS_FILE}, ligne {i} : secteur « {row['sector']} » inconnu")
        out[_plain(row["synonym"])] = row["sector"]
    return out


def sector_code(sector: str | None) -> str | None:
    """The sector code of a company's free-text sector, or None when it is unknown.

    ``"Construction"``, ``"BTP"``, ``"bâtiment"`` → ``"construction"``; an empty or
    unlisted sector (``"nautisme"``) → None (:func:`sector_synonyms`).
    """
    if sector is None or not str(sector).strip():
        return None
    return sector_synonyms().get(_plain(str(sector)))


def size_code(size: str | int | None) -> str | None:
    """The size class of a company, ``micro``, ``pme``, ``eti`` or ``ge`` (None: not given).

    ``size`` is a class (any case) or a headcount read with :data:`SIZE_HEADCOUNT`:
    9 → ``micro``, 10 → ``pme``, 250 → ``eti``, 5 000 → ``ge``. Raises
    :class:`ValueError` for an unknown class, a negative headcount or a bool.
    """
    if size is None:
        return None
    if isinstance(size, bool):
        raise ValueError(f"taille « {size} » : une classe (micro, pme, eti, ge) ou un effectif")
    if isinstance(size, Integral):
        if size < 0:
            raise ValueError(f"effectif négatif : {size}")
        return next((code for code, limit in SIZE_HEADCOUNT if int(size) < limit), "ge")
    code = str(size).strip().lower()
    if code not in COMPANY_SIZES:
        raise ValueError(f"taille « {size} » inconnue ; valeurs admises : micro, pme, eti, ge")
    return code


def _size_rank(scope: str, size: str | None) -> int | None:
    """How well a row's size scope fits a company size (None: it does not)."""
    if size is None:  # unknown size: only rows covering several sizes, equally
        return 0 if scope in ("toutes", "hors_micro") else None
    if size not in SIZE_MEMBERS.get(scope, (scope,)):
        return None
    return 2 if scope == size else (1 if scope == "hors_micro" else 0)


def reference_for(
    indicator: str,
    sector: str | None = None,
    size: str | int | None = None,
    as_of: object = None,
) -> Reference | None:
    """The reference row to compare a company with: the most specific, then the latest.

    Parameters
    ----------
    indicator : str
        Key of :data:`INDICATORS` (``"delais_clients"``, ``"retard_moyen"``).
    sector : str, optional
        The company's sector, free text or code (:func:`sector_code`); unknown → all sectors.
    size : str or int, optional
        Size class or headcount (:func:`size_code`); None → rows covering several sizes.
    as_of : date-like, optional
        Only rows published on or before this day count (None: every row).

    Returns
    -------
    Reference or None
        None when no row of the indicator was published by ``as_of`` for that scope.

    Notes
    -----
    Specificity first: sector and size > sector > size > every sector and size. The
    company's sector beats ``tous``; for a known size, its own row beats ``hors_micro``
    (PME + ETI + large companies), which beats ``toutes``, and a row of another size never
    applies; an unknown size takes ``toutes`` and ``hors_micro`` rows alike. Equal
    specificity: the latest publication, then the latest period. Unknown indicator or
    size: :class:`ValueError`. Example: construction, PME, 31/10/2025 → the construction
    row (2017 data), not the every-sector row of the PME, ETI and large companies (2023).

    """
    if indicator not in INDICATORS:
        raise ValueError(f"indicateur « {indicator} » inconnu ; valeurs : {', '.join(INDICATORS)}")
    code, company_size = sector_code(sector), size_code(size)
    day = None if as_of is None else pd.Timestamp(as_of)
    best, best_key = None, None
    for ref in references():
        if ref.indicator != indicator or (day is not None and ref.published > day):
            continue
        if ref.scope_sector not in ("tous", code):
            continue
        size_rank = _size_rank(ref.scope_size, company_size)
        if size_rank is None:
            continue
        key = (ref.scope_sector != "tous", size_rank, ref.published, ref.period_end)
        if best_key is None or key > best_key:
            best, best_key = ref, key
    return best
