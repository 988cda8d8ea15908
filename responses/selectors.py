"""Reads of replies that more than one caller needs."""

from django.db.models import Exists, OuterRef

from responses.models import Reply, ReplyState


def replies_in_force():
    """Replies in force: not withdrawn, and not replaced by a re-handling reply that is itself active."""
    replaced = Reply.objects.filter(replaces=OuterRef("pk"), state=ReplyState.ACTIVE)
    return Reply.objects.filter(state=ReplyState.ACTIVE).exclude(Exists(replaced))


def current_reply(proposal) -> Reply | None:
    """The proposal's reply in force (the newest, should there ever be two)."""
    return replies_in_force().filter(proposal=proposal).order_by("-issued_on", "-id").first()
