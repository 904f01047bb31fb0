"""How a fictional audited company behaves: the profile types of the sample generator.

:class:`CompanyProfile` holds every parameter of one company (portfolio, invoicing,
payment culture, dunning calendar, export style, deliberate data problems); the
four companies of ``data/samples/`` are in :mod:`tools.samples.companies`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from types import MappingProxyType
from typing import NamedTuple

from tools.samples.styles import STYLE_SPECS


class DunningStep(NamedTuple):
    """One step of a dunning calendar.

    Attributes
    ----------
    days : int
        Days after the due date at which the step is due (J+days).
    level : int
        Dunning level, 1 (courteous reminder) to 5 (litigation).
    channel : str
        ``email``, ``téléphone``, ``courrier``, ``LRAR``, ``SMS`` or ``agence``.

    """

    days: int
    level: int
    channel: str


class CustomerType(NamedTuple):
    """A kind of professional debtor: name pattern, sector, legal form appended or not.

    ``pattern`` may use ``{nom}``, ``{nom2}`` (surnames), ``{prenom}`` and ``{ville}``.
    ``public``: a public buyer (a commune, an office public de l'habitat): its kind is
    ``public`` (code de la commande publique), not ``professionnel``.
    """

    pattern: str
    sector: str
    legal_form: bool = True
    public: bool = False


class DataProblem(NamedTuple):
    """A deliberate data problem to inject (see :func:`inject_data_problems`).

    Attributes
    ----------
    kind : str
        One of :data:`PROBLEM_KINDS`.
    table : str
        Canonical table that receives the problem.
    text : str, optional
        The unparseable text written in the file (``unparseable_date``,
        ``unparseable_amount``), the unknown value (``unknown_debtor_kind``) or
        the amount (``non_positive_amount``, default: 0 or a random negative).

    """

    kind: str
    table: str = "invoices"
    text: str | None = None


#: Kinds of deliberate data problems, with the French description used in the log.
PROBLEM_KINDS = MappingProxyType(
    {
        "duplicate_invoice_id": "numéro de facture en double (ligne différente, même numéro)",
        "non_positive_amount": "facture de montant nul ou négatif",
        "due_before_issue": "échéance antérieure à la date de facture",
        "missing_due_date": "échéance manquante",
        "unknown_invoice": "règlement sur un numéro de facture inexistant",
        "unparseable_date": "date illisible",
        "unparseable_amount": "montant illisible",
        "unknown_debtor_kind": "type de client inconnu",
    }
)

#: Calendar of DOMAIN.md's ``progressif`` preset, extended to level 5.
PROGRESSIVE_CALENDAR = (
    DunningStep(5, 1, "email"),
    DunningStep(15, 2, "courrier"),
    DunningStep(30, 3, "LRAR"),
    DunningStep(45, 4, "agence"),
    DunningStep(75, 5, "agence"),
)

#: Calendar of DOMAIN.md's ``standard`` preset.
STANDARD_CALENDAR = (
    DunningStep(5, 1, "email"),
    DunningStep(15, 2, "courrier"),
    DunningStep(30, 3, "LRAR"),
)


@dataclass(frozen=True)
class CompanyProfile:
    """How a fictional audited company invoices, gets paid and duns.

    Probabilities are per invoice unless stated otherwise; amounts are euros TTC;
    delays are calendar days.

    Attributes
    ----------
    company_id : str
        Folder name, lowercase ``[a-z0-9-]``.
    name, sector : str
        Display name (French) and sector (``construction``, ``industrie``...).
    seed : int
        Seed of the company's random generator.
    style : str
        How :func:`write_company` writes the folder: ``"canonical"`` (canonical
        CSV), ``"french"`` (French headers, ``;``, decimal comma, cp1252, explicit
        ``read:`` block), ``"excel"`` (French headers, ``;``, decimal comma, UTF-8
        with BOM, no ``read:`` block, disputes as columns of the invoices file) or
        ``"mixed"`` (Parquet invoices and payments, XLSX debtors, CSV for the rest).
    n_debtors : int
        Size of the debtor portfolio.
    invoices_per_month : float
        Mean number of invoices issued per month (before seasonality and growth).
    seasonality : tuple of 12 floats
        Activity factor of each calendar month, January first.
    growth : float
        Relative growth of the activity over the whole history (0.1 = +10 %).
    share_particuliers : float
        Share of private individuals among the debtors.
    amount_median, amount_sigma : float
        Lognormal distribution of a professional debtor's invoice (median in
        euros, sigma of the log).
    particulier_median : float
        Median invoice of a private individual.
    vat_rate : float
        VAT rate applied to the amount before tax (amounts are TTC).
    terms : tuple of (days, weight)
        Payment terms granted to debtors; the first is the company's default.
    end_of_month_share : float
        Share of debtors whose terms are "fin de mois" (due at the month end).
    late_payer_share : float
        Share of debtors who are reliably late.
    late_days, mild_days : float
        Mean days late of a late invoice, for a late payer and for the others.
    on_time_share : float
        Probability that a debtor who is not a late payer pays by the due date.
    never_pay_prob : float
        Probability that a late payer never pays an invoice (others: a fifth).
    dispute_prob : float
        Probability that an invoice is disputed.
    credit_note_prob : float
        Probability of a commercial credit note (return, discount, cancellation).
    unallocated_credit_prob : float
        Share of the commercial credit notes booked without their invoice
        (unallocated: the invoice stays open in the ledger).
    partial_prob : float
        Probability that an invoice is paid in 2 or 3 instalments.
    overpayment_prob : float
        Probability of an overpayment (paid twice, or a rounded-up amount).
    unapplied_prob : float
        Probability that the payment of an invoice is left unapplied (not matched).
    short_payment_prob : float
        Probability of a small short payment, the gap written off later.
    write_off_prob : float
        Probability that an old never-paid invoice is written off.
    n_insolvent : int
        Debtors entering insolvency proceedings (procédure collective); they pay
        later and later in the months before.
    n_worsening : int
        Good debtors whose payments degrade sharply in the last months (their
        risk worsens, without insolvency yet).
    statement_payer_share : float
        Share of professional debtors who pay every invoice due in a month by a
        single transfer on a fixed day of the next month.
    deposits : int
        Payments on account unrelated to any invoice (unapplied cash).
    rebate_rate : float
        Year-end rebate (unallocated credit note) granted to the main debtors,
        as a fraction of their invoiced amount of the previous year.
    dunning : tuple of DunningStep
        The company's dunning calendar.
    dunning_coverage : (float, float)
        Probability that a due reminder is actually sent, at the start and at the
        end of the history (linear in between).
    dunning_on_time : float
        Probability that a reminder sent is sent on the day the calendar says.
    dunning_delay_days : float
        Mean delay of a late reminder, in days.
    dunning_on_paid_prob : float
        Probability that a reminder is sent although the invoice is settled.
    dunning_in_dispute_prob : float
        Probability that a reminder due during an open dispute is sent anyway.
    phone_prob : float
        Probability of a phone call on an overdue invoice of at least ``phone_min``.
    phone_min : float
        Smallest invoice worth a phone call.
    statement_reminders : bool
        Whether debtors with overdue invoices receive a monthly statement by email
        (a debtor-level action).
    monthly_cost, cost_growth : float
        Monthly collection staff cost at the start, and its growth over the history.
    customer_types : tuple of CustomerType
        Kinds of professional debtors, for names and sectors.
    invoice_format, debtor_format, payment_format, credit_note_format : str
        ``str.format`` patterns of the ids (fields ``n``, ``year``, ``yy``).
    problems : tuple of DataProblem
        Deliberate data problems of the written samples.
    creditor : tuple of (str, str)
        The ``creditor:`` section of its ``recouvrement.yml`` (fictional mentions of
        art. R.123-237 code de commerce, payment details).
    letters : tuple of (str, str)
        The ``dunning: letters:`` section (nature, contact, signatory).
    report : tuple of (str, str)
        The ``report:`` section (consultant, addressee, size class).

    """

    company_id: str
    name: str
    sector: str
    seed: int
    style: str = "canonical"
    n_debtors: int = 200
    invoices_per_month: float = 100.0
    seasonality: tuple[float, ...] = (1.0,) * 12
    growth: float = 0.0
    share_particuliers: float = 0.0
    amount_median: float = 3000.0
    amount_sigma: float = 0.9
    particulier_median: float = 400.0
    vat_rate: float = 0.2
    terms: tuple[tuple[int, float], ...] = ((30, 1.0),)
    end_of_month_share: float = 0.0
    late_payer_share: float = 0.2
    late_days: float = 30.0
    mild_days: float = 6.0
    on_time_share: float = 0.6
    never_pay_prob: float = 0.02
    dispute_prob: float = 0.03
    credit_note_prob: float = 0.04
    unallocated_credit_prob: float = 0.05
    partial_prob: float = 0.08
    overpayment_prob: float = 0.005
    unapplied_prob: float = 0.01
    short_payment_prob: float = 0.01
    write_off_prob: float = 0.3
    n_insolvent: int = 1
    n_worsening: int = 2
    statement_payer_share: float = 0.2
    deposits: int = 4
    rebate_rate: float = 0.0
    dunning: tuple[DunningStep, ...] = STANDARD_CALENDAR
    dunning_coverage: tuple[float, float] = (0.8, 0.8)
    dunning_on_time: float = 0.5
    dunning_delay_days: float = 4.0
    dunning_on_paid_prob: float = 0.01
    dunning_in_dispute_prob: float = 0.2
    phone_prob: float = 0.1
    phone_min: float = 2000.0
    statement_reminders: bool = False
    monthly_cost: float = 2000.0
    cost_growth: float = 0.0
    customer_types: tuple[CustomerType, ...] = (CustomerType("{nom} Services", "Services"),)
    invoice_format: str = "FA-{year}-{n:05d}"
    debtor_format: str = "C{n:04d}"
    payment_format: str = "RG-{year}-{n:05d}"
    credit_note_format: str = "AV-{year}-{n:04d}"
    problems: tuple[DataProblem, ...] = ()
    creditor: tuple[tuple[str, str], ...] = ()
    letters: tuple[tuple[str, str], ...] = ()
    report: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", self.company_id):
            raise ValueError(f"company_id must be lowercase [a-z0-9-], got {self.company_id!r}")
        if self.style not in STYLE_SPECS:
            raise ValueError(f"unknown style {self.style!r}; choose one of {sorted(STYLE_SPECS)}")
        if len(self.seasonality) != 12:
            raise ValueError(f"seasonality needs 12 monthly factors, got {len(self.seasonality)}")
        for problem in self.problems:
            if problem.kind not in PROBLEM_KINDS:
                raise ValueError(
                    f"unknown problem kind {problem.kind!r}; known: {sorted(PROBLEM_KINDS)}"
                )

    @property
    def default_terms_days(self) -> int:
        """The company's default payment terms (the first of ``terms``), in days."""
        return int(self.terms[0][0])
