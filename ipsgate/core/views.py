"""Plumbing shared by every app's views: the signed-in user, role checks, and the admin sign-in redirect."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import defaults
from django.views.decorators.http import require_safe

from .models import User
from .query_params import BadQueryParameter


def request_user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]  # LoginRequiredMiddleware guarantees a signed-in User


def require(allowed: bool) -> None:
    """403 when the role may not use a page at all (out-of-scope records are 404 instead)."""
    if not allowed:
        raise PermissionDenied


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """400. A malformed id or number in the query string: the GOV.UK page, naming the parameter. Anything else
    (e.g. a disallowed host): Django's handler, which renders the same template without trusting the request."""
    if isinstance(exception, BadQueryParameter):
        context = {"parameter": exception.name, "problem": exception.problem}
        return render(request, "400.html", context, status=400)
    return defaults.bad_request(request, exception)


def not_found(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


@require_safe
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
