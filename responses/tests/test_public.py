"""The public reply pages (/replies/): only published 主动公开 letters, search and filters, the
letter in full and printable, query counts; and the 0119 letter of the demo data in the official layout."""

import datetime
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from proposals.tests.factories import CongressSessionFactory, HandlingUnitFactory, ProposalFactory
from responses.models import Disclosure, ReplySection, ReplyState
from responses.tests.factories import ReplyFactory, category

TODAY = timezone.localdate()
EXAMPLE = Path("/work/shared/examples/reply-0119.txt")


def ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


def published(**fields):
    """A reply row as reply_record leaves it, published (publish_on passed) unless told otherwise."""
    fields.setdefault("publish_on", ago(1))
    fields.setdefault("issued_on", ago(40))
    text = fields.pop("text", "已经办理。")
    reply = ReplyFactory(**fields)
    ReplySection.objects.create(reply=reply, position=1, heading="一、办理情况", text=text)
    return reply


@pytest.fixture
def huli(db):
    return HandlingUnitFactory(name="湖里区人民政府", short_name="湖里区政府")


def test_the_list_shows_only_published_public_replies_newest_first(client, huli):
    older = published(unit=huli, document_number="厦湖府办函〔2025〕1号", issued_on=ago(60))
    newer = published(unit=huli, document_number="厦湖府办函〔2025〕2号", issued_on=ago(30))
    published(document_number="依申请〔2025〕3号", disclosure=Disclosure.ON_REQUEST)
    published(document_number="不予公开〔2025〕4号", disclosure=Disclosure.WITHHELD)
    published(document_number="未到期〔2025〕5号", publish_on=TODAY + datetime.timedelta(days=3))
    published(document_number="撤回〔2025〕6号", state=ReplyState.WITHDRAWN, withdrawn_reason="录入错误")
    page = client.get("/replies/").content.decode()
    assert page.index(newer.document_number) < page.index(older.document_number)
    for hidden in ("依申请", "不予公开〔", "未到期", "撤回〔"):
        assert hidden not in page
    assert "共 2 份答复" in page


@pytest.mark.parametrize(
    ("q", "found"),
    [
        ("电子信息", True),  # body text
        ("〔2025〕103", True),  # document number
        ("湖里区政府", True),  # unit's short name
        ("产业结构", True),  # proposal title
        ("工业 优化", True),  # every word, anywhere
        ("托育", False),
    ],
)
def test_search_covers_title_document_number_unit_and_body_text(client, huli, q, found):
    proposal = ProposalFactory(title="关于湖里区工业产业结构优化的建议")
    published(
        proposal=proposal,
        unit=huli,
        document_number="厦湖府办函〔2025〕103号",
        text="力争到2027年电子信息产业产值总量达到780亿元。",
    )
    page = client.get("/replies/", {"q": q}).content.decode()
    assert ("厦湖府办函〔2025〕103号" in page) is found


def test_filters_narrow_by_session_unit_and_category(client, huli):
    s1, s2 = CongressSessionFactory(name="市十六届人大五次会议"), CongressSessionFactory(name="市十六届人大四次会议")
    a = published(proposal=ProposalFactory(session=s1), unit=huli, document_number="甲〔2025〕1号")
    b = published(proposal=ProposalFactory(session=s2), document_number="乙〔2025〕2号", category=category("B"))
    assert "乙〔" not in client.get("/replies/", {"session": s1.pk}).content.decode()
    assert "甲〔" not in client.get("/replies/", {"unit": b.unit.pk}).content.decode()
    page = client.get("/replies/", {"category": "A"}).content.decode()
    assert a.document_number in page and b.document_number not in page
    page = client.get("/replies/").content.decode()
    assert "市十六届人大四次会议" in page and "湖里区人民政府" in page  # the filter menus


def test_a_filter_that_is_not_a_choice_is_a_clear_error(client, huli):
    published(unit=huli)
    response = client.get("/replies/", {"unit": "abc", "category": "Z"})
    assert response.status_code == 400
    assert response.context["form"].errors.keys() == {"unit", "category"}
    assert "检索条件有误" in response.content.decode()
    assert 'class="reply-list"' not in response.content.decode()


def test_the_list_runs_a_constant_number_of_queries(client, huli, django_assert_num_queries):
    published(unit=huli)
    with django_assert_num_queries(5):
        client.get("/replies/", {"q": "办理"})
    for n in range(5):
        published(document_number=f"多〔2025〕{n}号")
    with django_assert_num_queries(5):
        assert client.get("/replies/", {"q": "办理"}).content.decode().count("reply-item") == 6


def test_the_reply_page_shows_the_full_letter_with_signer_and_contact(client, huli, django_assert_num_queries):
    reply = published(
        unit=huli, addressee="钟庆达代表", signer="胡振强", contact_person="郑呈垚", contact_phone="2878080"
    )
    with django_assert_num_queries(2):
        page = client.get(f"/replies/{reply.pk}/").content.decode()
    for text in (
        reply.document_number,
        "钟庆达代表：",
        "一、办理情况",
        "已经办理。",
        "领导署名：胡振强",
        "联系人：郑呈垚",
    ):
        assert text in page
    assert "联系电话：2878080" in page and "（此件主动公开）" in page


@pytest.mark.parametrize(
    "fields",
    [
        {"disclosure": Disclosure.ON_REQUEST},
        {"disclosure": Disclosure.WITHHELD},
        {"publish_on": TODAY + datetime.timedelta(days=1)},
        {"state": ReplyState.WITHDRAWN, "withdrawn_reason": "录入错误"},
    ],
)
def test_an_unpublished_reply_is_not_found(client, db, fields):
    reply = published(**fields)
    assert client.get(f"/replies/{reply.pk}/").status_code == 404
    assert client.get(f"/replies/{reply.pk}/?print=1").status_code == 404


def test_the_public_pages_are_in_english_when_asked(client, huli):
    published(unit=huli)
    page = client.get("/replies/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Public replies" in page and "1 reply" in page


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True
    call_command("load_demo", verbosity=0)


def test_the_0119_reply_is_found_by_its_words_and_prints_in_the_official_layout(client, demo):
    page = client.get("/replies/", {"q": "电子信息"}).content.decode()
    assert "厦湖府办函〔2025〕103号" in page
    from responses.models import Reply

    reply = Reply.objects.get(document_number="厦湖府办函〔2025〕103号")
    response = client.get(f"/replies/{reply.pk}/", {"print": "1"})
    html = response.content.decode()
    assert 'class="site-header"' not in html
    html = html[html.index('<article class="letter"') :]
    # The published letter's parts, in its order (shared/examples/reply-0119.txt).
    parts = [
        "厦湖府办函〔2025〕103号",
        "答复类别：A类",
        "湖里区人民政府办公室关于市十六届人大五次会议第0119号建议办理情况答复的函",
        "钟庆达代表：",
        "您提出的《关于湖里区工业产业结构优化的建议》（第0119号）收悉。现答复如下：",
        "一、办理工作背景",
        "二、措施与成效",
        "（一）关于合理优化产业结构的建议。",
        "三、今后推动计划",
        "（一）稳存育新，激活产业发展新动能",
        "力争到2027年电子信息产业产值总量达到780亿元",
        "感谢您对我们工作的关心和支持，敬请继续提出宝贵意见。",
        "领导署名：胡振强",
        "联系人：郑呈垚",
        "联系电话：2878080",
        "厦门市湖里区人民政府办公室",
        "2025年5月7日",
        "（此件主动公开）",
        "抄送：市人大常委会代表工作室，市政府督查室。",
    ]
    positions = [html.index(part) for part in parts]
    assert positions == sorted(positions)
    if EXAMPLE.exists():
        example = re.sub(r"\s", "", EXAMPLE.read_text()).replace("**", "").replace("(", "（").replace(")", "）")
        for part in parts:
            assert part in example, part


def test_the_9006_reply_on_request_never_appears(client, demo):
    assert "9006" not in client.get("/replies/").content.decode()
    assert "9006" not in client.get("/replies/", {"q": "人才"}).content.decode()
