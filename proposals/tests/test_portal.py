"""The deputy portal (/my/): each page per role, what a deputy sees, the rating form, query counts."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from proposals.models import ProposalStatus
from proposals.portal import standing_of
from proposals.services import (
    assignment_extension_decide,
    assignment_extension_request,
    assignment_sign,
    contact_record,
    proposal_assign,
    proposal_order_rehandling,
    proposal_register,
)
from proposals.tests.factories import CongressSessionFactory, DeputyFactory
from responses.models import Disclosure, Feedback, Rating
from responses.services import feedback_record, progress_update_add, reply_record
from responses.tests.factories import category

D = datetime.date
TODAY = timezone.localdate()


def ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


@pytest.fixture
def session(db):
    return CongressSessionFactory(name="市十六届人大五次会议", term=16, sitting=5)


@pytest.fixture
def make(session, office, huli, other_unit, unit_huli):
    """Register (and, as asked, assign, sign and answer) a proposal through the services."""
    count = iter(range(1, 100))

    def make(
        lead,
        *,
        co=(),
        assigned_on=None,
        signed=True,
        reply_on=None,
        disclosure=Disclosure.PUBLIC,
        co_units=(),
        title=None,
    ):
        n = next(count)
        proposal = proposal_register(
            actor=office,
            session=session,
            number=f"{n:04d}",
            title=title or f"关于测试事项{n}的建议",
            lead_deputy=lead,
            co_deputies=list(co),
            submitted_on=D(2025, 1, 9),
        )
        if assigned_on is None:
            return proposal
        lead_assignment = proposal_assign(
            proposal=proposal, actor=office, lead_unit=huli, co_units=list(co_units), assigned_on=assigned_on
        )[0]
        if signed:
            assignment_sign(assignment=lead_assignment, actor=unit_huli, signed_on=assigned_on)
        if reply_on is not None:
            reply_record(
                proposal=proposal,
                actor=unit_huli,
                document_number=f"厦湖府办函〔2026〕{n}号",
                category=category("B"),
                issued_on=reply_on,
                disclosure=disclosure,
                title=f"关于第{n:04d}号建议办理情况答复的函",
                addressee=f"{lead.name}代表",
                signer="胡振强",
                contact_person="郑呈垚",
                contact_phone="2878080",
                sections=[{"heading": "一、办理情况", "text": "已经办理。"}],
                commitments=[{"text": "明年建成食堂。", "target_year": TODAY.year + 1}],
            )
        proposal.refresh_from_db()
        return proposal

    return make


@pytest.fixture
def zhong(deputy_zhong):
    return deputy_zhong.deputy


@pytest.fixture
def other(deputy_other):
    return deputy_other.deputy


def my_reply_url(proposal):
    return reverse("responses:my_reply", args=[proposal.replies.get().pk])


# --------------------------------------------------------------------------------------------
# Home, login and password pages
# --------------------------------------------------------------------------------------------


def test_the_home_page_links_to_public_replies_login_my_proposals_and_the_admin(client, db, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/")
    assert response.status_code == 200
    for href in ('href="/replies/"', 'href="/accounts/login/"', 'href="/my/"', 'href="/admin/"'):
        assert href in response.content.decode()


def test_a_deputy_logs_in_and_lands_on_my_proposals(client, deputy_zhong):
    response = client.post("/accounts/login/", {"username": "deputy_zhong", "password": "demo"})
    assert response.status_code == 302
    assert response["Location"] == "/my/"


def test_a_wrong_password_is_a_form_error(client, deputy_zhong):
    response = client.post("/accounts/login/", {"username": "deputy_zhong", "password": "nope"})
    assert response.status_code == 200
    assert "请输入一个正确的" in response.content.decode()


def test_a_deputy_resets_a_forgotten_password_by_email(client, deputy_zhong):
    deputy_zhong.email = "zhong@example.cn"
    deputy_zhong.save()
    response = client.post("/accounts/password_reset/", {"email": "zhong@example.cn"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/accounts/reset/" in mail.outbox[0].body
    assert "deputy_zhong" in mail.outbox[0].body
    link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/reset/" in line)
    response = client.get(link.split("testserver", 1)[1], follow=True)
    assert "设置新密码" in response.content.decode()


def test_a_deputy_changes_their_password(client, deputy_zhong):
    client.force_login(deputy_zhong)
    response = client.post(
        "/accounts/password_change/",
        {"old_password": "demo", "new_password1": "Xiamen-2026-new", "new_password2": "Xiamen-2026-new"},
    )
    assert response.status_code == 302
    deputy_zhong.refresh_from_db()
    assert deputy_zhong.check_password("Xiamen-2026-new")


# --------------------------------------------------------------------------------------------
# /my/
# --------------------------------------------------------------------------------------------


def test_my_proposals_asks_a_visitor_to_log_in(client, db):
    response = client.get("/my/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/my/")


def test_my_proposals_lists_what_the_deputy_leads_or_cosigned_and_where_each_stands(client, make, zhong, other):
    led = make(zhong, assigned_on=ago(30), title="关于湖里区工业产业结构优化的建议")
    cosigned = make(other, co=[zhong], assigned_on=ago(10), signed=False)
    not_mine = make(other, title="关于别人的建议")
    client.force_login(zhong.user)
    page = client.get("/my/").content.decode()
    assert "关于湖里区工业产业结构优化的建议" in page
    assert f"第{led.number}号" in page and f"第{cosigned.number}号" in page
    assert "市十六届人大五次会议" in page
    due = led.assignments.get().due_on
    assert f"已交办，湖里区人民政府办理中，{due:%Y-%m-%d} 前答复" in page
    assert f"还剩 {(due - TODAY).days} 天" in page
    assert "湖里区人民政府待签收" in page
    assert "领衔" in page and "附议" in page
    assert f"{ago(10):%Y-%m-%d} 交办给湖里区人民政府（主办）" in page
    assert not_mine.title not in page


def test_my_proposals_shows_overdue_days_and_co_handling_units(client, make, zhong, other_unit):
    proposal = make(zhong, assigned_on=D(2026, 6, 1), co_units=[other_unit])
    client.force_login(zhong.user)
    page = client.get("/my/").content.decode()
    due = proposal.assignments.get(role="lead").due_on
    assert f"已超过答复期限（{due:%Y-%m-%d}）" in page
    assert f"已逾期 {(TODAY - due).days} 天" in page
    assert "厦门市工业和信息化局" in page


def test_the_status_reads_as_the_office_words_it():
    from types import SimpleNamespace

    from proposals.models import AssignmentRole, AssignmentState

    unit = SimpleNamespace(name="湖里区人民政府")
    lead = SimpleNamespace(
        unit=unit,
        role=AssignmentRole.LEAD,
        state=AssignmentState.SIGNED,
        due_on=D(2025, 5, 12),
        due_explanation="交办 2025-02-10 + 3 months = 2025-05-10 (Saturday) -> rolled to next working day 2025-05-12",
        due_confirmed=True,
    )
    proposal = SimpleNamespace(
        status=ProposalStatus.IN_PROGRESS,
        assignments=SimpleNamespace(all=lambda: [lead]),
        replies=SimpleNamespace(all=lambda: []),
    )
    standing = standing_of(proposal, today=D(2025, 4, 30))
    assert standing.words == "已交办，湖里区人民政府办理中，2025-05-12 前答复"
    assert standing.days_text == "还剩 12 天"


def test_my_proposals_runs_the_same_queries_for_one_proposal_or_many(
    client, make, zhong, other_unit, django_assert_num_queries
):
    make(zhong, assigned_on=ago(40), reply_on=ago(5), co_units=[other_unit])
    client.force_login(zhong.user)
    with django_assert_num_queries(11):
        assert client.get("/my/").status_code == 200
    for _ in range(4):
        make(zhong, assigned_on=ago(40), reply_on=ago(5), co_units=[other_unit])
    with django_assert_num_queries(11):
        assert client.get("/my/").content.decode().count("proposal-card") == 5


def test_unit_staff_see_their_units_proposals_through_the_same_selector(client, make, zhong, unit_huli, unit_other):
    proposal = make(zhong, assigned_on=ago(10))
    client.force_login(unit_huli)
    assert proposal.title in client.get("/my/").content.decode()
    assert client.get(f"/my/proposals/{proposal.pk}/").status_code == 200
    client.force_login(unit_other)
    assert proposal.title not in client.get("/my/").content.decode()
    assert client.get(f"/my/proposals/{proposal.pk}/").status_code == 404


def test_my_proposals_is_in_english_when_the_browser_asks(client, make, zhong):
    make(zhong, assigned_on=ago(30))
    client.force_login(zhong.user)
    page = client.get("/my/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "My proposals" in page
    assert "Assigned, 湖里区人民政府 is handling it, reply due by" in page


# --------------------------------------------------------------------------------------------
# The proposal page
# --------------------------------------------------------------------------------------------


def test_a_deputy_never_sees_another_deputys_proposal_or_reply(client, make, zhong, other):
    theirs = make(other, assigned_on=ago(40), reply_on=ago(5), disclosure=Disclosure.PUBLIC)
    client.force_login(zhong.user)
    reply_url = my_reply_url(theirs)
    for url in (f"/my/proposals/{theirs.pk}/", reply_url, reply_url + "?print=1", "/my/proposals/999999/"):
        assert client.get(url).status_code == 404, url


def test_the_proposal_page_shows_the_timeline_and_how_each_due_date_was_computed(
    client, make, zhong, office, unit_huli, other_unit
):
    proposal = make(zhong, assigned_on=D(2025, 2, 10), co_units=[other_unit])
    lead = proposal.assignments.get(role="lead")
    contact_record(assignment=lead, actor=unit_huli, contacted_on=D(2025, 3, 18), notes="就建议办理与代表面商。")
    assignment_extension_request(
        assignment=lead,
        actor=unit_huli,
        reason="需会同规划部门研究。",
        due_on=D(2025, 6, 30),
        requested_on=D(2025, 4, 1),
    )
    assignment_extension_decide(assignment=lead, actor=office, approve=True)
    reply = reply_record(
        proposal=proposal,
        actor=unit_huli,
        document_number="厦湖府办函〔2025〕103号",
        category=category("A"),
        issued_on=D(2025, 5, 7),
        signer="胡振强",
    )
    feedback_record(
        reply=reply, actor=office, attitude=Rating.SATISFIED, result=Rating.UNSATISFIED, rated_on=D(2025, 5, 20)
    )
    proposal_order_rehandling(proposal=proposal, actor=office, ordered_on=D(2025, 5, 22))
    commitment = reply.commitments.create(text="建成园区食堂。", responsible_unit=lead.unit, target_year=2027)
    progress_update_add(commitment=commitment, actor=unit_huli, text="食堂已开工。", percent=40)

    client.force_login(zhong.user)
    page = client.get(f"/my/proposals/{proposal.pk}/").content.decode()
    for text in (
        "提出建议",
        "交办给湖里区人民政府（主办）",
        "交办给厦门市工业和信息化局（协办）",
        "交办 2025-02-10 + 3 months = 2025-05-10 (Saturday) -&gt; rolled to next working day 2025-05-12",
        "湖里区人民政府签收",
        "面商：湖里区人民政府与代表沟通",
        "就建议办理与代表面商。",
        "湖里区人民政府申请延期答复",
        "需会同规划部门研究。",
        "同意延期答复",
        "2025-05-12 -&gt; 2025-06-30",
        "文号：厦湖府办函〔2025〕103号",
        "答复类别：A类",
        "领导署名：胡振强",
        "答复 2025-05-07 + 15 working days",
        "代表评价答复",
        "办理结果：不满意",
        "评价 2025-05-20 + 5 working days",
        "交由湖里区人民政府重新办理",
        "交由重新办理 2025-05-22 + 1 month",
        "建成园区食堂。",
        "食堂已开工。",
        "40%",
    ):
        assert text in page, text
    assert (
        page.index("提出建议")
        < page.index("面商：")
        < page.index("代表评价答复")
        < page.index("交由湖里区人民政府重新办理")
    )


def test_the_proposal_page_runs_the_same_queries_however_long_the_story(
    client, make, zhong, unit_huli, other_unit, django_assert_num_queries
):
    short = make(zhong, assigned_on=ago(40), reply_on=ago(5))
    long = make(zhong, assigned_on=ago(40), reply_on=ago(5), co_units=[other_unit])
    lead = long.assignments.get(role="lead")
    for days in (30, 20, 10):
        contact_record(assignment=lead, actor=unit_huli, contacted_on=ago(days))
    for commitment in long.replies.get().commitments.all():
        for n in range(3):
            progress_update_add(commitment=commitment, actor=unit_huli, text=f"进展{n}", reported_on=ago(n))
    client.force_login(zhong.user)
    with django_assert_num_queries(13):
        client.get(f"/my/proposals/{short.pk}/")
    with django_assert_num_queries(13):
        assert "进展2" in client.get(f"/my/proposals/{long.pk}/").content.decode()


# --------------------------------------------------------------------------------------------
# The deputy's reply page and the rating form
# --------------------------------------------------------------------------------------------


def test_a_deputy_reads_their_reply_in_full_whatever_its_disclosure(client, make, zhong):
    proposal = make(zhong, assigned_on=ago(40), reply_on=ago(5), disclosure=Disclosure.WITHHELD)
    client.force_login(zhong.user)
    page = client.get(my_reply_url(proposal)).content.decode()
    for text in (
        "厦湖府办函〔2026〕",
        "答复类别：B类",
        "钟庆达代表：",
        "一、办理情况",
        "领导署名：胡振强",
        "（此件不予公开）",
    ):
        assert text in page


def test_the_lead_deputy_rates_a_reply_inside_its_window(client, make, zhong):
    proposal = make(zhong, assigned_on=ago(40), reply_on=ago(5))
    client.force_login(zhong.user)
    url = my_reply_url(proposal)
    page = client.get(url).content.decode()
    assert 'class="rating-form"' in page
    assert f"请于 {proposal.replies.get().rating_due_on:%Y-%m-%d} 前评价" in page

    response = client.post(url, {"attitude": "satisfied", "result": "basically_satisfied", "comment": "感谢。"})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "评价已提交：办理态度满意，办理结果基本满意。" in page
    assert 'class="rating-form"' not in page
    assert "每份答复只能评价一次" in page
    feedback = Feedback.objects.get()
    assert (feedback.deputy, feedback.comment, feedback.rated_on) == (zhong, "感谢。", TODAY)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.CLOSED


def test_an_unsatisfied_rating_puts_the_proposal_before_the_office(client, make, zhong):
    proposal = make(zhong, assigned_on=ago(40), reply_on=ago(5))
    client.force_login(zhong.user)
    response = client.post(my_reply_url(proposal), {"attitude": "satisfied", "result": "unsatisfied"}, follow=True)
    feedback = Feedback.objects.get()
    assert f"代表工作机构将于 {feedback.rehandling_order_due_on:%Y-%m-%d} 前决定" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.REPLIED
    assert "代表评价不满意，等待代表工作机构交由重新办理" in client.get("/my/").content.decode()


def test_a_second_rating_is_refused_with_a_clear_message(client, make, zhong):
    proposal = make(zhong, assigned_on=ago(40), reply_on=ago(5))
    client.force_login(zhong.user)
    url = my_reply_url(proposal)
    client.post(url, {"attitude": "satisfied", "result": "satisfied"})
    response = client.post(url, {"attitude": "unsatisfied", "result": "unsatisfied"})
    assert response.status_code == 200
    assert "只有“已答复”的建议可以评价" in response.content.decode()
    assert Feedback.objects.get().result == Rating.SATISFIED


def test_the_rating_form_is_closed_after_the_window(client, make, zhong):
    proposal = make(zhong, assigned_on=ago(90), reply_on=ago(60))
    due = proposal.replies.get().rating_due_on
    client.force_login(zhong.user)
    url = my_reply_url(proposal)
    page = client.get(url).content.decode()
    assert 'class="rating-form"' not in page
    assert f"评价期限已于 {due:%Y-%m-%d} 届满，评价表已关闭" in page

    response = client.post(url, {"attitude": "satisfied", "result": "satisfied"})
    assert response.status_code == 200
    assert f"评价期限已于{due:%Y年%m月%d日}届满" in response.content.decode()
    assert not Feedback.objects.exists()


def test_a_rating_that_is_not_a_choice_is_a_form_error(client, make, zhong):
    proposal = make(zhong, assigned_on=ago(40), reply_on=ago(5))
    client.force_login(zhong.user)
    response = client.post(my_reply_url(proposal), {"attitude": "great", "result": ""})
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"attitude", "result"}
    assert not Feedback.objects.exists()


def test_a_co_signing_deputy_reads_the_reply_but_does_not_rate(client, make, zhong, other):
    proposal = make(other, co=[zhong], assigned_on=ago(40), reply_on=ago(5))
    client.force_login(zhong.user)
    url = my_reply_url(proposal)
    page = client.get(url).content.decode()
    assert "一、办理情况" in page
    assert 'class="rating-form"' not in page
    assert f"办理情况由领衔代表{other.name}评价" in page
    response = client.post(url, {"attitude": "satisfied", "result": "satisfied"})
    assert "只有领衔代表可以评价办理情况。" in response.content.decode()
    assert not Feedback.objects.exists()


def test_the_reply_page_runs_a_constant_number_of_queries(client, make, zhong, django_assert_num_queries):
    proposal = make(zhong, assigned_on=ago(40), reply_on=ago(5))
    url = my_reply_url(proposal)
    client.force_login(zhong.user)
    with django_assert_num_queries(8):
        client.get(url)
    with django_assert_num_queries(7):
        client.get(url + "?print=1")


def test_a_deputy_without_a_login_link_sees_an_explanation(client, db):
    from proposals.roles import Role
    from proposals.tests.factories import UserFactory

    user = UserFactory(role=Role.DEPUTY)
    DeputyFactory(name="未关联")
    client.force_login(user)
    assert "您的账号未关联代表" in client.get("/my/").content.decode()
