"""French legal rules on receivables: late-payment interest, indemnity, prescription, terms.

Everything here is a pure function of a :class:`~recouvrement.ledger.Ledger` at an
``as_of`` date, given as its :class:`~recouvrement.aging.Snapshot` (DOMAIN.md,
"Dunning (relances) and legal rules (France)"). Every rule asks the debtor's regime
(:func:`recouvrement.conventions.regimes.regime_of`: professional, public buyer,
individual) rather than testing its kind:

- :func:`penalty_rate`: the rate of the late-payment penalties of art. L.441-10 of
  the code de commerce for the half-year containing a day (ECB main refinancing
  rate in force on 1 January / 1 July + 10 points, or a contractual rate that may
  not be below 3 × the legal interest rate); :func:`penalty_rates`: the rate of each
  kind of debtor (public buyer: ECB + 8 points, art. R.2192-31 code de la commande
  publique; individual: the legal interest rate, art. 1231-6 code civil);
- :func:`late_payment_interest`: per invoice overdue or paid late, the interest
  (simple interest, day by day on the outstanding amount, stopped by an insolvency
  judgment), the fixed indemnity, whether it is claimable and whether the company
  claims it (its claim policy);
- :func:`claimable_by_debtor`, :func:`claimable_by_basis` and
  :func:`interest_totals`: what can be claimed, per debtor, per legal basis and in
  total, always split into claimed and waived, with the small-claims eligibility;
- :func:`prescription_watch`: open invoices whose claim prescribes soon;
- :func:`long_payment_terms`: invoices whose agreed terms exceed their regime's maximum.

The rates are **data** (``recouvrement/data/rates/*.csv``, with a source per row,
see the README there), loaded by :func:`load_rates`. A half-year beyond the tables
uses the last known rate and is marked ``provisional`` with a French note saying
which file to update: no rate is ever invented silently.

Modules:

- :mod:`~recouvrement.legal.rates`: the rate tables, read and checked; the rate in
  force on a half-year's first day (:func:`~recouvrement.legal.rates.rate_in_force`);
- :mod:`~recouvrement.legal.config`: the ``legal:`` section of recouvrement.yml: the
  contractual rate and the claim policy;
- :mod:`~recouvrement.legal.penalty`: the late-payment rate of a half-year, per regime;
- :mod:`~recouvrement.legal.accrual`: simple interest of one invoice, day by day;
- :mod:`~recouvrement.legal.debtors`: each debtor's kind and insolvency date;
- :mod:`~recouvrement.legal.notices`: formal notices and written claims of the log;
- :mod:`~recouvrement.legal.interest`: interest and indemnity per invoice;
- :mod:`~recouvrement.legal.claims`: what can be claimed, per debtor, basis and total;
- :mod:`~recouvrement.legal.prescription`: claims prescribed or prescribing soon;
- :mod:`~recouvrement.legal.terms`: agreed payment terms above the regime's maximum;
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
    PUBLIC,
    RECOVERY_INDEMNITY_EUR,
    SMALL_CLAIMS_LIMIT_EUR,
)
from recouvrement.legal.claims import (
    BASIS_COLUMNS,
    CLAIM_COLUMNS,
    claimable_by_basis,
    claimable_by_debtor,
    interest_totals,
)
from recouvrement.legal.config import (
    CLAIM,
    CLAIM_CHOICES,
    LEGAL_CONFIG_KEYS,
    WAIVE,
    ClaimPolicy,
    claim_policy_of,
    contractual_rate_of,
)
from recouvrement.legal.interest import INTEREST_COLUMNS, late_payment_interest
from recouvrement.legal.notices import formal_notices, written_claims
from recouvrement.legal.penalty import PenaltyRate, penalty_rate, penalty_rates, regime_rate
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
    "BASIS_COLUMNS",
    "CLAIM",
    "CLAIM_CHOICES",
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
    "PUBLIC",
    "RATES_FOLDER",
    "RECOVERY_INDEMNITY_EUR",
    "RULES",
    "SMALL_CLAIMS_LIMIT_EUR",
    "TERMS_COLUMNS",
    "WAIVE",
    "ClaimPolicy",
    "PenaltyRate",
    "RateTableError",
    "RateTables",
    "claim_policy_of",
    "claimable_by_basis",
    "claimable_by_debtor",
    "contractual_rate_of",
    "formal_notices",
    "interest_totals",
    "late_payment_interest",
    "load_rates",
    "long_payment_terms",
    "penalty_rate",
    "penalty_rates",
    "prescription_watch",
    "regime_rate",
    "written_claims",
]
