"""French legal rules on receivables: late-payment penalties, indemnity, prescription, terms.

Everything here is a pure function of a :class:`~recouvrement.ledger.Ledger` at an
``as_of`` date, given as its :class:`~recouvrement.aging.Snapshot` (DOMAIN.md,
"Dunning (relances) and legal rules (France)"):

- :func:`penalty_rate`: the rate of the late-payment penalties of art. L.441-10 of
  the code de commerce for the half-year containing a day (ECB main refinancing
  rate in force on 1 January / 1 July + 10 points, or a contractual rate that may
  not be below 3 × the legal interest rate);
- :func:`late_payment_interest`: per invoice overdue or paid late, the penalties
  (simple interest, day by day on the outstanding amount) and the 40 € indemnity;
- :func:`claimable_by_debtor` and :func:`interest_totals`: what can be claimed,
  per debtor and in total, with the small-claims eligibility;
- :func:`prescription_watch`: open invoices whose claim prescribes soon;
- :func:`long_payment_terms`: invoices whose agreed terms exceed 60 days.

The rates are **data** (``recouvrement/data/rates/*.csv``, with a source per row,
see the README there), loaded by :func:`load_rates`. A half-year beyond the tables
uses the last known rate and is marked ``provisional`` with a French note saying
which file to update: no rate is ever invented silently.

Modules:

- :mod:`~recouvrement.legal.rates`: the rate tables, read and checked; the rate in
  force on a half-year's first day (:func:`~recouvrement.legal.rates.rate_in_force`);
- :mod:`~recouvrement.legal.penalty`: the penalty rate of a half-year, the contractual
  rate of the company's configuration;
- :mod:`~recouvrement.legal.accrual`: simple interest of one invoice, day by day;
- :mod:`~recouvrement.legal.debtors`: each debtor's kind and insolvency date;
- :mod:`~recouvrement.legal.interest`: penalties and indemnity per invoice;
- :mod:`~recouvrement.legal.claims`: what can be claimed, per debtor and in total;
- :mod:`~recouvrement.legal.prescription`: claims prescribed or prescribing soon;
- :mod:`~recouvrement.legal.terms`: agreed payment terms above 60 days;
- :mod:`~recouvrement.legal.rules`: the rules in French (:data:`RULES`).
"""

from __future__ import annotations

from recouvrement.conventions.law import (
    DAY_COUNT_DAYS,
    ECB_MARGIN_POINTS,
    LEGAL_RATE_MULTIPLIER,
    MAX_TERMS_DAYS,
    PRESCRIPTION_YEARS_PRIVATE,
    PRESCRIPTION_YEARS_PROFESSIONAL,
    PRIVATE,
    PROFESSIONAL,
    RECOVERY_INDEMNITY_EUR,
    SMALL_CLAIMS_LIMIT_EUR,
)
from recouvrement.legal.claims import CLAIM_COLUMNS, claimable_by_debtor, interest_totals
from recouvrement.legal.interest import INTEREST_COLUMNS, late_payment_interest
from recouvrement.legal.penalty import (
    LEGAL_CONFIG_KEYS,
    PenaltyRate,
    contractual_rate_of,
    penalty_rate,
)
from recouvrement.legal.prescription import (
    DEFAULT_HORIZON_MONTHS,
    PRESCRIPTION_COLUMNS,
    prescription_watch,
)
from recouvrement.legal.rates import (
    ECB_FILE,
    LEGAL_FILE,
    RATES_FOLDER,
    RateTableError,
    RateTables,
    load_rates,
)
from recouvrement.legal.rules import RULES
from recouvrement.legal.terms import TERMS_COLUMNS, long_payment_terms

__all__ = [
    "CLAIM_COLUMNS",
    "DAY_COUNT_DAYS",
    "DEFAULT_HORIZON_MONTHS",
    "ECB_FILE",
    "ECB_MARGIN_POINTS",
    "INTEREST_COLUMNS",
    "LEGAL_CONFIG_KEYS",
    "LEGAL_FILE",
    "LEGAL_RATE_MULTIPLIER",
    "MAX_TERMS_DAYS",
    "PRESCRIPTION_COLUMNS",
    "PRESCRIPTION_YEARS_PRIVATE",
    "PRESCRIPTION_YEARS_PROFESSIONAL",
    "PRIVATE",
    "PROFESSIONAL",
    "RATES_FOLDER",
    "RECOVERY_INDEMNITY_EUR",
    "RULES",
    "SMALL_CLAIMS_LIMIT_EUR",
    "TERMS_COLUMNS",
    "PenaltyRate",
    "RateTableError",
    "RateTables",
    "claimable_by_debtor",
    "contractual_rate_of",
    "interest_totals",
    "late_payment_interest",
    "load_rates",
    "long_payment_terms",
    "penalty_rate",
    "prescription_watch",
]
