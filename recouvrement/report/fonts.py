"""The report's one font family, shipped inside the package: pages identical on every machine.

A report printed on the auditor's laptop, on a colleague's Mac and on the CI runner must
look the same: same line breaks, same page breaks, same glyphs for « » ’ € and the
non-breaking spaces of French amounts. A CSS ``font-family`` that names a system font
gives whatever the machine has (DejaVu here, Helvetica there, Liberation elsewhere), so
the package ships its own family, Source Sans 3 (SIL Open Font License, tabular figures by
default), in ``recouvrement/data/fonts/source-sans-3/`` (origin and update in its
README.md), and uses nothing else:

- the HTML reports embed it as ``@font-face`` rules with ``data:`` URIs
  (:func:`font_face_css`): the HTML is one self-contained file, and WeasyPrint prints
  it from a string without looking for fonts on the machine;
- the charts register it with matplotlib (:func:`use_shipped_font`) and draw their text
  as glyph outlines in SVG (``svg.fonttype = "path"``): no font is needed to view them,
  and a client name in a chart can never become markup.

The faces are Adobe's own WOFF2 files, unmodified: the family has a Reserved Font Name
(« Source »), which a subset or otherwise modified font could not keep. Matplotlib does
not read WOFF2, so :func:`use_shipped_font` decompresses each face once into an SFNT
(``.ttf``) file in matplotlib's cache folder (a lossless format conversion, keyed by the
shipped file's hash) and registers that file.
"""

from __future__ import annotations

import base64
import hashlib
import os
from dataclasses import dataclass
from functools import lru_cache
from io import BytesIO
from pathlib import Path

import matplotlib
from fontTools.ttLib import TTFont
from matplotlib import font_manager

from recouvrement.conventions.data import package_path

#: The CSS family name of the shipped faces (``font-family: "Source Sans 3"``).
FONT_FAMILY = "Source Sans 3"

#: Folder of the shipped faces, inside the package.
FONT_DIR = ("data", "fonts", "source-sans-3")


@dataclass(frozen=True)
class FontFace:
    """One shipped face: its file in :data:`FONT_DIR`, CSS weight (100-900) and style."""

    file: str
    weight: int
    style: str = "normal"

    @property
    def path(self) -> Path:
        """Filesystem path of the shipped file (FileNotFoundError when it is not shipped)."""
        return package_path(*FONT_DIR, self.file)


#: Every shipped face: what the report's CSS uses (400 text, 600 headings and table
#: heads, 700 titles and totals). No italic: the report sets none.
FACES = (
    FontFace("SourceSans3-Regular.ttf.woff2", 400),
    FontFace("SourceSans3-Semibold.ttf.woff2", 600),
    FontFace("SourceSans3-Bold.ttf.woff2", 700),
)

#: Where matplotlib finds a glyph the shipped family lacks: its own bundled DejaVu Sans
#: (inside matplotlib, not the system's), so charts stay identical on every machine.
CHART_FALLBACK = "DejaVu Sans"


@lru_cache(maxsize=1)
def font_face_css() -> str:
    """``@font-face`` rules for every shipped face, the font inlined as a ``data:`` URI.

    Put them in the report's ``<style>`` and use ``font-family: "Source Sans 3"``
    (:data:`FONT_FAMILY`) everywhere, with no other family, not even a generic
    ``sans-serif`` or ``monospace``: a generic family is the machine's.

    Returns
    -------
    str
        One rule per face of :data:`FACES`, in that order (about 440 kB of base64 text;
        computed once per process).

    Examples
    --------
    >>> font_face_css().count("@font-face") == len(FACES)
    True

    """
    rules = []
    for face in FACES:
        data = base64.b64encode(face.path.read_bytes()).decode("ascii")
        rules.append(
            f'@font-face {{ font-family: "{FONT_FAMILY}"; font-style: {face.style}; '
            f"font-weight: {face.weight}; "
            f'src: url("data:font/woff2;base64,{data}") format("woff2"); }}'
        )
    return "\n".join(rules)


def sfnt_file(face: FontFace, cache: Path | None = None) -> Path:
    """The face as an SFNT (TrueType) file that matplotlib can read, made once.

    Parameters
    ----------
    face : FontFace
        One of :data:`FACES`.
    cache : Path, optional
        Folder of the converted files; default ``recouvrement-fonts`` in matplotlib's
        cache folder (``matplotlib.get_cachedir()``).

    Returns
    -------
    Path
        ``<cache>/<stem>-<12 hex digits of the WOFF2 file's SHA-256>.ttf``: a new
        release of the font gets a new file. Written atomically (a temporary file
        renamed), so parallel report workers never read half a font.

    """
    if cache is None:
        cache = Path(matplotlib.get_cachedir()) / "recouvrement-fonts"
    shipped = face.path.read_bytes()
    stem = face.file.split(".", 1)[0]
    target = cache / f"{stem}-{hashlib.sha256(shipped).hexdigest()[:12]}.ttf"
    if target.exists():
        return target
    font = TTFont(BytesIO(shipped))
    font.flavor = None  # WOFF2 -> plain SFNT, same tables
    cache.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(f".{os.getpid()}.part")
    font.save(partial)
    os.replace(partial, target)
    return target


@lru_cache(maxsize=1)
def _register() -> tuple[Path, ...]:
    files = tuple(sfnt_file(face) for face in FACES)
    for file in files:
        font_manager.fontManager.addfont(str(file))
    return files


def chart_font_params() -> dict[str, object]:
    """The matplotlib settings (``rcParams``) that make charts use the shipped family.

    ``font.family`` is :data:`FONT_FAMILY`, then matplotlib's own DejaVu Sans for a
    glyph it lacks; SVG text is drawn as glyph outlines (``svg.fonttype = "path"``)
    with a fixed ``svg.hashsalt`` (the same chart gives the same SVG); a PDF saved by
    matplotlib embeds the TrueType font (``pdf.fonttype = 42``).
    """
    return {
        "font.family": [FONT_FAMILY, CHART_FALLBACK],
        "svg.fonttype": "path",
        "svg.hashsalt": "recouvrement",
        "pdf.fonttype": 42,
    }


def use_shipped_font() -> None:
    """Make every matplotlib chart use the shipped family (idempotent).

    Registers the faces with matplotlib's font manager (once per process, see
    :func:`sfnt_file`) and sets :func:`chart_font_params` in ``matplotlib.rcParams``.
    Calling it again only sets the parameters again.
    """
    _register()
    matplotlib.rcParams.update(chart_font_params())
