"""The home page and the deputy portal (/my/): a deputy's proposals, where each stands, and its timeline.

Reads go through proposals.portal, which reads through the selectors: a proposal outside what the
user may see is a 404, whatever URL they type.
"""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from proposals.portal import assignment_history, deputy_relation, portal_proposals, standing_of, timeline
from proposals.roles import deputy_of
from proposals.selectors import replies_public
from responses.portal import rating_state

PER_PAGE = 30


def home(request):
    latest = replies_public().select_related("proposal__session", "unit", "category").order_by("-issued_on", "-id")
    return render(request, "home.html", {"latest": latest[:5]})


@login_required
def my_proposals(request):
    page = Paginator(portal_proposals(user=request.user), PER_PAGE).get_page(request.GET.get("page"))
    rows = [
        {
            "proposal": proposal,
            "standing": standing_of(proposal),
            "latest": timeline(proposal)[-1],
            "relation": deputy_relation(proposal, request.user),
        }
        for proposal in page
    ]
    return render(request, "portal/my.html", {"page": page, "rows": rows, "deputy": deputy_of(request.user)})


@login_required
def proposal_detail(request, pk: int):
    proposal = get_object_or_404(portal_proposals(user=request.user, details=True), pk=pk)
    events = timeline(proposal, history=assignment_history(proposal))
    standing = standing_of(proposal)
    rating = None
    if standing.reply is not None:
        rating = rating_state(standing.reply, user=request.user, current=standing.reply)
    context = {
        "proposal": proposal,
        "standing": standing,
        "rating": rating,
        "events": events,
        "relation": deputy_relation(proposal, request.user),
        "replies": list(proposal.replies.all()),
    }
    return render(request, "portal/proposal.html", context)
