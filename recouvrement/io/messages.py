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

#: Longest value quoted in a message (characters).
MAX_SHOWN = 60

#: What a key expects, by its path (``*``: any table, column or calendar name).
EXPECT = {
    ("name",): 'un texte est attendu (par exemple name: "Bâtiment Durand SAS")',
    ("sector",): "un texte est attendu (par exemple sector: construction)",
    ("report", "size"): (
        "une taille d'entreprise est attendue : micro, pme, eti ou ge (par exemple size: pme)"
    ),
    ("currency",): "un code de devise de trois lettres capitales est attendu (par exemple EUR)",
    ("default_terms_days",): "un nombre entier de jours est attendu (par exemple 30)",
    ("default_debtor_kind",): (
        "professionnel, particulier ou public est attendu (par exemple default_debtor_kind: "
        "professionnel)"
    ),
    ("defaults", "kind"): (
        f"{', '.join(cv.DEBTOR_KINDS[:-1])} ou {cv.DEBTOR_KINDS[-1]} est attendu (par exemple "
        "defaults: {kind: "
        f"{cv.DEBTOR_KINDS[0]}}})"
    ),
    ("defaults", "currency"): (
        "un code de devise de trois lettres capitales est attendu (par exemple defaults: "
        "{currency: EUR})"
    ),
    ("defaults", "channel"): "un texte est attendu (par exemple defaults: {channel: courrier})",
    ("read", "decimal"): 'une virgule ou un point est attendu (par exemple decimal: ",")',
    ("read", "sep"): 'un seul caractère est attendu (par exemple sep: ";")',
    ("read", "encoding"): "un nom d'encodage est attendu (par exemple encoding: cp1252)",
    ("read", "date_format"): 'un format de date est attendu (par exemple date_format: "%d/%m/%Y")',
    (
        "tables",
        "*",
        "file",
    ): "le nom d'un fichier du dossier est attendu (par exemple file: factures.csv)",
    ("tables", "*", "values", "*", "*"): 'un texte est attendu (par exemple PRO: "professionnel")',
    (
        "dunning",
        "by_risk_class",
        "*",
    ): "le nom d'un calendrier est attendu (par exemple progressif)",
    ("legal", "claim_policy", "default"): "réclamer ou renoncer est attendu",
    ("legal", "claim_policy", "by_risk_class", "*"): "réclamer ou renoncer est attendu",
    ("legal", "claim_policy", "debtors", "*"): "réclamer ou renoncer est attendu",
    ("creditor", "siren"): "un SIREN de neuf chiffres est attendu (par exemple 123 456 789)",
    ("legal", "contractual_rate"): (
        "un taux en pour cent par an, supérieur à 0 et au plus égal à 100, est attendu "
        "(par exemple contractual_rate: 12.0 pour 12 %)"
    ),
    (
        "limits",
        "date_min",
    ): "une date AAAA-MM-JJ, sans guillemets, est attendue (par exemple date_min: 2000-01-01)",
    (
        "limits",
        "date_max",
    ): "une date AAAA-MM-JJ, sans guillemets, est attendue (par exemple date_max: 2030-12-31)",
    ("limits", "max_amount"): (
        "un montant en euros supérieur à 0 et au plus 10\u00a0000\u00a0milliards (10000000000000, "
        "au-delà les montants ne sont plus exacts au centime) est attendu "
        "(par exemple max_amount: 1000000000)"
    ),
    (
        "limits",
        "max_letters",
    ): "un nombre entier au moins égal à 1 est attendu (par exemple max_letters: 200)",
    (
        "limits",
        "max_rows",
    ): "un nombre entier au moins égal à 1 est attendu (par exemple max_rows: 500)",
    ("fec", "files"): (
        "une liste non vide de fichiers FEC du dossier est attendue (par exemple files: "
        '["FEC2024.txt", "FEC2025.txt"]) ; sans files, tout fichier du dossier dont '
        "l'en-tête est celui d'un FEC est lu"
    ),
    ("fec", "receivable_accounts"): (
        "une liste non vide de préfixes de comptes clients est attendue (par exemple "
        'receivable_accounts: ["411"])'
    ),
    ("fec", "doubtful_accounts"): (
        "une liste de préfixes de comptes de clients douteux est attendue (par exemple "
        'doubtful_accounts: ["416"])'
    ),
    ("fec", "advance_accounts"): (
        "une liste de préfixes de comptes d'avances clients est attendue (par exemple "
        'advance_accounts: ["419"])'
    ),
    ("fec", "opening_journals"): (
        'une liste de codes journaux est attendue (par exemple opening_journals: ["AN", "RAN"])'
    ),
    ("fec", "journals", "*"): (
        "un rôle de journal est attendu : sales (ventes), bank (banque), opening "
        "(à-nouveaux), write_off (pertes) ou misc (opérations diverses) (par exemple VT: sales)"
    ),
    ("fec", "terms_days", "*"): (
        "un nombre entier de jours entre 0 et 365 est attendu (par exemple C001: 45)"
    ),
    ("fec", "partial_after_days"): (
        "un nombre entier de jours entre 0 et 3650 est attendu (par exemple partial_after_days: 90)"
    ),
}

#: What a key expects when its type is right but its value out of bounds.
BOUND = {
    ("default_terms_days",): "un nombre de jours positif ou nul est attendu (par exemple 30)",
}

#: Keys that hold a mapping: (what it is, what it associates, example).
MAPS = {
    (): ("une table de réglages", "chaque réglage à sa valeur", 'name: "Bâtiment Durand SAS"'),
    ("defaults",): (
        "une table des valeurs par défaut",
        "chaque colonne à sa valeur par défaut",
        "defaults: {kind: professionnel}",
    ),
    ("read",): (
        "une table d'options",
        "chaque option de lecture à sa valeur",
        "read: {encoding: utf-8}",
    ),
    ("tables",): (
        "une table « nom de table : description »",
        "chaque nom de table à sa description",
        "tables: {invoices: {file: factures.csv}}",
    ),
    ("tables", "*"): (
        "une description de table",
        "chaque clé de la description à sa valeur",
        "invoices: {file: factures.csv}",
    ),
    ("tables", "*", "columns"): (
        "une table « colonne du fichier : colonne de la table »",
        "chaque colonne du fichier à une colonne de la table",
        'columns: {"N° facture": invoice_id}',
    ),
    ("tables", "*", "values"): (
        "une table « colonne : {valeur lue : valeur retenue} »",
        "chaque colonne à sa table de valeurs",
        'values: {currency: {"€": EUR}}',
    ),
    ("tables", "*", "values", "*"): (
        "une table « valeur lue : valeur retenue »",
        "chaque valeur lue à la valeur retenue",
        '{"€": EUR}',
    ),
    ("tables", "*", "where"): (
        "une table « colonne du fichier : valeur »",
        "chaque colonne du fichier à la valeur retenue",
        'where: {Litige: "Oui"}',
    ),
    ("tables", "*", "read"): (
        "une table d'options",
        "chaque option de lecture à sa valeur",
        'read: {date_format: "%d/%m/%Y"}',
    ),
    ("dunning",): (
        "une table de réglages des relances",
        "chaque réglage des relances à sa valeur",
        "dunning: {calendar: progressif}",
    ),
    ("dunning", "calendars"): (
        "une table « nom : liste d'étapes »",
        "chaque nom de calendrier à ses étapes",
        "calendars: {maison: [{level: 1, days: 5, channel: email, label: Relance}]}",
    ),
    ("dunning", "by_risk_class"): (
        "une table « classe de risque : calendrier »",
        "chaque classe de risque à un calendrier",
        "by_risk_class: {à risque: progressif}",
    ),
    ("dunning", "letters"): (
        "une table de réglages des lettres",
        "chaque réglage des lettres à sa valeur",
        'letters: {contact: "Service clients, 01 23 45 67 89"}',
    ),
    ("legal",): ("une table", "chaque réglage à sa valeur", "legal: {contractual_rate: 12.0}"),
    ("legal", "claim_policy"): ("une table", "chaque règle à sa valeur", "claim_policy: {}"),
    ("creditor",): (
        "une table des mentions du créancier",
        "chaque mention à sa valeur",
        'creditor: {legal_form: SAS, capital: "100 000 €", rcs: "RCS Lyon 123 456 789"}',
    ),
    ("report",): (
        "une table des réglages du rapport",
        "chaque réglage à sa valeur",
        'report: {consultant: "Cabinet Martin Conseil", addressee: "Direction financière"}',
    ),
    ("limits",): (
        "une table des limites",
        "chaque limite à sa valeur",
        "limits: {max_letters: 200}",
    ),
    ("fec",): (
        "une table de réglages du FEC",
        "chaque réglage du FEC à sa valeur",
        'fec: {receivable_accounts: ["411"]}',
    ),
    ("fec", "journals"): (
        "une table « code journal : rôle »",
        "chaque code journal à son rôle",
        "journals: {VT: sales, BQ1: bank}",
    ),
    ("fec", "terms_days"): (
        "une table « compte auxiliaire : jours »",
        "chaque compte auxiliaire (CompAuxNum) à son délai de paiement en jours",
        "terms_days: {C001: 45}",
    ),
}
for _key in ("sep", "decimal", "encoding", "date_format"):
    EXPECT["tables", "*", "read", _key] = EXPECT["read", _key]
del _key

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
