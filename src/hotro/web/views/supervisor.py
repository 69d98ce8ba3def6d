"""The supervisor's dashboard (figures of a scope from the statistics service, drill-down
nation → province → agency), reminder dispatches, and the registers of dispatches."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hotro.accounts.models import User
from hotro.catalog.selectors import policy_choices
from hotro.core import clock
from hotro.core.errors import AppError, Forbidden, NotFound, ValidationFailed
from hotro.correspondence import selectors as registers
from hotro.supervision.reminders import Draft, Signer, reminder_draft, reminder_request
from hotro.supervision.selectors import Scope, Stats, View, scope_resolve, stats_get
from hotro.web import charts, errors
from hotro.web.access import officer_required, staff_required, supervisor_required
from hotro.web.forms import DashboardFilterForm, ReminderForm

REGISTER_SIZE = 200


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _scope_args(request: HttpRequest) -> tuple[int | None, str | None]:
    raw = (request.GET.get("province") or "").strip()
    if raw and not raw.isdigit():
        raise Http404
    return (int(raw) if raw else None), (request.GET.get("agency") or "").strip() or None


def _query(province: int | None, agency: str | None, **more: str) -> str:
    params = {k: v for k, v in (("province", province), ("agency", agency)) if v}
    return urlencode({**params, **{k: v for k, v in more.items() if v}})


def _refuse(exc: AppError) -> None:
    """The service's refusals as the pages' 403 and 404."""
    if isinstance(exc, Forbidden):
        raise PermissionDenied(errors.message(exc)) from exc
    if isinstance(exc, NotFound):
        raise Http404(errors.message(exc)) from exc


def _crumbs(user: User, scope: Scope, kept: dict[str, str]) -> list[tuple[str, str]]:
    """The way back up from the scope shown: (name, address), the last one the scope itself."""
    home = reverse("web:dashboard")
    widest = scope_resolve(user=user)
    crumbs: list[tuple[str, str]] = []
    if widest.kind == "nation":
        crumbs.append((widest.name, f"{home}?{_query(None, None, **kept)}".rstrip("?")))
    if scope.kind != "nation" and scope.province is not None:
        name = scope.name if scope.kind == "province" else _province_name(user, scope.province)
        crumbs.append((name, f"{home}?{_query(scope.province, None, **kept)}"))
    if scope.kind == "agency":
        crumbs.append((scope.name, f"{home}?{_query(None, scope.code, **kept)}"))
    return crumbs


def _province_name(user: User, province: int) -> str:
    try:
        return scope_resolve(user=user, province=province).name
    except AppError:
        return str(province)


def _rows(stats: Stats, kept: dict[str, str]) -> list[dict[str, object]]:
    """The breakdown's rows with the address that drills into each (provinces, agencies),
    keeping the policy and period chosen."""
    home = reverse("web:dashboard")
    rows = []
    for part in stats.breakdown:
        link = ""
        if stats.breakdown_level == "province" and part.code:
            link = f"{home}?{_query(int(part.code), None, **kept)}"
        elif stats.breakdown_level == "agency":
            link = f"{home}?{_query(None, part.code, **kept)}"
        rows.append({"part": part, "link": link, "ward": part.depth > 0})
    return rows


def _switch(scope: Scope, kept: dict[str, str]) -> dict[str, str]:
    """The addresses of the two views of the scope, keeping the policy and period."""
    home = reverse("web:dashboard")
    province = scope.province if scope.kind == "province" else None
    agency = scope.code if scope.kind == "agency" else None
    others = {k: v for k, v in kept.items() if k != "xem"}
    return {
        "held": f"{home}?{_query(province, agency, **others)}".rstrip("?"),
        "received": f"{home}?{_query(province, agency, **others, xem='nhan')}",
    }


def _export(province: int | None, agency: str | None, view: View, kind: str) -> str:
    return f"/api/v1/stats/overdue?{_query(province, agency, format=kind, view=view)}"


@supervisor_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    province, agency = _scope_args(request)
    english = translation.get_language() == "en"
    policies = [(code, name_en if english else name) for code, name, name_en in policy_choices()]
    filters = DashboardFilterForm(request.GET, policies=policies)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    policy_code, date_from, as_of = chosen.get("cs") or None, chosen.get("tu"), chosen.get("den")
    # Where the open dossiers are counted: where held now (the default), or where received.
    # Past days and periods exist where received only.
    past = date_from is not None or (as_of is not None and as_of != clock.today())
    received_view = request.GET.get("xem") == "nhan" or past
    view: View = "received" if received_view else "held"
    try:
        stats = stats_get(
            user=user,
            province=province,
            agency=agency,
            policy_code=policy_code,
            date_from=date_from,
            as_of=as_of,
            view=view,
        )
    except (ValidationFailed, NotFound) as exc:
        if isinstance(exc, NotFound) and exc.code != "policy_not_found":
            _refuse(exc)
        # A period the service refuses (after today, ends before it starts): said on the
        # form, and the figures of today shown instead.
        filters.add_error(None, errors.message(exc))
        policy_code = date_from = as_of = None
        past = False
        view = "received" if request.GET.get("xem") == "nhan" else "held"
        stats = stats_get(user=user, province=province, agency=agency, view=view)
    except AppError as exc:
        _refuse(exc)
        raise
    kept = {
        "cs": policy_code or "",
        "tu": date_from.isoformat() if date_from else "",
        "den": as_of.isoformat() if as_of else "",
    }
    filtered = any(kept.values())
    if view == "received" and not past:
        kept["xem"] = "nhan"
    scope = stats.scope
    province = scope.province if scope.kind == "province" else None
    agency = scope.code if scope.kind == "agency" else None
    days = charts.daily(
        user=user, as_of=stats.as_of, province=province, agency=agency, policy_code=policy_code
    )
    form = ReminderForm(initial={"province": province, "agency": agency})
    return render(
        request,
        "web/supervisor/dashboard.html",
        {
            "stats": stats,
            "f": stats.figures,
            "scope": scope,
            "crumbs": _crumbs(user, scope, kept),
            "rows": _rows(stats, kept),
            "filters": filters,
            "filtered": filtered,
            "view": view,
            "past": past,
            "switch": _switch(scope, kept),
            "stale": stats.swept_through is None or stats.swept_through < clock.today(),
            "chart": charts.chart(days),
            "export_xlsx": _export(province, agency, view, "xlsx"),
            "export_csv": _export(province, agency, view, "csv"),
            "form": form,
        },
    )


@supervisor_required
@require_POST
def reminder(request: HttpRequest) -> HttpResponse:
    """Two steps: the letter itself is shown for review (its text, addressees and what each
    one's list holds), then asked for; the worker composes and issues it."""
    user = _user(request)
    form = ReminderForm(request.POST)
    scope: Scope | None = None
    draft: Draft | None = None
    if form.is_valid():
        data = form.cleaned_data
        try:
            scope = scope_resolve(user=user, province=data["province"], agency=data["agency"])
        except AppError as exc:
            _refuse(exc)
            raise
        signer = Signer(data["authority"], data["title"], data["signer"], data["symbol"])
        scope_args = {"province": data["province"], "agency": data["agency"] or None}
        try:
            if request.POST.get("confirm") == "1":
                dispatch = reminder_request(user=user, signer=signer, **scope_args)
                dispatch.refresh_from_db()  # issued already where the worker runs in-process
                if dispatch.state == dispatch.State.ISSUED:
                    text = _("Đã ban hành công văn số %(number)s.")
                else:
                    text = _("Công văn đang được soạn; số công văn có khi ban hành xong.")
                messages.success(request, text % {"number": dispatch.number_symbol})
                return redirect(f"{reverse('web:outgoing')}?moi={dispatch.id}")
            draft = reminder_draft(user=user, signer=signer, **scope_args)
        except AppError as exc:
            errors.add_to_form(form, exc)
    return render(
        request,
        "web/supervisor/reminder.html",
        {
            "form": form,
            "scope": scope,
            "draft": draft,
            "letter": draft.letter if draft else None,
            "confirming": draft is not None,
            "today": clock.today(),
        },
    )


@staff_required
def outgoing(request: HttpRequest) -> HttpResponse:
    fresh = request.GET.get("moi", "")
    return render(
        request,
        "web/supervisor/outgoing.html",
        {
            "dispatches": registers.outgoing_list(user=_user(request))[:REGISTER_SIZE],
            "fresh": int(fresh) if fresh.isdigit() else None,
        },
    )


@officer_required
def incoming(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "web/supervisor/inbox.html",
        {"items": registers.inbox(user=_user(request))[:REGISTER_SIZE]},
    )
