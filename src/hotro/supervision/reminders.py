"""Reminder dispatches (công văn đôn đốc): a supervisor's letter to the agencies answering
for overdue dossiers in their scope, addressed as the issuer's level addresses
(`addressees`), stating the scope's figures as the seeds did, each recipient's own overdue
list attached.

A reminder is asked for in the request (`reminder_request`: checked, recorded as being
composed) and composed and issued by the worker (`reminder_compose`), since a national list
at millions of dossiers takes longer than a request may. Numbering, signing and delivery are
the correspondence registers' work."""

from __future__ import annotations

import datetime as dt
import io
import logging
from dataclasses import asdict, dataclass

from django.db import transaction

from hotro.accounts.models import User
from hotro.catalog.models import Agency
from hotro.catalog.schema import Level
from hotro.core import clock
from hotro.core.errors import AppError, Conflict, Forbidden
from hotro.core.formats import vn_number
from hotro.correspondence.models import OutgoingDispatch
from hotro.correspondence.services import (
    Attachment,
    Delivery,
    dispatch_fail,
    dispatch_issue,
    dispatch_request,
)
from hotro.documents.dispatches import Letter, signing_required
from hotro.documents.slips import vn_date
from hotro.supervision.addressees import Routing, addressed_as, overdue_by_holder, route
from hotro.supervision.export import XlsxList
from hotro.supervision.overdue import overdue_list
from hotro.supervision.selectors import Figures, Scope, scope_resolve, stats_get

logger = logging.getLogger(__name__)

ABSTRACT = (
    "đôn đốc giải quyết hồ sơ trực tuyến hỗ trợ người lao động và người sử dụng lao động "
    "gặp khó khăn do đại dịch COVID-19 quá hạn"
)


@dataclass(frozen=True)
class Signer:
    """Who signs, as the letter prints it: `KT. CHỦ TỊCH` / `PHÓ CHỦ TỊCH` / the name."""

    authority: str
    title: str
    name: str
    symbol: str  # after the number: "VPCP-KSTT", "UBND-HCC"


@dataclass(frozen=True)
class Draft:
    """A reminder as it will be issued, before its number: what the review page shows and
    the worker issues."""

    scope: Scope
    letter: Letter
    routing: Routing
    figures: Figures
    as_of: dt.date


def _subject(scope: Scope) -> str:
    if scope.kind == "nation":
        return "các cơ quan, đơn vị trên toàn quốc"
    if scope.kind == "province":
        return "các cơ quan, đơn vị của " + scope.name.removeprefix("Ủy ban nhân dân ")
    return scope.name


def _stated(figures: Figures, listed: int, *, whole: bool) -> Figures:
    """The figures the letter states. The overdue count is the list's (read from the
    dossiers at this moment), the open dossiers on time the rest of those in processing. For
    the nation or a province (`whole`), where what is held there was received there, the
    parts add up to the dossiers received, whatever the counters' last sweep; an agency holds
    dossiers other agencies received, so its received count is left as counted."""
    stated = Figures(**asdict(figures))
    in_processing = figures.pending_on_time + figures.pending_overdue
    stated.pending_overdue = listed
    stated.pending_on_time = max(0, in_processing - listed)
    if whole:
        stated.received = max(
            figures.received,
            sum(v for k, v in asdict(stated).items() if k != "received"),
        )
    return stated


def _figures_said(scope: Scope, f: Figures, as_of: dt.date) -> str:
    """The first paragraph. An agency is told what it received and, apart, what it holds
    now (at its desk or its steps), since the two are not parts of one another."""
    n = vn_number
    opening = (
        "Theo số liệu của hệ thống giải quyết hồ sơ hỗ trợ trực tuyến, tính đến hết "
        f"{vn_date(as_of)}, "
    )
    if scope.kind != "agency":
        return (
            opening
            + f"{_subject(scope)} đã nhận {n(f.received)} hồ sơ, trong đó: "
            + "; ".join(_parts(f))
            + "."
        )
    held = f.pending_on_time + f.pending_overdue + f.awaiting_supplement
    return (
        opening
        + f"{scope.name} đã tiếp nhận {n(f.received)} hồ sơ (đã giải quyết xong "
        + f"{n(f.done_on_time + f.done_late)} hồ sơ, có {n(f.done_late)} hồ sơ trễ hạn; từ chối "
        + f"tiếp nhận {n(f.refused)} hồ sơ; không phê duyệt {n(f.rejected)} hồ sơ) và đang giữ "
        + f"{n(held)} hồ sơ chưa giải quyết xong, trong đó: đang giải quyết trong hạn "
        + f"{n(f.pending_on_time)} hồ sơ; đang giải quyết quá hạn {n(f.pending_overdue)} hồ sơ "
        + f"(danh sách kèm theo); đang chờ bổ sung {n(f.awaiting_supplement)} hồ sơ."
    )


def _parts(f: Figures) -> list[str]:
    n = vn_number
    parts = [
        f"đã giải quyết xong {n(f.done_on_time + f.done_late)} hồ sơ (có {n(f.done_late)} "
        "hồ sơ trễ hạn)",
        f"đang giải quyết trong hạn {n(f.pending_on_time)} hồ sơ",
        f"đang giải quyết quá hạn {n(f.pending_overdue)} hồ sơ (danh sách kèm theo)",
        f"đang chờ bổ sung {n(f.awaiting_supplement)} hồ sơ",
        f"từ chối tiếp nhận {n(f.refused)} hồ sơ",
        f"không phê duyệt {n(f.rejected)} hồ sơ",
    ]
    if f.withdrawn:
        parts.append(f"người nộp rút {n(f.withdrawn)} hồ sơ")
    return parts


def _body(issuer: Agency, scope: Scope, f: Figures, as_of: dt.date, heads: str) -> list[str]:
    return [
        _figures_said(scope, f, as_of),
        f"Để việc giải quyết hỗ trợ kịp thời, đúng quy định, {issuer.name} đề nghị {heads}:",
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


def _heads(issuer: Agency, routing: Routing) -> str:
    """Whom the body asks to act: the national letter the heads it addresses, a province's
    letter the heads of its bodies."""
    if issuer.level != Level.NATIONAL:
        return "Thủ trưởng các cơ quan, đơn vị, địa phương"
    kinds = {a.agency.kind for a in routing.addressees}
    committees = [a.agency for a in routing.addressees if a.agency.kind == "province_committee"]
    heads = []
    if len(committees) == 1:
        heads.append(f"Chủ tịch {committees[0].name}")
    elif committees:
        heads.append("Chủ tịch Ủy ban nhân dân các tỉnh, thành phố")
    if "social_insurance_national" in kinds:
        heads.append("Tổng Giám đốc Bảo hiểm xã hội Việt Nam")
    if kinds - {"province_committee", "social_insurance_national"}:
        heads.append("Thủ trưởng các cơ quan")
    return " và ".join(heads) + " quan tâm, chỉ đạo các cơ quan, đơn vị liên quan"


def reminder_draft(
    *, user: User, signer: Signer, province: int | None = None, agency: str | None = None
) -> Draft:
    """The reminder of a scope the user supervises, as it would be issued now: checked (the
    scope, something overdue to remind of, someone to remind, the issuer's signing key) and
    composed from grouped counts only (the lists are the worker's)."""
    scope = scope_resolve(user=user, province=province, agency=agency)
    issuer = user.agency
    if issuer is None:
        raise Forbidden()
    as_of = clock.today()
    counts = overdue_by_holder(scope, as_of)
    if not counts:
        raise Conflict("nothing_overdue", params={"scope": scope.name})
    routing = route(issuer, counts)
    if not routing.addressees:
        raise Conflict("reminder_only_own", params={"scope": scope.name, "issuer": issuer.name})
    signing_required(issuer, clock.now())
    # one view for the letter, its list and its addressees: where the dossiers are held now
    stats = stats_get(user=user, province=province, agency=agency, as_of=as_of, view="held")
    figures = _stated(stats.figures, sum(counts.values()), whole=scope.kind != "agency")
    superior = issuer.parent
    unit = signer.symbol.rsplit("-", 1)[-1]
    several = len(routing.addressees) > 1
    letter = Letter(
        issuer=issuer,
        number=0,  # given by the outgoing register
        symbol=signer.symbol,
        abstract=ABSTRACT,
        recipients=addressed_as(issuer, routing.addressees),
        paragraphs=_body(issuer, scope, figures, as_of, _heads(issuer, routing)),
        copies=["Như trên", *([f"{superior.name} (để b/c)"] if superior else [])],
        archive=f"Lưu: VT, {unit}.",
        authority=signer.authority,
        title=signer.title,
        signer=signer.name,
        attachment=f"Danh sách {vn_number(sum(counts.values()))} hồ sơ quá hạn kèm theo"
        + ("; mỗi cơ quan, đơn vị nhận danh sách hồ sơ của mình" if several else ""),
    )
    return Draft(scope, letter, routing, figures, as_of)


@transaction.atomic
def reminder_request(
    *, user: User, signer: Signer, province: int | None = None, agency: str | None = None
) -> OutgoingDispatch:
    """Ask for the reminder: checked as `reminder_draft` checks it, recorded as being
    composed, and composed by the worker once this is committed (at once, in-process, where
    no broker is configured)."""
    draft = reminder_draft(user=user, signer=signer, province=province, agency=agency)
    dispatch = dispatch_request(
        user=user,
        issuer=draft.letter.issuer,
        kind="reminder",
        symbol=signer.symbol,
        abstract=ABSTRACT,
        signer=signer.name,
        request={"province": province, "agency": agency, "signer": asdict(signer)},
    )
    from hotro.supervision.tasks import reminder_compose_task

    transaction.on_commit(lambda: reminder_compose_task.delay(dispatch.id))
    return dispatch


def _lists(user: User, draft: Draft) -> tuple[Attachment, list[Delivery], int]:
    """The whole overdue list and each addressee's own, written in one pass over the rows."""
    day = f"{draft.as_of:%d/%m/%Y}"
    stem = f"ho-so-qua-han-{draft.as_of:%Y%m%d}"
    whole_out = io.BytesIO()
    whole = XlsxList(whole_out, title=f"Danh sách hồ sơ quá hạn — {draft.scope.name} — {day}")
    own: dict[int, tuple[Agency, io.BytesIO, XlsxList]] = {}
    for a in draft.routing.addressees:
        out = io.BytesIO()
        title = f"Danh sách hồ sơ quá hạn — {a.agency.name} — {day}"
        own[a.agency.id] = (a.agency, out, XlsxList(out, title=title))
    scope = draft.scope
    rows = overdue_list(
        user=user,
        province=scope.province if scope.kind == "province" else None,
        agency=scope.code if scope.kind == "agency" else None,
        view="held",
    )
    for row in rows:
        whole.add(row)
        target = draft.routing.addressee_of.get(row.holder_id or 0)
        if target is not None:
            own[target][2].add(row)
    listed = whole.save()
    deliveries = []
    for agency, out, listing in own.values():
        listing.save()
        filename = f"{stem}-{agency.code}.xlsx"
        deliveries.append(Delivery(agency, Attachment(filename, out.getvalue())))
    return Attachment(f"{stem}.xlsx", whole_out.getvalue()), deliveries, listed


def reminder_compose(dispatch_id: int) -> str:
    """Compose and issue a reminder asked for (the worker's task; idempotent: a dispatch no
    longer being composed is left alone). What would stop it now (nothing overdue any more,
    the key removed) marks it failed, with the reason, and tells its author."""
    dispatch = OutgoingDispatch.objects.select_related("issued_by", "agency").get(id=dispatch_id)
    if dispatch.state != OutgoingDispatch.State.COMPOSING or dispatch.issued_by is None:
        return dispatch.state
    user, asked = dispatch.issued_by, dispatch.request
    try:
        draft = reminder_draft(
            user=user,
            signer=Signer(**asked["signer"]),
            province=asked.get("province"),
            agency=asked.get("agency"),
        )
        whole, deliveries, listed = _lists(user, draft)
        with transaction.atomic():
            locked = OutgoingDispatch.objects.select_for_update().get(id=dispatch_id)
            if locked.state != OutgoingDispatch.State.COMPOSING:
                return locked.state
            dispatch_issue(
                user=user,
                letter=draft.letter,
                kind="reminder",
                to=deliveries,
                attachment=whole,
                figures={
                    **asdict(draft.figures),
                    "scope": draft.scope.name,
                    "as_of": draft.as_of.isoformat(),
                    "overdue_listed": listed,
                    "by_recipient": {a.agency.code: a.overdue for a in draft.routing.addressees},
                },
                dispatch=locked,
            )
    except AppError as exc:
        dispatch_fail(dispatch=dispatch, code=exc.code, params=exc.params)
        return OutgoingDispatch.State.FAILED
    except Exception:
        # rendering, signing, storage, the database: never left "being composed" for good
        logger.exception("reminder %s could not be composed", dispatch_id)
        dispatch_fail(dispatch=dispatch, code="dispatch_compose_failed", params={})
        return OutgoingDispatch.State.FAILED
    return OutgoingDispatch.State.ISSUED
