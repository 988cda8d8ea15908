"""The proposal list staff work from: due dates with days left, filters, search, a fixed query count."""

import datetime

import pytest
from django.urls import reverse

from proposals import services
from proposals.models import Assignment, Proposal
from proposals.tests.factories import AssignmentFactory, DeputyFactory, HandlingUnitFactory, ProposalFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 27)
URL = "admin:proposals_proposal_changelist"


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr(services, "today", lambda: TODAY)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


def assigned(unit, *, due_on, confirmed=True, **proposal):
    proposal = ProposalFactory(status="in_progress", **proposal)
    AssignmentFactory(proposal=proposal, unit=unit, due_on=due_on, due_confirmed=confirmed, state="signed")
    return proposal


def row_of(response, proposal):
    html = response.content.decode()
    start = html.index(f">{proposal.number}<")
    return html[start : html.index("</tr>", start)]


def test_the_list_shows_number_title_deputy_unit_status_and_days_left(client, office, huli):
    proposal = assigned(huli, due_on=TODAY + datetime.timedelta(days=30), lead_deputy=DeputyFactory(name="钟庆达"))
    client.force_login(office)

    row = row_of(client.get(reverse(URL)), proposal)

    for text in (proposal.title, "钟庆达", huli.name, "办理中", "2026-12-27", "剩30天"):
        assert text in row
    assert "#ba2121" not in row and "#b45f06" not in row


def test_an_overdue_proposal_is_red_and_one_due_within_a_week_amber(client, office, huli):
    late = assigned(huli, due_on=TODAY - datetime.timedelta(days=3))
    soon = assigned(huli, due_on=TODAY + datetime.timedelta(days=5))
    client.force_login(office)

    response = client.get(reverse(URL))

    assert "逾期3天" in row_of(response, late) and "#ba2121" in row_of(response, late)
    assert "剩5天" in row_of(response, soon) and "#b45f06" in row_of(response, soon)


def test_a_replied_proposal_shows_its_date_without_a_countdown(client, office, huli):
    proposal = assigned(huli, due_on=TODAY - datetime.timedelta(days=3))
    Proposal.objects.filter(pk=proposal.pk).update(status="replied")
    client.force_login(office)

    row = row_of(client.get(reverse(URL)), proposal)

    assert "2026-11-24" in row and "逾期" not in row


def test_a_due_date_on_a_provisional_calendar_is_marked(client, office, huli):
    proposal = assigned(huli, due_on=TODAY + datetime.timedelta(days=60), confirmed=False)
    client.force_login(office)

    assert "日历未确认" in row_of(client.get(reverse(URL)), proposal)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"due": "overdue"}, {"late"}),
        ({"due": "week"}, {"soon"}),
        ({"due": "unconfirmed"}, {"later"}),
        ({"status": "registered"}, {"registered"}),
        ({"topic": "城市交通"}, {"soon"}),
        ({"is_key__exact": "1"}, {"late"}),
    ],
)
def test_the_filters(client, office, huli, params, expected):
    proposals = {
        "late": assigned(huli, due_on=TODAY - datetime.timedelta(days=1), is_key=True),
        "soon": assigned(huli, due_on=TODAY + datetime.timedelta(days=7), topic="城市交通"),
        "later": assigned(huli, due_on=TODAY + datetime.timedelta(days=8), confirmed=False),
        "registered": ProposalFactory(),
    }
    client.force_login(office)

    response = client.get(reverse(URL), params)

    assert set(response.context["cl"].result_list) == {proposals[k] for k in expected}


def test_filtering_by_unit_finds_co_handled_proposals_too(client, office, huli, other_unit):
    lead_elsewhere = assigned(other_unit, due_on=TODAY)
    AssignmentFactory(proposal=lead_elsewhere, unit=huli, role="co_handling")
    assigned(other_unit, due_on=TODAY)
    client.force_login(office)

    response = client.get(reverse(URL), {"assignments__unit__id__exact": huli.pk})

    assert list(response.context["cl"].result_list) == [lead_elsewhere]


@pytest.mark.parametrize("term", ["0119", "产业结构", "钟庆达", "林晓梅"])
def test_search_by_number_title_and_lead_or_co_deputy(client, office, term):
    wanted = ProposalFactory(
        number="0119", title="关于优化湖里区产业结构的建议", lead_deputy=DeputyFactory(name="钟庆达")
    )
    wanted.co_deputies.add(DeputyFactory(name="林晓梅"))
    ProposalFactory(number="0120", title="关于其他事项的建议")
    client.force_login(office)

    response = client.get(reverse(URL), {"q": term})

    assert list(response.context["cl"].result_list) == [wanted]


@pytest.mark.parametrize("username", ["office", "unit_huli"])
def test_the_list_runs_the_same_queries_for_3_rows_and_30_and_never_counts_the_table(
    request, client, huli, username, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(request.getfixturevalue(username))
    counts = []
    for rows in (3, 30):
        for _ in range(rows - Proposal.objects.count()):
            proposal = assigned(huli, due_on=TODAY, lead_deputy=DeputyFactory())
            proposal.co_deputies.add(DeputyFactory())
            AssignmentFactory(proposal=proposal, unit=HandlingUnitFactory(), role="co_handling")
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse(URL))
        assert len(response.context["cl"].result_list) == rows
        counts.append(len(queries))
        # the paginator counts the filtered rows; nothing counts the whole table on its own
        unfiltered = [q["sql"] for q in queries if "COUNT(*)" in q["sql"].upper() and "WHERE" not in q["sql"].upper()]
        if username == "unit_huli":
            assert unfiltered == []
    assert counts[0] == counts[1] <= 15  # measured: 13 for the office, 14 for a unit
    assert not response.context["cl"].show_full_result_count
    with django_assert_num_queries(counts[1]):
        client.get(reverse(URL))
    assert Assignment.objects.count() == 60


def test_the_due_this_week_filter_takes_monday_to_sunday(client, office, huli):
    import datetime

    from django.utils import timezone

    from proposals.models import Assignment
    from proposals.services import proposal_assign
    from proposals.tests.factories import ProposalFactory

    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    inside, outside = (
        ProposalFactory(submitted_on=datetime.date(2025, 1, 12)),
        ProposalFactory(submitted_on=datetime.date(2025, 1, 12)),
    )
    for proposal, due in (
        (inside, monday + datetime.timedelta(days=6)),
        (outside, monday + datetime.timedelta(days=7)),
    ):
        proposal_assign(proposal=proposal, actor=office, lead_unit=huli, assigned_on=datetime.date(2025, 2, 10))
        Assignment.objects.filter(proposal=proposal).update(due_on=due)
    client.force_login(office)
    response = client.get("/admin/proposals/proposal/?due=this_week")
    assert [p.pk for p in response.context["cl"].result_list] == [inside.pk]
