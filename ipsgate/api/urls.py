"""/api/v1/ (read-only endpoints), /api/schema/ (OpenAPI 3) and /api/docs/ (Swagger UI from our own static
files, its start-up script served separately so no inline script is needed)."""

from django.contrib.auth.decorators import login_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from . import views
from .outcomes import OutcomesView

app_name = "api"

router = SimpleRouter()
router.register("participants", views.ParticipantViewSet, basename="participant")
router.register("referrals", views.ReferralViewSet, basename="referral")
router.register("support-contacts", views.SupportContactViewSet, basename="support-contact")
router.register("employers", views.EmployerViewSet, basename="employer")
router.register("vacancies", views.VacancyViewSet, basename="vacancy")
router.register("applications", views.ApplicationViewSet, basename="application")
router.register("jobs", views.JobViewSet, basename="job")
router.register("partners", views.PartnerViewSet, basename="partner")
router.register("partner-referrals", views.PartnerReferralViewSet, basename="partner-referral")
router.register("mentors", views.MentorViewSet, basename="mentor")
router.register("mentoring-sessions", views.MentoringSessionViewSet, basename="mentoring-session")


class SwaggerDocsView(SpectacularSwaggerSplitView):
    """The documentation page: our template (no inline style or script) around the sidecar's Swagger UI."""

    template_name = "api/swagger_ui.html"


urlpatterns = [
    path("v1/outcomes/", OutcomesView.as_view(), name="outcomes"),
    path("v1/", include(router.urls)),
    # Any authenticated caller (token or session) may read the schema; DRF answers 401 to anyone else.
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # A page for people: DRF views skip the site-wide sign-in redirect, so ask for it here.
    path("docs/", login_required(SwaggerDocsView.as_view(url_name="api:schema", title="ipsgate API")), name="docs"),
]
