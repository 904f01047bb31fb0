"""The shipped font family: files, glyphs, CSS, matplotlib registration, PDF embedding."""

from __future__ import annotations

import io
import re

import matplotlib
import pytest
from fontTools.ttLib import TTFont
from matplotlib.font_manager import FontProperties, findfont
from pypdf import PdfReader
from weasyprint import HTML

from recouvrement.report import fonts

#: What French amounts and quotes need: « » ’ € U+00A0 U+202F é É œ.
FRENCH = "«»’€\u00a0\u202féÉœ"


@pytest.mark.parametrize("face", fonts.FACES, ids=[f.file for f in fonts.FACES])
def test_every_face_is_shipped_and_has_the_french_glyphs(face):
    font = TTFont(face.path)
    cmap = font.getBestCmap()
    assert [hex(ord(c)) for c in FRENCH if ord(c) not in cmap] == []
    name = font["name"]
    assert (name.getDebugName(16) or name.getDebugName(1)) == fonts.FONT_FAMILY  # typographic
    assert font["OS/2"].usWeightClass == face.weight
    # tabular figures by default: every digit has the same advance width
    assert len({font["hmtx"][cmap[ord(d)]][0] for d in "0123456789"}) == 1


def test_the_licence_and_readme_are_shipped():
    folder = fonts.FACES[0].path.parent
    assert "SIL Open Font License" in (folder / "LICENSE.md").read_text(encoding="utf-8")
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert all(face.file in readme for face in fonts.FACES)


def test_css_has_one_data_uri_face_per_shipped_face():
    css = fonts.font_face_css()
    rules = re.findall(r"@font-face \{[^}]*\}", css)
    assert len(rules) == len(fonts.FACES) == css.count("@font-face")
    for rule, face in zip(rules, fonts.FACES, strict=True):
        assert f'font-family: "{fonts.FONT_FAMILY}"' in rule
        assert f"font-weight: {face.weight};" in rule
        assert 'src: url("data:font/woff2;base64,' in rule
    assert "http" not in css and "local(" not in css  # nothing looked up elsewhere
    assert fonts.font_face_css() is css  # cached


def test_sfnt_file_converts_once_into_the_cache(tmp_path):
    face = fonts.FACES[0]
    made = fonts.sfnt_file(face, tmp_path)
    assert made.parent == tmp_path and made.suffix == ".ttf"
    assert made.read_bytes()[:4] == b"\x00\x01\x00\x00"  # plain TrueType, not wOF2
    assert TTFont(made).getBestCmap().keys() == TTFont(face.path).getBestCmap().keys()
    stamp = made.stat().st_mtime_ns
    assert fonts.sfnt_file(face, tmp_path) == made and made.stat().st_mtime_ns == stamp
    assert list(tmp_path.iterdir()) == [made]  # no temporary file left


def test_use_shipped_font_is_idempotent_and_sets_the_family():
    with matplotlib.rc_context():
        fonts.use_shipped_font()
        fonts.use_shipped_font()
        assert matplotlib.rcParams["font.family"][0] == fonts.FONT_FAMILY
        assert matplotlib.rcParams["svg.fonttype"] == "path"
        for weight, stem in ((400, "Regular"), (600, "Semibold"), (700, "Bold")):
            found = findfont(
                FontProperties(family=fonts.FONT_FAMILY, weight=weight), fallback_to_default=False
            )
            assert f"SourceSans3-{stem}-" in found


def pdf_font_names(pdf: bytes) -> set[str]:
    """BaseFont names of every font of every page, without the subset tag (``ABCDEF+``)."""
    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]).lstrip("/").split("+")[-1])
    return names


def test_a_printed_page_embeds_only_the_shipped_family():
    html = (
        f"<html><head><style>{fonts.font_face_css()}"
        f'body {{ font-family: "{fonts.FONT_FAMILY}"; font-variant-numeric: tabular-nums }}'
        "</style></head><body><h1>Créances « Œuvre » l’été</h1>"
        "<p>Total : 1\u00a0234,56\u00a0€ ; 12\u202f% ; <b>échu</b> "
        '<span style="font-weight: 600">Écart</span></p></body></html>'
    )
    names = pdf_font_names(HTML(string=html).write_pdf())
    assert len(names) == 3  # regular, semibold, bold
    assert all(name.startswith("Source-Sans-3") for name in names), names
