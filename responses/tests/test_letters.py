"""The letter parser core: the demo letter field by field, the collected letters, and table tests per variant."""

import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from responses.letters import MAX_BYTES, LetterError, parse_letter, read_bytes, read_path

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "letters"
SHARED_0119 = ROOT.parent / "shared" / "examples" / "reply-0119.txt"
EXPECTED = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))


def expected_for(name):
    value = EXPECTED[name]
    return EXPECTED[value["same_as"]] if "same_as" in value else value


def squashed(value):
    """Whitespace-insensitive comparison of nested values."""
    if isinstance(value, str):
        return re.sub(r"\s+", "", value)
    if isinstance(value, list | tuple):
        return [squashed(v) for v in value]
    if isinstance(value, dict):
        return {k: squashed(v) for k, v in value.items()}
    return value


# -- the demo letter -------------------------------------------------------------------------


def test_the_demo_letter_reads_as_the_demo_reply_field_by_field():
    from proposals.demo import REPLY_0119

    letter = parse_letter(read_path(FIXTURES / "xiamen-huli-0119.txt"))
    got = letter.reply_fields()
    for key, want in REPLY_0119.items():
        if key == "commitments":
            mine = [(c["text"], c["target_year"], c["due_on"]) for c in got[key]]
            theirs = [(c["text"], c.get("target_year"), c.get("due_on")) for c in want]
            assert squashed(mine) == squashed(theirs)
        else:
            assert squashed(got[key]) == squashed(want), key


def test_the_demo_letter_gives_the_demo_targets():
    from proposals.demo import TARGETS_2027

    letter = parse_letter(read_path(FIXTURES / "xiamen-huli-0119.txt"))
    assert [(t["indicator"], t["value"], t["year"]) for t in letter.targets] == [
        (name, value, year) for name, value, year, _ in TARGETS_2027
    ]
    assert {t["commitment"] for t in letter.targets} == {0}


@pytest.mark.skipif(not SHARED_0119.exists(), reason="the shared examples folder is not next to the project")
def test_the_fixture_is_the_shared_example_letter_unchanged():
    assert (FIXTURES / "xiamen-huli-0119.txt").read_bytes() == SHARED_0119.read_bytes()
    assert parse_letter(read_path(SHARED_0119)).as_json() == expected_for("xiamen-huli-0119.txt")


# -- the collected letters -------------------------------------------------------------------

FIELDS = list(expected_for("xiamen-huli-0119.txt"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_collected_letter_reads_with_every_field_right(name):
    got = parse_letter(read_path(FIXTURES / name)).as_json()
    want = expected_for(name)
    assert list(got) == FIELDS
    assert {k: got[k] for k in FIELDS if got[k] != want[k]} == {}


def test_there_are_at_least_eight_letters_besides_the_demo_one_from_several_provinces():
    names = [n for n in EXPECTED if n != "xiamen-huli-0119.txt" and n.endswith(".txt")]
    assert len(names) >= 8
    kinds = {expected_for(n)["session"][-6:] for n in names}
    assert any("政协" in expected_for(n)["session"] for n in names) and len(kinds) > 3
    assert (FIXTURES / "hunan-county-motion.docx").exists()
    sources = (FIXTURES / "SOURCES.md").read_text(encoding="utf-8")
    assert all(n in sources for n in names)


def test_a_gb18030_file_reads_like_utf8():
    data = (FIXTURES / "shanghai-pudong-gb18030.txt").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert read_bytes(data).startswith("上海浦东")


# -- table tests per field and variant -------------------------------------------------------


def letter_with(header="", addressee="张三代表：", body="一、办理情况\n已办理。", signoff="某某局\n2025年5月7日"):
    text = f"{header}\n{addressee}\n您提出的《关于某事的建议》（第0001号）收悉。现答复如下：\n{body}\n{signoff}\n"
    return parse_letter(text)


@pytest.mark.parametrize(
    "line, number",
    [
        ("厦湖府办函〔2025〕103号", "厦湖府办函〔2025〕103号"),
        ("京教函[2024]45号", "京教函[2024]45号"),
        ("粤工信函【2024】88号", "粤工信函【2024】88号"),
        ("川经信办函(2023)128号", "川经信办函(2023)128号"),
        ("湘财函（2024）15号", "湘财函（2024）15号"),
        ("厦湖府办函〔 2025 〕 103 号", "厦湖府办函〔2025〕103号"),
        ("粤工信函〔2024〕356号      B类", "粤工信函〔2024〕356号"),
        ("签发人：杨军\t粤工信函〔2024〕356号", "粤工信函〔2024〕356号"),
        ("文号：杭经信函〔2024〕52号", "杭经信函〔2024〕52号"),
    ],
)
def test_document_numbers_in_every_bracket_style(line, number):
    assert letter_with(header=line).document_number == number


def test_a_document_number_cited_in_the_body_is_not_the_letters_own():
    letter = letter_with(body="一、办理情况\n根据《实施意见》（厦府办〔2023〕45号），已办理。")
    assert letter.document_number is None and "document_number" in letter.unsure


@pytest.mark.parametrize(
    "header, category",
    [
        ("答复类别：A类", "A"),
        ("办复类别 【B】", "B"),
        ("类别：C", "C"),
        ("【答复类别】A", "A"),
        ("答 复 类 别 ： B 类", "B"),
        ("（A类）", "A"),
        ("(A)", "A"),
        ("B", "B"),
        ("答复类别：D类（留作参考）", "D"),
        ("类型：Ｂ", "B"),
        ("关于区七届人大四次会议第0056号建议的答复（A类）", "A"),
        ("粤工信函〔2024〕356号  C类", "C"),
        ("", None),
    ],
)
def test_categories_with_and_without_labels(header, category):
    assert letter_with(header=header).category == category


def test_a_category_in_the_title_is_taken_off_the_title():
    letter = letter_with(header="关于区七届人大四次会议第0056号建议的答复（A类）")
    assert letter.title == "关于区七届人大四次会议第0056号建议的答复"


@pytest.mark.parametrize(
    "title, session, number, kind",
    [
        ("关于市十六届人大五次会议第0119号建议的答复", "市十六届人大五次会议", "0119", "建议"),
        ("关于区十七届人大三次会议第A012号建议的答复", "区十七届人大三次会议", "A012", "建议"),
        ("关于县十八届人大三次会议第3号议案办理情况的答复", "县十八届人大三次会议", "3", "议案"),
        ("关于市政协十二届三次会议第345号提案的答复", "市政协十二届三次会议", "345", "提案"),
        (
            "对政协第十四届苏州市委员会第二次会议第20240123号提案的答复",
            "政协第十四届苏州市委员会第二次会议",
            "20240123",
            "提案",
        ),
        ("关于十四届全国人大二次会议第1287号建议的答复", "十四届全国人大二次会议", "1287", "建议"),
        ("某局关于省十四届人大二次会议第 0088 号代表建议答复的函", "省十四届人大二次会议", "0088", "建议"),
    ],
)
def test_suggestions_motions_and_proposals_with_their_numbers_and_sessions(title, session, number, kind):
    letter = letter_with(header=title)
    assert (letter.session, letter.proposal_number, letter.proposal_kind) == (session, number, kind)
    assert letter.title == title.replace(" ", "")


@pytest.mark.parametrize(
    "line, deputy",
    [
        ("钟庆达代表：", "钟庆达代表"),
        ("陈刚代表:", "陈刚代表"),
        ("张伟、李娜等12位代表：", "张伟、李娜等12位代表"),
        ("李明委员：", "李明委员"),
        ("民建杭州市委会：", "民建杭州市委会"),
        ("九三学社厦门市委员会：", "九三学社厦门市委员会"),
        ("尊敬的王芳代表：", "王芳代表"),
        ("王建国代表", "王建国代表"),
    ],
)
def test_the_addressee_line_in_its_forms(line, deputy):
    assert letter_with(addressee=line).deputy == deputy


def test_an_addressee_sharing_the_line_with_the_opening():
    letter = parse_letter(
        "钟庆达代表：您提出的《关于某事的建议》收悉。现答复如下：\n一、情况\n已办理。\n某局\n2025年5月7日"
    )
    assert letter.deputy == "钟庆达代表" and letter.opening.startswith("您提出的")


@pytest.mark.parametrize(
    "line, issued_on",
    [
        ("2025年5月7日", date(2025, 5, 7)),
        ("2025 年 5 月 7 日", date(2025, 5, 7)),
        ("二〇二五年五月七日", date(2025, 5, 7)),
        ("二O二四年十二月三十一日", date(2024, 12, 31)),
        ("二0二三年七月五日", date(2023, 7, 5)),
        ("二○二四年六月十二日", date(2024, 6, 12)),
        ("2024年10月 15日", date(2024, 10, 15)),
        ("2025年5月7\n日", date(2025, 5, 7)),
        ("2025年2月30日", None),
    ],
)
def test_dates_in_arabic_and_chinese_numerals(line, issued_on):
    assert letter_with(signoff=f"某某局\n{line}").issued_on == issued_on


def test_the_letters_own_date_not_the_web_pages_publication_date():
    text = "发布时间：2025-06-01\n" + "\n".join(
        [
            "张三代表：",
            "您提出的建议收悉。现答复如下：",
            "一、情况",
            "已办理。",
            "某局",
            "2025年5月7日",
            "发布日期：2025-06-02",
        ]
    )
    assert parse_letter(text).issued_on == date(2025, 5, 7)


def test_the_issuer_may_share_the_line_with_the_date():
    letter = letter_with(signoff="厦门市湖里区人民政府办公室  2025年5月7日")
    assert (letter.issuer, letter.issued_on) == ("厦门市湖里区人民政府办公室", date(2025, 5, 7))


@pytest.mark.parametrize(
    "lines, signer, person, phone",
    [
        (["领导署名：胡振强", "联系人：郑呈垚", "联系电话：2878080"], "胡振强", "郑呈垚", "2878080"),
        (["签 发 人：何 平", "联 系 人：吴 敏", "电 话：028-86705678"], "何平", "吴敏", "028-86705678"),
        (["【领导署名】陈志华", "【联 系 人】黄斌", "【联系电话】0595-23881234"], "陈志华", "黄斌", "0595-23881234"),
        (["联系人：刘洋  联系电话：010-89881234"], None, "刘洋", "010-89881234"),
        (["联系人及电话：陈晓，020-83133000"], None, "陈晓", "020-83133000"),
        (["（联系人：吴敏；联系电话：028－86705678）"], None, "吴敏", "028-86705678"),
        (["联系人：赵敏（电话：58788388）"], None, "赵敏", "58788388"),
        (["经办人：林洁", "联系方式：0592-5551234"], None, "林洁", "0592-5551234"),
    ],
)
def test_signer_contact_and_phone_label_variants(lines, signer, person, phone):
    letter = letter_with(signoff="\n".join(["感谢您的关心。", *lines, "某某局", "2025年5月7日"]))
    assert (letter.signer, letter.contact_person, letter.contact_phone) == (signer, person, phone)


@pytest.mark.parametrize(
    "line, disclosure",
    [
        ("(此件主动公开)", "public"),
        ("（此件公开发布）", "public"),
        ("公开方式：主动公开", "public"),
        ("公开属性：依申请公开", "on_request"),
        ("（此件依申请公开）", "on_request"),
        ("（此件不予公开）", "withheld"),
        ("此件不公开", "withheld"),
        ("", None),
    ],
)
def test_disclosure_marks(line, disclosure):
    assert letter_with(signoff=f"某某局\n2025年5月7日\n{line}").disclosure == disclosure


def test_a_body_sentence_about_disclosure_is_not_the_letters_mark():
    letter = letter_with(body="一、办理情况\n我局依法做好政府信息主动公开工作。")
    assert letter.disclosure is None


@pytest.mark.parametrize(
    "line, cc",
    [
        ("抄送：市人大常委会代表工作室，市政府督查室。", ["市人大常委会代表工作室", "市政府督查室"]),
        ("抄 送：县人大常委会选联工委、县政府办公室。", ["县人大常委会选联工委", "县政府办公室"]),
        ("【抄送】省政府办公厅", ["省政府办公厅"]),
        ("", []),
    ],
)
def test_cc_lines(line, cc):
    assert letter_with(signoff=f"某某局\n2025年5月7日\n{line}").cc == cc


def test_numbered_structure_at_several_levels():
    body = "\n".join(
        [
            "一、办理情况",
            "（一）关于资金。已安排资金。",
            "1.第一项。",
            "（1）细项。",
            "二、下一步工作",
            "（一）加快建设。确保2026年6月底前建成。",
            "（二）完善机制。到2027年，全市新增停车位5000个。",
        ]
    )
    letter = letter_with(body=body)
    assert [s["heading"] for s in letter.sections] == ["一、办理情况", "二、下一步工作"]
    assert letter.measures == [{"point": "关于资金", "text": "已安排资金。\n\n1.第一项。\n\n（1）细项。"}]
    assert [(c["text"], c["due"]) for c in letter.commitments] == [
        ("加快建设。确保2026年6月底前建成。", date(2026, 6, 30)),
        ("完善机制。到2027年，全市新增停车位5000个。", 2027),
    ]
    assert [(t["indicator"], t["value"], t["unit"], t["year"]) for t in letter.targets] == [
        ("新增停车位", 5000, "个", 2027)
    ]


@pytest.mark.parametrize(
    "sentence, due",
    [
        ("力争到2027年电子信息产业产值总量达到780亿元。", 2027),
        ("2025年底前完成规划修编。", 2025),
        ("计划于2026年3月31日前完成。", date(2026, 3, 31)),
        ("2026年上半年建成投用。", date(2026, 6, 30)),
        ("于2024年8月份正式印发实施方案。", None),
        ("年内完成改造。", None),
        ("持续推进产学研合作。", None),
    ],
)
def test_commitment_due_dates_and_years(sentence, due):
    letter = letter_with(body=f"一、下一步工作\n{sentence}")
    assert letter.commitments[0]["due"] == due


@pytest.mark.parametrize(
    "sentence, targets",
    [
        (
            "力争到2027年电子信息产业产值总量达到780亿元、机械装备产业产值总量达到340亿元。",
            [("电子信息产业产值", 780, "亿元", 2027), ("机械装备产业产值", 340, "亿元", 2027)],
        ),
        (
            "到2026年，全区新增公共充电桩5000个、换电站20座。",
            [("新增公共充电桩", 5000, "个", 2026), ("新增换电站", 20, "座", 2026)],
        ),
        ("力争到2025年，规上工业增加值年均增长8%。", [("规上工业增加值年均增长", 8, "%", 2025)]),
        ("2024年全区产值达到1200亿元。", []),
        ("到2030年，全市森林覆盖率稳定在60.5%以上。", [("森林覆盖率", 60.5, "%", 2030)]),
    ],
)
def test_quantitative_targets_tied_to_a_year(sentence, targets):
    letter = letter_with(body=f"一、下一步工作\n{sentence}", signoff="某某局\n2025年5月7日")
    assert [(t["indicator"], float(t["value"]), t["unit"], t["year"]) for t in letter.targets] == [
        (a, float(b), c, d) for a, b, c, d in targets
    ]


def test_web_page_chrome_does_not_leak_into_fields():
    chrome_top = [
        "首页 > 政务公开 > 建议提案办理",
        "当前位置：首页 > 信息公开",
        "发布时间：2025-06-01  来源：区政府办  浏览次数：1234",
        "【字体：大 中 小】【打印本页】",
        "分享到：微信 微博",
    ]
    chrome_bottom = [
        "【打印】【关闭窗口】",
        "上一篇：关于第0118号建议的答复",
        "主办单位：某某区人民政府办公室  版权所有",
        "扫一扫在手机打开当前页",
    ]
    letter = letter_with(header="\n".join(chrome_top), signoff="\n".join(["某某局", "2025年5月7日", *chrome_bottom]))
    values = json.dumps(letter.as_json(), ensure_ascii=False)
    for word in ("首页", "浏览", "字体", "分享", "打印", "上一篇", "版权", "扫一扫", "2025-06-01"):
        assert word not in values
    assert letter.issuer == "某某局"


def test_text_without_any_mark_of_a_letter_is_refused():
    with pytest.raises(LetterError, match="does not look like a reply letter"):
        parse_letter("您好，来信收悉。\n我们会认真研究。")


def test_a_field_the_letter_does_not_print_is_none_never_invented():
    letter = parse_letter("张三代表：\n您好，来信收悉。\n我们会认真研究。")
    data = letter.as_json()
    assert data["deputy"] == "张三代表"  # a letter needs one of its marks, or it is refused
    for key in (
        "document_number",
        "category",
        "proposal_number",
        "session",
        "title",
        "issuer",
        "issued_on",
        "signer",
        "contact_person",
        "contact_phone",
        "disclosure",
    ):
        assert data[key] is None, key
    assert data["cc"] == [] and data["targets"] == []


def test_the_parser_core_imports_no_django():
    code = "import sys, responses.letters; sys.exit(any(m == 'django' or m.startswith('django.') for m in sys.modules))"
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0


# -- bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data, code",
    [
        (b"", "empty"),
        (b"   \n\n  ", "empty"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "pdf"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "doc"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"PK\x03\x04not really a docx", "docx"),
        (bytes(range(1, 32)) * 20, "binary"),
    ],
)
def test_bad_input_is_refused_with_a_reason(data, code):
    with pytest.raises(LetterError) as info:
        read_bytes(data, filename="x")
    assert info.value.code == code and info.value.message


def test_a_50_mb_file_is_refused_before_it_is_read(tmp_path):
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    assert big.stat().st_size > MAX_BYTES
    with pytest.raises(LetterError) as info:
        read_path(big)
    assert info.value.code == "too_large"
