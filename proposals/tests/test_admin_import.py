"""Importing the congress office's proposal register: a preview with each row's errors, then all rows or none."""

import csv
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from proposals.importing import proposal_register_import
from proposals.models import Assignment, AssignmentRole, Proposal, ProposalStatus
from proposals.tests.factories import CongressSessionFactory, DeputyFactory, HandlingUnitFactory, ProposalFactory

pytestmark = pytest.mark.django_db

URL = "admin:proposals_proposal_import_register"
HEADINGS = ["编号", "标题", "领衔代表", "附议代表", "主办单位", "协办单位", "交办日期"]


@pytest.fixture
def people(huli, other_unit):
    for name in ("钟庆达", "林晓梅", "陈志远"):
        DeputyFactory(name=name)
    HandlingUnitFactory(name="厦门市科学技术局", short_name="市科技局")
    return CongressSessionFactory(name="市十六届人大五次会议")


GOOD_ROWS = [
    ["0119", "关于优化湖里区产业结构的建议", "钟庆达", "林晓梅、陈志远", "湖里区人民政府", "市科技局", "2025-02-10"],
    ["0120", "关于增设托育点的建议", "林晓梅", "", "厦门市工业和信息化局", "", "2025/2/10"],
    ["0121", "关于公交接驳的建议", "陈志远", "", "", "", ""],
]


def xlsx(rows, headings=HEADINGS):
    book = Workbook()
    sheet = book.active
    for row in [headings, *rows]:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("登记表.xlsx", out.getvalue())


def csv_file(rows, encoding="utf-8-sig"):
    out = io.StringIO()
    csv.writer(out).writerows([HEADINGS, *rows])
    return SimpleUploadedFile("登记表.csv", out.getvalue().encode(encoding))


def test_a_valid_register_is_previewed_then_registered_and_assigned(client, office, people, huli):
    client.force_login(office)

    preview = client.post(reverse(URL), {"session": people.pk, "file": xlsx(GOOD_ROWS)})

    assert preview.status_code == 200
    assert preview.context["result"].ok
    assert "全部 3 行均可导入" in preview.content.decode()
    assert not Proposal.objects.exists()

    rows_json = preview.context["rows_json"]
    done = client.post(reverse(URL), {"session": people.pk, "rows": rows_json, "confirm": "1"})

    assert done.status_code == 302
    first = Proposal.objects.get(number="0119")
    assert first.status == ProposalStatus.ASSIGNED
    assert sorted(d.name for d in first.co_deputies.all()) == ["林晓梅", "陈志远"]
    lead = first.assignments.get(role=AssignmentRole.LEAD)
    assert lead.unit == huli and str(lead.assigned_on) == "2025-02-10"
    assert first.assignments.get(role=AssignmentRole.CO_HANDLING).unit.name == "厦门市科学技术局"
    assert Proposal.objects.get(number="0120").assignments.get().assigned_on.isoformat() == "2025-02-10"
    assert Proposal.objects.get(number="0121").status == ProposalStatus.REGISTERED


def test_the_preview_shows_each_rows_errors_and_nothing_is_written(client, office, people):
    ProposalFactory(session=people, number="0120")
    rows = [
        GOOD_ROWS[0],
        ["0120", "已登记的编号", "林晓梅", "", "", "", ""],
        ["0122", "", "王五", "", "不存在的局", "", "2025-02-30"],
        ["0119", "重复的编号", "钟庆达", "", "", "", ""],
        ["0123", "交办日期在将来", "钟庆达", "", "湖里区人民政府", "", "2099-01-01"],
    ]
    client.force_login(office)

    response = client.post(reverse(URL), {"session": people.pk, "file": csv_file(rows)})

    result = response.context["result"]
    errors = {row.line: " ".join(row.errors) for row in result.rows}
    assert errors[2] == ""
    assert "已有第0120号建议" in errors[3]
    assert "缺少标题" in errors[4] and "没有名为“王五”的代表" in errors[4]
    assert "没有名为“不存在的局”的承办单位" in errors[4] and "不是有效日期" in errors[4]
    assert "与第 2 行重复" in errors[5]
    assert "交办日期不能晚于今天" in errors[6]
    page = response.content.decode()
    assert "有 4 行存在错误" in page and "确认导入" not in page
    assert Proposal.objects.count() == 1 and not Assignment.objects.exists()


def test_a_confirm_that_has_gone_stale_writes_nothing(client, office, people):
    client.force_login(office)
    preview = client.post(reverse(URL), {"session": people.pk, "file": xlsx(GOOD_ROWS)})
    ProposalFactory(session=people, number="0121")  # someone registers 0121 in between

    response = client.post(reverse(URL), {"session": people.pk, "rows": preview.context["rows_json"], "confirm": "1"})

    assert response.status_code == 200
    assert "已有第0121号建议" in response.content.decode()
    assert list(Proposal.objects.values_list("number", flat=True)) == ["0121"]


def test_a_gbk_csv_from_excel_is_read(client, office, people):
    client.force_login(office)

    response = client.post(reverse(URL), {"session": people.pk, "file": csv_file(GOOD_ROWS[2:], encoding="gbk")})

    assert response.context["result"].ok
    assert response.context["result"].rows[0].value("title") == "关于公交接驳的建议"


def test_a_file_without_the_register_columns_is_a_form_error(client, office, people):
    client.force_login(office)

    response = client.post(reverse(URL), {"session": people.pk, "file": xlsx([["a", "b"]], headings=["x", "y"])})

    assert "缺少列：编号、标题、领衔代表" in " ".join(response.context["form"].errors["file"])


@pytest.mark.parametrize("username", ["supervisor", "unit_huli", "unit_other"])
def test_only_the_office_may_import(request, client, people, username):
    client.force_login(request.getfixturevalue(username))

    assert client.get(reverse(URL)).status_code == 403
    posted = client.post(reverse(URL), {"session": people.pk, "rows": json.dumps([]), "confirm": "1"})
    assert posted.status_code == 403
    list_page = client.get(reverse("admin:proposals_proposal_changelist")).content.decode()
    assert "导入建议登记表" not in list_page


def test_the_service_refuses_anyone_but_the_office(unit_huli, people):
    from proposals.errors import WorkflowError

    with pytest.raises(WorkflowError):
        proposal_register_import(actor=unit_huli, session=people, rows=[], commit=True)


def test_the_register_import_runs_a_fixed_number_of_queries_per_row(office, people, django_assert_max_num_queries):
    rows = [
        dict(zip(HEADINGS, [f"{n:04d}", f"建议{n}", "钟庆达", "林晓梅", "", "", ""], strict=True)) for n in range(40)
    ]

    with django_assert_max_num_queries(10 + 20 * len(rows)):  # measured: 684 for 40 rows
        result = proposal_register_import(actor=office, session=people, rows=rows, commit=True)

    assert result.written and Proposal.objects.count() == 40
