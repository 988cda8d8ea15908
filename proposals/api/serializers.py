"""How sessions, deputies, units, proposals and assignments look in the API, and the input of
the workflow actions on them. Shapes only: the rules live in proposals.services."""

from rest_framework import serializers

from proposals.models import Assignment, CongressSession, Deputy, HandlingUnit, Proposal
from responses.models import Reply


class SessionRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = CongressSession
        fields = ["id", "name"]


class DeputyRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Deputy
        fields = ["id", "name"]


class UnitRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = HandlingUnit
        fields = ["id", "name"]


class SessionSerializer(serializers.ModelSerializer):
    class Meta:
        model = CongressSession
        fields = ["id", "body", "term", "sitting", "name", "opened_on", "closed_on", "updated_at"]


class DeputySerializer(serializers.ModelSerializer):
    """A deputy's public identity; phone and e-mail stay in the admin."""

    class Meta:
        model = Deputy
        fields = ["id", "name", "delegation", "updated_at"]


class UnitSerializer(serializers.ModelSerializer):
    class Meta:
        model = HandlingUnit
        fields = ["id", "name", "short_name", "kind", "parent", "is_active", "updated_at"]


class ProposalRefSerializer(serializers.ModelSerializer):
    session = SessionRefSerializer(read_only=True)

    class Meta:
        model = Proposal
        fields = ["id", "session", "number", "title", "status"]


class NestedAssignmentSerializer(serializers.ModelSerializer):
    """An assignment as part of its proposal."""

    unit = UnitRefSerializer(read_only=True)
    calendar_confirmed = serializers.BooleanField(
        source="due_confirmed", read_only=True, help_text="期限所依据的工作日历是否为官方日历"
    )

    class Meta:
        model = Assignment
        fields = [
            "id",
            "unit",
            "role",
            "state",
            "assigned_on",
            "due_on",
            "due_explanation",
            "calendar_confirmed",
            "signed_on",
            "returned_on",
            "extension_state",
            "extension_due_on",
        ]


class AssignmentSerializer(NestedAssignmentSerializer):
    proposal = ProposalRefSerializer(read_only=True)

    class Meta(NestedAssignmentSerializer.Meta):
        fields = [
            "id",
            "proposal",
            *NestedAssignmentSerializer.Meta.fields[1:],
            "return_reason",
            "extension_requested_on",
            "extension_reason",
            "updated_at",
        ]


class NestedReplySerializer(serializers.ModelSerializer):
    """A reply as part of its proposal."""

    category = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Reply
        fields = ["id", "document_number", "category", "issued_on", "disclosure", "state"]


class ProposalSerializer(serializers.ModelSerializer):
    """A proposal with its assignments and replies (as far as the caller may see them)."""

    session = SessionRefSerializer(read_only=True)
    lead_deputy = DeputyRefSerializer(read_only=True)
    co_deputies = DeputyRefSerializer(many=True, read_only=True)
    assignments = NestedAssignmentSerializer(many=True, read_only=True)
    replies = NestedReplySerializer(many=True, read_only=True)

    class Meta:
        model = Proposal
        fields = [
            "id",
            "session",
            "number",
            "title",
            "lead_deputy",
            "co_deputies",
            "status",
            "submitted_on",
            "topic",
            "is_key",
            "body",
            "assignments",
            "replies",
            "created_at",
            "updated_at",
        ]


# ------------------------------------------------------------------------------------------
# Input of the workflow actions
# ------------------------------------------------------------------------------------------


class ProposalCreateSerializer(serializers.Serializer):
    session = serializers.PrimaryKeyRelatedField(queryset=CongressSession.objects.all())
    number = serializers.CharField(max_length=20, help_text="按原样保留前导零，如 0119")
    title = serializers.CharField(max_length=300)
    lead_deputy = serializers.PrimaryKeyRelatedField(queryset=Deputy.objects.all())
    co_deputies = serializers.PrimaryKeyRelatedField(queryset=Deputy.objects.all(), many=True, required=False)
    submitted_on = serializers.DateField()
    body = serializers.CharField(required=False, allow_blank=True, default="")
    topic = serializers.CharField(required=False, allow_blank=True, max_length=50, default="")
    is_key = serializers.BooleanField(required=False, default=False)


class AssignSerializer(serializers.Serializer):
    lead_unit = serializers.PrimaryKeyRelatedField(queryset=HandlingUnit.objects.all())
    co_units = serializers.PrimaryKeyRelatedField(queryset=HandlingUnit.objects.all(), many=True, required=False)
    assigned_on = serializers.DateField(required=False, help_text="默认今天")


class SignSerializer(serializers.Serializer):
    signed_on = serializers.DateField(required=False, help_text="默认今天")


class ReturnSerializer(serializers.Serializer):
    reason = serializers.CharField()
    returned_on = serializers.DateField(required=False, help_text="默认今天")


class ExtendSerializer(serializers.Serializer):
    due_on = serializers.DateField(help_text="申请延至")
    reason = serializers.CharField()
    requested_on = serializers.DateField(required=False, help_text="默认今天")


class ExtensionDecisionSerializer(serializers.Serializer):
    approve = serializers.BooleanField(help_text="true 同意，false 不同意")
