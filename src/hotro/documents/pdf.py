"""HTML to PDF for what agencies issue, signed with the issuing agency's key when it has one.

The signer's details (blue) are part of the page, rendered by WeasyPrint with proper fonts;
the organisation's seal (red) is the visible signature's appearance, laid over the left third
of that block as Decree 30/2020 shows it. Where the block sits is read from WeasyPrint's layout.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from hotro.catalog.models import Agency
from hotro.core import clock
from hotro.documents import fonts
from hotro.signatures.signing import Placement, SigningKeyMissing, agency_signer, sign_pdf

AREA_ID = "signature-area"
_PT_PER_PX = 0.75  # CSS pixels are 1/96 in, PDF points 1/72 in
SEAL_PT = 64  # as signing.SEAL_SIZE


@dataclass(frozen=True)
class Signing:
    """What the page shows of the signature it will carry."""

    organisation: str
    when: str  # Vietnam time as the page writes it: 13/10/2021 09:30:00 +07:00


def signing_for(agency: Agency, at: dt.datetime) -> Signing | None:
    try:
        agency_signer(agency.code)
    except SigningKeyMissing:
        return None
    local = at.astimezone(clock.VIETNAM)
    return Signing(agency.name, f"{local:%d/%m/%Y %H:%M:%S} +07:00")


def _boxes(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", ()):
        yield from _boxes(child)


def _area(document: Any) -> Placement | None:
    """The seal's box: over the left third of the signature's image (the blue block), as
    Decree 30/2020 shows it, its right edge a third of the way into the block and its middle
    at the block's, so that it stays clear of the title above and the name below."""
    for index, page in enumerate(document.pages):
        for box in _boxes(page._page_box):
            element = getattr(box, "element", None)
            if element is not None and element.get("id") == AREA_ID:
                left = box.border_box_x() * _PT_PER_PX
                width = box.border_width() * _PT_PER_PX
                top = box.border_box_y() * _PT_PER_PX
                height = box.border_height() * _PT_PER_PX
                mid = page.height * _PT_PER_PX - (top + height / 2)  # PDF y grows upwards
                right = left + width / 3
                return Placement(
                    page=index,
                    box=(
                        round(right - SEAL_PT),
                        round(mid - SEAL_PT / 2),
                        round(right),
                        round(mid + SEAL_PT / 2),
                    ),
                )
    return None


def render_signed(html: str, *, agency: Agency, signing: Signing | None, at: dt.datetime) -> bytes:
    """Render `html` to PDF; when `signing` is given, sign it with the agency's key."""
    document = fonts.render(html)
    pdf: bytes = document.write_pdf()
    if signing is None:
        return pdf
    return sign_pdf(
        pdf,
        agency_signer(agency.code),
        at=at,
        field_name="ChuKyCoQuan",
        placement=_area(document),
        reason="Văn bản do cơ quan ban hành",
    )
