"""The runner's pieces that need no kernel: atomic publication, the index page, manifests."""

from __future__ import annotations

import json
from pathlib import Path

from recouvrement.report.headline import Headline
from recouvrement.runner.index import write_index
from recouvrement.runner.manifest import MANIFEST_NAME
from recouvrement.runner.report import publish
from tests.conftest import XSS_NAME


def test_publish_replaces_a_folder_whole(tmp_path):
    final = tmp_path / "2026-10"
    final.mkdir()
    (final / "old.txt").write_text("old")
    tmp = tmp_path / ".tmp"
    tmp.mkdir()
    (tmp / "new.txt").write_text("new")
    publish(tmp, final)
    assert sorted(p.name for p in final.iterdir()) == ["new.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2026-10"]


def _manifest(folder: Path, **figures) -> None:
    folder.mkdir(parents=True)
    name = figures.pop("company_name", "Acme")
    month = folder.name
    headline = Headline(
        company=folder.parent.name,
        company_name=name,
        month=month,
        month_label=month,
        as_of=f"{month}-28",
        stamp="0123456789abcdef",
        **figures,
    )
    manifest = {
        "status": "ok",
        "company_name": name,
        "stamp": "0123456789abcdef",
        "headline": headline.to_json(),
    }
    (folder / MANIFEST_NAME).write_text(json.dumps(manifest), encoding="utf-8")


def test_index_lists_reports_escaped_and_formatted(tmp_path):
    _manifest(
        tmp_path / "acme" / "2026-10",
        company_name=XSS_NAME,
        encours=1234.5,
        dso=45.26,
        overdue=None,
        letters=3,
    )
    _manifest(tmp_path / "acme" / "2026-09", encours=10.0)
    (tmp_path / "beta" / "2026-10.failed").mkdir(parents=True)
    (tmp_path / "beta" / "2026-10.failed" / MANIFEST_NAME).write_text(
        json.dumps({"status": "failed", "error": "LedgerError: <b>bad</b>"}), encoding="utf-8"
    )
    html = write_index(tmp_path).read_text(encoding="utf-8")
    assert XSS_NAME not in html and "<b>bad</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;bad&lt;/b&gt;" in html
    assert "1\u00a0234,50\u00a0€" in html
    assert "45,3\u00a0j" in html
    assert "octobre 2026" in html and "septembre 2026" in html
    assert 'href="acme/2026-10/rapport.pdf"' in html
    assert 'href="acme/2026-10/lettres.pdf">lettres (3)' in html
    assert html.index("octobre 2026") < html.index("septembre 2026")  # newest first
    assert "non disponible" in html  # a missing figure is said, not invented


def test_index_says_non_disponible_for_a_manifest_it_cannot_read(tmp_path):
    folder = tmp_path / "acme" / "2026-10"
    folder.mkdir(parents=True)
    old = {"status": "ok", "company_name": "Acme", "stamp": "x", "headline": {"encours": 1.0}}
    (folder / MANIFEST_NAME).write_text(json.dumps(old), encoding="utf-8")
    html = write_index(tmp_path).read_text(encoding="utf-8")
    assert html.count("non disponible") == 9  # every figure of the row, none invented
    assert "1,00" not in html


# --- the letters beside a report, and a batch's checklist --------------------------------


def _letters_doc(creditor=None):
    """A letters attachment as the notebook carries it (through JSON): two letters."""
    import pandas as pd

    from recouvrement.dunning import letters as lt
    from recouvrement.report.attachments import letters_attachment
    from tests.test_letters import SETTINGS

    inv = pd.DataFrame(
        {
            "invoice_id": ["F1"],
            "issue_date": pd.to_datetime(["2026-08-01"]),
            "due_date": pd.to_datetime(["2026-08-31"]),
            "amount": [1000.0],
            "residual": [1000.0],
        }
    )
    letters = [
        lt.draft_letter("C1", "Alpha SAS", 3, inv, "2026-10-31", channel="LRAR", creditor=creditor, settings=SETTINGS),
        lt.draft_letter("C2", XSS_NAME, 1, inv, "2026-10-31", channel="email", creditor=creditor, settings=SETTINGS),
    ]  # fmt: skip
    return letters, json.loads(json.dumps(letters_attachment(letters).payload))


def test_the_letters_are_written_whole_beside_the_report(tmp_path):
    """HTML, PDF, one .docx per letter (the letter's very text), the register and the
    checklist: the mentions of art. R.123-237 code de commerce missing here, one row each
    for the company, not one per letter."""
    import docx

    from recouvrement.runner.letters import write_letters

    letters, doc = _letters_doc()
    rows = write_letters(doc, tmp_path, company="acme", company_name="Acme SA", month="2026-10")
    names = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert names == [
        "lettres-a-completer.csv",
        "lettres.csv",
        "lettres.html",
        "lettres.pdf",
        "lettres/001-C1-mise-en-demeure.docx",
        "lettres/002-C2-relance-1.docx",
    ]
    for letter, name in zip(letters, names[4:], strict=True):
        document = docx.Document(tmp_path / name)
        assert [p.text for p in document.paragraphs] == letter.paragraphs
    register = (tmp_path / "lettres.csv").read_text(encoding="utf-8").splitlines()
    assert len(register) == 3 and "<script>" in register[2]  # plain text in a CSV
    checklist = (tmp_path / "lettres-a-completer.csv").read_text(encoding="utf-8").splitlines()
    assert checklist[0].lstrip("\ufeff") == (
        "Société;Raison sociale;Mois;Élément à compléter ou vérifier;Article;Lettres concernées;"
        "Débiteurs"
    )
    assert len(checklist) == 1 + len(rows) and len({r["item"] for r in rows}) == len(rows)
    assert (
        "acme;Acme SA;2026-10;Numéro SIREN (creditor: siren);art. R.123-237 du code de commerce;2;"
    ) in checklist
    assert XSS_NAME not in (tmp_path / "lettres.html").read_text(encoding="utf-8")


def test_a_docx_name_is_never_a_path(tmp_path):
    import pytest

    from recouvrement.runner.letters import write_letters

    _, doc = _letters_doc()
    doc["letters"][0]["file"] = "../../evil.docx"
    with pytest.raises(ValueError, match="invalide"):
        write_letters(doc, tmp_path, company="acme", company_name="Acme", month="2026-10")
    assert not (tmp_path.parent.parent / "evil.docx").exists()


def test_a_batch_gathers_one_checklist_row_per_company_and_item(tmp_path):
    """Each company's items once (art. R.123-237 code de commerce), whatever its number of
    letters; a failed report and a report without letters add none; escaped in HTML."""
    from recouvrement.runner.letters import CHECKLIST_KEY, write_batch_checklist
    from recouvrement.runner.report import ReportResult

    rows = [
        {"item": "Numéro SIREN (creditor: siren)", "article": "art. R.123-237 du code de commerce", "letters": 7, "debtors": []},
        {"item": "Type du débiteur non renseigné", "article": "art. L.441-10", "letters": 2, "debtors": ["C1", "C9"]},
    ]  # fmt: skip
    results = []
    for company, name, checklist, status in [
        ("acme", XSS_NAME, rows, "ok"),
        ("beta", "Beta", None, "skipped"),
        ("gamma", "Gamma", rows, "failed"),
    ]:
        folder = tmp_path / company / "2026-10"
        folder.mkdir(parents=True)
        manifest = {"status": status, "company_name": name, CHECKLIST_KEY: checklist}
        (folder / MANIFEST_NAME).write_text(json.dumps(manifest), encoding="utf-8")
        results.append(ReportResult(company, "2026-10", status, folder))
    target = write_batch_checklist(tmp_path, results)
    lines = target.read_text(encoding="utf-8").lstrip("\ufeff").splitlines()
    assert lines[1:] == [
        f"acme;{XSS_NAME};2026-10;Numéro SIREN (creditor: siren);art. R.123-237 du code de commerce;7;",
        f"acme;{XSS_NAME};2026-10;Type du débiteur non renseigné;art. L.441-10;2;C1, C9",
    ]  # fmt: skip
    html = (tmp_path / "lettres-a-completer.html").read_text(encoding="utf-8")
    assert XSS_NAME not in html and "&lt;script&gt;" in html
    assert not list(tmp_path.glob(".lettres-a-completer*"))  # no temporary file left
    empty = write_batch_checklist(tmp_path, results[1:])
    assert empty.read_text(encoding="utf-8").count("\n") == 1
    assert "Rien à compléter" in (tmp_path / "lettres-a-completer.html").read_text(encoding="utf-8")


def test_a_report_is_current_only_with_every_output_its_manifest_lists(tmp_path):
    from recouvrement.report.plan import KEY_PARAMETERS
    from recouvrement.runner.manifest import MANIFEST_SCHEMA, up_to_date

    folder = tmp_path / "2026-10"
    (folder / "lettres").mkdir(parents=True)
    names = ["rapport.html", "rapport.pdf", "audit_mensuel.ipynb", "lettres/001-C1-relance-1.docx"]
    for name in names:
        (folder / name).write_text("x", encoding="utf-8")
    params = dict.fromkeys(KEY_PARAMETERS, "v")
    manifest = {
        "schema": MANIFEST_SCHEMA,
        "status": "ok",
        "inputs": {"a": "1"},
        "parameters": params,
        "code": {"version": "1"},
        "outputs": dict.fromkeys(names, "sha"),
    }
    (folder / MANIFEST_NAME).write_text(json.dumps(manifest), encoding="utf-8")
    assert up_to_date(folder, {"a": "1"}, params, {"version": "1"}) is not None
    (folder / "lettres" / "001-C1-relance-1.docx").unlink()
    assert up_to_date(folder, {"a": "1"}, params, {"version": "1"}) is None
    (folder / "lettres" / "001-C1-relance-1.docx").write_text("x", encoding="utf-8")
    (folder / MANIFEST_NAME).write_text(json.dumps({**manifest, "schema": 1}), encoding="utf-8")
    assert up_to_date(folder, {"a": "1"}, params, {"version": "1"}) is None  # older layout
