"""The analyst's explorer behind ``notebooks/explorer.ipynb``: its choices and its views.

An :class:`Explorer` knows a data folder's companies, reads each company's ledger
once (when first selected) and draws the views the notebook's widgets ask for: the
aged balance, its bucket mix and top overdue debtors, its twelve-month evolution, the
KPIs and the DSO against its target. Every view is a plain method called with the
controls' values (``company, as_of, buckets, basis``), so the notebook only wires
widgets to methods. Client data is escaped in every caption and table.
"""

from __future__ import annotations

import functools
import os
from html import escape
from typing import Any, get_args

import pandas as pd
from IPython.display import HTML, display
from matplotlib.figure import Figure

from recouvrement import conventions as cv
from recouvrement.aging import Basis, aged_balance, aged_balance_history
from recouvrement.formatting import fmt_date, fmt_eur, fmt_int
from recouvrement.io import list_companies, read_ledger, resolve_data_dir
from recouvrement.kpi import kpi_history, kpi_pack
from recouvrement.kpi.targets import kpi_targets
from recouvrement.ledger import Ledger
from recouvrement.report import charts

#: How each aging basis is said in the captions.
BASIS_LABELS = {"due": "l'échéance", "issue": "la date de facture"}


class Explorer:
    """The companies of a data folder, their ledgers (read once each) and the views.

    Parameters
    ----------
    data_dir : str or path
        Folder with one sub-folder per company (relative: from the current directory).
    top : int
        Debtors shown in the aged balance and the chart of overdue debtors.

    Raises
    ------
    FileNotFoundError
        When the folder holds no company.

    """

    def __init__(self, data_dir: str | os.PathLike[str], *, top: int = 20):
        self.root = resolve_data_dir(data_dir)
        self.companies = list_companies(self.root)
        if not self.companies:
            raise FileNotFoundError(f"aucune société (sous-dossier) dans {self.root}")
        self.top = int(top)
        self.ledger = functools.cache(self._read)

    def _read(self, company: str) -> Ledger:
        return read_ledger(self.root / company)

    # -- choices -----------------------------------------------------------------
    def month_ends(self, company: str) -> list[tuple[str, pd.Timestamp]]:
        """``(label, date)`` of every month end of the company's data, latest first."""
        ledger = self.ledger(company)
        first = cv.month_end(ledger.invoices["issue_date"].min())
        last = cv.month_end(cv.last_activity_date(ledger))
        return [(fmt_date(day), day) for day in pd.date_range(first, last, freq="ME")[::-1]]

    @staticmethod
    def bucket_options() -> list[tuple[str, str]]:
        """``(description, preset)`` of every bucket preset."""
        return [(scheme.describe(), preset) for preset, scheme in cv.BUCKET_PRESETS.items()]

    @staticmethod
    def basis_options() -> list[tuple[str, str]]:
        """``(label, basis)`` of the two aging bases."""
        return [(label, key) for key, label in BASIS_LABELS.items()]

    def check(self, *, company: str, as_of: str, buckets: str, basis: str) -> None:
        """Check the notebook's parameters; raise ``ValueError`` naming the bad one.

        Errors raised while a view renders are shown inside its widget and would not
        stop a headless run: parameters are checked first.
        """
        cv.as_buckets(buckets)  # ValueError naming an unknown preset
        if basis not in get_args(Basis):
            raise ValueError(f"basis={basis!r} : choisir parmi {', '.join(get_args(Basis))}")
        if company and company not in self.companies:
            raise ValueError(
                f"company={company!r} : société inconnue dans {self.root} "
                f"({', '.join(self.companies)})"
            )
        options = self.month_ends(company or self.companies[0])
        if as_of and cv.as_date(as_of) not in [day for _, day in options]:
            raise ValueError(
                f"as_of={as_of!r} : pas une fin de mois des données de "
                f"{company or self.companies[0]} (du {options[-1][0]} au {options[0][0]})"
            )

    def as_of_value(self, company: str, as_of: str) -> pd.Timestamp:
        """The as-of date to select first: ``as_of`` when given, else the latest month end."""
        return cv.as_date(as_of) if as_of else self.month_ends(company)[0][1]

    # -- views --------------------------------------------------------------------
    def balance_view(self, company: str, as_of: Any, buckets: str, basis: str) -> None:
        """The aged balance: the ``top`` debtors by overdue amount, then the total."""
        ledger = self.ledger(company)
        balance = aged_balance(ledger, as_of, buckets, basis)
        total = balance.sum().to_frame(f"Total ({fmt_int(len(balance))} débiteurs)").T
        shown = pd.concat([balance.head(self.top), total]).rename(index=ledger.debtor_names)
        caption = (
            f"{cv.as_buckets(buckets).describe()}, âge compté depuis {BASIS_LABELS[basis]} ; "
            f"les {self.top} premiers débiteurs par montant échu, puis le total"
        )
        display(
            HTML(f"<h3>{escape(ledger.name)} : balance âgée au {fmt_date(as_of)}</h3>"),
            shown.rename_axis("Débiteur")
            .style.format(fmt_eur)
            .set_properties(**{"text-align": "right"})
            .format_index(escape="html", axis=0)
            .format_index(escape="html", axis=1)
            .set_caption(escape(caption)),
        )

    def charts_view(self, company: str, as_of: Any, buckets: str, basis: str) -> None:
        """The bucket mix, and the overdue of the ``top`` debtors (always from the due date)."""
        ledger = self.ledger(company)
        display(
            charts.bucket_mix(
                aged_balance(ledger, as_of, buckets, basis), ax=Figure(figsize=(7, 3.5)).subplots()
            ),
            charts.top_overdue_debtors(
                aged_balance(ledger, as_of, buckets, "due"),
                n=self.top,
                names=ledger.debtor_names,
                ax=Figure(figsize=(8, 0.3 * self.top + 1.5)).subplots(),
            ),
        )

    def history_view(self, company: str, as_of: Any, buckets: str, basis: str) -> None:
        """The portfolio's aged balance at each of the last twelve month ends."""
        history = aged_balance_history(self.ledger(company), as_of, buckets=buckets, basis=basis)
        display(charts.aged_balance_over_time(history, ax=Figure(figsize=(9, 4)).subplots()))

    def kpi_view(self, company: str, as_of: Any, **_: Any) -> None:
        """Every KPI of the pack at the as-of date (they depend on neither buckets nor basis)."""
        pack = kpi_pack(self.ledger(company), as_of)
        frame = pd.DataFrame(
            [(kpi.label, kpi.formatted()) for kpi in pack.values()],
            columns=["Indicateur", "Valeur"],
        )
        display(
            frame.style.hide(axis="index")
            .format(escape="html")
            .set_caption(f"Indicateurs au {fmt_date(as_of)}")
        )

    def dso_view(self, company: str, as_of: Any, **_: Any) -> None:
        """The DSO (Banque de France basis) at the last twelve month ends and its reference."""
        ledger = self.ledger(company)
        goals = kpi_targets(
            kpi_pack(ledger, as_of),
            sector=ledger.meta.get("sector"),
            size=(ledger.meta.get("report") or {}).get("size"),
        )
        display(
            charts.kpi_against_target(
                kpi_history(ledger, as_of),
                "dso_bdf",
                target=goals["dso_bdf"].value,
                ax=Figure(figsize=(8, 4)).subplots(),
            )
        )
