"""The admin's import pages (LetterImportMixin): upload, check beside the original, confirm.

The test builds its own ModelAdmin from the mixin and ReplyAdmin and calls its view directly,
so it does not depend on responses/admin.py registering the mixin (nothing is registered here).
"""

import datetime
from pathlib import Path

import pytest
from django.contrib import admin
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory

from industry.models import Indicator, Target
from proposals.services import assignment_sign, proposal_assign
from proposals.tests.factories import CongressSessionFactory, ProposalFactory
from responses.models import Reply

D = datetime.date
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "letters"
LETTER = (FIXTURES / "xiamen-huli-0119.txt").read_bytes()


@pytest.fixture
def model_admin():
    """The registered ReplyAdmin, which has the import pages (LetterImportMixin)."""
    return admin.site._registry[Reply]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def proposal(deputy_zhong, office, huli, unit_huli):
    session = CongressSessionFactory(name="市十六届人大五次会议")
    proposal = ProposalFactory(
        session=session, number="0119", lead_deputy=deputy_zhong.deputy, submitted_on=D(2025, 1, 12)
    )
    [lead] = proposal_assign(proposal=proposal, actor=office, lead_unit=huli, assigned_on=D(2025, 2, 10))
    assignment_sign(assignment=lead, actor=unit_huli, signed_on=D(2025, 2, 11))
    Indicator.objects.create(region="湖里区", name="电子信息产业产值", unit="亿元")
    return proposal


def call(model_admin, user, data=None, files=None):
    factory = RequestFactory()
    request = (
        factory.post("/admin/responses/reply/import/", data={**(data or {}), **(files or {})})
        if data is not None
        else factory.get("/admin/responses/reply/import/")
    )
    request.user = user
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    response = model_admin.import_letter_view(request)
    if hasattr(response, "render"):
        response.render()
    return response


def confirm_data(response, **changes):
    """The check page's fields as the browser would post them back, with `changes`."""
    context = response.context_data
    form = context["form"]
    data = {"confirm": "1"}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, list):
            value = "\n".join(value)
        data[name] = "" if value is None else value
    for prefix, formset in context["formsets"].items():
        data[f"{prefix}-TOTAL_FORMS"] = len(formset.forms)
        data[f"{prefix}-INITIAL_FORMS"] = len(formset.forms)
        for index, f in enumerate(formset.forms):
            for name in f.fields:
                if name == "DELETE":
                    continue
                value = f[name].value()
                data[f"{prefix}-{index}-{name}"] = "" if value is None else value
    data.update(changes)
    return data


def test_unit_staff_upload_a_letter_and_see_the_fields_beside_the_original(model_admin, proposal, unit_huli):
    upload = SimpleUploadedFile("reply-0119.txt", LETTER)
    response = call(model_admin, unit_huli, {"text": ""}, {"file": upload})
    html = response.content.decode()
    assert response.status_code == 200
    assert "钟庆达代表" in html and "厦湖府办函〔2025〕103号" in html
    assert "函件原文" in html and "办理工作背景" in html
    assert response.context_data["form"].initial["proposal"] == proposal.pk
    # The targets' names are cut from the sentence: marked for a person to check.
    assert "指标名称按原文截取" in html
    assert Reply.objects.count() == 0


def test_confirming_saves_the_reply_its_commitments_targets_and_original_file(
    model_admin, proposal, unit_huli, django_assert_max_num_queries
):
    response = call(model_admin, unit_huli, {"text": LETTER.decode("utf-8")})
    data = confirm_data(response, **{"targets-1-region": "湖里区"})
    # 175 today: reply_record validates and writes each of the 14 parts with its history row (~10 each).
    with django_assert_max_num_queries(180):
        done = call(model_admin, unit_huli, data)
    assert done.status_code == 302
    reply = Reply.objects.get()
    assert (reply.document_number, reply.category.code, reply.issued_on) == (
        "厦湖府办函〔2025〕103号",
        "A",
        D(2025, 5, 7),
    )
    assert reply.signer == "胡振强" and reply.cc == ["市人大常委会代表工作室", "市政府督查室"]
    assert reply.sections.count() == 3 and reply.measures.count() == 3 and reply.commitments.count() == 8
    first = reply.commitments.get(position=1)
    assert first.target_year == 2027
    assert sorted((t.indicator.name, t.value, t.year) for t in Target.objects.filter(commitment=first)) == [
        ("机械装备产业产值", 340, 2027),
        ("电子信息产业产值", 780, 2027),
    ]
    assert reply.original_file.read().decode("utf-8") == LETTER.decode("utf-8").strip()


def test_a_corrected_field_is_saved_as_corrected(model_admin, proposal, unit_huli):
    response = call(model_admin, unit_huli, {"text": LETTER.decode("utf-8")})
    data = confirm_data(
        response, signer="胡振强（区长）", **{"targets-1-region": "湖里区", "commitments-7-DELETE": "on"}
    )
    call(model_admin, unit_huli, data)
    reply = Reply.objects.get()
    assert reply.signer == "胡振强（区长）" and reply.commitments.count() == 7


def test_a_refused_confirmation_shows_the_errors_and_saves_nothing(model_admin, proposal, unit_huli):
    response = call(model_admin, unit_huli, {"text": LETTER.decode("utf-8")})
    # A target in a unit the indicator does not use: the whole import is rolled back.
    data = confirm_data(response, **{"targets-0-unit": "万元", "targets-1-region": "湖里区"})
    again = call(model_admin, unit_huli, data)
    assert again.status_code == 200
    assert "计量单位是亿元" in again.content.decode()
    assert Reply.objects.count() == 0 and Target.objects.count() == 0


def test_a_date_in_the_future_is_a_form_error(model_admin, proposal, unit_huli):
    response = call(model_admin, unit_huli, {"text": LETTER.decode("utf-8")})
    again = call(
        model_admin, unit_huli, confirm_data(response, issued_on="2031-01-01", **{"targets-1-region": "湖里区"})
    )
    assert again.status_code == 200 and Reply.objects.count() == 0


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("empty.txt", b"", "空"),
        ("scan.pdf", b"%PDF-1.7\n", "PDF"),
        ("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00", "不是文本"),
    ],
)
def test_a_bad_file_is_a_form_error_and_creates_nothing(model_admin, proposal, unit_huli, name, content, message):
    response = call(model_admin, unit_huli, {"text": ""}, {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 200 and message in response.content.decode()
    assert Reply.objects.count() == 0


def test_nothing_uploaded_or_pasted_is_a_form_error(model_admin, proposal, unit_huli):
    response = call(model_admin, unit_huli, {"text": "  "})
    assert "请上传答复函文件" in response.content.decode()


def test_a_deputy_may_not_import(model_admin, deputy_zhong):
    with pytest.raises(PermissionDenied):
        call(model_admin, deputy_zhong)


def test_another_units_staff_cannot_pick_or_record_this_proposal(model_admin, proposal, unit_huli, unit_other):
    response = call(model_admin, unit_huli, {"text": LETTER.decode("utf-8")})
    data = confirm_data(response, **{"targets-1-region": "湖里区"})
    again = call(model_admin, unit_other, data)
    assert again.status_code == 200 and Reply.objects.count() == 0
    assert "proposal" in again.context_data["form"].errors


def test_the_upload_page_renders_in_few_queries(model_admin, proposal, unit_huli, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        response = call(model_admin, unit_huli)
    assert response.status_code == 200 and "识别函件" in response.content.decode()


def test_the_reply_list_offers_import_and_export(client, office):
    client.force_login(office)
    page = client.get("/admin/responses/reply/").content.decode()
    assert "导入答复函" in page and "/admin/responses/reply/import/" in page
    assert "/admin/responses/reply/export/" in page
