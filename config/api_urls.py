"""The REST API under /api/: v1 endpoints, the OpenAPI schema and its Swagger UI (served from local static
files: Redoc's template loads web fonts from Google, so it is left out)."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import SimpleRouter

from config.api import TokenView
from industry.api import views as industry
from proposals.api import views as proposals
from proposals.api.stats import StatsView
from responses.api import views as responses

router = SimpleRouter()
router.register("sessions", proposals.SessionViewSet, basename="session")
router.register("deputies", proposals.DeputyViewSet, basename="deputy")
router.register("units", proposals.UnitViewSet, basename="unit")
router.register("proposals", proposals.ProposalViewSet, basename="proposal")
router.register("assignments", proposals.AssignmentViewSet, basename="assignment")
router.register("replies", responses.ReplyViewSet, basename="reply")
router.register("commitments", responses.CommitmentViewSet, basename="commitment")
router.register("progress-updates", responses.ProgressUpdateViewSet, basename="progressupdate")
router.register("feedback", responses.FeedbackViewSet, basename="feedback")
router.register("industry/sectors", industry.SectorViewSet, basename="sector")
router.register("industry/indicators", industry.IndicatorViewSet, basename="indicator")
router.register("industry/observations", industry.ObservationViewSet, basename="observation")
router.register("industry/targets", industry.TargetViewSet, basename="target")

app_name = "api"

urlpatterns = [
    path("v1/auth/token/", TokenView.as_view(), name="token"),
    path("v1/stats/", StatsView.as_view(), name="stats"),
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
]
