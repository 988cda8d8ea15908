"""The admin for sessions, deputies, units, proposals, assignments and contacts, as office staff use it."""

import datetime

import pytest
from django.urls import reverse

from proposals import services
from proposals.models import (
    Assignment,
    AssignmentRole,
    AssignmentState,
    CongressSession,
    Contact,
    Proposal,
    ProposalStatus,
)
from proposals.tests.factories import (
    AssignmentFactory,
    CongressSessionFactory,
    ContactFactory,
    DeputyFactory,
    HandlingUnitFactory,
    ProposalFactory,
)

pytestmark = pytest.mark.django_db

FACTORIES = {
    "congresssession": CongressSessionFactory,
    "deputy": DeputyFactory,
    "handlingunit": HandlingUnitFactory,
    "proposal": ProposalFactory,
    "assignment": AssignmentFactory,
    "contact": ContactFactory,
}
NOT_DELETABLE = ["proposal", "assignment", "contact"]


def admin_url(model, view, *args):
    return reverse(f"admin:proposals_{model}_{view}", args=args)


@pytest.mark.parametrize("model", FACTORIES)
def test_office_can_open_list_add_change_and_history_pages(client, office, model):
    obj = FACTORIES[model]()
    client.force_login(office)

    for url in [
        admin_url(model, "changelist"),
        admin_url(model, "add"),
        admin_url(model, "change", obj.pk),
        admin_url(model, "history", obj.pk),
    ]:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("model", NOT_DELETABLE)
def test_workflow_records_cannot_be_deleted_from_the_admin(client, office, model):
    obj = FACTORIES[model]()
    client.force_login(office)

    assert client.get(admin_url(model, "delete", obj.pk)).status_code == 403
    changelist = client.get(admin_url(model, "changelist"))
    action_form = changelist.context["action_form"]
    actions = [name for name, _ in action_form.fields["action"].choices] if action_form else []
    assert "delete_selected" not in actions
    assert type(obj).objects.filter(pk=obj.pk).exists()


def test_a_deputy_is_sent_to_the_admin_login(client, deputy_zhong):
    client.force_login(deputy_zhong)

    response = client.get(admin_url("proposal", "changelist"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


# -- proposals ------------------------------------------------------------------------------


def proposal_form(session, deputy, **overrides):
    data = {
        "session": session.pk,
        "number": "0119",
        "title": "关于优化湖里区产业结构的建议",
        "lead_deputy": deputy.pk,
        "co_deputies": [],
        "submitted_on": "2025-01-12",
        "topic": "经济",
        "body": "建议内容",
        # the read-only assignments and replies inlines
        "assignments-TOTAL_FORMS": "0",
        "assignments-INITIAL_FORMS": "0",
        "replies-TOTAL_FORMS": "0",
        "replies-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def test_adding_a_proposal_registers_it_with_its_co_deputies(client, office):
    session = CongressSessionFactory()
    lead, co = DeputyFactory(), DeputyFactory()
    client.force_login(office)

    response = client.post(admin_url("proposal", "add"), proposal_form(session, lead, co_deputies=[co.pk, lead.pk]))

    assert response.status_code == 302
    proposal = Proposal.objects.get(session=session, number="0119")
    assert proposal.status == ProposalStatus.REGISTERED
    # proposal_register leaves the lead deputy out of the co-signers
    assert list(proposal.co_deputies.all()) == [co]
    assert proposal.history.first().history_user == office


def test_a_duplicate_number_in_the_session_is_a_form_error(client, office):
    existing = ProposalFactory(number="0119")
    client.force_login(office)

    response = client.post(admin_url("proposal", "add"), proposal_form(existing.session, DeputyFactory()))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert Proposal.objects.count() == 1


def test_the_status_cannot_be_posted(client, office):
    proposal = ProposalFactory()
    client.force_login(office)
    data = proposal_form(proposal.session, proposal.lead_deputy, number=proposal.number, status="closed")

    response = client.post(admin_url("proposal", "change", proposal.pk), data)

    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.REGISTERED


def test_a_session_closing_before_it_opens_is_a_form_error(client, office):
    client.force_login(office)
    data = {
        "body": "厦门市人民代表大会",
        "term": "16",
        "sitting": "9",
        "name": "市十六届人大九次会议",
        "opened_on": "2025-01-14",
        "closed_on": "2025-01-10",
    }

    response = client.post(admin_url("congresssession", "add"), data)

    assert response.status_code == 200
    assert "closed_on" in response.context["adminform"].form.errors
    assert not CongressSession.objects.filter(name="市十六届人大九次会议").exists()


def test_the_proposal_list_runs_a_fixed_number_of_queries(client, office, huli, django_assert_max_num_queries):
    client.force_login(office)
    url = admin_url("proposal", "changelist")
    for rows in (3, 30):
        for _ in range(rows - Proposal.objects.count()):
            assignment = AssignmentFactory(unit=huli)
            assignment.proposal.co_deputies.add(DeputyFactory())
        with django_assert_max_num_queries(14):
            response = client.get(url)
        assert response.status_code == 200
        assert len(response.context["cl"].result_list) == rows
    assert huli.name in response.content.decode()


# -- assignments ----------------------------------------------------------------------------


def test_adding_an_assignment_assigns_the_proposal_through_the_workflow(client, office, huli, other_unit):
    proposal = ProposalFactory()
    client.force_login(office)

    response = client.post(
        admin_url("assignment", "add"),
        {"proposal": proposal.pk, "unit": huli.pk, "co_units": [other_unit.pk], "assigned_on": "2025-02-10"},
    )

    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ASSIGNED
    lead = proposal.assignments.get(role=AssignmentRole.LEAD)
    assert (lead.unit, lead.assigned_on, lead.assigned_by) == (huli, datetime.date(2025, 2, 10), office)
    # three months from 交办, rolled to the Monday when the calendar says so
    assert datetime.date(2025, 5, 10) <= lead.due_on <= datetime.date(2025, 5, 12)
    assert proposal.assignments.get(role=AssignmentRole.CO_HANDLING).unit == other_unit


def test_assigning_an_assigned_proposal_again_is_a_form_error(client, office, huli, other_unit):
    proposal = ProposalFactory()
    services.proposal_assign(proposal=proposal, actor=office, lead_unit=huli, assigned_on=datetime.date(2025, 2, 10))
    client.force_login(office)

    response = client.post(
        admin_url("assignment", "add"),
        {"proposal": proposal.pk, "unit": other_unit.pk, "assigned_on": "2025-02-11"},
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.non_field_errors()
    assert "只有“已登记”的建议可以交办" in " ".join(errors)
    assert proposal.assignments.count() == 1


def test_an_assignment_date_before_submission_is_a_field_error(client, office, huli):
    proposal = ProposalFactory(submitted_on=datetime.date(2025, 1, 12))
    client.force_login(office)

    response = client.post(
        admin_url("assignment", "add"), {"proposal": proposal.pk, "unit": huli.pk, "assigned_on": "2025-01-01"}
    )

    assert response.status_code == 200
    assert "assigned_on" in response.context["adminform"].form.errors
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.REGISTERED
    assert not Assignment.objects.exists()


def test_an_assignment_change_page_has_nothing_that_moves_the_workflow(client, office):
    assignment = AssignmentFactory()
    client.force_login(office)

    form = client.get(admin_url("assignment", "change", assignment.pk)).context["adminform"].form

    assert not {"state", "unit", "proposal", "due_on", "assigned_on", "signed_on"} & set(form.fields)


def test_unit_staff_sign_for_an_assignment_with_the_admin_action(client, office, unit_huli, huli):
    proposal = ProposalFactory()
    [assignment] = services.proposal_assign(
        proposal=proposal, actor=office, lead_unit=huli, assigned_on=datetime.date(2025, 2, 10)
    )
    client.force_login(unit_huli)

    client.post(admin_url("assignment", "changelist"), {"action": "sign", "_selected_action": [assignment.pk]})

    assignment.refresh_from_db()
    proposal.refresh_from_db()
    assert assignment.state == AssignmentState.SIGNED
    assert proposal.status == ProposalStatus.IN_PROGRESS


def test_a_refused_action_is_a_message_not_an_error_page(client, office, huli, other_unit, unit_other):
    proposal = ProposalFactory()
    lead, _ = services.proposal_assign(
        proposal=proposal, actor=office, lead_unit=huli, co_units=[other_unit], assigned_on=datetime.date(2025, 2, 10)
    )
    # the co-handling unit sees the lead unit's assignment, but may not sign for it
    client.force_login(unit_other)

    response = client.post(
        admin_url("assignment", "changelist"),
        {"action": "sign", "_selected_action": [lead.pk], "index": "0"},
        follow=True,
    )

    assert response.status_code == 200
    assert "只有湖里区人民政府的工作人员可以执行此操作" in response.content.decode()
    lead.refresh_from_db()
    assert lead.state == AssignmentState.ASSIGNED


def test_the_office_is_not_offered_the_units_sign_action(client, office, huli):
    proposal = ProposalFactory()
    [assignment] = services.proposal_assign(
        proposal=proposal, actor=office, lead_unit=huli, assigned_on=datetime.date(2025, 2, 10)
    )
    client.force_login(office)

    changelist = client.get(admin_url("assignment", "changelist"))
    client.post(admin_url("assignment", "changelist"), {"action": "sign", "_selected_action": [assignment.pk]})

    actions = [name for name, _ in changelist.context["action_form"].fields["action"].choices]
    assert "sign" not in actions
    assert {"approve_extension", "refuse_extension"} <= set(actions)
    assignment.refresh_from_db()
    assert assignment.state == AssignmentState.ASSIGNED


# -- contacts -------------------------------------------------------------------------------


def test_adding_a_contact_records_it_with_the_user(client, office):
    assignment = AssignmentFactory()
    client.force_login(office)

    response = client.post(
        admin_url("contact", "add"),
        {"assignment": assignment.pk, "kind": "phone", "contacted_on": "2025-03-01", "notes": "电话沟通"},
    )

    assert response.status_code == 302
    contact = Contact.objects.get()
    assert (contact.kind, contact.recorded_by) == ("phone", office)


def test_a_contact_before_the_assignment_is_a_field_error(client, office):
    assignment = AssignmentFactory(assigned_on=datetime.date(2025, 2, 10))
    client.force_login(office)

    response = client.post(
        admin_url("contact", "add"), {"assignment": assignment.pk, "kind": "phone", "contacted_on": "2025-02-01"}
    )

    assert response.status_code == 200
    assert "contacted_on" in response.context["adminform"].form.errors
    assert not Contact.objects.exists()


def test_an_old_version_can_be_viewed_but_not_restored(client, office, huli):
    proposal = ProposalFactory()
    first_version = proposal.history.get()
    services.proposal_assign(proposal=proposal, actor=office, lead_unit=huli, assigned_on=datetime.date(2025, 2, 10))
    client.force_login(office)
    url = reverse("admin:proposals_proposal_simple_history", args=[proposal.pk, first_version.history_id])

    assert client.get(url).status_code == 200
    data = proposal_form(proposal.session, proposal.lead_deputy, number=proposal.number)
    assert client.post(url, data).status_code == 403
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ASSIGNED


def test_co_handling_units_are_picked_with_the_unit_autocomplete(client, office, huli):
    client.force_login(office)

    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "proposals", "model_name": "assignment", "field_name": "unit", "term": "湖里"},
    )

    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == [huli.name]


def test_a_database_conflict_while_saving_is_a_form_error_not_a_500(client, office, monkeypatch):
    from django.db import IntegrityError

    register = services.proposal_register

    def conflict(**kwargs):
        register(**kwargs)  # writes, then the database refuses the next write
        raise IntegrityError("duplicate key value violates unique constraint")

    monkeypatch.setattr(services, "proposal_register", conflict)
    session = CongressSessionFactory()
    client.force_login(office)

    response = client.post(admin_url("proposal", "add"), proposal_form(session, DeputyFactory()))

    assert response.status_code == 200
    assert "保存时发生冲突" in " ".join(response.context["adminform"].form.non_field_errors())
    assert not Proposal.objects.exists()
