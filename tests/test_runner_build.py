"""One report's build: the letters as PDF (printed apart or here), HTML only, or none.

One real report (a kernel, ``print_apart=True``: the letters printed by a
:class:`~recouvrement.runner.export.PdfPrinter` while the report is printed); the other
modes rebuild it from that executed notebook (``execute`` replaced), so that they cost
no kernel. The mode is part of the skip rule.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pytest
from pypdf import PdfReader

from recouvrement import runner as rp
from recouvrement.runner import build
from recouvrement.runner.export import notebook_attachments
from recouvrement.runner.letters import write_letters
from recouvrement.runner.manifest import MANIFEST_NAME, NOTEBOOK_NAME

ROOT = Path(__file__).resolve().parents[1]
COMPANY, MONTH = "batiment-durand", "2026-10"
LETTER_FILES = {"lettres.html", "lettres.csv", "lettres-a-completer.csv", "lettres"}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The report of one sample company, its letters printed apart."""
    data = tmp_path_factory.mktemp("data")
    shutil.copytree(ROOT / "data" / "samples" / COMPANY, data / COMPANY)
    out = tmp_path_factory.mktemp("out")
    result = rp.run_report(COMPANY, MONTH, data_dir=data, out_dir=out, print_apart=True)
    assert result.status == "ok", result.error
    return data, out, result


def _manifest(folder: Path) -> dict:
    return json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))


def test_letters_printed_apart_are_whole(built):
    _, _, result = built
    manifest = _manifest(result.path)
    n = manifest["attachments"]["lettres"]
    assert manifest["letters"] == "pdf" and n > 0
    assert "lettres.pdf" in manifest["outputs"]
    pdf = PdfReader(result.path / "lettres.pdf")
    assert len(pdf.pages) >= n  # a long letter may take two pages
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert text.count("Réf. client") == n


def test_the_letters_mode_is_part_of_the_skip_rule(built):
    data, out, _ = built
    kwargs = {"data_dir": data, "out_dir": out}
    assert rp.up_to_date_report(COMPANY, MONTH, **kwargs) is not None  # pdf, the default
    assert rp.up_to_date_report(COMPANY, MONTH, letters="html", **kwargs) is None
    with pytest.raises(rp.ReportError, match="lettres : pdf, html, none"):
        rp.plan_report(COMPANY, MONTH, letters="docx", **kwargs)


@pytest.mark.parametrize(
    ("mode", "expected"),
    [("html", LETTER_FILES), ("none", set())],
    ids=["html: every letter file but the PDF", "none: no letter file"],
)
def test_letters_html_only_or_none(built, tmp_path, monkeypatch, mode, expected):
    data, out, result = built
    executed = nbformat.read(result.path / NOTEBOOK_NAME, as_version=4)

    def replay(nb_path, output, parameters, session, timeout):
        nbformat.write(executed, output)
        return executed

    monkeypatch.setattr(build, "execute", replay)
    again = rp.run_report(COMPANY, MONTH, data_dir=data, out_dir=tmp_path, letters=mode)
    assert again.status == "ok", again.error
    files = {p.name for p in again.path.iterdir()}
    assert files & (LETTER_FILES | {"lettres.pdf"}) == expected
    assert {"rapport.html", "rapport.pdf", "rapport.xlsx"} <= files
    manifest = _manifest(again.path)
    assert manifest["letters"] == mode
    assert manifest["attachments"]["lettres"] == _manifest(result.path)["attachments"]["lettres"]
    assert (again.path / "rapport.html").read_bytes() == (result.path / "rapport.html").read_bytes()
    assert rp.up_to_date_report(COMPANY, MONTH, data_dir=data, out_dir=tmp_path, letters=mode)


def test_write_letters_without_the_pdf(built, tmp_path):
    _, _, result = built
    nb = nbformat.read(result.path / NOTEBOOK_NAME, as_version=4)
    doc = next(d for d in notebook_attachments(nb) if d.get("kind") == "letters")
    rows = write_letters(doc, tmp_path, company=COMPANY, company_name="x", month=MONTH, pdf=False)
    assert {p.name for p in tmp_path.iterdir()} == LETTER_FILES
    assert rows == _manifest(result.path)["letters_checklist"]
