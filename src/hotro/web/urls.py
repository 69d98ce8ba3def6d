"""The pages' addresses (Vietnamese, as the people using them read them)."""

from __future__ import annotations

from django.urls import path

from hotro.web.views import (
    accounts,
    apply,
    binding,
    my_dossiers,
    officer,
    profile,
    public,
    supervisor,
)

app_name = "web"

urlpatterns = [
    path("", public.home, name="home"),
    path("tra-cuu/", public.track, name="track"),
    # accounts
    path("dang-nhap/", accounts.login_view, name="login"),
    path("dang-xuat/", accounts.logout_view, name="logout"),
    path("dang-ky/", accounts.register, name="register"),
    path("xac-thuc/", accounts.otp_verify, name="otp_verify"),
    path("xac-thuc/dang-ky/", accounts.otp_setup, name="otp_setup"),
    # applicants
    path("nop-ho-so/<str:policy_code>/<str:step>/", apply.apply, name="apply_step"),
    path("ho-so-cua-toi/", my_dossiers.my_dossiers, name="my_dossiers"),
    path("ho-so-cua-toi/<str:code>/", my_dossiers.my_dossier, name="my_dossier"),
    path("ho-so-cua-toi/<str:code>/bo-sung/", my_dossiers.supplement, name="supplement"),
    path("ho-so-cua-toi/<str:code>/rut/", my_dossiers.withdraw, name="withdraw"),
    path("tai-khoan/ho-so-don-vi/", profile.employer_profile, name="employer_profile"),
    # binding the account to an enterprise's tax code
    path("tai-khoan/xac-minh/", binding.bindings, name="bindings"),
    path("tai-khoan/xac-minh/<uuid:challenge_id>/", binding.challenge, name="binding_challenge"),
    path(
        "tai-khoan/xac-minh/<uuid:challenge_id>/van-ban.pdf",
        binding.challenge_document,
        name="binding_pdf",
    ),
    path(
        "tai-khoan/xac-minh/<uuid:challenge_id>/van-ban.txt",
        binding.challenge_text,
        name="binding_text",
    ),
    # officers
    path("can-bo/", officer.queue, name="queue"),
    path("can-bo/dem/", officer.queue_counts, name="queue_counts"),
    path("can-bo/xu-ly-nhieu/", officer.bulk_action, name="bulk_action"),
    path("can-bo/ho-so/<str:code>/", officer.dossier_page, name="officer_dossier"),
    path("can-bo/ho-so/<str:code>/<str:action>/", officer.dossier_action, name="officer_action"),
    # supervisors and the registers of dispatches
    path("giam-sat/", supervisor.dashboard, name="dashboard"),
    path("giam-sat/cong-van-don-doc/", supervisor.reminder, name="reminder"),
    path("cong-van-di/", supervisor.outgoing, name="outgoing"),
    path("cong-van-den/", supervisor.incoming, name="inbox"),
]
