"""YAML read strictly: no alias, no key written twice, syntax errors in French with their line.

The reader of ``recouvrement.yml`` (:mod:`recouvrement.io.config`) and of a targets
file (:mod:`recouvrement.io.targets`): a key written twice would let YAML keep the
second silently, an alias let a small file become immense; both are refused with the
line, and PyYAML's English syntax errors are told in French.
"""

from __future__ import annotations

import errno
from pathlib import Path
from typing import Any

import yaml

from recouvrement.io.messages import shown
from recouvrement.ledger import LedgerError

#: Largest configuration or targets file read, in bytes (a configuration is a few KB).
MAX_YAML_BYTES = 1_000_000

#: French readings of PyYAML's syntax problems (the start of its English text).
YAML_PROBLEMS = (
    ("found unexpected end of stream", "fin du fichier inattendue : un guillemet n'est pas fermé"),
    ("expected ',' or ']'", "crochet non fermé ou virgule manquante"),
    ("expected ',' or '}'", "accolade non fermée ou virgule manquante"),
    (
        "mapping values are not allowed",
        "deux-points inattendu : une valeur qui contient « : » s'écrit entre guillemets",
    ),
    ("could not find expected ':'", "deux-points manquant après une clé"),
    ("found character '\\t'", "tabulation : indenter avec des espaces"),
    ("expected <block end>", "indentation incohérente"),
    ("did not find expected", "indentation incohérente ou tiret manquant"),
    ("found unhashable key", "une clé doit être un texte"),
    (
        "could not determine a constructor",
        "étiquette YAML (!!…) non admise : écrire la valeur simplement",
    ),
)


class YamlProblem(yaml.YAMLError):
    """A YAML construct refused (key written twice, alias), with its line."""

    def __init__(self, line: int, text: str):
        super().__init__(text)
        self.line, self.text = line, text


class StrictLoader(yaml.SafeLoader):
    """PyYAML's safe loader that refuses aliases and keys written twice."""

    def compose_node(self, parent, index):
        """PyYAML's hook for every node: an alias is refused, with its line."""
        if self.check_event(yaml.AliasEvent):
            line = self.peek_event().start_mark.line + 1
            raise YamlProblem(
                line, "les alias YAML (*nom) ne sont pas admis : écrire la valeur en entier"
            )
        return super().compose_node(parent, index)

    def construct_mapping(self, node, deep=False):
        """PyYAML's hook for every mapping: a key written twice is refused, with its line."""
        seen = []
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if any(type(key) is type(k) and key == k for k in seen):
                raise YamlProblem(
                    key_node.start_mark.line + 1,
                    f"la clé « {shown(key)} » est écrite deux fois ; n'en garder qu'une",
                )
            seen.append(key)
        return super().construct_mapping(node, deep=deep)


def os_reason(exc: OSError) -> str:
    """Why a file could not be opened, in French."""
    reasons = {
        errno.ENOENT: "fichier introuvable (ou lien vers un fichier absent)",
        errno.EACCES: "lecture refusée par le système (droits du fichier)",
        errno.EISDIR: "c'est un dossier, pas un fichier",
        errno.ELOOP: "lien symbolique qui boucle",
    }
    return reasons.get(exc.errno, f"fichier illisible (erreur système {exc.errno})")


def read_yaml(path: Path, label: str) -> Any:
    """The content of a YAML file, read strictly (:class:`StrictLoader`).

    Parameters
    ----------
    path : Path
        The file (already checked to be where it may be read).
    label : str
        How the messages name it (``recouvrement.yml``).

    Raises
    ------
    LedgerError
        Unreadable, too large, not UTF-8, nested thousands of levels deep, or a YAML
        error (with its line).

    """
    try:
        size = path.stat().st_size
        if size > MAX_YAML_BYTES:
            raise LedgerError(
                [
                    f"{label} : fichier de {size:,} octets ; un tel fichier tient en quelques "
                    "kilo-octets : vérifier qu'il s'agit du bon fichier".replace(",", "\u00a0")
                ]
            )
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise LedgerError([f"{label} : {os_reason(exc)}"]) from None
    except UnicodeDecodeError as exc:
        raise LedgerError(
            [f"{label} : pas en UTF-8 (octet n° {exc.start + 1}) ; l'enregistrer en UTF-8"]
        ) from None
    try:
        return yaml.load(text, Loader=StrictLoader)
    except YamlProblem as exc:
        raise LedgerError([f"{label}, ligne {exc.line} : {exc.text}"]) from None
    except yaml.YAMLError as exc:
        raise LedgerError([_syntax(label, exc)]) from None
    except RecursionError:
        raise LedgerError(
            [
                f"{label} : listes ou tables imbriquées sur des milliers de niveaux ; une "
                "configuration n'en a que quelques-uns : vérifier qu'il s'agit du bon fichier"
            ]
        ) from None


def _syntax(label: str, exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    where = f"{label}, ligne {mark.line + 1}" if mark is not None else label
    problem = str(getattr(exc, "problem", "") or "")
    said = next((fr for en, fr in YAML_PROBLEMS if problem.startswith(en)), "syntaxe invalide")
    opened = getattr(exc, "context_mark", None)
    context = str(getattr(exc, "context", "") or "")
    flow = context.startswith(("while parsing a flow", "while scanning a quoted"))
    if flow and opened is not None and mark is not None and opened.line != mark.line:
        said += f" (ouvert ligne {opened.line + 1})"
    return f"{where} : YAML mal formé : {said} ; corriger cette ligne"
