"""Unit staff in the admin, in a real browser, on the demo data: find an assigned proposal,
record a reply with two commitments, see the status change; another unit cannot find it."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from proposals.models import Proposal, ProposalStatus
from responses.models import Reply
from tests.browser.conftest import login, screenshot

pytestmark = pytest.mark.browser

NUMBER = "9004"  # 关于优化五缘湾片区公交接驳的建议: Huli alone, signed for, in progress


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo", verbosity=0)
    return Proposal.objects.get(number=NUMBER)


def test_a_unit_finds_its_proposal_and_records_a_reply_with_two_commitments(page, demo):
    login(page, "unit_huli")
    page.goto("/admin/proposals/proposal/")
    assert page.locator("#result_list").is_visible()
    screenshot(page, "admin-proposal-list")

    page.fill("#searchbar", NUMBER)
    page.press("#searchbar", "Enter")
    page.click(f"#result_list a:text-is('{NUMBER}')")
    assert "办理中" in page.locator(".field-status").inner_text()
    screenshot(page, "admin-proposal-page")

    page.click("a.workflow-link:text('录入答复')")
    page.fill("input[name=document_number]", "厦湖府函〔2026〕演示1号")
    page.select_option("select[name=category]", index=1)
    page.fill("input[name=issued_on]", timezone.localdate().isoformat())
    page.fill("input[name=addressee]", "黄雅琴代表")
    page.fill("textarea[name=commitments-0-text]", "增开五缘湾片区至地铁站接驳公交线路。（演示）")
    page.fill("input[name=commitments-0-due_on]", "2027-06-30")
    page.click("#commitments-group .add-row a")
    page.fill("textarea[name=commitments-1-text]", "优化早晚高峰班次。（演示）")
    page.fill("input[name=commitments-1-target_year]", "2027")
    screenshot(page, "admin-reply-form")
    page.click("input[name=_save]")

    assert page.locator(".messagelist .success").is_visible()
    reply = Reply.objects.get(document_number="厦湖府函〔2026〕演示1号")
    assert reply.commitments.count() == 2
    page.goto(f"/admin/proposals/proposal/{demo.pk}/change/")
    assert "已答复" in page.locator(".field-status").inner_text()
    assert "厦湖府函〔2026〕演示1号" in page.content()
    demo.refresh_from_db()
    assert demo.status == ProposalStatus.REPLIED


def test_another_unit_cannot_find_the_proposal(page, demo):
    login(page, "unit_other")
    page.goto(f"/admin/proposals/proposal/?q={NUMBER}")
    assert page.locator("#result_list").count() == 0
    assert demo.title not in page.content()

    response = page.goto(f"/admin/proposals/proposal/{demo.pk}/change/")
    assert response.status == 404
