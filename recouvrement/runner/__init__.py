"""Monthly audit reports: parameterised notebook → executed notebook, HTML and PDF.

One report = one audited company × one month. :func:`run_report` executes
``notebooks/audit_mensuel.ipynb`` with papermill (parameters injected), exports it
to self-contained HTML with the package's own nbconvert template
(``recouvrement/templates/audit``: no code, no prompts, no stderr, images inlined,
print CSS) and prints that HTML to PDF with WeasyPrint. :func:`run_batch` does it
for every company folder of a data directory, in parallel worker processes, and
writes an index page.

Output layout (``out_dir`` defaults to ``reports/``)::

    <out>/index.html                      every report found under <out>, newest month first
    <out>/<company>/<YYYY-MM>/            a complete, successful report, and only that
        rapport.html  rapport.pdf  audit_mensuel.ipynb (executed)  manifest.json
    <out>/<company>/<YYYY-MM>.failed/     the last failed attempt, if any:
        error.txt  manifest.json  audit_mensuel.ipynb (as far as it ran)

Atomicity: a report is built in a hidden temporary folder beside its target
(``<out>/<company>/.<YYYY-MM>.tmp-*``, same filesystem) and renamed into place
only when every file is written. A rerun that fails leaves the previous good
report untouched and writes ``<YYYY-MM>.failed/``; a success removes the stale
``.failed`` folder. Replacing an existing report is two renames (old aside, new in
place), so a reader may briefly see no folder, never a half-written one.

Skip rule: a report is skipped (status ``"skipped"``) when its folder holds a
successful ``manifest.json`` whose input fingerprints (SHA-256 of every file of
the company's folder, ``recouvrement.yml`` included, plus the targets file), report
parameters, package version, notebook and template fingerprints all equal the
current ones, and every output file is present. ``force=True`` always reruns.

Reproducibility: the *stamp* printed on the cover and in every PDF footer is a
hash of the input fingerprints, the parameters and the package version
(:func:`run_stamp`). Same stamp ⇒ same figures; no wall-clock time is printed in
the report itself (it is in the manifest), so reruns give identical HTML.

Kernels: :func:`run_report` alone starts a fresh Jupyter kernel (≈ 2 s of
start-up and imports). :func:`run_batch` keeps one :class:`KernelSession` per
worker process and resets its user namespace (``%reset -f`` plus matplotlib,
pandas and warnings state, see :func:`kernel_reset`) between reports; the test
suite checks that a report made in a reused kernel is byte-identical to one made
in a fresh kernel.

Why WeasyPrint for the PDF: it is a pip-installable Python package printing the
very HTML we ship (CSS paged media: ``@page`` margins, running footers,
``Page X / Y`` counters, repeated table headers) in about half a second per
report. nbconvert's ``webpdf`` needs a headless Chromium (≈ 150 MB download by
Playwright, sandbox issues in containers) and the LaTeX route needs a TeX
distribution (≈ 600 MB) and a second template to maintain. WeasyPrint only needs
the Pango system library, present on common Linux images.

Heavy dependencies (papermill, nbconvert, jupyter_client, weasyprint) are imported
inside the functions that use them: the notebook itself imports this module for
:func:`report_context`, and the kernel should not pay for them.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import functools
import hashlib
import json
import logging
import os
import platform
import re
import shutil
import sys
import tempfile
import time
import traceback
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import quote

import pandas as pd

from recouvrement import conventions as cv
from recouvrement._version import __version__
from recouvrement.conventions import Buckets
from recouvrement.report.display import ATTACHMENT_MIME, HEADLINE_MIME

#: The monthly audit notebook (the project layout: ``<repo>/notebooks``).
NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "audit_mensuel.ipynb"
#: Folder of the package's nbconvert templates.
TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
#: nbconvert template used for the HTML export.
TEMPLATE_NAME = "audit"

#: A company id is a plain folder name.
COMPANY_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
MONTH_RE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
#: Report languages available (the notebook's text is French).
LANGUAGES = ("fr",)
#: Bucket presets accepted by the ``buckets`` parameter (see ``conventions.as_buckets``).
BUCKET_PRESETS = ("jours", "120", "mois")

HTML_NAME = "rapport.html"
PDF_NAME = "rapport.pdf"
NOTEBOOK_NAME = "audit_mensuel.ipynb"
MANIFEST_NAME = "manifest.json"
ERROR_NAME = "error.txt"
FAILED_SUFFIX = ".failed"
INDEX_NAME = "index.html"
MANIFEST_SCHEMA = 1

#: Parameters whose values decide the figures (``data_dir`` is not one: the input
#: fingerprints stand for the data wherever it lives).
KEY_PARAMETERS = ("company", "month", "language", "buckets", "targets_file")

log = logging.getLogger(__name__)


class ReportError(ValueError):
    """A user error (bad company id, month, folder...): a clear message, no traceback."""


# ---------------------------------------------------------------------------
# Validation and paths
# ---------------------------------------------------------------------------
def validate_company(company: object) -> str:
    """Return ``company`` if it is a plain folder name, else raise :class:`ReportError`.

    A company id is a single path component: letters, digits, ``_``, ``-``, ``.``,
    starting with a letter or digit (so never ``.``, ``..``, ``../x``, ``/etc`` or
    ``a/b``). This is what keeps one company's report inside its own folder.
    """
    if not isinstance(company, str) or not COMPANY_RE.fullmatch(company):
        raise ReportError(
            f"identifiant de société invalide : {company!r}. Attendu : un nom de dossier simple "
            "(lettres, chiffres, « _ », « - », « . », commençant par une lettre ou un chiffre, "
            "sans « / » ni « .. ») / invalid company id: a plain folder name is expected"
        )
    return company


def validate_month(month: object) -> str:
    """Return ``month`` (``YYYY-MM``) or raise :class:`ReportError`."""
    if not isinstance(month, str) or not MONTH_RE.fullmatch(month.strip()):
        raise ReportError(
            f"mois invalide : {month!r}. Attendu AAAA-MM, par exemple 2026-10 / "
            "invalid month: expected YYYY-MM"
        )
    return month.strip()


def validate_language(language: str) -> str:
    """Return ``language`` if a report can be written in it."""
    if language not in LANGUAGES:
        raise ReportError(
            f"langue non disponible : {language!r} (disponibles : {', '.join(LANGUAGES)})"
        )
    return language


def validate_buckets(buckets: str) -> Buckets:
    """The bucket scheme of a preset name (``jours``, ``120``, ``mois``)."""
    if buckets not in BUCKET_PRESETS:
        raise ReportError(
            f"tranches d'âge inconnues : {buckets!r} (choisir parmi {', '.join(BUCKET_PRESETS)})"
        )
    return cv.as_buckets(buckets)


def resolve_data_dir(data_dir: str | os.PathLike[str]) -> Path:
    """Absolute data folder.

    A relative ``data_dir`` is looked up from the current directory first, then
    from the notebook's folder (``<repo>/notebooks``), so the notebook's default
    ``../data/samples`` works whether papermill runs with ``cwd=notebooks/`` or from
    the repository root.
    """
    p = Path(data_dir).expanduser()
    if p.is_absolute():
        if not p.is_dir():
            raise ReportError(f"dossier de données introuvable : {p}")
        return p
    candidates = [Path.cwd() / p, NOTEBOOK.parent / p]
    for c in candidates:
        if c.is_dir():
            return c.resolve()
    raise ReportError(
        f"dossier de données introuvable : {data_dir} "
        f"(cherché dans {', '.join(str(c) for c in candidates)})"
    )


def list_companies(data_dir: str | os.PathLike[str]) -> list[str]:
    """Company ids of ``data_dir``: its sub-folders, hidden ones and ``_*`` excepted, sorted."""
    root = resolve_data_dir(data_dir)
    return sorted(
        p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))
    )


def company_folder(data_dir: str | os.PathLike[str], company: str) -> Path:
    """``<data_dir>/<company>`` after validating the id; its absence is a :class:`ReportError`."""
    validate_company(company)
    root = resolve_data_dir(data_dir)
    folder = root / company
    if not folder.is_dir():
        known = ", ".join(list_companies(root)) or "aucune"
        raise ReportError(
            f"société inconnue : {company!r} (pas de dossier {folder} ; sociétés : {known})"
        )
    return folder


def sha256_file(path: str | os.PathLike[str]) -> str:
    """SHA-256 of a file's bytes, hex."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def fingerprint_folder(folder: str | os.PathLike[str]) -> dict[str, str]:
    """SHA-256 of every file of a company folder (recursively, hidden files excepted).

    Returns ``{relative posix path: sha256}`` sorted by path; ``recouvrement.yml``
    included. Every file counts, read by the ledger or not: adding or changing any
    of them makes a report stale.
    """
    root = Path(folder)
    out = {}
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root)
        if any(part.startswith(".") for part in rel.parts) or not p.is_file():
            continue
        out[rel.as_posix()] = sha256_file(p)
    return out


def _digest(obj: Any) -> str:
    return hashlib.sha256(json.dumps(obj, sort_keys=True, ensure_ascii=True).encode()).hexdigest()


def run_stamp(
    inputs: Mapping[str, str], parameters: Mapping[str, Any], version: str = __version__
) -> str:
    """Reproducibility stamp: 16 hex digits of SHA-256(inputs, key parameters, version).

    Two reports with the same stamp were computed from the same bytes with the same
    parameters by the same package version, hence show the same figures.
    """
    key = {k: parameters.get(k, "") for k in KEY_PARAMETERS}
    return _digest({"inputs": dict(inputs), "parameters": key, "version": version})[:16]


def _files_digest(paths: Iterable[Path]) -> str:
    h = hashlib.sha256()
    for p in sorted(paths):
        h.update(p.name.encode())
        h.update(sha256_file(p).encode())
    return h.hexdigest()


def code_fingerprint(notebook: Path = NOTEBOOK) -> dict[str, str]:
    """Package version and SHA-256 of the notebook and of the report template files."""
    template_files = [p for p in (TEMPLATES / TEMPLATE_NAME).rglob("*") if p.is_file()]
    return {
        "version": __version__,
        "notebook_sha256": sha256_file(notebook),
        "template_sha256": _files_digest(template_files),
    }


def environment() -> dict[str, str]:
    """Versions of the interpreter and libraries a report depends on."""
    from importlib.metadata import PackageNotFoundError, version

    env = {"python": platform.python_version(), "platform": platform.platform()}
    for pkg in ("pandas", "numpy", "papermill", "nbconvert", "weasyprint"):
        try:
            env[pkg] = version(pkg)
        except PackageNotFoundError:  # pragma: no cover - all are dependencies
            env[pkg] = "absent"
    return env


# ---------------------------------------------------------------------------
# What the notebook uses
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class ReportContext:
    """Everything a report notebook needs to know about its run, validated.

    Build it with :func:`report_context` (first code cell of the notebook).
    """

    company: str
    month: str
    as_of: pd.Timestamp
    data_dir: Path
    folder: Path
    language: str
    buckets: Buckets
    buckets_preset: str
    targets_file: Path | None
    inputs: dict[str, str]
    stamp: str
    version: str = __version__
    python: str = field(default_factory=platform.python_version)
    pandas: str = pd.__version__

    def targets(self) -> dict[str, float]:
        """KPI targets: :data:`~recouvrement.kpi.DEFAULT_TARGETS` overridden by the targets file.

        Raises :class:`ReportError` for an unreadable file, a value that is not a
        number or a key that is not a KPI key.
        """
        from recouvrement.io import load_targets
        from recouvrement.kpi import DEFAULT_TARGETS, compare_to_targets
        from recouvrement.ledger import LedgerError

        targets = dict(DEFAULT_TARGETS)
        if self.targets_file is None:
            return targets
        try:
            own = load_targets(self.targets_file)
            compare_to_targets({}, own)  # checks every key is a KPI key
        except (LedgerError, ValueError) as exc:
            raise ReportError(f"fichier d'objectifs {self.targets_file.name} : {exc}") from None
        targets.update(own)
        return targets

    def read_ledger(self):
        """Read the company's folder into a :class:`~recouvrement.ledger.Ledger`.

        Raises :class:`ReportError` when the company's ``recouvrement.yml`` makes it
        read a file outside its own folder: one company's report never reads
        another's data.
        """
        from recouvrement.io import read_ledger

        ledger = read_ledger(self.folder)
        root = self.folder.resolve()
        outside = [
            str(p)
            for p in ledger.meta.get("files", {}).values()
            if not Path(p).resolve().is_relative_to(root)
        ]
        if outside:
            raise ReportError(
                f"{self.company}: la configuration fait lire des fichiers hors du dossier "
                f"de la société ({', '.join(outside)}) ; "
                f"seuls les fichiers de {self.folder} sont admis"
            )
        return ledger

    def sources(self, ledger) -> pd.DataFrame:
        """The files read, one row each: ``Table, Fichier, Lignes lues, SHA-256``."""
        counts = ledger.counts.set_index("table")["read"]
        rows = []
        for table, path in ledger.meta.get("files", {}).items():
            rel = Path(path).resolve().relative_to(self.folder.resolve()).as_posix()
            rows.append(
                {
                    "Table": cv.TABLE_LABELS_FR.get(
                        table, "configuration" if table == "config" else table
                    ),
                    "Fichier": rel,
                    "Lignes lues": int(counts[table]) if table in counts.index else pd.NA,
                    "SHA-256": self.inputs.get(rel, sha256_file(path)),
                }
            )
        if self.targets_file is not None:
            rows.append(
                {
                    "Table": "objectifs",
                    "Fichier": self.targets_file.name,
                    "Lignes lues": pd.NA,
                    "SHA-256": sha256_file(self.targets_file),
                }
            )
        frame = pd.DataFrame(rows, columns=["Table", "Fichier", "Lignes lues", "SHA-256"])
        frame["Lignes lues"] = frame["Lignes lues"].astype("Int64")
        return frame


def _resolve_targets(targets_file: str, folder: Path) -> Path | None:
    if not targets_file:
        return None
    p = Path(targets_file).expanduser()
    p = p if p.is_absolute() else folder / p
    if not p.is_file():
        raise ReportError(f"fichier d'objectifs introuvable : {p}")
    return p.resolve()


def _inputs(folder: Path, targets: Path | None) -> dict[str, str]:
    inputs = fingerprint_folder(folder)
    if targets is not None and not targets.is_relative_to(folder.resolve()):
        inputs[f"@targets/{targets.name}"] = sha256_file(targets)
    return inputs


class _Resolved(NamedTuple):
    """A report's parameters validated and its inputs located.

    Shared by the notebook's :func:`report_context` and the runner's plan, so both
    compute the same stamp from the same fingerprints.
    """

    month: str
    buckets: Buckets
    folder: Path
    targets: Path | None
    inputs: dict[str, str]
    params: dict[str, str]


def _resolve(company, month, data_dir, language, targets_file, buckets) -> _Resolved:
    month = validate_month(month)
    validate_language(language)
    scheme = validate_buckets(buckets)
    folder = company_folder(data_dir, company)
    targets = _resolve_targets(targets_file, folder)
    params = {
        "company": company,
        "month": month,
        "data_dir": str(folder.parent),
        "language": language,
        "targets_file": str(targets or ""),
        "buckets": buckets,
    }
    return _Resolved(month, scheme, folder, targets, _inputs(folder, targets), params)


def report_context(
    company: str,
    month: str,
    *,
    data_dir: str | os.PathLike[str] = "../data/samples",
    language: str = "fr",
    targets_file: str = "",
    buckets: str = "jours",
) -> ReportContext:
    """Validate a report's parameters and locate its inputs.

    Parameters
    ----------
    company : str
        Company id = name of its folder in ``data_dir`` (see :func:`validate_company`).
    month : str
        ``YYYY-MM``; the as-of date is the last day of that month.
    data_dir : str or path
        Folder of company folders (relative: see :func:`resolve_data_dir`).
    language : str
        Report language (``"fr"``).
    targets_file : str
        Optional YAML of targets; relative paths are taken in the company folder.
    buckets : str
        Bucket preset: ``"jours"`` (30/60/90 days), ``"120"`` or ``"mois"``.

    Returns
    -------
    ReportContext
        With the input fingerprints and the reproducibility stamp.

    """
    r = _resolve(company, month, data_dir, language, targets_file, buckets)
    return ReportContext(
        company=company,
        month=r.month,
        as_of=cv.month_end(r.month),
        data_dir=r.folder.parent,
        folder=r.folder,
        language=language,
        buckets=r.buckets,
        buckets_preset=buckets,
        targets_file=r.targets,
        inputs=r.inputs,
        stamp=run_stamp(r.inputs, r.params),
    )


# ---------------------------------------------------------------------------
# Kernel reuse
# ---------------------------------------------------------------------------
_KERNEL_STATE: dict[str, Any] = {}


def kernel_prepare() -> None:
    """Inside a kernel about to be reused: import the report's libraries, snapshot state.

    Executed once per :class:`KernelSession`; :func:`kernel_reset` restores the
    snapshot between two reports.
    """
    import io

    import matplotlib
    import matplotlib.pyplot as plt

    import recouvrement.audit
    import recouvrement.io
    import recouvrement.kpi
    import recouvrement.report.charts
    import recouvrement.report.display
    import recouvrement.report.findings
    import recouvrement.report.listings  # noqa: F401  (seaborn too)

    # draw once: the font cache and renderer are loaded here, not in the first report
    fig, ax = plt.subplots(figsize=(2, 1))
    ax.bar([0, 1], [1, 2])
    ax.set_title("Échu")
    fig.savefig(io.BytesIO(), format="png", dpi=72)
    plt.close(fig)

    _KERNEL_STATE["rc"] = matplotlib.rcParams.copy()
    _KERNEL_STATE["warnings"] = list(warnings.filters)
    _KERNEL_STATE["cwd"] = os.getcwd()


def kernel_reset() -> None:
    """Between two reports in a reused kernel: back to the state after :func:`kernel_prepare`.

    Closes every figure, restores matplotlib's rcParams, pandas options, the warning
    filters and the working directory. (The user namespace itself is cleared by
    ``%reset -f`` just before.)
    """
    import matplotlib
    import matplotlib.pyplot as plt

    plt.close("all")
    if "rc" in _KERNEL_STATE:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            matplotlib.rcParams.update(_KERNEL_STATE["rc"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pd.reset_option("all")
    if "warnings" in _KERNEL_STATE:
        warnings.filters[:] = _KERNEL_STATE["warnings"]
    if "cwd" in _KERNEL_STATE:
        os.chdir(_KERNEL_STATE["cwd"])


_PREPARE_CODE = "import recouvrement.runner as _rc_r\n_rc_r.kernel_prepare()\ndel _rc_r\n"
_RESET_CODE = "%reset -f\nimport recouvrement.runner as _rc_r\n_rc_r.kernel_reset()\ndel _rc_r\n"


class KernelSession:
    """One Python kernel kept alive for several reports (namespace reset between them).

    Use as a context manager, or call :meth:`start` and :meth:`shutdown`.
    Measured on a 2-core machine: starting a kernel and importing pandas costs
    about 2 s, which a reused kernel pays once per worker instead of once per
    report.

    Parameters
    ----------
    kernel_name : str
        Jupyter kernel spec (``python3``: the interpreter running this code).
    cwd : path, optional
        Working directory of the kernel (default: the notebook's folder).
    startup_timeout : float
        Seconds to wait for the kernel to be ready.

    """

    def __init__(
        self, kernel_name: str = "python3", cwd: Path | None = None, startup_timeout: float = 60
    ):
        self.kernel_name = kernel_name
        self.cwd = Path(cwd) if cwd else NOTEBOOK.parent
        self.startup_timeout = startup_timeout
        self.km = None
        self._sockets: Path | None = None
        self.reports = 0

    def start(self) -> KernelSession:
        """Start the kernel and import the report's libraries in it."""
        return self.launch().prepare()

    def launch(self) -> KernelSession:
        """Start the kernel process and return at once (it boots meanwhile)."""
        from jupyter_client.manager import KernelManager

        # IPC transport: Unix sockets in a private folder, nothing listening on TCP
        self._sockets = Path(tempfile.mkdtemp(prefix="rc-kernel-"))
        self.km = KernelManager(
            kernel_name=self.kernel_name, transport="ipc", ip=str(self._sockets / "k")
        )
        self.km.start_kernel(cwd=str(self.cwd))
        self.reports = 0
        return self

    def prepare(self) -> KernelSession:
        """Wait for the kernel and import the report's libraries in it (:func:`kernel_prepare`)."""
        self._run(_PREPARE_CODE, timeout=self.startup_timeout)
        return self

    def _run(self, code: str, timeout: float = 120) -> None:
        # A new client each time: a client left open while nbclient's own client ran
        # cells holds stale messages and never sees its reply.
        kc = self.km.client()
        kc.start_channels()
        try:
            kc.wait_for_ready(timeout=self.startup_timeout)
            reply = kc.execute_interactive(code, timeout=timeout, output_hook=lambda msg: None)
        finally:
            kc.stop_channels()
        if reply["content"]["status"] != "ok":
            content = reply["content"]
            raise RuntimeError(
                f"kernel set-up failed: {content.get('ename')}: {content.get('evalue')}"
            )

    def alive(self) -> bool:
        """Whether the kernel process is running."""
        return self.km is not None and self.km.is_alive()

    def reset(self) -> None:
        """Clear the user namespace and restore global state (before each report but the first)."""
        if self.reports:
            self._run(_RESET_CODE)

    def restart(self) -> None:
        """Replace a dead or wedged kernel by a fresh one."""
        self.shutdown()
        self.start()

    def shutdown(self) -> None:
        """Stop the kernel (idempotent)."""
        if self.km is not None:
            with contextlib.suppress(Exception):
                self.km.shutdown_kernel(now=True)
        if self._sockets is not None:
            shutil.rmtree(self._sockets, ignore_errors=True)
        self.km = self._sockets = None

    def __enter__(self) -> KernelSession:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.shutdown()


# ---------------------------------------------------------------------------
# Export
# ---------------------------------------------------------------------------
def _clean_for_export(nb):
    """Copy of ``nb`` without what a client must not see: stderr, warnings, errors' noise."""
    import copy

    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if cell.get("cell_type") != "code":
            continue
        kept = []
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream" and out.get("name") == "stderr":
                continue
            data = out.get("data", {})
            if HEADLINE_MIME in data or ATTACHMENT_MIME in data:  # for the runner, not the reader
                continue
            kept.append(out)
        cell["outputs"] = kept
    return nb


@functools.lru_cache(maxsize=1)
def _exporter():
    """The HTML exporter with the ``audit`` template (built once per process: ~0.3 s)."""
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    c = Config()
    c.HTMLExporter.extra_template_basedirs = [str(TEMPLATES)]
    c.HTMLExporter.template_name = TEMPLATE_NAME
    c.HTMLExporter.exclude_input = True
    c.HTMLExporter.exclude_input_prompt = True
    c.HTMLExporter.exclude_output_prompt = True
    c.HTMLExporter.embed_images = True
    c.HTMLExporter.language_code = "fr"
    c.TagRemovePreprocessor.enabled = True
    c.TagRemovePreprocessor.remove_cell_tags = ("remove_cell",)
    return HTMLExporter(config=c)


def export_html(nb, title: str = "Audit du poste client") -> str:
    """Executed notebook → self-contained HTML with the package's ``audit`` template.

    Code, prompts, stderr streams and warnings are dropped; images are inlined as
    base64 (``embed_images``); the print CSS is embedded. The result needs no other
    file and no network.
    """
    nb = _clean_for_export(nb)
    nb.metadata["title"] = title
    body, _ = _exporter().from_notebook_node(nb, resources={"metadata": {"name": title}})
    return body


def html_to_pdf(html: str, path: Path, base_url: Path | None = None) -> int:
    """Print report HTML to a PDF file with WeasyPrint; return the number of pages."""
    with warnings.catch_warnings():
        # At import, without the HarfBuzz-Subset system library: "will be required by
        # future versions". Fonts are then subset with fontTools: same pages.
        warnings.filterwarnings("ignore", message=".*HarfBuzz", category=DeprecationWarning)
        import weasyprint

    wlog = logging.getLogger("weasyprint")
    level = wlog.level
    wlog.setLevel(logging.ERROR)  # unsupported-CSS chatter is not a report problem
    try:
        document = weasyprint.HTML(string=html, base_url=str(base_url or path.parent)).render()
        document.write_pdf(path)
    finally:
        wlog.setLevel(level)
    return len(document.pages)


# ---------------------------------------------------------------------------
# One report
# ---------------------------------------------------------------------------
@dataclass
class ReportResult:
    """Outcome of one report.

    ``status`` is ``"ok"``, ``"skipped"`` (up to date) or ``"failed"``; ``path`` is the
    report folder (or the ``.failed`` folder); ``error`` a one-paragraph message.
    """

    company: str
    month: str
    status: str
    path: Path
    duration: float = 0.0
    error: str | None = None
    company_name: str | None = None
    pdf_pages: int | None = None
    headline: dict[str, Any] = field(default_factory=dict)
    kernel: str = "fresh"

    @property
    def ok(self) -> bool:
        """True unless the report failed."""
        return self.status != "failed"


def _read_manifest(folder: Path) -> dict[str, Any] | None:
    try:
        return json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _up_to_date(folder: Path, inputs: dict, params: dict, code: dict) -> dict | None:
    """The existing manifest if the report in ``folder`` is current, else ``None``."""
    m = _read_manifest(folder)
    if not m or m.get("status") != "ok":
        return None
    if not all((folder / name).is_file() for name in (HTML_NAME, PDF_NAME, NOTEBOOK_NAME)):
        return None
    same_params = {k: m.get("parameters", {}).get(k) for k in KEY_PARAMETERS} == {
        k: params[k] for k in KEY_PARAMETERS
    }
    if m.get("inputs") == inputs and same_params and m.get("code") == code:
        return m
    return None


class _Laps(dict):
    """Seconds per stage of a report: ``lap(name)`` records the time since the last lap."""

    def __init__(self, start: float):
        super().__init__()
        self._last = start

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self[name] = round(now - self._last, 3)
        self._last = now


def _write_json(path: Path, obj: Any) -> None:
    path.write_text(
        json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=False) + "\n", encoding="utf-8"
    )


def _headline(nb) -> dict[str, Any]:
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if HEADLINE_MIME in data:
                return dict(data[HEADLINE_MIME])
    return {}


def _attachments(nb) -> list[dict[str, Any]]:
    """Documents the notebook attached (:func:`recouvrement.display.attachment`)."""
    found = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if ATTACHMENT_MIME in data:
                found.append(dict(data[ATTACHMENT_MIME]))
    return found


def _renumber(nb) -> None:
    """Execution counts from 1 in cell order (a reused kernel keeps counting)."""
    n = 0
    for cell in nb.cells:
        if cell.get("cell_type") == "code" and cell.get("execution_count") is not None:
            n += 1
            cell["execution_count"] = n
            for out in cell.get("outputs", []):
                if "execution_count" in out:
                    out["execution_count"] = n


def _short_error(exc: BaseException) -> str:
    ename = getattr(exc, "ename", None)
    if ename:  # papermill's PapermillExecutionError
        cell = getattr(exc, "exec_count", None)
        where = f" (cellule {cell})" if cell else ""
        return f"{ename}: {exc.evalue}{where}"
    return f"{type(exc).__name__}: {exc}"


def _publish(tmp: Path, final: Path) -> None:
    """Rename ``tmp`` to ``final``, replacing an existing folder (old one moved aside first)."""
    old = None
    if final.exists():
        old = final.parent / f".{final.name}.old-{os.getpid()}-{time.monotonic_ns()}"
        os.rename(final, old)
    os.rename(tmp, final)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


_ENGINE = "recouvrement"


def _register_engine() -> None:
    """Register papermill's nbclient engine, closing its kernel client when done.

    Given a running kernel (``km``), papermill leaves nbclient's client connected
    after the run: one stale client per report in a reused kernel, and unclosed
    sockets. This engine is papermill's own with a ``stop_channels`` at the end.
    """
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines
    from papermill.log import logger
    from papermill.utils import merge_kwargs, remove_args

    if _ENGINE in papermill_engines._engines:
        return

    class _ClosingEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(
            cls,
            nb_man,
            kernel_name,
            log_output=False,
            stdout_file=None,
            stderr_file=None,
            start_timeout=60,
            execution_timeout=None,
            **kwargs,
        ):
            kwargs = remove_args(["input_path"], **kwargs)
            safe_kwargs = remove_args(["timeout", "startup_timeout"], **kwargs)
            final_kwargs = merge_kwargs(
                safe_kwargs,
                timeout=execution_timeout if execution_timeout else kwargs.get("timeout"),
                startup_timeout=start_timeout,
                kernel_name=kernel_name,
                log=logger,
                log_output=log_output,
                stdout_file=stdout_file,
                stderr_file=stderr_file,
            )
            client = PapermillNotebookClient(nb_man, **final_kwargs)
            try:
                return client.execute()
            finally:
                if client.kc is not None:
                    client.kc.stop_channels()
                    client.kc = None

    papermill_engines.register(_ENGINE, _ClosingEngine)


def _execute(
    nb_path: Path, output: Path, parameters: dict, session: KernelSession | None, timeout: float
):
    import papermill as pm

    _register_engine()

    own = session is None
    if own:
        session = KernelSession(cwd=nb_path.parent).start()
    else:
        session.reset()
    try:
        # nbclient opens its own client on the running kernel and leaves it running
        return pm.execute_notebook(
            str(nb_path),
            str(output),
            parameters=parameters,
            progress_bar=False,
            request_save_on_cell_execute=False,
            execution_timeout=timeout,
            engine_name=_ENGINE,
            km=session.km,
        )
    finally:
        session.reports += 1
        if own:
            session.shutdown()


@dataclass
class _Plan:
    """What a report would be built from, and where (computed before any work)."""

    company: str
    month: str
    notebook: Path
    inputs: dict[str, str]
    params: dict[str, str]
    code: dict[str, str]
    stamp: str
    final: Path
    failed: Path

    def current(self) -> ReportResult | None:
        m = _up_to_date(self.final, self.inputs, self.params, self.code)
        if m is None:
            return None
        return ReportResult(
            self.company,
            self.month,
            "skipped",
            self.final,
            company_name=m.get("company_name"),
            pdf_pages=m.get("pdf_pages"),
            headline=m.get("headline", {}),
        )


def _plan(company, month, data_dir, out_dir, language, targets_file, buckets, notebook) -> _Plan:
    r = _resolve(company, month, data_dir, language, targets_file, buckets)
    notebook = Path(notebook).resolve()
    if not notebook.is_file():
        raise ReportError(f"notebook introuvable : {notebook}")
    company_out = Path(out_dir).resolve() / company
    return _Plan(
        company,
        r.month,
        notebook,
        r.inputs,
        r.params,
        code_fingerprint(notebook),
        run_stamp(r.inputs, r.params),
        company_out / r.month,
        company_out / f"{r.month}{FAILED_SUFFIX}",
    )


def up_to_date_report(
    company: str,
    month: str,
    *,
    data_dir: str | os.PathLike[str] = "data/samples",
    out_dir: str | os.PathLike[str] = "reports",
    language: str = "fr",
    targets_file: str = "",
    buckets: str = "jours",
    notebook: str | os.PathLike[str] = NOTEBOOK,
    **_: Any,
) -> ReportResult | None:
    """The existing report as a ``"skipped"`` result if it is up to date, else ``None``.

    Up to date: same input fingerprints, key parameters, package version, notebook
    and template fingerprints as its manifest, status ok, every output present.
    """
    return _plan(
        company, month, data_dir, out_dir, language, targets_file, buckets, notebook
    ).current()


def run_report(
    company: str,
    month: str,
    *,
    data_dir: str | os.PathLike[str] = "data/samples",
    out_dir: str | os.PathLike[str] = "reports",
    force: bool = False,
    language: str = "fr",
    targets_file: str = "",
    buckets: str = "jours",
    notebook: str | os.PathLike[str] = NOTEBOOK,
    session: KernelSession | None = None,
    timeout: float = 120,
) -> ReportResult:
    """Build (or skip) the monthly report of one company.

    Parameters
    ----------
    company : str
        Company id, the name of its folder in ``data_dir``.
    month : str
        ``YYYY-MM``.
    data_dir, out_dir : path
        Data folder (one sub-folder per company) and report folder.
    force : bool
        Rebuild even if an up-to-date report exists (see the module's skip rule).
    language, targets_file, buckets : str
        Notebook parameters (see :func:`report_context`).
    notebook : path
        The notebook template (default: ``notebooks/audit_mensuel.ipynb``).
    session : KernelSession, optional
        A running kernel to reuse; default: papermill starts a fresh one.
    timeout : float
        Seconds allowed per notebook cell (every cell takes about a second on the
        samples; the bound also guards against a lost kernel reply).

    Returns
    -------
    ReportResult
        Status ``ok``/``skipped``/``failed``. A failing notebook does not raise: its
        error and partial notebook are in ``<out>/<company>/<YYYY-MM>.failed/``.

    Raises
    ------
    ReportError
        Invalid company id, month, language or bucket preset; unknown company;
        missing data or targets file. Nothing is written then.

    """
    plan = _plan(company, month, data_dir, out_dir, language, targets_file, buckets, notebook)
    kernel = "fresh" if session is None else "reused"
    if not force:
        current = plan.current()
        if current is not None:
            current.kernel = kernel
            return current
    inputs, params, code, stamp = plan.inputs, plan.params, plan.code, plan.stamp
    notebook, final, failed = plan.notebook, plan.final, plan.failed
    company_out = final.parent

    company_out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{month}.tmp-", dir=company_out))
    started = _dt.datetime.now(_dt.UTC)
    t0 = time.perf_counter()
    manifest: dict[str, Any] = {
        "schema": MANIFEST_SCHEMA,
        "status": "running",
        "company": company,
        "company_name": None,
        "month": month,
        "as_of": cv.month_end(month).strftime("%Y-%m-%d"),
        "parameters": params,
        "inputs": inputs,
        "stamp": stamp,
        "code": code,
        "environment": environment(),
        "kernel": kernel,
        "started": started.isoformat(timespec="seconds"),
        "duration_s": None,
        "outputs": {},
        "pdf_pages": None,
        "headline": {},
        "error": None,
    }
    nb = None
    try:
        nb = _execute(notebook, tmp / NOTEBOOK_NAME, params, session, timeout)
        timings = _Laps(t0)
        timings.lap("execute_s")
        head = _headline(nb)
        if head.get("stamp") != stamp:
            raise RuntimeError(
                "les données ont changé pendant l'exécution (empreinte du notebook "
                f"{head.get('stamp')!r} ≠ {stamp!r}) : relancer le rapport"
            )
        _renumber(nb)
        import nbformat

        nbformat.write(nb, tmp / NOTEBOOK_NAME)
        name = head.get("company_name") or company
        title = f"Audit du poste client — {name} — {head.get('month_label', month)}"
        html = export_html(nb, title=title)
        (tmp / HTML_NAME).write_text(html, encoding="utf-8")
        timings.lap("html_s")
        pages = html_to_pdf(html, tmp / PDF_NAME)
        timings.lap("pdf_s")
        attached = {}
        for doc in _attachments(nb):
            (tmp / f"{doc['name']}.html").write_text(doc["html"], encoding="utf-8")
            html_to_pdf(doc["html"], tmp / f"{doc['name']}.pdf")
            attached[doc["name"]] = doc["count"]
        timings.lap("attachments_s")
        manifest.update(
            status="ok",
            company_name=name,
            headline=head,
            pdf_pages=pages,
            timings=dict(timings),
            attachments=attached,
            outputs={
                p.name: sha256_file(p) for p in sorted(tmp.iterdir()) if p.name != MANIFEST_NAME
            },
            duration_s=round(time.perf_counter() - t0, 3),
        )
        _write_json(tmp / MANIFEST_NAME, manifest)
        tmp.chmod(0o755)  # mkdtemp makes it private; a report folder is as readable as its files
        _publish(tmp, final)
        shutil.rmtree(failed, ignore_errors=True)
        return ReportResult(
            company, month, "ok", final, manifest["duration_s"], None, name, pages, head, kernel
        )
    except Exception as exc:  # the report failed: keep its error and notebook, go on
        message = _short_error(exc)
        (tmp / ERROR_NAME).write_text(
            f"{message}\n\n{''.join(traceback.format_exception(exc))}", encoding="utf-8"
        )
        if nb is not None and not (tmp / NOTEBOOK_NAME).exists():
            import nbformat

            nbformat.write(nb, tmp / NOTEBOOK_NAME)
        for leftover in tmp.glob("*.[hp][td][mf]*"):  # HTML and PDF outputs, never half-made
            leftover.unlink(missing_ok=True)
        manifest.update(
            status="failed", error=message, duration_s=round(time.perf_counter() - t0, 3)
        )
        _write_json(tmp / MANIFEST_NAME, manifest)
        shutil.rmtree(failed, ignore_errors=True)
        tmp.chmod(0o755)
        os.rename(tmp, failed)
        if session is not None and not session.alive():
            session.restart()
        return ReportResult(
            company, month, "failed", failed, manifest["duration_s"], message, kernel=kernel
        )
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


# ---------------------------------------------------------------------------
# Batch
# ---------------------------------------------------------------------------
@dataclass
class BatchResult:
    """Outcome of :func:`run_batch`: one :class:`ReportResult` per company, and the index."""

    month: str
    results: list[ReportResult]
    out_dir: Path
    index: Path
    duration: float = 0.0
    jobs: int = 1

    @property
    def ok(self) -> bool:
        """True when no report failed."""
        return all(r.ok for r in self.results)

    @property
    def failed(self) -> list[ReportResult]:
        """The failed reports."""
        return [r for r in self.results if not r.ok]

    def counts(self) -> dict[str, int]:
        """Number of reports per status."""
        out = {"ok": 0, "skipped": 0, "failed": 0}
        for r in self.results:
            out[r.status] = out.get(r.status, 0) + 1
        return out

    def table(self) -> str:
        """Plain-text status table (one line per company) for the console."""
        labels = {"ok": "ok", "skipped": "à jour", "failed": "ÉCHEC"}
        rows = [("Société", "Mois", "Statut", "Durée", "Dossier / erreur")]
        for r in self.results:
            rel = _relpath(r.path)
            detail = rel if r.ok else f"{rel} — {(r.error or '').splitlines()[0][:100]}"
            duration = f"{r.duration:.1f} s" if r.status != "skipped" else "—"
            rows.append((r.company, r.month, labels.get(r.status, r.status), duration, detail))
        widths = [max(len(row[i]) for row in rows) for i in range(4)]
        lines = [
            "  ".join(c.ljust(w) for c, w in zip(row[:4], widths, strict=True)) + "  " + row[4]
            for row in rows
        ]
        c = self.counts()
        lines.append(
            f"{c['ok']} rapport(s) produit(s), {c['skipped']} à jour, {c['failed']} en échec "
            f"— {self.duration:.1f} s, {self.jobs} processus — index : {_relpath(self.index)}"
        )
        return "\n".join(lines)


def _relpath(p: Path) -> str:
    try:
        return os.path.relpath(p)
    except ValueError:  # pragma: no cover - other drive on Windows
        return str(p)


_WORKER_SESSION: KernelSession | None = None


def _worker_init(kernel_name: str) -> None:
    """Process-pool initializer: one kernel per worker, shut down when the worker exits."""
    import multiprocessing.util

    global _WORKER_SESSION
    logging.getLogger("papermill").setLevel(logging.ERROR)
    _WORKER_SESSION = KernelSession(kernel_name).launch()
    multiprocessing.util.Finalize(_WORKER_SESSION, _WORKER_SESSION.shutdown, exitpriority=10)
    _warm_up()  # while the kernel boots
    _WORKER_SESSION.prepare()


def _warm_up() -> None:
    """Import the export libraries and build the exporter ahead of the first report."""
    import papermill  # noqa: F401

    _exporter()
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*HarfBuzz", category=DeprecationWarning)
        import weasyprint  # noqa: F401


def _worker_run(company: str, month: str, kwargs: dict[str, Any]) -> ReportResult:
    """One report in a pool worker: its kernel if it has one (``reuse_kernel``), else fresh."""
    try:
        return run_report(company, month, session=_WORKER_SESSION, force=True, **kwargs)
    except Exception as exc:  # never lose a company's outcome to a worker exception
        return ReportResult(
            company, month, "failed", Path(kwargs["out_dir"]) / company, error=_short_error(exc)
        )


def run_batch(
    month: str,
    *,
    companies: Iterable[str] | None = None,
    data_dir: str | os.PathLike[str] = "data/samples",
    out_dir: str | os.PathLike[str] = "reports",
    jobs: int = 2,
    force: bool = False,
    language: str = "fr",
    targets_file: str = "",
    buckets: str = "jours",
    notebook: str | os.PathLike[str] = NOTEBOOK,
    reuse_kernel: bool = True,
    progress: bool = True,
    timeout: float = 120,
) -> BatchResult:
    """Reports of several companies for one month, in parallel; then the index page.

    Parameters
    ----------
    month : str
        ``YYYY-MM``.
    companies : iterable of str, optional
        Company ids; default every sub-folder of ``data_dir`` (see :func:`list_companies`).
    data_dir, out_dir, force, language, targets_file, buckets, notebook, timeout
        As in :func:`run_report` (``targets_file`` relative to each company folder).
    jobs : int
        Worker processes (≥ 1). With 1, reports run in this process.
    reuse_kernel : bool
        One kernel per worker, reset between reports (default), instead of one
        fresh kernel per report.
    progress : bool
        Show a tqdm progress bar on stderr (when it is a terminal).

    Returns
    -------
    BatchResult
        Results in the order of ``companies``. One company failing never stops the
        others; its error and notebook are kept in its ``.failed`` folder.

    Raises
    ------
    ReportError
        Invalid month or parameters, unknown company in ``companies``, ``jobs < 1``.

    """
    import concurrent.futures as cf
    import multiprocessing as mp

    from tqdm.auto import tqdm

    t0 = time.perf_counter()
    month = validate_month(month)
    validate_language(language)
    validate_buckets(buckets)
    if jobs < 1:
        raise ReportError(f"--jobs doit être ≥ 1 (reçu {jobs})")
    root = resolve_data_dir(data_dir)
    ids = list(companies) if companies is not None else list_companies(root)
    for c in ids:
        company_folder(root, c)  # validates every id before any work
    out_root = Path(out_dir).resolve()
    out_root.mkdir(parents=True, exist_ok=True)
    common = dict(
        data_dir=str(root),
        out_dir=str(out_root),
        language=language,
        targets_file=targets_file,
        buckets=buckets,
        notebook=str(Path(notebook).resolve()),
        timeout=timeout,
    )

    results: dict[str, ReportResult] = {}
    todo = []
    for c in ids:  # skip check here: cheap, and no kernel is started for nothing
        try:
            current = None if force else up_to_date_report(c, month, **common)
        except ReportError as exc:
            results[c] = ReportResult(c, month, "failed", out_root / c, error=str(exc))
            continue
        if current is not None:
            results[c] = current
        else:
            todo.append(c)
    bar = tqdm(
        total=len(ids),
        desc=f"Rapports {month}",
        unit="rapport",
        disable=None if progress else True,
        leave=False,
    )
    bar.update(len(results))
    workers = min(jobs, len(todo))
    if todo and workers == 1:
        session = KernelSession().start() if reuse_kernel else None
        try:
            for c in todo:
                bar.set_postfix_str(c)
                results[c] = run_report(c, month, force=True, session=session, **common)
                bar.update(1)
        finally:
            if session is not None:
                session.shutdown()
    elif todo:
        ctx = mp.get_context("spawn")
        init = (_worker_init, ("python3",)) if reuse_kernel else (None, ())
        with cf.ProcessPoolExecutor(
            workers, mp_context=ctx, initializer=init[0], initargs=init[1]
        ) as pool:
            futures = {pool.submit(_worker_run, c, month, common): c for c in todo}
            for fut in cf.as_completed(futures):
                c = futures[fut]
                try:
                    results[c] = fut.result()
                except Exception as exc:  # a worker process died
                    results[c] = ReportResult(
                        c, month, "failed", out_root / c, error=_short_error(exc)
                    )
                bar.set_postfix_str(c)
                bar.update(1)
    bar.close()
    index = write_index(out_root)
    ordered = [results[c] for c in ids]
    return BatchResult(month, ordered, out_root, index, time.perf_counter() - t0, max(workers, 1))


# ---------------------------------------------------------------------------
# Index page
# ---------------------------------------------------------------------------
def _index_rows(out_root: Path) -> list[dict[str, Any]]:
    rows = []
    for company_dir in sorted(
        p for p in out_root.iterdir() if p.is_dir() and not p.name.startswith(".")
    ):
        months: dict[str, dict[str, Any]] = {}
        for d in sorted(company_dir.iterdir()):
            if not d.is_dir() or d.name.startswith("."):
                continue
            month = d.name.removesuffix(FAILED_SUFFIX)
            if not MONTH_RE.fullmatch(month):
                continue
            m = _read_manifest(d)
            if m is None:
                continue
            entry = months.setdefault(month, {"company": company_dir.name, "month": month})
            if d.name.endswith(FAILED_SUFFIX):
                entry["failed"] = m
                entry["failed_href"] = quote(f"{company_dir.name}/{d.name}/{ERROR_NAME}")
            else:
                entry["ok"] = m
                base = quote(f"{company_dir.name}/{d.name}")
                entry["html_href"], entry["pdf_href"] = f"{base}/{HTML_NAME}", f"{base}/{PDF_NAME}"
                entry["letters_href"] = f"{base}/lettres.pdf"
        rows.extend(months.values())
    rows.sort(key=lambda r: (r["month"], r["company"]), reverse=False)
    rows.sort(key=lambda r: r["month"], reverse=True)
    return rows


def write_index(out_dir: str | os.PathLike[str]) -> Path:
    """Write ``<out>/index.html``: every report under ``out_dir`` with its headline figures.

    Rows come from the manifests (newest month first, then company). Every value is
    escaped by Jinja's autoescape. Written to a temporary file then renamed.
    """
    import jinja2

    from recouvrement import formatting as fm

    out_root = Path(out_dir)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES / "index")),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters.update(
        eur=fm.fmt_eur,
        pct=fm.fmt_pct,
        intfr=fm.fmt_int,
        month=fm.fmt_month,
        days=lambda v: fm.fmt_days(v, 1),
    )
    css = (TEMPLATES / "index" / "index.css").read_text(encoding="utf-8")
    html = env.get_template("index.html.j2").render(
        rows=_index_rows(out_root), css=css, version=__version__
    )
    target = out_root / INDEX_NAME
    fd, tmp = tempfile.mkstemp(prefix=".index-", suffix=".html", dir=out_root)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(html)
    os.chmod(tmp, 0o644)  # mkstemp makes it private
    os.replace(tmp, target)
    return target


# ---------------------------------------------------------------------------
# Latest month
# ---------------------------------------------------------------------------
def latest_month(data_dir: str | os.PathLike[str] = "data/samples") -> str:
    """The default month of a batch: the latest month with data, ``YYYY-MM``.

    For each readable company folder, the month of its last invoice issue date or
    payment date; the latest of these over the companies. A monthly extract is taken
    after the month's close, so its last operations belong to the month to audit;
    pass ``month`` explicitly to audit an earlier one. Companies whose data cannot be
    read are ignored here (their report will say why).

    Raises
    ------
    ReportError
        When no company of ``data_dir`` can be read.

    """
    from recouvrement.io import read_ledger
    from recouvrement.ledger import LedgerError

    root = resolve_data_dir(data_dir)
    best = None
    for c in list_companies(root):
        try:
            ledger = read_ledger(root / c)
        except LedgerError:
            continue
        dates = [ledger.invoices["issue_date"].max(), ledger.payments["date"].max()]
        dates = [d for d in dates if not pd.isna(d)]
        if dates:
            month = pd.Period(max(dates), "M")
            best = month if best is None else max(best, month)
    if best is None:
        raise ReportError(f"aucune société lisible dans {root}")
    return str(best)


def result_dict(result: ReportResult) -> dict[str, Any]:
    """A :class:`ReportResult` as JSON-able dict (paths as strings)."""
    d = asdict(result)
    d["path"] = str(result.path)
    return d


if __name__ == "__main__":  # pragma: no cover
    sys.exit("use the `recouvrement` command (recouvrement.cli)")
