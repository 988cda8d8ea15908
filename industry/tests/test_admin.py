"""The admin for industry data: every page opens for the office, which may also delete."""

import pytest
from django.urls import reverse

from industry.models import Observation
from industry.tests.factories import (
    IndicatorFactory,
    ObservationFactory,
    ParkFactory,
    ProjectFactory,
    SectorFactory,
    TargetFactory,
)

pytestmark = pytest.mark.django_db

FACTORIES = {
    "sector": lambda: SectorFactory(parent=SectorFactory(parent=SectorFactory())),
    "indicator": IndicatorFactory,
    "observation": ObservationFactory,
    "target": TargetFactory,
    "park": ParkFactory,
    "project": ProjectFactory,
}


def admin_url(model, view, *args):
    return reverse(f"admin:industry_{model}_{view}", args=args)


@pytest.mark.parametrize("model", FACTORIES)
def test_office_can_open_list_add_change_and_history_pages(client, office, model):
    obj = FACTORIES[model]()
    client.force_login(office)

    for url in [
        admin_url(model, "changelist"),
        admin_url(model, "add"),
        admin_url(model, "change", obj.pk),
        admin_url(model, "history", obj.pk),
    ]:
        assert client.get(url).status_code == 200, url


def test_the_office_may_delete_an_observation(client, office):
    observation = ObservationFactory()
    client.force_login(office)

    response = client.post(admin_url("observation", "delete", observation.pk), {"post": "yes"})

    assert response.status_code == 302
    assert not Observation.objects.exists()


def test_unit_staff_may_not_delete_industry_data(client, unit_huli):
    observation = ObservationFactory()
    client.force_login(unit_huli)

    assert client.post(admin_url("observation", "delete", observation.pk), {"post": "yes"}).status_code == 403
    assert Observation.objects.exists()


@pytest.mark.parametrize("model", ["sector", "indicator", "observation"])
def test_lists_print_the_sector_tree_in_a_fixed_number_of_queries(client, office, model, django_assert_max_num_queries):
    root = SectorFactory(name="电子信息")
    for _ in range(20):
        ObservationFactory(indicator__sector=SectorFactory(parent=SectorFactory(parent=root)))
    client.force_login(office)

    with django_assert_max_num_queries(12):
        response = client.get(admin_url(model, "changelist"))

    assert "电子信息 &gt; " in response.content.decode()
