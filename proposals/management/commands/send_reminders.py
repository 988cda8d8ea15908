from datetime import date

from django.core.management.base import BaseCommand, CommandError

from proposals.reminders import reminders_deliver_pending, reminders_scan


def iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"not an ISO date (YYYY-MM-DD): {value!r}") from None


class Command(BaseCommand):
    help = "Record today's deadline reminders once and deliver every undelivered one (the Celery beat job, for cron)."

    def add_arguments(self, parser):
        parser.add_argument("--today", type=str, help="scan as if today were this date (YYYY-MM-DD)")
        parser.add_argument(
            "--dry-run", action="store_true", help="list what would be recorded; write and send nothing"
        )

    def handle(self, *args, today=None, dry_run=False, **options):
        today = iso_date(today) if today else None
        result = reminders_scan(today=today, dry_run=dry_run)
        if dry_run:
            for reminder in result.candidates:
                unit = reminder.unit.name if reminder.unit else "代表工作机构"
                self.stdout.write(
                    f"would record: {reminder.get_kind_display()} 第{reminder.proposal.number}号 {unit} "
                    f"due {reminder.due_on} ({reminder.item_key})"
                )
            self.stdout.write(f"dry run: {len(result.candidates)} candidate(s), nothing written or sent")
            self.stdout.write("recorded 0, delivered 0")
            return
        delivered = reminders_deliver_pending()
        self.stdout.write(f"recorded {result.recorded}, delivered {delivered}")
