"""Celery tasks: thin shells over the services, scheduled with django-celery-beat."""

from datetime import date

from celery import shared_task

from proposals.reminders import reminders_deliver_pending, reminders_scan


@shared_task(name="proposals.tasks.scan_reminders")
def scan_reminders(today: str | None = None) -> dict[str, int]:
    """Record today's reminders, then (after that commit) deliver every undelivered one."""
    result = reminders_scan(today=date.fromisoformat(today) if today else None)
    delivered = reminders_deliver_pending()
    return {"recorded": result.recorded, "delivered": delivered}
