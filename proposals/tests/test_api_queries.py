"""Every list costs the same number of queries for a page of 1 and a page of 100."""

import pytest

from proposals.api.testing import api, build_world, fresh_throttles  # noqa: F401
from proposals.tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_throttles")]

# endpoint -> queries for one page: token + user, role groups, the page, prefetches (plus the units or deputy
# record of a unit or deputy user)
LISTS = {
    "proposals": 3 + 3,  # co-deputies, assignments (+unit), replies (+category)
    "assignments": 3,
    "replies": 3 + 3,  # sections, measures, commitments (+unit)
    "commitments": 3,
    "progress-updates": 3,
    "feedback": 3,
    "sessions": 2,  # reference data: no role needed
    "deputies": 2,  # reference data: no role needed
    "units": 2,  # reference data: no role needed
    "industry/sectors": 2,  # reference data: no role needed
    "industry/indicators": 2,  # reference data: no role needed
    "industry/observations": 2,  # reference data: no role needed
    "industry/targets": 3,
}


@pytest.fixture
def big_world(office, huli, other_unit, unit_huli, unit_other, deputy_zhong, deputy_other):
    """The matrix world built 21 times over: more than 100 rows of every kind for the office."""
    for _ in range(21):
        world = build_world(
            office=office,
            huli=huli,
            other_unit=other_unit,
            unit_huli=unit_huli,
            unit_other=unit_other,
            deputy_zhong=deputy_zhong,
            deputy_other=deputy_other,
            session_name=None,
        )
    return world


@pytest.mark.parametrize("username", ["office", "unit_huli", "deputy_zhong"])
def test_every_list_page_costs_the_same_queries_for_1_and_100_rows(
    request, big_world, username, django_assert_num_queries
):
    user = request.getfixturevalue(username)
    client = api(user)
    for endpoint, queries in LISTS.items():
        sizes = []
        for size in (1, 100):
            extra = 1 if username != "office" and queries > 2 else 0
            with django_assert_num_queries(queries + extra):
                response = client.get(f"/api/v1/{endpoint}/", {"page_size": size})
            assert response.status_code == 200
            sizes.append(len(response.json()["results"]))
        assert sizes[0] == 1
        assert sizes[1] > 20 or endpoint in ("sessions", "units"), (endpoint, sizes)


def test_a_login_without_a_role_costs_the_same_for_public_replies(big_world, django_assert_num_queries):
    client = api(UserFactory(username="journalist"))
    for size in (1, 100):
        # token + user, groups, the page, sections, measures (no commitments are visible: no query)
        with django_assert_num_queries(5):
            client.get("/api/v1/replies/", {"page_size": size})
