"""Who sees which proposals (DESIGN.md §6): the one place that rule lives.

The admin, the API, the deputy portal and the public pages all read through these selectors.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet

from proposals.models import Assignment, Proposal
from proposals.roles import Role, deputy_of, unit_ids_of, user_roles


def proposals_visible_to(*, user) -> QuerySet[Proposal]:
    """Proposals `user` may see: all for the offices, assigned ones for unit staff, own ones for a deputy."""
    proposals = Proposal.objects.all()
    roles = user_roles(user)
    if roles & {Role.OFFICE, Role.SUPERVISOR}:
        return proposals
    visible = Q(pk__in=[])
    if Role.UNIT in roles:
        unit_ids = unit_ids_of(user)
        if unit_ids:
            visible |= Q(Exists(Assignment.objects.filter(proposal=OuterRef("pk"), unit_id__in=unit_ids)))
    deputy = deputy_of(user) if Role.DEPUTY in roles else None
    if deputy is not None:
        visible |= Q(lead_deputy=deputy) | Q(
            Exists(Proposal.co_deputies.through.objects.filter(proposal_id=OuterRef("pk"), deputy_id=deputy.pk))
        )
    return proposals.filter(visible)
