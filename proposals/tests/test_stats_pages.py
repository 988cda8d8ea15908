"""/stats/, its XLSX export and /industry/targets/, for each role."""

from io import BytesIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from proposals.models import CongressSession

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, django_user_model):
    settings.DEBUG = True
    call_command("load_demo", verbosity=0)
    return {u.username: u for u in django_user_model.objects.all()}


def get(client, user, url):
    if user is not None:
        client.force_login(user)
    return client.get(url)


@pytest.mark.parametrize("username", ["office", "supervisor"])
def test_the_offices_see_every_unit_and_the_definitions(client, demo, username):
    response = get(client, demo[username], reverse("stats:index"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "湖里区人民政府" in page and "厦门市工业和信息化局" in page and "合计" in page
    for label in ("办复率", "按期办复率", "见面率", "满意率", "解决采纳率"):
        assert label in page
    assert "分母为 0 时显示“-”" in page
    assert "/admin/proposals/proposal/?session__id__exact=" in page  # the records behind the figures


def test_unit_staff_see_their_own_unit_only(client, demo):
    page = get(client, demo["unit_other"], reverse("stats:index")).content.decode()
    assert "厦门市工业和信息化局" in page and "湖里区人民政府" not in page
    huli = demo["unit_huli"].handling_units.get()
    assert get(client, demo["unit_other"], reverse("stats:index") + f"?unit={huli.pk}").status_code == 403


@pytest.mark.parametrize("username", ["deputy_zhong", None])
def test_deputies_and_the_public_see_nothing_until_the_office_makes_figures_public(client, demo, username):
    user = demo[username] if username else None
    assert get(client, user, reverse("stats:index")).status_code == 403
    CongressSession.objects.update(stats_public=True)
    response = get(client, user, reverse("stats:index"))
    assert response.status_code == 200 and "湖里区人民政府" in response.content.decode()
    assert "/admin/" not in response.content.decode().split("<main", 1)[1]  # no links into the admin


def test_an_unknown_session_is_refused(client, demo):
    assert get(client, demo["office"], reverse("stats:index") + "?session=999999").status_code == 403


def test_the_export_has_the_same_figures(client, demo):
    from openpyxl import load_workbook

    client.force_login(demo["office"])
    response = client.get(reverse("stats:export"))
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[1]
    total = next(r for r in rows if r[0] == "合计")
    assert header[:3] == ("承办单位", "交办", "答复")
    page = client.get(reverse("stats:index")).context
    expected = page["table"].total
    assert total[1:3] == (expected.assigned, expected.replied)
    assert total[header.index("办复率分子")] == expected.replied
    assert total[header.index("办复率分母")] == expected.assigned


def test_the_page_costs_a_constant_number_of_queries(client, demo, django_assert_max_num_queries):
    client.force_login(demo["office"])
    with django_assert_max_num_queries(16):
        assert client.get(reverse("stats:index")).status_code == 200


def test_the_targets_page_charts_the_demo_targets_with_the_share_covered(client, demo):
    response = get(client, demo["office"], reverse("industry:targets"))
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("<svg") == 2
    assert "电子信息产业产值" in page and "机械装备产业产值" in page
    # (668 - 560) / (780 - 560) and (291 - 248) / (340 - 248)
    assert "<strong>49.1%</strong>" in page and "<strong>46.7%</strong>" in page
    assert "厦湖府办函〔2025〕103号" in page


@pytest.mark.parametrize("username", ["deputy_zhong", None])
def test_the_targets_page_is_for_staff(client, demo, username):
    response = get(client, demo[username] if username else None, reverse("industry:targets"))
    assert response.status_code in (302, 403)


def test_a_malformed_session_or_unit_is_a_bad_request(client, demo):
    client.force_login(demo["office"])
    assert client.get(reverse("stats:index") + "?session=abc").status_code == 400
    assert client.get(reverse("stats:index") + "?unit=x").status_code == 400


def test_a_refusal_is_a_page_that_says_why(client, demo):
    response = client.get(reverse("stats:index"))
    assert response.status_code == 403
    page = response.content.decode()
    assert "办理统计尚未公开。" in page and "/accounts/login/" in page
