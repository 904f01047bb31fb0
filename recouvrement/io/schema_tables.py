"""The ``tables:`` and ``read:`` parts of the schema of ``recouvrement.yml``, and its shared checks.

What every section of the schema (:mod:`recouvrement.io.schema`) shares: the strict
configuration of its models (:data:`STRICT`), :func:`refuse` (a French validation
error) and :func:`folder_file` (a file of the company folder: relative, without
``..``). Then the read options (:class:`ReadOptions`), the description of each
canonical table (:data:`Tables`) and the rules between the keys of ``tables:``
(:func:`tables_problems`).
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
    create_model,
)
from pydantic_core import PydanticCustomError

from recouvrement import conventions as cv
from recouvrement.io.messages import shown
from recouvrement.io.paths import leaves_folder

#: No coercion, no extra key: the configuration of every model of the schema.
STRICT = ConfigDict(extra="forbid", strict=True)

#: The keys of a ``read:`` mapping (file-level or one table's).
READ_KEYS = ("sep", "decimal", "encoding", "date_format", "sheet")

#: The keys of one table's description under ``tables:``.
TABLE_KEYS = ("file", "columns", "values", "from", "where", "read")

#: A non-empty text.
Text = Annotated[str, StringConstraints(min_length=1)]


def refuse(expected: str) -> PydanticCustomError:
    """A validation error whose French text is ``expected`` (what the key expects)."""
    return PydanticCustomError("fr", "{expected}", {"expected": expected})


def folder_file(value: str, example: str = "file: factures.csv") -> str:
    """``value`` if it names a file of the company folder: relative, without ``..``.

    Read as text only (:func:`~recouvrement.io.paths.leaves_folder`); where a link
    leads is checked when the folder is read. ``example`` ends each message.

    Raises
    ------
    PydanticCustomError
        Empty or unprintable, absolute, or with a ``..`` step (French text).

    """
    example = f"(par exemple {example})"
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
        file=(Annotated[str, AfterValidator(folder_file)] | None, None),
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


def tables_problems(tables: Any, source: str) -> list[str]:
    """The rules between the keys of ``tables:``, on the mapping as read (whatever its types).

    - a table is read from its file (``file``) or taken from another (``from``), not both;
    - ``from`` names a table read from a file: not itself, not a table itself taken
      from another (a chain or a loop);
    - a table taken from another reads that table's file: its own ``read`` may only set
      ``decimal`` and ``date_format``;
    - two columns of a file never go to the same column of a table.
    """
    out: list[str] = []
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
