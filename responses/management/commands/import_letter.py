"""`manage.py import_letter FILE [--json]`: read a reply letter and print the fields found.

Nothing is saved: recording the reply is done in the admin after a person has checked the
fields ("导入答复函" on the reply list).
"""

import json

from django.core.management.base import BaseCommand, CommandError

from responses.letters import LetterError, parse_letter, read_path

LABELS = {
    "document_number": "文号",
    "category": "答复类别",
    "proposal_number": "建议编号",
    "session": "会议",
    "deputy": "主送",
    "title": "标题",
    "issuer": "落款单位",
    "issued_on": "日期",
    "signer": "领导署名",
    "contact_person": "联系人",
    "contact_phone": "联系电话",
    "disclosure": "公开属性",
    "cc": "抄送",
}


class Command(BaseCommand):
    help = "Read a reply letter (UTF-8 / GB18030 text or .docx) and print the fields found; saves nothing."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the letter: .txt (UTF-8 or GB18030) or .docx")
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args, **options):
        try:
            letter = parse_letter(read_path(options["file"]))
        except LetterError as err:
            raise CommandError(err.message) from err
        data = letter.as_json()
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        for key, label in LABELS.items():
            value = data[key]
            if isinstance(value, list):
                value = "、".join(value) if value else None
            mark = "  ？" + letter.unsure[key] if key in letter.unsure else ""
            self.stdout.write(f"{label}：{value if value is not None else '（未找到）'}{mark}")
        self.stdout.write(f"正文部分：{len(data['sections'])}")
        for section in data["sections"]:
            self.stdout.write(f"  {section['heading'] or '（无标题）'}")
        self.stdout.write(f"承诺事项：{len(data['commitments'])}")
        for item in data["commitments"]:
            self.stdout.write(f"  [{item['due'] or '无期限'}] {item['text'][:60]}")
        self.stdout.write(f"量化目标：{len(data['targets'])}")
        for target in data["targets"]:
            self.stdout.write(f"  {target['year']}年 {target['indicator']} {target['value']}{target['unit']}")
        for key in ("commitments", "targets"):
            if key in letter.unsure:
                self.stdout.write(f"？{letter.unsure[key]}")
