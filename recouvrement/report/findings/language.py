"""One language of the findings: numbers, dates, KPI labels, table names and reasons.

:class:`Language` formats what a sentence shows in French or in English through
:mod:`recouvrement.formatting` (``language="en"``: ``€1,234.56``, ``12.3%``, ``72.4
days``, ``31 October 2026``), names the KPIs (:data:`KPI_LABELS_EN`, falling back to
the key) and the tables, and translates the French reasons of
:class:`recouvrement.kpi.KpiResult` when known (:data:`REASONS_EN`). Counts are
formatted by the callers with :func:`recouvrement.formatting.fmt_int` (French
thousands separator in both languages).
"""

from __future__ import annotations

import pandas as pd

from recouvrement import conventions as cv
from recouvrement.formatting import LANGUAGES, fmt_date, fmt_pct, fmt_unit
from recouvrement.report.findings.texts import TEXTS

#: English labels of the KPI keys (the history's labels are French).
KPI_LABELS_EN: dict[str, str] = {
    "recovery_rate": "Recovery rate",
    "recovery_rate_3m": "Recovery rate (rolling 3 months)",
    "recovery_rate_6m": "Recovery rate (rolling 6 months)",
    "unpaid_rate": "Unpaid rate",
    "activation_rate": "Activation rate (payers under dunning)",
    "dunning_coverage_rate": "Dunning coverage rate",
    "dso": "DSO (accounting method)",
    "dso_countback": "DSO (countback method)",
    "dso_average": "DSO (average receivables)",
    "best_possible_dso": "Best possible DSO",
    "average_days_delinquent": "Average days delinquent (ADD)",
    "cei": "Collection effectiveness index (CEI)",
    "cost_per_euro_collected": "Cost per euro collected",
    "cost_to_encours": "Collection cost to receivables",
    "bad_debt_rate": "Bad-debt rate",
    "dispute_rate": "Dispute rate",
    "dispute_rate_amount": "Dispute rate (by amount)",
    "doubtful_receivables": "Doubtful receivables (insolvency proceedings)",
    "weighted_days_late": "Amount-weighted days late",
}

#: English names of the tables of the data contract.
TABLES_EN: dict[str, str] = {
    "invoices": "invoices",
    "payments": "payments",
    "credit_notes": "credit notes",
    "write_offs": "write-offs",
    "disputes": "disputes",
    "debtors": "debtors",
    "actions": "dunning actions",
    "costs": "collection costs",
}

#: English translations of the French reasons of :class:`recouvrement.kpi.KpiResult`.
REASONS_EN: dict[str, str] = {
    "aucune créance échue hors litige dans la base de la cohorte": (
        "no undisputed overdue receivable in the cohort base"
    ),
    "aucune facture échue sous relance au début de la période": (
        "no overdue invoice under dunning at the start of the period"
    ),
    "aucune facture échue à relancer": "no overdue invoice to dun",
    "aucune vente nette dans l'historique": "no net sales in the history",
    "aucune vente nette sur la période": "no net sales in the period",
    "dénominateur nul ou négatif (rien à recouvrer sur la période)": (
        "zero or negative denominator (nothing to collect in the period)"
    ),
    "aucun encaissement sur créances échues sur la période": (
        "no collection on overdue receivables in the period"
    ),
    "encours nul ou créditeur à la date d'arrêté": (
        "zero or credit receivables balance at the as-of date"
    ),
    "aucune facture émise sur la période": "no invoice issued in the period",
    "aucune facture soldée sur la période": "no invoice settled in the period",
}

#: Prefix of the reason of a KPI that is not available (:class:`recouvrement.kpi.KpiResult`).
UNAVAILABLE_PREFIX = "non disponible"


def table_of_reason(reason: str | None) -> str | None:
    """The table named by a ``non disponible : pas de table des X`` reason, if any."""
    if not reason:
        return None
    for table, label in cv.TABLE_LABELS_FR.items():
        if reason.endswith(f"pas de table des {label}"):
            return table
    return None


class Language:
    """Formatting, labels and sentence templates of one language.

    Parameters
    ----------
    code : {"fr", "en"}
        The language.

    Attributes
    ----------
    code : str
        The language code.
    fr : bool
        French (``code == "fr"``).
    t : dict of str to str
        The sentence templates of the executive findings (:data:`~.texts.TEXTS`).

    Raises
    ------
    ValueError
        When ``code`` is not one of :data:`~recouvrement.formatting.LANGUAGES`.

    """

    def __init__(self, code: str) -> None:
        if code not in LANGUAGES:
            raise ValueError(f"language must be one of {LANGUAGES}, got {code!r}")
        self.code = code
        self.fr = code == "fr"
        self.t = TEXTS[code]

    # numbers ---------------------------------------------------------------
    def value(self, unit: str, value: float) -> str:
        """A KPI value in its unit (:func:`~recouvrement.formatting.fmt_unit`)."""
        return fmt_unit(value, unit, language=self.code)

    def gap(self, unit: str, value: float) -> str:
        """A signed gap in the KPI's unit (points for rates)."""
        return fmt_unit(value, unit, sign=True, language=self.code)

    def share(self, value: float, sign: bool = False) -> str:
        """A share in percent, one decimal."""
        return fmt_pct(value, 1, sign=sign, language=self.code)

    def eur(self, value: float) -> str:
        """An amount in euros, to the cent."""
        return self.value("€", value)

    def date(self, value: pd.Timestamp) -> str:
        """A day: ``31/10/2026``, ``31 October 2026``."""
        return fmt_date(value, language=self.code)

    # words -----------------------------------------------------------------
    def join(self, items: list[str]) -> str:
        """``a, b and c`` (``a, b et c``)."""
        if len(items) <= 1:
            return "".join(items)
        return f"{', '.join(items[:-1])} {self.t['and']} {items[-1]}"

    def label(self, key: str, french: str) -> str:
        """The KPI's label: ``french`` in French, :data:`KPI_LABELS_EN` (or the key) in English."""
        return french if self.fr else KPI_LABELS_EN.get(key, key)

    def table(self, table: str) -> str:
        """The name of a table of the data contract."""
        return cv.TABLE_LABELS_FR[table] if self.fr else TABLES_EN[table]

    def reason(self, reason: str) -> str:
        """A French KPI reason without its ``non disponible :`` prefix, translated if known."""
        text = reason
        if text.startswith(UNAVAILABLE_PREFIX):
            text = text[len(UNAVAILABLE_PREFIX) :].lstrip(" :")
        if self.fr:
            return text
        table = table_of_reason(reason)
        if table is not None:
            return f"no {TABLES_EN[table]} table"
        return REASONS_EN.get(text, f"reason given in French: “{text}”")
