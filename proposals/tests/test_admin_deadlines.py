"""Office staff edit the working-day calendar and the per-session deadline policy in the admin."""

import datetime

import pytest
from django.contrib import admin
from django.urls import reverse

from proposals.calendar import policy_create_defaults
from proposals.models import CalendarDay, CalendarYear, DeadlinePolicy, Reminder
from proposals.reminders import reminders_scan
from proposals.services import proposal_assign
from proposals.tests.factories import CongressSessionFactory, ProposalFactory

D = datetime.date.fromisoformat
pytestmark = pytest.mark.django_db

OUR_APPS = {"proposals", "responses", "industry"}


def test_every_registered_model_has_a_working_list_for_the_office(client, office):
    client.force_login(office)
    models = [m for m in admin.site._registry if m._meta.app_label in OUR_APPS]
    assert len(models) >= 20
    for model in models:
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        assert client.get(url).status_code == 200, url


@pytest.fixture
def open_assignment(office, huli):
    proposal = ProposalFactory(submitted_on=D("2026-11-01"))
    [lead] = proposal_assign(proposal=proposal, actor=office, lead_unit=huli, assigned_on=D("2026-11-20"))
    return lead


def test_entering_a_holiday_recomputes_open_due_dates(client, office, open_assignment):
    client.force_login(office)
    assert open_assignment.due_on == D("2027-02-22")
    response = client.post(
        reverse("admin:proposals_calendarday_add"),
        {"date": "2027-02-22", "is_working_day": "", "name": "春节"},
        follow=True,
    )
    assert response.status_code == 200
    assert "重新计算 1 个" in response.content.decode()
    open_assignment.refresh_from_db()
    assert open_assignment.due_on == D("2027-02-23")
    assert open_assignment.history.first().history_change_reason.startswith("工作日历修改")


def test_marking_a_year_official_confirms_its_due_dates(client, office, open_assignment):
    client.force_login(office)
    client.post(
        reverse("admin:proposals_calendaryear_add"), {"year": "2027", "is_official": "on", "source": "国办发明电"}
    )
    assert CalendarYear.objects.get(year=2027).is_official
    open_assignment.refresh_from_db()
    assert open_assignment.due_confirmed


def test_a_calendar_day_twice_is_a_form_error(client, office):
    client.force_login(office)
    response = client.post(reverse("admin:proposals_calendarday_add"), {"date": "2025-01-26", "is_working_day": "on"})
    assert response.status_code == 200 and "已存在" in response.content.decode()
    assert CalendarDay.objects.filter(date=D("2025-01-26")).count() == 1


def test_editing_a_session_policy_moves_its_open_due_dates(client, office, huli):
    session = CongressSessionFactory()
    proposal = ProposalFactory(session=session, submitted_on=D("2025-01-12"))
    [lead] = proposal_assign(proposal=proposal, actor=office, lead_unit=huli, assigned_on=D("2026-09-01"))
    assert lead.due_on == D("2026-12-01")
    policy = policy_create_defaults(session)
    rules = list(policy.rules.order_by("id"))
    data = {
        "session": session.pk,
        "roll_forward": "on",
        "reminder_offsets": "30,7,1",
        "rules-TOTAL_FORMS": len(rules),
        "rules-INITIAL_FORMS": len(rules),
        "rules-MIN_NUM_FORMS": 0,
        "rules-MAX_NUM_FORMS": 1000,
    }
    for i, rule in enumerate(rules):
        length = 4 if rule.step == "reply" else rule.length
        data |= {
            f"rules-{i}-id": rule.pk,
            f"rules-{i}-policy": policy.pk,
            f"rules-{i}-step": rule.step,
            f"rules-{i}-length": length,
            f"rules-{i}-unit": rule.unit,
            f"rules-{i}-counted_from": rule.counted_from,
        }
    client.force_login(office)
    response = client.post(reverse("admin:proposals_deadlinepolicy_change", args=[policy.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    lead.refresh_from_db()
    assert lead.due_on == D("2027-01-04")  # 1 January 2027 is a holiday, 2-3 January a weekend
    assert DeadlinePolicy.objects.get().offsets() == (30, 7, 1)


def test_unit_staff_see_only_their_own_reminders(client, unit_huli, unit_other, open_assignment):
    reminders_scan(today=D("2026-11-27"))
    Reminder.objects.update(unit=open_assignment.unit)
    for user, expected in ((unit_huli, 1), (unit_other, 0)):
        client.force_login(user)
        response = client.get(reverse("admin:proposals_reminder_changelist"))
        assert response.status_code == 200
        assert response.context["cl"].result_count == expected
