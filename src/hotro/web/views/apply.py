"""The applicant's application pages: apply step by step, a draft kept in the session between
steps until the review step submits it."""

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

from hotro.accounts import profiles
from hotro.catalog.models import Policy
from hotro.catalog.schema import AgencyKind
from hotro.catalog.selectors import agency_list, kinds_acting_as, policy_get
from hotro.core import clock
from hotro.core.errors import AppError, FieldError, NotFound
from hotro.core.messages import render as render_message
from hotro.core.uploads import kind_params, read_bounded
from hotro.dossiers import intake, services, worker_list
from hotro.dossiers.models import Document
from hotro.signatures.required import signature_missing
from hotro.web import errors, limits, worker_preview
from hotro.web.access import applicant_required, request_user
from hotro.web.field_labels import Where
from hotro.web.forms import AgencyForm, CatalogForm, UploadForm
from hotro.web.views.binding import apply_notice

STEPS = ("thong-tin", "nguoi-huong", "tai-lieu", "xem-lai")
MAX_AGENCY_CHOICES = 1500


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


def _profile_initial(request: HttpRequest, policy: Policy) -> dict[str, str]:
    return profiles.employer_profile_initial(user=request_user(request), policy=policy)


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
    # A new application starts from the employer's profile (and the tax code it is bound to).
    prefilled = {} if draft["applicant"] else _profile_initial(request, policy)
    form = CatalogForm(
        data,
        initial=draft["applicant"] or prefilled,
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
    if valid:  # the service's checks of this step's input: check digits, phone, bindings
        _, problems = intake.applicant_check(
            user=request_user(request), policy=policy, applicant=_jsonable(form.cleaned_data)
        )
        for e in problems:
            name = e.field.removeprefix("applicant.")
            form.add_error(
                name if name in form.fields else None, errors.render_code(e.code, e.params)
            )
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
            prefilled=bool(prefilled),
            **apply_notice(request_user(request), policy, draft["applicant"]),
        ),
    )


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
    shown = worker_preview.preview(
        user=request_user(request),
        policy=policy,
        applicant=draft["applicant"],
        rows=draft["beneficiaries"],
        row_numbers=draft.get("beneficiary_rows") or [],
        english=errors.lang() == "en",
    )
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
            columns=shown.columns,
            table=shown.table,
            file_errors=file_errors + shown.list_errors,
            error_count=shown.error_count,
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
                    user=request_user(request),
                    filename=upload.name or "",
                    content=content,
                    policy_code=policy.code,
                    component=c.key,
                )
            except AppError as exc:
                problems[c.key] = _upload_problem(exc)
            else:
                draft["documents"][c.key] = {"id": str(doc.id), "filename": doc.filename}
        _save(request)
    checked = _documents_checked(request, policy, draft)
    # A file just sent for a component that must be signed and is not: shown before moving on.
    warned = request.method == "POST" and any(
        checked.get(c.key, ("", ""))[1] and request.FILES.get(f"tep_{c.key}") for c in components
    )
    if request.method == "POST" and not problems and not warned and request.POST.get("next"):
        return redirect("web:apply_step", policy.code, _next(policy, "tai-lieu"))
    rows = [
        {
            "c": c,
            "uploaded": draft["documents"].get(c.key),
            "verdict": checked.get(c.key, ("", ""))[0],
            "missing": checked.get(c.key, ("", ""))[1],
            "kinds": kind_params(None, c.media_types)[f"allowed_{errors.lang()}"],
            "error": problems.get(c.key, ""),
        }
        for c in components
    ]
    return render(
        request,
        "web/applicant/apply_documents.html",
        _context(policy, "tai-lieu", draft, rows=rows),
    )


def _documents_checked(
    request: HttpRequest, policy: Policy, draft: dict[str, Any]
) -> dict[str, tuple[str, str]]:
    """Each uploaded component's signature verdict and whether a required signature is
    missing (signatures/required.py), by component key."""
    signers = {c.key: c.signer for c in policy.documents.all()}
    ids = {_uuid(entry): key for key, entry in draft["documents"].items()}
    found = Document.objects.filter(id__in=[i for i in ids if i], owner=request_user(request))
    out = {}
    for doc_id, verdict, report in found.values_list("id", "signature_verdict", "signature_report"):
        key = ids[doc_id]
        out[key] = (
            verdict,
            signature_missing(signer=signers.get(key, ""), verdict=verdict, report=report),
        )
    return out


def _upload_problem(exc: AppError) -> str:
    """An upload's refusal: the file's own message (the field is the file input itself)."""
    if exc.errors:
        return " ".join(errors.render_code(e.code, e.params) for e in exc.errors)
    return errors.message(exc)


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
                user=request_user(request),
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
            problems = _submit_problems(policy, draft, exc)
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
            missing={k: m for k, (_v, m) in _documents_checked(request, policy, draft).items()},
            **apply_notice(request_user(request), policy, draft["applicant"]),
        ),
    )


_STEP_OF = {
    "applicant": "thong-tin",
    "agency_code": "thong-tin",
    "policy_code": "thong-tin",
    "beneficiaries": "nguoi-huong",
    "documents": "tai-lieu",
}


def _submit_problems(policy: Policy, draft: dict[str, Any], exc: AppError) -> list[dict[str, str]]:
    """Each error named by its label (and its row, for the list), with the step where it can
    be corrected."""
    where = Where(
        policy,
        english=errors.lang() == "en",
        rows=draft.get("beneficiary_rows") or [],
        components=list(draft["documents"]),
    )
    listed = exc.errors or [FieldError("", exc.code, exc.params)]
    out = []
    for e in listed:
        target = _STEP_OF.get(e.field.split(".")[0], "xem-lai")
        if target not in _steps(policy):
            target = "xem-lai"
        out.append(
            {
                "label": where.label(e.field) or _("Hồ sơ"),
                "message": where.message(e),
                "url": reverse("web:apply_step", args=[policy.code, target]),
            }
        )
    return out
