"""Helpers and fixtures for the API tests: a token client per user, and a small world built through
the workflow services with the demo-like users of conftest.py.

Test modules import the fixtures they use from here.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

D = datetime.date

ROLES = ("office", "supervisor", "unit_huli", "unit_other", "deputy_zhong", "deputy_other")


def api(user=None) -> APIClient:
    """A client that sends `Authorization: Token ...` for `user` (none for an anonymous client)."""
    client = APIClient()
    if user is not None:
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content.decode()
    return response.json()["results"]


def ids(response) -> set[int]:
    return {row["id"] for row in results(response)}


@pytest.fixture(autouse=False)
def fresh_throttles():
    """Throttle counters live in the cache: start every test with none."""
    cache.clear()
    yield
    cache.clear()


@dataclass
class World:
    """Proposals named by who may see them, and their records, by proposal name."""

    proposals: dict = field(default_factory=dict)
    assignments: dict = field(default_factory=dict)
    replies: dict = field(default_factory=dict)
    commitments: dict = field(default_factory=dict)
    progress: dict = field(default_factory=dict)
    feedback: dict = field(default_factory=dict)
    targets: dict = field(default_factory=dict)
    session: object = None
    visible: dict = field(default_factory=dict)

    def expected(self, kind: str, username: str) -> set[int]:
        """The ids of `kind` records `username` should see: those of the proposals it may see."""
        records = getattr(self, kind)
        return {pk for name in self.visible[username] for pk in records.get(name, [])}


# Who sees which proposal (DESIGN.md §6), written out by hand rather than derived from the selectors.
VISIBLE = {
    "office": {"huli", "co", "other", "secret", "unassigned"},
    "supervisor": {"huli", "co", "other", "secret", "unassigned"},
    "unit_huli": {"huli", "co"},
    "unit_other": {"co", "other", "secret"},
    "deputy_zhong": {"huli", "co"},
    "deputy_other": {"co", "other"},
}


def build_world(
    *,
    office,
    huli,
    other_unit,
    unit_huli,
    unit_other,
    deputy_zhong,
    deputy_other,
    session_name="测试市十六届人大五次会议",
) -> World:
    """Five proposals through the real workflow:

    - huli: 钟庆达's, handled by 湖里区 alone, replied A (public) with commitments, rated;
    - co: 林其他's with 钟庆达 co-signing, 工信局 lead and 湖里区 co-handling, replied B (withheld);
    - other: 林其他's, 工信局 alone, replied C (on request), rated by the office for the deputy;
    - secret: a third deputy's, 工信局 alone, replied A (public);
    - unassigned: a third deputy's, registered only.
    """
    from industry.tests.factories import IndicatorFactory, ObservationFactory, TargetFactory
    from proposals.models import CongressSession
    from proposals.services import assignment_sign, proposal_assign, proposal_register
    from proposals.tests.factories import CongressSessionFactory, DeputyFactory
    from responses.models import ReplyCategory
    from responses.services import feedback_record, progress_update_add, reply_record

    world = World(visible=VISIBLE)
    base = 1000 * CongressSession.objects.count()
    session = CongressSessionFactory(name=session_name) if session_name else CongressSessionFactory()
    world.session = session
    zhong, lin = deputy_zhong.deputy, deputy_other.deputy
    third = DeputyFactory(name="王第三")
    users = {huli.pk: unit_huli, other_unit.pk: unit_other}
    plans = [
        ("huli", zhong, [], huli, [], "A", "public"),
        ("co", lin, [zhong], other_unit, [huli], "B", "withheld"),
        ("other", lin, [], other_unit, [], "C", "on_request"),
        ("secret", third, [], other_unit, [], "A", "public"),
        ("unassigned", third, [], None, [], None, None),
    ]
    for number, (name, lead, co, unit, co_units, category, disclosure) in enumerate(plans, start=119):
        doc = base + number
        proposal = proposal_register(
            actor=office,
            session=session,
            number=f"{number:04d}",
            title=f"关于{name}事项的建议",
            lead_deputy=lead,
            co_deputies=co,
            submitted_on=D(2026, 1, 12),
        )
        world.proposals[name] = [proposal.pk]
        if unit is None:
            continue
        assignments = proposal_assign(
            proposal=proposal, actor=office, lead_unit=unit, co_units=co_units, assigned_on=D(2026, 2, 10)
        )
        world.assignments[name] = [a.pk for a in assignments]
        for assignment in assignments:
            assignment_sign(assignment=assignment, actor=users[assignment.unit_id], signed_on=D(2026, 2, 11))
        reply = reply_record(
            proposal=proposal,
            actor=users[unit.pk],
            document_number=f"测府办函〔2026〕{doc}号",
            category=ReplyCategory.objects.get(code=category),
            issued_on=D(2026, 5, 6),
            disclosure=disclosure,
            sections=[{"heading": "一、办理情况", "text": "已办理。"}],
            measures=[{"point": "第一点", "text": "已采取措施。"}],
            commitments=[{"text": f"{name}承诺事项", "target_year": 2027}],
        )
        world.replies[name] = [reply.pk]
        commitment = reply.commitments.get()
        world.commitments[name] = [commitment.pk]
        update = progress_update_add(
            commitment=commitment, actor=users[unit.pk], text="按计划推进。", reported_on=D(2026, 9, 1)
        )
        world.progress[name] = [update.pk]
        if name in ("huli", "other"):
            rater = deputy_zhong if name == "huli" else office
            feedback = feedback_record(
                reply=reply, actor=rater, attitude="satisfied", result="satisfied", rated_on=D(2026, 5, 12)
            )
            world.feedback[name] = [feedback.pk]
        indicator = IndicatorFactory(name=f"{name}指标{doc}")
        ObservationFactory(indicator=indicator, period="2025", value=Decimal("700"))
        target = TargetFactory(indicator=indicator, commitment=commitment, wording=f"{name}目标")
        world.targets[name] = [target.pk]
    return world


def world_for(request) -> World:
    """The world, for a test module's `world` fixture (which asks for the role users it needs)."""
    names = ("office", "huli", "other_unit", "unit_huli", "unit_other", "deputy_zhong", "deputy_other")
    request.getfixturevalue("supervisor")
    return build_world(**{name: request.getfixturevalue(name) for name in names})
