"""Deadline reminders: recorded once per (item, kind, due date, offset), delivered once after commit."""

import datetime
import threading

import pytest
from django.core import mail
from django.core.management import call_command

from proposals.models import Reminder, ReminderKind, UnitKind
from proposals.reminders import reminders_deliver_pending, reminders_scan
from proposals.services import (
    assignment_extension_decide,
    assignment_extension_request,
    assignment_sign,
    proposal_assign,
)
from proposals.tests.factories import HandlingUnitFactory, ProposalFactory, UserFactory

D = datetime.date.fromisoformat


@pytest.fixture
def supervision(db):
    unit = HandlingUnitFactory(
        name="厦门市人民政府督查室", kind=UnitKind.SUPERVISION_OFFICE, email="duchashi@example.cn"
    )
    unit.staff.add(UserFactory(username="duban", email="duban@example.cn"))
    return unit


@pytest.fixture
def huli_staffed(huli, unit_huli):
    huli.email = "huli@example.cn"
    huli.save()
    unit_huli.email = "unit_huli@example.cn"
    unit_huli.save()
    return huli


def assign(office, unit, assigned_on, **kwargs):
    proposal = ProposalFactory(submitted_on=D("2025-01-12"), **kwargs)
    [lead] = proposal_assign(proposal=proposal, actor=office, lead_unit=unit, assigned_on=D(assigned_on))
    return lead


def test_a_reminder_is_recorded_at_each_offset_before_the_due_date(office, huli_staffed):
    lead = assign(office, huli_staffed, "2025-02-10")  # due Monday 2025-05-12
    recorded = {day: reminders_scan(today=D(day)).recorded for day in ["2025-04-12", "2025-04-13", "2025-05-05"]}
    assert recorded == {"2025-04-12": 1, "2025-04-13": 0, "2025-05-05": 1}  # 30 and 7 days before
    assert list(Reminder.objects.order_by("offset").values_list("kind", "offset", "due_on", "assignment")) == [
        (ReminderKind.UPCOMING, 7, D("2025-05-12"), lead.pk),
        (ReminderKind.UPCOMING, 30, D("2025-05-12"), lead.pk),
    ]


def test_a_day_the_scan_did_not_run_is_caught_up_once(office, huli_staffed):
    assign(office, huli_staffed, "2025-02-10")  # due Monday 2025-05-12
    # Nothing ran on 5 May (7 days before): the next run records the 7-day reminder, once.
    assert reminders_scan(today=D("2025-05-07")).recorded == 1
    assert reminders_scan(today=D("2025-05-08")).recorded == 0
    assert reminders_scan(today=D("2025-05-10")).recorded == 1  # 2 days left: the 3-day one
    assert list(Reminder.objects.order_by("-offset").values_list("offset", flat=True)) == [7, 3]
    assert "还有5天" in Reminder.objects.get(offset=7).message


def test_a_second_scan_on_the_same_day_records_nothing_and_sends_nothing(office, huli_staffed, supervision):
    assign(office, huli_staffed, "2025-02-10")
    first = reminders_scan(today=D("2025-05-13"))
    assert (first.recorded, reminders_deliver_pending()) == (1, 1)
    assert (reminders_scan(today=D("2025-05-13")).recorded, reminders_deliver_pending()) == (0, 0)
    assert (reminders_scan(today=D("2025-05-20")).recorded, reminders_deliver_pending()) == (0, 0)  # overdue once
    assert len(mail.outbox) == 1


def test_overdue_notices_go_to_the_unit_and_the_supervision_office(office, huli_staffed, supervision):
    assign(office, huli_staffed, "2025-02-10")
    reminders_scan(today=D("2025-05-13"))
    reminders_deliver_pending()
    [message] = mail.outbox
    assert set(message.to) == {"huli@example.cn", "unit_huli@example.cn", "duchashi@example.cn", "duban@example.cn"}
    assert "逾期" in message.subject
    assert "rolled to next working day 2025-05-12" in message.body
    reminder = Reminder.objects.get()
    assert reminder.kind == ReminderKind.OVERDUE and reminder.delivered_at is not None
    assert "duban@example.cn" in reminder.recipients


def test_an_upcoming_reminder_goes_to_the_unit_only(office, huli_staffed, supervision):
    assign(office, huli_staffed, "2025-02-10")
    reminders_scan(today=D("2025-05-11"))  # 1 day before
    reminders_deliver_pending()
    assert set(mail.outbox[0].to) == {"huli@example.cn", "unit_huli@example.cn"}


def test_returned_or_replied_items_get_no_reminders(office, huli_staffed, unit_huli):
    from proposals.services import assignment_return

    lead = assign(office, huli_staffed, "2025-02-10")
    assignment_return(assignment=lead, actor=unit_huli, reason="职责不符", returned_on=D("2025-02-11"))
    assert reminders_scan(today=D("2025-05-13")).recorded == 0


def test_reminders_follow_a_moved_due_date(office, huli_staffed, unit_huli):
    lead = assign(office, huli_staffed, "2025-02-10")
    reminders_scan(today=D("2025-05-05"))  # 7 days before 2025-05-12, recorded but not yet delivered
    assignment_sign(assignment=lead, actor=unit_huli, signed_on=D("2025-02-11"))
    assignment_extension_request(assignment=lead, actor=unit_huli, reason="需协调", due_on=D("2025-06-12"))
    assignment_extension_decide(assignment=lead, actor=office, approve=True)
    assert reminders_deliver_pending() == 0  # the reminder about 2025-05-12 is void
    stale = Reminder.objects.get()
    assert stale.cancelled_at is not None and stale.delivered_at is None
    assert reminders_scan(today=D("2025-06-05")).recorded == 1  # 7 days before the new date
    assert reminders_scan(today=D("2025-05-14")).recorded == 0  # not overdue any more
    assert reminders_deliver_pending() == 1


def test_a_due_date_on_a_provisional_calendar_warns_the_congress_office(office, huli_staffed):
    congress = HandlingUnitFactory(name="市人大常委会代表工作室", kind=UnitKind.CONGRESS_OFFICE, email="rd@example.cn")
    assert congress
    lead = assign(office, huli_staffed, "2026-11-20")  # due 2027-02-22 on the provisional 2027 calendar
    assert not lead.due_confirmed
    assert reminders_scan(today=D("2026-11-27")).recorded == 1
    reminders_deliver_pending()
    reminder = Reminder.objects.get()
    assert reminder.kind == ReminderKind.PROVISIONAL and reminder.unit is None
    assert mail.outbox[0].to == ["rd@example.cn"]
    assert reminders_scan(today=D("2026-11-28")).recorded == 0


def test_the_command_reports_recorded_and_delivered_on_its_last_line(office, huli_staffed, capsys):
    assign(office, huli_staffed, "2025-02-10")
    call_command("send_reminders", "--today", "2025-05-13", "--dry-run")
    out = capsys.readouterr().out.strip().splitlines()
    assert out[-1] == "recorded 0, delivered 0" and "would record" in out[0]
    assert not Reminder.objects.exists()
    call_command("send_reminders", "--today", "2025-05-13")
    assert capsys.readouterr().out.strip().splitlines()[-1] == "recorded 1, delivered 1"
    call_command("send_reminders", "--today", "2025-05-13")
    assert capsys.readouterr().out.strip().splitlines()[-1] == "recorded 0, delivered 0"


def test_the_command_refuses_a_bad_date():
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="not an ISO date"):
        call_command("send_reminders", "--today", "13/05/2025")


def test_the_demo_data_has_items_the_scan_picks_up_today(db, settings):
    settings.DEBUG = True
    call_command("load_demo", verbosity=0)
    assert reminders_scan().recorded >= 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_scans_racing_record_and_deliver_each_reminder_once(office, huli_staffed, supervision):
    from django.db import connection

    for day in ("2025-02-10", "2025-02-11", "2025-02-12"):
        assign(office, huli_staffed, day)
    barrier, results = threading.Barrier(2), []

    def scan():
        try:
            barrier.wait()
            results.append((reminders_scan(today=D("2025-05-20")).recorded, reminders_deliver_pending()))
        finally:
            connection.close()

    threads = [threading.Thread(target=scan) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(recorded for recorded, _ in results) == 3
    assert sum(delivered for _, delivered in results) == 3
    assert Reminder.objects.count() == 3 and len(mail.outbox) == 3


def test_a_reminder_the_mail_server_refuses_does_not_hold_up_the_others(office, huli_staffed, monkeypatch):
    from proposals import reminders

    assign(office, huli_staffed, "2025-02-10")
    assign(office, huli_staffed, "2025-02-11")
    reminders_scan(today=D("2025-05-20"))
    first, second = Reminder.objects.order_by("id")
    real_send = reminders.reminder_deliver

    def refuse_the_first(pk):
        if pk == first.pk:
            raise ConnectionRefusedError("mail server down")
        return real_send(pk)

    monkeypatch.setattr(reminders, "reminder_deliver", refuse_the_first)
    assert reminders_deliver_pending() == 1
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.delivered_at is None and first.attempts == 1 and "mail server down" in first.last_error
    assert second.delivered_at is not None
    monkeypatch.setattr(reminders, "reminder_deliver", real_send)
    assert reminders_deliver_pending() == 1  # the next run delivers it
