"""Sign-in plumbing shared by the whole service."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme


@login_not_required
def admin_login_redirect(request: HttpRequest) -> HttpResponse:
    """The admin's sign-in page is replaced by the service's, keeping where the person was going."""
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("admin:index")
    if request.user.is_authenticated:
        # Signed in but not allowed into the admin: go home rather than loop back here.
        return redirect("home")
    return redirect(f"{reverse('login')}?{urlencode({'next': target})}")
