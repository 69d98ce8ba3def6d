"""Every PDF we issue is set in one typeface, Liberation Serif with its Vietnamese letters, and
nothing else: a font that lacks them would make Pango borrow from another family, with the
marks at odd heights ("Ủy", "hồ", "Thủ Đức")."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.template.loader import render_to_string
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from hotro.accounts.models import Role, User
from hotro.core.messages import render
from hotro.documents import fonts
from hotro.documents.dispatches import render_pdf
from tests.conftest import Api
from tests.documents.test_dispatches import letter
from tests.documents.test_slips import slip

pytestmark = pytest.mark.django_db


def embedded_fonts(pdf: bytes) -> set[str]:
    """The family names (from their own name tables) of the font files every page embeds."""
    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        resources = page.get("/Resources") or {}
        for ref in (resources.get("/Font") or {}).values():
            font = ref.get_object()
            for part in [font, *(d.get_object() for d in font.get("/DescendantFonts", []))]:
                descriptor = part.get("/FontDescriptor")
                if descriptor is None:
                    continue
                descriptor = descriptor.get_object()
                stream = descriptor.get("/FontFile2") or descriptor.get("/FontFile3")
                assert stream is not None, f"a font not embedded: {font.get('/BaseFont')}"
                face = TTFont(io.BytesIO(stream.get_object().get_data()))
                names.add(str(face["name"].getDebugName(1)))
    return names


def one_family(pdf: bytes) -> None:
    names = embedded_fonts(pdf)
    assert names == {"Liberation Serif"}, names


def test_the_typeface_is_found_by_a_vietnamese_letter_it_holds() -> None:
    files = fonts.font_files()
    assert set(files) == {
        ("normal", "normal"),
        ("bold", "normal"),
        ("normal", "italic"),
        ("bold", "italic"),
    }
    for path in files.values():
        assert "LiberationSerif" in path, path


def test_slips_use_one_family(
    applicant_api: Api,
    submit_body: Callable[..., dict[str, Any]],
    make_user: Callable[..., User],
    api_for: Callable[..., Api],
) -> None:
    code = applicant_api.post("/dossiers", submit_body()).json()["code"]
    q1 = api_for(make_user(Role.OFFICER, "000.00.46.H29", full_name="Trần Thị Mai"))
    assert q1.post(f"/dossiers/{code}/actions/receive", {}).status_code == 200
    one_family(slip(applicant_api, code, "phieu_tiep_nhan"))
    r = applicant_api.client.get(
        f"/api/v1/dossiers/{code}/slips/process-control", headers=applicant_api.headers
    )
    assert r.status_code == 200
    one_family(b"".join(r.streaming_content) if r.streaming else r.content)


def test_dispatches_and_sample_documents_use_one_family() -> None:
    one_family(render_pdf(letter()))
    html = render_to_string("signatures/example.html", {"title": "XÁC NHẬN — Thủ Đức, Ủy ban"})
    one_family(fonts.render(html).write_pdf())


def test_a_missing_typeface_is_an_error_not_a_quiet_substitute(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(fonts, "FAMILY", "Liberation Serif Absent")
    fonts.font_files.cache_clear()
    with pytest.raises(fonts.FontMissing) as refused:
        fonts.font_files()
    assert refused.value.status == 503 and "Liberation Serif Absent" in str(refused.value.params)
    assert "fonts-liberation2" in render("font_missing", "vi", refused.value.params)
