"""Every proposal/assignment transition, allowed and refused."""

import datetime

import pytest

from proposals.errors import WorkflowError
from proposals.models import AssignmentRole, AssignmentState, ContactKind, ExtensionState, Proposal, ProposalStatus
from proposals.services import (
    assignment_extension_decide,
    assignment_extension_request,
    assignment_return,
    assignment_sign,
    contact_record,
    proposal_assign,
    proposal_register,
)
from proposals.tests.factories import CongressSessionFactory, DeputyFactory, ProposalFactory

D = datetime.date


@pytest.fixture
def proposal(db):
    return ProposalFactory(number="0119", submitted_on=D(2025, 1, 12))


@pytest.fixture
def assigned(proposal, office, huli, other_unit):
    proposal_assign(proposal=proposal, actor=office, lead_unit=huli, co_units=[other_unit], assigned_on=D(2025, 2, 10))
    proposal.refresh_from_db()
    return proposal


def lead_of(proposal):
    return proposal.assignments.get(role=AssignmentRole.LEAD, state__in=["assigned", "signed"])


def test_office_registers_a_proposal_with_leading_zeros_kept(office):
    session = CongressSessionFactory()
    lead, co = DeputyFactory(), DeputyFactory()
    proposal = proposal_register(
        actor=office,
        session=session,
        number=" 0007 ",
        title="关于测试的建议",
        lead_deputy=lead,
        co_deputies=[co, lead],
        submitted_on=D(2025, 1, 12),
    )
    assert proposal.number == "0007"
    assert proposal.status == ProposalStatus.REGISTERED
    assert list(proposal.co_deputies.all()) == [co]  # the lead is not also a co-signer


def test_registering_a_duplicate_number_is_refused_and_writes_nothing(office, proposal):
    with pytest.raises(WorkflowError) as err:
        proposal_register(
            actor=office,
            session=proposal.session,
            number="0119",
            title="另一条",
            lead_deputy=proposal.lead_deputy,
            submitted_on=D(2025, 1, 12),
        )
    assert err.value.code == "invalid"
    assert "__all__" in err.value.fields
    assert Proposal.objects.count() == 1


def test_unit_staff_cannot_register_proposals(unit_huli):
    with pytest.raises(WorkflowError) as err:
        proposal_register(
            actor=unit_huli,
            session=CongressSessionFactory(),
            number="1",
            title="x",
            lead_deputy=DeputyFactory(),
            submitted_on=D(2025, 1, 12),
        )
    assert err.value.code == "forbidden"


def test_assigning_creates_lead_and_co_assignments_with_the_reply_due_date(assigned, huli, other_unit):
    assert assigned.status == ProposalStatus.ASSIGNED
    lead = lead_of(assigned)
    co = assigned.assignments.get(role=AssignmentRole.CO_HANDLING)
    assert (lead.unit, co.unit) == (huli, other_unit)
    assert lead.due_on == D(2025, 5, 12)  # 3 months = Saturday 10 May, rolled to Monday
    assert (
        lead.due_explanation
        == "交办 2025-02-10 + 3 months = 2025-05-10 (Saturday) -> rolled to next working day 2025-05-12"
    )
    assert lead.due_confirmed
    assert co.due_on == D(2025, 4, 10) and co.due_step == "co_handling_opinion"  # 2 months for the co-unit's opinion
    assert lead.state == AssignmentState.ASSIGNED


def test_month_period_ends_on_the_last_day_of_a_short_month(office, huli):
    proposal = ProposalFactory(submitted_on=D(2024, 11, 1))
    [lead] = proposal_assign(proposal=proposal, actor=office, lead_unit=huli, assigned_on=D(2024, 11, 30))
    assert lead.due_on == D(2025, 2, 28)


@pytest.mark.parametrize("status", [ProposalStatus.ASSIGNED, ProposalStatus.IN_PROGRESS])
def test_assigning_twice_is_refused(assigned, office, huli, status):
    Proposal.objects.filter(pk=assigned.pk).update(status=status)
    with pytest.raises(WorkflowError) as err:
        proposal_assign(proposal=assigned, actor=office, lead_unit=huli, assigned_on=D(2025, 2, 11))
    assert err.value.code == "invalid_state"
    assert assigned.assignments.count() == 2


def test_only_the_office_assigns(proposal, unit_huli, supervisor, huli):
    for actor in (unit_huli, supervisor):
        with pytest.raises(WorkflowError, match="代表工作机构"):
            proposal_assign(proposal=proposal, actor=actor, lead_unit=huli, assigned_on=D(2025, 2, 10))
    assert not proposal.assignments.exists()


def test_assignment_date_cannot_precede_submission_or_lie_in_the_future(proposal, office, huli):
    with pytest.raises(WorkflowError, match="早于建议提出日期"):
        proposal_assign(proposal=proposal, actor=office, lead_unit=huli, assigned_on=D(2025, 1, 1))
    with pytest.raises(WorkflowError, match="不能晚于今天"):
        proposal_assign(proposal=proposal, actor=office, lead_unit=huli, assigned_on=D(2099, 1, 1))


def test_signing_by_the_lead_unit_puts_the_proposal_in_progress(assigned, unit_huli):
    lead = assignment_sign(assignment=lead_of(assigned), actor=unit_huli, signed_on=D(2025, 2, 11))
    assert lead.state == AssignmentState.SIGNED and lead.signed_on == D(2025, 2, 11)
    assigned.refresh_from_db()
    assert assigned.status == ProposalStatus.IN_PROGRESS


def test_signing_by_a_co_unit_leaves_the_proposal_assigned(assigned, unit_other):
    co = assigned.assignments.get(role=AssignmentRole.CO_HANDLING)
    assignment_sign(assignment=co, actor=unit_other, signed_on=D(2025, 2, 11))
    assigned.refresh_from_db()
    assert assigned.status == ProposalStatus.ASSIGNED


def test_another_unit_cannot_sign_and_nobody_signs_twice(assigned, unit_huli, unit_other):
    with pytest.raises(WorkflowError, match="湖里区人民政府的工作人员"):
        assignment_sign(assignment=lead_of(assigned), actor=unit_other, signed_on=D(2025, 2, 11))
    assignment_sign(assignment=lead_of(assigned), actor=unit_huli, signed_on=D(2025, 2, 11))
    with pytest.raises(WorkflowError, match="不能签收"):
        assignment_sign(assignment=lead_of(assigned), actor=unit_huli, signed_on=D(2025, 2, 12))


def test_signing_before_assignment_is_refused(assigned, unit_huli):
    with pytest.raises(WorkflowError, match="早于交办日期"):
        assignment_sign(assignment=lead_of(assigned), actor=unit_huli, signed_on=D(2025, 2, 9))


def test_lead_unit_returning_sends_the_whole_proposal_back_for_reassignment(assigned, unit_huli, office, other_unit):
    lead = lead_of(assigned)
    assignment_return(assignment=lead, actor=unit_huli, reason="不属于本单位职责", returned_on=D(2025, 2, 12))
    assigned.refresh_from_db()
    assert assigned.status == ProposalStatus.REGISTERED
    states = set(assigned.assignments.values_list("state", flat=True))
    assert states == {AssignmentState.RETURNED}
    # Reassigning to the former co-handling unit as lead is now possible.
    proposal_assign(proposal=assigned, actor=office, lead_unit=other_unit, assigned_on=D(2025, 2, 13))
    assigned.refresh_from_db()
    assert assigned.status == ProposalStatus.ASSIGNED
    assert assigned.lead_assignment().unit == other_unit


def test_co_unit_returning_keeps_the_proposal_with_its_lead(assigned, unit_other):
    co = assigned.assignments.get(role=AssignmentRole.CO_HANDLING)
    assignment_return(assignment=co, actor=unit_other, reason="非本单位职责", returned_on=D(2025, 2, 12))
    assigned.refresh_from_db()
    assert assigned.status == ProposalStatus.ASSIGNED
    assert lead_of(assigned).state == AssignmentState.ASSIGNED


def test_return_needs_a_reason_and_cannot_happen_twice(assigned, unit_huli):
    with pytest.raises(WorkflowError, match="退回理由"):
        assignment_return(assignment=lead_of(assigned), actor=unit_huli, reason="  ", returned_on=D(2025, 2, 12))
    lead = lead_of(assigned)
    assignment_return(assignment=lead, actor=unit_huli, reason="职责不符", returned_on=D(2025, 2, 12))
    with pytest.raises(WorkflowError, match="已经退回"):
        assignment_return(assignment=lead, actor=unit_huli, reason="职责不符", returned_on=D(2025, 2, 12))


def test_extension_request_and_approval_move_the_due_date(assigned, unit_huli, office):
    lead = assignment_sign(assignment=lead_of(assigned), actor=unit_huli, signed_on=D(2025, 2, 11))
    assignment_extension_request(
        assignment=lead, actor=unit_huli, reason="需跨部门协调", due_on=D(2025, 8, 10), requested_on=D(2025, 4, 1)
    )
    lead.refresh_from_db()
    assert lead.extension_state == ExtensionState.REQUESTED
    assert lead.due_on == D(2025, 5, 12)
    assignment_extension_decide(assignment=lead, actor=office, approve=True)
    lead.refresh_from_db()
    assert (lead.extension_state, lead.due_on) == (ExtensionState.APPROVED, D(2025, 8, 10))


def test_a_refused_extension_keeps_the_due_date(assigned, unit_huli, office):
    lead = lead_of(assigned)
    assignment_extension_request(assignment=lead, actor=unit_huli, reason="协调中", due_on=D(2025, 7, 1))
    assignment_extension_decide(assignment=lead, actor=office, approve=False)
    lead.refresh_from_db()
    assert (lead.extension_state, lead.due_on) == (ExtensionState.REFUSED, D(2025, 5, 12))


def test_extension_cannot_go_past_six_months_or_backwards(assigned, unit_huli):
    lead = lead_of(assigned)
    # 6 months = Sunday 10 August, rolled to Monday 11 August: the cap.
    with pytest.raises(WorkflowError, match="2025-08-11") as err:
        assignment_extension_request(assignment=lead, actor=unit_huli, reason="协调中", due_on=D(2025, 8, 12))
    assert "due_on" in err.value.fields
    with pytest.raises(WorkflowError, match="须晚于"):
        assignment_extension_request(assignment=lead, actor=unit_huli, reason="协调中", due_on=D(2025, 5, 1))


def test_extension_by_a_co_unit_or_decided_by_a_unit_is_refused(assigned, unit_other, unit_huli):
    co = assigned.assignments.get(role=AssignmentRole.CO_HANDLING)
    with pytest.raises(WorkflowError, match="主办单位"):
        assignment_extension_request(assignment=co, actor=unit_other, reason="x", due_on=D(2025, 6, 1))
    lead = lead_of(assigned)
    assignment_extension_request(assignment=lead, actor=unit_huli, reason="协调中", due_on=D(2025, 7, 1))
    with pytest.raises(WorkflowError, match="代表工作机构"):
        assignment_extension_decide(assignment=lead, actor=unit_huli, approve=True)
    with pytest.raises(WorkflowError, match="待审批"):
        assignment_extension_request(assignment=lead, actor=unit_huli, reason="再延", due_on=D(2025, 7, 2))


def test_deciding_without_a_request_is_refused(assigned, office):
    with pytest.raises(WorkflowError, match="没有待审批"):
        assignment_extension_decide(assignment=lead_of(assigned), actor=office, approve=True)


def test_contact_with_the_deputy_is_recorded_by_the_unit(assigned, unit_huli):
    contact = contact_record(
        assignment=lead_of(assigned),
        actor=unit_huli,
        contacted_on=D(2025, 3, 5),
        kind=ContactKind.FACE_TO_FACE,
        notes="与代表面商",
    )
    assert contact.recorded_by == unit_huli


def test_contact_before_assignment_or_by_another_unit_is_refused(assigned, unit_huli, unit_other):
    with pytest.raises(WorkflowError, match="早于交办日期"):
        contact_record(assignment=lead_of(assigned), actor=unit_huli, contacted_on=D(2025, 2, 1))
    with pytest.raises(WorkflowError, match="工作人员"):
        contact_record(assignment=lead_of(assigned), actor=unit_other, contacted_on=D(2025, 3, 1))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_units_racing_to_sign_the_same_assignment_sign_it_once(office, huli, unit_huli):
    import threading

    from django.db import connection

    proposal = ProposalFactory(submitted_on=D(2025, 1, 12))
    [lead] = proposal_assign(proposal=proposal, actor=office, lead_unit=huli, assigned_on=D(2025, 2, 10))
    barrier, outcomes = threading.Barrier(2), []

    def sign():
        try:
            barrier.wait()
            assignment_sign(assignment=lead, actor=unit_huli, signed_on=D(2025, 2, 11))
            outcomes.append("signed")
        except WorkflowError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=sign) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "signed"]
