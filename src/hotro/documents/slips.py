"""The one-stop forms of Circular 01/2018/TT-VPCP as A4 PDFs in the Decree 30/2020 layout:
receipt and appointment, supplement request, refusal, apology and new date, process control."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation

from hotro.catalog.models import Agency
from hotro.core import clock, labels
from hotro.documents.pdf import render_signed, signing_for
from hotro.dossiers.domain.lifecycle import ACTION_LABEL_VI
from hotro.dossiers.domain.status import LABEL_VI, Status
from hotro.dossiers.models import Dossier, Event


class Slip(StrEnum):
    RECEIPT = "phieu_tiep_nhan"
    SUPPLEMENT = "phieu_yeu_cau_bo_sung"
    REFUSAL = "phieu_tu_choi"
    APOLOGY = "phieu_xin_loi"
    PROCESS_CONTROL = "phieu_kiem_soat"


TITLES = {
    Slip.RECEIPT: "PHIẾU TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
    Slip.SUPPLEMENT: "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
    Slip.REFUSAL: "PHIẾU TỪ CHỐI TIẾP NHẬN, GIẢI QUYẾT HỒ SƠ",
    Slip.APOLOGY: "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
    Slip.PROCESS_CONTROL: "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
}

# The slip an action leaves on the dossier.
SLIP_OF_ACTION = {
    "receive": Slip.RECEIPT,
    "request_supplement": Slip.SUPPLEMENT,
    "refuse": Slip.REFUSAL,
    "apologize": Slip.APOLOGY,
}


def vn_date(day: dt.date) -> str:
    """Decree 30's date line: days below 10 and the months January and February get a zero."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


# People's Committees and the Government Office are state bodies of their level: their
# documents carry no superior body above their name (the seeds' heads show none).
_NO_SUPERIOR = {
    "government_office",
    "province_committee",
    "district_committee",
    "commune_committee",
}


def superior_of(agency: Agency) -> Agency | None:
    """The direct managing body shown above the issuer's name (Decree 30/2020)."""
    return None if agency.kind in _NO_SUPERIOR else agency.parent


def place_name(agency: Agency) -> str:
    """The place of the date line: where the issuing body sits, as the catalog records it
    (`Agency.place`, Decree 30/2020). Before the catalog is reloaded after the migration that
    added it: the capital for a central body, the province's place for a local one."""
    if agency.place:
        return agency.place
    if agency.province_code is None:
        return "Hà Nội"
    committee = Agency.objects.filter(
        kind="province_committee", province_code=agency.province_code
    ).first()
    return committee.place if committee and committee.place else agency.name


def _documents(dossier: Dossier) -> list[dict[str, Any]]:
    names = {c.key: c.name for c in dossier.policy.documents.all()}
    return [
        {"name": names.get(d.component, d.filename), "signature_verdict": d.signature_verdict}
        for d in dossier.documents.all()
        if not d.component.startswith("phieu_")
    ]


def _supplement_items(dossier: Dossier, event: Event | None) -> list[dict[str, str]]:
    """What a supplement request asks for, each item with its component's name (not key)."""
    raw = (event.payload or {}).get("items", []) if event else []
    names = {c.key: c.name for c in dossier.policy.documents.all()}
    return [
        {
            "description": str(i.get("description", "")),
            "component": names.get(i.get("component") or "", ""),
        }
        for i in raw
        if isinstance(i, dict)
    ]


def render(slip: Slip, dossier: Dossier, *, event: Event | None = None) -> bytes:
    issuer = event.agency if event and event.agency else dossier.step_agency or dossier.agency
    at = event.at if event else clock.now()
    events = list(dossier.events.select_related("agency").order_by("seq"))
    context: dict[str, Any] = {
        "slip": slip.value,
        "title": TITLES[slip],
        "issuer": issuer,
        "superior": superior_of(issuer),
        "place": place_name(issuer),
        "date_line": vn_date(at.astimezone(clock.VIETNAM).date()),
        "dossier": dossier,
        "status_label": LABEL_VI[Status(dossier.status)],
        "event": event,
        "documents": _documents(dossier),
        "steps": list(dossier.policy.steps.all()),
        "events": [
            {
                "seq": e.seq,
                "at": e.at.astimezone(clock.VIETNAM),
                "who": " — ".join(
                    x
                    for x in (e.agency.name if e.agency else "", labels.actor_vi(e.actor_label))
                    if x
                ),
                "action": ACTION_LABEL_VI.get(e.action, e.action),
                "status": LABEL_VI.get(Status(e.to_status), e.to_status) if e.to_status else "",
            }
            for e in events
        ],
        "at": at.astimezone(clock.VIETNAM),
        "signer": labels.actor_vi(event.actor_label, with_role=False) if event else "",
        "items": _supplement_items(dossier, event),
    }
    signing = signing_for(issuer, at)
    context["signing"] = signing
    with translation.override("vi"):
        html = render_to_string("documents/slip.html", context)
    return render_signed(html, agency=issuer, signing=signing, at=at)
