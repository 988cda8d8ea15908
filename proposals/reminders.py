"""Deadline reminders, recorded exactly once and delivered after commit.

The scan decides which (item, kind, due date, offset) reminders are due today and inserts them
in one transaction; the unique constraint makes a second scan, or a racing one, record nothing
twice. Delivery claims each undelivered row under a row lock (skipping rows another process
holds), sends, and marks it delivered in the same transaction: a process killed before the
commit leaves the row undelivered for the next run, and two processes never both deliver it.
(A process killed in the instant after the mail server accepted a message and before the commit
would send that one message again: mail cannot be made part of the transaction.)
"""

import logging
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Exists, F, OuterRef, Subquery
from django.utils import timezone

from proposals.calendar import policy_for
from proposals.models import (
    Assignment,
    AssignmentRole,
    AssignmentState,
    CongressSession,
    DeadlineStep,
    ProposalStatus,
    Reminder,
    ReminderKind,
)
from proposals.notifications import congress_office_addresses, supervision_addresses, unit_addresses
from proposals.services import OPEN_STATUSES

logger = logging.getLogger(__name__)


@dataclass
class ScanResult:
    recorded: int
    candidates: list[Reminder]


def _offsets_by_session() -> dict[int | None, tuple[int, ...]]:
    sessions = CongressSession.objects.prefetch_related("deadline_policy__rules")
    return {s.pk: policy_for(s).reminder_offsets for s in sessions}


def _assignment_step(assignment: Assignment) -> str:
    if assignment.role == AssignmentRole.CO_HANDLING:
        return DeadlineStep.CO_HANDLING_OPINION
    if assignment.proposal.status == ProposalStatus.REHANDLING:
        return DeadlineStep.REHANDLING_REPLY
    return DeadlineStep.REPLY


def _message(kind: str, assignment: Assignment, step: str, days_left: int) -> str:
    proposal = assignment.proposal
    what = f"第{proposal.number}号建议《{proposal.title}》（{assignment.unit.name}{assignment.get_role_display()}）"
    label = DeadlineStep(step).label
    if kind == ReminderKind.OVERDUE:
        return (
            f"{what}{label}已于{assignment.due_on:%Y年%m月%d日}到期，尚未办结，请抓紧办理。"
            f"期限计算：{assignment.due_explanation}"
        )
    if kind == ReminderKind.PROVISIONAL:
        return f"{what}的{label}期限{assignment.due_on:%Y-%m-%d}依据暂定日历计算，官方节假日安排公布后请录入。"
    return (
        f"{what}{label}期限为{assignment.due_on:%Y年%m月%d日}，还有{days_left}天。"
        f"期限计算：{assignment.due_explanation}"
    )


def open_assignments():
    """Assignments still waiting for their unit's reply or opinion (a co-handling unit's opinion
    has no record of its own yet, so the lead's reply ends its reminders too)."""
    return (
        Assignment.objects.filter(proposal__status__in=OPEN_STATUSES)
        .exclude(state=AssignmentState.RETURNED)
        .select_related("proposal", "unit")
    )


def reminders_due(today: date) -> list[Reminder]:
    """The reminders that today's scan should record (not yet saved)."""
    offsets = _offsets_by_session()
    all_offsets = sorted({o for values in offsets.values() for o in values})
    candidates: list[Reminder] = []
    overdue_seen = Reminder.objects.filter(
        assignment=OuterRef("pk"), kind=ReminderKind.OVERDUE, due_on=OuterRef("due_on")
    )
    provisional_seen = Reminder.objects.filter(
        assignment=OuterRef("pk"), kind=ReminderKind.PROVISIONAL, due_on=OuterRef("due_on")
    )
    # The smallest offset already recorded for the due date in force.
    last_upcoming = (
        Reminder.objects.filter(assignment=OuterRef("pk"), kind=ReminderKind.UPCOMING, due_on=OuterRef("due_on"))
        .order_by("offset")
        .values("offset")[:1]
    )
    base = open_assignments()
    upcoming = base.filter(due_on__gte=today, due_on__lte=today + timedelta(days=max(all_offsets, default=0)))
    overdue = base.filter(due_on__lt=today).exclude(Exists(overdue_seen))
    provisional = base.filter(due_confirmed=False, due_on__gte=today).exclude(Exists(provisional_seen))
    for assignment in upcoming.annotate(last_offset=Subquery(last_upcoming)):
        days_left = (assignment.due_on - today).days
        # The nearest offset not yet passed: on a day the scan did not run, the next run still
        # records the reminder that day would have (once: the offset is part of its key).
        offset = min((o for o in offsets.get(assignment.proposal.session_id, ()) if o >= days_left), default=None)
        if offset is None or (assignment.last_offset is not None and assignment.last_offset <= offset):
            continue
        candidates.append(_reminder(assignment, ReminderKind.UPCOMING, offset, days_left))
    candidates += [_reminder(a, ReminderKind.OVERDUE, 0, (a.due_on - today).days) for a in overdue]
    candidates += [_reminder(a, ReminderKind.PROVISIONAL, 0, (a.due_on - today).days) for a in provisional]
    return candidates


def _reminder(assignment: Assignment, kind: str, offset: int, days_left: int) -> Reminder:
    step = _assignment_step(assignment)
    return Reminder(
        item_key=f"assignment:{assignment.pk}",
        step=step,
        kind=kind,
        due_on=assignment.due_on,
        offset=offset,
        proposal=assignment.proposal,
        assignment=assignment,
        # The provisional-calendar warning goes to the congress office (unit left empty).
        unit=None if kind == ReminderKind.PROVISIONAL else assignment.unit,
        notify_supervision=kind == ReminderKind.OVERDUE,
        message=_message(kind, assignment, step, days_left),
    )


def reminders_scan(*, today: date | None = None, dry_run: bool = False) -> ScanResult:
    """Record today's reminders once; returns how many rows this scan recorded."""
    today = today or timezone.localdate()
    with transaction.atomic():
        candidates = reminders_due(today)
        if dry_run or not candidates:
            return ScanResult(recorded=0, candidates=candidates)
        scan_id = uuid.uuid4()
        for reminder in candidates:
            reminder.scan_id = scan_id
        Reminder.objects.bulk_create(candidates, ignore_conflicts=True, batch_size=1000)
        recorded = Reminder.objects.filter(scan_id=scan_id).count()
    return ScanResult(recorded=recorded, candidates=candidates)


def _recipients(reminder: Reminder) -> list[str]:
    if reminder.unit_id is None:
        addresses = congress_office_addresses()
    else:
        addresses = unit_addresses([reminder.unit])
    if reminder.notify_supervision:
        addresses += supervision_addresses()
    return list(dict.fromkeys(addresses))


def _still_due(reminder: Reminder) -> bool:
    """A reminder about a due date that has since moved (extension, calendar change) is void."""
    if reminder.assignment_id is None:
        return True
    assignment = reminder.assignment
    return (
        assignment.due_on == reminder.due_on and assignment.is_active and (assignment.proposal.status in OPEN_STATUSES)
    )


def reminder_deliver(reminder_id: int) -> bool:
    """Deliver one reminder unless another process has it or it was delivered; True if sent now."""
    from django.conf import settings
    from django.core.mail import send_mail

    with transaction.atomic():
        reminder = (
            Reminder.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("assignment__proposal", "proposal", "unit")
            .filter(pk=reminder_id, delivered_at__isnull=True, cancelled_at__isnull=True)
            .first()
        )
        if reminder is None:
            return False
        now = timezone.now()
        if not _still_due(reminder):
            reminder.cancelled_at = now
            reminder.save(update_fields=["cancelled_at"])
            return False
        recipients = _recipients(reminder)
        if recipients:
            send_mail(
                subject=f"【{reminder.get_kind_display()}】第{reminder.proposal.number}号建议",
                message=reminder.message,
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=recipients,
            )
        reminder.delivered_at = now
        reminder.recipients = ", ".join(recipients)
        reminder.attempts += 1
        reminder.save(update_fields=["delivered_at", "recipients", "attempts"])
    return True


def reminders_deliver_pending() -> int:
    """Deliver every recorded, undelivered reminder (including those a crashed run left). A reminder
    that fails (a mail server refusing an address, say) keeps its error and is tried again on the
    next run; it does not hold up the others."""
    pending = Reminder.objects.filter(delivered_at__isnull=True, cancelled_at__isnull=True).order_by("created_at", "id")
    delivered = 0
    for pk in pending.values_list("pk", flat=True):
        try:
            delivered += reminder_deliver(pk)
        except Exception as exc:
            logger.exception("reminder %s could not be delivered", pk)
            Reminder.objects.filter(pk=pk).update(attempts=F("attempts") + 1, last_error=f"{exc!r}"[:2000])
    return delivered
