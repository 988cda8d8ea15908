"""Workflow steps on proposals and assignments through the API: allowed, refused by state,
refused by role, invalid input. Each goes through the services; a refusal changes nothing."""

import datetime

import pytest

from proposals.api.testing import api, fresh_throttles  # noqa: F401
from proposals.models import Assignment, Proposal, ProposalStatus
from proposals.services import assignment_extension_request, assignment_sign, proposal_assign, proposal_register
from proposals.tests.factories import CongressSessionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_throttles")]

D = datetime.date
TODAY = D(2026, 11, 27)


@pytest.fixture
def session(db):
    return CongressSessionFactory(name="测试会议")


@pytest.fixture
def registered(office, session, deputy_zhong):
    return proposal_register(
        actor=office,
        session=session,
        number="0119",
        title="关于湖里区工业产业结构优化的建议",
        lead_deputy=deputy_zhong.deputy,
        submitted_on=D(2026, 11, 2),
    )


@pytest.fixture
def lead(registered, office, huli, other_unit):
    """The 湖里区 lead assignment of a proposal assigned today (工信局 co-handling)."""
    return proposal_assign(proposal=registered, actor=office, lead_unit=huli, co_units=[other_unit])[0]


def assert_error(response, status, code, field=None):
    assert response.status_code == status, response.content.decode()
    body = response.json()
    assert body["code"] == code
    assert body["detail"]
    if field:
        assert field in body["fields"], body


# --- create ---------------------------------------------------------------------------------


def proposal_body(session, deputy, **extra):
    return {
        "session": session.pk,
        "number": "0007",
        "title": "关于增设托育点的建议",
        "lead_deputy": deputy.pk,
        "co_deputies": [],
        "submitted_on": "2026-11-20",
    } | extra


def test_the_office_registers_a_proposal_keeping_its_leading_zeros(office, session, deputy_zhong, deputy_other):
    body = proposal_body(session, deputy_zhong.deputy, co_deputies=[deputy_other.deputy.pk])
    response = api(office).post("/api/v1/proposals/", body, format="json")
    assert response.status_code == 201, response.content.decode()
    row = response.json()
    assert (row["number"], row["status"], row["assignments"]) == ("0007", "registered", [])
    assert [d["name"] for d in row["co_deputies"]] == ["林其他"]


@pytest.mark.parametrize("username", ["supervisor", "unit_huli", "deputy_zhong"])
def test_only_the_office_registers_proposals(request, session, deputy_zhong, username):
    response = api(request.getfixturevalue(username)).post(
        "/api/v1/proposals/", proposal_body(session, deputy_zhong.deputy), format="json"
    )
    assert_error(response, 403, "forbidden")
    assert not Proposal.objects.exists()


def test_a_proposal_without_a_title_or_with_a_taken_number_is_refused(office, session, registered, deputy_zhong):
    client = api(office)
    response = client.post("/api/v1/proposals/", proposal_body(session, deputy_zhong.deputy, title=""), format="json")
    assert_error(response, 400, "invalid", "title")
    taken = proposal_body(session, deputy_zhong.deputy, number="0119")
    assert_error(client.post("/api/v1/proposals/", taken, format="json"), 400, "invalid", "non_field_errors")
    future = proposal_body(session, deputy_zhong.deputy, submitted_on="2026-13-01")
    assert_error(client.post("/api/v1/proposals/", future, format="json"), 400, "invalid", "submitted_on")
    assert Proposal.objects.count() == 1


# --- assign ---------------------------------------------------------------------------------


def test_the_office_assigns_a_proposal_and_sees_the_due_dates(office, registered, huli, other_unit):
    url = f"/api/v1/proposals/{registered.pk}/assign/"
    body = {"lead_unit": huli.pk, "co_units": [other_unit.pk], "assigned_on": "2026-11-27"}
    response = api(office).post(url, body, format="json")
    assert response.status_code == 200, response.content.decode()
    row = response.json()
    assert row["status"] == "assigned"
    lead, co = row["assignments"]
    assert (lead["role"], lead["due_on"], co["role"], co["due_on"]) == (
        "lead",
        "2027-03-01",
        "co_handling",
        "2027-01-27",
    )
    assert "2027-02-27" in lead["due_explanation"]  # a Saturday, rolled to the Monday


def test_assigning_an_assigned_proposal_again_is_refused(office, lead, other_unit):
    response = api(office).post(f"/api/v1/proposals/{lead.proposal_id}/assign/", {"lead_unit": other_unit.pk})
    assert_error(response, 400, "invalid_state")
    assert Assignment.objects.count() == 2


def test_a_unit_cannot_assign(unit_huli, registered, huli):
    response = api(unit_huli).post(f"/api/v1/proposals/{registered.pk}/assign/", {"lead_unit": huli.pk})
    assert_error(response, 403, "forbidden")


def test_assigning_to_an_unknown_unit_or_in_the_future_is_refused(office, registered, huli):
    client = api(office)
    url = f"/api/v1/proposals/{registered.pk}/assign/"
    assert_error(client.post(url, {"lead_unit": 99999}), 400, "invalid", "lead_unit")
    assert_error(client.post(url, {"lead_unit": huli.pk, "assigned_on": "2026-12-01"}), 400, "invalid")
    assert Proposal.objects.get().status == ProposalStatus.REGISTERED


# --- sign -----------------------------------------------------------------------------------


def test_the_lead_unit_signs_for_its_assignment_and_the_proposal_is_in_progress(unit_huli, lead):
    response = api(unit_huli).post(f"/api/v1/assignments/{lead.pk}/sign/", {}, format="json")
    assert response.status_code == 200, response.content.decode()
    assert (response.json()["state"], response.json()["signed_on"]) == ("signed", "2026-11-27")
    assert response.json()["proposal"]["status"] == "in_progress"


def test_signing_twice_is_refused(unit_huli, lead):
    assignment_sign(assignment=lead, actor=unit_huli)
    assert_error(api(unit_huli).post(f"/api/v1/assignments/{lead.pk}/sign/"), 400, "invalid_state")


@pytest.mark.parametrize("username", ["unit_other", "deputy_zhong", "office"])
def test_only_the_units_staff_sign_for_it(request, lead, username):
    response = api(request.getfixturevalue(username)).post(f"/api/v1/assignments/{lead.pk}/sign/")
    assert_error(response, 403, "forbidden")
    assert Assignment.objects.get(pk=lead.pk).state == "assigned"


def test_a_future_or_malformed_signing_date_is_refused(unit_huli, lead):
    client = api(unit_huli)
    assert_error(client.post(f"/api/v1/assignments/{lead.pk}/sign/", {"signed_on": "2026-12-25"}), 400, "invalid")
    assert_error(
        client.post(f"/api/v1/assignments/{lead.pk}/sign/", {"signed_on": "soon"}), 400, "invalid", "signed_on"
    )


def test_a_unit_cannot_even_see_an_assignment_of_a_proposal_it_does_not_handle(unit_other, office, registered, huli):
    (only,) = proposal_assign(proposal=registered, actor=office, lead_unit=huli)
    assert api(unit_other).post(f"/api/v1/assignments/{only.pk}/sign/").status_code == 404


# --- return ---------------------------------------------------------------------------------


def test_the_lead_unit_returns_a_wrongly_assigned_proposal(unit_huli, lead):
    response = api(unit_huli).post(f"/api/v1/assignments/{lead.pk}/return/", {"reason": "不属本单位职责"})
    assert response.status_code == 200, response.content.decode()
    assert response.json()["state"] == "returned"
    assert Proposal.objects.get().status == ProposalStatus.REGISTERED


def test_returning_twice_is_refused(unit_huli, lead):
    client = api(unit_huli)
    client.post(f"/api/v1/assignments/{lead.pk}/return/", {"reason": "不属本单位职责"})
    # Once returned, the assignment is no longer the unit's to see.
    assert client.post(f"/api/v1/assignments/{lead.pk}/return/", {"reason": "再退"}).status_code == 404


def test_a_deputy_cannot_return_an_assignment(deputy_zhong, lead):
    response = api(deputy_zhong).post(f"/api/v1/assignments/{lead.pk}/return/", {"reason": "x"})
    assert_error(response, 403, "forbidden")


def test_a_return_without_a_reason_is_refused(unit_huli, lead):
    assert_error(api(unit_huli).post(f"/api/v1/assignments/{lead.pk}/return/", {}), 400, "invalid", "reason")
    assert_error(
        api(unit_huli).post(f"/api/v1/assignments/{lead.pk}/return/", {"reason": " "}), 400, "invalid", "reason"
    )
    assert Assignment.objects.get(pk=lead.pk).state == "assigned"


# --- extend and decide ------------------------------------------------------------------------


def test_the_lead_unit_asks_for_an_extension_and_the_office_approves_it(unit_huli, office, lead):
    body = {"due_on": "2027-04-30", "reason": "需会商相关部门"}
    response = api(unit_huli).post(f"/api/v1/assignments/{lead.pk}/extend/", body)
    assert response.status_code == 200, response.content.decode()
    assert (response.json()["extension_state"], response.json()["due_on"]) == ("requested", "2027-03-01")
    response = api(office).post(f"/api/v1/assignments/{lead.pk}/extend/decide/", {"approve": True})
    assert response.status_code == 200, response.content.decode()
    assert (response.json()["extension_state"], response.json()["due_on"]) == ("approved", "2027-04-30")
    assert "2027-04-30" in response.json()["due_explanation"]


def test_a_second_request_while_one_is_pending_and_a_decision_without_request_are_refused(unit_huli, office, lead):
    assert_error(
        api(office).post(f"/api/v1/assignments/{lead.pk}/extend/decide/", {"approve": True}), 400, "invalid_state"
    )
    assignment_extension_request(assignment=lead, actor=unit_huli, reason="会商", due_on=D(2027, 4, 1))
    body = {"due_on": "2027-04-30", "reason": "再次申请"}
    assert_error(api(unit_huli).post(f"/api/v1/assignments/{lead.pk}/extend/", body), 400, "invalid_state")


def test_only_the_lead_unit_asks_and_only_the_office_decides(unit_other, unit_huli, office, lead):
    co = lead.proposal.assignments.get(role="co_handling")
    body = {"due_on": "2027-04-30", "reason": "会商"}
    assert_error(api(unit_other).post(f"/api/v1/assignments/{co.pk}/extend/", body), 400, "invalid_state")
    assert_error(api(office).post(f"/api/v1/assignments/{lead.pk}/extend/", body), 403, "forbidden")
    assignment_extension_request(assignment=lead, actor=unit_huli, reason="会商", due_on=D(2027, 4, 1))
    assert_error(
        api(unit_huli).post(f"/api/v1/assignments/{lead.pk}/extend/decide/", {"approve": True}), 403, "forbidden"
    )


def test_an_extension_past_the_statutory_cap_or_without_a_decision_value_is_refused(unit_huli, office, lead):
    body = {"due_on": "2027-06-30", "reason": "会商"}
    assert_error(api(unit_huli).post(f"/api/v1/assignments/{lead.pk}/extend/", body), 400, "invalid", "due_on")
    assignment_extension_request(assignment=lead, actor=unit_huli, reason="会商", due_on=D(2027, 4, 1))
    assert_error(api(office).post(f"/api/v1/assignments/{lead.pk}/extend/decide/", {}), 400, "invalid", "approve")
    assert Assignment.objects.get(pk=lead.pk).extension_state == "requested"
