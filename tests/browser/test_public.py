"""The public reply pages in a real browser: search finds the 0119 letter; screenshots for the README."""

import pytest

from tests.browser.conftest import screenshot
from tests.browser.test_portal import demo  # noqa: F401  (the demo data fixture)

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("demo")]


def test_the_public_search_finds_the_0119_reply_by_its_words(page):
    page.goto("/")
    page.get_by_role("link", name="公开答复").first.click()
    assert "厦湖府办函〔演示〕9006号" not in page.content()  # 依申请公开
    page.get_by_role("searchbox").fill("电子信息")
    page.get_by_role("button", name="检索").click()
    results = page.locator(".reply-list")
    assert "厦湖府办函〔2025〕103号" in results.inner_text()
    assert "9007" not in results.inner_text()
    screenshot(page, "public-replies-desktop")

    results.get_by_role("link").first.click()
    letter = page.locator(".letter")
    assert "钟庆达代表：" in letter.inner_text()
    assert "联系人：郑呈垚" in letter.inner_text()
    assert "（此件主动公开）" in letter.inner_text()
    screenshot(page, "public-reply-desktop")


def test_the_public_pages_fit_a_phone(phone_page):
    page = phone_page
    page.goto("/replies/")
    assert page.locator(".reply-item").count() == 2  # 0119 and the published 9007 reply
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, "public-replies-phone")
    page.locator(".reply-item a", has_text="0119").click()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, "public-reply-phone")
