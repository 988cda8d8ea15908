"""Staff drive the workflow from the admin: buttons on the change pages and actions with a form
call the services; a refused step shows the service's message and changes nothing."""

import datetime

import pytest
from django.urls import reverse

from proposals import services
from proposals.models import AssignmentState, ExtensionState, ProposalStatus
from proposals.tests.factories import ProposalFactory
from responses.models import Feedback
from responses.services import feedback_record, reply_record
from responses.tests.factories import category

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def assigned(office, huli):
    """Assigned today, so the window to ask for a return is open whenever the suite runs."""
    proposal = ProposalFactory(number="0119", submitted_on=services.today() - datetime.timedelta(days=20))
    [lead] = services.proposal_assign(proposal=proposal, actor=office, lead_unit=huli)
    return lead


def changelist(model="assignment", app="proposals"):
    return reverse(f"admin:{app}_{model}_changelist")


def buttons(response):
    return {step.label for step in response.context.get("workflow_steps", [])}


def test_the_unit_sees_sign_contact_return_and_extension_buttons_on_its_assignment(client, unit_huli, assigned):
    client.force_login(unit_huli)

    response = client.get(reverse("admin:proposals_assignment_change", args=[assigned.pk]))

    assert buttons(response) == {"签收", "记录沟通（面商）", "申请延期", "申请退回"}
    assert 'data-action="sign"' in response.content.decode()


def test_the_office_sees_no_unit_steps_and_a_co_handling_unit_cannot_sign_for_the_lead(
    client, office, unit_other, other_unit, huli
):
    proposal = ProposalFactory(submitted_on=D(2026, 11, 2))
    lead, _ = services.proposal_assign(
        proposal=proposal, actor=office, lead_unit=huli, co_units=[other_unit], assigned_on=D(2026, 11, 24)
    )
    client.force_login(office)
    assert buttons(client.get(reverse("admin:proposals_assignment_change", args=[lead.pk]))) == set()
    client.force_login(unit_other)
    assert buttons(client.get(reverse("admin:proposals_assignment_change", args=[lead.pk]))) == set()


def test_signing_from_the_change_page_goes_back_to_it(client, unit_huli, assigned):
    client.force_login(unit_huli)
    page = reverse("admin:proposals_assignment_change", args=[assigned.pk])

    response = client.post(
        changelist(), {"action": "sign", "_selected_action": assigned.pk, "index": "0", "_return_to": page}
    )

    assert response.status_code == 302 and response["Location"] == page
    assigned.refresh_from_db()
    assert assigned.state == AssignmentState.SIGNED
    assert assigned.proposal.status == ProposalStatus.IN_PROGRESS


def test_asking_to_return_shows_a_reason_form_first_then_returns_it(client, unit_huli, assigned):
    client.force_login(unit_huli)
    selection = {"action": "return_assignment", "_selected_action": assigned.pk, "index": "0"}

    form_page = client.post(changelist(), selection)
    assigned.refresh_from_db()
    assert form_page.status_code == 200 and "退回理由" in form_page.content.decode()
    assert assigned.state == AssignmentState.ASSIGNED

    blank = client.post(changelist(), {**selection, "apply": "1", "reason": ""})
    assert "reason" in blank.context["form"].errors

    client.post(changelist(), {**selection, "apply": "1", "reason": "不属于本单位职责"})
    assigned.refresh_from_db()
    assert (assigned.state, assigned.return_reason) == (AssignmentState.RETURNED, "不属于本单位职责")
    assert assigned.proposal.status == ProposalStatus.REGISTERED


def test_an_extension_past_the_cap_is_the_services_message_on_the_form(client, unit_huli, assigned):
    client.force_login(unit_huli)
    data = {"action": "request_extension", "_selected_action": assigned.pk, "apply": "1", "reason": "需会商"}

    response = client.post(changelist(), {**data, "due_on": str(assigned.due_on + datetime.timedelta(days=400))})

    assert response.status_code == 200
    assert "不能晚于延期上限" in " ".join(response.context["form"].errors["due_on"])
    assigned.refresh_from_db()
    assert assigned.extension_state == ExtensionState.NONE


def test_the_unit_asks_for_an_extension_and_the_office_approves_it(client, unit_huli, office, assigned):
    client.force_login(unit_huli)
    client.post(
        changelist(),
        {
            "action": "request_extension",
            "_selected_action": assigned.pk,
            "apply": "1",
            "reason": "需会商",
            "due_on": str(assigned.due_on + datetime.timedelta(days=30)),
        },
    )
    assigned.refresh_from_db()
    assert assigned.extension_state == ExtensionState.REQUESTED

    client.force_login(office)
    page = client.get(reverse("admin:proposals_assignment_change", args=[assigned.pk]))
    assert {"同意延期", "不同意延期"} <= buttons(page)
    client.post(changelist(), {"action": "approve_extension", "_selected_action": assigned.pk, "index": "0"})

    assigned.refresh_from_db()
    assert assigned.extension_state == ExtensionState.APPROVED
    assert assigned.due_on == assigned.extension_due_on


def test_a_unit_cannot_decide_its_own_extension(client, unit_huli, assigned):
    client.force_login(unit_huli)

    actions = client.get(changelist()).context["action_form"].fields["action"].choices

    assert not {"approve_extension", "refuse_extension"} & {name for name, _ in actions}


def test_the_proposal_page_offers_assign_to_the_office_and_reply_to_the_signed_lead_unit(
    client, office, unit_huli, huli
):
    proposal = ProposalFactory(submitted_on=D(2026, 11, 2))
    client.force_login(office)
    assign = [
        s
        for s in client.get(reverse("admin:proposals_proposal_change", args=[proposal.pk])).context["workflow_steps"]
        if s.label == "交办"
    ]
    assert assign and assign[0].url.endswith(f"?proposal={proposal.pk}")

    [lead] = services.proposal_assign(proposal=proposal, actor=office, lead_unit=huli, assigned_on=D(2026, 11, 24))
    services.assignment_sign(assignment=lead, actor=unit_huli)
    client.force_login(unit_huli)
    response = client.get(reverse("admin:proposals_proposal_change", args=[proposal.pk]))
    assert {"录入答复", "记录沟通（面商）", "申请延期"} <= buttons(response)
    reply_step = next(s for s in response.context["workflow_steps"] if s.label == "录入答复")
    form = client.get(reply_step.url).context["adminform"].form
    assert form.initial["proposal"] == str(proposal.pk)


def test_the_office_orders_rehandling_after_an_unsatisfied_rating(client, office, unit_huli, huli):
    proposal = ProposalFactory(submitted_on=D(2026, 8, 2))
    [lead] = services.proposal_assign(proposal=proposal, actor=office, lead_unit=huli, assigned_on=D(2026, 8, 10))
    services.assignment_sign(assignment=lead, actor=unit_huli, signed_on=D(2026, 8, 11))
    reply = reply_record(
        proposal=proposal,
        actor=unit_huli,
        document_number="湖府函1号",
        category=category("C"),
        issued_on=D(2026, 11, 2),
    )
    feedback_record(reply=reply, actor=office, attitude="satisfied", result="unsatisfied", rated_on=D(2026, 11, 20))
    client.force_login(office)
    url = reverse("admin:proposals_proposal_changelist")

    form_page = client.post(url, {"action": "order_rehandling", "_selected_action": proposal.pk, "index": "0"})
    assert "交办重新办理日期" in form_page.content.decode()
    client.post(
        url, {"action": "order_rehandling", "_selected_action": proposal.pk, "apply": "1", "ordered_on": "2026-11-25"}
    )

    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.REHANDLING
    assert Feedback.objects.count() == 1


def test_ordering_rehandling_without_an_unsatisfied_rating_is_refused_with_the_services_message(
    client, office, assigned
):
    client.force_login(office)
    url = reverse("admin:proposals_proposal_changelist")

    response = client.post(
        url,
        {
            "action": "order_rehandling",
            "_selected_action": assigned.proposal_id,
            "apply": "1",
            "ordered_on": "2026-11-25",
        },
    )

    assert "只有“已答复”的建议可以交由重新办理" in " ".join(response.context["form"].non_field_errors())
    assigned.proposal.refresh_from_db()
    assert assigned.proposal.status == ProposalStatus.ASSIGNED
