"""Replies, commitments, progress and feedback through the API: allowed, refused by state,
refused by role, invalid input. Each goes through the services; a refusal changes nothing."""

import datetime

import pytest

from proposals.api.testing import api, fresh_throttles  # noqa: F401
from proposals.models import ProposalStatus
from proposals.services import assignment_sign, proposal_assign, proposal_register
from proposals.tests.factories import CongressSessionFactory
from responses.models import Commitment, Feedback, ProgressUpdate, Reply
from responses.services import reply_record
from responses.tests.factories import category

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_throttles")]

D = datetime.date


@pytest.fixture
def proposal(office, unit_huli, huli, other_unit, deputy_zhong):
    """钟庆达's proposal, 湖里区 lead (signed), 工信局 co-handling."""
    proposal = proposal_register(
        actor=office,
        session=CongressSessionFactory(name="测试会议"),
        number="0119",
        title="关于湖里区工业产业结构优化的建议",
        lead_deputy=deputy_zhong.deputy,
        submitted_on=D(2026, 6, 1),
    )
    lead = proposal_assign(
        proposal=proposal, actor=office, lead_unit=huli, co_units=[other_unit], assigned_on=D(2026, 6, 2)
    )[0]
    assignment_sign(assignment=lead, actor=unit_huli, signed_on=D(2026, 6, 3))
    return proposal


@pytest.fixture
def reply(proposal, unit_huli):
    return reply_record(
        proposal=proposal,
        actor=unit_huli,
        document_number="厦湖府办函〔2026〕103号",
        category=category("A"),
        issued_on=D(2026, 11, 20),
        commitments=[{"text": "力争到2027年电子信息产业产值总量达到780亿元", "target_year": 2027}],
    )


def assert_error(response, status, code, field=None):
    assert response.status_code == status, response.content.decode()
    body = response.json()
    assert body["code"] == code
    if field:
        assert field in body["fields"], body


def reply_body(target, **extra):
    return {
        "proposal": target.pk,
        "document_number": "厦湖府办函〔2026〕103号",
        "category": "A",
        "issued_on": "2026-11-20",
        "disclosure": "public",
        "signer": "王某某",
        "cc": ["市人大常委会代表工作室"],
        "sections": [{"heading": "一、办理工作背景", "text": "湖里区是厦门经济特区发祥地。"}],
        "measures": [{"point": "关于合理优化产业结构的建议", "text": "持续培育壮大优势产业。"}],
        "commitments": [
            {"text": "力争到2027年电子信息产业产值总量达到780亿元", "target_year": 2027},
            {"text": "建成园区人才公寓一期", "due_on": "2027-06-30"},
        ],
    } | extra


# --- replies --------------------------------------------------------------------------------


def test_the_lead_unit_records_a_reply_with_measures_and_commitments(unit_huli, proposal):
    response = api(unit_huli).post("/api/v1/replies/", reply_body(proposal), format="json")
    assert response.status_code == 201, response.content.decode()
    row = response.json()
    assert row["category"] == {"code": "A", "name": "A类"}
    assert row["proposal"]["status"] == "replied"
    assert [m["point"] for m in row["measures"]] == ["关于合理优化产业结构的建议"]
    assert [(c["position"], c["target_year"], c["due_on"]) for c in row["commitments"]] == [
        (1, 2027, None),
        (2, None, "2027-06-30"),
    ]
    assert row["rating_due_on"] and row["publish_on"] and row["rating_due_explanation"]


def test_a_second_reply_while_one_is_in_force_is_refused(unit_huli, reply, proposal):
    body = reply_body(proposal, document_number="厦湖府办函〔2026〕104号")
    assert_error(api(unit_huli).post("/api/v1/replies/", body, format="json"), 400, "invalid_state")
    assert Reply.objects.count() == 1


def test_only_the_lead_unit_or_the_office_records_the_reply(unit_other, deputy_zhong, unit_huli, proposal):
    assert_error(api(unit_other).post("/api/v1/replies/", reply_body(proposal), format="json"), 403, "forbidden")
    assert_error(api(deputy_zhong).post("/api/v1/replies/", reply_body(proposal), format="json"), 403, "forbidden")
    assert not Reply.objects.exists()


def test_a_reply_with_bad_fields_is_refused_and_nothing_is_saved(unit_huli, proposal):
    client = api(unit_huli)
    cases = [
        (reply_body(proposal, category="Z"), "category"),
        (reply_body(proposal, issued_on="2026-05-01"), "issued_on"),  # before the assignment
        (reply_body(proposal, disclosure="secret"), "disclosure"),
        (reply_body(proposal, commitments=[{"text": "", "target_year": 1900}]), "commitments.0.text"),
        (reply_body(proposal, proposal=999999), "proposal"),
    ]
    for body, field in cases:
        assert_error(client.post("/api/v1/replies/", body, format="json"), 400, "invalid", field)
    assert not Reply.objects.exists()
    assert not Commitment.objects.exists()


# --- commitments ----------------------------------------------------------------------------


def test_the_responsible_unit_marks_a_commitment_fulfilled(unit_huli, reply):
    commitment = reply.commitments.get()
    response = api(unit_huli).post(f"/api/v1/commitments/{commitment.pk}/status/", {"status": "fulfilled"})
    assert response.status_code == 200, response.content.decode()
    assert (response.json()["status"], response.json()["closed_on"]) == ("fulfilled", "2026-11-27")


def test_a_fulfilled_commitment_cannot_be_dropped(unit_huli, reply):
    commitment = reply.commitments.get()
    client = api(unit_huli)
    client.post(f"/api/v1/commitments/{commitment.pk}/status/", {"status": "fulfilled"})
    response = client.post(f"/api/v1/commitments/{commitment.pk}/status/", {"status": "dropped", "reason": "x"})
    assert_error(response, 400, "invalid_state")


def test_a_deputy_cannot_change_a_commitment_and_dropping_needs_a_reason(deputy_zhong, unit_huli, reply):
    commitment = reply.commitments.get()
    url = f"/api/v1/commitments/{commitment.pk}/status/"
    assert_error(api(deputy_zhong).post(url, {"status": "fulfilled"}), 403, "forbidden")
    assert_error(api(unit_huli).post(url, {"status": "dropped"}), 400, "invalid", "reason")
    assert_error(api(unit_huli).post(url, {"status": "done"}), 400, "invalid", "status")
    assert Commitment.objects.get().status == "planned"


# --- progress -------------------------------------------------------------------------------


def test_the_supervision_office_reports_progress_and_the_commitment_is_under_way(supervisor, reply):
    commitment = reply.commitments.get()
    body = {"commitment": commitment.pk, "text": "产值已达720亿元", "percent": 60}
    response = api(supervisor).post("/api/v1/progress-updates/", body, format="json")
    assert response.status_code == 201, response.content.decode()
    assert (response.json()["percent"], response.json()["reported_on"]) == (60, "2026-11-27")
    assert Commitment.objects.get().status == "in_progress"


def test_no_progress_on_a_closed_commitment(unit_huli, reply):
    commitment = reply.commitments.get()
    api(unit_huli).post(f"/api/v1/commitments/{commitment.pk}/status/", {"status": "fulfilled"})
    response = api(unit_huli).post("/api/v1/progress-updates/", {"commitment": commitment.pk, "text": "又推进"})
    assert_error(response, 400, "invalid_state")


def test_a_co_handling_unit_or_a_deputy_cannot_report_progress(unit_other, deputy_zhong, reply):
    body = {"commitment": reply.commitments.get().pk, "text": "推进"}
    assert_error(api(unit_other).post("/api/v1/progress-updates/", body), 403, "forbidden")
    assert_error(api(deputy_zhong).post("/api/v1/progress-updates/", body), 403, "forbidden")
    assert not ProgressUpdate.objects.exists()


def test_progress_over_100_percent_or_without_text_is_refused(unit_huli, reply):
    commitment = reply.commitments.get()
    client = api(unit_huli)
    body = {"commitment": commitment.pk, "text": "推进", "percent": 120}
    assert_error(client.post("/api/v1/progress-updates/", body), 400, "invalid", "percent")
    assert_error(client.post("/api/v1/progress-updates/", {"commitment": commitment.pk}), 400, "invalid", "text")
    assert not ProgressUpdate.objects.exists()


# --- feedback -------------------------------------------------------------------------------


def test_the_lead_deputy_rates_the_reply_and_the_proposal_is_closed(deputy_zhong, reply, proposal):
    body = {"reply": reply.pk, "attitude": "satisfied", "result": "basically_satisfied", "comment": "感谢"}
    response = api(deputy_zhong).post("/api/v1/feedback/", body)
    assert response.status_code == 201, response.content.decode()
    assert response.json()["deputy"]["name"] == "钟庆达"
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.CLOSED


def test_rating_twice_is_refused(deputy_zhong, reply):
    body = {"reply": reply.pk, "attitude": "satisfied", "result": "satisfied"}
    api(deputy_zhong).post("/api/v1/feedback/", body)
    assert_error(api(deputy_zhong).post("/api/v1/feedback/", body), 400, "invalid_state")
    assert Feedback.objects.count() == 1


def test_only_the_lead_deputy_rates(unit_huli, deputy_other, reply):
    body = {"reply": reply.pk, "attitude": "satisfied", "result": "satisfied"}
    assert_error(api(unit_huli).post("/api/v1/feedback/", body), 403, "forbidden")
    # Another deputy cannot even see the reply.
    assert_error(api(deputy_other).post("/api/v1/feedback/", body), 400, "invalid", "reply")
    assert not Feedback.objects.exists()


def test_a_rating_outside_the_scale_is_refused(deputy_zhong, reply):
    body = {"reply": reply.pk, "attitude": "great", "result": "satisfied"}
    assert_error(api(deputy_zhong).post("/api/v1/feedback/", body), 400, "invalid", "attitude")
    assert not Feedback.objects.exists()
