"""Replies, feedback, re-handling, commitments and progress: every transition, allowed and refused."""

import datetime

import pytest

from proposals.errors import WorkflowError
from proposals.models import ProposalStatus
from proposals.services import assignment_sign, proposal_assign, proposal_order_rehandling
from proposals.tests.factories import ProposalFactory
from responses.models import CommitmentStatus, Disclosure, Rating, Reply, ReplyCategory, ReplyState
from responses.services import (
    commitment_update,
    feedback_record,
    progress_update_add,
    reply_record,
    reply_withdraw,
)
from responses.tests.factories import category

D = datetime.date


@pytest.fixture
def proposal(deputy_zhong, office, huli, unit_huli):
    proposal = ProposalFactory(number="0119", lead_deputy=deputy_zhong.deputy, submitted_on=D(2025, 1, 12))
    [lead] = proposal_assign(proposal=proposal, actor=office, lead_unit=huli, assigned_on=D(2025, 2, 10))
    assignment_sign(assignment=lead, actor=unit_huli, signed_on=D(2025, 2, 11))
    proposal.refresh_from_db()
    return proposal


def record(proposal, actor, **overrides):
    fields = {
        "document_number": "厦湖府办函〔2025〕103号",
        "category": category("A"),
        "issued_on": D(2025, 5, 7),
        "signer": "胡振强",
        "disclosure": Disclosure.PUBLIC,
        "cc": ["市人大常委会代表工作室", " 市政府督查室 ", ""],
        "sections": [{"heading": "一、办理工作背景", "text": "……"}],
        "measures": [{"point": "（一）关于合理优化产业结构的建议", "text": "一是……"}],
        "commitments": [
            {"text": "力争到2027年电子信息产业产值总量达到780亿元", "target_year": 2027},
            {"text": "前瞻布局未来产业"},
        ],
    }
    fields.update(overrides)
    return reply_record(proposal=proposal, actor=actor, **fields)


def test_the_lead_unit_records_a_reply_with_its_parts(proposal, unit_huli, huli):
    reply = record(proposal, unit_huli)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.REPLIED
    assert reply.unit == huli and reply.cc == ["市人大常委会代表工作室", "市政府督查室"]
    assert [s.heading for s in reply.sections.all()] == ["一、办理工作背景"]
    assert reply.measures.count() == 1
    commitments = list(reply.commitments.all())
    assert [(c.position, c.target_year, c.responsible_unit) for c in commitments] == [(1, 2027, huli), (2, None, huli)]
    assert all(c.status == CommitmentStatus.PLANNED for c in commitments)


def test_the_office_may_enter_a_reply_on_behalf_of_the_unit(proposal, office, huli):
    assert record(proposal, office).unit == huli


def test_a_reply_by_another_unit_is_refused(proposal, unit_other):
    with pytest.raises(WorkflowError, match="湖里区人民政府的工作人员"):
        record(proposal, unit_other)
    assert not Reply.objects.exists()


def test_a_reply_before_the_assignment_date_is_refused_with_a_field_error(proposal, unit_huli):
    with pytest.raises(WorkflowError) as err:
        record(proposal, unit_huli, issued_on=D(2025, 2, 9))
    assert "issued_on" in err.value.fields
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.IN_PROGRESS and not Reply.objects.exists()


def test_a_reply_before_signing_is_refused(office, huli, unit_huli):
    proposal = ProposalFactory(submitted_on=D(2025, 1, 12))
    proposal_assign(proposal=proposal, actor=office, lead_unit=huli, assigned_on=D(2025, 2, 10))
    with pytest.raises(WorkflowError, match="请先签收"):
        record(proposal, unit_huli)


def test_a_reply_to_an_unassigned_proposal_is_refused(unit_huli):
    with pytest.raises(WorkflowError, match="尚未交办"):
        record(ProposalFactory(), unit_huli)


def test_a_duplicate_document_number_is_refused_and_nothing_is_half_saved(proposal, unit_huli, office, huli):
    record(proposal, unit_huli)
    other = ProposalFactory(session=proposal.session, submitted_on=D(2025, 1, 12))
    [lead] = proposal_assign(proposal=other, actor=office, lead_unit=huli, assigned_on=D(2025, 2, 10))
    assignment_sign(assignment=lead, actor=unit_huli, signed_on=D(2025, 2, 11))
    with pytest.raises(WorkflowError) as err:
        record(other, unit_huli)
    assert "document_number" in err.value.fields
    other.refresh_from_db()
    assert other.status == ProposalStatus.IN_PROGRESS
    assert Reply.objects.count() == 1


def test_an_invalid_commitment_rolls_back_the_whole_reply(proposal, unit_huli):
    with pytest.raises(WorkflowError):
        record(proposal, unit_huli, commitments=[{"text": "ok"}, {"text": ""}])
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.IN_PROGRESS and not Reply.objects.exists()


def test_a_category_beyond_abc_can_be_configured_and_used(proposal, unit_huli):
    d = ReplyCategory.objects.create(code="D", name="D类", description="留作参考", position=4)
    assert record(proposal, unit_huli, category=d).category.code == "D"


def test_a_second_reply_while_replied_is_refused(proposal, unit_huli):
    record(proposal, unit_huli)
    with pytest.raises(WorkflowError, match="已答复"):
        record(proposal, unit_huli, document_number="另一个文号")


def test_satisfied_feedback_closes_the_proposal(proposal, unit_huli, deputy_zhong):
    reply = record(proposal, unit_huli)
    feedback = feedback_record(
        reply=reply,
        actor=deputy_zhong,
        attitude=Rating.SATISFIED,
        result=Rating.BASICALLY_SATISFIED,
        rated_on=D(2025, 5, 20),
    )
    assert feedback.deputy == deputy_zhong.deputy
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.CLOSED


def test_feedback_is_given_once_and_only_by_the_lead_deputy(proposal, unit_huli, deputy_zhong, deputy_other):
    reply = record(proposal, unit_huli)
    with pytest.raises(WorkflowError, match="领衔代表"):
        feedback_record(reply=reply, actor=deputy_other, attitude="satisfied", result="satisfied")
    with pytest.raises(WorkflowError, match="领衔代表"):
        feedback_record(reply=reply, actor=unit_huli, attitude="satisfied", result="satisfied")
    feedback_record(reply=reply, actor=deputy_zhong, attitude="satisfied", result="satisfied", rated_on=D(2025, 5, 9))
    with pytest.raises(WorkflowError):
        feedback_record(reply=reply, actor=deputy_zhong, attitude="satisfied", result="satisfied")


def test_feedback_with_an_unknown_rating_or_before_the_reply_is_refused(proposal, unit_huli, deputy_zhong):
    reply = record(proposal, unit_huli)
    with pytest.raises(WorkflowError) as err:
        feedback_record(reply=reply, actor=deputy_zhong, attitude="great", result="satisfied")
    assert "attitude" in err.value.fields
    with pytest.raises(WorkflowError, match="早于答复日期"):
        feedback_record(
            reply=reply, actor=deputy_zhong, attitude="satisfied", result="satisfied", rated_on=D(2025, 5, 1)
        )


def test_a_reply_carries_its_rating_window_and_publication_date(proposal, unit_huli):
    reply = record(proposal, unit_huli)
    # 15 and 20 working days after Wednesday 7 May 2025 (no holidays in between).
    assert reply.rating_due_on == D(2025, 5, 28)
    assert reply.rating_due_explanation == "答复 2025-05-07 + 15 working days = 2025-05-28 (Wednesday)"
    assert reply.publish_on == D(2025, 6, 5)


def test_the_rating_form_closes_after_the_window(proposal, unit_huli, deputy_zhong):
    reply = record(proposal, unit_huli)
    with pytest.raises(WorkflowError, match="2025年05月28日届满") as err:
        feedback_record(
            reply=reply, actor=deputy_zhong, attitude="satisfied", result="satisfied", rated_on=D(2025, 5, 29)
        )
    assert err.value.code == "too_late"
    feedback_record(reply=reply, actor=deputy_zhong, attitude="satisfied", result="satisfied", rated_on=D(2025, 5, 28))


def test_an_unsatisfied_rating_gives_the_office_five_working_days_to_order_rehandling(
    proposal, unit_huli, deputy_zhong
):
    reply = record(proposal, unit_huli, issued_on=D(2025, 5, 14))
    feedback = feedback_record(
        reply=reply, actor=deputy_zhong, attitude="satisfied", result="unsatisfied", rated_on=D(2025, 5, 30)
    )
    # Friday 30 May; 31 May-2 June is the Dragon Boat Festival holiday.
    assert feedback.rehandling_order_due_on == D(2025, 6, 9)
    assert feedback.rehandling_order_due_explanation == "评价 2025-05-30 + 5 working days = 2025-06-09 (Monday)"


def test_the_office_enters_a_paper_rating_form_for_the_lead_deputy(proposal, unit_huli, office, deputy_zhong):
    reply = record(proposal, unit_huli)
    feedback = feedback_record(reply=reply, actor=office, attitude="satisfied", result="satisfied")
    assert feedback.deputy == deputy_zhong.deputy and feedback.recorded_by == office


def test_unsatisfied_feedback_then_office_order_leads_to_rehandling_and_a_replacing_reply(
    proposal, unit_huli, deputy_zhong, office
):
    first = record(proposal, unit_huli)
    feedback_record(
        reply=first, actor=deputy_zhong, attitude=Rating.SATISFIED, result=Rating.UNSATISFIED, rated_on=D(2025, 5, 20)
    )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.REPLIED  # waiting for the office's order
    lead = proposal_order_rehandling(proposal=proposal, actor=office, ordered_on=D(2025, 5, 23))
    assert lead.due_on == D(2025, 6, 23)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.REHANDLING
    second = record(proposal, unit_huli, document_number="厦湖府办函〔2025〕150号", issued_on=D(2025, 6, 20))
    assert second.replaces == first
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.REPLIED


def test_rehandling_is_refused_after_a_satisfied_rating_or_by_a_unit(proposal, unit_huli, deputy_zhong, office):
    reply = record(proposal, unit_huli)
    with pytest.raises(WorkflowError, match="不满意"):
        proposal_order_rehandling(proposal=proposal, actor=office, ordered_on=D(2025, 5, 23))
    feedback_record(
        reply=reply, actor=deputy_zhong, attitude="unsatisfied", result="unsatisfied", rated_on=D(2025, 5, 20)
    )
    with pytest.raises(WorkflowError, match="代表工作机构"):
        proposal_order_rehandling(proposal=proposal, actor=unit_huli)


def test_withdrawing_a_reply_keeps_it_and_drops_its_open_commitments(proposal, unit_huli, office):
    reply = record(proposal, unit_huli)
    with pytest.raises(WorkflowError, match="撤回理由"):
        reply_withdraw(reply=reply, actor=office, reason="")
    with pytest.raises(WorkflowError, match="代表工作机构"):
        reply_withdraw(reply=reply, actor=unit_huli, reason="录入错误")
    reply_withdraw(reply=reply, actor=office, reason="录入错误")
    reply.refresh_from_db()
    proposal.refresh_from_db()
    assert reply.state == ReplyState.WITHDRAWN and proposal.status == ProposalStatus.IN_PROGRESS
    assert set(reply.commitments.values_list("status", flat=True)) == {CommitmentStatus.DROPPED}
    with pytest.raises(WorkflowError, match="已经撤回"):
        reply_withdraw(reply=reply, actor=office, reason="录入错误")


def test_a_rated_reply_cannot_be_withdrawn(proposal, unit_huli, office, deputy_zhong):
    reply = record(proposal, unit_huli)
    feedback_record(reply=reply, actor=deputy_zhong, attitude="satisfied", result="satisfied", rated_on=D(2025, 5, 8))
    with pytest.raises(WorkflowError, match="不能撤回"):
        reply_withdraw(reply=reply, actor=office, reason="录入错误")


def test_progress_moves_a_planned_commitment_in_progress(proposal, unit_huli, supervisor):
    commitment = record(proposal, unit_huli).commitments.first()
    update = progress_update_add(commitment=commitment, actor=unit_huli, text="已完成产业规划", percent=30)
    commitment.refresh_from_db()
    assert update.reported_by == unit_huli and commitment.status == CommitmentStatus.IN_PROGRESS
    progress_update_add(commitment=commitment, actor=supervisor, text="督查核实", reported_on=D(2025, 9, 1))
    assert commitment.progress_updates.count() == 2


def test_progress_is_refused_from_another_unit_with_a_bad_percent_or_on_a_closed_commitment(
    proposal, unit_huli, unit_other
):
    commitment = record(proposal, unit_huli).commitments.first()
    with pytest.raises(WorkflowError, match="湖里区人民政府"):
        progress_update_add(commitment=commitment, actor=unit_other, text="x")
    with pytest.raises(WorkflowError) as err:
        progress_update_add(commitment=commitment, actor=unit_huli, text="x", percent=120)
    assert "percent" in err.value.fields
    with pytest.raises(WorkflowError, match="进展情况"):
        progress_update_add(commitment=commitment, actor=unit_huli, text=" ")
    commitment_update(commitment=commitment, actor=unit_huli, status=CommitmentStatus.FULFILLED)
    with pytest.raises(WorkflowError, match="已兑现"):
        progress_update_add(commitment=commitment, actor=unit_huli, text="x")


def test_a_commitment_is_fulfilled_or_dropped_with_a_reason(proposal, unit_huli, supervisor):
    first, second = record(proposal, unit_huli).commitments.all()
    fulfilled = commitment_update(commitment=first, actor=unit_huli, status="fulfilled", on=D(2026, 1, 5))
    assert (fulfilled.status, fulfilled.closed_on) == (CommitmentStatus.FULFILLED, D(2026, 1, 5))
    with pytest.raises(WorkflowError, match="理由"):
        commitment_update(commitment=second, actor=supervisor, status="dropped")
    dropped = commitment_update(commitment=second, actor=supervisor, status="dropped", reason="规划调整")
    assert dropped.status == CommitmentStatus.DROPPED and dropped.status_reason == "规划调整"
    with pytest.raises(WorkflowError, match="不能改为"):
        commitment_update(commitment=second, actor=supervisor, status="in_progress")


def test_a_deputy_cannot_update_a_commitment(proposal, unit_huli, deputy_zhong):
    commitment = record(proposal, unit_huli).commitments.first()
    with pytest.raises(WorkflowError, match="督查室"):
        commitment_update(commitment=commitment, actor=deputy_zhong, status="fulfilled")


def test_withdrawing_a_rehandling_reply_returns_the_proposal_to_rehandling(proposal, unit_huli, deputy_zhong, office):
    first = record(proposal, unit_huli)
    feedback_record(
        reply=first, actor=deputy_zhong, attitude="unsatisfied", result="unsatisfied", rated_on=D(2025, 5, 20)
    )
    proposal_order_rehandling(proposal=proposal, actor=office, ordered_on=D(2025, 5, 23))
    second = record(proposal, unit_huli, document_number="厦湖府办函〔2025〕150号", issued_on=D(2025, 6, 20))
    reply_withdraw(reply=second, actor=office, reason="文号有误")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.REHANDLING
    third = record(proposal, unit_huli, document_number="厦湖府办函〔2025〕151号", issued_on=D(2025, 6, 21))
    assert third.replaces == first


def test_a_rated_or_withdrawn_reply_cannot_be_changed_and_another_unit_never(proposal, unit_huli, unit_other, office):
    from responses.services import reply_may_change, reply_parts_add

    reply = record(proposal, unit_huli)
    assert reply_may_change(unit_huli, reply) and reply_may_change(office, reply)
    assert not reply_may_change(unit_other, reply)
    with pytest.raises(WorkflowError, match="湖里区人民政府或代表工作机构"):
        reply_parts_add(reply=reply, actor=unit_other, commitments=[{"text": "别的单位加的承诺"}])
    reply_withdraw(reply=reply, actor=office, reason="录入错误")
    reply.refresh_from_db()
    with pytest.raises(WorkflowError, match="已撤回"):
        reply_parts_add(reply=reply, actor=unit_huli, commitments=[{"text": "撤回后加的承诺"}])
