"""The problems of a ``recouvrement.yml`` in French: the key, the value read, what is expected.

Each message names the file, the key path, the value read and the type expected, with
an example, e.g. ``recouvrement.yml : default_terms_days = « trente » : un nombre entier
de jours est attendu (par exemple 30)``. :func:`french_problems` translates the errors of
the schema (:mod:`recouvrement.io.schema`), one message per key; :func:`cross_problems`
the rules between keys are in :func:`recouvrement.io.schema.cross_problems`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Mapping, Sequence
from typing import Any

from recouvrement import conventions as cv
from recouvrement.io.messages_keys import BOUND, EXPECT, MAPS

__all__ = ["BOUND", "EXPECT", "MAPS", "french_problems", "shown"]

#: Longest value quoted in a message (characters).
MAX_SHOWN = 60

#: Error types of a value whose type is right but out of bounds.
BOUND_TYPES = {"greater_than", "greater_than_equal", "less_than_equal", "literal_error"}

#: Error types of a mapping given where another type was expected, or the reverse.
MAPPING_TYPES = {"model_type", "model_attributes_type", "dict_type"}

_NAME = re.compile(r"[^\W\d]\w*")


def clean(text: object) -> str:
    """``text`` printable on one line (a hostile value cannot forge a line of the message)."""
    return "".join(c if c.isprintable() else "\ufffd" for c in str(text))


def shown(value: Any) -> str:
    """A value as YAML spells it, on one line, cut after :data:`MAX_SHOWN` characters."""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif value is None:
        text = "null"
    elif isinstance(value, dt.date):
        text = value.isoformat()
    elif isinstance(value, Mapping):
        text = "{" + ", ".join(f"{shown(k)}: {shown(v)}" for k, v in value.items()) + "}"
    elif isinstance(value, list | tuple):
        text = "[" + ", ".join(shown(v) for v in value) + "]"
    else:
        text = str(value)
    text = clean(text)
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"


def key_path(path: Sequence[Any]) -> str:
    """``tables.invoices.columns["N° facture"]``: a key path as the messages write it."""
    out = ""
    for seg in path:
        if isinstance(seg, int) and not isinstance(seg, bool):
            out += f"[{seg}]"
        elif isinstance(seg, str) and _NAME.fullmatch(seg):
            out += f".{seg}" if out else seg
        else:
            out += f'["{shown(seg)}"]'
    return out


def pattern(path: Sequence[Any]) -> tuple[Any, ...]:
    """The path with its free names (table, column, calendar) as ``*``."""
    out: list[Any] = []
    for seg in path:
        free = (
            out == ["tables"]
            or (
                len(out) in (3, 4)
                and out[0] == "tables"
                and out[2] in ("columns", "values", "where")
            )
            or (len(out) == 2 and out[0] == "dunning" and out[1] != "calendar")
            or (len(out) == 2 and out[0] == "fec" and out[1] in ("journals", "terms_days"))
            or (out[:2] == ["legal", "claim_policy"] and len(out) == 3 and out[2] != "default")
        )
        out.append("*" if free else seg)
    return tuple(out)


def expected(path: Sequence[Any], kind: str) -> str:
    """What the key at ``path`` expects, in French, with an example."""
    pat = pattern(path)
    if kind in BOUND_TYPES and pat in BOUND:
        return BOUND[pat]
    if pat in EXPECT:
        return EXPECT[pat]
    if pat == ("tables", "*", "columns", "*"):
        cols = ", ".join(cv.columns(path[1]))
        return f"une colonne de la table {path[1]} est attendue ({cols})"
    if pat == ("tables", "*", "from"):
        return (
            f"le nom d'une table est attendu ({', '.join(cv.TABLES)} ; par exemple from: invoices)"
        )
    if pat in MAPS:
        what, _, example = MAPS[pat]
        return f"{what} est attendue (par exemple {example})"
    return "cette valeur n'est pas admise ici"


def _unknown(source: str, parent: tuple, key: Any, allowed: Mapping[tuple, Sequence[str]]) -> str:
    names = allowed.get(pattern(parent), ())
    where = f"{source} : {key_path(parent)} : " if parent else f"{source} : "
    noun, plural = (
        ("table inconnue", "tables connues")
        if parent == ("tables",)
        else (
            "clé inconnue",
            "clés admises",
        )
    )
    close = difflib.get_close_matches(str(key), names, n=1)
    hint = f" (vouliez-vous écrire « {close[0]} » ?)" if close else ""
    return f"{where}{noun} « {shown(key)} »{hint} ; {plural} : {', '.join(names)}"


def _bad_key(source: str, parent: tuple, key: Any, kind: str) -> str:
    where = f"{source} : {key_path(parent)}"
    if pattern(parent) == ("tables", "*", "values"):
        cols = ", ".join(cv.columns(parent[1]))
        return (
            f"{where} : « {shown(key)} » n'est pas une colonne de la table {parent[1]} ; "
            f"colonnes : {cols}"
        )
    return (
        f"{where} : la clé « {shown(key)} » doit être un texte : l'écrire entre guillemets "
        f'(par exemple "{shown(key)}": ...)'
    )


def french_problems(
    errors: Sequence[Mapping[str, Any]],
    source: str,
    allowed: Mapping[tuple, Sequence[str]],
) -> list[str]:
    """One French message per key in error (pydantic's ``errors()`` of the schema).

    Parameters
    ----------
    errors : sequence of mappings
        ``ValidationError.errors()``.
    source : str
        The file's name.
    allowed : mapping
        The allowed keys of each mapping, by path pattern (unknown keys list them).

    """
    out: list[str] = []
    done: set[tuple] = set()
    for error in errors:
        loc, kind, value = tuple(error["loc"]), error["type"], error.get("input")
        if loc and loc[-1] == "[key]":
            path = loc[:-1]
            message = _bad_key(source, path[:-1], path[-1], kind)
        elif kind == "extra_forbidden":
            path = loc
            message = _unknown(source, loc[:-1], loc[-1], allowed)
        else:
            path = loc
            message = _value(source, loc, kind, value, error)
        if path in done:
            continue
        done.add(path)
        out.append(message)
    return out


def _value(source: str, loc: tuple, kind: str, value: Any, error: Mapping[str, Any]) -> str:
    pat = pattern(loc)
    name = key_path(loc)
    if kind in MAPPING_TYPES and pat in MAPS and isinstance(value, list):
        _, assoc, example = MAPS[pat]
        return f"{source} : {name} doit associer {assoc} (par exemple {example}), pas une liste"
    if kind == "fr":
        want = error["ctx"]["expected"]
    else:
        want = expected(loc, kind)
    if kind in ("int_type", "float_type") and isinstance(value, str) and _number(value):
        want += " ; l'écrire sans guillemets"
    elif kind == "string_type" and isinstance(value, bool):
        want += " ; l'écrire entre guillemets (YAML lit yes, no, on, off comme vrai ou faux)"
    elif kind == "string_type" and isinstance(value, int | float | dt.date):
        want += " ; l'écrire entre guillemets"
    return f"{source} : {name} = « {shown(value)} » : {want}"


def _number(text: str) -> bool:
    try:
        float(text.replace(",", "."))
    except ValueError:
        return False
    return True
