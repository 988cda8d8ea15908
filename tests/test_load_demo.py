"""`manage.py load_demo`: the demo data set, its workflow states, and that it is safe to run again."""

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from industry.models import Indicator, Observation, Park, Project, Target
from proposals import demo
from proposals.models import AssignmentRole, Deputy, HandlingUnit, Proposal, ProposalStatus, UnitKind
from proposals.roles import Role, group_name, user_roles
from responses.models import Commitment, Disclosure, Feedback, Rating, Reply

LETTER = "厦湖府办函〔2025〕103号"


@pytest.fixture
def loaded(db, settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def model_counts() -> dict[str, int]:
    counts = {
        model._meta.label: model.objects.count()
        for app_label in ("proposals", "responses", "industry")
        for model in apps.get_app_config(app_label).get_models()
    }
    counts["auth.User"] = get_user_model().objects.count()
    return counts


def demo_proposals():
    return Proposal.objects.filter(title__startswith="【演示】")


def test_running_it_twice_changes_nothing(loaded, settings):
    before = model_counts()
    assert before["proposals.Proposal"] >= 7
    out = StringIO()

    call_command("load_demo", stdout=out)

    # Historical models are counted too: a re-run that saved anything would have added history rows.
    assert model_counts() == before
    assert "新建 0，已有 8" in out.getvalue()
    assert "新建 1" not in out.getvalue()


def test_it_reports_what_it_created(loaded):
    assert "建议 proposals：新建 8，已有 0" in loaded
    assert "账号 users：新建 6，已有 0" in loaded


def test_it_refuses_to_run_without_debug(db, settings):
    settings.DEBUG = False
    before = model_counts()

    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo", stdout=StringIO())

    assert model_counts() == before
    assert not get_user_model().objects.filter(username="office").exists()


def test_the_0119_reply_is_the_published_letter(loaded):
    reply = Reply.objects.get(document_number=LETTER)

    assert reply.proposal.number == "0119"
    assert reply.proposal.title == "关于湖里区工业产业结构优化的建议"
    assert reply.proposal.lead_deputy.name == "钟庆达"
    assert reply.proposal.session.name == "市十六届人大五次会议"
    assert reply.unit.name == "湖里区人民政府"
    assert reply.category.code == "A"
    assert reply.issued_on == date(2025, 5, 7)
    assert reply.title == "湖里区人民政府办公室关于市十六届人大五次会议第0119号建议办理情况答复的函"
    assert reply.addressee == "钟庆达代表"
    assert reply.issuer == "厦门市湖里区人民政府办公室"
    assert reply.signer == "胡振强"
    assert reply.contact_person == "郑呈垚"
    assert reply.contact_phone == "2878080"
    assert reply.disclosure == Disclosure.PUBLIC
    assert reply.cc == ["市人大常委会代表工作室", "市政府督查室"]
    assert reply.opening == "您提出的《关于湖里区工业产业结构优化的建议》（第0119号）收悉。现答复如下："
    assert reply.closing == "感谢您对我们工作的关心和支持，敬请继续提出宝贵意见。"
    assert [s.heading for s in reply.sections.all()] == ["一、办理工作背景", "二、措施与成效", "三、今后推动计划"]


def test_the_letter_text_is_rejoined_and_unmarked(loaded):
    reply = Reply.objects.get(document_number=LETTER)
    background, measures, plan = (s.text for s in reply.sections.all())
    body = "".join((background, measures, plan))

    assert "**" not in body
    assert "提出3条具体建议" in background
    assert "培育研发创新能力16条" in measures
    assert "规上工业企业254家，产值规模约1200亿元" in measures
    assert "金砖数字工业智谷二期、忠仑科创园" in measures
    assert "探索更加灵活的研发合作机制" in plan
    assert "形成“研发、生产、办公”的全链条" in plan
    assert plan.startswith("（一）稳存育新，激活产业发展新动能\n\n一是做强做优重点产业。")
    assert len(background.split("\n\n")) == 2
    assert len(measures.split("\n\n")) == 3


def test_the_0119_reply_lists_three_measures_and_its_commitments(loaded):
    reply = Reply.objects.get(document_number=LETTER)

    points = [m.point for m in reply.measures.all()]
    assert points == [
        "关于合理优化产业结构的建议",
        "关于大力加强科技创新引导、扶持有条件的企业和高校建设一批高能级创新平台的建议",
        "关于创新土地要素配置的建议",
    ]
    assert reply.measures.first().text.startswith("一是持续培育壮大优势产业")
    commitments = list(reply.commitments.all())
    assert len(commitments) == 8
    assert {c.responsible_unit.name for c in commitments} == {"湖里区人民政府"}
    assert [c.target_year for c in commitments] == [2027] + [None] * 7
    assert all(c.due_on is None for c in commitments)
    assert commitments[0].text.startswith("做强做优重点产业。")
    assert "金鹭特种合金、北方工业" in commitments[6].text


def test_the_2027_targets_hang_on_the_commitment_that_promises_them(loaded):
    targets = {t.indicator.name: t for t in Target.objects.select_related("indicator", "commitment__reply")}

    electronics, machinery = targets["电子信息产业产值"], targets["机械装备产业产值"]
    assert (electronics.value, electronics.year) == (Decimal("780"), 2027)
    assert (machinery.value, machinery.year) == (Decimal("340"), 2027)
    assert electronics.wording == "力争到2027年电子信息产业产值总量达到780亿元"
    assert machinery.wording == "力争到2027年机械装备产业产值总量达到340亿元"
    for target in (electronics, machinery):
        assert target.commitment.reply.document_number == LETTER
        assert target.commitment.target_year == 2027
        assert target.indicator.region == "湖里区"
        assert target.indicator.unit == "亿元"


def test_the_industry_app_holds_the_figures_the_letter_reports_for_2024(loaded):
    values = {
        o.indicator.name: (o.value, o.indicator.unit)
        for o in Observation.objects.filter(period="2024", source=LETTER).select_related("indicator")
    }

    assert values == {
        "规上工业企业数量": (Decimal("254"), "家"),
        "规上工业产值": (Decimal("1200"), "亿元"),
        "高技术增加值占规上工业增加值比重": (Decimal("68"), "%"),
        "创新型中小企业": (Decimal("209"), "家"),
        "市级及以上专精特新企业": (Decimal("217"), "家"),
        "国家级专精特新“小巨人”企业": (Decimal("17"), "家"),
        "国家级制造业单项冠军企业": (Decimal("4"), "家"),
    }
    # The letter prints no output figure for the two sectors: the demo's values say they are made up.
    sector_values = Observation.objects.filter(indicator__name__in=["电子信息产业产值", "机械装备产业产值"])
    assert sector_values.exists()
    assert set(sector_values.values_list("source", flat=True)) == {"演示数据（虚构，并非统计数据）"}
    assert Indicator.objects.get(name="电子信息产业产值").sector.name == "电子信息"
    assert {p.name for p in Park.objects.all()} >= {
        "两岸集成电路产业园",
        "智慧交通产业园",
        "金砖数字工业智谷",
        "湖里新质智造产业园",
        "忠仑科创园",
    }
    pilots = Project.objects.filter(name__in=["金鹭特种合金", "北方工业"])
    assert {p.commitment.reply.document_number for p in pilots} == {LETTER}


def test_0119_was_rated_satisfied_and_closed(loaded):
    proposal = Proposal.objects.get(number="0119")
    rating = Feedback.objects.get(reply__proposal=proposal)

    assert proposal.status == ProposalStatus.CLOSED
    assert (rating.deputy.name, rating.attitude, rating.result) == ("钟庆达", Rating.SATISFIED, Rating.SATISFIED)
    assert rating.rated_on == date(2025, 5, 20)
    lead = proposal.lead_assignment()
    assert lead.assigned_on == date(2025, 2, 10)
    assert lead.contacts.get().get_kind_display() == "面商"


def test_the_demo_proposals_cover_every_status(loaded):
    statuses = set(demo_proposals().values_list("status", flat=True))

    assert statuses == set(ProposalStatus.values)
    assert all("演示数据" in body for body in demo_proposals().values_list("body", flat=True))


def test_one_demo_proposal_is_in_progress_and_overdue(loaded):
    today = timezone.localdate()
    overdue = [
        p
        for p in demo_proposals().filter(status=ProposalStatus.IN_PROGRESS)
        if p.lead_assignment().due_on < today and p.lead_assignment().signed_on
    ]

    assert len(overdue) == 1
    assert not overdue[0].replies.exists()


def test_the_deadlines_of_open_demo_proposals_are_live(loaded):
    today = timezone.localdate()

    unsigned = demo_proposals().get(status=ProposalStatus.ASSIGNED).lead_assignment()
    assert today < unsigned.due_on <= today + timezone.timedelta(days=30)
    extended = demo_proposals().get(status=ProposalStatus.IN_PROGRESS, assignments__extension_state="approved")
    assert extended.lead_assignment().due_on > today
    rehandling = demo_proposals().get(status=ProposalStatus.REHANDLING)
    assert rehandling.lead_assignment().due_on > today
    assert Feedback.objects.get(reply__proposal=rehandling).result == Rating.UNSATISFIED


def test_the_b_reply_has_open_commitments_with_progress(loaded):
    reply = Reply.objects.get(proposal__in=demo_proposals(), category__code="B")

    assert reply.proposal.status == ProposalStatus.REPLIED
    assert [c for c in reply.commitments.all() if c.is_open]
    assert Commitment.objects.filter(reply=reply, progress_updates__isnull=False).exists()


def test_the_other_deputy_has_a_proposal_only_the_other_unit_handles_and_nobody_sees_publicly(loaded):
    chen = get_user_model().objects.get(username="deputy_other").deputy
    proposal = Proposal.objects.get(lead_deputy=chen, assignments__unit__name="厦门市工业和信息化局")

    assert [a.unit.name for a in proposal.assignments.all()] == ["厦门市工业和信息化局"]
    reply = proposal.replies.get()
    assert reply.category.code == "C"
    assert reply.disclosure != Disclosure.PUBLIC


def test_several_demo_proposals_have_cosigners_and_co_handling_units(loaded):
    assert demo_proposals().filter(co_deputies__isnull=False).distinct().count() >= 3
    co_handled = demo_proposals().filter(assignments__role=AssignmentRole.CO_HANDLING).distinct()
    assert co_handled.count() >= 3


@pytest.mark.parametrize(
    ("username", "role", "unit"),
    [
        ("office", Role.OFFICE, "厦门市人大常委会代表工作室"),
        ("supervisor", Role.SUPERVISOR, "厦门市人民政府督查室"),
        ("unit_huli", Role.UNIT, "湖里区人民政府"),
        ("unit_other", Role.UNIT, "厦门市工业和信息化局"),
        ("deputy_zhong", Role.DEPUTY, None),
        ("deputy_other", Role.DEPUTY, None),
    ],
)
def test_the_demo_users_log_in_with_their_roles(loaded, client, username, role, unit):
    user = get_user_model().objects.get(username=username)

    assert client.login(username=username, password="demo")
    assert group_name(role) in user.groups.values_list("name", flat=True)
    assert role in user_roles(user)
    assert user.is_staff == (role != Role.DEPUTY)
    assert user.first_name
    assert list(user.handling_units.values_list("name", flat=True)) == ([unit] if unit else [])


def test_the_office_is_a_superuser_and_the_deputies_are_linked(loaded):
    User = get_user_model()

    assert User.objects.get(username="office").is_superuser
    assert Deputy.objects.get(user__username="deputy_zhong").name == "钟庆达"
    other = Deputy.objects.get(user__username="deputy_other")
    assert other.name != "钟庆达"
    assert other.led_proposals.filter(title__startswith="【演示】").exists()


def test_the_units_have_their_kinds(loaded):
    kinds = dict(HandlingUnit.objects.values_list("name", "kind"))

    assert kinds["湖里区人民政府"] == UnitKind.GOVERNMENT
    assert kinds["厦门市人大常委会代表工作室"] == UnitKind.CONGRESS_OFFICE
    assert kinds["厦门市人民政府督查室"] == UnitKind.SUPERVISION_OFFICE
    assert kinds["厦门市工业和信息化局"] == UnitKind.DEPARTMENT


def test_a_second_run_keeps_a_changed_password(loaded):
    user = get_user_model().objects.get(username="office")
    user.set_password("changed-later")
    user.save()

    call_command("load_demo", stdout=StringIO())

    user.refresh_from_db()
    assert user.check_password("changed-later")


def test_the_letter_constants_are_what_the_reply_holds(loaded):
    reply = Reply.objects.get(document_number=LETTER)

    assert [{"heading": s.heading, "text": s.text} for s in reply.sections.all()] == demo.REPLY_0119["sections"]
    assert [m.text for m in reply.measures.all()] == [m["text"] for m in demo.REPLY_0119["measures"]]
