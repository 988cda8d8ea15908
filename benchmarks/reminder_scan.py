"""How long one reminder scan takes over 100,000 open assignments.

    python benchmarks/reminder_scan.py [--assignments 100000] [--database-url postgres://postgres@127.0.0.1:5432/proposals_bench]

Creates (or empties) the benchmark database, migrates it, seeds open assignments whose due dates
spread from 120 days ago to 120 days ahead, then times the first scan (which records every
overdue and due-soon reminder: the backlog of a first run), a second scan the same day (which
records nothing: every later run) and the delivery of a sample of the recorded reminders.
Prints figures; asserts nothing.
"""

import argparse
import os
import sys
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def recreate_database(url: str) -> None:
    import psycopg2

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    conn = psycopg2.connect(
        host=parsed.hostname, port=parsed.port or 5432, user=parsed.username or "postgres", dbname="postgres"
    )
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--assignments", type=int, default=100_000)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/proposals_bench")
    parser.add_argument("--deliver", type=int, default=2000, help="how many recorded reminders to deliver and time")
    args = parser.parse_args()

    recreate_database(args.database_url)
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.pop("CELERY_BROKER_URL", None)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from proposals.models import Assignment, CongressSession, Deputy, HandlingUnit, Proposal, ProposalStatus, Reminder
    from proposals.reminders import reminder_deliver, reminders_scan

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"migrate: {time.perf_counter() - started:.1f}s")

    today = timezone.localdate()
    session = CongressSession.objects.create(body="基准测试人大", term=1, sitting=1, name="基准测试会议")
    units = HandlingUnit.objects.bulk_create(HandlingUnit(name=f"基准单位{i}") for i in range(50))
    deputy = Deputy.objects.create(name="基准代表")
    n = args.assignments
    started = time.perf_counter()
    proposals = Proposal.objects.bulk_create(
        (
            Proposal(
                session=session,
                number=f"{i:06d}",
                title=f"基准建议{i}",
                lead_deputy=deputy,
                submitted_on=today - timedelta(days=200),
                status=ProposalStatus.IN_PROGRESS,
            )
            for i in range(n)
        ),
        batch_size=5000,
    )
    Assignment.objects.bulk_create(
        (
            Assignment(
                proposal=p,
                unit=units[i % len(units)],
                assigned_on=today - timedelta(days=200),
                due_on=today + timedelta(days=(i % 241) - 120),
                due_explanation="基准数据",
            )
            for i, p in enumerate(proposals)
        ),
        batch_size=5000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"seed {n} proposals + assignments: {time.perf_counter() - started:.1f}s")

    for label in ("first scan (records reminders)", "second scan, same day (records none)"):
        started = time.perf_counter()
        result = reminders_scan(today=today)
        print(f"{label}: {time.perf_counter() - started:.2f}s, recorded {result.recorded}")
    pending = list(Reminder.objects.filter(delivered_at__isnull=True).values_list("pk", flat=True)[: args.deliver])
    started = time.perf_counter()
    delivered = sum(reminder_deliver(pk) for pk in pending)
    elapsed = time.perf_counter() - started
    print(f"deliver {delivered} reminders: {elapsed:.2f}s ({1000 * elapsed / max(delivered, 1):.1f} ms each)")


if __name__ == "__main__":
    main()
