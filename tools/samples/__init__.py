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
  Parquet/XLSX. :func:`write_samples` (``python -m tools.samples``) regenerates
  ``data/samples/``.
* :func:`generate_large` builds large canonical frames (a million invoices) for the
  benchmarks, fully vectorised.
* :data:`FEC_COMPANY` is a fifth company restricted to what a FEC carries:
  :func:`generate_fec_company` simulates its ledger over two fiscal years, settled
  oldest first in every lettrage group, and :func:`write_fec_sample` writes it twice,
  as canonical tables and as two FEC files (:func:`fec_files`, two dialects).

This package is a development tool, not installed with :mod:`recouvrement`: it
writes files only to build the sample folders; reading real exports is
:mod:`recouvrement.io`'s job.

Modules, in dependency order:

* :mod:`~tools.samples.styles`: the export styles (file names, headers, formats);
* :mod:`~tools.samples.profiles`: :class:`CompanyProfile` and its parts;
* :mod:`~tools.samples.companies`: the four sample companies, :func:`get_profile`;
* :mod:`~tools.samples.names`: fictional names of the debtors;
* :mod:`~tools.samples.dates`: day numbers and their conversion to columns;
* :mod:`~tools.samples.portfolio`: the debtors and their invoices;
* :mod:`~tools.samples.simulate`: the life of every invoice (payments, dunning...);
* :mod:`~tools.samples.events`: events of no single invoice, monthly costs;
* :mod:`~tools.samples.company`: :func:`generate_company`;
* :mod:`~tools.samples.problems`: :func:`inject_data_problems`;
* :mod:`~tools.samples.config`: the ``recouvrement.yml`` of a folder;
* :mod:`~tools.samples.export`: :func:`company_files`, :func:`write_company`;
* :mod:`~tools.samples.lettrage`: lettrage groups, oldest-first allocation, codes;
* :mod:`~tools.samples.fec_company`: :data:`FEC_COMPANY`, :func:`generate_fec_company`;
* :mod:`~tools.samples.fec`: :func:`fec_files`, the FEC of each fiscal year;
* :mod:`~tools.samples.write`: :func:`write_samples`, the README, :func:`main`;
* :mod:`~tools.samples.large`: :func:`generate_large`.

Examples
--------
>>> tables = generate_company("conseil-horizon")
>>> sorted(tables)  # doctest: +NORMALIZE_WHITESPACE
['actions', 'costs', 'credit_notes', 'debtors', 'disputes', 'invoices', 'payments',
 'write_offs']

"""

from __future__ import annotations

from tools.samples.companies import COMPANIES, get_profile
from tools.samples.company import generate_company
from tools.samples.config import company_config
from tools.samples.dates import DEFAULT_END, DEFAULT_MONTHS
from tools.samples.export import company_files, write_company
from tools.samples.fec import fec_files
from tools.samples.fec_company import FEC_COMPANY, generate_fec_company
from tools.samples.large import generate_large
from tools.samples.problems import PROBLEM_LOG_COLUMNS, inject_data_problems
from tools.samples.profiles import (
    PROBLEM_KINDS,
    PROGRESSIVE_CALENDAR,
    STANDARD_CALENDAR,
    CompanyProfile,
    CustomerType,
    DataProblem,
    DunningStep,
)
from tools.samples.write import (
    DEFAULT_ROOT,
    main,
    problem_locations,
    write_fec_sample,
    write_samples,
)

__all__ = [
    "COMPANIES",
    "DEFAULT_END",
    "DEFAULT_MONTHS",
    "DEFAULT_ROOT",
    "FEC_COMPANY",
    "PROBLEM_KINDS",
    "PROBLEM_LOG_COLUMNS",
    "PROGRESSIVE_CALENDAR",
    "STANDARD_CALENDAR",
    "CompanyProfile",
    "CustomerType",
    "DataProblem",
    "DunningStep",
    "company_config",
    "company_files",
    "fec_files",
    "generate_company",
    "generate_fec_company",
    "generate_large",
    "get_profile",
    "inject_data_problems",
    "main",
    "problem_locations",
    "write_company",
    "write_fec_sample",
    "write_samples",
]
