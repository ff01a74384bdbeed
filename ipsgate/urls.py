"""Top-level routes. Every route needs a signed-in user (LoginRequiredMiddleware) except sign-in itself."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from ipsgate.casework import urls as casework_urls
from ipsgate.casework.views import home
from ipsgate.core import account_views, health, security_log_views
from ipsgate.core.middleware import mfa_not_required
from ipsgate.core.views import admin_login_redirect, not_found
from ipsgate.people import urls as people_urls

handler400 = "ipsgate.core.views.bad_request"

admin.site.site_header = "ipsgate configuration"
admin.site.site_title = "ipsgate configuration"

urlpatterns = [
    path("", home, name="home"),
    # For load balancers and monitoring, without sign-in: "ok" / "ready" and nothing else (core/health.py).
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", mfa_not_required(auth_views.LogoutView.as_view()), name="logout"),
    path("mfa/verify/", account_views.mfa_verify, name="mfa-verify"),
    path("mfa/setup/", account_views.mfa_setup, name="mfa-setup"),
    path("account/", account_views.account, name="account"),
    path("account/confirm/", account_views.reauthenticate, name="reauthenticate"),
    path("account/password/", account_views.password_change, name="password-change"),
    path("account/recovery-codes/", account_views.recovery_codes_new, name="recovery-codes-new"),
    path("security-log/", security_log_views.security_log, name="security-log"),
    path(
        "security-log/role-changes/<int:pk>/decision/",
        security_log_views.role_change_decision,
        name="role-change-decision",
    ),
    path("password-reset/", account_views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="registration/password_reset_sent.html"),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        account_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(template_name="registration/password_reset_done.html"),
        name="password_reset_complete",
    ),
    # One way in: the admin's own sign-in page sends people to the service's sign-in page.
    path("admin/login/", admin_login_redirect),
    # The admin's own password change would skip re-authentication: use the service's.
    path("admin/password_change/", RedirectView.as_view(pattern_name="password-change"), name="admin-password-change"),
    # "View on site" would tell an administrator (no case access) which participant ids exist: nothing here uses it.
    path("admin/r/<path:rest>", not_found, name="admin-view-on-site-disabled"),
    path("admin/", admin.site.urls),
    # The casework pages keep their original names: each namespace joins a domain app's routes with casework's.
    path("", include((casework_urls.people_pages + people_urls.urlpatterns, "people"))),
    path("", include("ipsgate.advice.urls")),
    path("", include("ipsgate.journey.urls")),
    path("", include((casework_urls.employer_pages, "employers"))),
    path("", include("ipsgate.jobs.urls")),
    path("", include("ipsgate.fidelity.urls")),
    path("", include("ipsgate.outcomes.urls")),
    path("", include("ipsgate.privacy.urls")),
    path("", include("ipsgate.evaluation.urls")),
    path("", include("ipsgate.mentoring.urls")),
    path("", include("ipsgate.partners.urls")),
    path("", include("ipsgate.papers.urls")),
    path("", include("ipsgate.imports.urls")),
    path("api/", include("ipsgate.api.urls")),
]
