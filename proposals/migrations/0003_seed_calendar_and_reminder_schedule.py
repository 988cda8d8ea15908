from django.db import migrations


def seed_calendar(apps, schema_editor):
    from proposals.calendar import seed_from_chinesecalendar

    seed_from_chinesecalendar(
        day_model=apps.get_model("proposals", "CalendarDay"), year_model=apps.get_model("proposals", "CalendarYear")
    )


def schedule_reminder_scan(apps, schema_editor):
    """Daily at 08:00 Beijing time; staff can change the time in the admin (django-celery-beat)."""
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    schedule, _ = CrontabSchedule.objects.get_or_create(
        minute="0", hour="8", day_of_week="*", day_of_month="*", month_of_year="*", timezone="Asia/Shanghai"
    )
    PeriodicTask.objects.get_or_create(
        name="办理期限提醒扫描",
        defaults={
            "task": "proposals.tasks.scan_reminders",
            "crontab": schedule,
            "description": "每日扫描到期与逾期事项并发送提醒",
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0002_calendarday_calendaryear_assignment_due_confirmed_and_more"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [
        migrations.RunPython(seed_calendar, migrations.RunPython.noop),
        migrations.RunPython(schedule_reminder_scan, migrations.RunPython.noop),
    ]
