"""Reading a reply letter's text into structured fields.

The parser works in three passes over the cleaned lines: it drops the page chrome, finds the
anchors every letter has (the opening "您提出的……收悉" and the addressee above it), and reads the
header above, the body below and the sign-off at the end, each by the rules for that part. A
field the letter does not print stays None (or an empty list): nothing is made up. Fields
found by a weaker rule are listed in `Letter.unsure` with the reason, for a person to check.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal

from responses.letters import dates
from responses.letters.reading import LetterError
from responses.letters.text import CJK, clean_lines, ends_sentence, is_chrome, squash

# -- patterns ---------------------------------------------------------------------------------

NUM = "一二三四五六七八九十"
OPEN_BRACKETS = "〔[【(（［"
CLOSE_BRACKETS = "〕]】)）］"
DOCUMENT_NUMBER = re.compile(
    rf"(?P<prefix>[\u4e00-\u9fffA-Za-z]{{1,16}})\s*[{re.escape(OPEN_BRACKETS)}]\s*(?P<year>(?:19|20)\d{{2}})\s*"
    rf"[{re.escape(CLOSE_BRACKETS)}]\s*第?\s*(?P<serial>[A-Za-z]?\d+)\s*号"
)
DOCUMENT_LABEL = re.compile(r"^(?:文号|发文字号|文件编号|发文文号|答复文号)[:：]")

CATEGORY_CODES = "A-Ea-eＡ-Ｅ"
CATEGORY_LABEL = re.compile(
    rf"(?:答复|办复|办理结果|办理|结果|建议|提案|复文)?\s*(?:类别|类型|分类)(?:标注|标识)?\s*[】\]］]?\s*[:：]?\s*"
    rf"[{re.escape(OPEN_BRACKETS)}]?\s*(?P<code>[{CATEGORY_CODES}])\s*类?(?![A-Za-z])"
)
CATEGORY_MARK = re.compile(
    rf"^[{re.escape(OPEN_BRACKETS)}]?\s*(?P<code>[{CATEGORY_CODES}])\s*类?\s*[{re.escape(CLOSE_BRACKETS)}]?$"
)
CATEGORY_IN_TITLE = re.compile(
    rf"[{re.escape(OPEN_BRACKETS)}]\s*(?P<code>[{CATEGORY_CODES}])\s*类?\s*[{re.escape(CLOSE_BRACKETS)}]$"
)

TITLE = re.compile(r"(?:关于|对|就).{2,150}?(?:答复|复函|的函|答复函|答复意见|办理意见|的意见|的报告)$")
TITLE_END = re.compile(r"(?:答复|复函|的函|答复函|答复意见|办理意见|的意见|的报告)$")

SESSION = re.compile(
    rf"(?:^|关于|对|在|就|的|[，、：:《（(])\s*(?P<session>[\u4e00-\u9fff]{{0,10}}?"
    rf"第?[{NUM}\d]{{1,3}}届[^，。；“”《》]{{0,24}}?会议)"
)
PROPOSAL_NUMBER = re.compile(
    r"第\s*(?P<number>[A-Za-z]{0,4}\d+(?:[-－][A-Za-z\d]+)?)\s*号\s*(?:代表|委员|重点|党派|集体)?"
    r"(?P<kind>建议|议案|提案|意见建议)?"
)
PROPOSAL_NUMBER_LABEL = re.compile(r"(?:建议|提案|议案)(?:编号|号)[:：为]?\s*(?P<number>[A-Za-z]{0,4}\d+)")

OPENING = re.compile(
    r"^(?:您|你|贵)|^.{0,60}(?:提出|领衔|联名|提交)的.{0,120}(?:收悉|收到)|现(?:将|就)?.{0,30}答复如下|现答复如下"
)
ADDRESSEE_TAIL = re.compile(
    r"(?:代表|委员|同志|先生|女士|代表们|委员们|位代表|位委员|代表团|委员会|市委会|市委|区委|县委|省委|支部|工委|"
    r"联合会|工商联|学社|小组|界别|党组|协会|商会)$"
)
SALUTATION = re.compile(r"^(?:尊敬的|敬爱的|亲爱的)")

LABEL_BRACKETS = rf"[{re.escape(OPEN_BRACKETS)}]?"
LABEL_END = rf"[{re.escape(CLOSE_BRACKETS)}]?\s*[:：]?\s*"
SIGNER_LABEL = re.compile(
    rf"{LABEL_BRACKETS}(?:领导署名|署名领导|签发领导|领导签发|签发人|签\s*发|审签人|签批领导|负责人签字|主要负责人)"
    rf"{LABEL_END}"
)
CONTACT_LABEL = re.compile(
    rf"{LABEL_BRACKETS}(?:联系人(?:及|和|与)?(?:联系)?(?:电话|方式)?|联系人员|经办人(?:及电话)?|承办人(?:及电话)?|"
    rf"具体经办人|办理人){LABEL_END}"
)
PHONE_LABEL = re.compile(
    rf"{LABEL_BRACKETS}(?:联系电话|联系方式|办公电话|电话号码|固定电话|手机号码|电话|手机|TEL|Tel|tel){LABEL_END}"
)
CC_LABEL = re.compile(rf"^{LABEL_BRACKETS}(?:抄送|抄报|抄\s*送)(?:单位)?{LABEL_END}")
PHONE_VALUE = re.compile(r"[（(]?\+?\d[\d\-－—()（） ]{3,}\d(?:[、，,/或转]\s*\d[\d\-－— ]{3,}\d)*")
NAME_VALUE = re.compile(r"[\u4e00-\u9fff·]{2,8}")

DISCLOSURE = re.compile(
    r"(?:此件|本件|此文|本文|该件|公开属性|公开方式|公开类型|信息公开(?:选项|属性|方式))\s*[:：]?\s*"
    r"(?P<value>主动公开|依申请公开|依申请|不予公开|不公开|免予公开|予以公开|公开发布|公开)"
)
DISCLOSURE_VALUES = {
    "主动公开": "public",
    "公开发布": "public",
    "予以公开": "public",
    "公开": "public",
    "依申请公开": "on_request",
    "依申请": "on_request",
    "不予公开": "withheld",
    "不公开": "withheld",
    "免予公开": "withheld",
}

ORG_TAIL = re.compile(
    r"(?:人民政府|政府|办公室|办公厅|局|厅|委员会|委|办|中心|公司|集团|院|所|署|站|队|馆|社|会|处|部|管委会|"
    r"分局|支队|大队|法院|检察院|银行|学校|大学|医院|政协|联合会|工商联)"
    r"(?:[（(](?:盖章|印章|章)[）)])?$"
)
CLOSING = re.compile(
    r"^(?:感谢|衷心感谢|再次感谢|特此|此复|专此|谨此|以上答复|以上|欢迎|敬请|恳请|希望您|如有.{0,20}(?:意见|问题|建议))"
    r"|(?:特此(?:函复|答复|复函|回复)|此复|专此函复)[。！]?$"
)
ATTACHMENT = re.compile(r"^附件\s*[:：\d]")

L1 = re.compile(rf"^(?P<mark>[{NUM}]{{1,3}}、)")
L2 = re.compile(rf"^(?P<mark>[（(][{NUM}]{{1,3}}[）)])")
L3 = re.compile(r"^(?P<mark>\d{1,2}[\.．、](?!\d))")
L4 = re.compile(r"^(?P<mark>[（(]\d{1,2}[）)]|[①②③④⑤⑥⑦⑧⑨⑩])")
LEVELS = (L1, L2, L3, L4)
ITEM = re.compile(rf"(?:^|(?<=[。；;：:，,]))(?P<mark>[{NUM}]是|第[{NUM}]，|首先，|其次，|再次，|最后，)")
MEASURE_HEAD = re.compile(r"措施|成效|办理情况|工作情况|开展|做法|采取|进展|已做|落实情况|主要工作|工作举措")
PLAN_HEAD = re.compile(r"今后|下一步|下步|下阶段|计划|打算|思路|展望|将来|未来|规划")
FORWARD_START = re.compile(
    r"(?:^|(?<=[。！；]))(?P<start>下一步|今后|下阶段|下步|接下来|我们将|我局将|我委将|我办将|我区将|我市将)"
)

TARGET_VERB = (
    r"(?:达到|达|突破|超过|增至|增长到|增加到|提升至|提升到|提高至|提高到|不低于|不少于|控制在|保持在|稳定在|"
    r"年均增长|增长)"
)
TARGET_UNIT = (
    r"(?:万亿元|亿元|万元|元|亿美元|万美元|万家|家|万户|户|万人次|人次|万人|人|万吨|吨|万千瓦|千瓦|兆瓦|万辆|辆|"
    r"万标箱|万平方米|平方米|公顷|万亩|亩|公里|千米|米|个百分点|%|％|个|所|张|套|项|台|座|条|床)"
)
TARGET = re.compile(
    rf"(?P<indicator>[\u4e00-\u9fffA-Za-z“”\"]{{2,40}}?)(?P<verb>{TARGET_VERB})\s*(?:约|近|超|以上)?\s*"
    rf"(?P<value>\d+(?:\.\d+)?)\s*(?P<unit>{TARGET_UNIT})"
)
TARGET_YEAR = re.compile(
    rf"(?P<lead>力争|争取|计划|预计|确保|目标是|预期)?(?:到|至|在|于)?(?P<y>[0-9{dates.ZEROS}一二三四五六七八九]{{4}})年"
    r"(?:底|末|前)?[，,]?"
)
OBJECT_TARGET = re.compile(
    rf"^(?P<verb>(?:累计)?(?:新增|新建|建成|建设|改造|培育|引进|打造|新开通|开通|认定))?(?P<object>[\u4e00-\u9fff“”]{{2,20}}?)"
    rf"(?P<value>\d+(?:\.\d+)?)\s*(?P<unit>{TARGET_UNIT})$"
)
INDICATOR_LEAD = re.compile(
    r"^(?:力争|争取|确保|实现|推动|使|让|带动|全区|全市|全县|全省|全州|我区|我市|我县|我省|其中|并)+"
)


# -- the result -----------------------------------------------------------------------------


@dataclass
class Letter:
    """What the parser read from one letter; every field as printed, or None when not printed."""

    document_number: str | None = None
    category: str | None = None
    proposal_number: str | None = None
    proposal_kind: str | None = None  # 建议 / 议案 / 提案
    session: str | None = None
    deputy: str | None = None  # the addressee line as printed, without its colon
    title: str | None = None
    issuer: str | None = None
    issued_on: date | None = None
    signer: str | None = None
    contact_person: str | None = None
    contact_phone: str | None = None
    disclosure: str | None = None
    cc: list[str] = field(default_factory=list)
    opening: str | None = None
    closing: str | None = None
    sections: list[dict] = field(default_factory=list)  # {heading, text}
    measures: list[dict] = field(default_factory=list)  # {point, text}
    commitments: list[dict] = field(default_factory=list)  # {text, due}: due a date, a year or None
    targets: list[dict] = field(default_factory=list)  # {indicator, value, unit, year, commitment}
    unsure: dict[str, str] = field(default_factory=dict)
    text: str = ""  # the letter's text as read, for showing beside the fields

    def as_json(self) -> dict:
        """The fields with exactly the keys of `import_letter --json` (dates as ISO text)."""

        def due(value):
            return value.isoformat() if isinstance(value, date) else value

        return {
            "document_number": self.document_number,
            "category": self.category,
            "proposal_number": self.proposal_number,
            "session": self.session,
            "deputy": self.deputy,
            "title": self.title,
            "issuer": self.issuer,
            "issued_on": self.issued_on.isoformat() if self.issued_on else None,
            "signer": self.signer,
            "contact_person": self.contact_person,
            "contact_phone": self.contact_phone,
            "disclosure": self.disclosure,
            "cc": list(self.cc),
            "sections": [{"heading": s["heading"], "text": s["text"]} for s in self.sections],
            "commitments": [{"text": c["text"], "due": due(c["due"])} for c in self.commitments],
            "targets": [
                {"indicator": t["indicator"], "value": _json_number(t["value"]), "unit": t["unit"], "year": t["year"]}
                for t in self.targets
            ],
        }

    def reply_fields(self) -> dict:
        """The letter as keyword arguments of responses.services.reply_record (category as its code)."""
        commitments = []
        for c in self.commitments:
            due = c["due"]
            commitments.append(
                {
                    "text": c["text"],
                    "due_on": due if isinstance(due, date) else None,
                    "target_year": due if isinstance(due, int) else None,
                }
            )
        return {
            "document_number": self.document_number or "",
            "category": self.category,
            "issued_on": self.issued_on,
            "title": self.title or "",
            "addressee": self.deputy or "",
            "issuer": self.issuer or "",
            "signer": self.signer or "",
            "contact_person": self.contact_person or "",
            "contact_phone": self.contact_phone or "",
            "disclosure": self.disclosure,
            "cc": list(self.cc),
            "opening": self.opening or "",
            "closing": self.closing or "",
            "sections": [{"heading": s["heading"] or "", "text": s["text"]} for s in self.sections],
            "measures": [dict(m) for m in self.measures],
            "commitments": commitments,
        }

    def to_dict(self) -> dict:
        return asdict(self)


def _json_number(value: Decimal):
    return int(value) if value == value.to_integral_value() else float(value)


# -- the parser -----------------------------------------------------------------------------


def parse_letter(text: str) -> Letter:
    """Read a reply letter's text (as printed, copied from a web page, or extracted from .docx).

    Text with none of a letter's marks (document number, title, addressee, date) is refused
    rather than mined for stray fields."""
    letter = _Parser(text).parse()
    if not any((letter.document_number, letter.title, letter.deputy, letter.issued_on)):
        raise LetterError(
            "not_a_letter",
            "文本中找不到答复函的文号、标题、主送或落款日期，看起来不是一封答复函。"
            " / No document number, title, addressee or date: this does not look like a reply letter.",
        )
    return letter


class _Parser:
    def __init__(self, text: str):
        self.letter = Letter(text=text)
        self.lines = clean_lines(text)
        self.meta: dict[str, str] = {}

    # ---- driver ----

    def parse(self) -> Letter:
        self._read_metadata()
        self.lines = [line for line in self.lines if not is_chrome(line) and not DOCUMENT_LABEL.match(line)]
        opening_at = self._find_opening()
        header = self.lines[:opening_at] if opening_at is not None else self.lines[: min(len(self.lines), 8)]
        rest = self.lines[opening_at:] if opening_at is not None else self.lines[len(header) :]
        self._read_addressee(header, rest)
        self._read_header(header)
        body, signoff = self._split_signoff(_join_fragments(rest))
        self._read_signoff(signoff, body)
        self._read_body(body)
        self._read_proposal_ref()
        self._read_commitments()
        self._check()
        return self.letter

    # ---- metadata tables of web pages ----

    def _read_metadata(self) -> None:
        for line in self.lines:
            for cell in re.split(r"\t", line):
                cell = cell.strip()
                if DOCUMENT_LABEL.match(cell) and "document_number" not in self.meta:
                    match = DOCUMENT_NUMBER.search(cell.split("：", 1)[-1].split(":", 1)[-1])
                    if match:
                        self.meta["document_number"] = _compact(match.group(0))
                elif re.match(r"^(?:成文日期|成文时间|印发日期|发文日期)[:：]", cell) and "issued_on" not in self.meta:
                    value = dates.parse_date(cell)
                    if value:
                        self.meta["issued_on"] = value.isoformat()

    # ---- anchors ----

    def _find_opening(self) -> int | None:
        for index, line in enumerate(self.lines):
            flat = squash(line)
            if OPENING.search(flat) and not TITLE.search(flat) and not DOCUMENT_NUMBER.search(flat[:30]):
                return index
        return None

    def _read_addressee(self, header: list[str], rest: list[str]) -> None:
        if rest:
            # "钟庆达代表：您提出的……" on one line.
            first = squash(rest[0])
            match = re.match(r"^(?P<who>[^：:。，]{2,40}?)[：:](?P<rest>(?:您|你|贵).*)$", first)
            if match:
                self.letter.deputy = _addressee(match["who"])
                rest[0] = match["rest"]
                return
        if not header:
            return
        last = squash(header[-1])
        if re.search(r"[：:]$", last) and len(last) <= 80 and not SIGNER_LABEL.match(last):
            header.pop()
            self.letter.deputy = _addressee(last)
        elif (
            len(last) <= 60
            and ADDRESSEE_TAIL.search(last)
            and not TITLE.search(last)
            and not DOCUMENT_NUMBER.search(last)
            and not ends_sentence(last)
        ):
            header.pop()
            self.letter.deputy = _addressee(last)
            self.letter.unsure["deputy"] = "主送行没有冒号，请核对。"

    # ---- header: document number, category, title ----

    def _read_header(self, header: list[str]) -> None:
        letter = self.letter
        for line in header:
            for cell in line.split("\t"):
                if letter.document_number is None:
                    match = DOCUMENT_NUMBER.search(cell)
                    if match and not TITLE.search(squash(cell)):
                        letter.document_number = _compact(match.group(0))
                if letter.signer is None:
                    letter.signer = _labelled_name(cell, SIGNER_LABEL)
        if letter.document_number is None and "document_number" in self.meta:
            letter.document_number = self.meta["document_number"]
            letter.unsure["document_number"] = "文号取自网页信息栏，函件正文未印。"
        self._read_category(header)
        self._read_title(header)

    def _read_category(self, lines: list[str], *, bare_allowed: bool = True) -> None:
        letter = self.letter
        for line in lines:
            for cell in line.split("\t"):
                flat = squash(cell)
                match = CATEGORY_LABEL.search(flat)
                if match and letter.category is None:
                    letter.category = _category_code(match["code"])
                    return
        if not bare_allowed:
            return
        for line in lines:
            for cell in line.split("\t"):
                flat = squash(cell)
                match = CATEGORY_MARK.match(flat)
                if match and not DOCUMENT_NUMBER.search(flat):
                    letter.category = _category_code(match["code"])
                    letter.unsure.setdefault("category", "答复类别没有标签，按单独的字母认定。")
                    return

    def _read_title(self, header: list[str]) -> None:
        flats = [squash(line) for line in header]
        found = None
        for index in range(len(flats) - 1, -1, -1):
            flat = _strip_category(flats[index])[0]
            if not TITLE_END.search(flat) or DOCUMENT_NUMBER.search(flat):
                continue
            title, start = flat, index
            while not re.match(r"^(?:关于|对|就)", title) and "关于" not in title and start > 0:
                previous = _strip_category(flats[start - 1])[0]
                if (
                    ends_sentence(previous)
                    or DOCUMENT_NUMBER.search(previous)
                    or CATEGORY_MARK.match(previous)
                    or CATEGORY_LABEL.search(previous)
                    or len(title) + len(previous) > 150
                ):
                    break
                title, start = previous + title, start - 1
            while start > 0 and title.startswith("关于"):
                # A letterhead prints the unit on the line above "关于……的答复": both are the title.
                previous = flats[start - 1]
                if self._issuer_part(previous) != previous or DOCUMENT_NUMBER.search(previous):
                    break
                title, start = previous + title, start - 1
            if TITLE.search(title) or "关于" in title:
                found = title
                code = _strip_category(flats[index])[1]
                if code and self.letter.category is None:
                    self.letter.category = code
                    self.letter.unsure.pop("category", None)
                break
        self.letter.title = found

    # ---- sign-off ----

    def _is_signoff_line(self, line: str) -> bool:
        flat = squash(line)
        if (
            SIGNER_LABEL.match(flat)
            or CONTACT_LABEL.match(flat)
            or PHONE_LABEL.match(flat)
            or CC_LABEL.match(flat)
            or DISCLOSURE.search(flat)
            or ATTACHMENT.match(flat)
            or dates.is_date_line(flat)
            or len(flat) <= 2
        ):
            return True
        if CATEGORY_LABEL.match(re.sub(r"^[（(【\[]", "", flat)) and len(flat) <= 20:
            return True
        return self._issuer_part(line) is not None

    def _issuer_part(self, line: str) -> str | None:
        """The issuing unit on a sign-off line ("XX局" or "XX局  2025年5月7日"), else None."""
        flat = squash(line)
        found = dates.find_dates(flat)
        if found and found[-1][2] == len(flat):
            flat = flat[: found[-1][1]].strip()
        flat = flat.strip()
        if not flat or len(flat) > 40 or re.search(r"[，。；：,;:！？]", flat):
            return None
        return flat if ORG_TAIL.search(flat) else None

    def _split_signoff(self, rest: list[str]) -> tuple[list[str], list[str]]:
        # Drop what follows the letter's last sign-off mark (a web page's footer and link lists).
        last = None
        for index, line in enumerate(rest):
            flat = squash(line)
            if CC_LABEL.match(flat) or DISCLOSURE.search(flat) or dates.is_date_line(flat):
                last = index
            elif self._issuer_part(line) and index + 1 < len(rest) and dates.is_date_line(squash(rest[index + 1])):
                last = index + 1
        if last is not None:
            tail = rest[last + 1 :]
            keep = 0
            while keep < len(tail) and self._is_signoff_line(tail[keep]) and not dates.is_date_line(squash(tail[keep])):
                keep += 1
            rest = rest[: last + 1 + keep]
        start = len(rest)
        while start > 1 and self._is_signoff_line(rest[start - 1]):
            start -= 1
        return rest[:start], rest[start:]

    def _read_signoff(self, signoff: list[str], body: list[str]) -> None:
        letter = self.letter
        # Labelled lines may also sit in the body's last lines (contact before the closing).
        labelled = [line for line in body if _is_label_line(squash(line))] + signoff
        joined = _join_fragments(signoff)
        for line in labelled:
            for cell in line.split("\t"):
                flat = squash(cell)
                if letter.signer is None:
                    letter.signer = _labelled_name(flat, SIGNER_LABEL)
                contact = CONTACT_LABEL.match(flat)
                if contact and letter.contact_person is None:
                    value = flat[contact.end() :]
                    name = NAME_VALUE.match(value)
                    if name:
                        letter.contact_person = _strip_title(name.group(0))
                        phone = PHONE_VALUE.search(value[name.end() :])
                        if phone and letter.contact_phone is None:
                            letter.contact_phone = _phone(phone.group(0))
                for phone_label in PHONE_LABEL.finditer(flat):
                    if letter.contact_phone is None and (
                        phone_label.start() == 0 or flat[phone_label.start() - 1] in "，,；;）)\t "
                    ):
                        phone = PHONE_VALUE.match(flat[phone_label.end() :])
                        if phone:
                            letter.contact_phone = _phone(phone.group(0))
                cc = CC_LABEL.match(flat)
                if cc and not letter.cc:
                    letter.cc = _split_list(flat[cc.end() :])
        for line in joined:
            flat = squash(line)
            if letter.disclosure is None:
                match = DISCLOSURE.search(flat)
                if match:
                    letter.disclosure = DISCLOSURE_VALUES[match["value"]]
        # The date and the unit just above it.
        date_index = None
        for index in range(len(joined) - 1, -1, -1):
            flat = squash(joined[index])
            found = dates.find_dates(flat)
            if found and (dates.is_date_line(flat) or self._issuer_part(joined[index])):
                letter.issued_on = found[-1][0]
                date_index = index
                break
        if date_index is not None:
            same_line = self._issuer_part(joined[date_index])
            if same_line and not dates.is_date_line(squash(joined[date_index])):
                letter.issuer = same_line
            else:
                issuers = []
                index = date_index - 1
                while index >= 0 and self._issuer_part(joined[index]) and not _is_label_line(squash(joined[index])):
                    issuers.insert(0, self._issuer_part(joined[index]))
                    index -= 1
                if issuers:
                    letter.issuer = "、".join(issuers)
        if letter.issuer is None:
            candidates = [self._issuer_part(line) for line in joined if not _is_label_line(squash(line))]
            candidates = [c for c in candidates if c]
            if candidates:
                letter.issuer = candidates[-1]
                letter.unsure["issuer"] = "落款单位不在日期上方，请核对。"
        if letter.issued_on is None and "issued_on" in self.meta:
            letter.issued_on = date.fromisoformat(self.meta["issued_on"])
            letter.unsure["issued_on"] = "日期取自网页“成文日期”，函件落款未印。"
        if letter.category is None:
            self._read_category(signoff, bare_allowed=False)
        if letter.disclosure is None:
            for line in self.lines:
                match = DISCLOSURE.search(squash(line))
                if match:
                    letter.disclosure = DISCLOSURE_VALUES[match["value"]]
                    break

    # ---- body ----

    def _read_body(self, body: list[str]) -> None:
        letter = self.letter
        lines = [squash(line) for line in body if not _is_label_line(squash(line))]
        paragraphs = _paragraphs(lines)
        if not paragraphs:
            return
        closing = []
        while len(paragraphs) > 1 and CLOSING.search(paragraphs[-1]) and len(paragraphs[-1]) <= 200:
            closing.insert(0, paragraphs.pop())
        letter.closing = "\n\n".join(closing) or None
        level = next((lv for lv in LEVELS if any(lv.match(p) for p in paragraphs[1:])), None)
        opening = [paragraphs[0]]
        rest = paragraphs[1:]
        if level is not None:
            while rest and not level.match(rest[0]):
                opening.append(rest.pop(0))
        letter.opening = "\n\n".join(opening)
        if level is None:
            if rest:
                letter.sections = [{"heading": None, "text": "\n\n".join(rest)}]
            return
        for paragraph in rest:
            if level.match(paragraph):
                heading, text = _split_heading(paragraph)
                letter.sections.append({"heading": heading, "parts": [text] if text else []})
            else:
                letter.sections[-1]["parts"].append(paragraph)
        for section in letter.sections:
            section["text"] = "\n\n".join(section.pop("parts"))
        self._read_measures(level)

    def _read_measures(self, level) -> None:
        for section in self.letter.sections:
            heading = section["heading"] or ""
            if not MEASURE_HEAD.search(heading) or PLAN_HEAD.search(heading):
                continue
            paragraphs = section["text"].split("\n\n")
            sub = _sublevel(level, paragraphs)
            if sub is None:
                self.letter.measures.append({"point": "", "text": section["text"]})
                continue
            for paragraph in paragraphs:
                if sub.match(paragraph):
                    heading_text, text = _split_heading(paragraph)
                    point = sub.sub("", heading_text, count=1).strip()
                    self.letter.measures.append({"point": point, "parts": [text] if text else []})
                elif self.letter.measures and "parts" in self.letter.measures[-1]:
                    self.letter.measures[-1]["parts"].append(paragraph)
            for measure in self.letter.measures:
                if "parts" in measure:
                    measure["text"] = "\n\n".join(measure.pop("parts"))

    # ---- commitments and targets ----

    def _read_commitments(self) -> None:
        letter = self.letter
        year = letter.issued_on.year if letter.issued_on else None
        plan = [s for s in letter.sections if s["heading"] and PLAN_HEAD.search(s["heading"])]
        texts: list[str] = []
        if plan:
            for section in plan:
                texts.extend(_plan_items(section["text"].split("\n\n")))
        else:
            paragraphs = [p for s in letter.sections for p in s["text"].split("\n\n")]
            for paragraph in paragraphs:
                match = FORWARD_START.search(paragraph)
                if match:
                    texts.append(paragraph[match.start("start") :])
            if texts:
                letter.unsure["commitments"] = "函件没有“今后/下一步”部分，承诺事项按前瞻性语句提取。"
        for text in texts:
            letter.commitments.append({"text": text, "due": dates.find_deadline(text, not_before=year)})
        for index, commitment in enumerate(letter.commitments):
            for target in _targets(commitment["text"], not_before=year):
                letter.targets.append({**target, "commitment": index})
        if letter.targets:
            letter.unsure["targets"] = "指标名称按原文截取，请核对后再保存。"

    def _read_proposal_ref(self) -> None:
        letter = self.letter
        sources = [s for s in (letter.title, letter.opening) if s]
        sources.append(" ".join(squash(line) for line in self.lines[:40]))
        for source in sources:
            if letter.session is None:
                match = SESSION.search(source)
                if match:
                    letter.session = _session_name(match["session"])
            if letter.proposal_number is None:
                match = PROPOSAL_NUMBER.search(source) or PROPOSAL_NUMBER_LABEL.search(source)
                if match and not DOCUMENT_NUMBER.search(source[max(0, match.start() - 20) : match.end()]):
                    letter.proposal_number = match["number"]
                    kind = match.groupdict().get("kind")
                    if kind:
                        letter.proposal_kind = "建议" if kind == "意见建议" else kind
        if letter.proposal_kind is None:
            joined = "".join(sources[:2])
            for kind in ("提案", "议案", "建议"):
                if kind in joined:
                    letter.proposal_kind = kind
                    break

    def _check(self) -> None:
        letter = self.letter
        for name, label in (
            ("document_number", "文号"),
            ("category", "答复类别"),
            ("issued_on", "答复日期"),
            ("proposal_number", "建议编号"),
        ):
            if getattr(letter, name) is None:
                letter.unsure[name] = f"函件中没有找到{label}，请补填。"


# -- helpers --------------------------------------------------------------------------------


def _session_name(text: str) -> str:
    """ "某局关于省十四届人大二次会议" -> "省十四届人大二次会议": the place word before 届 only."""
    number = re.search(rf"第?[{NUM}\d]{{1,3}}届", text)
    head = re.split(r"关于|对|在|就|的", text[: number.start()])[-1]
    return head + text[number.start() :]


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _category_code(code: str) -> str:
    return code.translate(str.maketrans("ＡＢＣＤＥａｂｃｄｅ", "ABCDEABCDE")).upper()


def _strip_category(title: str) -> tuple[str, str | None]:
    match = CATEGORY_IN_TITLE.search(title)
    if match:
        return title[: match.start()].rstrip(), _category_code(match["code"])
    return title, None


def _addressee(text: str) -> str:
    text = re.sub(r"[：:]$", "", text.strip())
    return SALUTATION.sub("", text).strip()


def _is_label_line(flat: str) -> bool:
    return bool(
        SIGNER_LABEL.match(flat)
        or CONTACT_LABEL.match(flat)
        or PHONE_LABEL.match(flat)
        or CC_LABEL.match(flat)
        or (DISCLOSURE.search(flat) and len(flat) <= 30)
    )


def _labelled_name(text: str, label: re.Pattern) -> str | None:
    for match in label.finditer(squash(text)):
        before = text[: match.start()]
        if before and not re.search(r"[\s，,；;。）)\]】：:]$", before):
            continue
        value = squash(text)[match.end() :]
        name = NAME_VALUE.match(value)
        if name:
            return _strip_title(name.group(0))
    return None


def _strip_title(name: str) -> str:
    # "联系人：郑呈垚联系电话" -> the name; a label glued on after the name is not part of it.
    for stop in ("联系电话", "联系方式", "电话", "手机", "职务", "签发"):
        if stop in name:
            name = name.split(stop, 1)[0]
    return name


def _phone(text: str) -> str:
    text = text.translate(str.maketrans("－—（）", "--()"))
    return re.sub(r"\s+", "", text).strip("，,。")


def _split_list(text: str) -> list[str]:
    text = re.sub(r"[。.]$", "", text.strip())
    return [item.strip() for item in re.split(r"[，,、；;]", text) if item.strip()]


def _join_fragments(lines: list[str]) -> list[str]:
    """Sign-off lines with a date broken across lines ("2025年5月7" + "日") put back together."""
    out: list[str] = []
    for line in lines:
        flat = squash(line)
        if out and len(flat) <= 2 and not flat.isdigit() and re.search(r"[\d一二三四五六七八九十〇年月]$", out[-1]):
            out[-1] = out[-1] + flat
        else:
            out.append(line)
    return out


def _heading_level(paragraph: str):
    return next((level for level in LEVELS if level.match(paragraph)), None)


def _is_heading_only(line: str) -> bool:
    return _heading_level(line) is not None and len(line) <= 50 and not ends_sentence(line)


def _paragraphs(lines: list[str]) -> list[str]:
    """Lines rejoined into paragraphs: a line that does not end a sentence runs on into the next,
    unless either is a heading."""
    paragraphs: list[str] = []
    joinable = False
    for line in lines:
        starts_new = _heading_level(line) is not None or not paragraphs or not joinable
        if starts_new:
            paragraphs.append(line)
        else:
            paragraphs[-1] += line
        current = paragraphs[-1]
        joinable = not ends_sentence(current) and not _is_heading_only(current)
        if OPENING.search(current) and ends_sentence(current):
            joinable = False
    return paragraphs


def _split_heading(paragraph: str) -> tuple[str, str]:
    """A numbered paragraph as (heading, text): a short heading line alone, or its first sentence."""
    if _is_heading_only(paragraph):
        return paragraph, ""
    match = re.search(r"[。：:；]", paragraph)
    if match and match.start() <= 120:
        heading = paragraph[: match.start()]
        text = paragraph[match.end() :].strip()
        return heading, text
    return paragraph[:200], paragraph[200:]


def _sublevel(level, paragraphs: list[str]):
    index = LEVELS.index(level)
    for candidate in LEVELS[index + 1 :]:
        if any(candidate.match(p) for p in paragraphs):
            return candidate
    return None


def _split_items(paragraph: str) -> tuple[str, list[str]]:
    """ "引言。一是……二是……" -> ("引言。", [items]); the items must start at 一是 / 首先."""
    marks = list(ITEM.finditer(paragraph))
    if not marks or marks[0]["mark"] not in ("一是", "第一，", "首先，"):
        return paragraph, []
    items = []
    for index, mark in enumerate(marks):
        end = marks[index + 1].start() if index + 1 < len(marks) else len(paragraph)
        item = paragraph[mark.end() : end].strip()
        items.append(re.sub(r"[；;，,]$", "", item))
    return paragraph[: marks[0].start()], items


def _plan_items(paragraphs: list[str]) -> list[str]:
    """The promises in a "今后推动计划" section: its 一是/二是 items, else its numbered points,
    else its paragraphs (an introduction ending in a colon is not a promise)."""
    items: list[str] = []
    for index, paragraph in enumerate(paragraphs):
        _, found = _split_items(paragraph)
        if found:
            items.extend(found)
            continue
        if _is_heading_only(paragraph):
            following = paragraphs[index + 1] if index + 1 < len(paragraphs) else ""
            if not following or _heading_level(following) is not None:
                items.append(_strip_mark(paragraph))
            continue
        if re.search(r"[：:]$", paragraph):
            continue
        if _heading_level(paragraph) is None:
            items.extend(_split_promises(paragraph))
        else:
            items.append(_strip_mark(paragraph))
    return items


def _split_promises(paragraph: str) -> list[str]:
    """A plain paragraph holding several dated promises, one per dated sentence (an undated
    sentence stays with the promise before it)."""
    sentences = re.findall(r"[^。！]+[。！]?", paragraph)
    dated = [dates.find_deadline(sentence) is not None for sentence in sentences]
    if sum(dated) < 2:
        return [paragraph]
    promises: list[str] = []
    for sentence, has_deadline in zip(sentences, dated, strict=True):
        if has_deadline or not promises:
            promises.append(sentence)
        else:
            promises[-1] += sentence
    return promises


def _strip_mark(paragraph: str) -> str:
    level = _heading_level(paragraph)
    return level.sub("", paragraph, count=1).strip() if level else paragraph


def _targets(text: str, *, not_before: int | None) -> list[dict]:
    """Quantitative targets tied to a year: "力争到2027年电子信息产业产值总量达到780亿元、……"."""
    found = []
    for sentence in re.split(r"[。；;！]", text):
        years = list(TARGET_YEAR.finditer(sentence))
        for index, year_match in enumerate(years):
            year = dates.year_number(year_match["y"])
            if year is None or (not_before is not None and year < not_before):
                continue
            before = sentence[: year_match.start()]
            forward = (
                year_match["lead"]
                or re.match(r"[到至]", year_match.group(0))
                or re.search(r"力争|争取|计划|预计|确保|将|[到至]$", before)
            )
            if not forward:
                continue
            end = years[index + 1].start() if index + 1 < len(years) else len(sentence)
            span = sentence[year_match.end() : end]
            shared_verb = ""
            for segment in re.split(r"[、，,]", span):
                segment = INDICATOR_LEAD.sub("", segment.strip())
                match = TARGET.search(segment)
                if not match:
                    # "新增公共充电桩5000个、换电站20座": the verb is printed once for both.
                    obj = OBJECT_TARGET.match(segment)
                    if obj and (obj["verb"] or shared_verb):
                        shared_verb = obj["verb"] or shared_verb
                        found.append(
                            {
                                "indicator": shared_verb + obj["object"],
                                "value": Decimal(obj["value"]),
                                "unit": "%" if obj["unit"] in ("%", "％") else obj["unit"],
                                "year": year,
                            }
                        )
                    continue
                indicator = INDICATOR_LEAD.sub("", match["indicator"].strip('“”"')).strip()
                indicator = re.sub(r"总量$", "", indicator)
                if match["verb"] in ("增长", "年均增长"):
                    indicator += match["verb"]
                if len(indicator) < 2:
                    continue
                unit = "%" if match["unit"] in ("%", "％") else match["unit"]
                found.append({"indicator": indicator, "value": Decimal(match["value"]), "unit": unit, "year": year})
    return found


__all__ = ["CJK", "Letter", "parse_letter"]
