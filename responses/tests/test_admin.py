"""The admin for replies, commitments, progress and feedback: workflow steps through the services."""

import datetime

import pytest
from django.urls import reverse

from proposals import services as proposal_services
from proposals.models import Proposal, ProposalStatus
from proposals.tests.factories import ProposalFactory
from responses.models import (
    Commitment,
    CommitmentStatus,
    Feedback,
    ProgressUpdate,
    Reply,
)
from responses.tests.factories import (
    CommitmentFactory,
    FeedbackFactory,
    MeasureFactory,
    ProgressUpdateFactory,
    ReplyFactory,
    category,
)

pytestmark = pytest.mark.django_db

FACTORIES = {
    "replycategory": lambda: category("A"),
    "reply": ReplyFactory,
    "measure": MeasureFactory,
    "commitment": CommitmentFactory,
    "progressupdate": ProgressUpdateFactory,
    "feedback": FeedbackFactory,
}
NOT_DELETABLE = ["reply", "measure", "commitment", "progressupdate", "feedback"]


def admin_url(model, view, *args):
    return reverse(f"admin:responses_{model}_{view}", args=args)


def no_inline_rows(*prefixes):
    return {key: "0" for prefix in prefixes for key in (f"{prefix}-TOTAL_FORMS", f"{prefix}-INITIAL_FORMS")}


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
def test_replies_and_what_hangs_on_them_cannot_be_deleted(client, office, model):
    obj = FACTORIES[model]()
    client.force_login(office)

    assert client.get(admin_url(model, "delete", obj.pk)).status_code == 403
    changelist = client.get(admin_url(model, "changelist"))
    action_form = changelist.context["action_form"]
    actions = [name for name, _ in action_form.fields["action"].choices] if action_form else []
    assert "delete_selected" not in actions
    assert type(obj).objects.filter(pk=obj.pk).exists()


# -- recording a reply ----------------------------------------------------------------------


@pytest.fixture
def signed_proposal(office, unit_huli, huli, other_unit):
    """Proposal 0119, assigned to Huli on 2025-02-10 and signed for on 2025-02-12."""
    proposal = ProposalFactory(number="0119", title="关于优化湖里区产业结构的建议")
    [lead, _] = proposal_services.proposal_assign(
        proposal=proposal,
        actor=office,
        lead_unit=huli,
        co_units=[other_unit],
        assigned_on=datetime.date(2025, 2, 10),
    )
    proposal_services.assignment_sign(assignment=lead, actor=unit_huli, signed_on=datetime.date(2025, 2, 12))
    proposal.refresh_from_db()
    return proposal


def reply_form(proposal, **overrides):
    data = {
        "proposal": proposal.pk,
        "document_number": "厦湖府办函〔2025〕103号",
        "category": category("A").pk,
        "issued_on": "2025-05-07",
        "disclosure": "public",
        "addressee": "钟庆达代表",
        "signer": "张三",
        "cc": "厦门市人大常委会代表工作委员会\n\n湖里区人大常委会",
        **no_inline_rows("sections", "measures", "commitments"),
    }
    data.update(overrides)
    return data


def test_a_reply_with_sections_and_commitments_is_recorded_and_the_proposal_replied(
    client, unit_huli, huli, other_unit, signed_proposal
):
    client.force_login(unit_huli)
    data = reply_form(
        signed_proposal,
        **{
            "sections-TOTAL_FORMS": "1",
            "sections-0-heading": "一、关于产业结构",
            "sections-0-text": "湖里区……",
            "commitments-TOTAL_FORMS": "3",
            "commitments-0-text": "力争到2027年电子信息产业产值总量达到780亿元",
            "commitments-0-target_year": "2027",
            "commitments-1-text": "推进低效工业用地再开发",
            "commitments-1-responsible_unit": str(other_unit.pk),
            "commitments-1-due_on": "2026-12-31",
            # an untouched extra row is ignored
            "commitments-2-text": "",
        },
    )

    response = client.post(admin_url("reply", "add"), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    reply = Reply.objects.get()
    assert (reply.unit, reply.recorded_by) == (huli, unit_huli)
    assert reply.cc == ["厦门市人大常委会代表工作委员会", "湖里区人大常委会"]
    assert [s.heading for s in reply.sections.all()] == ["一、关于产业结构"]
    commitments = list(reply.commitments.order_by("position"))
    assert [(c.position, c.responsible_unit, c.status) for c in commitments] == [
        (1, huli, CommitmentStatus.PLANNED),
        (2, other_unit, CommitmentStatus.PLANNED),
    ]
    signed_proposal.refresh_from_db()
    assert signed_proposal.status == ProposalStatus.REPLIED


def test_a_reply_dated_before_the_assignment_is_a_form_error(client, unit_huli, signed_proposal):
    client.force_login(unit_huli)
    data = reply_form(
        signed_proposal,
        issued_on="2025-02-01",
        **{"commitments-TOTAL_FORMS": "1", "commitments-0-text": "承诺"},
    )

    response = client.post(admin_url("reply", "add"), data)

    assert response.status_code == 200
    assert "答复日期不能早于交办日期" in " ".join(response.context["adminform"].form.errors["issued_on"])
    assert not Reply.objects.exists()
    assert not Commitment.objects.exists()
    signed_proposal.refresh_from_db()
    assert signed_proposal.status == ProposalStatus.IN_PROGRESS


def test_a_reply_before_the_unit_signed_for_it_is_a_form_error(client, office, unit_huli, huli):
    proposal = ProposalFactory()
    proposal_services.proposal_assign(
        proposal=proposal, actor=office, lead_unit=huli, assigned_on=datetime.date(2025, 2, 10)
    )
    client.force_login(unit_huli)

    response = client.post(admin_url("reply", "add"), reply_form(proposal))

    assert response.status_code == 200
    assert "尚未签收" in " ".join(response.context["adminform"].form.non_field_errors())
    assert not Reply.objects.exists()


def test_a_reply_from_another_unit_is_a_form_error(client, unit_other, signed_proposal):
    client.force_login(unit_other)

    response = client.post(admin_url("reply", "add"), reply_form(signed_proposal))

    assert response.status_code == 200
    assert "只有湖里区人民政府的工作人员" in " ".join(response.context["adminform"].form.non_field_errors())
    assert not Reply.objects.exists()


def test_a_refusal_at_save_time_redisplays_the_form_and_changes_nothing(
    client, unit_huli, signed_proposal, monkeypatch
):
    """Someone else replies between the form's check and the save: a form error, not a 500."""
    from responses import services

    real_check = services.reply_check
    calls = []

    def check_then_someone_else_replies(**kwargs):
        lead = real_check(**kwargs)
        if not calls:
            Proposal.objects.filter(pk=signed_proposal.pk).update(status=ProposalStatus.REPLIED)
        calls.append(kwargs)
        return lead

    monkeypatch.setattr(services, "reply_check", check_then_someone_else_replies)
    client.force_login(unit_huli)
    data = reply_form(signed_proposal, **{"commitments-TOTAL_FORMS": "1", "commitments-0-text": "承诺"})

    response = client.post(admin_url("reply", "add"), data)

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "只有“办理中、重新办理”的建议可以答复" in " ".join(form.non_field_errors())
    assert form["document_number"].value() == "厦湖府办函〔2025〕103号"
    assert not Reply.objects.exists()
    assert not Commitment.objects.exists()
    signed_proposal.refresh_from_db()
    assert signed_proposal.status == ProposalStatus.IN_PROGRESS


def test_a_duplicate_document_number_is_a_form_error(client, unit_huli, signed_proposal):
    ReplyFactory(document_number="厦湖府办函〔2025〕103号")
    client.force_login(unit_huli)

    response = client.post(admin_url("reply", "add"), reply_form(signed_proposal))

    assert response.status_code == 200
    assert "document_number" in response.context["adminform"].form.errors
    assert Reply.objects.count() == 1


def test_new_commitments_on_an_existing_reply_are_numbered_after_the_others(client, office):
    reply = ReplyFactory()
    CommitmentFactory(reply=reply, position=1)
    client.force_login(office)
    page = client.get(admin_url("reply", "change", reply.pk))
    data = {**page.context["adminform"].form.initial, **no_inline_rows("sections", "measures", "feedback")}
    data = {k: v for k, v in data.items() if v is not None and k not in ("proposal", "issued_on", "original_file")}
    data["category"] = reply.category_id
    data["cc"] = ""
    first = reply.commitments.get()
    data.update(
        {
            "commitments-TOTAL_FORMS": "2",
            "commitments-INITIAL_FORMS": "1",
            "commitments-0-id": str(first.pk),
            "commitments-0-reply": str(reply.pk),
            "commitments-0-text": first.text,
            "commitments-0-responsible_unit": str(first.responsible_unit_id),
            "commitments-0-target_year": "2027",
            "commitments-1-reply": str(reply.pk),
            "commitments-1-text": "新增承诺",
        }
    )

    response = client.post(admin_url("reply", "change", reply.pk), data)

    assert response.status_code == 302
    added = reply.commitments.get(text="新增承诺")
    assert (added.position, added.responsible_unit) == (2, reply.unit)


def test_the_reply_list_runs_a_fixed_number_of_queries(client, office, django_assert_max_num_queries):
    client.force_login(office)
    url = admin_url("reply", "changelist")
    for rows in (3, 30):
        for _ in range(rows - Reply.objects.count()):
            ReplyFactory()
        with django_assert_max_num_queries(14):
            response = client.get(url)
        assert len(response.context["cl"].result_list) == rows


# -- commitments, progress, feedback --------------------------------------------------------


def test_marking_commitments_fulfilled_goes_through_the_workflow(client, supervisor):
    commitment = CommitmentFactory()
    client.force_login(supervisor)

    client.post(
        admin_url("commitment", "changelist"), {"action": "mark_fulfilled", "_selected_action": [commitment.pk]}
    )

    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.FULFILLED
    assert commitment.closed_on is not None


def test_a_progress_update_moves_a_planned_commitment_in_progress(client, office):
    commitment = CommitmentFactory()
    client.force_login(office)

    response = client.post(
        admin_url("progressupdate", "add"),
        {"commitment": commitment.pk, "reported_on": "2025-09-01", "percent": "30", "text": "已完成选址"},
    )

    assert response.status_code == 302
    update = ProgressUpdate.objects.get()
    assert (update.reported_by, update.percent) == (office, 30)
    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.IN_PROGRESS


def test_the_office_enters_a_paper_rating_for_the_lead_deputy(client, office, unit_huli, signed_proposal):
    from responses.services import reply_record

    reply = reply_record(
        proposal=signed_proposal,
        actor=unit_huli,
        document_number="厦湖府办函〔2025〕103号",
        category=category("A"),
        issued_on=datetime.date(2025, 5, 7),
    )
    client.force_login(office)

    response = client.post(
        admin_url("feedback", "add"),
        {
            "reply": reply.pk,
            "subject": "reply",
            "attitude": "satisfied",
            "result": "satisfied",
            "rated_on": "2025-05-20",
        },
    )

    assert response.status_code == 302
    feedback = Feedback.objects.get()
    assert (feedback.deputy, feedback.recorded_by) == (signed_proposal.lead_deputy, office)
    signed_proposal.refresh_from_db()
    assert signed_proposal.status == ProposalStatus.CLOSED
