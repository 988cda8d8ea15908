"""Incremental sync: page through everything while records change, then poll `updated_since`.

Within a pass no row comes twice; after the pass and one poll, the client holds the latest
version of every row."""

import datetime
import threading

import pytest
from django.db import connection

from proposals.api.testing import api, fresh_throttles  # noqa: F401
from proposals.models import Proposal
from proposals.services import proposal_assign, proposal_register
from proposals.tests.factories import CongressSessionFactory, DeputyFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_throttles")]

D = datetime.date


def register(office, count: int) -> list[Proposal]:
    session = CongressSessionFactory(name="同步测试会议")
    deputy = DeputyFactory()
    return [
        proposal_register(
            actor=office,
            session=session,
            number=f"{n:04d}",
            title=f"建议{n}",
            lead_deputy=deputy,
            submitted_on=D(2026, 11, 2),
        )
        for n in range(1, count + 1)
    ]


def sync_pass(client, params, between_pages=lambda page: None):
    """Follow `next` to the end; returns the rows in order and the poll value for next time."""
    rows, page, response = [], 0, client.get("/api/v1/proposals/", params)
    while True:
        assert response.status_code == 200, response.content.decode()
        body = response.json()
        rows += body["results"]
        if body["next"] is None:
            return rows, body["next_updated_since"]
        page += 1
        between_pages(page)
        response = client.get(body["next"])


def assert_synced(passes):
    """No row twice within a pass, and the last version the client saw of each row is the current one."""
    held = {}
    for rows in passes:
        seen = [row["id"] for row in rows]
        assert len(seen) == len(set(seen)), "a row came twice within one pass"
        held |= {row["id"]: (row["status"], row["updated_at"]) for row in rows}
    current = {p.pk: p.status for p in Proposal.objects.all()}
    assert {pk: status for pk, (status, _) in held.items()} == current


def test_rows_changed_during_a_pass_come_once_in_it_and_again_in_the_next_poll(office, huli):
    proposals = register(office, 30)
    client = api(office)
    changed = []

    def change_some(page):
        # One row the pass has already returned and one it has not reached yet.
        for proposal in (proposals[page * 7 - 1], proposals[-page]):
            proposal_assign(proposal=proposal, actor=office, lead_unit=huli)
            changed.append(proposal.pk)

    first, since = sync_pass(client, {"page_size": 7}, change_some)
    assert {row["id"] for row in first} == {p.pk for p in proposals} - set(changed[1::2])
    poll, _ = sync_pass(client, {"page_size": 7, "updated_since": since})
    assert set(changed) <= {row["id"] for row in poll}
    assert_synced([first, poll])


def test_a_pass_ordered_by_another_column_is_still_complete(office):
    proposals = register(office, 12)
    rows, _ = sync_pass(api(office), {"page_size": 5, "ordering": "-number"})
    assert [row["number"] for row in rows] == [p.number for p in reversed(proposals)]


def test_a_cursor_cannot_be_reused_with_another_ordering(office):
    register(office, 3)
    client = api(office)
    next_url = client.get("/api/v1/proposals/", {"page_size": 1}).json()["next"]
    response = client.get(next_url + "&ordering=number")
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["cursor"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_client_syncing_while_another_writer_commits_misses_nothing(office, huli):
    proposals = register(office, 120)
    stop = threading.Event()
    errors = []

    def writer():
        try:
            for proposal in proposals[::3]:
                if stop.is_set():
                    break
                proposal_assign(proposal=proposal, actor=office, lead_unit=huli)
        except Exception as exc:  # surfaced below
            errors.append(exc)
        finally:
            connection.close()

    thread = threading.Thread(target=writer)
    client = api(office)
    thread.start()
    try:
        first, since = sync_pass(client, {"page_size": 5})
    finally:
        thread.join()
    assert not errors
    poll, _ = sync_pass(client, {"page_size": 5, "updated_since": since})
    assert_synced([first, poll])
