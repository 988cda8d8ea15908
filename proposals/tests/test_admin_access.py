"""Row-level access in the admin: each role on each list, change page, history, autocomplete,
filter, action and export. Huli's proposal is seen by the offices and Huli only; the other
unit's proposal by the offices and the other unit only; deputies have no admin at all."""

import datetime

import pytest
from django.urls import reverse

from proposals import services
from proposals.models import AssignmentState
from proposals.tests.factories import ContactFactory, ProposalFactory
from responses.models import Feedback
from responses.tests.factories import (
    CommitmentFactory,
    FeedbackFactory,
    MeasureFactory,
    ProgressUpdateFactory,
    ReplyFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date


class World:
    """One proposal per unit, each with every kind of record hanging on it."""

    def __init__(self, office, unit, number):
        self.proposal = ProposalFactory(number=number, title=f"关于第{number}号事项的建议")
        [self.assignment] = services.proposal_assign(
            proposal=self.proposal, actor=office, lead_unit=unit, assigned_on=D(2025, 2, 10)
        )
        self.contact = ContactFactory(assignment=self.assignment)
        self.reply = ReplyFactory(proposal=self.proposal, unit=unit, document_number=f"文号〔2025〕{number}号")
        self.measure = MeasureFactory(reply=self.reply)
        self.commitment = CommitmentFactory(reply=self.reply, text=f"承诺{number}")
        self.progressupdate = ProgressUpdateFactory(commitment=self.commitment)
        self.feedback = FeedbackFactory(reply=self.reply, deputy=self.proposal.lead_deputy)

    def record(self, model):
        return getattr(self, model)


@pytest.fixture
def world(office, huli, other_unit):
    return {"huli": World(office, huli, "0119"), "other": World(office, other_unit, "0200")}


MODELS = {
    "proposal": "proposals",
    "assignment": "proposals",
    "contact": "proposals",
    "reply": "responses",
    "measure": "responses",
    "commitment": "responses",
    "progressupdate": "responses",
    "feedback": "responses",
}
EXPORTED = ["proposal", "reply", "commitment"]
SEES = {
    "office": {"huli", "other"},
    "supervisor": {"huli", "other"},
    "unit_huli": {"huli"},
    "unit_other": {"other"},
}


def url(model, view, *args):
    return reverse(f"admin:{MODELS[model]}_{model}_{view}", args=args)


@pytest.mark.parametrize("username", SEES)
@pytest.mark.parametrize("model", MODELS)
def test_each_list_shows_exactly_the_rows_of_the_roles_proposals(request, client, world, username, model):
    client.force_login(request.getfixturevalue(username))

    response = client.get(url(model, "changelist"))

    assert response.status_code == 200
    shown = {obj.pk for obj in response.context["cl"].result_list}
    assert shown == {world[key].record(model).pk for key in SEES[username]}


@pytest.mark.parametrize("username", SEES)
@pytest.mark.parametrize("model", MODELS)
def test_a_change_page_or_history_outside_the_roles_rows_is_a_404(request, client, world, username, model):
    client.force_login(request.getfixturevalue(username))

    for key, record in ((k, world[k].record(model)) for k in world):
        expected = 200 if key in SEES[username] else 404
        assert client.get(url(model, "change", record.pk)).status_code == expected
        assert client.get(url(model, "history", record.pk)).status_code == expected
        version = record.history.first().history_id
        history_form = reverse(f"admin:{MODELS[model]}_{model}_simple_history", args=[record.pk, version])
        assert client.get(history_form).status_code == expected


@pytest.mark.parametrize("model", MODELS)
def test_a_deputy_has_no_admin_page_at_all(client, world, deputy_zhong, model):
    client.force_login(deputy_zhong)
    record = world["huli"].record(model)

    addresses = [url(model, "changelist"), url(model, "change", record.pk)]
    if model in EXPORTED:
        addresses.append(url(model, "export"))
    for address in addresses:
        response = client.get(address)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize(
    ("model", "field", "term", "number"),
    [
        ("reply", "proposal", "0119", "0119"),  # ReplyAdmin.proposal -> ProposalAdmin
        ("contact", "assignment", "0119", "0119"),  # ContactAdmin.assignment -> AssignmentAdmin
        ("progressupdate", "commitment", "承诺0119", "0119"),  # -> CommitmentAdmin
        ("measure", "reply", "0119", "0119"),  # -> ReplyAdmin
    ],
)
def test_autocomplete_offers_another_units_records_to_nobody_but_the_offices(
    client, world, office, unit_other, model, field, term, number
):
    params = {"app_label": MODELS[model], "model_name": model, "field_name": field, "term": term}

    client.force_login(unit_other)
    assert client.get(reverse("admin:autocomplete"), params).json()["results"] == []
    client.force_login(office)
    assert len(client.get(reverse("admin:autocomplete"), params).json()["results"]) == 1


def test_a_unit_cannot_post_another_units_proposal_into_a_reply_form(client, world, unit_other):
    client.force_login(unit_other)

    response = client.post(url("reply", "add"), {"proposal": world["huli"].proposal.pk, "document_number": "x"})

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["proposal"]
    assert "选择一个有效的选项" in " ".join(errors)
    assert "湖里区人民政府" not in response.content.decode()


def test_the_unit_filter_lists_only_units_on_the_roles_own_proposals(client, world, unit_other, huli):
    client.force_login(unit_other)

    page = client.get(url("proposal", "changelist")).content.decode()

    assert "厦门市工业和信息化局" in page
    assert huli.name not in page
    assert "0119" not in page


def test_filtering_a_unit_onto_another_units_proposal_shows_none_of_them(client, world, unit_other, huli):
    client.force_login(unit_other)

    response = client.get(url("proposal", "changelist"), {"assignments__unit__id__exact": huli.pk})

    assert world["huli"].proposal not in response.context["cl"].result_list


def test_an_action_on_a_row_the_unit_does_not_see_does_nothing(client, world, unit_other):
    client.force_login(unit_other)
    huli_assignment = world["huli"].assignment

    client.post(url("assignment", "changelist"), {"action": "sign", "_selected_action": [huli_assignment.pk]})

    huli_assignment.refresh_from_db()
    assert huli_assignment.state == AssignmentState.ASSIGNED


@pytest.mark.parametrize("model", EXPORTED)
@pytest.mark.parametrize("username", SEES)
def test_the_export_holds_exactly_the_rows_the_role_sees(request, client, world, username, model):
    client.force_login(request.getfixturevalue(username))

    form = client.get(url(model, "export")).context["form"]
    data = {"format": "1", "resource": "0"} | {
        name: "on" for name in form.fields if name.startswith(f"{model}resource_")
    }

    response = client.post(url(model, "export"), data)  # format 1 = CSV

    assert response.status_code == 200, response.content[:500]
    text = response.content.decode("utf-8-sig")
    for key in world:
        marker = {"proposal": world[key].proposal.title, "reply": world[key].reply.document_number}.get(
            model, world[key].commitment.text
        )
        assert (marker in text) == (key in SEES[username]), (key, text)


def test_the_unit_sees_the_replies_of_its_proposal_on_the_proposal_page(client, world, unit_huli):
    client.force_login(unit_huli)

    page = client.get(url("proposal", "change", world["huli"].proposal.pk)).content.decode()

    assert world["huli"].reply.document_number in page
    assert world["other"].reply.document_number not in page


def test_nothing_is_deleted_in_bulk_by_anyone(client, world, office):
    client.force_login(office)
    for model in MODELS:
        action_form = client.get(url(model, "changelist")).context["action_form"]
        actions = [name for name, _ in action_form.fields["action"].choices] if action_form else []
        assert "delete_selected" not in actions, model
    assert Feedback.objects.count() == 2
