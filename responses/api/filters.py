"""Query filters of the reply, commitment, progress and feedback lists (applied after the selectors)."""

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field as typed

from config.api import BooleanFilter, SyncFilterSet
from proposals.models import CongressSession, Deputy, HandlingUnit, Proposal, ProposalStatus
from responses.models import (
    Commitment,
    CommitmentStatus,
    Disclosure,
    Feedback,
    FeedbackSubject,
    ProgressUpdate,
    Rating,
    Reply,
    ReplyCategory,
    ReplyState,
)
from responses.selectors import commitment_overdue


class ReplyFilter(SyncFilterSet):
    session = django_filters.ModelChoiceFilter(field_name="proposal__session", queryset=CongressSession.objects.all())
    proposal = django_filters.NumberFilter(field_name="proposal_id")
    unit = django_filters.ModelChoiceFilter(queryset=HandlingUnit.objects.all())
    deputy = typed(OpenApiTypes.INT)(
        django_filters.ModelChoiceFilter(
            queryset=Deputy.objects.all(), method="filter_deputy", label="该代表领衔或附议的建议"
        )
    )
    category = django_filters.ModelChoiceFilter(queryset=ReplyCategory.objects.all(), to_field_name="code")
    disclosure = django_filters.MultipleChoiceFilter(choices=Disclosure.choices)
    state = django_filters.ChoiceFilter(choices=ReplyState.choices)
    status = django_filters.MultipleChoiceFilter(
        field_name="proposal__status", choices=ProposalStatus.choices, label="建议状态"
    )
    issued_after = django_filters.DateFilter(field_name="issued_on", lookup_expr="gte")
    issued_before = django_filters.DateFilter(field_name="issued_on", lookup_expr="lte")
    rating_due_before = django_filters.DateFilter(field_name="rating_due_on", lookup_expr="lte")
    rating_due_after = django_filters.DateFilter(field_name="rating_due_on", lookup_expr="gte")

    class Meta:
        model = Reply
        fields = []

    def filter_deputy(self, queryset, name, deputy):
        cosigned = Proposal.co_deputies.through.objects.filter(proposal_id=OuterRef("proposal_id"), deputy=deputy)
        return queryset.filter(Q(proposal__lead_deputy=deputy) | Q(Exists(cosigned)))


class CommitmentFilter(SyncFilterSet):
    session = django_filters.ModelChoiceFilter(
        field_name="reply__proposal__session", queryset=CongressSession.objects.all()
    )
    reply = django_filters.NumberFilter(field_name="reply_id")
    proposal = django_filters.NumberFilter(field_name="reply__proposal_id")
    unit = django_filters.ModelChoiceFilter(field_name="responsible_unit", queryset=HandlingUnit.objects.all())
    status = django_filters.MultipleChoiceFilter(choices=CommitmentStatus.choices)
    category = django_filters.ModelChoiceFilter(
        field_name="reply__category", queryset=ReplyCategory.objects.all(), to_field_name="code"
    )
    overdue = BooleanFilter(method="filter_overdue", label="未兑现且已过完成期限")
    due_before = django_filters.DateFilter(field_name="due_on", lookup_expr="lte")
    due_after = django_filters.DateFilter(field_name="due_on", lookup_expr="gte")
    target_year = django_filters.NumberFilter()

    class Meta:
        model = Commitment
        fields = []

    def filter_overdue(self, queryset, name, value):
        overdue = commitment_overdue(timezone.localdate())
        return queryset.filter(overdue if value else ~overdue)


class ProgressUpdateFilter(SyncFilterSet):
    commitment = django_filters.NumberFilter(field_name="commitment_id")
    reply = django_filters.NumberFilter(field_name="commitment__reply_id")
    unit = django_filters.ModelChoiceFilter(
        field_name="commitment__responsible_unit", queryset=HandlingUnit.objects.all()
    )
    reported_after = django_filters.DateFilter(field_name="reported_on", lookup_expr="gte")
    reported_before = django_filters.DateFilter(field_name="reported_on", lookup_expr="lte")

    class Meta:
        model = ProgressUpdate
        fields = []


class FeedbackFilter(SyncFilterSet):
    session = django_filters.ModelChoiceFilter(
        field_name="reply__proposal__session", queryset=CongressSession.objects.all()
    )
    reply = django_filters.NumberFilter(field_name="reply_id")
    proposal = django_filters.NumberFilter(field_name="reply__proposal_id")
    deputy = django_filters.ModelChoiceFilter(queryset=Deputy.objects.all())
    unit = django_filters.ModelChoiceFilter(field_name="reply__unit", queryset=HandlingUnit.objects.all())
    subject = django_filters.ChoiceFilter(choices=FeedbackSubject.choices)
    attitude = django_filters.ChoiceFilter(choices=Rating.choices)
    result = django_filters.ChoiceFilter(choices=Rating.choices)
    rated_after = django_filters.DateFilter(field_name="rated_on", lookup_expr="gte")
    rated_before = django_filters.DateFilter(field_name="rated_on", lookup_expr="lte")

    class Meta:
        model = Feedback
        fields = []
