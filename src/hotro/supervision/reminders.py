"""Reminder dispatches (công văn đôn đốc): a supervisor's letter to the agencies that hold
overdue dossiers in their scope, stating the scope's figures as the seeds did and carrying the
overdue list. Numbering, signing and delivery are the correspondence registers' work."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import asdict, dataclass

from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce

from hotro.accounts.models import User
from hotro.catalog.models import Agency
from hotro.catalog.schema import AgencyKind
from hotro.core import clock
from hotro.core.errors import Conflict, Forbidden
from hotro.core.formats import vn_number
from hotro.correspondence.models import OutgoingDispatch
from hotro.correspondence.services import Attachment, dispatch_issue
from hotro.documents.dispatches import Letter
from hotro.dossiers.domain.status import CLOCK_RUNNING
from hotro.dossiers.models import Dossier
from hotro.supervision.export import xlsx_write
from hotro.supervision.overdue import overdue_list
from hotro.supervision.selectors import Figures, Scope, scope_resolve, stats_get

ABSTRACT = (
    "đôn đốc giải quyết hồ sơ trực tuyến hỗ trợ người lao động và người sử dụng lao động "
    "gặp khó khăn do đại dịch Covid-19 quá hạn"
)


@dataclass(frozen=True)
class Signer:
    """Who signs, as the letter prints it: `KT. CHỦ TỊCH` / `PHÓ CHỦ TỊCH` / the name."""

    authority: str
    title: str
    name: str
    symbol: str  # after the number: "VPCP-KSTT", "UBND-HCC"


def overdue_holders(scope: Scope) -> list[tuple[Agency, int]]:
    """Whom the reminder goes to, with how many overdue dossiers each holds. For the nation:
    the People's Committees of the provinces concerned (the seed wrote to their chairs); for a
    province: the agencies holding overdue dossiers; for an agency: that agency."""
    overdue = Dossier.objects.filter(status__in=list(CLOCK_RUNNING), due_date__lt=clock.today())
    if scope.kind == "agency" and scope.agency is not None:
        n = overdue.filter(Q(agency=scope.agency) | Q(step_agency=scope.agency)).count()
        return [(scope.agency, n)] if n else []
    if scope.kind == "nation":
        counts = dict(
            overdue.values_list("agency__province_code")
            .annotate(n=Count("id"))
            .values_list("agency__province_code", "n")
        )
        committees = Agency.objects.filter(
            kind=AgencyKind.PROVINCE_COMMITTEE, province_code__in=list(counts)
        ).order_by("province_code")
        return [(c, counts[c.province_code]) for c in committees]
    holders = (
        overdue.filter(agency__province_code=scope.province)
        .annotate(holder=Coalesce(F("step_agency"), F("agency")))
        .values("holder")
        .annotate(n=Count("id"))
    )
    counts = {row["holder"]: row["n"] for row in holders}
    agencies = Agency.objects.filter(id__in=list(counts)).order_by("code")
    return [(a, counts[a.id]) for a in agencies]


def _body(issuer: Agency, scope: Scope, figures: Figures, as_of: dt.date) -> list[str]:
    done = figures.done_on_time + figures.done_late
    return [
        f"Theo số liệu của hệ thống giải quyết hồ sơ hỗ trợ trực tuyến, tính đến hết ngày "
        f"{as_of.day:02d} tháng {as_of.month} năm {as_of.year}, {scope.name} đã tiếp nhận "
        f"{vn_number(figures.received)} hồ sơ; trong đó đã giải quyết xong {vn_number(done)} hồ sơ "
        f"({vn_number(figures.done_late)} hồ sơ trễ hạn), đang giải quyết quá hạn "
        f"{vn_number(figures.pending_overdue)} hồ sơ (danh sách kèm theo), đang chờ bổ sung "
        f"{vn_number(figures.awaiting_supplement)} hồ sơ, từ chối tiếp nhận "
        f"{vn_number(figures.refused)} hồ sơ và không phê duyệt "
        f"{vn_number(figures.rejected)} hồ sơ.",
        f"Để việc giải quyết hỗ trợ kịp thời, đúng quy định, {issuer.name} đề nghị Thủ trưởng "
        "các cơ quan, đơn vị:",
        "1. Tập trung giải quyết ngay các hồ sơ quá hạn theo danh sách kèm theo; đối với hồ sơ "
        "đã quá hạn, gửi phiếu xin lỗi và hẹn lại ngày trả kết quả theo quy định.",
        "2. Kiên quyết không yêu cầu nộp bổ sung hồ sơ giấy, đóng dấu đối với hồ sơ trực tuyến "
        "đã được người sử dụng lao động, cơ quan Bảo hiểm xã hội ký số theo đúng quy định tại "
        "khoản 2 Điều 19 Quyết định số 15/2020/QĐ-TTg ngày 24 tháng 4 năm 2020 của Thủ tướng "
        "Chính phủ và Nghị định số 45/2020/NĐ-CP ngày 08 tháng 4 năm 2020 của Chính phủ.",
        "3. Trường hợp từ chối tiếp nhận hoặc không phê duyệt hồ sơ phải nêu rõ lý do.",
        f"{issuer.name} đề nghị các cơ quan, đơn vị khẩn trương, nghiêm túc triển khai thực "
        "hiện./.",
    ]


def reminder_issue(
    *,
    user: User,
    signer: Signer,
    province: int | None = None,
    agency: str | None = None,
) -> OutgoingDispatch:
    """Compose and issue the reminder of a scope the user supervises: the figures from the
    statistics, the overdue list as xlsx, to every agency holding overdue dossiers."""
    scope = scope_resolve(user=user, province=province, agency=agency)
    issuer = user.agency
    if issuer is None:
        raise Forbidden()
    holders = overdue_holders(scope)
    if not holders:
        raise Conflict("nothing_overdue", params={"scope": scope.name})
    as_of = clock.today()
    stats = stats_get(user=user, province=province, agency=agency, as_of=as_of)
    listing = io.BytesIO()
    rows = xlsx_write(
        overdue_list(user=user, province=province, agency=agency),
        listing,
        title=f"Danh sách hồ sơ quá hạn — {scope.name} — đến ngày {as_of:%d/%m/%Y}",
    )
    unit = signer.symbol.rsplit("-", 1)[-1]
    superior = issuer.parent
    letter = Letter(
        issuer=issuer,
        number=0,  # given by the outgoing register
        symbol=signer.symbol,
        abstract=ABSTRACT,
        recipients=[a.name for a, _ in holders],
        paragraphs=_body(issuer, scope, stats.figures, as_of),
        copies=["Như trên", *([f"{superior.name} (để b/c)"] if superior else [])],
        archive=f"Lưu: VT, {unit}.",
        authority=signer.authority,
        title=signer.title,
        signer=signer.name,
        attachment=f"Danh sách {vn_number(rows)} hồ sơ quá hạn kèm theo",
    )
    return dispatch_issue(
        user=user,
        letter=letter,
        kind="reminder",
        to=[a for a, _ in holders],
        attachment=Attachment(f"ho-so-qua-han-{as_of:%Y%m%d}.xlsx", listing.getvalue()),
        figures={
            **asdict(stats.figures),
            "scope": scope.name,
            "as_of": as_of.isoformat(),
            "overdue_listed": rows,
            "by_recipient": {a.code: n for a, n in holders},
        },
    )
