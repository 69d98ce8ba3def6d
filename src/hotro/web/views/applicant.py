"""The applicant's pages: apply step by step (a draft kept in the session between steps),
their dossiers, and the answer to a supplement request."""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hotro.accounts.models import User
from hotro.catalog.models import Policy
from hotro.catalog.schema import AgencyKind
from hotro.catalog.selectors import agency_list, kinds_acting_as, policy_get
from hotro.core import clock
from hotro.core.errors import AppError, FieldError, NotFound
from hotro.core.messages import render as render_message
from hotro.core.uploads import read_bounded
from hotro.dossiers import actions, intake, selectors, services, worker_list
from hotro.dossiers.calendar import working_calendar
from hotro.dossiers.domain.lifecycle import Action, allowed_actions
from hotro.dossiers.domain.status import Status
from hotro.dossiers.history import decisive_reason
from hotro.dossiers.intake import DocumentRef
from hotro.dossiers.models import Document, Dossier, Event
from hotro.web import errors, limits
from hotro.web.access import applicant_required
from hotro.web.action_forms import ActionForm
from hotro.web.forms import AgencyForm, CatalogForm, SupplementForm, UploadForm
from hotro.web.presenters import SLIPS, deadline
from hotro.web.views.binding import apply_notice, identity_errors

STEPS = ("thong-tin", "nguoi-huong", "tai-lieu", "xem-lai")
MAX_AGENCY_CHOICES = 1500


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _policy(code: str) -> Policy:
    try:
        return policy_get(code=code)
    except NotFound as exc:
        raise Http404(code) from exc


def _draft(request: HttpRequest, policy: Policy) -> dict[str, Any]:
    drafts = request.session.setdefault("drafts", {})
    return drafts.setdefault(
        policy.code, {"applicant": {}, "agency_code": "", "beneficiaries": [], "documents": {}}
    )


def _save(request: HttpRequest) -> None:
    request.session.modified = True


def _steps(policy: Policy) -> list[str]:
    return [s for s in STEPS if s != "nguoi-huong" or policy.has_beneficiaries]


def _next(policy: Policy, step: str) -> str:
    steps = _steps(policy)
    return steps[min(steps.index(step) + 1, len(steps) - 1)]


def _in_force(kinds: set[AgencyKind], province: int | None = None) -> Any:
    today = clock.today()
    qs = (
        agency_list(province_code=province)
        .filter(kind__in=kinds, valid_from__lte=today)
        .exclude(valid_to__lt=today)
    )
    return qs.order_by("province_code", "id")


def _provinces() -> list[tuple[int, str]]:
    return [
        (a.province_code, a.name)
        for a in _in_force({AgencyKind.PROVINCE_COMMITTEE})
        if a.province_code is not None
    ]


def _agency_choices(policy: Policy, province: int | None) -> list[tuple[str, str]]:
    kinds = kinds_acting_as(AgencyKind(policy.receiving_agency_kind))
    qs = _in_force(kinds, province)
    return [(a.code, f"{a.name} ({a.code})") for a in qs[:MAX_AGENCY_CHOICES]]


def _province_of(request: HttpRequest, draft: dict[str, Any]) -> int | None:
    raw = request.GET.get("tinh") or draft.get("province") or ""
    try:
        return int(raw)
    except (TypeError, ValueError):
        return None


def _jsonable(data: dict[str, Any]) -> dict[str, Any]:
    return {
        k: v.isoformat() if isinstance(v, dt.date) else v
        for k, v in data.items()
        if v not in (None, "")
    }


def _context(policy: Policy, step: str, draft: dict[str, Any], **more: Any) -> dict[str, Any]:
    return {
        "policy": policy,
        "step": step,
        "steps": _steps(policy),
        "draft": draft,
        **more,
    }


@applicant_required
def apply(request: HttpRequest, policy_code: str, step: str = "thong-tin") -> HttpResponse:
    policy = _policy(policy_code)
    if step not in _steps(policy):
        raise Http404(step)
    # abuse: files sent (the list, the documents) and submissions count against the limits
    scope = {"nguoi-huong": "upload", "tai-lieu": "upload", "xem-lai": "submit"}.get(step)
    if request.method == "POST" and scope and (too_many := limits.refused(request, scope)):
        return too_many
    draft = _draft(request, policy)
    english = errors.lang() == "en"
    if step == "thong-tin":
        return _step_applicant(request, policy, draft, english)
    if step == "nguoi-huong":
        return _step_beneficiaries(request, policy, draft)
    if step == "tai-lieu":
        return _step_documents(request, policy, draft)
    return _step_review(request, policy, draft)


def _step_applicant(
    request: HttpRequest, policy: Policy, draft: dict[str, Any], english: bool
) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    form = CatalogForm(
        data,
        initial=draft["applicant"],
        defs=policy.form_applicant_fields(),
        english=english,
        prefix="nn",
    )
    province = _province_of(request, draft)
    agency_form = AgencyForm(
        data,
        initial={"agency_code": draft["agency_code"]},
        choices=_agency_choices(policy, province),
    )
    valid = data is not None and form.is_valid() and agency_form.is_valid()
    for name, text in identity_errors(_user(request), form.cleaned_data) if valid else ():
        form.add_error(name, text)  # a bound account files only for its own tax codes
    if valid and form.is_valid():
        draft["applicant"] = _jsonable(form.cleaned_data)
        draft["agency_code"] = agency_form.cleaned_data["agency_code"]
        draft["province"] = province
        _save(request)
        return redirect("web:apply_step", policy.code, _next(policy, "thong-tin"))
    return render(
        request,
        "web/applicant/apply_applicant.html",
        _context(
            policy,
            "thong-tin",
            draft,
            form=form,
            agency_form=agency_form,
            provinces=_provinces(),
            province=province,
            **apply_notice(_user(request), policy, draft["applicant"]),
        ),
    )


def _row_errors(
    request: HttpRequest, policy: Policy, draft: dict[str, Any], rows: list[dict[str, Any]]
) -> dict[int, list[str]]:
    """The service's own checks of the rows (nothing written), by row index."""
    _, problems = intake.validate(
        user=_user(request),
        policy=policy,
        applicant=draft["applicant"],
        beneficiaries=rows,
        documents=[],
    )
    found: dict[int, list[str]] = {}
    for e in problems:
        parts = e.field.split(".")
        if parts[0] == "beneficiaries" and len(parts) > 1 and parts[1].isdigit():
            field = parts[2] if len(parts) > 2 else ""
            text = render_message(e.code, errors.lang(), e.params)
            found.setdefault(int(parts[1]), []).append(f"{field}: {text}" if field else text)
    return found


def _step_beneficiaries(
    request: HttpRequest, policy: Policy, draft: dict[str, Any]
) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    file_errors: list[str] = []
    if request.method == "POST" and request.POST.get("next") == "1" and draft["beneficiaries"]:
        return redirect("web:apply_step", policy.code, _next(policy, "nguoi-huong"))
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            content = read_bounded(upload, settings.HOTRO_UPLOAD_MAX_BYTES)
            parsed = worker_list.parse(
                policy,
                content,
                max_rows=settings.HOTRO_WORKER_LIST_MAX_ROWS,
                limit=settings.HOTRO_UPLOAD_MAX_BYTES,
            )
        except AppError as exc:
            errors.add_to_form(form, exc, field_of=lambda path: "file")
        else:
            file_errors = [render_message(e.code, errors.lang(), e.params) for e in parsed.errors]
            draft["beneficiaries"] = parsed.rows
            draft["beneficiary_rows"] = parsed.row_numbers
            _save(request)
    rows = draft["beneficiaries"]
    row_errors = _row_errors(request, policy, draft, rows) if rows else {}
    columns = worker_list.columns(policy)
    table = [
        {
            "number": (draft.get("beneficiary_rows") or [])[i]
            if i < len(draft.get("beneficiary_rows") or [])
            else i + 1,
            "values": [row.get(c.key, "") for c in columns],
            "errors": row_errors.get(i, []),
        }
        for i, row in enumerate(rows[:500])
    ]
    template = "web/applicant/apply_beneficiaries.html"
    if request.htmx:  # type: ignore[attr-defined]
        template = "web/applicant/beneficiary_table.html"
    return render(
        request,
        template,
        _context(
            policy,
            "nguoi-huong",
            draft,
            form=form,
            columns=columns,
            table=table,
            file_errors=file_errors,
            error_count=sum(len(v) for v in row_errors.values()),
        ),
    )


def _step_documents(request: HttpRequest, policy: Policy, draft: dict[str, Any]) -> HttpResponse:
    components = list(policy.documents.all())
    problems: dict[str, str] = {}
    if request.method == "POST":
        for c in components:
            upload = request.FILES.get(f"tep_{c.key}")
            if upload is None:
                continue
            try:
                content = read_bounded(upload, settings.HOTRO_UPLOAD_MAX_BYTES)
                doc = services.document_upload(
                    user=_user(request), filename=upload.name or "", content=content
                )
            except AppError as exc:
                problems[c.key] = errors.message(exc)
            else:
                draft["documents"][c.key] = {"id": str(doc.id), "filename": doc.filename}
        _save(request)
        if not problems and request.POST.get("next") == "1":
            return redirect("web:apply_step", policy.code, _next(policy, "tai-lieu"))
    verdicts = dict(
        Document.objects.filter(
            id__in=[v["id"] for v in draft["documents"].values()], owner=_user(request)
        ).values_list("id", "signature_verdict")
    )
    rows = [
        {
            "c": c,
            "uploaded": draft["documents"].get(c.key),
            "verdict": verdicts.get(_uuid(draft["documents"].get(c.key)), ""),
            "error": problems.get(c.key, ""),
        }
        for c in components
    ]
    return render(
        request,
        "web/applicant/apply_documents.html",
        _context(policy, "tai-lieu", draft, rows=rows),
    )


def _uuid(entry: dict[str, str] | None) -> Any:
    if not entry:
        return None
    try:
        return uuid.UUID(entry["id"])
    except (KeyError, ValueError):
        return None


def _step_review(request: HttpRequest, policy: Policy, draft: dict[str, Any]) -> HttpResponse:
    problems: list[dict[str, str]] = []
    if request.method == "POST":
        try:
            result = services.dossier_submit(
                user=_user(request),
                policy_code=policy.code,
                agency_code=draft["agency_code"],
                applicant=draft["applicant"],
                beneficiaries=draft["beneficiaries"],
                documents=[
                    intake.DocumentRef(component, entry["id"])
                    for component, entry in draft["documents"].items()
                ],
                idempotency_key=request.POST.get("draft_key") or None,
            )
        except AppError as exc:
            problems = _submit_problems(policy, exc)
        else:
            request.session["drafts"].pop(policy.code, None)
            _save(request)
            messages.success(request, _("Đã nộp hồ sơ thành công."))
            return redirect("web:my_dossier", code=result.dossier.code)
    return render(
        request,
        "web/applicant/apply_review.html",
        _context(
            policy,
            "xem-lai",
            draft,
            problems=problems,
            draft_key=secrets.token_hex(8),
            applicant_fields=policy.form_applicant_fields(),
            agency=agency_list().filter(code=draft["agency_code"]).first()
            if draft["agency_code"]
            else None,
            documents={c.key: c for c in policy.documents.all()},
            **apply_notice(_user(request), policy, draft["applicant"]),
        ),
    )


_STEP_OF = {
    "applicant": "thong-tin",
    "agency_code": "thong-tin",
    "policy_code": "thong-tin",
    "beneficiaries": "nguoi-huong",
    "documents": "tai-lieu",
}


def _submit_problems(policy: Policy, exc: AppError) -> list[dict[str, str]]:
    """Each error with the step where it can be corrected."""
    listed = exc.errors or [FieldError("", exc.code, exc.params)]
    out = []
    for e in listed:
        target = _STEP_OF.get(e.field.split(".")[0], "xem-lai")
        if target not in _steps(policy):
            target = "xem-lai"
        out.append(
            {
                "field": e.field,
                "message": render_message(e.code, errors.lang(), e.params),
                "url": reverse("web:apply_step", args=[policy.code, target]),
            }
        )
    return out


@applicant_required
def my_dossiers(request: HttpRequest) -> HttpResponse:
    page = selectors.dossier_list(
        user=_user(request),
        filters=selectors.DossierFilters(),
        limit=50,
        cursor=request.GET.get("sau") or None,
    )
    calendar = working_calendar()
    rows = [{"d": d, "deadline": deadline(d, calendar)} for d in page.items]
    return render(
        request, "web/applicant/my_dossiers.html", {"rows": rows, "next_cursor": page.next_cursor}
    )


def _asked_components(d: Dossier, asked: Event | None) -> list[tuple[str, str]]:
    """(key, name) of the components a supplement request asks for as files."""
    if asked is None:
        return []
    names = {c.key: c.name for c in d.policy.documents.all()}
    keys = [
        item.get("component", "")
        for item in asked.payload.get("items", [])
        if item.get("kind", "electronic") == "electronic"
    ]
    return [(k, names[k]) for k in dict.fromkeys(keys) if k in names]


def _last_request(d: Dossier) -> Event | None:
    if d.status != Status.AWAITING_SUPPLEMENT:
        return None
    return d.events.filter(action="request_supplement").order_by("-seq").first()


def _my_dossier_page(
    request: HttpRequest,
    code: str,
    form: SupplementForm | None = None,
    withdraw: ActionForm | None = None,
) -> HttpResponse:
    try:
        d = selectors.dossier_get(user=_user(request), code=code)
    except NotFound as exc:
        raise Http404(code) from exc
    documents = list(d.documents.all())
    events = list(d.events.select_related("agency", "actor").order_by("seq"))
    asked = next((e for e in reversed(events) if e.action == "request_supplement"), None)
    open_request = asked if d.status == Status.AWAITING_SUPPLEMENT else None
    return render(
        request,
        "web/applicant/my_dossier.html",
        {
            "d": d,
            "deadline": deadline(d),
            "events": events,
            "slips": [doc for doc in documents if doc.component in SLIPS],
            "uploads": [doc for doc in documents if doc.component not in SLIPS],
            "reason": decisive_reason(d),
            "asked": open_request,
            "form": form or SupplementForm(components=_asked_components(d, open_request)),
            "withdraw": withdraw
            or ActionForm(action=Action.WITHDRAW, english=errors.lang() == "en", prefix="rut"),
            "can_withdraw": Action.WITHDRAW
            in allowed_actions(
                Status(d.status), step_index=d.step_index, steps=d.policy.steps.count()
            ),
            "holder": None,
        },
    )


@applicant_required
def my_dossier(request: HttpRequest, code: str) -> HttpResponse:
    return _my_dossier_page(request, code)


@applicant_required
@require_POST
def supplement(request: HttpRequest, code: str) -> HttpResponse:
    if too_many := limits.refused(request, "upload"):  # abuse: files sent count
        return too_many
    try:
        d = selectors.dossier_get(user=_user(request), code=code)
    except NotFound as exc:
        raise Http404(code) from exc
    components = _asked_components(d, _last_request(d))
    form = SupplementForm(request.POST, request.FILES, components=components)
    if form.is_valid():
        refs = []
        for key, upload in form.files_given():
            try:
                content = read_bounded(upload, settings.HOTRO_UPLOAD_MAX_BYTES)
                doc = services.document_upload(
                    user=_user(request), filename=upload.name or "", content=content
                )
            except AppError as exc:
                form.add_error(f"tep_{key}", errors.message(exc))
            else:
                refs.append(DocumentRef(key, str(doc.id)))
    if form.is_valid():
        try:
            actions.dossier_act(
                user=_user(request),
                code=code,
                action=Action.SUPPLEMENT,
                data=actions.ActionInput(note=form.cleaned_data["note"], documents=refs),
            )
        except AppError as exc:
            errors.add_to_form(form, exc)
        else:
            messages.success(request, _("Đã gửi phần bổ sung. Hồ sơ được tiếp tục xử lý."))
            return redirect("web:my_dossier", code=code)
    return _my_dossier_page(request, code, form=form)


@applicant_required
@require_POST
def withdraw(request: HttpRequest, code: str) -> HttpResponse:
    form = ActionForm(
        request.POST, action=Action.WITHDRAW, english=errors.lang() == "en", prefix="rut"
    )
    if form.is_valid():
        try:
            selectors.dossier_get(user=_user(request), code=code)
            actions.dossier_act(
                user=_user(request), code=code, action=Action.WITHDRAW, data=form.action_input()
            )
        except NotFound as exc:
            raise Http404(code) from exc
        except AppError as exc:
            errors.add_to_form(form, exc)
        else:
            messages.success(request, _("Đã rút hồ sơ."))
            return redirect("web:my_dossier", code=code)
    return _my_dossier_page(request, code, withdraw=form)
