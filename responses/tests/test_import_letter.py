"""`manage.py import_letter FILE [--json]`."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from responses.models import Reply

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "letters"
KEYS = [
    "document_number", "category", "proposal_number", "session", "deputy", "title", "issuer", "issued_on",
    "signer", "contact_person", "contact_phone", "disclosure", "cc", "sections", "commitments", "targets",
]  # fmt: skip


def run(*args):
    out = StringIO()
    call_command("import_letter", *args, stdout=out)
    return out.getvalue()


def test_json_output_has_exactly_the_documented_keys_and_the_demo_values():
    data = json.loads(run(str(FIXTURES / "xiamen-huli-0119.txt"), "--json"))
    assert list(data) == KEYS
    assert data["document_number"] == "厦湖府办函〔2025〕103号" and data["issued_on"] == "2025-05-07"
    assert data["commitments"][0]["due"] == 2027
    assert data["targets"][0] == {"indicator": "电子信息产业产值", "value": 780, "unit": "亿元", "year": 2027}


def test_a_docx_letter_prints_the_same_json_as_its_text():
    assert run(str(FIXTURES / "hunan-county-motion.docx"), "--json") == run(
        str(FIXTURES / "hunan-county-motion.txt"), "--json"
    )


def test_plain_output_lists_the_fields_and_marks_the_unsure_ones():
    out = run(str(FIXTURES / "beijing-district-alnum.txt"))
    assert "文号：昌教函[2024]45号" in out and "领导署名：（未找到）" in out
    assert "主送：王建国代表  ？主送行没有冒号" in out


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content, message",
    [(b"", "空"), (b"%PDF-1.4\n", "PDF"), (b"\x00\x01\x02binary", "不是文本")],
)
def test_bad_files_are_a_clear_error_and_create_nothing(tmp_path, content, message):
    path = tmp_path / "letter.txt"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        run(str(path))
    assert Reply.objects.count() == 0


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="找不到文件"):
        run(str(tmp_path / "nope.txt"))


def test_text_that_is_not_a_reply_letter_is_refused(tmp_path):
    from django.core.management import CommandError, call_command

    notes = tmp_path / "notes.txt"
    notes.write_text("会议纪要\n\n讨论了第0119号建议的办理进度，拟于下周面商。此件主动公开。\n", encoding="utf-8")
    with pytest.raises(CommandError, match="看起来不是一封答复函"):
        call_command("import_letter", str(notes), "--json")
