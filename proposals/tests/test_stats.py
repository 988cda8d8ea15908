"""Handling figures against hand-counted expectations on a small data set with every edge."""

import datetime

import pytest

from proposals.services import (
    assignment_extension_decide,
    assignment_extension_request,
    assignment_sign,
    contact_record,
    proposal_assign,
    proposal_order_rehandling,
)
from proposals.stats import Figure, handling_stats
from proposals.tests.factories import ProposalFactory
from responses.services import commitment_update, feedback_record, reply_record, reply_withdraw
from responses.tests.factories import category

D = datetime.date.fromisoformat
pytestmark = pytest.mark.django_db


def handled(office, lead, *, co=(), assigned_on="2025-02-10", signer=None, deputy=None):
    proposal = ProposalFactory(submitted_on=D("2025-01-12"), **({"lead_deputy": deputy} if deputy else {}))
    assignments = proposal_assign(
        proposal=proposal, actor=office, lead_unit=lead, co_units=co, assigned_on=D(assigned_on)
    )
    if signer:
        assignment_sign(assignment=assignments[0], actor=signer, signed_on=D(assigned_on))
    return proposal, assignments[0]


def reply(proposal, actor, number, code, issued_on, commitments=()):
    return reply_record(
        proposal=proposal,
        actor=actor,
        document_number=number,
        category=category(code),
        issued_on=D(issued_on),
        commitments=commitments,
    )


@pytest.fixture
def data(office, huli, other_unit, unit_huli, unit_other, deputy_zhong):
    zhong = deputy_zhong.deputy
    # P1: co-handled, contact before an on-time A reply, rated satisfied.
    p1, lead1 = handled(office, huli, co=[other_unit], signer=unit_huli, deputy=zhong)
    contact_record(assignment=lead1, actor=unit_huli, contacted_on=D("2025-03-01"))
    r1 = reply(
        p1, unit_huli, "P1", "A", "2025-05-07", [{"text": "已兑现"}, {"text": "年底前完成", "due_on": D("2025-12-31")}]
    )
    commitment_update(commitment=r1.commitments.get(text="已兑现"), actor=unit_huli, status="fulfilled")
    feedback_record(reply=r1, actor=deputy_zhong, attitude="satisfied", result="satisfied", rated_on=D("2025-05-20"))
    # P2: extension approved, B reply after the original but before the extended due date; no rating.
    p2, lead2 = handled(office, huli, signer=unit_huli)
    assignment_extension_request(assignment=lead2, actor=unit_huli, reason="协调", due_on=D("2025-08-11"))
    assignment_extension_decide(assignment=lead2, actor=office, approve=True)
    reply(p2, unit_huli, "P2", "B", "2025-07-01", [{"text": "2027年完成", "target_year": 2027}])
    # P3: late C reply, contact only afterwards, 不满意, re-handled into an A reply rated 满意.
    p3, lead3 = handled(office, huli, signer=unit_huli, deputy=zhong)
    r3 = reply(p3, unit_huli, "P3", "C", "2025-06-03", [{"text": "2024年完成", "target_year": 2024}])
    contact_record(assignment=lead3, actor=unit_huli, contacted_on=D("2025-06-10"))
    feedback_record(reply=r3, actor=deputy_zhong, attitude="satisfied", result="unsatisfied", rated_on=D("2025-06-10"))
    proposal_order_rehandling(proposal=p3, actor=office, ordered_on=D("2025-06-12"))
    r3b = reply(p3, unit_huli, "P3-2", "A", "2025-07-01")
    feedback_record(reply=r3b, actor=deputy_zhong, attitude="satisfied", result="satisfied", rated_on=D("2025-07-02"))
    # P4: the other unit's reply, withdrawn: past due, not replied.
    p4, _ = handled(office, other_unit, signer=unit_other)
    r4 = reply(p4, unit_other, "P4", "A", "2025-05-07", [{"text": "撤回后终止"}])
    reply_withdraw(reply=r4, actor=office, reason="录入错误")
    # P5: assigned last week, not yet due.
    handled(office, other_unit, assigned_on="2026-11-20")


def figures(row):
    return [
        str(f) for f in (row.reply_rate, row.on_time_rate, row.contact_rate, row.satisfaction_rate, row.adoption_rate)
    ]


def test_the_figures_match_a_hand_count(data, office, huli, other_unit):
    table = handling_stats(user=office)
    rows = {row.unit_name: row for row in table.units}
    assert set(rows) == {"湖里区人民政府", "厦门市工业和信息化局"}  # a co-handling unit counts nothing
    h, o, total = rows["湖里区人民政府"], rows["厦门市工业和信息化局"], table.total
    assert (h.assigned, h.replied, h.on_time, h.contacted, h.rated, h.satisfied, h.adopted) == (3, 3, 2, 1, 2, 1, 2)
    assert h.categories == {"A": 2, "B": 1, "C": 0}
    assert (h.open_commitments, h.overdue_commitments) == (3, 2)
    assert figures(h) == ["100.0%", "66.7%", "33.3%", "50.0%", "66.7%"]
    assert (o.assigned, o.replied, o.due_or_replied, o.open_commitments) == (2, 0, 1, 0)
    assert figures(o) == ["0.0%", "0.0%", "-", "-", "-"]
    assert figures(total) == ["60.0%", "50.0%", "33.3%", "50.0%", "66.7%"]
    assert (total.replied, total.assigned) == (3, 5)


def test_unit_staff_see_only_their_own_unit(data, unit_other):
    table = handling_stats(user=unit_other)
    assert [row.unit_name for row in table.units] == ["厦门市工业和信息化局"]
    assert table.total.assigned == 2


def test_zero_denominators_show_a_dash():
    assert str(Figure(0, 0)) == "-" and Figure(0, 0).rate is None
    assert str(Figure(1, 3)) == "33.3%"


def test_the_figures_cost_a_constant_number_of_queries(data, office, django_assert_num_queries):
    with django_assert_num_queries(4):  # categories, lead facts, commitments, unit names
        handling_stats(user=office)


def test_deputies_and_the_public_see_figures_only_for_sessions_made_public(data, deputy_zhong):
    from django.contrib.auth.models import AnonymousUser

    from proposals.models import CongressSession
    from proposals.stats import stats_sessions_visible_to

    for user in (deputy_zhong, AnonymousUser()):
        assert handling_stats(user=user).total.assigned == 0
        assert not stats_sessions_visible_to(user=user).exists()
    CongressSession.objects.update(stats_public=True)
    for user in (deputy_zhong, AnonymousUser()):
        assert handling_stats(user=user).total.assigned == 5
        assert stats_sessions_visible_to(user=user).count() == CongressSession.objects.count()
