"""The deputy portal in a real browser: deputy_zhong logs in, reads the 0119 reply, rates a reply
inside its window; screenshots at desktop and phone width for the README."""

import pytest
from django.core.management import call_command

from proposals.models import Proposal, ProposalStatus
from responses.models import Feedback, Rating
from tests.browser.conftest import login, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db, settings):
    settings.DEBUG = True
    call_command("load_demo", verbosity=0)


def fits_width(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_deputy_zhong_logs_in_opens_0119_and_reads_the_reply(demo, page):
    login(page, "deputy_zhong", url="/accounts/login/")
    assert page.url.endswith("/my/")
    assert page.get_by_text("关于湖里区工业产业结构优化的建议").is_visible()
    assert page.get_by_text("第9005号").is_visible()
    assert "第9006号" not in page.content()  # 陈志远's proposal
    screenshot(page, "portal-my-desktop")

    page.get_by_role("link", name="关于湖里区工业产业结构优化的建议").click()
    assert page.get_by_role("heading", name="关于湖里区工业产业结构优化的建议").is_visible()
    timeline = page.locator(".timeline")
    for text in (
        "提出建议",
        "交办给湖里区人民政府（主办）",
        "湖里区人民政府签收",
        "面商",
        "湖里区人民政府答复",
        "评价答复",
    ):
        assert text in timeline.inner_text()
    page.locator(".event-assigned summary").first.click()
    assert "rolled to next working day 2025-05-12" in timeline.inner_text()
    screenshot(page, "portal-proposal-desktop")

    page.get_by_role("link", name="阅读答复全文").click()
    letter = page.locator(".letter")
    assert "厦湖府办函〔2025〕103号" in letter.inner_text()
    assert "力争到2027年电子信息产业产值总量达到780亿元" in letter.inner_text()
    assert "领导署名：胡振强" in letter.inner_text()
    assert "您已于 2025-05-20 评价" in page.locator("#rating").inner_text()
    assert page.locator("form.rating-form").count() == 0

    page.get_by_role("link", name="打印版").click()
    assert "print=1" in page.url
    assert page.locator(".site-header").count() == 0
    assert "抄送：市人大常委会代表工作室，市政府督查室。" in page.locator(".letter-cc").inner_text()
    screenshot(page, "portal-letter-print-desktop")


def test_a_deputy_rates_a_reply_inside_its_window(demo, page):
    proposal = Proposal.objects.get(number="9005")
    reply = proposal.replies.get()
    login(page, "deputy_zhong", url="/accounts/login/")
    page.goto(f"/my/proposals/{proposal.pk}/")
    page.get_by_role("link", name="评价办理情况").click()

    rating = page.locator("#rating")
    rating.locator("fieldset", has_text="办理态度").get_by_label("满意", exact=True).check()
    rating.locator("fieldset", has_text="办理结果").get_by_label("基本满意").check()
    rating.get_by_label("意见和建议").fill("食堂尽快开业。")
    screenshot(page, "portal-rating-desktop")
    rating.get_by_role("button", name="提交评价").click()

    assert "评价已提交：办理态度满意，办理结果基本满意。" in page.locator(".messages").inner_text()
    assert "每份答复只能评价一次" in page.locator("#rating").inner_text()
    assert page.locator("form.rating-form").count() == 0
    feedback = Feedback.objects.get(reply=reply)
    assert (feedback.attitude, feedback.result, feedback.comment) == (
        Rating.SATISFIED,
        Rating.BASICALLY_SATISFIED,
        "食堂尽快开业。",
    )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.CLOSED


def test_the_portal_fits_a_phone(demo, phone_page):
    page = phone_page
    login(page, "deputy_zhong", url="/accounts/login/")
    assert fits_width(page)
    screenshot(page, "portal-my-phone")

    proposal = Proposal.objects.get(number="0119")
    page.goto(f"/my/proposals/{proposal.pk}/")
    assert fits_width(page)
    screenshot(page, "portal-proposal-phone")

    page.goto(f"/my/replies/{proposal.replies.get().pk}/?print=1")
    assert page.locator(".letter-title").is_visible()
    assert fits_width(page)
    screenshot(page, "portal-letter-print-phone")


def test_a_deputy_switches_the_portal_to_english(demo, page):
    login(page, "deputy_zhong", url="/accounts/login/")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="My proposals").is_visible()
    # The letter is the document as issued: it stays Chinese.
    proposal = Proposal.objects.get(number="0119")
    page.goto(f"/my/replies/{proposal.replies.get().pk}/")
    assert "答复类别：A类" in page.locator(".letter").inner_text()
