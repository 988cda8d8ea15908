"""The supervision view of commitments, dropping a commitment or withdrawing a reply with a reason, and export."""

import datetime

import pytest
from django.urls import reverse

from proposals import services as proposal_services
from proposals.tests.factories import AssignmentFactory, ProposalFactory
from responses.models import CommitmentStatus, Reply, ReplyState
from responses.tests.factories import CommitmentFactory, ProgressUpdateFactory, ReplyFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 27)
URL = "admin:responses_commitment_changelist"


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr("responses.admin.today", lambda: TODAY)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


@pytest.fixture
def commitments(huli, other_unit):
    reply = ReplyFactory(unit=huli)
    other = ReplyFactory(unit=other_unit)
    AssignmentFactory(proposal=reply.proposal, unit=huli)
    AssignmentFactory(proposal=other.proposal, unit=other_unit)
    made = {
        "late": CommitmentFactory(reply=reply, due_on=TODAY - datetime.timedelta(days=10), target_year=None),
        "soon": CommitmentFactory(reply=other, due_on=TODAY + datetime.timedelta(days=20), target_year=None),
        "year_end": CommitmentFactory(reply=reply, due_on=None, target_year=2026),
        "later": CommitmentFactory(reply=reply, due_on=TODAY + datetime.timedelta(days=90), target_year=None),
        "next_year": CommitmentFactory(reply=other, due_on=None, target_year=2027),
        "done": CommitmentFactory(reply=reply, due_on=TODAY - datetime.timedelta(days=5), target_year=None),
    }
    type(made["done"]).objects.filter(pk=made["done"].pk).update(status=CommitmentStatus.FULFILLED, closed_on=TODAY)
    return made


def shown(response, commitments):
    ids = {c.pk for c in response.context["cl"].result_list}
    return {name for name, c in commitments.items() if c.pk in ids}


def test_the_supervision_view_lists_open_commitments_due_or_overdue_across_units(client, supervisor, commitments):
    client.force_login(supervisor)

    response = client.get(reverse("admin:responses_commitment_supervision"), follow=True)

    # a target year counts as due in its last 30 days only: 2026's is 34 days away
    assert shown(response, commitments) == {"late", "soon"}
    page = response.content.decode()
    assert "逾期10天" in page and "剩20天" in page


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"attention": "overdue"}, {"late"}),
        ({"attention": "soon"}, {"soon"}),
        ({"attention": "open"}, {"late", "soon", "year_end", "later", "next_year"}),
        ({"year": "2027"}, {"later", "next_year"}),
        ({"year": "2026"}, {"late", "soon", "year_end", "done"}),
    ],
)
def test_filters_by_attention_and_year(client, supervisor, commitments, params, expected):
    client.force_login(supervisor)

    assert shown(client.get(reverse(URL), params), commitments) == expected


def test_filter_by_unit(client, supervisor, commitments, other_unit):
    client.force_login(supervisor)

    response = client.get(reverse(URL), {"responsible_unit__id__exact": other_unit.pk})

    assert shown(response, commitments) == {"soon", "next_year"}


def test_a_unit_sees_only_its_own_commitments_in_the_supervision_view(client, unit_huli, commitments):
    client.force_login(unit_huli)

    response = client.get(reverse(URL), {"attention": "attention"})

    assert shown(response, commitments) == {"late"}


def test_each_row_shows_its_latest_progress_in_a_fixed_number_of_queries(
    client, supervisor, commitments, django_assert_max_num_queries
):
    ProgressUpdateFactory(
        commitment=commitments["late"], reported_on=TODAY - datetime.timedelta(days=20), text="旧进展"
    )
    ProgressUpdateFactory(
        commitment=commitments["late"], reported_on=TODAY - datetime.timedelta(days=2), percent=60, text="选址完成"
    )
    for _ in range(30):
        ProgressUpdateFactory(commitment=CommitmentFactory())
    client.force_login(supervisor)

    with django_assert_max_num_queries(12):  # measured: 11 with 32 rows
        response = client.get(reverse(URL))

    assert "2026-11-25 60%：选址完成" in response.content.decode()
    assert "旧进展" not in response.content.decode()


def test_dropping_a_commitment_asks_for_a_reason_and_keeps_it_visible(client, supervisor, commitments):
    client.force_login(supervisor)
    late = commitments["late"]
    data = {"action": "drop", "_selected_action": late.pk, "apply": "1"}

    blank = client.post(reverse(URL), {**data, "reason": ""})
    assert "reason" in blank.context["form"].errors
    client.post(reverse(URL), {**data, "reason": "规划调整，项目取消"})

    late.refresh_from_db()
    assert (late.status, late.status_reason) == (CommitmentStatus.DROPPED, "规划调整，项目取消")
    assert late.pk in {c.pk for c in client.get(reverse(URL)).context["cl"].result_list}


def test_a_fulfilled_commitment_cannot_be_dropped_and_says_why(client, supervisor, commitments):
    client.force_login(supervisor)
    done = commitments["done"]

    response = client.post(reverse(URL), {"action": "drop", "_selected_action": done.pk, "apply": "1", "reason": "x"})

    assert "不能改为“已终止”" in " ".join(response.context["form"].non_field_errors())
    done.refresh_from_db()
    assert done.status == CommitmentStatus.FULFILLED


def test_a_commitment_page_offers_progress_fulfil_and_drop(client, unit_huli, commitments):
    client.force_login(unit_huli)

    response = client.get(reverse("admin:responses_commitment_change", args=[commitments["late"].pk]))

    assert [s.label for s in response.context["workflow_steps"]] == ["报告进展", "标记已兑现", "终止（说明理由）"]


def test_the_office_withdraws_a_reply_with_a_reason_and_it_stays_listed(client, office, unit_huli, huli):
    proposal = ProposalFactory(submitted_on=datetime.date(2026, 8, 1))
    [lead] = proposal_services.proposal_assign(
        proposal=proposal, actor=office, lead_unit=huli, assigned_on=datetime.date(2026, 8, 10)
    )
    proposal_services.assignment_sign(assignment=lead, actor=unit_huli, signed_on=datetime.date(2026, 8, 11))
    from responses.services import reply_record
    from responses.tests.factories import category

    reply = reply_record(
        proposal=proposal,
        actor=unit_huli,
        document_number="湖府函9号",
        category=category("A"),
        issued_on=datetime.date(2026, 11, 2),
    )
    client.force_login(office)
    url = reverse("admin:responses_reply_changelist")

    client.post(url, {"action": "withdraw", "_selected_action": reply.pk, "apply": "1", "reason": "文号录入错误"})

    reply.refresh_from_db()
    assert (reply.state, reply.withdrawn_reason) == (ReplyState.WITHDRAWN, "文号录入错误")
    assert reply in client.get(url).context["cl"].result_list
    client.force_login(unit_huli)
    action_form = client.get(url).context["action_form"]  # a unit has no action on replies at all
    assert action_form is None or "withdraw" not in dict(action_form.fields["action"].choices)
    assert Reply.objects.count() == 1


def test_the_commitment_export_has_chinese_headings_and_the_latest_progress(client, supervisor, commitments):
    ProgressUpdateFactory(commitment=commitments["late"], reported_on=TODAY, text="已开工")
    client.force_login(supervisor)
    form = client.get(reverse("admin:responses_commitment_export")).context["form"]
    data = {"format": "1", "resource": "0"} | {n: "on" for n in form.fields if n.startswith("commitmentresource_")}

    response = client.post(reverse("admin:responses_commitment_export") + "?attention=overdue", data)

    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("建议编号,答复函文号,序号,承诺事项,责任单位,完成期限,目标年份,状态")
    assert len(lines) == 2 and "已开工" in lines[1]


def test_the_proposal_export_to_xlsx_has_the_register_columns(client, office, huli):
    from io import BytesIO

    from openpyxl import load_workbook

    proposal = ProposalFactory(number="0119", submitted_on=datetime.date(2026, 8, 1))
    proposal_services.proposal_assign(
        proposal=proposal, actor=office, lead_unit=huli, assigned_on=datetime.date(2026, 8, 10)
    )
    client.force_login(office)
    form = client.get(reverse("admin:proposals_proposal_export")).context["form"]
    data = {"format": "0", "resource": "0"} | {n: "on" for n in form.fields if n.startswith("proposalresource_")}

    response = client.post(reverse("admin:proposals_proposal_export"), data)

    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:7] == ("会议", "编号", "标题", "领衔代表", "附议代表", "主办单位", "协办单位")
    assert rows[1][1] == "0119" and rows[1][5] == "湖里区人民政府"


def test_the_api_and_the_admin_agree_on_overdue_commitments(client, office):
    """A commitment past its target year (no date) is overdue everywhere: admin, API and statistics."""
    import datetime

    from rest_framework.test import APIClient

    from responses.models import Commitment
    from responses.selectors import commitment_overdue
    from responses.tests.factories import CommitmentFactory

    late = CommitmentFactory(target_year=2024, due_on=None)
    CommitmentFactory(target_year=2030, due_on=None)
    assert list(Commitment.objects.filter(commitment_overdue(datetime.date(2026, 11, 27)))) == [late]
    api = APIClient()
    api.force_authenticate(office)
    results = api.get("/api/v1/commitments/?overdue=true").json()["results"]
    assert [c["id"] for c in results] == [late.pk]
