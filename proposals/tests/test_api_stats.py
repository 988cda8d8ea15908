"""GET /api/v1/stats/: the same figures, filters and permissions as /stats/."""

import pytest
from django.core.management import call_command

from proposals.models import CongressSession
from proposals.stats import handling_stats

pytestmark = pytest.mark.django_db
URL = "/api/v1/stats/"


@pytest.fixture
def demo(settings, django_user_model):
    settings.DEBUG = True
    call_command("load_demo", verbosity=0)
    return {u.username: u for u in django_user_model.objects.all()}


def test_the_office_gets_every_unit_with_numerators_and_denominators(client, demo):
    client.force_login(demo["office"])
    data = client.get(URL).json()
    table = handling_stats(user=demo["office"], session=CongressSession.objects.get(pk=data["session"]["id"]))
    assert data["total"]["assigned"] == table.total.assigned
    assert data["total"]["reply_rate"] == {
        "numerator": table.total.replied,
        "denominator": table.total.assigned,
        "rate": str(table.total.reply_rate.rate),
    }
    assert {u["unit"]["name"] for u in data["units"]} == {"湖里区人民政府", "厦门市工业和信息化局"}
    assert "办复率" in data["definitions"]["reply_rate"]


def test_unit_staff_get_their_own_unit(client, demo):
    client.force_login(demo["unit_other"])
    data = client.get(URL).json()
    assert [u["unit"]["name"] for u in data["units"]] == ["厦门市工业和信息化局"]


@pytest.mark.parametrize("username", ["deputy_zhong", None])
def test_deputies_and_anonymous_clients_need_a_public_session(client, demo, username):
    if username:
        client.force_login(demo[username])
    response = client.get(URL)
    assert response.status_code == 403 and response.json()["code"] == "forbidden"
    CongressSession.objects.update(stats_public=True)
    assert client.get(URL).status_code == 200


def test_a_malformed_parameter_is_a_400_naming_it(client, demo):
    client.force_login(demo["office"])
    response = client.get(URL + "?unit=abc")
    assert response.status_code == 400 and "unit" in response.json()["fields"]
    response = client.get(URL + "?session=x")
    assert response.status_code == 400 and "session" in response.json()["fields"]


def test_a_zero_denominator_is_null(client, demo):
    client.force_login(demo["office"])
    CongressSession.objects.update(stats_public=False)
    unit_without_ratings = demo["unit_other"].handling_units.get()
    data = client.get(URL + f"?unit={unit_without_ratings.pk}").json()
    figures = [data["total"][name] for name in ("contact_rate", "satisfaction_rate", "adoption_rate")]
    assert all(f["rate"] is None for f in figures if f["denominator"] == 0)


def test_the_stats_endpoint_costs_a_constant_number_of_queries(client, demo, django_assert_max_num_queries):
    client.force_login(demo["office"])
    with django_assert_max_num_queries(10):
        assert client.get(URL).status_code == 200
