from django.core.management.base import BaseCommand

from proposals.calendar import seed_from_chinesecalendar
from proposals.services import deadlines_recompute


class Command(BaseCommand):
    help = (
        "Load the official working-day calendar that the installed chinesecalendar package knows "
        "(holidays and 调休 working weekends), then recompute every open due date."
    )

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="first", type=int, help="first year (default: the package's first)")
        parser.add_argument("--to", dest="last", type=int, help="last year (default: the package's last)")

    def handle(self, *args, first=None, last=None, **options):
        summary = seed_from_chinesecalendar(first, last)
        changed = deadlines_recompute(reason="工作日历更新（chinesecalendar）")
        self.stdout.write(
            f"calendar: {summary['years']} official year(s), {summary['created']} day(s) added, "
            f"{summary['updated']} changed; {changed} open due date(s) recomputed"
        )
