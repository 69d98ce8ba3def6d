"""The officer's workbench: queues, a dossier with its history and deadlines, and actions."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hotro.accounts.models import User
from hotro.catalog.selectors import policy_choices
from hotro.core import characters
from hotro.core.errors import AppError, NotFound
from hotro.dossiers import actions, queues, selectors
from hotro.dossiers.calendar import working_calendar
from hotro.dossiers.domain.lifecycle import TABLE, Action, Actor, allowed_actions
from hotro.dossiers.domain.status import Status
from hotro.dossiers.models import Dossier
from hotro.web import errors
from hotro.web.access import officer_required
from hotro.web.action_forms import BULK_ACTIONS, ActionForm, SupplementForm
from hotro.web.forms import SearchForm
from hotro.web.presenters import SLIPS, deadline, queue_row
from hotro.web.redirects import redirect_back

PAGE_SIZE = 50


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _english() -> bool:
    return errors.lang() == "en"


@officer_required
def queue(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    name = request.GET.get("hang", queues.DEFAULT)
    if name not in queues.QUEUES:
        name = queues.DEFAULT
    english = _english()
    policies = [(code, name_en if english else name) for code, name, name_en in policy_choices()]
    search = SearchForm(request.GET or None, policies=policies)
    valid = search.is_valid()
    q = search.cleaned_data["q"] if valid else ""
    policy = search.cleaned_data["cs"] if valid else ""
    try:
        page = selectors.dossier_list(
            user=user,
            filters=queues.queue_filters(user=user, queue=name, q=q, policy=policy),
            limit=PAGE_SIZE,
            cursor=request.GET.get("sau") or None,
        )
    except AppError as exc:
        messages.error(request, errors.message(exc))
        return redirect("web:queue")
    calendar = working_calendar()
    rows = [queue_row(d, calendar) for d in page.items]
    context = {
        "queue": name,
        "queues": queues.QUEUES,
        # The counts come a moment later (htmx): the list is not kept waiting for them.
        "counts": None,
        "rows": rows,
        "next_cursor": page.next_cursor,
        "search": search,
        "q": q,
        "cs": policy,
        "bulk_actions": BULK_ACTIONS,
    }
    template = "web/officer/queue_rows.html" if request.htmx else "web/officer/queue.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@officer_required
def queue_counts(request: HttpRequest) -> HttpResponse:
    """The queue tabs with how many dossiers each holds."""
    name = request.GET.get("hang", queues.DEFAULT)
    return render(
        request,
        "web/officer/queue_tabs.html",
        {
            "queue": name if name in queues.QUEUES else queues.DEFAULT,
            "queues": queues.QUEUES,
            "counts": queues.queue_counts(user=_user(request)),
            "q": request.GET.get("q", ""),
            "cs": request.GET.get("cs", ""),
        },
    )


def _forms(
    dossier: Dossier, user: User, bound: ActionForm | None = None
) -> tuple[list[Action], dict[str, ActionForm]]:
    """The actions the lifecycle allows now, if the user's agency holds the dossier."""
    steps = dossier.policy.steps.count()
    if user.agency_id != actions.acting_agency(dossier).id:
        return [], {}
    allowed = [
        a
        for a in allowed_actions(Status(dossier.status), step_index=dossier.step_index, steps=steps)
        if TABLE[a].actor == Actor.OFFICER
    ]
    forms: dict[str, ActionForm] = {}
    for a in allowed:
        if bound is not None and bound.action == a:
            forms[a.value] = bound
        elif a == Action.REQUEST_SUPPLEMENT:
            forms[a.value] = SupplementForm(
                components=list(dossier.policy.documents.all()),
                signed=selectors.dossier_signed_components(dossier=dossier),
                english=_english(),
                prefix=a.value,
            )
        else:
            forms[a.value] = ActionForm(action=a, english=_english(), prefix=a.value)
    return allowed, forms


def _dossier_page(
    request: HttpRequest, dossier: Dossier, bound: ActionForm | None = None
) -> HttpResponse:
    user = _user(request)
    allowed, forms = _forms(dossier, user, bound)
    documents = list(dossier.documents.all())
    context = {
        "d": dossier,
        "deadline": deadline(dossier),
        "steps": list(dossier.policy.steps.all()),
        "holder": actions.acting_agency(dossier),
        "events": list(dossier.events.select_related("agency", "actor").order_by("seq")),
        "uploads": [doc for doc in documents if doc.component not in SLIPS],
        "slips": [doc for doc in documents if doc.component in SLIPS],
        "components": {c.key: c for c in dossier.policy.documents.all()},
        "applicant": [
            (f.label_en if _english() else f.label, dossier.applicant_data[f.key])
            for f in dossier.policy.form_applicant_fields()
            if f.key in dossier.applicant_data
        ],
        "beneficiaries": list(dossier.beneficiaries.all()[:200]),
        "allowed": allowed,
        "forms": forms,
        "open_form": bound.action.value if bound is not None else "",
    }
    return render(request, "web/officer/dossier.html", context)


@officer_required
def dossier_page(request: HttpRequest, code: str) -> HttpResponse:
    try:
        dossier = selectors.dossier_get(user=_user(request), code=code)
    except NotFound as exc:
        raise Http404(code) from exc
    return _dossier_page(request, dossier)


@officer_required
@require_POST
def dossier_action(request: HttpRequest, code: str, action: str) -> HttpResponse:
    user = _user(request)
    try:
        act = Action(action)
        dossier = selectors.dossier_get(user=user, code=code)
    except (ValueError, NotFound) as exc:
        raise Http404(code) from exc
    form: ActionForm
    if act == Action.REQUEST_SUPPLEMENT:
        form = SupplementForm(
            request.POST,
            components=list(dossier.policy.documents.all()),
            signed=selectors.dossier_signed_components(dossier=dossier),
            english=_english(),
            prefix=act.value,
        )
    else:
        form = ActionForm(request.POST, action=act, english=_english(), prefix=act.value)
    if form.is_valid():
        try:
            actions.dossier_act(user=user, code=code, action=act, data=form.action_input())
        except AppError as exc:
            if act not in _forms(dossier, user)[0]:
                # No form of this action on the page (not this agency's step, or no longer
                # allowed): the refusal is said above the dossier.
                messages.error(request, errors.message(exc))
                return redirect("web:officer_dossier", code=code)
            field_of = form.field_of if isinstance(form, SupplementForm) else None
            errors.add_to_form(form, exc, field_of=field_of)
        else:
            messages.success(
                request,
                _("Đã thực hiện “%(action)s” cho hồ sơ %(code)s.")
                % {"action": _action_name(act), "code": code},
            )
            return redirect("web:officer_dossier", code=code)
    # 200 with the errors on the form, as Django's forms do (a 4xx page is a console error).
    return _dossier_page(request, dossier, bound=form)


def _action_name(action: Action) -> str:
    from hotro.web.templatetags.hotro import action_label

    return action_label(action.value)


@officer_required
@require_POST
def bulk_action(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    # read without a form: keep what can be a code (no character a text may not hold)
    codes = [c for c in request.POST.getlist("code") if not characters.refused(c)][:PAGE_SIZE]
    back = request.POST.get("back")
    try:
        act = Action(request.POST.get("action", ""))
    except ValueError:
        act = None
    if act not in BULK_ACTIONS or not codes:
        messages.error(request, errors.render_code("nothing_selected"))
        return redirect_back(request, back, "web:queue")
    outcomes = actions.dossier_act_bulk(user=user, codes=codes, action=act)
    done = [o.code for o in outcomes if o.error is None]
    if done:
        messages.success(
            request,
            _("Đã thực hiện “%(action)s” cho %(n)s hồ sơ.")
            % {"action": _action_name(act), "n": len(done)},
        )
    for o in outcomes:
        if o.error is not None:
            messages.error(request, f"{o.code}: {errors.message(o.error)}")
    return redirect_back(request, back, "web:queue")
