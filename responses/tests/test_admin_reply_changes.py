"""Who may change a reply in the admin: its own unit or the office, while it is in force and unrated."""

import datetime

import pytest

from proposals.services import assignment_sign, proposal_assign
from proposals.tests.factories import ProposalFactory
from responses.models import Reply
from responses.services import feedback_record, reply_record
from responses.tests.factories import category

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def reply(office, huli, other_unit, unit_huli, deputy_zhong):
    proposal = ProposalFactory(submitted_on=D(2025, 1, 12), lead_deputy=deputy_zhong.deputy)
    [lead, _] = proposal_assign(
        proposal=proposal, actor=office, lead_unit=huli, co_units=[other_unit], assigned_on=D(2025, 2, 10)
    )
    assignment_sign(assignment=lead, actor=unit_huli, signed_on=D(2025, 2, 11))
    return reply_record(
        proposal=proposal,
        actor=unit_huli,
        document_number="厦湖府办函〔2025〕103号",
        category=category("A"),
        issued_on=D(2025, 5, 7),
        disclosure="withheld",
    )


def post_change(client, user, reply, **changes):
    client.force_login(user)
    data = {
        "document_number": reply.document_number,
        "category": reply.category_id,
        "disclosure": reply.disclosure,
        "title": "",
        "addressee": "",
        "issuer": "",
        "signer": "",
        "contact_person": "",
        "contact_phone": "",
        "cc": "",
        "opening": "",
        "closing": "",
    }
    for prefix in ("sections", "measures", "commitments", "feedback"):
        data |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
    return client.post(f"/admin/responses/reply/{reply.pk}/change/", data | changes)


def test_a_co_handling_unit_sees_the_lead_units_reply_but_cannot_change_it(client, reply, unit_other):
    client.force_login(unit_other)
    page = client.get(f"/admin/responses/reply/{reply.pk}/change/")
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    response = post_change(client, unit_other, reply, document_number="HACKED", disclosure="public")
    assert response.status_code == 403
    reply.refresh_from_db()
    assert (reply.document_number, reply.disclosure) == ("厦湖府办函〔2025〕103号", "withheld")


def test_the_replying_unit_corrects_its_reply_until_the_deputy_rates_it(client, reply, unit_huli, deputy_zhong):
    assert post_change(client, unit_huli, reply, signer="胡振强").status_code == 302
    assert Reply.objects.get(pk=reply.pk).signer == "胡振强"
    feedback_record(reply=reply, actor=deputy_zhong, attitude="satisfied", result="satisfied", rated_on=D(2025, 5, 20))
    assert post_change(client, unit_huli, reply, category=category("C").pk).status_code == 403
    assert Reply.objects.get(pk=reply.pk).category.code == "A"
