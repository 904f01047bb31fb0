"""Reading a company's files: exports, configuration, targets, folders and fingerprints.

The only layer that reads client files:

- :mod:`~recouvrement.io.folder`: a company folder into a validated
  :class:`~recouvrement.ledger.Ledger` (:func:`read_ledger`, confined to the folder for
  a report), or only the period of its data (:func:`activity_period`);
- :mod:`~recouvrement.io.fec` and :mod:`~recouvrement.io.fec_folder`: the FEC
  (:func:`read_fec`), found in a company folder by its header, with no configuration;
- :mod:`~recouvrement.io.files`: one export file (CSV of any French Excel flavour,
  XLSX, Parquet) as text cells with their line numbers;
- :mod:`~recouvrement.io.mapping`: source columns and values to the canonical tables;
- :mod:`~recouvrement.io.config`: the company's ``recouvrement.yml``, checked and typed
  (read strictly by :mod:`~recouvrement.io.yaml_strict`);
- :mod:`~recouvrement.io.schema`, :mod:`~recouvrement.io.schema_tables`,
  :mod:`~recouvrement.io.fec_config`: its schema (pydantic, strict, nothing extra);
- :mod:`~recouvrement.io.messages`: its problems in French (key, value, what is expected);
- :mod:`~recouvrement.io.targets`: a KPI targets file;
- :mod:`~recouvrement.io.companies`: company ids, the data folder, the default month;
- :mod:`~recouvrement.io.fingerprints`: SHA-256 of the input files;
- :mod:`~recouvrement.io.paths`: where a path named by the user leads (confinement).
"""

from recouvrement.io.companies import (
    COMPANY_RE,
    CompanyError,
    company_folder,
    company_month,
    list_companies,
    resolve_data_dir,
    validate_company,
)
from recouvrement.io.config import CONFIG_NAME, CompanyConfig, load_config
from recouvrement.io.fec.company import read_fec
from recouvrement.io.fec.roles import FecOptions
from recouvrement.io.files import FILE_ALIASES, SUFFIXES, read_settings_table
from recouvrement.io.fingerprints import fingerprint_folder, sha256_file
from recouvrement.io.folder import activity_period, last_activity, read_ledger
from recouvrement.io.paths import is_inside, leaves_folder
from recouvrement.io.targets import load_targets

__all__ = [
    "COMPANY_RE",
    "CONFIG_NAME",
    "FILE_ALIASES",
    "SUFFIXES",
    "CompanyConfig",
    "CompanyError",
    "FecOptions",
    "activity_period",
    "company_folder",
    "company_month",
    "fingerprint_folder",
    "is_inside",
    "last_activity",
    "leaves_folder",
    "list_companies",
    "load_config",
    "load_targets",
    "read_fec",
    "read_ledger",
    "read_settings_table",
    "resolve_data_dir",
    "sha256_file",
    "validate_company",
]
