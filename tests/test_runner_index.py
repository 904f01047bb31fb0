"""The index page of a batch: one row per report, sortable, links to the files that exist."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import lxml.html
import pytest

from recouvrement.report.headline import Headline
from recouvrement.report.letters import render_letters
from recouvrement.runner.index import FIGURES, write_index
from recouvrement.runner.letters import write_batch_checklist
from recouvrement.runner.manifest import MANIFEST_NAME
from tests.conftest import XSS_NAME

LONG_NAME = "Société Coopérative Ouvrière de Production des Maçons et Charpentiers du Rhône"


def _manifest(folder: Path, **figures) -> None:
    """An « ok » report folder holding only its manifest, with these headline figures."""
    folder.mkdir(parents=True)
    name = figures.pop("company_name", "Acme")
    headline = Headline(
        company=folder.parent.name,
        company_name=name,
        month=folder.name,
        month_label=folder.name,
        as_of=f"{folder.name}-28",
        stamp="0123456789abcdef",
        **figures,
    )
    manifest = {"status": "ok", "company_name": name, "stamp": "0123456789abcdef"}
    manifest["headline"] = headline.to_json()
    (folder / MANIFEST_NAME).write_text(json.dumps(manifest), encoding="utf-8")


def _style(html: str) -> str:
    return re.search(r"<style>(.*?)</style>", html, re.S).group(1)


def test_the_stylesheet_is_inlined_as_written(tmp_path):
    """Quoted font names stay quotes: an escaped ``&#34;`` voids the whole rule. The
    page uses the font shipped in the package, embedded: the same on every machine."""
    style = _style(write_index(tmp_path).read_text(encoding="utf-8"))
    assert 'font-family: "Source Sans 3"' in style
    assert style.count("@font-face") == 3 and 'src: url("data:font/woff2;base64,' in style
    assert "&#34;" not in style and "&quot;" not in style
    assert "size: A4 landscape" in style


def test_the_letters_and_their_checklist_keep_their_stylesheet(tmp_path):
    letters = _style(str(render_letters([])))
    assert 'content: "Lettre " counter(page)' in letters and "&#34;" not in letters
    write_batch_checklist(tmp_path, [])
    checklist = _style((tmp_path / "lettres-a-completer.html").read_text(encoding="utf-8"))
    assert "&#34;" not in checklist


def _row(html: str, company: str):
    doc = lxml.html.fromstring(html)
    (row,) = [
        tr for tr in doc.xpath("//tbody/tr") if tr.xpath(f'.//div[@class="id"][.="{company}"]')
    ]
    return row


def test_a_row_holds_a_long_or_hostile_name_on_one_line_escaped(tmp_path):
    _manifest(tmp_path / "coop" / "2026-10", company_name=LONG_NAME, encours=1.0)
    _manifest(tmp_path / "evil" / "2026-10", company_name=XSS_NAME + '"', encours=1.0)
    html = write_index(tmp_path).read_text(encoding="utf-8")
    name = _row(html, "coop").xpath('.//div[@class="name"]')[0]
    assert name.text == name.get("title") == LONG_NAME  # the whole name in its tooltip
    assert ".company .name { font-weight: 600; white-space: nowrap; overflow: hidden; " in html
    assert "text-overflow: ellipsis" in html
    assert XSS_NAME not in html
    assert 'title="&lt;script&gt;alert(1)&lt;/script&gt;&#34;"' in html
    assert _row(html, "evil").xpath('.//div[@class="name"]')[0].text == XSS_NAME + '"'


def test_figures_show_french_text_and_sort_on_their_value(tmp_path):
    _manifest(tmp_path / "acme" / "2026-10", encours=1234.5, dso=45.26, overdue=None)
    row = _row(write_index(tmp_path).read_text(encoding="utf-8"), "acme")
    cells = row.xpath("./td")
    assert len(cells) == 2 + len(FIGURES) + 1
    encours, overdue, dso = cells[2], cells[3], cells[6]
    assert (encours.text, encours.get("data-sort")) == ("1\u00a0234,50\u00a0€", "1234.5")
    assert (overdue.text, overdue.get("data-sort")) == ("non disponible", "")
    assert (dso.text, dso.get("data-sort")) == ("45,3\u00a0j", "45.26")
    assert cells[0].get("data-sort") == "2026-10"


def test_each_existing_file_of_a_report_is_linked(tmp_path):
    folder = tmp_path / "acme" / "2026-10"
    _manifest(folder, letters=2)
    for name in ["rapport.xlsx", "lettres.csv", "lettres-a-completer.csv", "balance.csv"]:
        (folder / name).write_bytes(b"x")
    _manifest(tmp_path / "beta" / "2026-10", letters=0)
    html = write_index(tmp_path).read_text(encoding="utf-8")
    links = [(a.text, a.get("href")) for a in _row(html, "acme").xpath(".//a")]
    assert links == [
        ("HTML", "acme/2026-10/rapport.html"),
        ("PDF", "acme/2026-10/rapport.pdf"),
        ("Excel", "acme/2026-10/rapport.xlsx"),
        ("lettres (2)", "acme/2026-10/lettres.pdf"),
        ("registre", "acme/2026-10/lettres.csv"),
        ("à compléter", "acme/2026-10/lettres-a-completer.csv"),
        ("balance.csv", "acme/2026-10/balance.csv"),
    ]
    assert [a.text for a in _row(html, "beta").xpath(".//a")] == ["HTML", "PDF"]


def test_the_batch_checklist_is_linked_when_there_is_one(tmp_path):
    _manifest(tmp_path / "acme" / "2026-10")
    assert "lettres-a-completer.html" not in write_index(tmp_path).read_text(encoding="utf-8")
    write_batch_checklist(tmp_path, [])
    html = write_index(tmp_path).read_text(encoding="utf-8")
    assert (
        'href="lettres-a-completer.html">HTML</a> · <a href="lettres-a-completer.csv">CSV' in html
    )


def test_only_folders_named_like_a_company_and_a_month_are_read(tmp_path):
    _manifest(tmp_path / "acme" / "2026-10")
    _manifest(tmp_path / "bad name" / "2026-10")
    _manifest(tmp_path / ".tmp-x" / "2026-10")
    _manifest(tmp_path / "acme" / "octobre")
    rows = lxml.html.fromstring(write_index(tmp_path).read_text(encoding="utf-8"))
    assert [d.text for d in rows.xpath('//tbody//div[@class="id"]')] == ["acme"]


# --- the sorting script, run by Node on a minimal DOM of the page ------------------------

DOM = """
const page = JSON.parse(require("fs").readFileSync(0, "utf8"));
function el(attrs, text, colSpan) {
  return {attrs: attrs, textContent: text, colSpan: colSpan || 1,
    hasAttribute: function (n) { return n in this.attrs; },
    getAttribute: function (n) { return n in this.attrs ? this.attrs[n] : null; },
    setAttribute: function (n, v) { this.attrs[n] = v; },
    removeAttribute: function (n) { delete this.attrs[n]; }};
}
const heads = page.heads.map(function (h) {
  const th = el(h.attrs, h.text);
  th.listeners = [];
  th.querySelector = function () {
    return {addEventListener: function (e, f) { th.listeners.push(f); }};
  };
  return th;
});
const rows = page.rows.map(function (r) {
  return {id: r.id, cells: r.cells.map(function (c) { return el(c.attrs, c.text, c.colSpan); })};
});
const body = {rows: rows.slice(), appendChild: function (row) {
  this.rows.splice(this.rows.indexOf(row), 1); this.rows.push(row); }};
global.document = {getElementById: function () {
  return {tBodies: [body], tHead: {rows: [{cells: heads}]}}; }};
eval(page.script);
const orders = page.clicks.map(function (k) {
  heads[k].listeners.forEach(function (f) { f(); });
  return body.rows.map(function (r) { return r.id; });
});
console.log(JSON.stringify(orders));
"""


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js absent: the script is not run")
def test_columns_sort_by_value_missing_last(tmp_path):
    for company, encours in [("a", 9.5), ("b", 1234.0), ("c", None), ("d", 10.0)]:
        _manifest(tmp_path / company / "2026-10", company_name=company.upper(), encours=encours)
    (tmp_path / "e" / "2026-10.failed").mkdir(parents=True)
    (tmp_path / "e" / "2026-10.failed" / MANIFEST_NAME).write_text(
        json.dumps({"status": "failed", "error": "boom"}), encoding="utf-8"
    )
    doc = lxml.html.fromstring(write_index(tmp_path).read_text(encoding="utf-8"))
    page = {
        "script": doc.xpath("//script")[0].text,
        "heads": [
            {"attrs": dict(th.attrib), "text": th.text_content()} for th in doc.xpath("//thead//th")
        ],
        "rows": [
            {
                "id": tr.xpath('.//div[@class="id"]')[0].text,
                "cells": [
                    {
                        "attrs": dict(td.attrib),
                        "text": td.text_content(),
                        "colSpan": int(td.get("colspan", 1)),
                    }
                    for td in tr.xpath("./td")
                ],
            }
            for tr in doc.xpath("//tbody/tr")
        ],
        "clicks": [2, 2, 1],  # Encours ascending, then descending; then Société
    }
    out = subprocess.run(
        ["node", "-e", DOM], input=json.dumps(page), capture_output=True, text=True, check=True
    )
    ascending, descending, by_name = json.loads(out.stdout)
    # 9,5 < 10 < 1 234 by value (as French text "1 234,00" would sort first); the report
    # without an amount and the failed one stay last, in their order
    assert ascending == ["a", "d", "b", "c", "e"]
    assert descending == ["b", "d", "a", "c", "e"]
    assert by_name == ["a", "b", "c", "d", "e"]
