import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from proposals.calendar import due_from
from proposals.deadlines import STEPS
from proposals.models import CongressSession


class Command(BaseCommand):
    help = "When is it due? Computes a statutory due date from a start date under a session's policy."

    def add_arguments(self, parser):
        parser.add_argument("step", help=f"one of: {', '.join(STEPS)}")
        parser.add_argument("start", help="the date the period counts from (YYYY-MM-DD)")
        parser.add_argument("--session", help="congress session name (default rules when omitted)")
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args, step, start, session=None, json=False, **options):
        if step not in STEPS:
            raise CommandError(f"unknown step {step!r}; one of: {', '.join(STEPS)}")
        try:
            start_date = date.fromisoformat(start)
        except ValueError:
            raise CommandError(f"not an ISO date (YYYY-MM-DD): {start!r}") from None
        congress_session = None
        if session:
            congress_session = CongressSession.objects.filter(name=session).first()
            if congress_session is None:
                raise CommandError(f"no congress session named {session!r}")
        due = due_from(step, start_date, session=congress_session)
        if json:
            self.stdout.write(_json_dumps(due.as_dict()))
        else:
            flag = "" if due.calendar_confirmed else " [calendar not confirmed]"
            self.stdout.write(f"{due.due:%Y-%m-%d}{flag}\n{due.explanation}")


def _json_dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False)
