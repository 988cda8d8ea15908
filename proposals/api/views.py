"""API views for sessions, deputies, units, proposals and assignments.

Reads go through the selectors (proposals.selectors), writes through the workflow services
(proposals.services); a refused step comes back as a WorkflowError, which config.api turns into
a 400 (or 403 when the caller's role may not take it).
"""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action

from config.api import ERROR_RESPONSES, READ_ERRORS, ReadViewSet
from proposals import services
from proposals.api import filters, serializers
from proposals.models import CongressSession, Deputy, HandlingUnit
from proposals.selectors import assignments_visible_to, proposals_visible_to, replies_visible_to


def read_schema(tag: str, serializer):
    return extend_schema_view(
        list=extend_schema(tags=[tag], responses={200: serializer(many=True), **READ_ERRORS}),
        retrieve=extend_schema(tags=[tag], responses={200: serializer, **READ_ERRORS}),
    )


@read_schema("reference", serializers.SessionSerializer)
class SessionViewSet(ReadViewSet):
    """Congress sessions: reference data every logged-in client may read."""

    queryset = CongressSession.objects.all()
    serializer_class = serializers.SessionSerializer
    filterset_class = filters.SessionFilter
    search_fields = ["name"]


@read_schema("reference", serializers.DeputySerializer)
class DeputyViewSet(ReadViewSet):
    """Deputies' names and delegations: reference data every logged-in client may read."""

    queryset = Deputy.objects.all()
    serializer_class = serializers.DeputySerializer
    filterset_class = filters.DeputyFilter
    search_fields = ["name", "delegation"]
    ordering_fields = ("name",)


@read_schema("reference", serializers.UnitSerializer)
class UnitViewSet(ReadViewSet):
    """Handling units: reference data every logged-in client may read."""

    queryset = HandlingUnit.objects.all()
    serializer_class = serializers.UnitSerializer
    filterset_class = filters.UnitFilter
    search_fields = ["name", "short_name"]
    ordering_fields = ("name",)


@read_schema("proposals", serializers.ProposalSerializer)
class ProposalViewSet(mixins.CreateModelMixin, ReadViewSet):
    """Proposals the caller may see, with the assignments and replies the caller may see."""

    serializer_class = serializers.ProposalSerializer
    filterset_class = filters.ProposalFilter
    search_fields = ["title", "number", "topic"]
    ordering_fields = ("submitted_on", "number")

    def get_queryset(self):
        user = self.request.user
        assignments = assignments_visible_to(user=user).select_related("unit").order_by("-role", "id")
        replies = replies_visible_to(user=user).select_related("category").order_by("issued_on", "id")
        return (
            proposals_visible_to(user=user)
            .select_related("session", "lead_deputy")
            .prefetch_related("co_deputies", Prefetch("assignments", assignments), Prefetch("replies", replies))
        )

    @extend_schema(
        tags=["proposals"],
        summary="登记建议（代表工作机构）",
        request=serializers.ProposalCreateSerializer,
        responses={201: serializers.ProposalSerializer, **ERROR_RESPONSES},
    )
    def create(self, request, *args, **kwargs):
        services.require_office(request.user)
        data = self.validated(serializers.ProposalCreateSerializer)
        proposal = services.proposal_register(actor=request.user, **data)
        return self.respond(proposal, status.HTTP_201_CREATED)

    @extend_schema(
        tags=["proposals"],
        summary="交办（代表工作机构）",
        request=serializers.AssignSerializer,
        responses={200: serializers.ProposalSerializer, **ERROR_RESPONSES},
    )
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        services.require_office(request.user)
        proposal = self.get_object()
        data = self.validated(serializers.AssignSerializer)
        services.proposal_assign(
            proposal=proposal,
            actor=request.user,
            lead_unit=data["lead_unit"],
            co_units=data.get("co_units", []),
            assigned_on=data.get("assigned_on"),
        )
        return self.respond(proposal)


@read_schema("assignments", serializers.AssignmentSerializer)
class AssignmentViewSet(ReadViewSet):
    """Assignments of the proposals the caller may see, and the unit's and office's steps on them."""

    serializer_class = serializers.AssignmentSerializer
    filterset_class = filters.AssignmentFilter
    search_fields = ["proposal__title", "proposal__number"]
    ordering_fields = ("due_on", "assigned_on")

    def get_queryset(self):
        return assignments_visible_to(user=self.request.user).select_related("unit", "proposal__session")

    def _unit_step(self, serializer_class, service, **extra):
        assignment = self.get_object()
        services.require_unit_member(self.request.user, assignment.unit)
        data = self.validated(serializer_class)
        service(assignment=assignment, actor=self.request.user, **data, **extra)
        return self.respond(assignment)

    @extend_schema(
        tags=["assignments"],
        summary="签收（承办单位）",
        request=serializers.SignSerializer,
        responses={200: serializers.AssignmentSerializer, **ERROR_RESPONSES},
    )
    @action(detail=True, methods=["post"])
    def sign(self, request, pk=None):
        return self._unit_step(serializers.SignSerializer, services.assignment_sign)

    @extend_schema(
        tags=["assignments"],
        summary="申请退回（承办单位，交办后 5 个工作日内）",
        request=serializers.ReturnSerializer,
        responses={200: serializers.AssignmentSerializer, **ERROR_RESPONSES},
    )
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        return self._unit_step(serializers.ReturnSerializer, services.assignment_return)

    @extend_schema(
        tags=["assignments"],
        summary="申请延期（主办单位）",
        request=serializers.ExtendSerializer,
        responses={200: serializers.AssignmentSerializer, **ERROR_RESPONSES},
    )
    @action(detail=True, methods=["post"])
    def extend(self, request, pk=None):
        return self._unit_step(serializers.ExtendSerializer, services.assignment_extension_request)

    @extend_schema(
        tags=["assignments"],
        summary="审批延期申请（代表工作机构）",
        request=serializers.ExtensionDecisionSerializer,
        responses={200: serializers.AssignmentSerializer, **ERROR_RESPONSES},
    )
    @action(detail=True, methods=["post"], url_path="extend/decide")
    def extend_decide(self, request, pk=None):
        services.require_office(request.user)
        assignment = self.get_object()
        data = self.validated(serializers.ExtensionDecisionSerializer)
        services.assignment_extension_decide(assignment=assignment, actor=request.user, approve=data["approve"])
        return self.respond(assignment)
