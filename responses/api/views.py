"""API views for replies, commitments, progress updates and feedback.

Reads go through proposals.selectors, writes through responses.services; a refused step is a
WorkflowError that config.api turns into a 400 (or 403 for a role that may not take it).
"""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action

from config.api import ERROR_RESPONSES, ReadViewSet
from proposals.api.views import read_schema
from proposals.selectors import (
    commitments_visible_to,
    feedback_visible_to,
    progress_updates_visible_to,
    replies_visible_to,
)
from responses import services
from responses.api import filters, serializers


@read_schema("replies", serializers.ReplySerializer)
class ReplyViewSet(ReadViewSet):
    """Reply letters the caller may see (the public ones for a login without a role)."""

    serializer_class = serializers.ReplySerializer
    filterset_class = filters.ReplyFilter
    search_fields = ["document_number", "title", "proposal__title"]
    ordering_fields = ("issued_on",)

    def get_queryset(self):
        user = self.request.user
        commitments = commitments_visible_to(user=user).select_related("responsible_unit").order_by("position", "id")
        return (
            replies_visible_to(user=user)
            .select_related("proposal__session", "unit", "category")
            .prefetch_related("sections", "measures", Prefetch("commitments", commitments))
        )

    @extend_schema(
        tags=["replies"],
        summary="录入答复函及措施、承诺事项（主办单位或代表工作机构）",
        request=serializers.ReplyCreateSerializer,
        responses={201: serializers.ReplySerializer, **ERROR_RESPONSES},
    )
    def create(self, request, *args, **kwargs):
        data = self.validated(serializers.ReplyCreateSerializer)
        reply = services.reply_record(actor=request.user, **data)
        return self.respond(reply, status.HTTP_201_CREATED)


@read_schema("commitments", serializers.CommitmentSerializer)
class CommitmentViewSet(ReadViewSet):
    """Commitments of the replies the caller may see, followed up until fulfilled or dropped."""

    serializer_class = serializers.CommitmentSerializer
    filterset_class = filters.CommitmentFilter
    search_fields = ["text"]

    def get_queryset(self):
        return commitments_visible_to(user=self.request.user).select_related("reply", "responsible_unit")

    @extend_schema(
        tags=["commitments"],
        summary="更新承诺事项状态（责任单位、代表工作机构或督查室）",
        request=serializers.CommitmentStatusSerializer,
        responses={200: serializers.CommitmentSerializer, **ERROR_RESPONSES},
    )
    @action(detail=True, methods=["post"], url_path="status")
    def set_status(self, request, pk=None):
        commitment = self.get_object()
        data = self.validated(serializers.CommitmentStatusSerializer)
        services.commitment_update(commitment=commitment, actor=request.user, **data)
        return self.respond(commitment)


@read_schema("commitments", serializers.ProgressUpdateSerializer)
class ProgressUpdateViewSet(ReadViewSet):
    """Progress notes on the commitments the caller may see."""

    serializer_class = serializers.ProgressUpdateSerializer
    filterset_class = filters.ProgressUpdateFilter
    search_fields = ["text"]
    ordering_fields = ("reported_on",)

    def get_queryset(self):
        return progress_updates_visible_to(user=self.request.user)

    @extend_schema(
        tags=["commitments"],
        summary="报告承诺事项进展",
        request=serializers.ProgressUpdateCreateSerializer,
        responses={201: serializers.ProgressUpdateSerializer, **ERROR_RESPONSES},
    )
    def create(self, request, *args, **kwargs):
        data = self.validated(serializers.ProgressUpdateCreateSerializer)
        update = services.progress_update_add(actor=request.user, **data)
        return self.respond(update, status.HTTP_201_CREATED)


@read_schema("feedback", serializers.FeedbackSerializer)
class FeedbackViewSet(ReadViewSet):
    """Deputies' ratings of the replies the caller may see."""

    serializer_class = serializers.FeedbackSerializer
    filterset_class = filters.FeedbackFilter
    ordering_fields = ("rated_on",)

    def get_queryset(self):
        return feedback_visible_to(user=self.request.user).select_related("deputy", "reply")

    @extend_schema(
        tags=["feedback"],
        summary="评价答复（领衔代表；代表工作机构可代录纸质评价表）",
        request=serializers.FeedbackCreateSerializer,
        responses={201: serializers.FeedbackSerializer, **ERROR_RESPONSES},
    )
    def create(self, request, *args, **kwargs):
        data = self.validated(serializers.FeedbackCreateSerializer)
        feedback = services.feedback_record(actor=request.user, **data)
        return self.respond(feedback, status.HTTP_201_CREATED)
