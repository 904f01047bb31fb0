"""The catalogue of the hostile-input corpus: ``docs/hostile-inputs.md`` from the tests.

Every ``tests/test_hostile_*.py`` module lists its cases in ``CASES`` (a list of
``HostileCase``: id, title, outcome, message) and tests each of them. This tool writes
the table of all of them into ``docs/hostile-inputs.md``; ``tests/test_hostile_catalogue.py``
checks that the document is the table of the corpus as it is.

Usage (from the repository root)::

    python -m tools.hostile_inputs            # rewrite docs/hostile-inputs.md
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "tests"
DOC = ROOT / "docs" / "hostile-inputs.md"

#: The group of each corpus module, in the document's order.
GROUPS = {
    "test_hostile_ledger": "Fichiers et lignes (grand livre)",
    "test_hostile_config": "Configuration et confinement",
    "test_hostile_audit": "Audit des relances et des droits",
    "test_hostile_runner": "Rapports, lots et messages",
}

HEADER = """# Entrées hostiles : ce que fait l'outil de chaque cas

Chaque ligne est un cas du corpus de tests (`tests/test_hostile_*.py`, exécuté par
`make test`) : une entrée mal formée ou malveillante, ce que l'outil en fait, et le message
que lit l'utilisateur (ou le motif de la ligne de qualité). Trois issues possibles :

- **erreur** : refusé, avec un message clair en français qui nomme le fichier, la ligne,
  la colonne ou la clé, et la correction ; rien n'est produit à partir de l'entrée ;
- **écartée** : la ligne est mise de côté et listée dans la section « Qualité des
  données » du rapport, avec son motif ; les autres chiffres ne changent pas ;
- **corrigée** : la ligne est gardée, corrigée selon une règle écrite, et listée de même.

Dans tous les cas, lignes lues = lignes gardées + lignes écartées (vérifié aussi sur des
corruptions aléatoires d'un fichier d'exemple).

Ce document est produit par `python -m tools.hostile_inputs` à partir du corpus ; un test
vérifie qu'il lui correspond.
"""


def load_cases() -> dict[str, list]:
    """``{module name: CASES}`` of every corpus module, in :data:`GROUPS` order."""
    sys.path.insert(0, str(TESTS))
    try:
        out = {}
        for name in GROUPS:
            path = TESTS / f"{name}.py"
            if not path.is_file():
                continue
            spec = importlib.util.spec_from_file_location(f"_corpus_{name}", path)
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            out[name] = list(module.CASES)
        return out
    finally:
        sys.path.remove(str(TESTS))


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def render(cases: dict[str, list]) -> str:
    """The Markdown document of the corpus."""
    lines = [HEADER]
    total = sum(len(v) for v in cases.values())
    lines.append(f"{total} cas.\n")
    for name, group in cases.items():
        lines.append(f"## {GROUPS[name]} (`tests/{name}.py`)\n")
        lines.append("| Cas | Entrée | Issue | Message |")
        lines.append("|---|---|---|---|")
        for case in group:
            lines.append(
                f"| `{case.id}` | {_cell(case.title)} | {case.outcome} | {_cell(case.message)} |"
            )
        lines.append("")
    return "\n".join(lines)


def main() -> int:
    """Rewrite ``docs/hostile-inputs.md`` from the corpus."""
    DOC.write_text(render(load_cases()), encoding="utf-8")
    print(f"{DOC.relative_to(ROOT)} written")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
