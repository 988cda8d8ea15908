"""The database itself refuses impossible records (run on the real PostgreSQL)."""

import datetime
from contextlib import contextmanager
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from industry.tests.factories import IndicatorFactory, ObservationFactory, ProjectFactory, TargetFactory
from proposals.models import Assignment, AssignmentRole, AssignmentState, CongressSession
from proposals.tests.factories import AssignmentFactory, CongressSessionFactory, HandlingUnitFactory, ProposalFactory
from responses.models import Commitment, CommitmentStatus, Reply, ReplyState
from responses.tests.factories import CommitmentFactory, FeedbackFactory, ProgressUpdateFactory, ReplyFactory

D = datetime.date

pytestmark = pytest.mark.postgres


@contextmanager
def refused(constraint_name=None):
    """Expect an IntegrityError (naming the constraint when given); the savepoint is rolled back."""
    with pytest.raises(IntegrityError, match=constraint_name), transaction.atomic():
        yield


def test_the_database_is_postgresql(postgres):
    from django.db import connection

    assert connection.vendor == "postgresql"


def test_proposal_number_is_unique_within_a_session_only():
    proposal = ProposalFactory(number="0119")
    ProposalFactory(number="0119")  # another session
    with refused("proposal_unique_number_in_session"):
        ProposalFactory(number="0119", session=proposal.session)


def test_session_cannot_close_before_it_opens():
    with refused("session_closes_after_opening"):
        CongressSessionFactory(opened_on=D(2025, 1, 10), closed_on=D(2025, 1, 9))
    assert not CongressSession.objects.filter(closed_on=D(2025, 1, 9)).exists()


def test_one_active_lead_per_proposal_but_a_returned_lead_may_be_replaced():
    first = AssignmentFactory()
    with refused("assignment_one_active_lead"):
        AssignmentFactory(proposal=first.proposal)
    Assignment.objects.filter(pk=first.pk).update(state=AssignmentState.RETURNED, returned_on=D(2025, 2, 12))
    AssignmentFactory(proposal=first.proposal)
    assert first.proposal.assignments.count() == 2


def test_a_unit_is_assigned_once_per_proposal():
    lead = AssignmentFactory()
    with refused("assignment_unit_once_per_proposal"):
        AssignmentFactory(proposal=lead.proposal, unit=lead.unit, role=AssignmentRole.CO_HANDLING)


@pytest.mark.parametrize(
    ("fields", "constraint"),
    [
        ({"due_on": D(2025, 2, 9)}, "assignment_due_after_assigned"),
        ({"signed_on": D(2025, 2, 9)}, "assignment_signed_after_assigned"),
        ({"returned_on": D(2025, 2, 9)}, "assignment_returned_after_assigned"),
        ({"extension_due_on": D(2025, 2, 10)}, "assignment_extension_after_assigned"),
    ],
)
def test_assignment_dates_keep_their_order(fields, constraint):
    with refused(constraint):
        AssignmentFactory(assigned_on=D(2025, 2, 10), **fields)


def test_document_numbers_are_unique():
    reply = ReplyFactory()
    with refused("document_number"):
        ReplyFactory(document_number=reply.document_number)


def test_a_withdrawn_reply_has_a_reason():
    with refused("reply_withdrawn_has_reason"):
        ReplyFactory(state=ReplyState.WITHDRAWN)


def test_a_dropped_commitment_has_a_reason_and_a_closing_date():
    with refused("commitment_dropped_has_reason"):
        CommitmentFactory(status=CommitmentStatus.DROPPED, closed_on=D(2025, 9, 1))
    with refused("commitment_closed_on_iff_closed"):
        CommitmentFactory(status=CommitmentStatus.FULFILLED)
    with refused("commitment_closed_on_iff_closed"):
        CommitmentFactory(closed_on=D(2025, 9, 1))
    with refused("commitment_target_year_plausible"):
        CommitmentFactory(target_year=1927)


def test_progress_percent_is_at_most_100():
    with refused("progress_percent_at_most_100"):
        ProgressUpdateFactory(percent=101)


def test_a_deputy_rates_a_reply_once():
    feedback = FeedbackFactory()
    with refused("feedback_once_per_reply"):
        FeedbackFactory(reply=feedback.reply, deputy=feedback.deputy)


def test_observations_are_unique_per_period_and_well_formed():
    observation = ObservationFactory(period="2024")
    with refused("observation_unique_period"):
        ObservationFactory(indicator=observation.indicator, period="2024")
    with refused("observation_period_format"):
        ObservationFactory(indicator=observation.indicator, period="24")
    ObservationFactory(indicator=observation.indicator, period="2024-Q2", value=Decimal("12.5"))


def test_indicator_names_are_unique_per_region_and_targets_plausible():
    indicator = IndicatorFactory(name="电子信息产业产值", region="湖里区")
    IndicatorFactory(name="电子信息产业产值", region="思明区")
    with refused("indicator_unique_in_region"):
        IndicatorFactory(name="电子信息产业产值", region="湖里区")
    with refused("target_year_plausible"):
        TargetFactory(indicator=indicator, year=1999)


def test_a_project_completes_after_it_starts():
    with refused("project_completes_after_start"):
        ProjectFactory(started_on=D(2025, 1, 1), completed_on=D(2024, 12, 31))


def test_what_a_reply_commitment_or_feedback_hangs_on_cannot_be_deleted():
    commitment = CommitmentFactory()
    reply = commitment.reply
    FeedbackFactory(reply=reply, deputy=reply.proposal.lead_deputy)
    ProgressUpdateFactory(commitment=commitment)
    target = TargetFactory(commitment=commitment)
    for obj in (reply.proposal, reply.unit, reply.category, reply.proposal.lead_deputy, reply.proposal.session):
        with pytest.raises(ProtectedError), transaction.atomic():
            obj.delete()
    with pytest.raises(ProtectedError), transaction.atomic():
        reply.delete()
    with pytest.raises(ProtectedError), transaction.atomic():
        commitment.delete()
    with pytest.raises(ProtectedError), transaction.atomic():
        target.indicator.delete()
    assert Reply.objects.filter(pk=reply.pk).exists() and Commitment.objects.filter(pk=commitment.pk).exists()


def test_units_with_assignments_cannot_be_deleted():
    assignment = AssignmentFactory(unit=HandlingUnitFactory())
    with pytest.raises(ProtectedError), transaction.atomic():
        assignment.unit.delete()
