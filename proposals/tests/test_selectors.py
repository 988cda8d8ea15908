"""Who sees which proposals: one selector, one matrix."""

import datetime

import pytest

from proposals.models import AssignmentState
from proposals.selectors import proposals_visible_to
from proposals.services import assignment_return, proposal_assign
from proposals.tests.factories import ProposalFactory, UserFactory

D = datetime.date


@pytest.fixture
def world(office, huli, other_unit, deputy_zhong, deputy_other):
    zhong, other = deputy_zhong.deputy, deputy_other.deputy
    huli_lead = ProposalFactory(lead_deputy=zhong, submitted_on=D(2025, 1, 12))
    huli_co = ProposalFactory(lead_deputy=other, submitted_on=D(2025, 1, 12))
    huli_co.co_deputies.add(zhong)
    other_only = ProposalFactory(lead_deputy=other, submitted_on=D(2025, 1, 12))
    unassigned = ProposalFactory(lead_deputy=other)
    proposal_assign(proposal=huli_lead, actor=office, lead_unit=huli, assigned_on=D(2025, 2, 10))
    proposal_assign(proposal=huli_co, actor=office, lead_unit=other_unit, co_units=[huli], assigned_on=D(2025, 2, 10))
    proposal_assign(proposal=other_only, actor=office, lead_unit=other_unit, assigned_on=D(2025, 2, 10))
    return {"huli_lead": huli_lead, "huli_co": huli_co, "other_only": other_only, "unassigned": unassigned}


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("office", {"huli_lead", "huli_co", "other_only", "unassigned"}),
        ("supervisor", {"huli_lead", "huli_co", "other_only", "unassigned"}),
        ("unit_huli", {"huli_lead", "huli_co"}),
        ("unit_other", {"huli_co", "other_only"}),
        ("deputy_zhong", {"huli_lead", "huli_co"}),
        ("deputy_other", {"huli_co", "other_only", "unassigned"}),
    ],
)
def test_each_role_sees_exactly_its_proposals(request, world, supervisor, unit_huli, unit_other, username, expected):
    user = request.getfixturevalue(username)
    names = {name for name, p in world.items() if proposals_visible_to(user=user).filter(pk=p.pk).exists()}
    assert names == expected


def test_anonymous_users_and_staff_without_a_unit_see_no_proposals(world):
    from django.contrib.auth.models import AnonymousUser

    from proposals.roles import Role

    assert not proposals_visible_to(user=AnonymousUser()).exists()
    assert not proposals_visible_to(user=UserFactory(role=Role.UNIT)).exists()


def test_a_unit_no_longer_sees_a_proposal_it_returned(world, unit_huli):
    lead = world["huli_lead"].assignments.get()
    assignment_return(assignment=lead, actor=unit_huli, reason="职责不符", returned_on=D(2025, 2, 11))
    assert lead.__class__.objects.get(pk=lead.pk).state == AssignmentState.RETURNED
    assert not proposals_visible_to(user=unit_huli).filter(pk=world["huli_lead"].pk).exists()


def test_the_selector_costs_three_queries_whatever_the_role(world, unit_huli, deputy_zhong, django_assert_num_queries):
    for user in (unit_huli, deputy_zhong):
        user = type(user).objects.get(pk=user.pk)  # fresh: no cached roles
        with django_assert_num_queries(3):  # groups, units or deputy, then the list
            list(proposals_visible_to(user=user))


def test_replies_commitments_and_feedback_follow_their_proposal(world, unit_huli, unit_other, deputy_zhong, office):
    from proposals.selectors import (
        commitments_visible_to,
        feedback_visible_to,
        progress_updates_visible_to,
        replies_visible_to,
    )
    from responses.tests.factories import CommitmentFactory, FeedbackFactory, ProgressUpdateFactory, ReplyFactory

    huli_reply = ReplyFactory(proposal=world["huli_lead"], unit=world["huli_lead"].assignments.get().unit)
    other_reply = ReplyFactory(proposal=world["other_only"], disclosure="withheld")
    for reply in (huli_reply, other_reply):
        ProgressUpdateFactory(commitment=CommitmentFactory(reply=reply))
        FeedbackFactory(reply=reply, deputy=reply.proposal.lead_deputy)
    for user, expected in ((unit_huli, {huli_reply}), (unit_other, {other_reply}), (deputy_zhong, {huli_reply})):
        assert set(replies_visible_to(user=user)) == expected
        assert {c.reply for c in commitments_visible_to(user=user)} == expected
        assert {p.commitment.reply for p in progress_updates_visible_to(user=user)} == expected
        assert {f.reply for f in feedback_visible_to(user=user)} == expected
    assert set(replies_visible_to(user=office)) == {huli_reply, other_reply}


def test_the_public_sees_public_replies_once_their_publication_date_has_come(db):
    from django.contrib.auth.models import AnonymousUser
    from django.utils import timezone

    from proposals.selectors import replies_visible_to
    from responses.tests.factories import ReplyFactory

    today = timezone.localdate()
    published = ReplyFactory(disclosure="public", publish_on=today)
    ReplyFactory(disclosure="public", publish_on=today + datetime.timedelta(days=1))
    ReplyFactory(disclosure="on_request", publish_on=today)
    ReplyFactory(disclosure="withheld", publish_on=today)
    ReplyFactory(disclosure="public", publish_on=today, state="withdrawn", withdrawn_reason="录入错误")
    assert list(replies_visible_to(user=AnonymousUser())) == [published]
