"""Fictional receivables ledgers: the committed samples and the benchmark data.

Nothing here is real. Companies, debtors, invoices and amounts are drawn from fixed
seeds (one :func:`numpy.random.default_rng` per call, no global state), so every run
produces the same ledgers and the same files, byte for byte.

Three uses:

* :data:`COMPANIES` describes four fictional audited companies with different
  sectors and payment cultures; :func:`generate_company` turns one profile into the
  eight canonical tables of :data:`recouvrement.conventions.TABLES` (24 months of
  history ending at ``end``, nothing dated after it).
* :func:`inject_data_problems` adds a few deliberate data-quality problems, and
  :func:`write_company` writes a company folder in one of the export styles met in
  practice: plain canonical CSV, French Excel CSV (cp1252, or UTF-8 with a BOM),
  Parquet/XLSX. :func:`write_samples` (``python -m recouvrement.samples``)
  regenerates ``data/samples/``.
* :func:`generate_large` builds large canonical frames (a million invoices) for the
  benchmarks, fully vectorised.

This module writes files only to build the sample folders (a development tool);
reading real exports is :mod:`recouvrement.io`'s job.

Examples
--------
>>> tables = generate_company("conseil-horizon")
>>> sorted(tables)  # doctest: +NORMALIZE_WHITESPACE
['actions', 'costs', 'credit_notes', 'debtors', 'disputes', 'invoices', 'payments',
 'write_offs']

"""

from __future__ import annotations

import argparse
import io as _io
import json
import math
import re
import shutil
import time
import zipfile
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from recouvrement import conventions as cv

#: Last day of the committed samples' history (every event is dated on or before it).
DEFAULT_END = "2026-10-31"

#: Length of the committed samples' history, in calendar months.
DEFAULT_MONTHS = 24

#: Default output folder of :func:`write_samples` (relative to the working directory).
DEFAULT_ROOT = Path("data") / "samples"

_NAT = np.iinfo(np.int64).min  # a missing day number (viewed as datetime64, it is NaT)
_NEVER = 10**9  # a day number after any date
_EPOCH_WEEKDAY = 3  # 1970-01-01 was a Thursday (Monday = 0)


# ---------------------------------------------------------------------------
# Profiles
# ---------------------------------------------------------------------------
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
    """

    pattern: str
    sector: str
    legal_form: bool = True


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

    def __post_init__(self) -> None:
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", self.company_id):
            raise ValueError(f"company_id must be lowercase [a-z0-9-], got {self.company_id!r}")
        if self.style not in _STYLES:
            raise ValueError(f"unknown style {self.style!r}; choose one of {sorted(_STYLES)}")
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


_STYLES = ("canonical", "french", "excel", "mixed")

_BATIMENT = CompanyProfile(
    company_id="batiment-durand",
    name="Bâtiment Durand SAS",
    sector="construction",
    seed=101,
    style="french",
    n_debtors=260,
    invoices_per_month=110,
    seasonality=(0.85, 0.95, 1.05, 1.05, 1.1, 1.1, 1.0, 0.55, 1.05, 1.1, 1.0, 0.8),
    growth=0.05,
    share_particuliers=0.2,
    amount_median=4200.0,
    amount_sigma=1.1,
    particulier_median=2600.0,
    vat_rate=0.2,
    terms=((45, 0.55), (60, 0.38), (30, 0.07)),
    end_of_month_share=0.3,
    late_payer_share=0.45,
    late_days=48.0,
    mild_days=14.0,
    on_time_share=0.45,
    never_pay_prob=0.04,
    dispute_prob=0.08,
    credit_note_prob=0.05,
    partial_prob=0.15,
    overpayment_prob=0.006,
    unapplied_prob=0.01,
    short_payment_prob=0.012,
    write_off_prob=0.35,
    n_insolvent=3,
    statement_payer_share=0.25,
    deposits=8,
    rebate_rate=0.0,
    dunning=PROGRESSIVE_CALENDAR,
    dunning_coverage=(0.55, 0.3),
    dunning_on_time=0.3,
    dunning_delay_days=9.0,
    dunning_on_paid_prob=0.03,
    dunning_in_dispute_prob=0.35,
    phone_prob=0.15,
    phone_min=5000.0,
    statement_reminders=False,
    monthly_cost=5200.0,
    cost_growth=0.04,
    customer_types=(
        CustomerType("Promotion {nom}", "Promotion immobilière"),
        CustomerType("{nom} Immobilier", "Promotion immobilière"),
        CustomerType("Résidences {nom}", "Promotion immobilière"),
        CustomerType("Cabinet {nom} Syndic", "Gestion immobilière"),
        CustomerType("SCI {nom}-{nom2}", "Gestion immobilière", legal_form=False),
        CustomerType("Commune de {ville}", "Collectivité", legal_form=False),
        CustomerType("Office HLM de {ville}", "Logement social", legal_form=False),
        CustomerType("Entreprise {nom} Bâtiment", "BTP"),
        CustomerType("{nom} Rénovation", "BTP"),
        CustomerType("Charpente {nom}", "BTP"),
        CustomerType("Cabinet d'architectes {nom}", "Architecture"),
    ),
    invoice_format="FA-{year}-{n:05d}",
    debtor_format="CLI{n:04d}",
    payment_format="RG-{year}-{n:05d}",
    credit_note_format="AV-{year}-{n:04d}",
    problems=(
        DataProblem("duplicate_invoice_id", "invoices"),
        DataProblem("non_positive_amount", "invoices", "-840.00"),
        DataProblem("missing_due_date", "invoices"),
        DataProblem("unknown_invoice", "payments"),
        DataProblem("unparseable_date", "payments", "31/02/2025"),
        DataProblem("unparseable_amount", "payments", "12,5,3"),
    ),
)

_MECA = CompanyProfile(
    company_id="meca-precision",
    name="Méca Précision SA",
    sector="industrie",
    seed=202,
    style="mixed",
    n_debtors=180,
    invoices_per_month=125,
    seasonality=(0.95, 1.0, 1.1, 1.05, 1.0, 1.05, 0.9, 0.5, 1.05, 1.1, 1.05, 0.85),
    growth=0.08,
    share_particuliers=0.0,
    amount_median=6500.0,
    amount_sigma=0.9,
    terms=((60, 0.7), (45, 0.22), (90, 0.08)),
    end_of_month_share=0.2,
    late_payer_share=0.3,
    late_days=25.0,
    mild_days=7.0,
    on_time_share=0.6,
    never_pay_prob=0.012,
    dispute_prob=0.035,
    credit_note_prob=0.04,
    partial_prob=0.08,
    overpayment_prob=0.004,
    unapplied_prob=0.008,
    short_payment_prob=0.01,
    write_off_prob=0.3,
    n_insolvent=2,
    statement_payer_share=0.4,
    deposits=3,
    rebate_rate=0.01,
    dunning=(
        DunningStep(5, 1, "email"),
        DunningStep(15, 2, "courrier"),
        DunningStep(30, 3, "LRAR"),
        DunningStep(60, 4, "agence"),
    ),
    dunning_coverage=(0.8, 0.9),
    dunning_on_time=0.6,
    dunning_delay_days=4.0,
    dunning_on_paid_prob=0.01,
    dunning_in_dispute_prob=0.1,
    phone_prob=0.3,
    phone_min=8000.0,
    statement_reminders=True,
    monthly_cost=4100.0,
    cost_growth=0.03,
    customer_types=(
        CustomerType("{nom} Industrie", "Industrie"),
        CustomerType("Ateliers {nom}", "Industrie"),
        CustomerType("Forges de {ville}", "Métallurgie"),
        CustomerType("Aéro {nom}", "Aéronautique"),
        CustomerType("Hydraulique {nom}", "Industrie"),
        CustomerType("{nom} Automobile", "Automobile"),
        CustomerType("Usinage {nom} & Fils", "Industrie"),
        CustomerType("Énergie {nom}", "Énergie"),
        CustomerType("Chaudronnerie {nom}", "Industrie"),
        CustomerType("Groupe {nom}", "Industrie"),
    ),
    invoice_format="MP{yy:02d}-{n:05d}",
    debtor_format="411{n:05d}",
    payment_format="VIR{yy:02d}{n:05d}",
    credit_note_format="AVMP{yy:02d}-{n:04d}",
    problems=(
        DataProblem("duplicate_invoice_id", "invoices"),
        DataProblem("due_before_issue", "invoices"),
        DataProblem("non_positive_amount", "invoices"),
        DataProblem("unparseable_amount", "credit_notes", "n/a"),
    ),
)

_CONSEIL = CompanyProfile(
    company_id="conseil-horizon",
    name="Conseil Horizon SARL",
    sector="services",
    seed=303,
    style="canonical",
    n_debtors=150,
    invoices_per_month=75,
    seasonality=(1.0, 1.0, 1.05, 1.0, 1.0, 1.05, 0.9, 0.6, 1.05, 1.05, 1.05, 1.1),
    growth=0.12,
    share_particuliers=0.05,
    amount_median=3200.0,
    amount_sigma=0.8,
    particulier_median=900.0,
    terms=((30, 0.85), (45, 0.15)),
    end_of_month_share=0.1,
    late_payer_share=0.12,
    late_days=22.0,
    mild_days=4.0,
    on_time_share=0.75,
    never_pay_prob=0.015,
    dispute_prob=0.02,
    credit_note_prob=0.03,
    partial_prob=0.05,
    overpayment_prob=0.004,
    unapplied_prob=0.006,
    short_payment_prob=0.006,
    write_off_prob=0.3,
    n_insolvent=1,
    statement_payer_share=0.1,
    deposits=2,
    rebate_rate=0.0,
    dunning=STANDARD_CALENDAR,
    dunning_coverage=(0.95, 0.95),
    dunning_on_time=0.85,
    dunning_delay_days=1.5,
    dunning_on_paid_prob=0.005,
    dunning_in_dispute_prob=0.05,
    phone_prob=0.25,
    phone_min=3000.0,
    statement_reminders=False,
    monthly_cost=1900.0,
    cost_growth=0.05,
    customer_types=(
        CustomerType("Cabinet {nom}", "Services"),
        CustomerType("{nom} Conseil", "Services"),
        CustomerType("Groupe {nom}", "Industrie"),
        CustomerType("Clinique de {ville}", "Santé"),
        CustomerType("Mairie de {ville}", "Collectivité", legal_form=False),
        CustomerType("{nom} Logistique", "Transport"),
        CustomerType("Laboratoires {nom}", "Santé"),
        CustomerType("{nom} Distribution", "Commerce"),
    ),
    invoice_format="CH-{year}-{n:04d}",
    debtor_format="C{n:04d}",
    payment_format="P{year}{n:05d}",
    credit_note_format="AVC-{year}-{n:03d}",
    problems=(
        DataProblem("missing_due_date", "invoices"),
        DataProblem("unknown_invoice", "payments"),
        DataProblem("unparseable_date", "actions", "2026-02-30"),
    ),
)

_MAISON = CompanyProfile(
    company_id="maison-lumiere",
    name="Maison Lumière SAS",
    sector="commerce",
    seed=404,
    style="excel",
    n_debtors=380,
    invoices_per_month=200,
    seasonality=(0.8, 0.85, 0.95, 1.0, 1.0, 0.95, 0.9, 0.85, 1.0, 1.05, 1.15, 1.5),
    growth=0.06,
    share_particuliers=0.75,
    amount_median=1400.0,
    amount_sigma=0.9,
    particulier_median=190.0,
    terms=((30, 1.0),),
    end_of_month_share=0.0,
    late_payer_share=0.25,
    late_days=32.0,
    mild_days=8.0,
    on_time_share=0.6,
    never_pay_prob=0.02,
    dispute_prob=0.025,
    credit_note_prob=0.07,
    partial_prob=0.06,
    overpayment_prob=0.005,
    unapplied_prob=0.008,
    short_payment_prob=0.008,
    write_off_prob=0.5,
    n_insolvent=1,
    statement_payer_share=0.05,
    deposits=6,
    rebate_rate=0.0,
    dunning=(
        DunningStep(3, 1, "SMS"),
        DunningStep(10, 2, "email"),
        DunningStep(20, 3, "courrier"),
        DunningStep(35, 4, "LRAR"),
        DunningStep(60, 5, "agence"),
    ),
    dunning_coverage=(0.5, 0.8),
    dunning_on_time=0.5,
    dunning_delay_days=6.0,
    dunning_on_paid_prob=0.02,
    dunning_in_dispute_prob=0.3,
    phone_prob=0.1,
    phone_min=1500.0,
    statement_reminders=False,
    monthly_cost=2600.0,
    cost_growth=0.1,
    customer_types=(
        CustomerType("Hôtel {nom}", "Hôtellerie-restauration"),
        CustomerType("Restaurant Chez {prenom}", "Hôtellerie-restauration"),
        CustomerType("Agence {nom} Architecture", "Architecture"),
        CustomerType("{nom} Décoration", "Commerce"),
        CustomerType("Gîtes de {ville}", "Tourisme"),
        CustomerType("Boutique {nom}", "Commerce"),
    ),
    invoice_format="ML{year}{n:06d}",
    debtor_format="CL{n:05d}",
    payment_format="ENC-{year}-{n:06d}",
    credit_note_format="AML{year}{n:05d}",
    problems=(
        DataProblem("duplicate_invoice_id", "invoices"),
        DataProblem("due_before_issue", "invoices"),
        DataProblem("unparseable_amount", "payments", "1 2O5,00"),
        DataProblem("unparseable_date", "credit_notes", "32/01/2026"),
        DataProblem("unknown_debtor_kind", "debtors", "Association"),
    ),
)

#: The fictional audited companies of ``data/samples/``, by company id.
COMPANIES: Mapping[str, CompanyProfile] = MappingProxyType(
    {p.company_id: p for p in (_BATIMENT, _MECA, _CONSEIL, _MAISON)}
)


def get_profile(company: str | CompanyProfile) -> CompanyProfile:
    """Return the profile of ``company`` (a company id of :data:`COMPANIES` or a profile)."""
    if isinstance(company, CompanyProfile):
        return company
    try:
        return COMPANIES[company]
    except KeyError:
        raise ValueError(
            f"unknown sample company {company!r}; known: {', '.join(COMPANIES)}"
        ) from None


# ---------------------------------------------------------------------------
# Names (fictional; every character is encodable in cp1252)
# ---------------------------------------------------------------------------
_MEN = (
    "Jean",
    "Pierre",
    "Nicolas",
    "Philippe",
    "Laurent",
    "François",
    "Stéphane",
    "Christophe",
    "Julien",
    "Olivier",
    "Thomas",
    "Antoine",
    "Mathieu",
    "Benoît",
    "Jérôme",
    "Frédéric",
    "Loïc",
    "Noël",
    "Michel",
    "Éric",
    "Hervé",
    "Gérard",
    "Yannick",
    "Sébastien",
)
_WOMEN = (
    "Marie",
    "Sophie",
    "Isabelle",
    "Nathalie",
    "Catherine",
    "Valérie",
    "Sandrine",
    "Céline",
    "Aurélie",
    "Émilie",
    "Camille",
    "Chloé",
    "Léa",
    "Hélène",
    "Agnès",
    "Martine",
    "Gaëlle",
    "Maëlle",
    "Françoise",
    "Brigitte",
    "Élodie",
    "Anaïs",
    "Océane",
    "Zoé",
)
_SURNAMES = (
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefèvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "André",
    "Mercier",
    "Dupont",
    "Lambert",
    "Bonnet",
    "François",
    "Martinez",
    "Legrand",
    "Garnier",
    "Faure",
    "Rousseau",
    "Blanc",
    "Guérin",
    "Muller",
    "Henry",
    "Roussel",
    "Perrin",
    "Morin",
    "Mathieu",
    "Clément",
    "Gauthier",
    "Dumont",
    "Lopez",
    "Fontaine",
    "Chevalier",
    "Robin",
    "Masson",
    "Sanchez",
    "Gérard",
    "Nguyen",
    "Boyer",
    "Denis",
    "Lemaire",
    "Duval",
    "Joly",
    "Roche",
    "Roy",
    "Meyer",
    "Lucas",
    "Meunier",
    "Pérez",
    "Marchand",
    "Dufour",
    "Blanchard",
    "Barbier",
    "Brun",
    "Dumas",
    "Brunet",
    "Schmitt",
    "Leroux",
    "Colin",
    "Fernandez",
    "Renard",
    "Arnaud",
    "Rolland",
    "Caron",
    "Aubert",
    "Giraud",
    "Leclerc",
    "Vidal",
    "Bourgeois",
    "Renaud",
    "Lemoine",
    "Picard",
    "Gaillard",
    "Lacroix",
    "Fabre",
    "Dupuis",
    "Olivier",
    "Rodriguez",
    "Da Silva",
    "Hubert",
    "Guillot",
    "Rivière",
    "Le Gall",
    "Adam",
    "Rey",
    "Moulin",
    "Berger",
    "Lecomte",
    "Ménard",
    "Fleury",
    "Deschamps",
    "Carpentier",
    "Maillard",
    "Marchal",
    "Aubry",
    "Vasseur",
    "Le Roux",
    "Jacquet",
    "Collet",
    "Prévost",
    "Poirier",
    "Charpentier",
    "Royer",
    "Huet",
    "Baron",
    "Dupuy",
    "Pons",
    "Carré",
    "Breton",
    "Rémy",
    "Schneider",
    "Perrot",
    "Guyot",
    "Marty",
    "Cousin",
    "Bouvier",
    "Œuvrard",
    "Tessier",
    "Besnard",
    "Lebrun",
    "Chauvin",
)
_TOWNS = (
    "Lyon",
    "Grenoble",
    "Annecy",
    "Chambéry",
    "Valence",
    "Saint-Étienne",
    "Villeurbanne",
    "Vienne",
    "Bourg-en-Bresse",
    "Mâcon",
    "Roanne",
    "Clermont-Ferrand",
    "Nantes",
    "Angers",
    "Rennes",
    "Tours",
    "Orléans",
    "Dijon",
    "Besançon",
    "Metz",
    "Nancy",
    "Reims",
    "Amiens",
    "Rouen",
    "Caen",
    "Le Mans",
    "Limoges",
    "Poitiers",
    "Pau",
    "Bayonne",
    "Nîmes",
    "Montpellier",
    "Perpignan",
    "Toulon",
    "Avignon",
    "Arles",
    "Évreux",
    "Aurillac",
    "Épinal",
)
_LEGAL_FORMS = ("SARL", "SAS", "SAS", "SAS", "EURL", "SA", "SASU")


def _debtor_name(rng: np.random.Generator, kind_pro: bool, ctype: CustomerType) -> str:
    if not kind_pro:
        woman = rng.random() < 0.5
        first = _WOMEN[rng.integers(len(_WOMEN))] if woman else _MEN[rng.integers(len(_MEN))]
        surname = _SURNAMES[rng.integers(len(_SURNAMES))]
        return f"{'Mme' if woman else 'M.'} {first} {surname}"
    first = (_MEN + _WOMEN)[rng.integers(len(_MEN) + len(_WOMEN))]
    name = ctype.pattern.format(
        nom=_SURNAMES[rng.integers(len(_SURNAMES))],
        nom2=_SURNAMES[rng.integers(len(_SURNAMES))],
        prenom=first,
        ville=_TOWNS[rng.integers(len(_TOWNS))],
    )
    if ctype.legal_form:
        name = f"{name} {_LEGAL_FORMS[rng.integers(len(_LEGAL_FORMS))]}"
    return name


# ---------------------------------------------------------------------------
# Day numbers (days since 1970-01-01, int) and their conversion
# ---------------------------------------------------------------------------
def _day(value: object) -> int:
    ts = cv.as_date(value, "end")
    return int(np.datetime64(ts.date(), "D").astype(np.int64))


def _next_weekday(day: int) -> int:
    weekday = (day + _EPOCH_WEEKDAY) % 7
    return day + (7 - weekday if weekday >= 5 else 0)


def _next_weekdays(days: np.ndarray) -> np.ndarray:
    weekday = (days + _EPOCH_WEEKDAY) % 7
    return days + np.where(weekday >= 5, 7 - weekday, 0)


def _month_end_days(days: np.ndarray) -> np.ndarray:
    months = np.asarray(days, dtype="int64").astype("datetime64[D]").astype("datetime64[M]")
    return ((months + 1).astype("datetime64[D]") - 1).astype("int64")


def _month_start_days(days: np.ndarray) -> np.ndarray:
    months = np.asarray(days, dtype="int64").astype("datetime64[D]").astype("datetime64[M]")
    return months.astype("datetime64[D]").astype("int64")


def _month_starts(start: int, months: int) -> np.ndarray:
    """Day numbers of the first day of ``months`` consecutive months from the month of ``start``."""
    first = np.datetime64(int(start), "D").astype("datetime64[M]")
    return (first + np.arange(months)).astype("datetime64[D]").astype("int64")


def _dates(days: Sequence[int | None] | np.ndarray) -> np.ndarray:
    """Day numbers (``None`` or ``_NAT`` = missing) -> ``datetime64[ns]`` array."""
    arr = (
        np.array([_NAT if d is None else d for d in days], dtype="int64")
        if not isinstance(days, np.ndarray)
        else days.astype("int64")
    )
    return arr.view("datetime64[D]").astype(cv.DATE_DTYPE)


def _years(days: np.ndarray) -> np.ndarray:
    return days.astype("datetime64[D]").astype("datetime64[Y]").astype("int64") + 1970


def _number_ids(fmt: str, days: np.ndarray) -> list[str]:
    """Ids numbered in chronological order within each calendar year (``days`` sorted)."""
    years = _years(days)
    ids, counter = [], {}
    for year in years.tolist():
        counter[year] = counter.get(year, 0) + 1
        ids.append(fmt.format(n=counter[year], year=year, yy=year % 100))
    return ids


def _euros(cents: Sequence[int] | np.ndarray) -> np.ndarray:
    return np.asarray(cents, dtype="int64") / 100.0


def _str_ids(values: Sequence[str | None]) -> pd.Series:
    return pd.Series(list(values), dtype="str")


# ---------------------------------------------------------------------------
# generate_company
# ---------------------------------------------------------------------------
@dataclass
class _Debtors:
    ids: list[str]
    pro: np.ndarray
    names: list[str]
    sectors: list[str | None]
    credit_limit: np.ndarray  # euros, NaN = none
    weight: np.ndarray
    first_month: np.ndarray
    last_month: np.ndarray
    terms: np.ndarray
    end_of_month: np.ndarray
    late: np.ndarray
    late_mean: np.ndarray
    on_time: np.ndarray
    dispute_factor: np.ndarray
    pay_day: np.ndarray  # day of month of statement payers, 0 = pays invoice by invoice
    insolvency: np.ndarray  # day number, _NEVER = none
    distress: np.ndarray  # day from which the debtor pays badly, _NEVER = none
    write_off_delay: np.ndarray


def _pick(rng: np.random.Generator, pool: np.ndarray, k: int, weight: np.ndarray) -> np.ndarray:
    """Draw up to ``k`` distinct items of ``pool`` with probabilities proportional to ``weight``."""
    k = min(k, len(pool))
    if k <= 0:
        return np.array([], dtype="int64")
    return rng.choice(pool, k, replace=False, p=weight[pool] / weight[pool].sum())


def _make_debtors(
    p: CompanyProfile, rng: np.random.Generator, start: int, end: int, months: int
) -> _Debtors:
    n = p.n_debtors
    pro = rng.random(n) >= p.share_particuliers
    ctype_idx = rng.integers(len(p.customer_types), size=n)
    names, seen = [], set()
    for i in range(n):
        ctype = p.customer_types[ctype_idx[i]]
        name = _debtor_name(rng, bool(pro[i]), ctype)
        while name in seen:
            name = _debtor_name(rng, bool(pro[i]), ctype)
        seen.add(name)
        names.append(name)
    sectors = [p.customer_types[ctype_idx[i]].sector if pro[i] else None for i in range(n)]
    weight = rng.lognormal(0.0, 1.0, n) * np.where(pro, 1.0, 0.35)
    first_month = np.where(rng.random(n) < 0.7, 0, rng.integers(0, months, n))
    last_month = np.where(rng.random(n) < 0.1, rng.integers(0, months, n), months - 1)
    last_month = np.maximum(first_month, last_month)
    term_days = np.array([t for t, _ in p.terms])
    term_w = np.array([w for _, w in p.terms], dtype=float)
    terms = np.where(
        pro, term_days[rng.choice(len(term_days), n, p=term_w / term_w.sum())], p.default_terms_days
    )
    end_of_month = pro & (rng.random(n) < p.end_of_month_share)
    late = rng.random(n) < p.late_payer_share
    late_mean = np.where(late, p.late_days, p.mild_days) * rng.lognormal(0.0, 0.35, n)
    on_time = np.where(late, 0.15, p.on_time_share)
    dispute_factor = rng.lognormal(0.0, 0.6, n)
    statement = pro & (rng.random(n) < p.statement_payer_share)
    pay_day = np.where(statement, rng.choice([5, 10, 15, 25], n), 0)
    scale = p.amount_median * np.sqrt(weight / np.median(weight[pro])) if pro.any() else 0.0
    limit = np.round(np.maximum(1000.0, 3.0 * scale) / 500.0) * 500.0
    limit = np.where(pro, limit, np.where(rng.random(n) < 0.5, 1500.0, np.nan))
    limit = np.where(rng.random(n) < 0.1, np.nan, limit)
    # insolvency: late professional debtors present from the start, after 9 months
    insolvency = np.full(n, _NEVER, dtype="int64")
    lo, hi = start + 270, end - 25
    pool = np.flatnonzero(pro & late & (first_month == 0) & (last_month == months - 1))
    chosen = _pick(rng, pool, p.n_insolvent if hi > lo else 0, weight)
    if len(chosen):
        insolvency[chosen] = _next_weekdays(rng.integers(lo, hi, len(chosen)))
    # good debtors whose payments degrade in the last months
    distress = np.where(insolvency != _NEVER, insolvency - 200, _NEVER)
    pool = np.flatnonzero(
        pro
        & ~late
        & (insolvency == _NEVER)
        & (last_month == months - 1)
        & (first_month < months - 9)
    )
    worsening = _pick(rng, pool, p.n_worsening, weight)
    distress[worsening] = end - rng.integers(150, 250, len(worsening))
    write_off_delay = rng.integers(90, 330, n)
    ids = [p.debtor_format.format(n=i + 1) for i in range(n)]
    return _Debtors(
        ids=ids,
        pro=pro,
        names=names,
        sectors=sectors,
        credit_limit=limit,
        weight=weight,
        first_month=first_month,
        last_month=last_month,
        terms=terms,
        end_of_month=end_of_month,
        late=late,
        late_mean=late_mean,
        on_time=on_time,
        dispute_factor=dispute_factor,
        pay_day=pay_day,
        insolvency=insolvency,
        distress=distress,
        write_off_delay=write_off_delay,
    )


def _make_invoices(
    p: CompanyProfile, rng: np.random.Generator, deb: _Debtors, start: int, end: int, months: int
) -> dict[str, np.ndarray]:
    month_starts = _month_starts(start, months)  # the months of the history
    issue, debtor = [], []
    for k, m0 in enumerate(month_starts.tolist()):
        m1 = min(int(_month_end_days(np.array([m0]))[0]), end)
        calendar_month = int(np.datetime64(m0, "D").astype("datetime64[M]").astype("int64") % 12)
        lam = (
            p.invoices_per_month
            * p.seasonality[calendar_month]
            * (1 + p.growth * k / max(months - 1, 1))
        )
        days = np.arange(m0, m1 + 1)
        days = days[(days + _EPOCH_WEEKDAY) % 7 < 5]
        active = (deb.first_month <= k) & (deb.last_month >= k) & (deb.insolvency > m1)
        if not len(days) or not active.any():
            continue
        count = rng.poisson(
            lam * (m1 - m0 + 1) / (int(_month_end_days(np.array([m0]))[0]) - m0 + 1)
        )
        w = deb.weight * active
        debtor.append(rng.choice(p.n_debtors, count, p=w / w.sum()))
        issue.append(rng.choice(days, count))
    issue_d = np.concatenate(issue)
    debtor_i = np.concatenate(debtor)
    order = np.argsort(issue_d, kind="stable")
    issue_d, debtor_i = issue_d[order], debtor_i[order]
    # invoices issued on or after a debtor's insolvency date do not exist
    keep = issue_d < deb.insolvency[debtor_i]
    issue_d, debtor_i = issue_d[keep], debtor_i[keep]
    n = len(issue_d)
    due = issue_d + deb.terms[debtor_i]
    due = np.where(deb.end_of_month[debtor_i], _month_end_days(due), due)
    pro = deb.pro[debtor_i]
    size = np.sqrt(deb.weight[debtor_i] / np.median(deb.weight))
    before_tax = np.where(
        pro,
        rng.lognormal(np.log(p.amount_median / (1 + p.vat_rate)), p.amount_sigma, n) * size**0.5,
        rng.lognormal(np.log(p.particulier_median / (1 + p.vat_rate)), 0.7, n),
    )
    before_tax = np.where(rng.random(n) < 0.5, np.round(before_tax), np.round(before_tax, 2))
    cents = np.maximum(1500, np.round(before_tax * (1 + p.vat_rate) * 100)).astype("int64")
    return {"issue": issue_d, "due": due, "debtor": debtor_i, "cents": cents}


@dataclass
class _Log:
    """Event accumulators of the simulation (day numbers and cents).

    Rows are tuples: payments and credits ``(debtor, invoice or None, day, cents)``,
    write-offs ``(invoice, day, cents)``, disputes ``(invoice, opened, resolved or
    None)``, actions ``(debtor, invoice or None, day, channel, level)``; debtors and
    invoices are positions.
    """

    payments: list[tuple[int, int | None, int, int]] = field(default_factory=list)
    credits: list[tuple[int, int | None, int, int]] = field(default_factory=list)
    write_offs: list[tuple[int, int, int]] = field(default_factory=list)
    disputes: list[tuple[int, int, int | None]] = field(default_factory=list)
    actions: list[tuple[int, int | None, int, str, int]] = field(default_factory=list)


def _simulate(
    p: CompanyProfile, rng: np.random.Generator, deb: _Debtors, inv: dict, end: int
) -> tuple[_Log, np.ndarray]:
    """Credit notes, disputes, payments, write-offs and reminders of every invoice.

    Returns the event log and the day each invoice is settled (``_NEVER`` if open).
    """
    n = len(inv["issue"])
    steps = tuple(sorted(p.dunning))
    u = rng.random((22, n)).tolist()
    e = rng.exponential(1.0, (8, n)).tolist()
    ud = rng.random((len(steps), 4, n)).tolist()
    issue_l, due_l = inv["issue"].tolist(), inv["due"].tolist()
    debtor_l, cents_l = inv["debtor"].tolist(), inv["cents"].tolist()
    insolvency_l, distress_l = deb.insolvency.tolist(), deb.distress.tolist()
    late_mean_l, on_time_l = deb.late_mean.tolist(), deb.on_time.tolist()
    late_l, pro_l = deb.late.tolist(), deb.pro.tolist()
    dispute_f_l, pay_day_l = deb.dispute_factor.tolist(), deb.pay_day.tolist()
    wo_delay_l = deb.write_off_delay.tolist()
    start = min(issue_l) if n else end
    log = _Log()
    settled = np.full(n, _NEVER, dtype="int64")

    for i in range(n):
        d, iss, due, amt = debtor_l[i], issue_l[i], due_l[i], cents_l[i]
        ins = insolvency_l[d]
        allocated: list[tuple[int, int]] = []  # (day, cents) credited, paid or written off
        credits: list[tuple[int, int, bool]] = []  # (day, cents, allocated)
        payments: list[tuple[int, int, bool]] = []  # (day, cents, applied)
        # 1. dispute: opened a few days after issue, resolved (or not) later
        opened = closed = None
        if u[0][i] < p.dispute_prob * dispute_f_l[d]:
            opened = _next_weekday(iss + 5 + int(e[0][i] * 20))
            if opened > end or opened >= ins:
                opened = None
            else:
                close = _next_weekday(opened + 10 + int(e[1][i] * 45))
                closed = close if close <= end else None
                log.disputes.append((i, opened, closed))
                if closed is not None and u[1][i] < 0.45:  # settled by a credit note
                    share = 1.0 if u[2][i] < 0.3 else 0.1 + 0.6 * u[3][i]
                    credits.append((closed, max(1, round(amt * share)), True))
        # 2. commercial credit note (return, discount, cancellation)
        credit_day = None
        if opened is None and u[4][i] < p.credit_note_prob:
            share = 1.0 if u[5][i] < 0.25 else 0.05 + 0.25 * u[6][i]
            credit_day = _next_weekday(iss + 1 + int(e[2][i] * 10))
            allocated_credit = u[20][i] >= p.unallocated_credit_prob
            credits.append((credit_day, max(1, round(amt * share)), allocated_credit))
        to_pay = amt - sum(c for _, c, _ in credits)
        # 3. payment
        distressed = iss >= distress_l[d]
        late_payer = late_l[d] or distressed
        never = u[7][i] < p.never_pay_prob * (1.0 if late_l[d] else 0.2) or (
            distressed and u[7][i] < (0.5 if ins != _NEVER else 0.15)
        )
        if opened is not None and closed is None:
            never = True  # an open dispute blocks the payment
        if to_pay > 0 and not never:
            if not late_payer and u[8][i] < on_time_l[d]:
                pay = max(iss, due - int(u[9][i] * 6))
            else:
                mean = late_mean_l[d]
                if distressed:
                    mean = 2.0 * mean if ins != _NEVER else 3.0 * max(mean, 20.0)
                if u[9][i] < 0.08:  # an invoice stuck in the debtor's approval circuit
                    mean *= 3.0
                pay = due + 1 + int(e[3][i] * mean)
            if closed is not None:
                pay = max(pay, closed + 3 + int(e[4][i] * 12))
            if pay_day_l[d]:
                month_start = int(_month_start_days(np.array([pay]))[0])
                target = month_start + pay_day_l[d] - 1
                pay = (
                    target
                    if target >= pay
                    else int(_month_end_days(np.array([pay]))[0]) + pay_day_l[d]
                )
            pay = _next_weekday(pay)
            if credit_day is not None and credit_day > pay:
                credits[-1] = (pay, *credits[-1][1:])  # the credit note came before the payment
            if u[10][i] < p.partial_prob and to_pay >= 10_000:
                k = 2 if u[11][i] < 0.65 else 3
                weights = [0.3 + x for x in (u[12][i], u[13][i], u[14][i])[:k]]
                parts = [int(to_pay * w / sum(weights)) for w in weights[:-1]]
                parts.append(to_pay - sum(parts))
                day = pay
                for j, part in enumerate(parts):
                    if j:
                        day = _next_weekday(day + 15 + int(e[5 + j - 1][i] * 15))
                    payments.append((day, part, True))
            elif u[15][i] < p.short_payment_prob and to_pay >= 10_000:
                gap = 1 + int(u[16][i] * 999)  # 0,01 to 9,99 euros short
                payments.append((pay, to_pay - gap, True))
                wo_day = _next_weekday(pay + 20 + int(e[7][i] * 20))
                if wo_day <= end and wo_day < ins:
                    log.write_offs.append((i, wo_day, gap))
                    allocated.append((wo_day, gap))
            elif u[17][i] < p.overpayment_prob:
                payments.append((pay, to_pay, True))
                if u[16][i] < 0.35:  # paid twice
                    payments.append((_next_weekday(pay + 7 + int(e[7][i] * 15)), to_pay, True))
                else:  # a rounded-up transfer: the excess stays on account, unapplied
                    excess = (to_pay // 5000 + 1) * 5000 - to_pay
                    payments.append((pay, excess, False))
            else:
                # unmatched cash is mostly recent: old payments end up matched
                recent = end - pay < 60
                applied = u[18][i] >= p.unapplied_prob * (2.0 if recent else 0.3)
                payments.append((pay, to_pay, applied))
        # frozen claims: nothing after the insolvency date, nothing after the end
        horizon = min(end, ins - 1)
        credits = [(day, c, a) for day, c, a in credits if day <= horizon]
        payments = [(day, c, a) for day, c, a in payments if day <= horizon]
        for day, c, applied in credits:
            log.credits.append((d, i if applied else None, day, c))
            if applied:
                allocated.append((day, c))
        for day, c, applied in payments:
            log.payments.append((d, i if applied else None, day, c))
            if applied:
                allocated.append((day, c))
        # 4. write-offs: claims on insolvent debtors, and some old never-paid invoices
        residual = amt - sum(c for _, c in allocated)
        if residual > 0:
            wo_day = None
            if ins != _NEVER:
                wo_day = _next_weekday(ins + wo_delay_l[d])
            elif never and (opened is None or closed is not None) and u[19][i] < p.write_off_prob:
                wo_day = _next_weekday(due + 180 + int(e[6][i] * 150))
            if wo_day is not None and wo_day <= end:
                log.write_offs.append((i, wo_day, residual))
                allocated.append((wo_day, residual))
        # 5. settlement day (ledger view: applied payments, credits and write-offs)
        allocated.sort()
        total = 0
        for day, c in allocated:
            total += c
            if total >= amt:
                settled[i] = day
                break
        claim = _Claim(i, d, due, amt, int(settled[i]), ins, opened, closed, pro_l[d])
        draws = [[row[k][i] for k in range(4)] for row in ud]
        _dun(p, steps, claim, draws, u[21][i], (start, end), log)
    return log, settled


class _Claim(NamedTuple):
    """What the dunning of one invoice depends on (day numbers, cents)."""

    index: int
    debtor: int
    due: int
    cents: int
    settled: int  # _NEVER while open
    insolvency: int  # _NEVER if none
    opened: int | None  # dispute
    closed: int | None
    pro: bool


def _dun(
    p: CompanyProfile,
    steps: tuple[DunningStep, ...],
    claim: _Claim,
    draws: list[list[float]],
    u_phone: float,
    period: tuple[int, int],
    log: _Log,
) -> None:
    """Log the reminders of one invoice: the calendar, followed imperfectly.

    ``draws`` holds four uniform numbers per step; ``period`` is the (start, end)
    of the history, over which the coverage moves linearly.
    """
    i, d, due, amt, settled, ins, opened, closed, pro = claim
    start, end = period
    span = max(end - start, 1)
    phoned = False
    for step, (u_sent, u_on_time, u_delay, u_dispute) in zip(steps, draws, strict=True):
        target = due + step.days
        if target > end or target >= ins:
            return
        if settled <= target:
            if u_sent < p.dunning_on_paid_prob:  # dunned although settled (a mistake)
                day = _next_weekday(target + int(u_delay * 5))
                if day <= end and day < ins:
                    log.actions.append((d, i, day, step.channel, step.level))
            return
        if opened is not None and opened <= target and (closed is None or target < closed):
            if u_dispute >= p.dunning_in_dispute_prob:
                continue  # dunning suspended during the dispute
        c0, c1 = p.dunning_coverage
        coverage = c0 + (c1 - c0) * (target - start) / span
        if u_sent >= coverage:
            continue  # reminder forgotten
        delay = (
            0
            if u_on_time < p.dunning_on_time
            else 1 + int(-math.log1p(-u_delay) * p.dunning_delay_days)
        )
        day = _next_weekday(target + delay)
        if day > end or day >= ins or day >= settled:
            continue
        channel = step.channel
        if not pro and channel == "agence" and amt < 30_000:
            channel = "courrier"  # small claims on individuals stay in house
        log.actions.append((d, i, day, channel, step.level))
        if step.level >= 2 and not phoned and amt >= p.phone_min * 100 and u_phone < p.phone_prob:
            call = _next_weekday(day + 2)
            if call <= end and call < settled and call < ins:
                log.actions.append((d, i, call, "téléphone", step.level))
            phoned = True


def _statements(
    p: CompanyProfile,
    rng: np.random.Generator,
    deb: _Debtors,
    inv: dict,
    settled: np.ndarray,
    start: int,
    end: int,
    months: int,
    log: _Log,
) -> None:
    """Debtor-level actions: monthly statements, claims declared to the insolvency officer."""
    if p.statement_reminders:
        month_ends = _month_end_days(_month_starts(start, months))
        for me in month_ends.tolist():
            overdue = (inv["due"] < me) & (settled > me) & (inv["issue"] <= me)
            debtors = np.unique(inv["debtor"][overdue])
            debtors = debtors[deb.pro[debtors] & (deb.insolvency[debtors] > me)]
            days = _next_weekdays(me + 1 + rng.integers(0, 4, len(debtors)))
            sent = rng.random(len(debtors)) < 0.85
            for dbt, day in zip(debtors[sent].tolist(), days[sent].tolist(), strict=True):
                if day <= end and day < deb.insolvency[dbt]:
                    log.actions.append((dbt, None, day, "email", 1))
    for dbt in np.flatnonzero(deb.insolvency != _NEVER).tolist():
        day = _next_weekday(int(deb.insolvency[dbt]) + 10 + int(rng.integers(0, 30)))
        if day <= end:  # déclaration de créance au mandataire judiciaire
            log.actions.append((dbt, None, day, "LRAR", 5))


def _extra_cash(
    p: CompanyProfile,
    rng: np.random.Generator,
    deb: _Debtors,
    inv: dict,
    start: int,
    end: int,
    log: _Log,
) -> None:
    """Payments on account (unapplied) and year-end rebates (unallocated credit notes)."""
    pro = np.flatnonzero(deb.pro & (deb.insolvency == _NEVER))
    if len(pro):
        who = rng.choice(pro, p.deposits, p=deb.weight[pro] / deb.weight[pro].sum())
        first = start + min(30, (end - start) // 2)
        days = _next_weekdays(rng.integers(first, end + 1, p.deposits))
        days = np.where(days > end, days - 3, days)  # a weekend end: back to Friday
        euros = np.round(p.amount_median * rng.uniform(0.5, 3.0, p.deposits), -2)
        amounts = np.maximum(10_000, euros * 100).astype("int64")
        for dbt, day, c in zip(who.tolist(), days.tolist(), amounts.tolist(), strict=True):
            log.payments.append((dbt, None, day, c))
    if p.rebate_rate > 0:
        years = _years(inv["issue"])
        for year in sorted(set(years.tolist()))[:-1]:
            day = _next_weekday(int(np.datetime64(f"{year + 1}-01-20", "D").astype("int64")))
            if day > end:
                continue
            sales = np.bincount(
                inv["debtor"][years == year], inv["cents"][years == year], p.n_debtors
            )
            top = np.argsort(-sales, kind="stable")[:5]
            for dbt in top.tolist():
                if sales[dbt] > 0 and deb.insolvency[dbt] > day and rng.random() < 0.7:
                    log.credits.append((dbt, None, day, int(round(sales[dbt] * p.rebate_rate))))


def _costs(
    p: CompanyProfile, rng: np.random.Generator, actions: pd.DataFrame, start: int, months: int
) -> pd.DataFrame:
    month_starts = _month_starts(start, months)
    labels = month_starts.astype("datetime64[D]").astype("datetime64[M]").astype("str")
    unit_cost = {
        "LRAR": 7.5,
        "courrier": 1.6,
        "SMS": 0.1,
        "agence": 45.0,
        "téléphone": 3.0,
        "email": 0.0,
    }
    per_action = actions["channel"].map(unit_cost).fillna(0.0).to_numpy()
    month_of_action = actions["date"].dt.strftime("%Y-%m").to_numpy()
    staff = p.monthly_cost * (1 + p.cost_growth * np.arange(months) / max(months - 1, 1))
    staff = staff * (1 + 0.03 * rng.standard_normal(months))
    legal = np.where(rng.random(months) < 0.12, rng.uniform(300, 2500, months), 0.0)
    dunning = np.array([per_action[month_of_action == m].sum() for m in labels])
    amount = np.round(staff + legal + dunning, 2)
    return pd.DataFrame({"month": pd.Series(labels, dtype="str"), "amount": amount})


def generate_company(
    company: str | CompanyProfile, end: object = DEFAULT_END, months: int = DEFAULT_MONTHS
) -> dict[str, pd.DataFrame]:
    """Generate the canonical ledger of a fictional audited company.

    Parameters
    ----------
    company : str or CompanyProfile
        A company id of :data:`COMPANIES` (e.g. ``"batiment-durand"``) or a profile.
    end : date-like, default ``"2026-10-31"``
        Last day of the history: no event is dated after it (the future does not
        exist), so invoices near ``end`` are still open.
    months : int, default 24
        Length of the history in calendar months; the first invoice is issued in
        the month ``months - 1`` months before the month of ``end``.

    Returns
    -------
    dict of str to DataFrame
        The eight canonical tables (``invoices``, ``payments``, ``credit_notes``,
        ``write_offs``, ``disputes``, ``debtors``, ``actions``, ``costs``) with
        the canonical columns of :data:`recouvrement.conventions.TABLES`: ids as
        ``str`` (missing = NaN), dates ``datetime64[ns]`` (missing = NaT), amounts
        ``float64`` euros rounded to the cent, ``level`` ``int64``, ``month`` a
        ``YYYY-MM`` string. No deliberate data problem (see
        :func:`inject_data_problems`).

    Notes
    -----
    Behaviour simulated per invoice, from the profile's probabilities: payment at
    the due date plus a lateness drawn from the debtor's culture (some debtors are
    reliably late; statement payers settle a month's invoices by one transfer, so
    a payment id spans several invoices), instalments, short payments written off,
    overpayments (paid twice, or rounded up with the excess left unapplied),
    unapplied payments, commercial and dispute credit notes, disputes (most
    resolved, some open at ``end``, blocking the payment), insolvent debtors
    (claims frozen at the insolvency date, written off later), year-end rebates
    (unallocated credit notes), and the company's dunning calendar followed
    imperfectly (forgotten, late, during disputes, rarely after payment).

    The same profile, ``end`` and ``months`` always give identical frames.

    Examples
    --------
    >>> t = generate_company("conseil-horizon", end="2025-06-30", months=12)
    >>> bool(t["invoices"]["issue_date"].max() <= pd.Timestamp("2025-06-30"))
    True

    """
    p = get_profile(company)
    if int(months) < 1:
        raise ValueError(f"months must be ≥ 1, got {months!r}")
    months = int(months)
    rng = np.random.default_rng(p.seed)
    end_d = _day(end)
    end_month = np.datetime64(end_d, "D").astype("datetime64[M]")
    start = int((end_month - (months - 1)).astype("datetime64[D]").astype("int64"))

    deb = _make_debtors(p, rng, start, end_d, months)
    inv = _make_invoices(p, rng, deb, start, end_d, months)
    log, settled = _simulate(p, rng, deb, inv, end_d)
    _statements(p, rng, deb, inv, settled, start, end_d, months, log)
    _extra_cash(p, rng, deb, inv, start, end_d, log)

    invoice_ids = _number_ids(p.invoice_format, inv["issue"])
    invoices = pd.DataFrame(
        {
            "invoice_id": _str_ids(invoice_ids),
            "debtor_id": _str_ids([deb.ids[d] for d in inv["debtor"].tolist()]),
            "issue_date": _dates(inv["issue"]),
            "due_date": _dates(inv["due"]),
            "amount": _euros(inv["cents"]),
            "currency": pd.Series(["EUR"] * len(invoice_ids), dtype="str"),
        }
    )

    def ledger_rows(
        rows: list[tuple[int, int | None, int, int]], fmt: str, id_col: str, group: bool
    ) -> pd.DataFrame:
        rows = sorted(rows, key=lambda r: (r[2], r[0], -1 if r[1] is None else r[1]))
        days = np.array([r[2] for r in rows], dtype="int64")
        if group:  # one transfer per debtor and day, possibly spread over several invoices
            keys = [(r[0], r[2]) for r in rows]
            first = {}
            for k in keys:
                first.setdefault(k, len(first))
            numbers = [first[k] for k in keys]
            per_key_ids = _number_ids(fmt, np.array([k[1] for k in first], dtype="int64"))
            ids = [per_key_ids[m] for m in numbers]
        else:
            ids = _number_ids(fmt, days)
        return pd.DataFrame(
            {
                id_col: _str_ids(ids),
                "debtor_id": _str_ids([deb.ids[r[0]] for r in rows]),
                "invoice_id": _str_ids([None if r[1] is None else invoice_ids[r[1]] for r in rows]),
                "date": _dates(days),
                "amount": _euros([r[3] for r in rows]),
            }
        )

    payments = ledger_rows(log.payments, p.payment_format, "payment_id", group=True)
    credit_notes = ledger_rows(log.credits, p.credit_note_format, "credit_note_id", group=False)
    wo = sorted(log.write_offs, key=lambda r: (r[1], r[0]))
    write_offs = pd.DataFrame(
        {
            "invoice_id": _str_ids([invoice_ids[r[0]] for r in wo]),
            "date": _dates(np.array([r[1] for r in wo], dtype="int64")),
            "amount": _euros([r[2] for r in wo]),
        }
    )
    disputes = pd.DataFrame(
        {
            "invoice_id": _str_ids([invoice_ids[r[0]] for r in log.disputes]),
            "opened_date": _dates([r[1] for r in log.disputes]),
            "resolved_date": _dates([r[2] for r in log.disputes]),
        }
    )
    debtors = pd.DataFrame(
        {
            "debtor_id": _str_ids(deb.ids),
            "name": _str_ids(deb.names),
            "kind": _str_ids(["professionnel" if x else "particulier" for x in deb.pro.tolist()]),
            "sector": _str_ids(deb.sectors),
            "credit_limit": deb.credit_limit.astype("float64"),
            "insolvency_date": _dates(np.where(deb.insolvency == _NEVER, _NAT, deb.insolvency)),
        }
    )
    acts = sorted(log.actions, key=lambda r: (r[2], r[0], -1 if r[1] is None else r[1], r[4]))
    actions = pd.DataFrame(
        {
            "debtor_id": _str_ids([deb.ids[r[0]] for r in acts]),
            "invoice_id": _str_ids([None if r[1] is None else invoice_ids[r[1]] for r in acts]),
            "date": _dates(np.array([r[2] for r in acts], dtype="int64")),
            "channel": _str_ids([r[3] for r in acts]),
            "level": np.array([r[4] for r in acts], dtype="int64"),
        }
    )
    costs = _costs(p, rng, actions, start, months)
    tables = {
        "invoices": invoices,
        "payments": payments,
        "credit_notes": credit_notes,
        "write_offs": write_offs,
        "disputes": disputes,
        "debtors": debtors,
        "actions": actions,
        "costs": costs,
    }
    return {name: tables[name][cv.columns(name)] for name in cv.TABLES}


# ---------------------------------------------------------------------------
# Deliberate data problems
# ---------------------------------------------------------------------------
PROBLEM_LOG_COLUMNS = ["table", "row", "column", "value", "problem"]


def _tail_number(identifier: str) -> tuple[str, str]:
    match = re.search(r"(\d+)$", identifier)
    if match is None:
        return identifier, ""
    return identifier[: match.start()], match.group(1)


def _next_invoice_id(ids: pd.Series, taken: set[str]) -> str:
    """Return an unused id following the last one (``ids`` in issue order)."""
    head, digits = _tail_number(str(ids.iloc[-1]))
    number = int(digits or 0) + 1
    while f"{head}{number:0{len(digits)}d}" in taken:
        number += 1
    return f"{head}{number:0{len(digits)}d}"


def _typo(identifier: str, known: set[str]) -> str:
    """Return a mistyped id not in ``known`` (a leading zero dropped, or digits swapped)."""
    head, digits = _tail_number(identifier)
    candidates = []
    if digits.startswith("0"):
        candidates.append(head + digits[1:])
    if len(digits) >= 2:
        candidates.append(head + digits[:-2] + digits[-1] + digits[-2])
    candidates.append(identifier + "0")
    return next(c for c in candidates if c not in known)


def inject_data_problems(
    tables: Mapping[str, pd.DataFrame],
    rng: np.random.Generator,
    problems: Sequence[DataProblem],
    *,
    default_terms_days: int = cv.DEFAULT_TERMS_DAYS,
) -> tuple[dict[str, pd.DataFrame], pd.DataFrame]:
    """Add deliberate data-quality problems to canonical tables.

    Parameters
    ----------
    tables : mapping of str to DataFrame
        Canonical tables as returned by :func:`generate_company` (not modified).
    rng : numpy.random.Generator
        Chooses the rows to spoil.
    problems : sequence of DataProblem
        What to inject, in order (see :data:`PROBLEM_KINDS`):

        - ``duplicate_invoice_id``: a new, different invoice row (other debtor,
          date, amount) reusing an existing invoice id, appended at the end;
        - ``non_positive_amount``: a new invoice row with a zero or negative
          amount (``problem.text``; a credit note keyed as an invoice), for the
          debtor and dates of a recent invoice, appended at the end;
        - ``due_before_issue``: an open, not yet due, otherwise untouched invoice
          whose due date gets the previous year (a typo);
        - ``missing_due_date``: an invoice whose due date is blanked; it is chosen
          with terms of ``default_terms_days``, so the repair restores it exactly;
        - ``unknown_invoice``: a payment row whose invoice id is mistyped (the
          invoice then looks unpaid, the payment becomes unapplied cash);
        - ``unparseable_date`` / ``unparseable_amount``: ``problem.text`` written
          in the ``date`` / ``amount`` column of a row of ``problem.table``;
        - ``unknown_debtor_kind``: ``problem.text`` as the kind of a debtor.
    default_terms_days : int, default 30
        The company's default payment terms, in days.

    Returns
    -------
    tables : dict of str to DataFrame
        Copies of the tables with the problems. A column receiving text becomes
        ``object`` dtype (text next to dates or floats), as in a raw export.
    log : DataFrame
        One row per problem: ``table``, ``row`` (0-based position in the
        returned frame), ``column``, ``value`` (text problems verbatim, other
        values in canonical form: ISO dates, ``1234.56``), ``problem`` (French
        description).

    Notes
    -----
    Rows are chosen so that each problem stays one finding: invoices spoiled
    (``due_before_issue``) have no payment, credit note, dispute, write-off or
    reminder; spoiled payments settle a single invoice alone.

    """
    out = {name: frame.copy() for name, frame in tables.items()}
    latest_ids = tables["invoices"].sort_values("issue_date", kind="stable")["invoice_id"]
    log: list[dict[str, Any]] = []
    used: set[tuple[str, int]] = set()
    inv = out["invoices"]
    referenced = set()
    for name in ("payments", "credit_notes", "write_offs", "disputes", "actions"):
        referenced |= set(out[name]["invoice_id"].dropna())
    end = max(
        out[name][col].max()
        for name, col in (("invoices", "issue_date"), ("payments", "date"), ("actions", "date"))
        if len(out[name])
    )

    def pick(table: str, mask: pd.Series | np.ndarray) -> int:
        rows = [r for r in np.flatnonzero(np.asarray(mask)).tolist() if (table, r) not in used]
        if not rows:
            raise ValueError(f"no row of {table} fits the problem to inject")
        row = int(rows[rng.integers(len(rows))])
        used.add((table, row))
        return row

    def set_text(table: str, row: int, column: str, text: str) -> None:
        frame = out[table]
        frame[column] = frame[column].astype("object")
        frame.iloc[row, frame.columns.get_loc(column)] = text

    def note(table: str, row: int, column: str, value: object, kind: str) -> None:
        if isinstance(value, pd.Timestamp):
            value = value.strftime("%Y-%m-%d")
        log.append(
            {
                "table": table,
                "row": row,
                "column": column,
                "value": str(value),
                "problem": PROBLEM_KINDS[kind],
            }
        )

    def append_invoice(row: dict[str, Any]) -> int:
        frame = out["invoices"]
        new = pd.DataFrame({c: [row[c]] for c in frame.columns}).astype(frame.dtypes.to_dict())
        out["invoices"] = pd.concat([frame, new], ignore_index=True)
        return len(out["invoices"]) - 1

    for problem in problems:
        kind = problem.kind
        inv = out["invoices"]
        terms = (inv["due_date"] - inv["issue_date"]).dt.days
        if kind == "duplicate_invoice_id":
            src = inv.iloc[pick("invoices", inv["issue_date"] <= end - pd.Timedelta(days=60))]
            others = out["debtors"]["debtor_id"][out["debtors"]["debtor_id"] != src["debtor_id"]]
            issue = src["issue_date"] + pd.Timedelta(days=int(rng.integers(1, 20)))
            row = append_invoice(
                {
                    "invoice_id": src["invoice_id"],
                    "debtor_id": others.iloc[int(rng.integers(len(others)))],
                    "issue_date": issue,
                    "due_date": issue + (src["due_date"] - src["issue_date"]),
                    "amount": round(float(src["amount"]) * float(rng.uniform(0.3, 1.7)), 2),
                    "currency": "EUR",
                }
            )
            note("invoices", row, "invoice_id", src["invoice_id"], kind)
        elif kind == "non_positive_amount":
            src = inv.iloc[pick("invoices", inv["issue_date"] >= end - pd.Timedelta(days=120))]
            if problem.text is not None:
                amount = float(problem.text)
            else:
                amount = 0.0 if rng.random() < 0.5 else -float(rng.integers(100, 900))
            row = append_invoice(
                {
                    "invoice_id": _next_invoice_id(latest_ids, set(inv["invoice_id"])),
                    "debtor_id": src["debtor_id"],
                    "issue_date": src["issue_date"],
                    "due_date": src["due_date"],
                    "amount": amount,
                    "currency": "EUR",
                }
            )
            note("invoices", row, "amount", f"{amount:.2f}", kind)
        elif kind == "due_before_issue":
            ok = (
                (inv["due_date"] > end)
                & ~inv["invoice_id"].isin(referenced)
                & ~inv["invoice_id"].duplicated(keep=False)
            )
            row = pick("invoices", ok)
            wrong = inv.loc[row, "due_date"] - pd.DateOffset(years=1)
            inv.loc[row, "due_date"] = wrong
            note("invoices", row, "due_date", wrong, kind)
        elif kind == "missing_due_date":
            ok = terms == default_terms_days
            row = pick("invoices", ok if ok.any() else inv["due_date"].notna())
            inv.loc[row, "due_date"] = pd.NaT
            note("invoices", row, "due_date", "", kind)
        elif kind == "unknown_invoice":
            pay = out["payments"]
            alone = ~pay["invoice_id"].duplicated(keep=False) & ~pay["payment_id"].duplicated(
                keep=False
            )
            row = pick("payments", pay["invoice_id"].notna() & alone)
            wrong = _typo(pay.loc[row, "invoice_id"], set(inv["invoice_id"]))
            pay.loc[row, "invoice_id"] = wrong
            note("payments", row, "invoice_id", wrong, kind)
        elif kind in ("unparseable_date", "unparseable_amount"):
            table = problem.table
            frame = out[table]
            column = "date" if kind == "unparseable_date" else "amount"
            if column not in frame.columns:
                raise ValueError(f"{kind}: table {table!r} has no column {column!r}")
            ok = pd.Series(True, index=frame.index)
            if "invoice_id" in frame.columns and table != "actions":
                ok = frame["invoice_id"].notna() & ~frame["invoice_id"].duplicated(keep=False)
            if "payment_id" in frame.columns:
                ok &= ~frame["payment_id"].duplicated(keep=False)
            row = pick(table, ok)
            set_text(table, row, column, problem.text or "n/a")
            note(table, row, column, problem.text or "n/a", kind)
        elif kind == "unknown_debtor_kind":
            deb = out["debtors"]
            row = pick("debtors", deb["kind"] == "professionnel")
            set_text("debtors", row, "kind", problem.text or "Association")
            note("debtors", row, "kind", problem.text or "Association", kind)
        else:  # pragma: no cover - profiles are checked at construction
            raise ValueError(f"unknown problem kind {kind!r}")
    return out, pd.DataFrame(log, columns=PROBLEM_LOG_COLUMNS)


# ---------------------------------------------------------------------------
# Writing a company folder
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class _Layout:
    """How one canonical table is written: file name, source headers, value maps."""

    file: str
    columns: Mapping[str, str] = field(default_factory=dict)  # canonical -> source header
    value_map: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # canonical -> source


@dataclass(frozen=True)
class _Style:
    """An export style: encoding, separators, number and date formats, layouts."""

    encoding: str = "utf-8"
    sep: str = ","
    lineterminator: str = "\n"
    decimal: str = "."
    thousands: str = ""
    thousands_alt: str = ""  # used instead of ``thousands`` on every fifth row (rows 2, 7, 12...)
    date_format: str = "%Y-%m-%d"
    month_format: str = "%Y-%m"
    read_block: bool = False  # write an explicit ``read:`` block in recouvrement.yml
    layouts: Mapping[str, _Layout] = field(default_factory=dict)
    disputes_in_invoices: bool = False  # disputes as columns of the invoices file (from/where)


_CANONICAL_LAYOUTS = {t: _Layout(f"{t}.csv") for t in cv.TABLES}

_FRENCH_CHANNELS = {
    "email": "E-mail",
    "téléphone": "Téléphone",
    "courrier": "Courrier",
    "agence": "Agence",
}

_STYLE_SPECS: dict[str, _Style] = {
    "canonical": _Style(layouts=_CANONICAL_LAYOUTS),
    "french": _Style(
        encoding="cp1252",
        sep=";",
        lineterminator="\r\n",
        decimal=",",
        thousands=" ",
        thousands_alt="\u00a0",
        date_format="%d/%m/%Y",
        month_format="%m/%Y",
        read_block=True,
        layouts={
            "invoices": _Layout(
                "factures.csv",
                {
                    "invoice_id": "N° facture",
                    "debtor_id": "Code client",
                    "issue_date": "Date facture",
                    "due_date": "Date échéance",
                    "amount": "Montant TTC",
                    "currency": "Devise",
                },
                {"currency": {"EUR": "€"}},
            ),
            "payments": _Layout(
                "reglements.csv",
                {
                    "payment_id": "N° règlement",
                    "debtor_id": "Code client",
                    "invoice_id": "N° facture",
                    "date": "Date règlement",
                    "amount": "Montant réglé",
                },
            ),
            "credit_notes": _Layout(
                "avoirs.csv",
                {
                    "credit_note_id": "N° avoir",
                    "debtor_id": "Code client",
                    "invoice_id": "N° facture",
                    "date": "Date avoir",
                    "amount": "Montant TTC",
                },
            ),
            "write_offs": _Layout(
                "passages_en_perte.csv",
                {"invoice_id": "N° facture", "date": "Date passage en perte", "amount": "Montant"},
            ),
            "disputes": _Layout(
                "litiges.csv",
                {
                    "invoice_id": "N° facture",
                    "opened_date": "Date ouverture",
                    "resolved_date": "Date clôture",
                },
            ),
            "debtors": _Layout(
                "clients.csv",
                {
                    "debtor_id": "Code client",
                    "name": "Raison sociale",
                    "kind": "Type client",
                    "sector": "Secteur",
                    "credit_limit": "Encours autorisé",
                    "insolvency_date": "Date procédure collective",
                },
                {"kind": {"professionnel": "PRO", "particulier": "PART"}},
            ),
            "actions": _Layout(
                "relances.csv",
                {
                    "debtor_id": "Code client",
                    "invoice_id": "N° facture",
                    "date": "Date relance",
                    "channel": "Canal",
                    "level": "Niveau",
                },
                {"channel": _FRENCH_CHANNELS},
            ),
            "costs": _Layout("couts.csv", {"month": "Mois", "amount": "Montant"}),
        },
    ),
    "excel": _Style(
        encoding="utf-8-sig",
        sep=";",
        lineterminator="\r\n",
        decimal=",",
        thousands="\u202f",
        date_format="%d/%m/%Y",
        month_format="%m/%Y",
        disputes_in_invoices=True,
        layouts={
            "invoices": _Layout(
                "factures.csv",
                {
                    "invoice_id": "Numéro facture",
                    "debtor_id": "Client",
                    "issue_date": "Date",
                    "due_date": "Échéance",
                    "amount": "Total TTC",
                    "currency": "Devise",
                },
            ),
            "disputes": _Layout(
                "factures.csv",
                {
                    "invoice_id": "Numéro facture",
                    "opened_date": "Date litige",
                    "resolved_date": "Date fin litige",
                },
            ),
            "payments": _Layout(
                "reglements.csv",
                {
                    "payment_id": "Référence",
                    "debtor_id": "Client",
                    "invoice_id": "Facture",
                    "date": "Date",
                    "amount": "Montant",
                },
            ),
            "credit_notes": _Layout(
                "avoirs.csv",
                {
                    "credit_note_id": "Numéro avoir",
                    "debtor_id": "Client",
                    "invoice_id": "Facture",
                    "date": "Date",
                    "amount": "Montant TTC",
                },
            ),
            "write_offs": _Layout(
                "passages_en_perte.csv",
                {"invoice_id": "Facture", "date": "Date", "amount": "Montant"},
            ),
            "debtors": _Layout(
                "clients.csv",
                {
                    "debtor_id": "Client",
                    "name": "Nom",
                    "kind": "Type",
                    "sector": "Secteur",
                    "credit_limit": "Plafond",
                    "insolvency_date": "Procédure collective",
                },
                {"kind": {"professionnel": "Professionnel", "particulier": "Particulier"}},
            ),
            "actions": _Layout(
                "relances.csv",
                {
                    "debtor_id": "Client",
                    "invoice_id": "Facture",
                    "date": "Date",
                    "channel": "Moyen",
                    "level": "Niveau",
                },
            ),
            "costs": _Layout("couts.csv", {"month": "Mois", "amount": "Coût"}),
        },
    ),
    "mixed": _Style(
        layouts={
            **_CANONICAL_LAYOUTS,
            "invoices": _Layout("invoices.parquet"),
            "payments": _Layout("payments.parquet"),
            "debtors": _Layout(
                "debtors.xlsx",
                {
                    "debtor_id": "Code client",
                    "name": "Raison sociale",
                    "kind": "Catégorie",
                    "sector": "Secteur d'activité",
                    "credit_limit": "Plafond de crédit",
                    "insolvency_date": "Date de procédure collective",
                },
                {"kind": {"professionnel": "B2B", "particulier": "B2C"}},
            ),
        },
    ),
}

#: Extra source column of the French payments file, ignored by the reader.
_PAYMENT_MODES = ("Virement", "Virement", "Virement", "Chèque", "LCR")

#: Fixed timestamp written in XLSX files, so that they are byte-for-byte reproducible.
_XLSX_TIMESTAMP = (2026, 1, 1, 0, 0, 0)


def _format_money(values: pd.Series, style: _Style) -> list[str]:
    out = []
    for row, v in enumerate(values.tolist()):
        if isinstance(v, str):
            out.append(v)
        elif v is None or pd.isna(v):
            out.append("")
        elif style.decimal == ".":
            out.append(f"{v:.2f}")
        else:
            sep = style.thousands_alt if style.thousands_alt and row % 5 == 2 else style.thousands
            out.append(f"{v:,.2f}".replace(",", "\x00").replace(".", ",").replace("\x00", sep))
    return out


def _format_dates(values: pd.Series, fmt: str) -> list[str]:
    if pd.api.types.is_datetime64_any_dtype(values):
        return values.dt.strftime(fmt).fillna("").tolist()
    return [
        v
        if isinstance(v, str)
        else ("" if v is None or pd.isna(v) else pd.Timestamp(v).strftime(fmt))
        for v in values.tolist()
    ]


def _as_text(table: str, frame: pd.DataFrame, style: _Style, layout: _Layout) -> pd.DataFrame:
    """Format the table as the strings written in a CSV file, with the source headers."""
    types = cv.column_types(table)
    cols = {}
    for col in cv.columns(table):
        values = frame[col]
        kind = types[col]
        if kind == "date":
            text = _format_dates(values, style.date_format)
        elif kind == "money":
            text = _format_money(values, style)
        elif kind == "month":
            text = [
                v if not v or v != v else pd.Period(v, "M").strftime(style.month_format)
                for v in values.tolist()
            ]
        elif kind == "int":
            text = [
                "" if pd.isna(v) else str(v) if isinstance(v, str) else str(int(v))
                for v in values.tolist()
            ]
        else:
            mapping = layout.value_map.get(col, {})
            text = [
                "" if v is None or (not isinstance(v, str) and pd.isna(v)) else mapping.get(v, v)
                for v in values.tolist()
            ]
        cols[layout.columns.get(col, col)] = text
    return pd.DataFrame(cols, dtype="object")


def _csv_bytes(text: pd.DataFrame, style: _Style) -> bytes:
    buffer = _io.StringIO()
    text.to_csv(buffer, sep=style.sep, index=False, lineterminator=style.lineterminator)
    return buffer.getvalue().encode(style.encoding)


def _xlsx_bytes(frame: pd.DataFrame, table: str, layout: _Layout) -> bytes:
    """Build an XLSX workbook of ``frame`` with fixed metadata and zip timestamps."""
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    types = cv.column_types(table)
    wb = Workbook()
    ws = wb.active
    ws.title = layout.file.rsplit(".", 1)[0]
    ws.append([layout.columns.get(c, c) for c in cv.columns(table)])
    for record in frame[cv.columns(table)].itertuples(index=False):
        row = []
        for col, v in zip(cv.columns(table), record, strict=True):
            if v is None or (not isinstance(v, str) and pd.isna(v)):
                row.append(None)
            elif types[col] == "date" and not isinstance(v, str):
                row.append(pd.Timestamp(v).to_pydatetime())
            elif types[col] == "id" and isinstance(v, str) and v.isdigit():
                row.append(int(v))  # numeric-looking codes become numbers, as in Excel
            elif col in layout.value_map:
                row.append(layout.value_map[col].get(v, v))
            else:
                row.append(v)
        ws.append(row)
    for col_idx, col in enumerate(cv.columns(table), start=1):
        if types[col] == "date":
            for cell in ws.iter_cols(min_col=col_idx, max_col=col_idx, min_row=2):
                for c in cell:
                    c.number_format = "DD/MM/YYYY"
    stamp = pd.Timestamp(*_XLSX_TIMESTAMP).to_pydatetime()
    wb.properties.creator = "recouvrement.samples"
    wb.properties.created = stamp
    wb.properties.modified = stamp
    raw = _io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).write_data()
    # rewrite the archive with fixed entry timestamps (zip stores the current time)
    fixed = _io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_XLSX_TIMESTAMP)
            entry.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(entry, src.read(info.filename))
    return fixed.getvalue()


def _parquet_bytes(frame: pd.DataFrame, table: str) -> bytes:
    bad = [c for c in frame.columns if frame[c].dtype == object]
    if bad:
        raise ValueError(
            f"{table}: columns {bad} hold text next to typed values, which Parquet cannot store; "
            "inject text problems into a CSV table"
        )
    buffer = _io.BytesIO()
    frame[cv.columns(table)].to_parquet(buffer, index=False, engine="pyarrow")
    return buffer.getvalue()


def _yaml_scalar(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return json.dumps(str(value), ensure_ascii=False)


def _yaml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key) else _yaml_scalar(key)


def _yaml_lines(mapping: Mapping[str, Any], indent: int = 0) -> list[str]:
    lines = []
    pad = "  " * indent
    for key, value in mapping.items():
        if isinstance(value, Mapping):
            lines.append(f"{pad}{_yaml_key(key)}:")
            lines.extend(_yaml_lines(value, indent + 1))
        else:
            lines.append(f"{pad}{_yaml_key(key)}: {_yaml_scalar(value)}")
    return lines


def company_config(profile: CompanyProfile, style: str | None = None) -> dict[str, Any]:
    """Return the ``recouvrement.yml`` settings of a sample company folder, as a mapping.

    Only what differs from the canonical layout is listed under ``tables``; the
    value maps are inverted (source value -> canonical value), as the reader
    expects.
    """
    spec = _STYLE_SPECS[style or profile.style]
    config: dict[str, Any] = {
        "name": profile.name,
        "sector": profile.sector,
        "default_terms_days": profile.default_terms_days,
    }
    if spec.read_block:
        config["read"] = {
            "sep": spec.sep,
            "decimal": spec.decimal,
            "encoding": spec.encoding,
            "date_format": spec.date_format,
        }
    tables: dict[str, Any] = {}
    for table in cv.TABLES:
        layout = spec.layouts[table]
        if layout.file == _CANONICAL_LAYOUTS[table].file and not layout.columns:
            continue
        entry: dict[str, Any] = {}
        if table == "disputes" and spec.disputes_in_invoices:
            entry["from"] = "invoices"
            entry["where"] = {"Litige": "Oui"}
        else:
            entry["file"] = layout.file
        if layout.columns:
            entry["columns"] = {source: canonical for canonical, source in layout.columns.items()}
        values = {
            col: {src: canonical for canonical, src in mapping.items() if src != canonical}
            for col, mapping in layout.value_map.items()
        }
        if any(values.values()):
            entry["values"] = {col: m for col, m in values.items() if m}
        tables[table] = entry
    if tables:
        config["tables"] = tables
    return config


def _config_text(profile: CompanyProfile, style: str) -> str:
    header = [
        f"# {profile.name} : société fictive, données générées par recouvrement.samples",
        f"# (graine {profile.seed}). Ne pas modifier à la main : python -m recouvrement.samples",
    ]
    return "\n".join([*header, *_yaml_lines(company_config(profile, style))]) + "\n"


def company_files(
    tables: Mapping[str, pd.DataFrame], profile: CompanyProfile, style: str | None = None
) -> dict[str, bytes]:
    """Return the files of a company folder (file name -> content) without writing them.

    See :func:`write_company`.
    """
    style = style or profile.style
    if style not in _STYLE_SPECS:
        raise ValueError(f"unknown style {style!r}; choose one of {sorted(_STYLE_SPECS)}")
    spec = _STYLE_SPECS[style]
    files: dict[str, bytes] = {"recouvrement.yml": _config_text(profile, style).encode("utf-8")}
    for table in cv.TABLES:
        layout = spec.layouts[table]
        frame = tables[table]
        if table == "disputes" and spec.disputes_in_invoices:
            continue  # written as columns of the invoices file
        if layout.file.endswith(".parquet"):
            files[layout.file] = _parquet_bytes(frame, table)
            continue
        if layout.file.endswith(".xlsx"):
            files[layout.file] = _xlsx_bytes(frame, table, layout)
            continue
        text = _as_text(table, frame, spec, layout)
        if table == "payments" and style == "french":
            text["Mode de règlement"] = [
                _PAYMENT_MODES[zlib.crc32(str(pid).encode()) % len(_PAYMENT_MODES)]
                for pid in frame["payment_id"].tolist()
            ]
        if table == "invoices" and spec.disputes_in_invoices:
            text = _with_dispute_columns(text, frame, tables["disputes"], spec)
        files[layout.file] = _csv_bytes(text, spec)
    return files


def _with_dispute_columns(
    text: pd.DataFrame, invoices: pd.DataFrame, disputes: pd.DataFrame, spec: _Style
) -> pd.DataFrame:
    """Add ``Litige`` / ``Date litige`` / ``Date fin litige`` columns to the invoices file."""
    layout = spec.layouts["disputes"]
    by_invoice = disputes.drop_duplicates("invoice_id").set_index("invoice_id")
    first = ~invoices["invoice_id"].duplicated(keep="first")
    disputed = invoices["invoice_id"].isin(by_invoice.index) & first
    ids = invoices["invoice_id"].where(disputed)
    opened = ids.map(by_invoice["opened_date"])
    resolved = ids.map(by_invoice["resolved_date"])
    out = text.copy()
    out["Litige"] = np.where(disputed, "Oui", "")
    out[layout.columns["opened_date"]] = _format_dates(opened, spec.date_format)
    out[layout.columns["resolved_date"]] = _format_dates(resolved, spec.date_format)
    return out


def write_company(
    tables: Mapping[str, pd.DataFrame],
    folder: str | Path,
    *,
    profile: CompanyProfile | str,
    style: str | None = None,
) -> list[Path]:
    """Write a company folder: one file per table plus ``recouvrement.yml``.

    Parameters
    ----------
    tables : mapping of str to DataFrame
        The eight canonical tables (from :func:`generate_company`, possibly with
        :func:`inject_data_problems`); text values in date or amount columns are
        written as they are.
    folder : str or Path
        Created if needed. Files of the style are overwritten; other files are
        left alone.
    profile : CompanyProfile or str
        Gives the name, sector and default terms of ``recouvrement.yml``.
    style : str, optional
        ``"canonical"``, ``"french"``, ``"excel"`` or ``"mixed"`` (see
        :class:`CompanyProfile`); default: the profile's.

    Returns
    -------
    list of Path
        The files written, ``recouvrement.yml`` first.

    Notes
    -----
    Formats by style:

    - ``canonical``: ``<table>.csv``, ``,`` separator, LF line ends, UTF-8
      without BOM, ISO dates, ``1234.56`` amounts, months ``YYYY-MM``, canonical
      headers; ``recouvrement.yml`` holds only name, sector and terms.
    - ``french``: French file names and headers, ``;``, CRLF line ends, cp1252,
      ``dd/mm/yyyy``, amounts ``1 234,56`` (space as thousands separator; every
      fifth row, rows 2, 7, 12..., a no-break space U+00A0), months ``mm/yyyy``,
      currency ``€``, kinds ``PRO``/``PART``, channels capitalised (``E-mail``,
      ``Courrier``...), an extra ignored column ``Mode de règlement`` in
      ``reglements.csv``; ``recouvrement.yml`` has a ``read:`` block and maps
      every column and value.
    - ``excel``: like ``french`` but UTF-8 with a BOM, U+202F (narrow no-break
      space) as thousands separator, other headers, kinds ``Professionnel``/
      ``Particulier``, no ``read:`` block (left to auto-detection), and the
      disputes as columns ``Litige`` (``Oui``) / ``Date litige`` /
      ``Date fin litige`` of ``factures.csv`` (``from: invoices``, ``where``).
    - ``mixed``: ``invoices.parquet`` and ``payments.parquet`` (typed columns),
      ``debtors.xlsx`` (French headers, real Excel dates, numeric-looking codes
      stored as numbers, kinds ``B2B``/``B2C``), canonical CSV for the rest.

    """
    profile = get_profile(profile)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in company_files(tables, profile, style).items():
        path = folder / name
        path.write_bytes(content)
        written.append(path)
    return written


def problem_locations(
    log: pd.DataFrame, profile: CompanyProfile, style: str | None = None
) -> pd.DataFrame:
    """Locate the injected problems in the written files.

    Returns the log with ``file`` and ``line`` added: the line number the reader
    reports (CSV and XLSX: the header is line 1, the first data row line 2;
    Parquet: 1-based row position).
    """
    spec = _STYLE_SPECS[style or profile.style]
    files = [spec.layouts[t].file for t in log["table"]]
    offset = [1 if f.endswith(".parquet") else 2 for f in files]
    out = log.copy()
    out.insert(1, "file", files)
    out.insert(2, "line", (log["row"] + pd.Series(offset, index=log.index)).astype("int64"))
    return out.drop(columns="row")


def write_samples(
    root: str | Path = DEFAULT_ROOT,
    companies: Sequence[str] | None = None,
    *,
    end: object = DEFAULT_END,
    months: int = DEFAULT_MONTHS,
) -> dict[str, pd.DataFrame]:
    """Regenerate the sample company folders under ``root``.

    Each company folder (``root/<company_id>``) is deleted and written again
    (only the folders of ``companies``); ``root/README.md`` describes them.

    Parameters
    ----------
    root : str or Path, default ``data/samples``
        Output folder.
    companies : sequence of str, optional
        Company ids of :data:`COMPANIES` (default: all).
    end, months
        See :func:`generate_company`.

    Returns
    -------
    dict of str to DataFrame
        Per company, the injected problems with their file and line (see
        :func:`problem_locations`).

    """
    root = Path(root)
    ids = list(COMPANIES) if companies is None else list(companies)
    logs, counts = {}, {}
    for company_id in ids:
        profile = get_profile(company_id)
        tables = generate_company(profile, end=end, months=months)
        rng = np.random.default_rng([profile.seed, 1])
        spoiled, log = inject_data_problems(
            tables, rng, profile.problems, default_terms_days=profile.default_terms_days
        )
        folder = root / profile.company_id
        if folder.exists():
            shutil.rmtree(folder)
        write_company(spoiled, folder, profile=profile)
        logs[company_id] = problem_locations(log, profile)
        counts[company_id] = {t: len(f) for t, f in spoiled.items()}
    if companies is None:
        (root / "README.md").write_text(_readme(logs, counts, end, months), encoding="utf-8")
    return logs


_STYLE_SUMMARY = {
    "canonical": "canonical CSV (`,`, ISO dates, `1234.56`, UTF-8), minimal `recouvrement.yml`",
    "french": "French Excel CSV: French file names and headers, `;`, decimal comma, `1 234,56` "
    "(space; U+00A0 on rows 2, 7, 12...), `dd/mm/yyyy`, cp1252, CRLF; full mapping and "
    "`read:` block in `recouvrement.yml`",
    "excel": "French Excel CSV in UTF-8 with BOM: `;`, decimal comma, U+202F thousands separator, "
    "`dd/mm/yyyy`, CRLF, no `read:` block (auto-detection); disputes are columns of "
    "`factures.csv` (`from`/`where`)",
    "mixed": "`invoices.parquet`, `payments.parquet`, `debtors.xlsx` (French headers, numeric "
    "codes as numbers), canonical CSV for the other tables",
}


def _readme(
    logs: Mapping[str, pd.DataFrame],
    counts: Mapping[str, Mapping[str, int]],
    end: object,
    months: int,
) -> str:
    lines = [
        "# Sample ledgers (fictional)",
        "",
        "Generated by `python -m recouvrement.samples` (module `recouvrement/samples.py`); do not "
        "edit by hand: `tests/test_samples.py` checks that these files equal a fresh regeneration.",
        f"Every company has {months} months of history ending on {cv.as_date(end).date()}; "
        "nothing is dated after it. Companies, people and amounts are invented.",
        "",
        "| company | name | sector | style | " + " | ".join(cv.TABLES) + " |",
        "|---|---|---|---|" + "---|" * len(cv.TABLES),
    ]
    for company_id, n in counts.items():
        p = COMPANIES[company_id]
        lines.append(
            f"| `{company_id}` | {p.name} | {p.sector} | {p.style} | "
            + " | ".join(str(n[t]) for t in cv.TABLES)
            + " |"
        )
    lines += ["", "## Styles", ""]
    for company_id in counts:
        p = COMPANIES[company_id]
        lines.append(f"- `{company_id}`: {_STYLE_SUMMARY[p.style]}.")
    lines += [
        "",
        "## Deliberate data problems",
        "",
        "Line numbers as the reader reports them (CSV/XLSX: header = line 1; "
        "Parquet: row position). Unparseable text is shown verbatim, other values in "
        "canonical form (ISO dates, `1234.56`).",
        "",
        "| company | table | file | line | column | value | problem |",
        "|---|---|---|---|---|---|---|",
    ]
    for company_id, log in logs.items():
        for r in log.itertuples(index=False):
            value = f"`{r.value}`" if r.value else "(vide)"
            cells = [f"`{company_id}`", r.table, r.file, str(r.line), r.column, value, r.problem]
            lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------
# Large synthetic ledgers for the benchmarks
# ---------------------------------------------------------------------------
def _seq_ids(prefix: str, numbers: np.ndarray, width: int) -> pd.Series:
    return prefix + pd.Series(numbers, dtype="int64").astype("str").str.zfill(width)


def generate_large(
    n_invoices: int = 1_000_000,
    n_debtors: int | None = None,
    seed: int = 0,
    end: object = DEFAULT_END,
    months: int = DEFAULT_MONTHS,
) -> dict[str, pd.DataFrame]:
    """Build a large canonical ledger for benchmarks, without any per-row Python loop.

    Parameters
    ----------
    n_invoices : int, default 1 000 000
        Number of invoices (exactly).
    n_debtors : int, optional
        Number of debtors; default ``max(10, n_invoices // 50)``.
    seed : int, default 0
        Seed of the random generator.
    end, months
        Last day and length (calendar months) of the history.

    Returns
    -------
    dict of str to DataFrame
        The eight canonical tables with proper dtypes (``str`` ids, NaN when
        missing; ``datetime64[ns]`` dates; ``float64`` euros; ``int64`` levels)
        and no data problem. Roughly: one payment row per paid invoice, a second
        one for 10 % paid in two instalments, 1 % unapplied payment rows plus
        payments on account, 4 % credit notes (a few unallocated), 2 % disputes,
        write-offs of old unpaid invoices and of insolvent debtors' claims, up to
        three reminders per overdue invoice. Nothing is dated after ``end``.

    Notes
    -----
    A million invoices take a few seconds and well under 1 GB.

    """
    n = int(n_invoices)
    if n < 1:
        raise ValueError(f"n_invoices must be ≥ 1, got {n_invoices!r}")
    nd = int(n_debtors) if n_debtors is not None else max(10, n // 50)
    rng = np.random.default_rng(seed)
    end_d = _day(end)
    end_month = np.datetime64(end_d, "D").astype("datetime64[M]")
    start = int((end_month - (int(months) - 1)).astype("datetime64[D]").astype("int64"))

    # debtors
    weight = rng.lognormal(0.0, 1.0, nd)
    pro = rng.random(nd) >= 0.2
    terms = rng.choice(np.array([30, 45, 60]), nd, p=[0.5, 0.3, 0.2])
    late_mean = np.where(rng.random(nd) < 0.3, 35.0, 6.0) * rng.lognormal(0.0, 0.3, nd)

    # invoices
    debtor = rng.choice(nd, n, p=weight / weight.sum())
    workdays = np.arange(start, end_d + 1)
    workdays = workdays[(workdays + _EPOCH_WEEKDAY) % 7 < 5]
    issue = np.sort(rng.choice(workdays, n))
    due = issue + terms[debtor]
    cents = np.maximum(1000, np.round(rng.lognormal(np.log(120_000), 1.0, n))).astype("int64")

    # insolvency: a few debtors, after their last invoice
    last_issue = np.full(nd, -1, dtype="int64")
    np.maximum.at(last_issue, debtor, issue)
    insolvency = np.where(
        (rng.random(nd) < 0.003) & (last_issue > 0), last_issue + rng.integers(1, 60, nd), _NEVER
    )
    insolvency = np.where(insolvency <= end_d, insolvency, _NEVER)
    ins = insolvency[debtor]

    # disputes
    disputed = rng.random(n) < 0.02
    opened = _next_weekdays(issue + 5 + rng.integers(0, 40, n))
    disputed &= (opened <= end_d) & (opened < ins)
    resolved = _next_weekdays(opened + 10 + rng.integers(0, 90, n))
    open_dispute = disputed & (resolved > end_d)

    # payment plan
    ontime = rng.random(n) < 0.55
    lateness = np.where(
        ontime, -rng.integers(0, 6, n), 1 + (rng.exponential(1.0, n) * late_mean[debtor])
    )
    pay = _next_weekdays(np.maximum(issue, due + lateness.astype("int64")))
    pay = np.where(disputed & ~open_dispute, np.maximum(pay, _next_weekdays(resolved + 3)), pay)
    never = (rng.random(n) < 0.02) | open_dispute

    # credit notes (before the payment)
    has_cn = rng.random(n) < 0.04
    full = rng.random(n) < 0.25
    cn_amount = np.where(full, cents, np.round(cents * rng.uniform(0.05, 0.3, n)).astype("int64"))
    cn_day = np.minimum(_next_weekdays(issue + 1 + rng.integers(0, 20, n)), pay)
    has_cn &= (cn_day <= end_d) & (cn_day < ins)
    to_pay = cents - np.where(has_cn, cn_amount, 0)

    partial = (rng.random(n) < 0.10) & (to_pay >= 2)
    first = np.where(partial, (to_pay * rng.uniform(0.3, 0.7, n)).astype("int64"), to_pay)
    second_day = _next_weekdays(pay + 15 + rng.integers(0, 30, n))
    payable = ~never & (to_pay > 0)
    inv_idx = np.concatenate([np.flatnonzero(payable), np.flatnonzero(payable & partial)])
    p_day = np.concatenate([pay[payable], second_day[payable & partial]])
    p_cents = np.concatenate([first[payable], (to_pay - first)[payable & partial]])
    keep = (p_day <= end_d) & (p_day < ins[inv_idx])
    inv_idx, p_day, p_cents = inv_idx[keep], p_day[keep], p_cents[keep]
    paid = np.bincount(inv_idx, p_cents, n).astype("int64")
    applied = rng.random(len(inv_idx)) >= 0.01
    # payments on account (unapplied, no invoice)
    n_dep = max(1, n // 2000)
    dep_debtor = rng.choice(nd, n_dep)
    dep_day = rng.choice(workdays[workdays >= min(start + 30, workdays[-1])], n_dep)
    dep_cents = rng.integers(1, 50, n_dep) * 10_000
    order = np.argsort(np.concatenate([p_day, dep_day]), kind="stable")
    pay_inv = np.concatenate([np.where(applied, inv_idx, -1), np.full(n_dep, -1)])[order]
    pay_debtor = np.concatenate([debtor[inv_idx], dep_debtor])[order]
    pay_day_all = np.concatenate([p_day, dep_day])[order]
    pay_cents_all = np.concatenate([p_cents, dep_cents])[order]

    # write-offs: insolvent debtors' open claims, and old never-paid invoices
    credited = np.where(has_cn, cn_amount, 0)
    applied_paid = np.bincount(inv_idx[applied], p_cents[applied], n).astype("int64")
    residual = cents - credited - applied_paid
    wo_day = np.where(
        ins != _NEVER,
        _next_weekdays(np.minimum(ins, _NEVER - 400) + 180),
        _next_weekdays(due + 240 + rng.integers(0, 120, n)),
    )
    old_unpaid = never & ~open_dispute & (rng.random(n) < 0.3)
    written = (residual > 0) & (wo_day <= end_d) & ((ins != _NEVER) | old_unpaid)

    # reminders: up to three calendar steps while the invoice is open
    settle = np.where(never | (paid < to_pay), _NEVER, np.where(partial, second_day, pay))
    settle = np.where(written, np.minimum(settle, wo_day), settle)
    a_inv, a_day, a_level, a_channel = [], [], [], []
    for level, (days, channel) in enumerate(
        ((5, "email"), (15, "courrier"), (30, "LRAR")), start=1
    ):
        day = _next_weekdays(due + days + rng.integers(0, 6, n))
        sent = (day <= end_d) & (day < settle) & (day < ins) & (rng.random(n) < 0.7)
        idx = np.flatnonzero(sent)
        a_inv.append(idx)
        a_day.append(day[idx])
        a_level.append(np.full(len(idx), level))
        a_channel.append(np.full(len(idx), channel))
    a_inv_all = np.concatenate(a_inv)
    a_order = np.argsort(np.concatenate(a_day), kind="stable")

    invoice_ids = _seq_ids("F", np.arange(1, n + 1), 9)
    debtor_ids = _seq_ids("D", np.arange(1, nd + 1), 7)
    inv_ids_np = invoice_ids.to_numpy()
    deb_ids_np = debtor_ids.to_numpy()

    def ids_at(index: np.ndarray) -> pd.Series:
        out = pd.Series(inv_ids_np[np.maximum(index, 0)], dtype="str")
        return out.mask(index < 0)

    invoices = pd.DataFrame(
        {
            "invoice_id": invoice_ids,
            "debtor_id": pd.Series(deb_ids_np[debtor], dtype="str"),
            "issue_date": _dates(issue),
            "due_date": _dates(due),
            "amount": cents / 100.0,
            "currency": pd.Series(np.full(n, "EUR"), dtype="str"),
        }
    )
    payments = pd.DataFrame(
        {
            "payment_id": _seq_ids("P", np.arange(1, len(pay_inv) + 1), 9),
            "debtor_id": pd.Series(deb_ids_np[pay_debtor], dtype="str"),
            "invoice_id": ids_at(pay_inv),
            "date": _dates(pay_day_all),
            "amount": pay_cents_all / 100.0,
        }
    )
    cn_idx = np.flatnonzero(has_cn)
    cn_idx = cn_idx[np.argsort(cn_day[cn_idx], kind="stable")]
    unallocated = rng.random(len(cn_idx)) < 0.02
    credit_notes = pd.DataFrame(
        {
            "credit_note_id": _seq_ids("A", np.arange(1, len(cn_idx) + 1), 8),
            "debtor_id": pd.Series(deb_ids_np[debtor[cn_idx]], dtype="str"),
            "invoice_id": ids_at(np.where(unallocated, -1, cn_idx)),
            "date": _dates(cn_day[cn_idx]),
            "amount": cn_amount[cn_idx] / 100.0,
        }
    )
    wo_idx = np.flatnonzero(written)
    write_offs = pd.DataFrame(
        {
            "invoice_id": ids_at(wo_idx),
            "date": _dates(wo_day[wo_idx]),
            "amount": residual[wo_idx] / 100.0,
        }
    )
    d_idx = np.flatnonzero(disputed)
    disputes = pd.DataFrame(
        {
            "invoice_id": ids_at(d_idx),
            "opened_date": _dates(opened[d_idx]),
            "resolved_date": _dates(np.where(open_dispute[d_idx], _NAT, resolved[d_idx])),
        }
    )
    debtors = pd.DataFrame(
        {
            "debtor_id": debtor_ids,
            "name": "Débiteur " + debtor_ids.str.slice(1),
            "kind": pd.Series(np.where(pro, "professionnel", "particulier"), dtype="str"),
            "sector": pd.Series(np.where(pro, "Industrie", None), dtype="str"),
            "credit_limit": np.round(weight * 20.0) * 500.0,
            "insolvency_date": _dates(np.where(insolvency == _NEVER, _NAT, insolvency)),
        }
    )
    act_inv = a_inv_all[a_order]
    actions = pd.DataFrame(
        {
            "debtor_id": pd.Series(deb_ids_np[debtor[act_inv]], dtype="str"),
            "invoice_id": ids_at(act_inv),
            "date": _dates(np.concatenate(a_day)[a_order]),
            "channel": pd.Series(np.concatenate(a_channel)[a_order], dtype="str"),
            "level": np.concatenate(a_level)[a_order].astype("int64"),
        }
    )
    labels = (np.datetime64(start, "D").astype("datetime64[M]") + np.arange(int(months))).astype(
        "str"
    )
    costs = pd.DataFrame(
        {
            "month": pd.Series(labels, dtype="str"),
            "amount": np.round(n / int(months) * 0.8 * rng.uniform(0.9, 1.1, int(months)), 2),
        }
    )
    return {
        "invoices": invoices,
        "payments": payments,
        "credit_notes": credit_notes,
        "write_offs": write_offs,
        "disputes": disputes,
        "debtors": debtors,
        "actions": actions,
        "costs": costs,
    }


# ---------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------
def main(argv: Sequence[str] | None = None) -> int:
    """Regenerate the sample folders (``python -m recouvrement.samples [--out DIR]``)."""
    parser = argparse.ArgumentParser(
        prog="python -m recouvrement.samples",
        description="Regenerate the fictional sample ledgers of data/samples/.",
    )
    parser.add_argument(
        "--out", default=str(DEFAULT_ROOT), help="output folder (default: %(default)s)"
    )
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    logs = write_samples(args.out)
    for company_id, log in logs.items():
        print(f"{company_id}: {len(log)} deliberate data problem(s)")
    print(f"written to {args.out} in {time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
