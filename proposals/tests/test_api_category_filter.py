"""The category filters read the reply in force, not a reply a re-handling replaced."""

import datetime

import pytest
from rest_framework.test import APIClient

from proposals.services import assignment_sign, proposal_assign, proposal_order_rehandling
from proposals.tests.factories import ProposalFactory
from responses.services import feedback_record, reply_record
from responses.tests.factories import category

D = datetime.date
pytestmark = pytest.mark.django_db


def test_a_rehandled_proposal_counts_by_its_new_reply(office, huli, unit_huli, deputy_zhong, client):
    proposal = ProposalFactory(submitted_on=D(2025, 1, 12), lead_deputy=deputy_zhong.deputy)
    [lead] = proposal_assign(proposal=proposal, actor=office, lead_unit=huli, assigned_on=D(2025, 2, 10))
    assignment_sign(assignment=lead, actor=unit_huli, signed_on=D(2025, 2, 11))
    first = reply_record(
        proposal=proposal, actor=unit_huli, document_number="R1", category=category("C"), issued_on=D(2025, 5, 7)
    )
    feedback_record(
        reply=first, actor=deputy_zhong, attitude="unsatisfied", result="unsatisfied", rated_on=D(2025, 5, 9)
    )
    proposal_order_rehandling(proposal=proposal, actor=office, ordered_on=D(2025, 5, 12))
    reply_record(
        proposal=proposal, actor=unit_huli, document_number="R2", category=category("A"), issued_on=D(2025, 6, 1)
    )
    api = APIClient()
    api.force_authenticate(office)
    ids = {c: [p["id"] for p in api.get(f"/api/v1/proposals/?category={c}").json()["results"]] for c in "AC"}
    assert ids == {"A": [proposal.pk], "C": []}
    client.force_login(office)
    for code, expected in (("A", 1), ("C", 0)):
        response = client.get(f"/admin/proposals/proposal/?reply_category={code}")
        assert response.context["cl"].result_count == expected
