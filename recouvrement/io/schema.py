"""The schema of ``recouvrement.yml``: pydantic models, strict, with nothing extra.

Every key of the file has a type and nothing is coerced: ``30.9``, ``"30"`` or
``trente`` for a number of days are refused, not truncated or guessed; an unknown key
is refused, not ignored. :func:`validate` checks a mapping read from the file and
returns the typed :class:`ConfigFile`, or the list of every problem found, each a
French sentence (:mod:`recouvrement.io.messages`), with those of the rules between keys
(:func:`cross_problems`: a ``from`` that loops, a column mapped twice...). The keys are
documented in :mod:`recouvrement.io.config`.

The meaning of the ``dunning:`` section (which calendars exist, risk classes) stays
checked by :mod:`recouvrement.dunning`; this schema checks its types only.
"""

from __future__ import annotations

import codecs
import datetime as dt
from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    StringConstraints,
    ValidationError,
    create_model,
)
from pydantic_core import PydanticCustomError

from recouvrement import conventions as cv
from recouvrement.io.messages import french_problems, shown
from recouvrement.io.paths import leaves_folder

#: No coercion, no extra key: the configuration of every model of the schema.
STRICT = ConfigDict(extra="forbid", strict=True)

#: The keys of a ``read:`` mapping (file-level or one table's).
READ_KEYS = ("sep", "decimal", "encoding", "date_format", "sheet")

#: The keys of one table's description under ``tables:``.
TABLE_KEYS = ("file", "columns", "values", "from", "where", "read")

#: The dates ``limits:`` may set (a ledger spans far less; pandas dates end in 2262).
LIMIT_DATES = (dt.date(1950, 1, 1), dt.date(2199, 12, 31))

#: The kinds of debtor a company may declare as its default.
DEBTOR_KINDS = ("professionnel", "particulier")


def refuse(expected: str) -> PydanticCustomError:
    """A validation error whose French text is ``expected`` (what the key expects)."""
    return PydanticCustomError("fr", "{expected}", {"expected": expected})


def _file(value: str) -> str:
    example = "(par exemple file: factures.csv)"
    if not value.strip() or any(not c.isprintable() for c in value):
        raise refuse(f"le nom d'un fichier du dossier de la société est attendu {example}")
    outside = leaves_folder(value)
    if outside == "absolute":
        raise refuse(
            "un chemin relatif au dossier de la société est attendu, pas un chemin absolu : "
            f"copier le fichier dans le dossier et le nommer par son nom {example}"
        )
    if outside == "parent":
        raise refuse(
            "un fichier du dossier de la société est attendu, sans « .. » : copier le "
            f"fichier dans le dossier et le nommer par son nom {example}"
        )
    return value


def _sep(value: str) -> str:
    if len(value) != 1 or value in '\r\n"':
        raise refuse('un seul caractère est attendu (par exemple sep: ";")')
    return value


def _encoding(value: str) -> str:
    try:
        codecs.lookup(value)
        "a".encode(value)  # a text encoding (not base64, rot13...)
    except (LookupError, UnicodeError):
        raise refuse(
            "un encodage de texte connu de Python est attendu (par exemple encoding: cp1252 "
            "ou encoding: utf-8)"
        ) from None
    return value


def _date_format(value: str) -> str:
    probe = dt.datetime(2001, 2, 3)  # day, month and year all distinct
    try:
        ok = "%" in value and dt.datetime.strptime(probe.strftime(value), value) == probe
    except ValueError:
        ok = False
    if not ok:
        raise refuse(
            "un format de date strptime avec le jour, le mois et l'année est attendu "
            '(par exemple date_format: "%d/%m/%Y")'
        )
    return value


def _sheet(value: Any) -> str | int:
    if isinstance(value, str) and value.strip():
        return value
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    raise refuse(
        "le nom d'une feuille ou son numéro à partir de 0 est attendu (par exemple sheet: Factures)"
    )


def _scalar(value: Any) -> str | int:
    if isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    raise refuse(
        "un texte est attendu ; l'écrire entre guillemets s'il ressemble à un nombre, "
        'à une date ou à oui/non (par exemple PRO: "professionnel")'
    )


def _wanted(value: Any) -> str | list[str]:
    if isinstance(value, str) or (
        isinstance(value, list) and value and all(isinstance(v, str) for v in value)
    ):
        return value
    raise refuse(
        "un texte, « * » (toute valeur non vide) ou une liste de textes est attendu, entre "
        'guillemets s\'il ressemble à un nombre ou à oui/non (par exemple Litige: "Oui")'
    )


def _calendar(value: Any) -> Any:
    if isinstance(value, str | list | Mapping):
        return value
    raise refuse(
        "le nom d'un calendrier, une liste d'étapes ou une table {steps: ...} est attendu "
        "(par exemple calendar: progressif)"
    )


def _steps(value: Any) -> Any:
    if isinstance(value, list | Mapping):
        return value
    raise refuse(
        "une liste d'étapes est attendue (par exemple maison: [{level: 1, days: 5, "
        "channel: email, label: Relance}])"
    )


def _limit_date(value: dt.date) -> dt.date:
    low, high = LIMIT_DATES
    if not low <= value <= high:
        raise refuse(
            f"une date entre le {low:%d/%m/%Y} et le {high:%d/%m/%Y} est attendue "
            "(par exemple 2000-01-01)"
        )
    return value


def _rate(value: float) -> float:
    if value < 1:
        raise refuse(
            "un taux en pour cent par an est attendu, pas une fraction (par exemple "
            "contractual_rate: 12.0 pour 12 %, et non 0.12)"
        )
    return value


def _notice(value: Any) -> bool | int:
    if isinstance(value, bool | int):
        return value
    raise refuse(
        "true, false ou un nombre entier de jours est attendu (par exemple pre_due_notice: 5)"
    )


Text = Annotated[str, StringConstraints(min_length=1)]


class ReadOptions(BaseModel):
    """How a file is read: separator, decimal mark, encoding, date format, sheet."""

    model_config = STRICT

    sep: Annotated[str, AfterValidator(_sep)] | None = None
    decimal: Literal[",", "."] | None = None
    encoding: Annotated[str, AfterValidator(_encoding)] | None = None
    date_format: Annotated[str, AfterValidator(_date_format)] | None = None
    sheet: Annotated[Any, PlainValidator(_sheet)] = None


def _table_model(table: str) -> type[BaseModel]:
    column = Literal[tuple(cv.columns(table))]
    return create_model(
        f"Table_{table}",
        __config__=STRICT,
        __doc__=f"The description of the {table} table under ``tables:``.",
        file=(Annotated[str, AfterValidator(_file)] | None, None),
        columns=(dict[str, column] | None, None),
        values=(dict[column, dict[str, Annotated[Any, PlainValidator(_scalar)]]] | None, None),
        from_=(Literal[tuple(cv.TABLES)] | None, Field(None, alias="from")),
        where=(dict[str, Annotated[Any, PlainValidator(_wanted)]] | None, None),
        read=(ReadOptions | None, None),
    )


#: The ``tables:`` mapping: one optional description per canonical table.
Tables = create_model(
    "Tables",
    __config__=STRICT,
    __doc__="The ``tables:`` mapping: table name -> its description.",
    **{table: (_table_model(table) | None, None) for table in cv.TABLES},
)


class Dunning(BaseModel):
    """The ``dunning:`` section, its types only (its meaning: :mod:`recouvrement.dunning`)."""

    model_config = STRICT

    calendar: Annotated[Any, PlainValidator(_calendar)] = None
    calendars: dict[str, Annotated[Any, PlainValidator(_steps)]] | None = None
    by_risk_class: dict[str, Text] | None = None
    pre_due_notice: Annotated[Any, PlainValidator(_notice)] = None
    letters: dict[str, Any] | None = None


class Legal(BaseModel):
    """The ``legal:`` section: the contractual penalty rate, percent per year."""

    model_config = STRICT

    contractual_rate: (
        Annotated[float, Field(gt=0, le=100, allow_inf_nan=False), AfterValidator(_rate)] | None
    ) = None


class LimitsSection(BaseModel):
    """The ``limits:`` section (:class:`recouvrement.conventions.Limits`)."""

    model_config = STRICT

    date_min: Annotated[dt.date, AfterValidator(_limit_date)] | None = None
    date_max: Annotated[dt.date, AfterValidator(_limit_date)] | None = None
    max_amount: (
        Annotated[float, Field(gt=0, le=cv.MAX_AMOUNT_CEILING_EUR, allow_inf_nan=False)] | None
    ) = None
    max_letters: Annotated[int, Field(ge=1)] | None = None
    max_rows: Annotated[int, Field(ge=1)] | None = None


class ConfigFile(BaseModel):
    """The whole of ``recouvrement.yml``, typed."""

    model_config = STRICT

    name: Text | None = None
    sector: Text | None = None
    notes: Any = None
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] | None = None
    default_terms_days: Annotated[int, Field(ge=0)] | None = None
    default_debtor_kind: Literal[DEBTOR_KINDS] | None = None
    read: ReadOptions | None = None
    tables: Tables | None = None
    dunning: Dunning | None = None
    legal: Legal | None = None
    limits: LimitsSection | None = None


#: Allowed keys of each mapping of the file, by its path (``*``: any name).
ALLOWED = {
    (): tuple(ConfigFile.model_fields),
    ("read",): READ_KEYS,
    ("tables",): tuple(cv.TABLES),
    ("tables", "*"): TABLE_KEYS,
    ("tables", "*", "read"): READ_KEYS,
    ("dunning",): tuple(Dunning.model_fields),
    ("legal",): tuple(Legal.model_fields),
    ("limits",): tuple(LimitsSection.model_fields),
}


def cross_problems(raw: Any, source: str) -> list[str]:
    """The rules between keys, on the mapping as read (whatever its types).

    - a table is read from its file (``file``) or taken from another (``from``), not both;
    - ``from`` names a table read from a file: not itself, not a table itself taken
      from another (a chain or a loop);
    - a table taken from another reads that table's file: its own ``read`` may only set
      ``decimal`` and ``date_format``;
    - two columns of a file never go to the same column of a table;
    - ``limits.date_min`` is not after ``limits.date_max``.
    """
    out: list[str] = []
    if not isinstance(raw, Mapping):
        return out
    tables = raw.get("tables")
    specs = (
        {k: v for k, v in tables.items() if k in cv.TABLES and isinstance(v, Mapping)}
        if isinstance(tables, Mapping)
        else {}
    )
    for name, spec in specs.items():
        where = f"{source} : tables.{name}"
        base = spec.get("from")
        if base is not None and spec.get("file") is not None:
            out.append(
                f"{where} : file et from s'excluent : une table est lue de son fichier (file) "
                "ou tirée d'une autre table (from), pas les deux ; garder l'un des deux"
            )
        if isinstance(base, str) and base in cv.TABLES:
            out.extend(_from_problems(where, name, base, specs))
            read = spec.get("read")
            own = [
                k for k in ("sep", "encoding", "sheet") if isinstance(read, Mapping) and k in read
            ]
            if own:
                out.append(
                    f"{where}.read : {', '.join(own)} : une table tirée de {base} lit le fichier "
                    f"de {base} ; indiquer {', '.join(own)} sous tables.{base}.read"
                )
        columns = spec.get("columns")
        if isinstance(columns, Mapping):
            by_target: dict[Any, list[str]] = {}
            for src, target in columns.items():
                if isinstance(target, str):
                    by_target.setdefault(target, []).append(f"« {shown(src)} »")
            for target, sources in by_target.items():
                if len(sources) > 1:
                    out.append(
                        f"{where}.columns : {' et '.join(sources)} vont toutes vers "
                        f"{shown(target)} ; n'en garder qu'une"
                    )
    limits = raw.get("limits")
    if isinstance(limits, Mapping):
        low, high = limits.get("date_min"), limits.get("date_max")
        if isinstance(low, dt.date) and isinstance(high, dt.date) and low > high:
            out.append(
                f"{source} : limits : date_min ({low:%d/%m/%Y}) est après date_max "
                f"({high:%d/%m/%Y}) ; aucune date ne serait admise : corriger l'une des deux"
            )
    return out


def _from_problems(where: str, name: str, base: str, specs: Mapping[str, Any]) -> list[str]:
    if base == name:
        return [
            f"{where}.from = « {base} » : une table ne peut être tirée d'elle-même ; nommer la "
            "table dont le fichier la contient (par exemple from: invoices)"
        ]
    further = specs.get(base, {}).get("from")
    if not isinstance(further, str):
        return []
    if further == name:
        if name > base:
            return []  # the loop is told once, from the first of its two tables
        return [
            f"{where}.from = « {base} » et tables.{base}.from = « {name} » forment une boucle ; "
            "tirer chacune de la table dont le fichier la contient (par exemple from: invoices)"
        ]
    return [
        f"{where}.from = « {base} » : {base} est elle-même tirée de {shown(further)} ; "
        f"nommer la table dont le fichier la contient (from: {shown(further)})"
    ]


def validate(raw: Mapping[Any, Any], source: str) -> tuple[ConfigFile | None, list[str]]:
    """Check ``raw`` (the file's mapping) against the schema.

    Parameters
    ----------
    raw : mapping
        The content of ``recouvrement.yml`` as read by YAML.
    source : str
        The file's name, first word of every message.

    Returns
    -------
    config : ConfigFile or None
        ``None`` when a problem was found.
    problems : list of str
        Every problem, in French (type errors, unknown keys, and the rules between
        keys: a ``from`` that loops, a column mapped twice, ``date_min`` after
        ``date_max``...).

    """
    problems = cross_problems(raw, source)
    try:
        config = ConfigFile.model_validate(raw)
    except ValidationError as exc:
        return None, french_problems(exc.errors(), source, ALLOWED) + problems
    return (None if problems else config), problems
