"""The one typeface of every document we issue: Liberation Serif (Times New Roman's metrics,
as Decree 30/2020 asks) in a version that carries the Vietnamese letters.

fonts-liberation 1.x has a family of the same name without precomposed Vietnamese letters, and
Pango then borrows them from another font, with marks at odd heights. So the family is looked up
by a letter it must hold (Ủ, U+1EE6), its four files are named in @font-face rules under a name of
our own, and no fallback family is given: a missing font is an error, not a quiet substitute."""

from __future__ import annotations

import shutil
import subprocess
from functools import cache

from weasyprint import CSS, HTML
from weasyprint.document import Document
from weasyprint.text.fonts import FontConfiguration

from hotro.core import caches
from hotro.core.errors import AppError

FAMILY = "Liberation Serif"
PROBE = 0x1EE6  # Ủ
NAME = "hotro-serif"  # what the templates' stylesheets name
# fontconfig's weight and slant numbers -> CSS
_FACES = {(80, 0): ("normal", "normal"), (200, 0): ("bold", "normal")}
_FACES |= {(80, 100): ("normal", "italic"), (200, 100): ("bold", "italic")}


class FontMissing(AppError):
    """The documents' typeface is not installed with its Vietnamese letters: what would issue
    a document stops with a clear answer, and is refused, never set in another font."""

    status = 503
    default_code = "font_missing"


@cache
def font_files() -> dict[tuple[str, str], str]:
    """(weight, style) -> font file, for the four faces of the family."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        raise FontMissing(params={"missing": "fontconfig (fc-list)"})
    listed = subprocess.run(  # noqa: S603 (a fixed program and pattern)
        [fc_list, f"{FAMILY}:charset={PROBE:x}", "--format", "%{weight}\t%{slant}\t%{file}\n"],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    ).stdout
    files: dict[tuple[str, str], str] = {}
    for line in sorted(listed.splitlines()):
        weight, slant, path = line.split("\t", 2)
        face = _FACES.get((int(weight), int(slant)))
        if face is not None:
            files.setdefault(face, path)
    missing = sorted(set(_FACES.values()) - set(files))
    if missing:
        raise FontMissing(params={"missing": f"{FAMILY} {missing}"})
    return files


caches.register(font_files.cache_clear)


def font_faces_css() -> str:
    rules = []
    for (weight, style), path in sorted(font_files().items()):
        rules.append(
            f'@font-face {{ font-family: "{NAME}"; src: url("file://{path}"); '
            f"font-weight: {weight}; font-style: {style}; }}"
        )
    return "\n".join(rules)


def render(html: str) -> Document:
    """Lay out `html` with the documents' typeface (the stylesheet names `hotro-serif`)."""
    config = FontConfiguration()
    faces = CSS(string=font_faces_css(), font_config=config)
    return HTML(string=html).render(stylesheets=[faces], font_config=config)
