"""End to end: notebook → executed notebook, HTML, PDF, manifest, index; batch and CLI.

Runs real Jupyter kernels (a few seconds per report). Two batches are shared by
the tests of this module:

- ``samples_run``: copies of the four bundled sample companies, two workers, so each
  worker's second report runs in a *reused* kernel;
- ``security_run``: the CLI on companies ``alpha`` (a debtor named like a script),
  ``beta`` and a broken ``gamma``, two workers.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from recouvrement import runner as rp
from recouvrement._version import __version__
from recouvrement.cli import app
from recouvrement.formatting import fmt_eur
from recouvrement.io import fingerprint_folder, sha256_file
from recouvrement.runner.export import export_html
from recouvrement.runner.manifest import (
    ERROR_NAME,
    FAILED_SUFFIX,
    HTML_NAME,
    INDEX_NAME,
    MANIFEST_NAME,
    NOTEBOOK,
    NOTEBOOK_NAME,
    PDF_NAME,
)
from tests import pdf_checks
from tests.conftest import ALPHA_DEBTORS, BETA_DEBTORS, XSS_NAME, make_company, untypeset

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"
MONTH = "2026-10"
#: The four sample companies of the CSV/XLSX/Parquet exports (the FEC one has its module).
SAMPLE_COMPANIES = ("conseil-horizon", "batiment-durand", "meca-precision", "maison-lumiere")
SECTIONS = (
    "Sommaire",
    "Tableau de bord",
    "Messages clés",
    "Plan d'action",
    "Balance âgée",
    "Principaux débiteurs en retard",
    "Recouvrement et délais de paiement",
    "Litiges, procédures collectives et pertes",
    "Risques débiteurs",
    "Audit des relances",
    "Droits du créancier",
    "Annexe A. Constats détaillés",
    "Annexe B. Plan d'action et relances en détail",
    "Annexe C. Portefeuille en détail",
    "Annexe D. Comptabilité et lettrage",
    "Annexe E. Qualité des données",
    "Annexe F. Méthodologie",
    "Annexe G. Annexe technique",
    "Sources des données et empreintes",
    "Indicateurs : formules et conventions appliquées",
    "Relances, droit et notation : règles appliquées",
)


def _text(s: str) -> str:
    """Collapse every kind of space (PDF text extraction varies) to one plain space."""
    return re.sub(r"[\s\u00a0\u202f]+", " ", s).replace("’", "'")


@pytest.fixture(scope="module")
def samples_run(tmp_path_factory):
    data = tmp_path_factory.mktemp("samples")
    for company in SAMPLE_COMPANIES:
        shutil.copytree(SAMPLES / company, data / company)
    out = tmp_path_factory.mktemp("reports")
    result = rp.run_batch(
        MONTH,
        companies=list(SAMPLE_COMPANIES),
        data_dir=data,
        out_dir=out,
        jobs=2,
        progress=False,
    )
    return data, out, result


@pytest.fixture(scope="module")
def security_run(tmp_path_factory):
    data = tmp_path_factory.mktemp("clients")
    make_company(data, "alpha", name="Alpha Construction SAS", debtor_names=ALPHA_DEBTORS, seed=1)
    make_company(data, "beta", name="Beta Commerce SARL", debtor_names=BETA_DEBTORS, seed=2)
    (data / "gamma").mkdir()
    (data / "gamma" / "invoices.csv").write_text("no,such,columns\n1,2,3\n", encoding="utf-8")
    out = tmp_path_factory.mktemp("out")
    cli = CliRunner().invoke(
        app,
        [
            "batch",
            "--month",
            MONTH,
            "--data",
            str(data),
            "--out",
            str(out),
            "--jobs",
            "2",
            "--no-progress",
        ],
    )
    return data, out, cli


def test_batch_produces_every_file(samples_run):
    _, out, result = samples_run
    assert [r.status for r in result.results] == ["ok"] * len(SAMPLE_COMPANIES), result.table()
    for company in SAMPLE_COMPANIES:
        folder = out / company / MONTH
        # maison-lumiere's where: filter excludes rows: listed whole in exclusions.csv
        extra = ["exclusions.csv"] if company == "maison-lumiere" else []
        assert sorted(p.name for p in folder.iterdir()) == sorted(
            [HTML_NAME, PDF_NAME, NOTEBOOK_NAME, MANIFEST_NAME, "rapport.xlsx"]
            + ["lettres.html", "lettres.pdf", "lettres", "lettres.csv", "lettres-a-completer.csv"]
            + extra
        )
        assert not list((out / company).glob(".*"))  # no temporary folder left behind
        assert folder.stat().st_mode & 0o777 == 0o755  # not the private mode of a temp folder
    # two workers, four companies: each worker's kernel is reused for its next company
    assert sum(r.kernel == "reused" for r in result.results) >= 2


@pytest.mark.parametrize("company", SAMPLE_COMPANIES)
def test_html_has_every_section_french_figures_and_no_code(samples_run, company):
    _, out, _ = samples_run
    html = untypeset((out / company / MONTH / HTML_NAME).read_text(encoding="utf-8"))
    manifest = json.loads((out / company / MONTH / MANIFEST_NAME).read_text(encoding="utf-8"))
    head = manifest["headline"]
    for title in SECTIONS:
        assert title in html, title
    assert fmt_eur(head["encours"]) in html  # 608 935,26 € style, no-break spaces
    assert re.search(r"\d{2}/\d{2}/\d{4}", html)
    assert "31/10/2026" in html
    for forbidden in (
        "Traceback",
        "import recouvrement",
        "display(",
        "In&nbsp;[",
        "<script",
        "Warning",
    ):
        assert forbidden not in html, forbidden
    assert 'class="rc-chart"' in html and "data:image/png" not in html  # vector charts inline
    assert not re.search(r'src="(?!data:)', html)
    assert manifest["stamp"] in html


def test_pdf_is_paginated_and_shows_company_and_total(samples_run):
    data, out, _ = samples_run
    folder = out / "conseil-horizon" / MONTH
    reader = PdfReader(folder / PDF_NAME)
    assert len(reader.pages) >= 8
    text = _text(" ".join(page.extract_text() for page in reader.pages))
    head = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))["headline"]
    assert head["company_name"] == "Conseil Horizon SARL"
    assert "Conseil Horizon SARL" in text
    assert _text(fmt_eur(head["encours"])) in text  # the aged balance total
    assert f"Page 2 / {len(reader.pages)}" in text


def test_manifest_records_parameters_fingerprints_version(samples_run):
    data, out, _ = samples_run
    manifest = json.loads(
        (out / "conseil-horizon" / MONTH / MANIFEST_NAME).read_text(encoding="utf-8")
    )
    assert manifest["status"] == "ok"
    assert manifest["parameters"]["company"] == "conseil-horizon"
    assert manifest["parameters"]["month"] == MONTH
    assert manifest["inputs"] == fingerprint_folder(data / "conseil-horizon")
    assert manifest["inputs"]["invoices.csv"] == sha256_file(
        data / "conseil-horizon" / "invoices.csv"
    )
    assert manifest["code"]["version"] == __version__
    assert manifest["duration_s"] > 0
    assert manifest["pdf_pages"] >= 8
    nb = nbformat.read(out / "conseil-horizon" / MONTH / NOTEBOOK_NAME, as_version=4)
    assert nb.metadata["papermill"]["parameters"]["company"] == "conseil-horizon"


def test_index_links_every_report(samples_run):
    _, out, result = samples_run
    html = result.index.read_text(encoding="utf-8")
    assert result.index == out / INDEX_NAME
    for company in ("conseil-horizon", "batiment-durand"):
        assert f'href="{company}/{MONTH}/rapport.html"' in html
        assert f'href="{company}/{MONTH}/rapport.pdf"' in html
    assert "Conseil Horizon SARL" in html


def test_same_inputs_give_the_same_report_in_a_fresh_kernel(samples_run, tmp_path):
    data, out, _ = samples_run
    fresh = rp.run_report("batiment-durand", MONTH, data_dir=data, out_dir=tmp_path)
    assert fresh.status == "ok" and fresh.kernel == "fresh"
    reused = (out / "batiment-durand" / MONTH / HTML_NAME).read_bytes()
    assert (fresh.path / HTML_NAME).read_bytes() == reused


def test_unchanged_company_is_skipped_and_changed_one_rerun(samples_run):
    data, out, _ = samples_run
    again = rp.run_batch(MONTH, data_dir=data, out_dir=out, jobs=1, progress=False)
    assert [r.status for r in again.results] == ["skipped"] * len(SAMPLE_COMPANIES)
    with (data / "conseil-horizon" / "invoices.csv").open("a", encoding="utf-8") as fh:
        fh.write("\n")  # a byte changed: the fingerprint changes
    third = rp.run_batch(MONTH, data_dir=data, out_dir=out, jobs=1, progress=False)
    statuses = {r.company: r.status for r in third.results}
    assert statuses == {c: "ok" if c == "conseil-horizon" else "skipped" for c in SAMPLE_COMPANIES}
    forced = rp.run_batch(
        MONTH, companies=["batiment-durand"], data_dir=data, out_dir=out, force=True, progress=False
    )
    assert [r.status for r in forced.results] == ["ok"]


def test_batch_with_a_broken_company_finishes_the_others_and_fails(security_run):
    _, out, cli = security_run
    assert cli.exit_code == 1, cli.output
    assert re.search(r"alpha\s+2026-10\s+ok", cli.output)
    assert re.search(r"beta\s+2026-10\s+ok", cli.output)
    assert re.search(r"gamma\s+2026-10\s+ÉCHEC", cli.output)
    failed = out / "gamma" / f"{MONTH}{FAILED_SUFFIX}"
    assert "LedgerError" in (failed / ERROR_NAME).read_text(encoding="utf-8")
    assert (failed / NOTEBOOK_NAME).is_file()  # kept for inspection
    assert not (out / "gamma" / MONTH).exists()  # nothing published under the report's name
    assert (out / "alpha" / MONTH / PDF_NAME).is_file()
    index = out / INDEX_NAME
    assert "gamma/2026-10.failed/error.txt" in index.read_text(encoding="utf-8")
    assert index.stat().st_mode & 0o777 == 0o644


def test_client_data_is_escaped_and_companies_do_not_leak(security_run):
    _, out, _ = security_run
    alpha = (out / "alpha" / MONTH / HTML_NAME).read_text(encoding="utf-8")
    beta = (out / "beta" / MONTH / HTML_NAME).read_text(encoding="utf-8")
    assert XSS_NAME not in alpha
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in alpha
    assert "Maçonnerie Alpha &amp; Fils" in alpha
    for name in BETA_DEBTORS:
        assert name not in alpha
    for name in ALPHA_DEBTORS:
        assert name.replace("&", "&amp;") not in beta and name not in beta
    assert "Beta Commerce SARL" in beta and "Alpha Construction SAS" not in beta


@pytest.mark.parametrize("company", ["../x", "/etc", "a/b"])
def test_cli_refuses_company_ids_that_are_not_plain_names(tmp_path, company):
    cli = CliRunner().invoke(
        app,
        [
            "report",
            "--company",
            company,
            "--month",
            MONTH,
            "--data",
            str(SAMPLES),
            "--out",
            str(tmp_path),
        ],
    )
    assert cli.exit_code == 2
    assert "identifiant de société invalide" in cli.output
    assert list(tmp_path.iterdir()) == []


def test_cli_unknown_company_and_bad_month(tmp_path):
    runner = CliRunner()
    cli = runner.invoke(
        app, ["report", "--company", "nobody", "--data", str(SAMPLES), "--out", str(tmp_path)]
    )
    assert cli.exit_code == 2 and "société inconnue" in cli.output
    cli = runner.invoke(
        app, ["batch", "--month", "2026-13", "--data", str(SAMPLES), "--out", str(tmp_path)]
    )
    assert cli.exit_code == 2 and "mois invalide" in cli.output


def test_report_notebook_runs_with_its_default_parameters(tmp_path):
    import papermill as pm

    # the template as an analyst opens it: notebooks/ (a link to the package's copy)
    nb = pm.execute_notebook(
        str(ROOT / "notebooks" / "audit_mensuel.ipynb"),
        str(tmp_path / "out.ipynb"),
        cwd=str(ROOT / "notebooks"),
        progress_bar=False,
        kernel_name="python3",
    )
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert not [o for o in outputs if o.get("name") == "stderr"]
    html = export_html(nb)
    assert "Bâtiment Durand" in html or "Batiment Durand" in html
    assert "Balance âgée" in html


def test_help_notebook_documents_the_parameters():
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-m", "papermill", "--help-notebook", str(NOTEBOOK)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for name in ("company", "month", "data_dir", "language", "targets_file", "buckets"):
        assert f"{name}: str" in out
    assert "plan: dict" in out
    assert "mois audité, AAAA-MM" in out


def test_audit_layer_sections_and_letters(samples_run):
    _, out, _ = samples_run
    folder = out / "conseil-horizon" / MONTH
    html = _text((folder / HTML_NAME).read_text(encoding="utf-8"))
    manifest = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
    head = manifest["headline"]
    # the written findings cover the audit layer, with the report's own figures
    assert re.search(r"\d+,\d % des factures échues à relancer \(\d+ sur \d+", html)
    assert (
        f"{_text(fmt_eur(head['total_claimable']))} de pénalités de retard et d'indemnités" in html
    )
    assert "débiteurs sont classés « à risque »" in html
    assert "Calendrier appliqué : « standard »" in html
    # one letter per procedure of the next-actions list, in HTML and in PDF
    n = manifest["attachments"]["lettres"]
    assert n == head["letters"] and n > 0
    letters_html = (folder / "lettres.html").read_text(encoding="utf-8")
    assert letters_html.count('<article class="letter') == n
    assert "Si le règlement a déjà été effectué" in letters_html
    pdf = PdfReader(folder / "lettres.pdf")
    assert len(pdf.pages) >= n  # a long letter may take two pages
    assert _text(" ".join(p.extract_text() for p in pdf.pages)).count("Réf. client") == n
    assert "lettres.pdf" in manifest["outputs"]


def test_company_without_dunning_log_says_so(security_run):
    _, out, _ = security_run
    html = _text((out / "alpha" / MONTH / HTML_NAME).read_text(encoding="utf-8"))
    assert "non disponible : pas de journal des relances" in html
    # no log is not no plan (issue 12): the overdue invoices start at the first level
    assert "Journal des relances absent" in html


# -- the printed report: pages a CFO reads, nothing cut, nothing orphaned ------------------

#: Points per millimetre; the report's right margin (16 mm) less a rounding allowance.
MM = 72 / 25.4
RIGHT_MARGIN_PT = 15 * MM


def _outline_pages(pdf: Path) -> dict[str, int]:
    """Bookmark title -> its 1-based page (the first of a title)."""
    reader = PdfReader(pdf)
    out: dict[str, int] = {}

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                out.setdefault(str(item.title), reader.get_destination_page_number(item) + 1)

    walk(reader.outline)
    return out


@pytest.mark.parametrize("company", SAMPLE_COMPANIES)
def test_pdf_front_pages_body_length_and_bookmarks(samples_run, company):
    """The dashboard on page 3 (after the cover and the contents), the key messages on
    page 4, the action plan on page 5; the main body, up to the first appendix, at
    most 12 pages; every section a bookmark; the document's title, author, subject."""
    _, out, _ = samples_run
    pdf = out / company / MONTH / PDF_NAME
    pages = _outline_pages(pdf)
    assert pages["Tableau de bord"] == 3, pages
    assert pages["Messages clés"] == 4, pages
    assert pages["Plan d’action"] == 5, pages
    assert pages["Annexe A. Constats détaillés"] - 1 <= 12, pages
    info = pdf_checks.metadata(pdf)
    assert info["Author"] == "Cabinet Lefort Conseil (fictif)"
    assert info["Title"].startswith("Audit du poste client — ")
    assert info["Subject"].startswith("Audit du poste client de ")


@pytest.mark.parametrize("company", SAMPLE_COMPANIES)
def test_pdf_has_no_text_off_the_page_and_no_heading_ending_a_page(samples_run, company):
    """A table cut at the page edge leaves text beyond the printable area; a heading
    alone at the foot of a page is the last body line of that page."""
    _, out, _ = samples_run
    pdf = out / company / MONTH / PDF_NAME
    beyond = pdf_checks.text_beyond_page(pdf, margin_pt=RIGHT_MARGIN_PT)
    assert not beyond, [(line.page, line.text[:40]) for line in beyond[:5]]
    orphans = pdf_checks.headings_ending_pages(pdf, heading_min_size=10.5)
    assert not orphans, [(line.page, line.text) for line in orphans]


def test_pdf_embeds_only_the_shipped_font(samples_run):
    """Source Sans 3, shipped in the package, and nothing of the machine's fonts: in the
    report and in the letters."""
    _, out, _ = samples_run
    for name in (PDF_NAME, "lettres.pdf"):
        fonts = pdf_checks.embedded_fonts(out / "batiment-durand" / MONTH / name)
        assert fonts and all(font.startswith("Source-Sans-3") for font in fonts), (name, fonts)


def test_pages_do_not_depend_on_the_machine_fonts(samples_run, tmp_path):
    """Printed again on a machine with more fonts installed (the system's, plus the
    DejaVu, STIX and Computer Modern families matplotlib carries, through a fontconfig
    file), the report has the same pages and still embeds only the shipped family."""
    import matplotlib

    _, out, _ = samples_run
    folder = out / "conseil-horizon" / MONTH
    extra = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        f"<dir>{extra}</dir>"
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
        f"<cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    again = tmp_path / "again.pdf"
    script = (
        "import sys; from pathlib import Path; from recouvrement.runner.export import html_to_pdf; "
        "print(html_to_pdf(Path(sys.argv[1]).read_text(encoding='utf-8'), Path(sys.argv[2]), "
        "base_url=Path(sys.argv[1]).parent))"
    )
    env = {**os.environ, "FONTCONFIG_FILE": str(conf)}
    done = subprocess.run(
        [sys.executable, "-c", script, str(folder / HTML_NAME), str(again)],
        env=env, capture_output=True, text=True, check=True, timeout=600,
    )  # fmt: skip
    manifest = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert int(done.stdout.strip()) == manifest["pdf_pages"] == len(PdfReader(again).pages)
    assert all(name.startswith("Source-Sans-3") for name in pdf_checks.embedded_fonts(again))
