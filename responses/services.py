"""Workflow services for replies, commitments, progress and deputy feedback (DESIGN.md §4).

Each service checks the actor's role and the current state, validates, writes in one
transaction and returns the object. A refused step raises WorkflowError.
"""

from collections.abc import Iterable, Mapping
from datetime import date

from django.db import transaction

from proposals.calendar import due_for
from proposals.errors import WorkflowError
from proposals.models import AssignmentRole, AssignmentState, Proposal, ProposalStatus
from proposals.roles import deputy_of, is_office, is_supervisor, works_for
from proposals.services import (
    apply_due,
    full_clean_or_raise,
    lock_proposal,
    require_not_future,
    require_office,
    require_status,
    require_unit_member,
    today,
)
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
    ReplyState,
)
from responses.selectors import current_reply


def reply_check(*, proposal: Proposal, actor, issued_on: date | None):
    """Whether `actor` may record a reply to `proposal` dated `issued_on`; returns the lead assignment.

    Used by reply_record and by forms that want the refusal as a form error before saving.
    """
    lead = (
        proposal.assignments.select_related("unit")
        .filter(role=AssignmentRole.LEAD)
        .exclude(state=AssignmentState.RETURNED)
        .first()
    )
    if lead is None:
        raise WorkflowError("invalid_state", f"第{proposal.number}号建议尚未交办，不能答复。")
    require_unit_member(actor, lead.unit, office_may=True)
    if proposal.status == ProposalStatus.ASSIGNED:
        raise WorkflowError("invalid_state", f"{lead.unit.name}尚未签收第{proposal.number}号建议，请先签收再答复。")
    require_status(proposal, ProposalStatus.IN_PROGRESS, ProposalStatus.REHANDLING, action="答复")
    if issued_on is not None:
        if issued_on < lead.assigned_on:
            message = f"答复日期不能早于交办日期（{lead.assigned_on:%Y-%m-%d}）。"
            raise WorkflowError("invalid", message, {"issued_on": [message]})
        require_not_future(issued_on, "答复日期")
    return lead


@transaction.atomic
def reply_record(
    *,
    proposal: Proposal,
    actor,
    document_number: str,
    category: ReplyCategory,
    issued_on: date,
    disclosure: str = Disclosure.PUBLIC,
    title: str = "",
    addressee: str = "",
    issuer: str = "",
    signer: str = "",
    contact_person: str = "",
    contact_phone: str = "",
    cc: Iterable[str] = (),
    opening: str = "",
    closing: str = "",
    original_file=None,
    sections: Iterable[Mapping] = (),
    measures: Iterable[Mapping] = (),
    commitments: Iterable[Mapping] = (),
) -> Reply:
    """Record the lead unit's signed reply letter with its sections, measures and commitments.

    `sections` are {heading, text}, `measures` {point, text}, `commitments` {text, due_on,
    target_year, responsible_unit}. A reply during re-handling replaces the reply in force.
    """
    proposal = lock_proposal(proposal)
    lead = reply_check(proposal=proposal, actor=actor, issued_on=issued_on)
    if not category.is_active:
        raise WorkflowError("invalid", f"答复类别“{category.name}”已停用。", {"category": ["该答复类别已停用。"]})
    replaces = current_reply(proposal) if proposal.status == ProposalStatus.REHANDLING else None
    reply = Reply(
        proposal=proposal,
        unit=lead.unit,
        document_number=(document_number or "").strip(),
        category=category,
        issued_on=issued_on,
        disclosure=disclosure,
        title=title,
        addressee=addressee,
        issuer=issuer,
        signer=signer,
        contact_person=contact_person,
        contact_phone=contact_phone,
        cc=[c.strip() for c in cc if c and c.strip()],
        opening=opening,
        closing=closing,
        replaces=replaces,
        due_on_at_issue=lead.due_on,
        recorded_by=actor,
    )
    if original_file:
        reply.original_file = original_file
    events = {"reply": issued_on}
    apply_due(reply, due_for("rating", session=proposal.session, events=events), prefix="rating_due")
    apply_due(reply, due_for("publication", session=proposal.session, events=events), prefix="publish")
    full_clean_or_raise(reply)
    reply.save()
    reply_parts_add(reply=reply, actor=actor, sections=sections, measures=measures, commitments=commitments)
    proposal.status = ProposalStatus.REPLIED
    proposal.save(update_fields=["status", "updated_at"])
    return reply


def reply_may_change(actor, reply: Reply) -> bool:
    """Whether `actor` may edit a reply's letter and add to its parts: the replying unit's staff or
    the congress office, while the reply is in force and the deputy has not rated it yet."""
    if reply.state != ReplyState.ACTIVE:
        return False
    if not (works_for(actor, reply.unit) or is_office(actor)):
        return False
    return not reply.feedback.exists()


def reply_require_change(actor, reply: Reply) -> None:
    if reply_may_change(actor, reply):
        return
    if reply.state != ReplyState.ACTIVE:
        raise WorkflowError("invalid_state", "该答复已撤回，不能再修改。")
    if not (works_for(actor, reply.unit) or is_office(actor)):
        raise WorkflowError("forbidden", f"只有{reply.unit.name}或代表工作机构可以修改该答复。")
    raise WorkflowError("invalid_state", "代表已对该答复作出评价，答复内容不能再修改。")


def reply_parts_add(
    *,
    reply: Reply,
    actor,
    sections: Iterable[Mapping] = (),
    measures: Iterable[Mapping] = (),
    commitments: Iterable[Mapping] = (),
) -> None:
    """Attach body sections, measures and commitments to a reply, validated, in their order, for
    someone who may change it (reply_may_change)."""
    reply_require_change(actor, reply)
    start = reply.sections.count()
    for offset, item in enumerate(sections, start=1):
        section = ReplySection(
            reply=reply, position=start + offset, heading=item.get("heading", ""), text=item.get("text", "")
        )
        full_clean_or_raise(section)
        section.save()
    start = reply.measures.count()
    for offset, item in enumerate(measures, start=1):
        measure = Measure(reply=reply, position=start + offset, point=item.get("point", ""), text=item.get("text", ""))
        full_clean_or_raise(measure)
        measure.save()
    start = reply.commitments.count()
    for offset, item in enumerate(commitments, start=1):
        commitment = Commitment(
            reply=reply,
            position=start + offset,
            text=item.get("text", ""),
            responsible_unit=item.get("responsible_unit") or reply.unit,
            due_on=item.get("due_on"),
            target_year=item.get("target_year"),
        )
        full_clean_or_raise(commitment)
        commitment.save()


@transaction.atomic
def reply_withdraw(*, reply: Reply, actor, reason: str) -> Reply:
    """Withdraw a reply recorded in error (it stays visible); its open commitments are dropped."""
    require_office(actor)
    reply = Reply.objects.select_for_update().get(pk=reply.pk)
    reason = (reason or "").strip()
    if not reason:
        raise WorkflowError("invalid", "请填写撤回理由。", {"reason": ["请填写撤回理由。"]})
    if reply.state == ReplyState.WITHDRAWN:
        raise WorkflowError("invalid_state", "该答复已经撤回。")
    proposal = lock_proposal(reply.proposal)
    if reply.feedback.exists():
        raise WorkflowError("invalid_state", "代表已对该答复作出评价，不能撤回。")
    was_in_force = current_reply(proposal) == reply
    reply.state = ReplyState.WITHDRAWN
    reply.withdrawn_reason = reason
    reply.save(update_fields=["state", "withdrawn_reason", "updated_at"])
    for commitment in reply.commitments.select_for_update():
        if commitment.is_open:
            _commitment_close(commitment, CommitmentStatus.DROPPED, f"答复已撤回：{reason}", today())
    if proposal.status == ProposalStatus.REPLIED and was_in_force:
        # Withdrawing a re-handling reply leaves the proposal in re-handling, waiting for a new one.
        proposal.status = ProposalStatus.REHANDLING if reply.replaces_id else ProposalStatus.IN_PROGRESS
        proposal.save(update_fields=["status", "updated_at"])
    return reply


@transaction.atomic
def feedback_record(
    *,
    reply: Reply,
    actor,
    attitude: str,
    result: str,
    rated_on: date | None = None,
    comment: str = "",
    subject: str = FeedbackSubject.REPLY,
) -> Feedback:
    """Record the lead deputy's rating of a reply; the office may enter a paper rating form for them.

    满意/基本满意 on both closes the proposal; 不满意 on either leaves it replied for the office
    to order re-handling.
    """
    proposal = lock_proposal(reply.proposal)
    deputy = deputy_of(actor)
    if deputy is not None and deputy.pk == proposal.lead_deputy_id:
        pass
    elif is_office(actor):
        deputy = proposal.lead_deputy
    else:
        raise WorkflowError("forbidden", "只有领衔代表可以评价办理情况。")
    for field, value in (("attitude", attitude), ("result", result)):
        if value not in Rating.values:
            raise WorkflowError(
                "invalid", "请选择满意、基本满意或不满意。", {field: ["请选择满意、基本满意或不满意。"]}
            )
    if reply.state != ReplyState.ACTIVE or current_reply(proposal) != reply:
        raise WorkflowError("invalid_state", "只能评价现行有效的答复。")
    if subject == FeedbackSubject.REPLY:
        require_status(proposal, ProposalStatus.REPLIED, action="评价")
    else:
        require_status(proposal, ProposalStatus.REPLIED, ProposalStatus.CLOSED, action="评价承诺落实情况")
    if Feedback.objects.filter(reply=reply, deputy=deputy, subject=subject).exists():
        raise WorkflowError("conflict", "该答复已经评价过，每份答复只能评价一次。")
    rated_on = rated_on or today()
    require_not_future(rated_on, "评价日期")
    if rated_on < reply.issued_on:
        raise WorkflowError("invalid", "评价日期不能早于答复日期。", {"rated_on": ["评价日期不能早于答复日期。"]})
    # A deputy rates within the window; the office may still enter a paper form that came in late.
    if not is_office(actor) and reply.rating_due_on and rated_on > reply.rating_due_on:
        raise WorkflowError(
            "too_late", f"评价期限已于{reply.rating_due_on:%Y年%m月%d日}届满，如需评价请与代表工作机构联系。"
        )
    feedback = Feedback(
        reply=reply,
        deputy=deputy,
        subject=subject,
        attitude=attitude,
        result=result,
        comment=comment,
        rated_on=rated_on,
        recorded_by=actor,
    )
    if subject == FeedbackSubject.REPLY and feedback.is_unsatisfied:
        due = due_for("rehandling_order", session=proposal.session, events={"rating": rated_on})
        apply_due(feedback, due, prefix="rehandling_order_due")
    full_clean_or_raise(feedback)
    feedback.save()
    if subject == FeedbackSubject.REPLY and not feedback.is_unsatisfied:
        proposal.status = ProposalStatus.CLOSED
        proposal.save(update_fields=["status", "updated_at"])
    return feedback


COMMITMENT_TRANSITIONS = {
    CommitmentStatus.PLANNED: {
        CommitmentStatus.IN_PROGRESS,
        CommitmentStatus.FULFILLED,
        CommitmentStatus.DROPPED,
        CommitmentStatus.OVERDUE,
    },
    CommitmentStatus.IN_PROGRESS: {CommitmentStatus.FULFILLED, CommitmentStatus.DROPPED, CommitmentStatus.OVERDUE},
    CommitmentStatus.OVERDUE: {CommitmentStatus.IN_PROGRESS, CommitmentStatus.FULFILLED, CommitmentStatus.DROPPED},
    CommitmentStatus.FULFILLED: set(),
    CommitmentStatus.DROPPED: set(),
}


def commitment_may_update(actor, commitment: Commitment) -> bool:
    """The responsible unit, the congress office and the supervision office follow a commitment up."""
    return works_for(actor, commitment.responsible_unit) or is_office(actor) or is_supervisor(actor)


def _require_commitment_actor(actor, commitment: Commitment) -> None:
    if commitment_may_update(actor, commitment):
        return
    raise WorkflowError(
        "forbidden", f"只有{commitment.responsible_unit.name}、代表工作机构或督查室可以更新该承诺事项。"
    )


def _commitment_close(commitment: Commitment, status: str, reason: str, on: date) -> None:
    commitment.status = status
    commitment.status_reason = reason
    commitment.closed_on = on
    commitment.save(update_fields=["status", "status_reason", "closed_on", "updated_at"])


@transaction.atomic
def commitment_update(
    *, commitment: Commitment, actor, status: str, reason: str = "", on: date | None = None
) -> Commitment:
    """Move a commitment along: in progress, fulfilled, overdue, or dropped with a reason."""
    commitment = Commitment.objects.select_for_update().select_related("responsible_unit").get(pk=commitment.pk)
    _require_commitment_actor(actor, commitment)
    if status not in CommitmentStatus.values:
        raise WorkflowError("invalid", "未知的承诺事项状态。", {"status": ["未知的承诺事项状态。"]})
    if status not in COMMITMENT_TRANSITIONS[commitment.status]:
        raise WorkflowError(
            "invalid_state",
            f"承诺事项当前为“{commitment.get_status_display()}”，不能改为“{CommitmentStatus(status).label}”。",
        )
    reason = (reason or "").strip()
    if status == CommitmentStatus.DROPPED and not reason:
        raise WorkflowError("invalid", "终止承诺事项须说明理由。", {"reason": ["终止承诺事项须说明理由。"]})
    on = on or today()
    require_not_future(on, "日期")
    if status in (CommitmentStatus.FULFILLED, CommitmentStatus.DROPPED):
        _commitment_close(commitment, status, reason, on)
    else:
        commitment.status = status
        commitment.status_reason = reason
        commitment.save(update_fields=["status", "status_reason", "updated_at"])
    return commitment


@transaction.atomic
def progress_update_add(
    *, commitment: Commitment, actor, text: str, reported_on: date | None = None, percent: int | None = None
) -> ProgressUpdate:
    """Add a dated progress note to an open commitment; a planned commitment becomes in progress."""
    commitment = Commitment.objects.select_for_update().select_related("responsible_unit").get(pk=commitment.pk)
    _require_commitment_actor(actor, commitment)
    if not commitment.is_open:
        raise WorkflowError("invalid_state", f"承诺事项已{commitment.get_status_display()}，不能再报告进展。")
    text = (text or "").strip()
    if not text:
        raise WorkflowError("invalid", "请填写进展情况。", {"text": ["请填写进展情况。"]})
    reported_on = reported_on or today()
    require_not_future(reported_on, "报告日期")
    update = ProgressUpdate(
        commitment=commitment, text=text, reported_on=reported_on, percent=percent, reported_by=actor
    )
    full_clean_or_raise(update)
    update.save()
    if commitment.status == CommitmentStatus.PLANNED:
        commitment.status = CommitmentStatus.IN_PROGRESS
        commitment.save(update_fields=["status", "updated_at"])
    return update
