"""The kpi package façade (kpi/__init__.py): re-exports, layering, module size.

The KPIs themselves are tested module by module (``test_kpi_<module>.py``); the
hand-checked ledgers shared by those modules are in ``builders.py`` (KPI scenarios).
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

import recouvrement.kpi as kpi

PACKAGE = Path(kpi.__file__).parent
MODULES = sorted(p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__")

#: Every public name ``recouvrement.kpi`` defined before it became a package.
PUBLIC = [
    "ANNUAL_MONTHS",
    "BEHAVIOUR_COLUMNS",
    "COST_METHODS",
    "DEBTOR_BASE_KPIS",
    "DEFAULT_HORIZON_MONTHS",
    "DEFAULT_TARGETS",
    "DISPUTE_METHODS",
    "DSO_METHODS",
    "DSO_MONTHS",
    "HIGHER_IS_BETTER",
    "HISTORY_COLUMNS",
    "HISTORY_MONTHS",
    "KPI_DIRECTION",
    "KPI_LABELS",
    "LOWER_IS_BETTER",
    "MONTHLY_MONTHS",
    "ROLLING_MONTHS",
    "UNITS",
    "KpiResult",
    "activation_rate",
    "average_days_delinquent",
    "bad_debt_rate",
    "best_possible_dso",
    "collection_effectiveness_index",
    "compare_to_targets",
    "cost_per_euro_collected",
    "days_sales_outstanding",
    "dispute_rate",
    "doubtful_receivables",
    "dunning_coverage_rate",
    "kpi_history",
    "kpi_pack",
    "payment_behaviour",
    "payment_behaviour_summary",
    "recovery_by_segment",
    "recovery_rate",
    "unpaid_rate",
]

#: The only parts of the package kpi may import: its lower layers and itself.
LOWER = {"aging", "conventions", "formatting", "ledger", "kpi"}


def test_every_public_name_is_reexported():
    assert sorted(kpi.__all__) == sorted([*PUBLIC, "kpi_direction"])
    for name in kpi.__all__:
        assert getattr(kpi, name) is not None, name


@pytest.mark.parametrize("module", MODULES)
def test_module_names_are_the_package_names(module):
    mod = importlib.import_module(f"recouvrement.kpi.{module}")
    for name in getattr(mod, "__all__", []):
        assert not name.startswith("_"), name
        if name in kpi.__all__:
            assert getattr(kpi, name) is getattr(mod, name), name


def _imports(tree: ast.Module):
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            yield node.module or "", [alias.name for alias in node.names]
        elif isinstance(node, ast.Import):
            yield from ((alias.name, []) for alias in node.names)


@pytest.mark.parametrize("module", ["__init__", *MODULES])
def test_layering_and_no_private_use(module):
    path = PACKAGE / f"{module}.py"
    source = path.read_text(encoding="utf-8")
    assert len(source.splitlines()) <= 400, f"{module}.py is over 400 lines"
    tree = ast.parse(source)
    for origin, names in _imports(tree):
        parts = origin.split(".")
        if parts[0] == "recouvrement":
            # never the façade (`import recouvrement`), never a layer above kpi
            used = set(parts[1:2]) if len(parts) > 1 else set(names)
            assert used and used <= LOWER, f"{module} imports {origin} {names}"
        private = [n for n in names if n.startswith("_")]
        assert not private, f"{module} imports {private} from {origin}"
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr.startswith("_"):
            if node.attr.startswith("__"):
                continue
            owner = node.value
            assert isinstance(owner, ast.Name) and owner.id == "self", (
                f"{module}.py:{node.lineno} uses the private {node.attr}"
            )
