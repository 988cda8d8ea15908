"""Staff import indicator values from CSV/XLSX; the target's progress follows."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from industry.models import Observation
from industry.selectors import targets_with_progress
from industry.tests.factories import IndicatorFactory, ObservationFactory, TargetFactory

pytestmark = pytest.mark.django_db
URL = "/admin/industry/observation/import/"


@pytest.fixture
def indicator():
    indicator = IndicatorFactory(name="电子信息产业产值", region="湖里区", unit="亿元")
    ObservationFactory(indicator=indicator, period="2024", value=Decimal("600"))
    TargetFactory(indicator=indicator, value=Decimal("780"), year=2027)
    return indicator


def upload(client, text: str):
    csv_format = next(
        value for value, label in client.get(URL).context["form"].fields["format"].choices if label == "csv"
    )
    data = {"format": csv_format, "import_file": SimpleUploadedFile("values.csv", text.encode("utf-8"))}
    return client.post(URL, data)


def test_the_office_imports_values_after_a_preview_and_the_target_progress_follows(client, office, indicator):
    client.force_login(office)
    preview = upload(client, "指标,地区,期别,数值,来源\n电子信息产业产值,湖里区,2025,690,区统计局\n")
    assert preview.status_code == 200 and not preview.context["result"].has_errors()
    assert not Observation.objects.filter(period="2025").exists()  # nothing written by the preview
    confirm = preview.context["confirm_form"].initial
    response = client.post("/admin/industry/observation/process_import/", confirm)
    assert response.status_code == 302
    assert Observation.objects.get(indicator=indicator, period="2025").value == Decimal("690")
    [progress] = targets_with_progress()
    assert progress.share_covered == Decimal("50.0")


def test_a_sheet_with_one_bad_row_shows_its_errors_and_writes_nothing(client, office, indicator):
    client.force_login(office)
    preview = upload(
        client,
        "指标,地区,期别,数值,来源\n电子信息产业产值,湖里区,2025,690,区统计局\n无此指标,湖里区,2025,1,x\n"
        "电子信息产业产值,湖里区,25年,700,x\n",
    )
    result = preview.context["result"]
    assert result.has_validation_errors() or result.has_errors()
    assert "confirm_form" not in preview.context or preview.context["confirm_form"] is None
    assert "没有名为“无此指标”的指标" in preview.content.decode()
    assert Observation.objects.count() == 1


def test_a_malformed_period_is_refused(client, office, indicator):
    client.force_login(office)
    preview = upload(client, "指标,地区,期别,数值,来源\n电子信息产业产值,湖里区,25年,700,x\n")
    assert "期别格式" in preview.content.decode()
    assert "confirm_form" not in preview.context or preview.context["confirm_form"] is None
    assert Observation.objects.count() == 1


def test_unit_staff_may_import_but_deputies_cannot_reach_the_admin(client, unit_huli, deputy_zhong):
    client.force_login(unit_huli)
    assert client.get(URL).status_code == 200
    client.force_login(deputy_zhong)
    assert client.get(URL).status_code == 302
