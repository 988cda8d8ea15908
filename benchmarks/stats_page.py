"""How long the handling statistics take on 100,000 proposals.

    python benchmarks/stats_page.py [--proposals 100000] [--database-url postgres://postgres@127.0.0.1:5432/proposals_bench_stats]

Creates (or empties) the benchmark database, migrates it, seeds proposals across 40 units with
lead assignments, replies (70 %, categories A/B/C, some re-handled), contacts, ratings and
commitments, then prints the median time of the figures (the selector) and of a full /stats/
page render for the office, over 5 runs each. Prints figures; asserts nothing.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.reminder_scan import recreate_database  # noqa: E402


def timed(fn, runs=5) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--proposals", type=int, default=100_000)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/proposals_bench_stats")
    parser.add_argument("--reuse", action="store_true", help="time an already seeded benchmark database")
    args = parser.parse_args()

    if not args.reuse:
        recreate_database(args.database_url)
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.pop("CELERY_BROKER_URL", None)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from proposals.models import Assignment, CongressSession, Contact, Deputy, HandlingUnit, Proposal
    from responses.models import Commitment, Feedback, Reply, ReplyCategory

    call_command("migrate", verbosity=0)
    if args.reuse:
        return measure(CongressSession.objects.get(name="基准测试会议"))
    today = timezone.localdate()
    start = today - timedelta(days=300)
    session = CongressSession.objects.create(body="基准测试人大", term=1, sitting=1, name="基准测试会议")
    units = HandlingUnit.objects.bulk_create(HandlingUnit(name=f"基准单位{i:02d}") for i in range(40))
    deputy = Deputy.objects.create(name="基准代表")
    categories = list(ReplyCategory.objects.order_by("code"))
    n = args.proposals
    started = time.perf_counter()
    proposals = Proposal.objects.bulk_create(
        (
            Proposal(session=session, number=f"{i:06d}", title=f"基准建议{i}", lead_deputy=deputy, submitted_on=start)
            for i in range(n)
        ),
        batch_size=5000,
    )
    assignments = Assignment.objects.bulk_create(
        (
            Assignment(
                proposal=p, unit=units[i % 40], assigned_on=start, due_on=start + timedelta(days=90), state="signed"
            )
            for i, p in enumerate(proposals)
        ),
        batch_size=5000,
    )
    replied = [(i, p) for i, p in enumerate(proposals) if i % 10 < 7]
    replies = Reply.objects.bulk_create(
        (
            Reply(
                proposal=p,
                unit=units[i % 40],
                document_number=f"基准〔2025〕{i}号",
                category=categories[i % 3],
                issued_on=start + timedelta(days=60 + i % 60),
                due_on_at_issue=start + timedelta(days=90),
            )
            for i, p in replied
        ),
        batch_size=5000,
    )
    Contact.objects.bulk_create(
        (Contact(assignment=a, contacted_on=start + timedelta(days=30)) for i, a in enumerate(assignments) if i % 2),
        batch_size=5000,
    )
    Feedback.objects.bulk_create(
        (
            Feedback(
                reply=r,
                deputy=deputy,
                attitude="satisfied",
                result=("satisfied", "unsatisfied")[i % 5 == 0],
                rated_on=r.issued_on,
            )
            for i, r in enumerate(replies)
            if i % 2
        ),
        batch_size=5000,
    )
    Commitment.objects.bulk_create(
        (
            Commitment(
                reply=r, text="基准承诺", responsible_unit_id=r.unit_id, due_on=today + timedelta(days=i % 200 - 100)
            )
            for i, r in enumerate(replies)
        ),
        batch_size=5000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"seed {n} proposals, {len(replies)} replies: {time.perf_counter() - started:.1f}s")
    measure(session)


def measure(session) -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.test import Client

    from proposals.roles import Role, group_name
    from proposals.stats import handling_stats

    office, _ = get_user_model().objects.get_or_create(username="bench_office", defaults={"is_staff": True})
    office.groups.add(Group.objects.get(name=group_name(Role.OFFICE)))
    table = handling_stats(user=office, session=session)
    print(f"total: assigned {table.total.assigned}, replied {table.total.replied}, {table.total.reply_rate} 办复率")
    print(f"figures (selector), median of 5: {timed(lambda: handling_stats(user=office, session=session)):.3f}s")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(office)
    url = f"/stats/?session={session.pk}"
    print(f"/stats/ page, median of 5: {timed(lambda: client.get(url)):.3f}s")


if __name__ == "__main__":
    main()
