"""The browser harness itself: chromium renders the admin login in Chinese."""

import pytest

pytestmark = pytest.mark.browser


def test_the_admin_login_page_renders_in_chinese(page):
    page.goto("/admin/login/")
    assert "登录" in page.content()
    assert page.locator("input[name=username]").is_visible()
