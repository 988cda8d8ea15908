"""Reads of replies that more than one caller needs."""

from datetime import date, timedelta

from django.db.models import Exists, OuterRef, Q

from responses.models import CommitmentStatus, Reply, ReplyState


def replies_in_force():
    """Replies in force: not withdrawn, and not replaced by a re-handling reply that is itself active."""
    replaced = Reply.objects.filter(replaces=OuterRef("pk"), state=ReplyState.ACTIVE)
    return Reply.objects.filter(state=ReplyState.ACTIVE).exclude(Exists(replaced))


def current_reply(proposal) -> Reply | None:
    """The proposal's reply in force (the newest, should there ever be two)."""
    return replies_in_force().filter(proposal=proposal).order_by("-issued_on", "-id").first()


OPEN_COMMITMENT = [CommitmentStatus.PLANNED, CommitmentStatus.IN_PROGRESS, CommitmentStatus.OVERDUE]
DUE_SOON_DAYS = 30


def commitment_overdue(day: date) -> Q:
    """Open commitments past their date (or past their target year, when they have no date)."""
    late = Q(due_on__lt=day) | Q(due_on__isnull=True, target_year__lt=day.year) | Q(status=CommitmentStatus.OVERDUE)
    return Q(status__in=OPEN_COMMITMENT) & late


def commitment_due_soon(day: date) -> Q:
    """Open commitments falling due within DUE_SOON_DAYS (or in their target year's last month)."""
    soon = Q(due_on__gte=day, due_on__lte=day + timedelta(days=DUE_SOON_DAYS))
    if (date(day.year, 12, 31) - day).days <= DUE_SOON_DAYS:
        soon |= Q(due_on__isnull=True, target_year=day.year)
    return Q(status__in=OPEN_COMMITMENT) & soon & ~Q(status=CommitmentStatus.OVERDUE)
