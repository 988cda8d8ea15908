"""How replies, commitments, progress updates and feedback look in the API, and the input of
the steps that record them. Shapes only: the rules live in responses.services."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from proposals.api.serializers import DeputyRefSerializer, ProposalRefSerializer, UnitRefSerializer
from proposals.models import HandlingUnit
from proposals.selectors import commitments_visible_to, proposals_visible_to, replies_visible_to
from responses.models import (
    Commitment,
    CommitmentStatus,
    Disclosure,
    Feedback,
    FeedbackSubject,
    Measure,
    ProgressUpdate,
    Rating,
    Reply,
    ReplyCategory,
    ReplySection,
)


class CategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = ReplyCategory
        fields = ["code", "name"]


class SectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReplySection
        fields = ["position", "heading", "text"]


class MeasureSerializer(serializers.ModelSerializer):
    class Meta:
        model = Measure
        fields = ["position", "point", "text"]


class NestedCommitmentSerializer(serializers.ModelSerializer):
    responsible_unit = UnitRefSerializer(read_only=True)

    class Meta:
        model = Commitment
        fields = ["id", "position", "text", "responsible_unit", "due_on", "target_year", "status", "closed_on"]


class ReplySerializer(serializers.ModelSerializer):
    """A reply letter with its body, measures and (as far as the caller may see them) commitments."""

    proposal = ProposalRefSerializer(read_only=True)
    unit = UnitRefSerializer(read_only=True)
    category = CategorySerializer(read_only=True)
    sections = SectionSerializer(many=True, read_only=True)
    measures = MeasureSerializer(many=True, read_only=True)
    commitments = NestedCommitmentSerializer(many=True, read_only=True)
    cc = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Reply
        fields = [
            "id",
            "proposal",
            "unit",
            "document_number",
            "category",
            "title",
            "addressee",
            "issuer",
            "issued_on",
            "signer",
            "contact_person",
            "contact_phone",
            "disclosure",
            "cc",
            "opening",
            "sections",
            "measures",
            "commitments",
            "closing",
            "state",
            "withdrawn_reason",
            "replaces",
            "rating_due_on",
            "rating_due_explanation",
            "rating_due_confirmed",
            "publish_on",
            "publish_explanation",
            "publish_confirmed",
            "created_at",
            "updated_at",
        ]


class ReplyRefSerializer(serializers.ModelSerializer):
    proposal = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Reply
        fields = ["id", "document_number", "proposal"]


class CommitmentSerializer(NestedCommitmentSerializer):
    reply = ReplyRefSerializer(read_only=True)

    class Meta(NestedCommitmentSerializer.Meta):
        fields = [
            "id",
            "reply",
            *NestedCommitmentSerializer.Meta.fields[1:],
            "status_reason",
            "updated_at",
        ]


class ProgressUpdateSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProgressUpdate
        fields = ["id", "commitment", "reported_on", "text", "percent", "created_at", "updated_at"]


class FeedbackSerializer(serializers.ModelSerializer):
    deputy = DeputyRefSerializer(read_only=True)
    reply = ReplyRefSerializer(read_only=True)

    class Meta:
        model = Feedback
        fields = [
            "id",
            "reply",
            "deputy",
            "subject",
            "attitude",
            "result",
            "comment",
            "rated_on",
            "rehandling_order_due_on",
            "rehandling_order_due_explanation",
            "rehandling_order_due_confirmed",
            "created_at",
            "updated_at",
        ]


# ------------------------------------------------------------------------------------------
# Input
# ------------------------------------------------------------------------------------------


@extend_schema_field(OpenApiTypes.INT)
class VisiblePrimaryKeyField(serializers.PrimaryKeyRelatedField):
    """A reference to a record the caller may see; anything else "does not exist"."""

    def __init__(self, selector, **kwargs):
        self.selector = selector
        super().__init__(**kwargs)

    def get_queryset(self):
        return self.selector(user=self.context["request"].user)


class SectionInputSerializer(serializers.Serializer):
    heading = serializers.CharField(max_length=200)
    text = serializers.CharField()


class MeasureInputSerializer(serializers.Serializer):
    point = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    text = serializers.CharField()


class CommitmentInputSerializer(serializers.Serializer):
    text = serializers.CharField()
    responsible_unit = serializers.PrimaryKeyRelatedField(
        queryset=HandlingUnit.objects.all(), required=False, help_text="默认答复单位"
    )
    due_on = serializers.DateField(required=False, allow_null=True)
    target_year = serializers.IntegerField(required=False, allow_null=True, min_value=2000, max_value=2100)


class ReplyCreateSerializer(serializers.Serializer):
    proposal = VisiblePrimaryKeyField(proposals_visible_to)
    document_number = serializers.CharField(max_length=100, help_text="如 厦湖府办函〔2025〕103号")
    category = serializers.SlugRelatedField(
        slug_field="code", queryset=ReplyCategory.objects.all(), help_text="答复类别代码，如 A"
    )
    issued_on = serializers.DateField()
    disclosure = serializers.ChoiceField(choices=Disclosure.choices, default=Disclosure.PUBLIC)
    title = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    addressee = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    issuer = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    signer = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    contact_person = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    contact_phone = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    cc = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    opening = serializers.CharField(required=False, allow_blank=True, default="")
    closing = serializers.CharField(required=False, allow_blank=True, default="")
    sections = SectionInputSerializer(many=True, required=False, default=list)
    measures = MeasureInputSerializer(many=True, required=False, default=list)
    commitments = CommitmentInputSerializer(many=True, required=False, default=list)


class CommitmentStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=CommitmentStatus.choices)
    reason = serializers.CharField(required=False, allow_blank=True, default="", help_text="终止时必填")
    on = serializers.DateField(required=False, help_text="默认今天")


class ProgressUpdateCreateSerializer(serializers.Serializer):
    commitment = VisiblePrimaryKeyField(commitments_visible_to)
    text = serializers.CharField()
    reported_on = serializers.DateField(required=False, help_text="默认今天")
    percent = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=100)


class FeedbackCreateSerializer(serializers.Serializer):
    reply = VisiblePrimaryKeyField(replies_visible_to)
    attitude = serializers.ChoiceField(choices=Rating.choices, help_text="办理态度")
    result = serializers.ChoiceField(choices=Rating.choices, help_text="办理结果")
    subject = serializers.ChoiceField(choices=FeedbackSubject.choices, default=FeedbackSubject.REPLY)
    rated_on = serializers.DateField(required=False, help_text="默认今天")
    comment = serializers.CharField(required=False, allow_blank=True, default="")
