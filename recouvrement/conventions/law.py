"""French legal constants of receivables (DOMAIN.md, "Dunning and legal rules").

Each constant cites the article it comes from; :mod:`recouvrement.legal` applies them
and the report's methodology appendix quotes them. Rates themselves are dated tables
(``recouvrement/data/rates``), not constants.
"""

from __future__ import annotations

from recouvrement.conventions.tables import DEBTOR_KINDS

#: The three kinds of debtor of the data contract (their rules:
#: :mod:`recouvrement.conventions.regimes`).
PROFESSIONAL, PRIVATE, PUBLIC = DEBTOR_KINDS

#: Points added to the ECB main refinancing rate for the default penalty rate
#: (art. L.441-10 II code de commerce).
ECB_MARGIN_POINTS = 10

#: A contractual penalty rate may not be below this multiple of the legal interest rate
#: (art. L.441-10 II code de commerce).
LEGAL_RATE_MULTIPLIER = 3

#: Fixed indemnity for recovery costs, per invoice paid late, professional debtors only
#: (art. L.441-10 II and D.441-5 code de commerce), in euros.
RECOVERY_INDEMNITY_EUR = 40.0

#: The indemnity exists since loi n° 2012-387 (22 March 2012) and is due only for the
#: claims whose payment term starts on or after this date (décret n° 2012-1115, art. 2);
#: the term is taken to start at the invoice's issue date.
RECOVERY_INDEMNITY_FROM = "2013-01-01"

#: Claims (principal + penalties + indemnities) strictly below this amount qualify for
#: the small-claims procedures (euros).
SMALL_CLAIMS_LIMIT_EUR = 5000

#: Prescription of a claim between professionals, years from the due date
#: (art. L.110-4 code de commerce).
PRESCRIPTION_YEARS_PROFESSIONAL = 5

#: Prescription of a professional's claim on a private person, years
#: (art. L.218-2 code de la consommation).
PRESCRIPTION_YEARS_PRIVATE = 2

#: Maximum agreed payment terms from the issue date, days (art. L.441-10 I code de commerce).
MAX_TERMS_DAYS = 60

#: Day-count basis of the penalties (simple interest, rate / 365 per day, leap years too).
DAY_COUNT_DAYS = 365
