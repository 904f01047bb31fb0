"""Plausibility limits: what the tool refuses to take as a fact, and what it refuses to print.

A date far outside the life of a ledger, an amount of a thousand billion euros, or a
report with a hundred thousand letters are not data to compute with: they are typing
errors, corrupted exports or hostile inputs. :class:`Limits` names the bounds; a
company changes them in its ``recouvrement.yml``::

    limits:
      date_min: 2000-01-01      # dates before are set aside (default 1 January 2000)
      date_max: 2030-12-31      # dates after are set aside (default: the run date + 2 years)
      max_amount: 1000000000    # euros; larger amounts are set aside (default 1 000 000 000 €)
      max_letters: 200          # letters drafted per report (largest amounts due); all in a CSV
      max_rows: 500             # rows of a detail table in the report; the rest go to a CSV

Every bound is quoted in the report's methodology appendix and in the reason of every
row it sets aside.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

#: Earliest plausible date of a receivables ledger (DOMAIN.md's data are recent exports).
DEFAULT_DATE_MIN = pd.Timestamp("2000-01-01")

#: The latest plausible date is the run date plus this many years (due dates, plans).
DEFAULT_DATE_MAX_YEARS = 2

#: Largest plausible amount of one row, in euros (one billion: beyond, a typing error).
DEFAULT_MAX_AMOUNT_EUR = 1_000_000_000

#: The highest ceiling a company may set (euros per row): 10¹³ € is 10¹⁵ cents, below
#: 2**53, so every amount is also exact as float euros in the report's tables.
MAX_AMOUNT_CEILING_EUR = 10**13

#: The largest sum of absolute amounts (cents) of a ledger's invoices, payments, credit
#: notes and write-offs: up to 2**53, every sum and balance is exact both in int64 cents
#: and in the float euros the tables show (about 90 000 billion euros).
MAX_TOTAL_CENTS = 2**53

#: Letter drafts printed per report (the others are listed in a CSV beside the report).
DEFAULT_MAX_LETTERS = 200

#: Rows of a detail table printed in the report (the others are in a CSV beside it).
DEFAULT_MAX_ROWS = 500


@dataclass(frozen=True)
class Limits:
    """The plausibility bounds of one company (see the module docstring).

    Attributes
    ----------
    date_min : Timestamp
        Dates strictly before are set aside.
    date_max : Timestamp or None
        Dates strictly after are set aside; ``None``: the run date + 2 years
        (:meth:`latest_date`).
    max_amount : int
        Amounts strictly above, in euros, are set aside.
    max_letters, max_rows : int
        Letters and detail-table rows printed in a report.

    """

    date_min: pd.Timestamp = DEFAULT_DATE_MIN
    date_max: pd.Timestamp | None = None
    max_amount: int = DEFAULT_MAX_AMOUNT_EUR
    max_letters: int = DEFAULT_MAX_LETTERS
    max_rows: int = DEFAULT_MAX_ROWS

    def __post_init__(self) -> None:
        if not 0 < self.max_amount <= MAX_AMOUNT_CEILING_EUR:
            ceiling = f"{MAX_AMOUNT_CEILING_EUR:,}".replace(",", "\u00a0")
            raise ValueError(
                f"limits.max_amount doit être compris entre 1 et {ceiling}\u00a0€ (reçu "
                f"{self.max_amount!r}) : au-delà, les montants ne sont plus exacts au centime"
            )

    def latest_date(self, today: dt.date | None = None) -> pd.Timestamp:
        """The latest plausible date: ``date_max``, or ``today`` + 2 years."""
        if self.date_max is not None:
            return pd.Timestamp(self.date_max).normalize()
        run = pd.Timestamp(today or dt.date.today()).normalize()
        return run + pd.DateOffset(years=DEFAULT_DATE_MAX_YEARS)

    def window(self, today: dt.date | None = None) -> tuple[pd.Timestamp, pd.Timestamp]:
        """``(earliest, latest)`` plausible dates, both included."""
        return pd.Timestamp(self.date_min).normalize(), self.latest_date(today)

    def describe(self) -> str:
        """French sentence for the appendix (no run date in it: a rerun prints the same)."""
        low = pd.Timestamp(self.date_min).normalize()
        high = (
            f"jusqu'au {pd.Timestamp(self.date_max):%d/%m/%Y}"
            if self.date_max is not None
            else f"jusqu'à {DEFAULT_DATE_MAX_YEARS} ans après la date d'exécution"
        )
        amount = f"{self.max_amount:,}".replace(",", "\u00a0")
        return (
            f"dates admises à partir du {low:%d/%m/%Y} et {high} ; montants jusqu'à "
            f"{amount}\u00a0€ par ligne ; au plus {self.max_letters} projets de lettres "
            f"et {self.max_rows} lignes par tableau de détail imprimés (le reste en CSV)"
        )
