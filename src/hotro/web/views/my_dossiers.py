"""The applicant's own dossiers: the list, one dossier with its history and slips, the answer
to a supplement request, and withdrawal."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hotro.core.errors import AppError, NotFound
from hotro.core.uploads import read_bounded
from hotro.dossiers import actions, selectors, services
from hotro.dossiers.calendar import working_calendar
from hotro.dossiers.domain.lifecycle import Action, allowed_actions
from hotro.dossiers.domain.status import Status
from hotro.dossiers.history import decisive_reason
from hotro.dossiers.intake import DocumentRef
from hotro.dossiers.models import Dossier, Event
from hotro.web import errors, limits
from hotro.web.access import applicant_required, request_user
from hotro.web.action_forms import ActionForm
from hotro.web.field_labels import Where
from hotro.web.forms import SupplementForm
from hotro.web.presenters import SLIPS, deadline


@applicant_required
def my_dossiers(request: HttpRequest) -> HttpResponse:
    page = selectors.dossier_list(
        user=request_user(request),
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
        d = selectors.dossier_get(user=request_user(request), code=code)
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


def _supplement_field(refs: list[DocumentRef]) -> Callable[[str], str | None]:
    """The file input of the component a `documents.<i>.…` error is about."""

    def field_of(path: str) -> str | None:
        parts = path.split(".")
        if parts[0] == "documents" and len(parts) > 1 and parts[1].isdigit():
            index = int(parts[1])
            return f"tep_{refs[index].component}" if index < len(refs) else None
        return None

    return field_of


@applicant_required
@require_POST
def supplement(request: HttpRequest, code: str) -> HttpResponse:
    if too_many := limits.refused(request, "upload"):  # abuse: files sent count
        return too_many
    try:
        d = selectors.dossier_get(user=request_user(request), code=code)
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
                    user=request_user(request),
                    filename=upload.name or "",
                    content=content,
                    policy_code=d.policy.code,
                    component=key,
                )
            except AppError as exc:
                texts = [errors.render_code(e.code, e.params) for e in exc.errors]
                form.add_error(f"tep_{key}", " ".join(texts) or errors.message(exc))
            else:
                refs.append(DocumentRef(key, str(doc.id)))
    if form.is_valid():
        try:
            actions.dossier_act(
                user=request_user(request),
                code=code,
                action=Action.SUPPLEMENT,
                data=actions.ActionInput(note=form.cleaned_data["note"], documents=refs),
            )
        except AppError as exc:
            where = Where(
                d.policy, english=errors.lang() == "en", components=[r.component for r in refs]
            )
            errors.add_to_form(form, exc, field_of=_supplement_field(refs), label_of=where.label)
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
            selectors.dossier_get(user=request_user(request), code=code)
            actions.dossier_act(
                user=request_user(request),
                code=code,
                action=Action.WITHDRAW,
                data=form.action_input(),
            )
        except NotFound as exc:
            raise Http404(code) from exc
        except AppError as exc:
            errors.add_to_form(form, exc)
        else:
            messages.success(request, _("Đã rút hồ sơ."))
            return redirect("web:my_dossier", code=code)
    return _my_dossier_page(request, code, withdraw=form)
