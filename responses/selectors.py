"""Reads of replies that more than one caller needs."""

from responses.models import Reply, ReplyState


def current_reply(proposal) -> Reply | None:
    """The proposal's reply in force: the newest one not withdrawn."""
    return Reply.objects.filter(proposal=proposal, state=ReplyState.ACTIVE).order_by("-issued_on", "-id").first()
