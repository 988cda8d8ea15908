"""Query filters of the proposal, assignment and reference-data lists.

They only narrow a queryset that a selector already limited to what the caller may see.
"""

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field as typed

from config.api import BooleanFilter, SyncFilterSet
from proposals.models import (
    Assignment,
    AssignmentRole,
    AssignmentState,
    CongressSession,
    Deputy,
    ExtensionState,
    HandlingUnit,
    Proposal,
    ProposalStatus,
    UnitKind,
)
from proposals.reminders import open_assignments
from responses.models import Disclosure, ReplyCategory


class SessionFilter(SyncFilterSet):
    class Meta:
        model = CongressSession
        fields = ["term"]


class DeputyFilter(SyncFilterSet):
    name = django_filters.CharFilter(lookup_expr="icontains", label="姓名包含")

    class Meta:
        model = Deputy
        fields = ["delegation"]


class UnitFilter(SyncFilterSet):
    kind = django_filters.ChoiceFilter(choices=UnitKind.choices)
    is_active = BooleanFilter()

    class Meta:
        model = HandlingUnit
        fields = ["parent"]


def _overdue_leads():
    """Open lead assignments whose reply is past due: the proposals the supervision office chases."""
    return open_assignments().filter(role=AssignmentRole.LEAD, due_on__lt=timezone.localdate())


class ProposalFilter(SyncFilterSet):
    session = django_filters.ModelChoiceFilter(queryset=CongressSession.objects.all())
    status = django_filters.MultipleChoiceFilter(choices=ProposalStatus.choices)
    unit = typed(OpenApiTypes.INT)(
        django_filters.ModelChoiceFilter(
            queryset=HandlingUnit.objects.all(), method="filter_unit", label="交办给该单位（主办或协办）"
        )
    )
    deputy = typed(OpenApiTypes.INT)(
        django_filters.ModelChoiceFilter(
            queryset=Deputy.objects.all(), method="filter_deputy", label="该代表领衔或附议"
        )
    )
    category = typed(OpenApiTypes.STR)(
        django_filters.ModelChoiceFilter(
            queryset=ReplyCategory.objects.all(),
            to_field_name="code",
            method="filter_category",
            label="现行答复的类别代码，如 A",
        )
    )
    disclosure = django_filters.ChoiceFilter(
        choices=Disclosure.choices, method="filter_disclosure", label="现行答复的公开属性"
    )
    overdue = BooleanFilter(method="filter_overdue", label="主办单位答复已逾期")
    due_before = django_filters.DateFilter(method="filter_due_before", label="主办单位答复期限不晚于")
    due_after = django_filters.DateFilter(method="filter_due_after", label="主办单位答复期限不早于")
    submitted_after = django_filters.DateFilter(field_name="submitted_on", lookup_expr="gte")
    submitted_before = django_filters.DateFilter(field_name="submitted_on", lookup_expr="lte")
    is_key = BooleanFilter()
    number = django_filters.CharFilter()

    class Meta:
        model = Proposal
        fields = ["topic"]

    def filter_unit(self, queryset, name, unit):
        return queryset.filter(Exists(Assignment.objects.filter(proposal=OuterRef("pk"), unit=unit)))

    def filter_deputy(self, queryset, name, deputy):
        cosigned = Proposal.co_deputies.through.objects.filter(proposal_id=OuterRef("pk"), deputy=deputy)
        return queryset.filter(Q(lead_deputy=deputy) | Q(Exists(cosigned)))

    def _current_replies(self):
        from responses.selectors import replies_in_force

        return replies_in_force().filter(proposal=OuterRef("pk"))

    def filter_category(self, queryset, name, category):
        return queryset.filter(Exists(self._current_replies().filter(category=category)))

    def filter_disclosure(self, queryset, name, value):
        return queryset.filter(Exists(self._current_replies().filter(disclosure=value)))

    def filter_overdue(self, queryset, name, value):
        overdue = Exists(_overdue_leads().filter(proposal=OuterRef("pk")))
        return queryset.filter(overdue if value else ~overdue)

    def _open_leads(self):
        return open_assignments().filter(proposal=OuterRef("pk"), role=AssignmentRole.LEAD)

    def filter_due_before(self, queryset, name, value):
        return queryset.filter(Exists(self._open_leads().filter(due_on__lte=value)))

    def filter_due_after(self, queryset, name, value):
        return queryset.filter(Exists(self._open_leads().filter(due_on__gte=value)))


class AssignmentFilter(SyncFilterSet):
    session = django_filters.ModelChoiceFilter(field_name="proposal__session", queryset=CongressSession.objects.all())
    proposal = django_filters.NumberFilter(field_name="proposal_id")
    unit = django_filters.ModelChoiceFilter(queryset=HandlingUnit.objects.all())
    role = django_filters.ChoiceFilter(choices=AssignmentRole.choices)
    state = django_filters.MultipleChoiceFilter(choices=AssignmentState.choices)
    status = django_filters.MultipleChoiceFilter(
        field_name="proposal__status", choices=ProposalStatus.choices, label="建议状态"
    )
    extension_state = django_filters.ChoiceFilter(choices=[c for c in ExtensionState.choices if c[0]])
    overdue = BooleanFilter(method="filter_overdue", label="仍在办且已过答复期限")
    due_before = django_filters.DateFilter(field_name="due_on", lookup_expr="lte")
    due_after = django_filters.DateFilter(field_name="due_on", lookup_expr="gte")

    class Meta:
        model = Assignment
        fields = []

    def filter_overdue(self, queryset, name, value):
        overdue = Q(pk__in=open_assignments().filter(due_on__lt=timezone.localdate()).values("pk"))
        return queryset.filter(overdue if value else ~overdue)
