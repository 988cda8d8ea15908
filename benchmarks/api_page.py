"""How long one API page of 100 proposals takes, next to the same rows read with raw SQL and
serialized with orjson.

    python benchmarks/api_page.py [--proposals 100000] [--runs 30] [--database-url postgres://postgres@127.0.0.1:5432/proposals_api_bench]

Creates (or empties) the benchmark database, migrates it, seeds proposals, each with a lead
assignment, a reply and two commitments, then times (median of --runs) GET
/api/v1/proposals/?page_size=100 as the congress office (token auth, the whole request through
Django) for the first page and for a page deep in the list, and the same 100 rows read with raw
SQL (one query per table, as the API does) and dumped with orjson. Prints figures; asserts nothing.
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
sys.path.insert(0, str(ROOT / "benchmarks"))

from reminder_scan import recreate_database  # noqa: E402

RAW_PROPOSALS = """
SELECT p.id, s.id, s.name, p.number, p.title, d.id, d.name, p.status, p.submitted_on, p.topic, p.is_key, p.body,
       p.created_at, p.updated_at
FROM proposals_proposal p
JOIN proposals_congresssession s ON s.id = p.session_id
JOIN proposals_deputy d ON d.id = p.lead_deputy_id
WHERE p.updated_at <= now() AND (p.updated_at, p.id) > (%s, %s)
ORDER BY p.updated_at, p.id
LIMIT 101
"""
RAW_CO_DEPUTIES = """
SELECT c.proposal_id, d.id, d.name FROM proposals_proposal_co_deputies c JOIN proposals_deputy d ON d.id = c.deputy_id
WHERE c.proposal_id = ANY(%s)
"""
RAW_ASSIGNMENTS = """
SELECT a.proposal_id, a.id, u.id, u.name, a.role, a.state, a.assigned_on, a.due_on, a.due_explanation, a.due_confirmed,
       a.signed_on, a.returned_on, a.extension_state, a.extension_due_on
FROM proposals_assignment a JOIN proposals_handlingunit u ON u.id = a.unit_id
WHERE a.proposal_id = ANY(%s) ORDER BY a.role DESC, a.id
"""
RAW_REPLIES = """
SELECT r.proposal_id, r.id, r.document_number, c.code, r.issued_on, r.disclosure, r.state
FROM responses_reply r JOIN responses_replycategory c ON c.id = r.category_id
WHERE r.proposal_id = ANY(%s) ORDER BY r.issued_on, r.id
"""


def raw_page(cursor, after):
    import orjson

    cursor.execute(RAW_PROPOSALS, after)
    rows = cursor.fetchall()[:100]
    ids = [r[0] for r in rows]
    by_id = {}
    for r in rows:
        by_id[r[0]] = {
            "id": r[0],
            "session": {"id": r[1], "name": r[2]},
            "number": r[3],
            "title": r[4],
            "lead_deputy": {"id": r[5], "name": r[6]},
            "co_deputies": [],
            "status": r[7],
            "submitted_on": r[8],
            "topic": r[9],
            "is_key": r[10],
            "body": r[11],
            "assignments": [],
            "replies": [],
            "created_at": r[12],
            "updated_at": r[13],
        }
    cursor.execute(RAW_CO_DEPUTIES, [ids])
    for pid, did, name in cursor.fetchall():
        by_id[pid]["co_deputies"].append({"id": did, "name": name})
    cursor.execute(RAW_ASSIGNMENTS, [ids])
    keys = ("id", "unit", "role", "state", "assigned_on", "due_on", "due_explanation", "calendar_confirmed")
    keys2 = ("signed_on", "returned_on", "extension_state", "extension_due_on")
    for r in cursor.fetchall():
        item = dict(zip(keys, (r[1], {"id": r[2], "name": r[3]}, *r[4:10]), strict=True))
        item |= dict(zip(keys2, r[10:], strict=True))
        by_id[r[0]]["assignments"].append(item)
    cursor.execute(RAW_REPLIES, [ids])
    for r in cursor.fetchall():
        by_id[r[0]]["replies"].append(
            dict(zip(("id", "document_number", "category", "issued_on", "disclosure", "state"), r[1:], strict=True))
        )
    return orjson.dumps({"results": [by_id[i] for i in ids]}), rows[-1][13], rows[-1][0]


def median_ms(fn, runs: int) -> float:
    fn()  # warm up
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(1000 * (time.perf_counter() - started))
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--proposals", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/proposals_api_bench")
    args = parser.parse_args()

    recreate_database(args.database_url)
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["API_THROTTLE_USER"] = "1000000/minute"
    os.environ.pop("CELERY_BROKER_URL", None)

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone
    from rest_framework.authtoken.models import Token

    from proposals.models import Assignment, CongressSession, Deputy, HandlingUnit, Proposal, ProposalStatus
    from responses.models import Commitment, Reply, ReplyCategory

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"migrate: {time.perf_counter() - started:.1f}s")

    today = timezone.localdate()
    n = args.proposals
    started = time.perf_counter()
    session = CongressSession.objects.create(body="基准测试人大", term=1, sitting=1, name="基准测试会议")
    units = HandlingUnit.objects.bulk_create(HandlingUnit(name=f"基准单位{i}") for i in range(50))
    deputies = Deputy.objects.bulk_create(Deputy(name=f"基准代表{i}", delegation="基准代表团") for i in range(500))
    category = ReplyCategory.objects.get(code="A")
    body = "建议内容。" * 60
    for start in range(0, n, 10_000):
        chunk = range(start, min(n, start + 10_000))
        proposals = Proposal.objects.bulk_create(
            Proposal(
                session=session,
                number=f"{i:06d}",
                title=f"关于基准事项{i}的建议",
                lead_deputy=deputies[i % len(deputies)],
                body=body,
                topic="工业经济",
                submitted_on=today - timedelta(days=200),
                status=ProposalStatus.REPLIED,
            )
            for i in chunk
        )
        Proposal.co_deputies.through.objects.bulk_create(
            Proposal.co_deputies.through(proposal_id=p.pk, deputy_id=deputies[(i + 7) % len(deputies)].pk)
            for i, p in zip(chunk, proposals, strict=True)
        )
        Assignment.objects.bulk_create(
            Assignment(
                proposal=p,
                unit=units[i % len(units)],
                state="signed",
                assigned_on=today - timedelta(days=190),
                due_on=today - timedelta(days=100),
                due_explanation="交办 + 3 个月（基准数据）",
            )
            for i, p in zip(chunk, proposals, strict=True)
        )
        replies = Reply.objects.bulk_create(
            Reply(
                proposal=p,
                unit=units[i % len(units)],
                document_number=f"基准函〔2026〕{i}号",
                category=category,
                issued_on=today - timedelta(days=120),
                opening="您提出的建议收悉。现答复如下：",
            )
            for i, p in zip(chunk, proposals, strict=True)
        )
        Commitment.objects.bulk_create(
            Commitment(reply=r, position=k, text=f"承诺事项{k}", responsible_unit_id=r.unit_id, target_year=2027)
            for r in replies
            for k in (1, 2)
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"seed {n} proposals + assignments + replies + {2 * n} commitments: {time.perf_counter() - started:.1f}s")

    office = get_user_model().objects.create_superuser("bench_office", password="bench")
    token = Token.objects.create(user=office)
    client = Client(HTTP_AUTHORIZATION=f"Token {token.key}", SERVER_NAME="localhost")

    def api_page(url):
        response = client.get(url)
        assert response.status_code == 200, response.content[:500]
        return response

    first_url = "/api/v1/proposals/?page_size=100"
    deep = Proposal.objects.order_by("updated_at", "id")[n // 2]
    # A deep page: the cursor of the row in the middle of the list.
    url = first_url
    payload = api_page(url).json()
    from config.api import KeysetPagination

    token_deep = KeysetPagination._encode(
        {"u": timezone.now().isoformat(), "k": deep.updated_at.isoformat(), "i": deep.pk, "o": "updated_at"}
    )
    deep_url = f"{first_url}&cursor={token_deep}"
    assert len(payload["results"]) == 100 and len(api_page(deep_url).json()["results"]) == 100

    epoch = (timezone.now() - timedelta(days=36500), 0)
    with connection.cursor() as cursor:
        for label, url, after in (
            ("first page", first_url, epoch),
            ("middle page", deep_url, (deep.updated_at, deep.pk)),
        ):
            api_ms = median_ms(lambda url=url: api_page(url), args.runs)
            raw_ms = median_ms(lambda after=after: raw_page(cursor, after), args.runs)
            print(
                f"{label}: API {api_ms:.1f} ms, raw SQL + orjson {raw_ms:.1f} ms, ratio {api_ms / raw_ms:.1f}x "
                f"(median of {args.runs}, {n} proposals)"
            )


if __name__ == "__main__":
    main()
