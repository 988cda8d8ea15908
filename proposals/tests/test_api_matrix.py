"""Role x endpoint: every list and detail returns what the caller's role sees, and nothing else,
not even through nested records or filters."""

import pytest

from industry.models import Indicator, Observation, Sector, Target
from proposals.api.testing import ROLES, api, fresh_throttles, ids, results, world_for  # noqa: F401
from proposals.models import CongressSession, Deputy, HandlingUnit
from proposals.tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_throttles")]


@pytest.fixture
def world(request):
    return world_for(request)


# endpoint -> the World attribute holding its records
WORKFLOW_ENDPOINTS = {
    "proposals": "proposals",
    "assignments": "assignments",
    "replies": "replies",
    "commitments": "commitments",
    "progress-updates": "progress",
    "feedback": "feedback",
}
REFERENCE_ENDPOINTS = {
    "sessions": CongressSession,
    "deputies": Deputy,
    "units": HandlingUnit,
    "industry/sectors": Sector,
    "industry/indicators": Indicator,
    "industry/observations": Observation,
    "industry/targets": Target,
}


def all_ids(world, kind):
    return {pk for pks in getattr(world, kind).values() for pk in pks}


@pytest.mark.parametrize("username", ROLES)
@pytest.mark.parametrize("endpoint", list(WORKFLOW_ENDPOINTS))
def test_each_role_lists_and_opens_exactly_the_records_of_its_proposals(request, world, username, endpoint):
    user = request.getfixturevalue(username)
    kind = WORKFLOW_ENDPOINTS[endpoint]
    client = api(user)
    expected = world.expected(kind, username)

    assert ids(client.get(f"/api/v1/{endpoint}/", {"page_size": 500})) == expected
    assert ids(client.get(f"/api/v1/{endpoint}/", {"page_size": 500, "session": world.session.pk})) == expected
    for pk in all_ids(world, kind):
        response = client.get(f"/api/v1/{endpoint}/{pk}/")
        assert response.status_code == (200 if pk in expected else 404), (endpoint, pk)


@pytest.mark.parametrize("username", ROLES)
def test_nested_records_never_reach_past_the_role(request, world, username):
    client = api(request.getfixturevalue(username))
    proposals = world.expected("proposals", username)
    assignments = world.expected("assignments", username)
    replies = world.expected("replies", username)
    commitments = world.expected("commitments", username)

    for row in results(client.get("/api/v1/proposals/", {"page_size": 500})):
        assert {a["id"] for a in row["assignments"]} <= assignments
        assert {r["id"] for r in row["replies"]} <= replies
    for row in results(client.get("/api/v1/assignments/", {"page_size": 500})):
        assert row["proposal"]["id"] in proposals
    for row in results(client.get("/api/v1/replies/", {"page_size": 500})):
        assert row["proposal"]["id"] in proposals
        assert {c["id"] for c in row["commitments"]} <= commitments
    for row in results(client.get("/api/v1/commitments/", {"page_size": 500})):
        assert row["reply"]["id"] in replies
    for row in results(client.get("/api/v1/progress-updates/", {"page_size": 500})):
        assert row["commitment"] in commitments
    for row in results(client.get("/api/v1/feedback/", {"page_size": 500})):
        assert row["reply"]["id"] in replies
    linked = {row["commitment"] for row in results(client.get("/api/v1/industry/targets/", {"page_size": 500}))}
    assert linked - {None} == commitments


@pytest.mark.parametrize("username", ROLES)
@pytest.mark.parametrize(
    ("params", "names"),
    [
        ({"unit": "huli"}, {"huli", "co"}),
        ({"deputy": "zhong"}, {"huli", "co"}),
        ({"disclosure": "public"}, {"huli", "secret"}),
        ({"category": "A"}, {"huli", "secret"}),
        ({"status": "registered"}, {"unassigned"}),
        ({"status": "closed"}, {"huli", "other"}),
    ],
)
def test_filters_only_narrow_what_the_role_sees(request, world, huli, deputy_zhong, username, params, names):
    values = {"huli": huli.pk, "zhong": deputy_zhong.deputy.pk}
    query = {k: values.get(v, v) for k, v in params.items()} | {"page_size": 500}
    client = api(request.getfixturevalue(username))
    expected = {pk for name in names & world.visible[username] for pk in world.proposals[name]}
    assert ids(client.get("/api/v1/proposals/", query)) == expected


@pytest.mark.parametrize("username", ROLES)
@pytest.mark.parametrize("endpoint", list(REFERENCE_ENDPOINTS))
def test_reference_data_and_statistics_are_the_same_for_every_role(request, world, username, endpoint):
    client = api(request.getfixturevalue(username))
    model = REFERENCE_ENDPOINTS[endpoint]
    assert ids(client.get(f"/api/v1/{endpoint}/", {"page_size": 500})) == set(
        model.objects.values_list("pk", flat=True)
    )
    first = model.objects.order_by("pk").first()
    assert client.get(f"/api/v1/{endpoint}/{first.pk}/").status_code == 200


def test_a_login_without_a_role_sees_only_published_public_replies(world):
    client = api(UserFactory(username="journalist"))
    assert ids(client.get("/api/v1/replies/")) == {world.replies["huli"][0], world.replies["secret"][0]}
    for row in results(client.get("/api/v1/replies/")):
        assert row["commitments"] == []
        assert set(row["proposal"]) == {"id", "session", "number", "title", "status"}
    for endpoint in ("proposals", "assignments", "commitments", "progress-updates", "feedback"):
        assert results(client.get(f"/api/v1/{endpoint}/")) == []
    assert {row["commitment"] for row in results(client.get("/api/v1/industry/targets/"))} == {None}


def test_a_deputy_reads_the_withheld_reply_to_a_proposal_they_cosigned(world, deputy_zhong):
    reply = api(deputy_zhong).get(f"/api/v1/replies/{world.replies['co'][0]}/").json()
    assert reply["disclosure"] == "withheld"
    assert reply["proposal"]["number"] == "0120"


def test_a_proposal_carries_its_assignments_due_dates_and_replies(world, unit_huli):
    row = api(unit_huli).get(f"/api/v1/proposals/{world.proposals['co'][0]}/").json()
    assert row["number"] == "0120"
    assert row["session"] == {"id": world.session.pk, "name": "测试市十六届人大五次会议"}
    assert row["lead_deputy"]["name"] == "林其他"
    assert [d["name"] for d in row["co_deputies"]] == ["钟庆达"]
    assert [(a["unit"]["name"], a["role"]) for a in row["assignments"]] == [
        ("厦门市工业和信息化局", "lead"),
        ("湖里区人民政府", "co_handling"),
    ]
    lead = row["assignments"][0]
    assert lead["assigned_on"] == "2026-02-10"
    assert lead["due_on"] == "2026-05-11"
    assert "2026-02-10" in lead["due_explanation"]
    assert lead["calendar_confirmed"] is True
    assert row["replies"] == [
        {
            "id": world.replies["co"][0],
            "document_number": "测府办函〔2026〕120号",
            "category": "B",
            "issued_on": "2026-05-06",
            "disclosure": "withheld",
            "state": "active",
        }
    ]
