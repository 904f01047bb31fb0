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
