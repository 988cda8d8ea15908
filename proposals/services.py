"""Workflow services for proposals and assignments (DESIGN.md §4).

Each service checks the actor's role and the current state, validates, writes in one
transaction and returns the changed object. A refused step raises WorkflowError. These are
the only functions that change a proposal's or an assignment's state.
"""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from proposals.calendar import calendar_around, due_for
from proposals.deadlines import Due
from proposals.errors import WorkflowError
from proposals.models import (
    Assignment,
    AssignmentRole,
    AssignmentState,
    CongressSession,
    Contact,
    ContactKind,
    Deputy,
    ExtensionState,
    HandlingUnit,
    Proposal,
    ProposalStatus,
)
from proposals.roles import is_office, works_for

OPEN_STATUSES = (ProposalStatus.ASSIGNED, ProposalStatus.IN_PROGRESS, ProposalStatus.REHANDLING)


def today() -> date:
    return timezone.localdate()


def full_clean_or_raise(obj, exclude: Iterable[str] | None = None) -> None:
    """Model validation as a WorkflowError carrying the field errors."""
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as exc:
        fields = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        message = "；".join(m for messages in fields.values() for m in messages)
        raise WorkflowError("invalid", message, fields) from exc


def require_office(actor) -> None:
    if not is_office(actor):
        raise WorkflowError("forbidden", "只有代表工作机构可以执行此操作。")


def require_unit_member(actor, unit: HandlingUnit, *, office_may: bool = False) -> None:
    if works_for(actor, unit) or (office_may and is_office(actor)):
        return
    raise WorkflowError("forbidden", f"只有{unit.name}的工作人员可以执行此操作。")


EARLIEST_YEAR = 2000  # no congress session this system records is older


def require_not_future(day: date, label: str) -> None:
    """A date that has happened: not in the future, and not a typo from another century."""
    if day > today():
        raise WorkflowError("invalid", f"{label}不能晚于今天。", {"__all__": [f"{label}不能晚于今天。"]})
    if day.year < EARLIEST_YEAR:
        message = f"{label}（{day:%Y-%m-%d}）不是有效的日期。"
        raise WorkflowError("invalid", message, {"__all__": [message]})


def lock_proposal(proposal: Proposal) -> Proposal:
    """Re-read the proposal under a row lock so that two concurrent steps cannot both pass."""
    return Proposal.objects.select_for_update().get(pk=proposal.pk)


def lock_assignment(assignment: Assignment) -> Assignment:
    return Assignment.objects.select_for_update().select_related("proposal", "unit").get(pk=assignment.pk)


def touch(proposal: Proposal) -> None:
    """Mark the proposal changed when only a record it embeds (an assignment) changed, so that API
    clients polling `updated_since` see it."""
    Proposal.objects.filter(pk=proposal.pk).update(updated_at=timezone.now())


def apply_due(obj, due: Due, prefix: str = "due") -> list[str]:
    """Store a computed due date with its explanation and calendar flag; returns the fields set."""
    values = {
        f"{prefix}_on": due.due,
        f"{prefix}_explanation": due.explanation,
        f"{prefix}_confirmed": due.calendar_confirmed,
    }
    if prefix == "due":
        values |= {"due_step": due.step, "due_start": due.start}
    for name, value in values.items():
        setattr(obj, name, value)
    return list(values)


def require_status(proposal: Proposal, *allowed: str, action: str) -> None:
    if proposal.status not in allowed:
        wanted = "、".join(str(ProposalStatus(s).label) for s in allowed)
        raise WorkflowError(
            "invalid_state",
            f"第{proposal.number}号建议当前为“{proposal.get_status_display()}”，只有“{wanted}”的建议可以{action}。",
        )


@transaction.atomic
def proposal_register(
    *,
    actor,
    session: CongressSession,
    number: str,
    title: str,
    lead_deputy: Deputy,
    submitted_on: date,
    co_deputies: Iterable[Deputy] = (),
    body: str = "",
    topic: str = "",
    is_key: bool = False,
) -> Proposal:
    """Register a proposal as handed in; its number is unique within the session."""
    require_office(actor)
    if submitted_on is not None:
        require_not_future(submitted_on, "提出日期")
    proposal = Proposal(
        session=session,
        number=(number or "").strip(),
        title=(title or "").strip(),
        lead_deputy=lead_deputy,
        submitted_on=submitted_on,
        body=body,
        topic=topic,
        is_key=is_key,
    )
    full_clean_or_raise(proposal)
    proposal.save()
    co_deputies = [d for d in co_deputies if d.pk != lead_deputy.pk]
    proposal.co_deputies.set(co_deputies)
    return proposal


@transaction.atomic
def proposal_assign(
    *,
    proposal: Proposal,
    actor,
    lead_unit: HandlingUnit,
    co_units: Iterable[HandlingUnit] = (),
    assigned_on: date | None = None,
) -> list[Assignment]:
    """Hand a registered proposal to one lead unit and any co-handling units (交办)."""
    require_office(actor)
    proposal = lock_proposal(proposal)
    require_status(proposal, ProposalStatus.REGISTERED, action="交办")
    assigned_on = assigned_on or today()
    require_not_future(assigned_on, "交办日期")
    if assigned_on < proposal.submitted_on:
        raise WorkflowError(
            "invalid", "交办日期不能早于建议提出日期。", {"assigned_on": ["交办日期不能早于建议提出日期。"]}
        )
    co_units = [u for u in dict.fromkeys(co_units) if u.pk != lead_unit.pk]
    events = {"assignment": assigned_on}
    dues = {
        AssignmentRole.LEAD: due_for("reply", session=proposal.session, events=events),
        AssignmentRole.CO_HANDLING: due_for("co_handling_opinion", session=proposal.session, events=events),
    }
    assignments = []
    for unit, role in [(lead_unit, AssignmentRole.LEAD)] + [(u, AssignmentRole.CO_HANDLING) for u in co_units]:
        assignment = Assignment(proposal=proposal, unit=unit, role=role, assigned_on=assigned_on, assigned_by=actor)
        apply_due(assignment, dues[role])
        assignments.append(assignment)
    for unit in [lead_unit, *co_units]:
        if not unit.is_active:
            raise WorkflowError("invalid", f"{unit.name}已停用，不能交办。")
    try:
        for assignment in assignments:
            assignment.save()
    except IntegrityError as exc:
        raise WorkflowError("conflict", "该建议已有在办的承办单位，不能重复交办。") from exc
    proposal.status = ProposalStatus.ASSIGNED
    proposal.save(update_fields=["status", "updated_at"])
    return assignments


@transaction.atomic
def assignment_sign(*, assignment: Assignment, actor, signed_on: date | None = None) -> Assignment:
    """The unit signs for an assignment (签收); a signed lead assignment puts the proposal in progress."""
    assignment = lock_assignment(assignment)
    require_unit_member(actor, assignment.unit)
    if assignment.state != AssignmentState.ASSIGNED:
        raise WorkflowError("invalid_state", f"该交办当前为“{assignment.get_state_display()}”，不能签收。")
    signed_on = signed_on or today()
    require_not_future(signed_on, "签收日期")
    if signed_on < assignment.assigned_on:
        raise WorkflowError("invalid", "签收日期不能早于交办日期。", {"signed_on": ["签收日期不能早于交办日期。"]})
    assignment.state = AssignmentState.SIGNED
    assignment.signed_on = signed_on
    assignment.save(update_fields=["state", "signed_on", "updated_at"])
    proposal = lock_proposal(assignment.proposal)
    if assignment.role == AssignmentRole.LEAD and proposal.status == ProposalStatus.ASSIGNED:
        proposal.status = ProposalStatus.IN_PROGRESS
        proposal.save(update_fields=["status", "updated_at"])
    else:
        touch(proposal)
    return assignment


def assignment_return_window(assignment: Assignment) -> Due:
    """The last day a unit may send an assignment back (5 working days from 交办 by default)."""
    return due_for("return_request", session=assignment.proposal.session, events={"assignment": assignment.assigned_on})


@transaction.atomic
def assignment_return(*, assignment: Assignment, actor, reason: str, returned_on: date | None = None) -> Assignment:
    """A unit sends back a proposal it should not handle (退回).

    When the lead unit returns it, the whole assignment goes back to the office: every active
    assignment of the proposal is returned and the proposal is registered again for reassignment.
    """
    assignment = lock_assignment(assignment)
    require_unit_member(actor, assignment.unit)
    reason = (reason or "").strip()
    if not reason:
        raise WorkflowError("invalid", "请填写退回理由。", {"reason": ["请填写退回理由。"]})
    if not assignment.is_active:
        raise WorkflowError("invalid_state", "该交办已经退回。")
    proposal = lock_proposal(assignment.proposal)
    if assignment.role == AssignmentRole.LEAD and proposal.status not in (
        ProposalStatus.ASSIGNED,
        ProposalStatus.IN_PROGRESS,
    ):
        require_status(proposal, ProposalStatus.ASSIGNED, ProposalStatus.IN_PROGRESS, action="退回")
    returned_on = returned_on or today()
    require_not_future(returned_on, "退回日期")
    if returned_on < assignment.assigned_on:
        raise WorkflowError("invalid", "退回日期不能早于交办日期。", {"returned_on": ["退回日期不能早于交办日期。"]})
    window = assignment_return_window(assignment)
    if returned_on > window.due:
        message = f"申请退回须在交办后{window.explanation}之内提出，已超过期限，请与代表工作机构联系。"
        raise WorkflowError("too_late", message, {"returned_on": [message]})

    to_return = [assignment]
    if assignment.role == AssignmentRole.LEAD:
        to_return += list(
            proposal.assignments.select_for_update().exclude(pk=assignment.pk).exclude(state=AssignmentState.RETURNED)
        )
    for item in to_return:
        item.state = AssignmentState.RETURNED
        item.returned_on = returned_on
        item.return_reason = reason if item.pk == assignment.pk else f"随主办单位退回：{reason}"
        item.save(update_fields=["state", "returned_on", "return_reason", "updated_at"])
    if assignment.role == AssignmentRole.LEAD:
        proposal.status = ProposalStatus.REGISTERED
        proposal.save(update_fields=["status", "updated_at"])
    return assignment


@transaction.atomic
def assignment_extension_request(
    *, assignment: Assignment, actor, reason: str, due_on: date, requested_on: date | None = None
) -> Assignment:
    """The lead unit asks to extend its reply deadline, within the statutory cap."""
    assignment = lock_assignment(assignment)
    require_unit_member(actor, assignment.unit)
    if assignment.role != AssignmentRole.LEAD or not assignment.is_active:
        raise WorkflowError("invalid_state", "只有在办的主办单位可以申请延期。")
    require_status(assignment.proposal, *OPEN_STATUSES, action="申请延期")
    if assignment.extension_state == ExtensionState.REQUESTED:
        raise WorkflowError("invalid_state", "已有待审批的延期申请。")
    reason = (reason or "").strip()
    if not reason:
        raise WorkflowError("invalid", "请填写延期理由。", {"reason": ["请填写延期理由。"]})
    cap = due_for(
        "extended_reply", session=assignment.proposal.session, events={"assignment": assignment.assigned_on}
    ).due
    if due_on <= assignment.due_on:
        raise WorkflowError(
            "invalid", "申请延至的日期须晚于现在的答复期限。", {"due_on": ["申请延至的日期须晚于现在的答复期限。"]}
        )
    if due_on > cap:
        message = f"延期后的答复期限不能晚于延期上限（{cap:%Y-%m-%d}）。"
        raise WorkflowError("invalid", message, {"due_on": [message]})
    assignment.extension_state = ExtensionState.REQUESTED
    assignment.extension_requested_on = requested_on or today()
    assignment.extension_reason = reason
    assignment.extension_due_on = due_on
    assignment.save(
        update_fields=[
            "extension_state",
            "extension_requested_on",
            "extension_reason",
            "extension_due_on",
            "updated_at",
        ]
    )
    touch(assignment.proposal)
    return assignment


@transaction.atomic
def assignment_extension_decide(*, assignment: Assignment, actor, approve: bool) -> Assignment:
    """The congress office approves (moving the due date) or refuses a requested extension."""
    require_office(actor)
    assignment = lock_assignment(assignment)
    if assignment.extension_state != ExtensionState.REQUESTED:
        raise WorkflowError("invalid_state", "没有待审批的延期申请。")
    assignment.extension_state = ExtensionState.APPROVED if approve else ExtensionState.REFUSED
    fields = ["extension_state", "updated_at"]
    if approve:
        decided_on = today()
        old = assignment.due_on
        new = assignment.extension_due_on
        cap = due_for(
            "extended_reply", session=assignment.proposal.session, events={"assignment": assignment.assigned_on}
        )
        explanation = f"延期批准 {decided_on:%Y-%m-%d}: {old:%Y-%m-%d} -> {new:%Y-%m-%d} (cap: {cap.explanation})"
        assignment.due_on, assignment.due_step, assignment.due_start = new, "extension", decided_on
        # The new date is the office's decision; it is confirmed when its year's calendar is official.
        confirmed = calendar_around(new).is_confirmed(new) and cap.calendar_confirmed
        assignment.due_explanation, assignment.due_confirmed = explanation[:300], confirmed
        fields += ["due_on", "due_step", "due_start", "due_explanation", "due_confirmed"]
    assignment.save(update_fields=fields)
    touch(assignment.proposal)
    if approve:
        from proposals.notifications import notify_deputy_of_extension

        transaction.on_commit(lambda: notify_deputy_of_extension(assignment))
    return assignment


def contact_may_change(actor, contact: Contact) -> bool:
    """The unit that had the talk, or the congress office, may correct its record."""
    return works_for(actor, contact.assignment.unit) or is_office(actor)


@transaction.atomic
def contact_record(
    *,
    assignment: Assignment,
    actor,
    contacted_on: date,
    kind: str = ContactKind.FACE_TO_FACE,
    participants: str = "",
    notes: str = "",
) -> Contact:
    """Record a talk with the deputy (面商, phone, meeting) by a unit handling the proposal."""
    require_unit_member(actor, assignment.unit, office_may=True)
    if not assignment.is_active:
        raise WorkflowError("invalid_state", "该交办已经退回，不能再记录沟通。")
    require_not_future(contacted_on, "沟通日期")
    if contacted_on < assignment.assigned_on:
        raise WorkflowError("invalid", "沟通日期不能早于交办日期。", {"contacted_on": ["沟通日期不能早于交办日期。"]})
    contact = Contact(
        assignment=assignment,
        kind=kind,
        contacted_on=contacted_on,
        participants=participants,
        notes=notes,
        recorded_by=actor,
    )
    full_clean_or_raise(contact)
    contact.save()
    return contact


@transaction.atomic
def proposal_order_rehandling(*, proposal: Proposal, actor, ordered_on: date | None = None) -> Assignment:
    """After an unsatisfied rating, the office sends the proposal back to its lead unit (重新办理)."""
    from responses.selectors import current_reply

    require_office(actor)
    proposal = lock_proposal(proposal)
    require_status(proposal, ProposalStatus.REPLIED, action="交由重新办理")
    reply = current_reply(proposal)
    rating = reply.feedback.filter(subject="reply").first() if reply else None
    if rating is None or not rating.is_unsatisfied:
        raise WorkflowError("invalid_state", "只有代表评价为“不满意”的答复可以交由重新办理。")
    ordered_on = ordered_on or today()
    require_not_future(ordered_on, "交办重新办理日期")
    if ordered_on < rating.rated_on:
        raise WorkflowError("invalid", "交办重新办理日期不能早于代表评价日期。")
    lead = proposal.assignments.select_for_update().get(role=AssignmentRole.LEAD, state=AssignmentState.SIGNED)
    due = due_for("rehandling_reply", session=proposal.session, events={"rehandling_order": ordered_on})
    lead.save(update_fields=[*apply_due(lead, due), "updated_at"])
    proposal.status = ProposalStatus.REHANDLING
    proposal.save(update_fields=["status", "updated_at"])
    return lead


RECOMPUTED_STEPS = ("reply", "co_handling_opinion", "rehandling_reply")


@transaction.atomic
def deadlines_recompute(*, reason: str, session: CongressSession | None = None) -> int:
    """Recompute every open due date after the calendar or a policy changed; each changed date is
    saved with `reason` in its history. Dates already passed and approved extensions stay as they are.
    Returns how many due dates changed."""
    from responses.models import Feedback, Reply, ReplyState

    changed = 0

    def store(obj, due, prefix="due"):
        nonlocal changed
        if (getattr(obj, f"{prefix}_on"), getattr(obj, f"{prefix}_confirmed")) == (due.due, due.calendar_confirmed):
            return
        fields = apply_due(obj, due, prefix)
        obj._change_reason = reason
        obj.save(update_fields=[*fields, "updated_at"] if hasattr(obj, "updated_at") else fields)
        if isinstance(obj, Assignment):
            touch(obj.proposal)
        changed += 1

    assignments = (
        Assignment.objects.select_for_update(of=("self",))
        .filter(proposal__status__in=OPEN_STATUSES, due_step__in=RECOMPUTED_STEPS, due_on__gte=today())
        .exclude(state=AssignmentState.RETURNED)
        .select_related("proposal__session")
    )
    replies = (
        Reply.objects.select_for_update(of=("self",))
        .filter(state=ReplyState.ACTIVE)
        .filter(Q(rating_due_on__gte=today()) | Q(publish_on__gte=today()))
        .select_related("proposal__session")
    )
    feedback = (
        Feedback.objects.select_for_update(of=("self",))
        .filter(rehandling_order_due_on__gte=today(), reply__proposal__status=ProposalStatus.REPLIED)
        .select_related("reply__proposal__session")
    )
    if session is not None:
        assignments = assignments.filter(proposal__session=session)
        replies = replies.filter(proposal__session=session)
        feedback = feedback.filter(reply__proposal__session=session)
    for assignment in assignments:
        events = {"assignment": assignment.assigned_on, "rehandling_order": assignment.due_start}
        store(assignment, due_for(assignment.due_step, session=assignment.proposal.session, events=events))
    for reply in replies:
        events = {"reply": reply.issued_on}
        if reply.rating_due_on and reply.rating_due_on >= today():
            store(reply, due_for("rating", session=reply.proposal.session, events=events), "rating_due")
        if reply.publish_on and reply.publish_on >= today():
            store(reply, due_for("publication", session=reply.proposal.session, events=events), "publish")
    for item in feedback:
        events = {"rating": item.rated_on}
        store(
            item,
            due_for("rehandling_order", session=item.reply.proposal.session, events=events),
            "rehandling_order_due",
        )
    return changed
