"""Due dates on the real official calendar (seeded from chinesecalendar by migration)."""

import datetime
import json

import pytest
from django.core.management import CommandError, call_command

from proposals import deadlines
from proposals.calendar import calendar_around, due_from, policy_create_defaults
from proposals.deadlines import Policy, Rule, compute_due, provisional_is_working_day
from proposals.models import CalendarDay, CalendarYear
from proposals.services import deadlines_recompute, proposal_assign
from proposals.tests.factories import CongressSessionFactory, ProposalFactory

D = datetime.date.fromisoformat

pytestmark = pytest.mark.django_db

CASES = [
    # step, start, due, confirmed, explanation ends with
    ("reply", "2025-02-10", "2025-05-12", True, "= 2025-05-10 (Saturday) -> rolled to next working day 2025-05-12"),
    ("reply", "2024-11-30", "2025-02-28", True, "+ 3 months = 2025-02-28 (Friday)"),  # no 30 February
    ("reply", "2023-11-30", "2024-02-29", True, "+ 3 months = 2024-02-29 (Thursday)"),  # leap year
    ("reply", "2025-07-01", "2025-10-09", True, "2025-10-01 (Wednesday) -> rolled to next working day 2025-10-09"),
    (
        "reply",
        "2026-12-01",
        "2027-03-01",
        False,
        "provisional calendar for 2027 (Monday-Friday minus statutory holidays)",
    ),
    (
        "extended_reply",
        "2025-02-10",
        "2025-08-11",
        True,
        "+ 6 months = 2025-08-10 (Sunday) -> rolled to next working day 2025-08-11",
    ),
    ("co_handling_opinion", "2025-02-10", "2025-04-10", True, "+ 2 months = 2025-04-10 (Thursday)"),
    # Sunday 20 September 2026 is a working day (调休 for National Day): no rolling, and it says so.
    ("co_handling_opinion", "2026-07-20", "2026-09-20", True, "+ 2 months = 2026-09-20 (Sunday, a working day)"),
    # Spring Festival 2025: 28 Jan - 4 Feb off, Sunday 26 Jan a working day (调休).
    ("return_request", "2025-01-24", "2025-02-07", True, "+ 5 working days = 2025-02-07 (Friday)"),
    # National Day 2025: 1-8 Oct off, Sunday 28 Sep and Saturday 11 Oct working days.
    ("rating", "2025-09-25", "2025-10-22", True, "+ 15 working days = 2025-10-22 (Wednesday)"),
    (
        "rating",
        "2026-12-20",
        "2027-01-11",
        False,
        "provisional calendar for 2027 (Monday-Friday minus statutory holidays)",
    ),
    ("rehandling_order", "2025-05-30", "2025-06-09", True, "+ 5 working days = 2025-06-09 (Monday)"),
    ("rehandling_reply", "2025-01-31", "2025-02-28", True, "+ 1 month = 2025-02-28 (Friday)"),  # from 31 January
    ("publication", "2025-01-20", "2025-02-21", True, "+ 20 working days = 2025-02-21 (Friday)"),
    ("publication", "2026-09-30", "2026-11-03", True, "+ 20 working days = 2026-11-03 (Tuesday)"),
]


@pytest.mark.parametrize(("step", "start", "due", "confirmed", "tail"), CASES)
def test_due_dates_follow_the_official_calendar(step, start, due, confirmed, tail):
    result = due_from(step, D(start), session=None)
    assert (result.due, result.calendar_confirmed) == (D(due), confirmed)
    assert result.explanation.endswith(tail)


def test_the_example_explanation_reads_in_full():
    assert due_from("reply", D("2025-02-10"), session=None).explanation == (
        "交办 2025-02-10 + 3 months = 2025-05-10 (Saturday) -> rolled to next working day 2025-05-12"
    )


def test_rolling_can_be_turned_off():
    policy = Policy(roll_forward=False)
    result = compute_due("reply", D("2025-07-01"), policy=policy, calendar=calendar_around(D("2025-07-01")))
    assert result.due == D("2025-10-01")
    assert result.explanation.endswith("-> not a working day; rolling is off")


def test_a_provisional_year_knows_the_statutory_holidays_but_not_the_swaps():
    assert not provisional_is_working_day(D("2027-01-01"))  # New Year, a Friday
    assert not provisional_is_working_day(D("2027-02-05"))  # Spring Festival eve (除夕)
    assert not provisional_is_working_day(D("2027-02-08"))  # 3rd day of the first lunar month
    assert not provisional_is_working_day(D("2027-04-05"))  # Qingming
    assert not provisional_is_working_day(D("2027-06-09"))  # Dragon Boat
    assert not provisional_is_working_day(D("2027-09-15"))  # Mid-Autumn
    assert not provisional_is_working_day(D("2027-10-01"))
    assert provisional_is_working_day(D("2027-02-09"))
    assert not provisional_is_working_day(D("2027-02-13"))  # a Saturday: swaps are not guessed


def test_the_seeded_calendar_covers_2004_to_2026_officially():
    official = set(CalendarYear.objects.filter(is_official=True).values_list("year", flat=True))
    assert official == set(range(2004, 2027))
    assert CalendarDay.objects.get(date=D("2025-01-26")).is_working_day  # 调休 Sunday
    assert CalendarDay.objects.get(date=D("2025-10-08")).name == "国庆节"


def test_a_session_policy_changes_the_numbers():
    session = CongressSessionFactory(closed_on=D("2025-01-14"))
    policy = policy_create_defaults(session)
    policy.rules.filter(step="reply").update(length=2)
    policy.roll_forward = False
    policy.save()
    assert due_from("reply", D("2025-02-10"), session=session).due == D("2025-04-10")
    assert due_from("rating", D("2025-05-07"), session=session).due == D("2025-05-28")  # untouched step


def test_a_policy_may_count_the_reply_from_the_session_closing_day(office, huli):
    session = CongressSessionFactory(opened_on=D("2025-01-10"), closed_on=D("2025-01-14"))
    policy_create_defaults(session).rules.filter(step="reply").update(counted_from="session_close")
    proposal = ProposalFactory(session=session, submitted_on=D("2025-01-12"))
    [lead] = proposal_assign(proposal=proposal, actor=office, lead_unit=huli, assigned_on=D("2025-02-10"))
    assert lead.due_on == D("2025-04-14")
    assert lead.due_explanation.startswith("闭会 2025-01-14 + 3 months")


def test_entering_the_official_calendar_recomputes_open_due_dates_with_a_reason(office, huli):
    proposal = ProposalFactory(submitted_on=D("2026-11-01"))
    [lead] = proposal_assign(proposal=proposal, actor=office, lead_unit=huli, assigned_on=D("2026-11-20"))
    assert (lead.due_on, lead.due_confirmed) == (D("2027-02-22"), False)  # Saturday 20 Feb rolled
    CalendarYear.objects.create(year=2027, is_official=True, source="国务院办公厅通知（测试）")
    CalendarDay.objects.create(date=D("2027-02-22"), is_working_day=False, name="春节")
    assert deadlines_recompute(reason="录入2027年官方日历") == 1
    lead.refresh_from_db()
    assert (lead.due_on, lead.due_confirmed) == (D("2027-02-23"), True)
    latest = lead.history.first()
    assert latest.history_change_reason == "录入2027年官方日历"
    assert latest.prev_record.due_on == D("2027-02-22")
    assert deadlines_recompute(reason="again") == 0


def test_an_unknown_step_is_refused():
    with pytest.raises(ValueError, match="unknown step"):
        compute_due("answer", D("2025-01-01"), calendar=deadlines.TableCalendar())


def test_a_rule_in_working_days_counts_after_the_start_day():
    policy = Policy(rules={"x": Rule(1, deadlines.WORKING_DAYS, "reply")})
    result = compute_due("x", D("2025-05-09"), policy=policy, calendar=calendar_around(D("2025-05-09")))
    assert result.due == D("2025-05-12")  # Friday + 1 working day = Monday


def test_the_deadline_command_prints_json(capsys):
    call_command("deadline", "reply", "2025-02-10", "--json")
    data = json.loads(capsys.readouterr().out)
    assert data == {
        "step": "reply",
        "start": "2025-02-10",
        "due": "2025-05-12",
        "calendar_confirmed": True,
        "explanation": "交办 2025-02-10 + 3 months = 2025-05-10 (Saturday) -> rolled to next working day 2025-05-12",
    }


def test_the_deadline_command_uses_a_named_session(capsys):
    session = CongressSessionFactory(name="测试会议")
    policy_create_defaults(session).rules.filter(step="reply").update(length=1)
    call_command("deadline", "reply", "2025-02-10", "--session", "测试会议")
    assert capsys.readouterr().out.startswith("2025-03-10\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["answer", "2025-02-10"], "unknown step 'answer'"),
        (["reply", "2025-02-30"], "not an ISO date"),
        (["reply", "2025-02-10", "--session", "无此会议"], "no congress session named"),
    ],
)
def test_the_deadline_command_refuses_bad_input_in_one_line(args, message):
    with pytest.raises(CommandError, match=message):
        call_command("deadline", *args)


def test_the_deadline_command_exits_non_zero_without_a_traceback():
    import subprocess
    import sys

    from django.conf import settings

    result = subprocess.run(
        [sys.executable, "manage.py", "deadline", "answer", "2025-02-10"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().count("\n") == 0


def test_a_return_request_after_five_working_days_is_refused(office, huli, unit_huli):
    from proposals.errors import WorkflowError
    from proposals.services import assignment_return

    proposal = ProposalFactory(submitted_on=D("2025-01-12"))
    [lead] = proposal_assign(proposal=proposal, actor=office, lead_unit=huli, assigned_on=D("2025-01-24"))
    # 5 working days after Friday 24 January 2025 across the Spring Festival = Friday 7 February.
    with pytest.raises(WorkflowError, match="5 working days = 2025-02-07") as err:
        assignment_return(assignment=lead, actor=unit_huli, reason="职责不符", returned_on=D("2025-02-10"))
    assert err.value.code == "too_late"
    assignment_return(assignment=lead, actor=unit_huli, reason="职责不符", returned_on=D("2025-02-07"))


def test_an_approved_extension_tells_the_deputy_and_explains_the_new_date(
    office, huli, unit_huli, mailoutbox, django_capture_on_commit_callbacks
):
    from proposals.services import assignment_extension_decide, assignment_extension_request
    from proposals.tests.factories import DeputyFactory

    deputy = DeputyFactory(name="钟庆达", email="zhong@example.cn")
    proposal = ProposalFactory(submitted_on=D("2025-01-12"), lead_deputy=deputy)
    [lead] = proposal_assign(proposal=proposal, actor=office, lead_unit=huli, assigned_on=D("2025-02-10"))
    assignment_extension_request(assignment=lead, actor=unit_huli, reason="涉及多部门协调", due_on=D("2025-08-11"))
    with django_capture_on_commit_callbacks(execute=True):
        assignment_extension_decide(assignment=lead, actor=office, approve=True)
    lead.refresh_from_db()
    assert (lead.due_on, lead.due_step) == (D("2025-08-11"), "extension")
    assert "2025-05-12 -> 2025-08-11" in lead.due_explanation
    assert "2025-08-10 (Sunday) -> rolled to next working day 2025-08-11" in lead.due_explanation
    [message] = mailoutbox
    assert message.to == ["zhong@example.cn"]
    assert "2025年08月11日" in message.body and "涉及多部门协调" in message.body


def test_the_daily_scan_is_scheduled_in_celery_beat_and_editable():
    from django_celery_beat.models import PeriodicTask

    from config.celery import app

    task = PeriodicTask.objects.get(task="proposals.tasks.scan_reminders")
    assert task.enabled and (task.crontab.hour, task.crontab.minute) == ("8", "0")
    assert str(task.crontab.timezone) == "Asia/Shanghai"
    app.loader.import_default_modules()
    assert "proposals.tasks.scan_reminders" in app.tasks
