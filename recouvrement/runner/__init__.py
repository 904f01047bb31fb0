"""The only place that runs papermill and nbconvert: monthly reports, batches, the index.

One report = one audited company × one month: its plan
(:func:`~recouvrement.runner.report.plan_report`, inputs fingerprinted once), the
report notebook executed with the plan (:mod:`~recouvrement.runner.kernel`), exported
to HTML and PDF (:mod:`~recouvrement.runner.export`), written atomically with its
manifest (:mod:`~recouvrement.runner.report`, :mod:`~recouvrement.runner.manifest`);
many companies in parallel (:mod:`~recouvrement.runner.batch`); the index page of a
report folder (:mod:`~recouvrement.runner.index`).

Importing this package loads no notebook machinery: papermill, nbconvert,
jupyter_client and WeasyPrint are imported by the functions that use them.
"""

from recouvrement.report.plan import ReportError
from recouvrement.runner.batch import BatchResult, bound_memory, result_dict, run_batch
from recouvrement.runner.index import write_index
from recouvrement.runner.kernel import KernelSession
from recouvrement.runner.manifest import HTML_NAME, NOTEBOOK, PDF_NAME
from recouvrement.runner.report import (
    ReportResult,
    RunPlan,
    plan_report,
    run_report,
    up_to_date_report,
)

__all__ = [
    "bound_memory",
    "HTML_NAME",
    "NOTEBOOK",
    "PDF_NAME",
    "BatchResult",
    "KernelSession",
    "ReportError",
    "ReportResult",
    "RunPlan",
    "plan_report",
    "result_dict",
    "run_batch",
    "run_report",
    "up_to_date_report",
    "write_index",
]
