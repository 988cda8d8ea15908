"""Dates as letters print them: Arabic or Chinese numerals, with the usual 〇/O/0 mix-ups."""

from __future__ import annotations

import calendar
import re
from datetime import date

# Letters write the zero of a year as 〇, ○, a Latin O, a Cyrillic О, a full-width ０ or 零.
ZEROS = "〇○OoОо０零"
CHINESE_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "两": 2}
DIGIT = rf"[0-9０-９{ZEROS}一二三四五六七八九]"
SMALL = rf"(?:[0-9０-９]{{1,2}}|[{ZEROS}一二三四五六七八九十]{{1,3}})"

YEAR = rf"(?P<y>{DIGIT}{{4}})"
CHINESE_DATE = re.compile(rf"{YEAR}\s*年\s*(?P<m>{SMALL})\s*月\s*(?P<d>{SMALL})\s*[日号]")
NUMERIC_DATE = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})\s*[-./／]\s*(?P<m>\d{1,2})\s*[-./／]\s*(?P<d>\d{1,2})(?!\d)")


def small_number(text: str) -> int | None:
    """12, １２, 十二, 二十七, 三十一, 〇五 -> int; None when it is not a number."""
    text = text.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if text.isdecimal():
        return int(text)
    text = "".join("0" if ch in ZEROS else ch for ch in text)
    if text.isdecimal():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        tens_value = CHINESE_DIGITS.get(tens, 1 if tens == "" else None)
        ones_value = CHINESE_DIGITS.get(ones, 0 if ones == "" else None)
        if tens_value is None or ones_value is None:
            return None
        return tens_value * 10 + ones_value
    digits = []
    for ch in text:
        if ch in CHINESE_DIGITS:
            digits.append(str(CHINESE_DIGITS[ch]))
        elif ch == "0":
            digits.append("0")
        else:
            return None
    return int("".join(digits)) if digits else None


def year_number(text: str) -> int | None:
    """A four-digit year in any of the numeral styles (二〇二五, 二O二五, 二0二五, 2025)."""
    value = small_number(text)
    return value if value is not None and 1900 <= value <= 2100 else None


def _build(y: str, m: str, d: str) -> date | None:
    year, month, day = year_number(y), small_number(m), small_number(d)
    if year is None or month is None or day is None:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def find_dates(text: str) -> list[tuple[date, int, int]]:
    """Every valid date in `text` as (date, start, end), in order."""
    found = []
    for pattern in (CHINESE_DATE, NUMERIC_DATE):
        for match in pattern.finditer(text):
            value = _build(match["y"], match["m"], match["d"])
            if value is not None:
                found.append((value, match.start(), match.end()))
    return sorted(found, key=lambda item: item[1])


def parse_date(text: str) -> date | None:
    """The first date in `text`, or None."""
    found = find_dates(text)
    return found[0][0] if found else None


def is_date_line(text: str) -> bool:
    """Whether the line is a date and nothing else (brackets and a trailing 印/盖章 mark allowed)."""
    stripped = re.sub(r"[\s（()）\[\]【】]|盖章|印章", "", text)
    found = find_dates(stripped)
    return bool(found) and found[0][1] == 0 and found[0][2] == len(stripped)


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


# A deadline or a target year in a forward-looking sentence: "力争到2027年", "2025年6月底前",
# "于2026年3月31日前", "2025年底前", "年内" (no year printed: nothing to report).
DEADLINE = re.compile(
    rf"(?P<lead>力争|争取|计划|预计|确保|拟|将|预期|目标是|到|至|在|于|截至)?\s*(?:到|至|在|于)?\s*"
    rf"(?P<y>{DIGIT}{{4}})\s*年\s*"
    rf"(?:(?P<m>{SMALL})\s*月\s*(?:(?P<d>{SMALL})\s*[日号])?)?"
    rf"(?P<tail>上半年|下半年|年底|年末|底|末|前|以前|之前|内|中旬|上旬|下旬)?"
)
FORWARD_LEADS = {"力争", "争取", "计划", "预计", "确保", "拟", "将", "预期", "目标是", "到", "至"}
FORWARD_TAILS = {"上半年", "下半年", "年底", "年末", "底", "末", "前", "以前", "之前", "内"}


def find_deadline(text: str, *, not_before: int | None = None) -> date | int | None:
    """The first forward-looking due date (a date) or target year (an int) in `text`, or None.

    A year counts only when the wording looks ahead (到/力争/…前/底); `not_before` drops years
    earlier than the letter's own, which are reports of the past.
    """
    for match in DEADLINE.finditer(text):
        year = year_number(match["y"])
        if year is None or (not_before is not None and year < not_before):
            continue
        lead, tail = match["lead"] or "", match["tail"] or ""
        before = text[max(0, match.start() - 6) : match.start()]
        forward = lead in FORWARD_LEADS or tail in FORWARD_TAILS or re.search(r"力争|争取|计划|预计|确保|将", before)
        if not forward:
            continue
        month = small_number(match["m"]) if match["m"] else None
        if month is not None and not 1 <= month <= 12:
            continue
        if month is None:
            if tail == "上半年":
                return date(year, 6, 30)
            return year
        if match["d"]:
            day = small_number(match["d"])
            try:
                return date(year, month, day)
            except (TypeError, ValueError):
                continue
        return month_end(year, month)
    return None
