"""Top-level routes. Every route needs a signed-in user (LoginRequiredMiddleware) except sign-in itself."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from ipsgate.core.views import admin_login_redirect
from ipsgate.people.views import home

admin.site.site_header = "ipsgate configuration"
admin.site.site_title = "ipsgate configuration"

urlpatterns = [
    path("", home, name="home"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    # One way in: the admin's own sign-in page sends people to the service's sign-in page.
    path("admin/login/", admin_login_redirect),
    path("admin/", admin.site.urls),
    path("", include("ipsgate.people.urls")),
    path("", include("ipsgate.advice.urls")),
    path("", include("ipsgate.journey.urls")),
    path("", include("ipsgate.employers.urls")),
    path("", include("ipsgate.jobs.urls")),
    path("api/", include("ipsgate.api.urls")),
]
