"""Who sees what (DESIGN.md §6): the one place those rules live.

The admin, the API, the deputy portal and the public pages all read through these selectors, so
one test matrix covers them all. Each returns a QuerySet the caller may narrow further.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from proposals.models import Assignment, AssignmentState, Contact, Proposal
from proposals.roles import Role, deputy_of, unit_ids_of, user_roles


def _proposal_visibility(user, prefix: str = "") -> Q | None:
    """A filter on proposals (through `prefix`, e.g. "proposal__") for what `user` may see;
    None means everything."""
    roles = user_roles(user)
    if roles & {Role.OFFICE, Role.SUPERVISOR}:
        return None
    pk = f"{prefix}pk" if prefix else "pk"
    visible = Q(pk__in=[])
    if Role.UNIT in roles:
        unit_ids = unit_ids_of(user)
        if unit_ids:
            # A unit that returned a proposal no longer handles it, and no longer sees it.
            active = Assignment.objects.filter(proposal=OuterRef(pk), unit_id__in=unit_ids).exclude(
                state=AssignmentState.RETURNED
            )
            visible |= Q(Exists(active))
    deputy = deputy_of(user) if Role.DEPUTY in roles else None
    if deputy is not None:
        visible |= Q(**{f"{prefix}lead_deputy": deputy}) | Q(
            Exists(Proposal.co_deputies.through.objects.filter(proposal_id=OuterRef(pk), deputy_id=deputy.pk))
        )
    return visible


def _visible(queryset: QuerySet, user, prefix: str) -> QuerySet:
    condition = _proposal_visibility(user, prefix)
    return queryset if condition is None else queryset.filter(condition)


def proposals_visible_to(*, user) -> QuerySet[Proposal]:
    """Proposals `user` may see: all for the offices, assigned ones for unit staff, own ones for a deputy."""
    return _visible(Proposal.objects.all(), user, "")


def assignments_visible_to(*, user) -> QuerySet[Assignment]:
    """Assignments of the proposals `user` may see (a unit sees its co-handling partners too)."""
    return _visible(Assignment.objects.all(), user, "proposal__")


def contacts_visible_to(*, user) -> QuerySet[Contact]:
    return _visible(Contact.objects.all(), user, "assignment__proposal__")


def replies_visible_to(*, user):
    """Replies to the proposals `user` may see, whatever their disclosure (a deputy reads every
    reply to their own proposals); anyone else sees the public ones."""
    from responses.models import Reply

    roles = user_roles(user)
    if not roles:
        return replies_public()
    return _visible(Reply.objects.all(), user, "proposal__")


def replies_public():
    """Replies marked 主动公开, in force, whose publication date has come."""
    from responses.models import Disclosure, Reply, ReplyState

    return Reply.objects.filter(
        disclosure=Disclosure.PUBLIC, state=ReplyState.ACTIVE, publish_on__lte=timezone.localdate()
    )


def commitments_visible_to(*, user):
    from responses.models import Commitment

    return _visible(Commitment.objects.all(), user, "reply__proposal__")


def progress_updates_visible_to(*, user):
    from responses.models import ProgressUpdate

    return _visible(ProgressUpdate.objects.all(), user, "commitment__reply__proposal__")


def feedback_visible_to(*, user):
    from responses.models import Feedback

    return _visible(Feedback.objects.all(), user, "reply__proposal__")
