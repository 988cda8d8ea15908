"""The statistics page and a target chart in a real browser, with screenshots for the README."""

import pytest
from django.core.management import call_command

from tests.browser.conftest import login, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo", verbosity=0)


def test_the_office_reads_the_figures_and_the_target_charts(demo, page):
    login(page, "office", url="/accounts/login/")
    page.goto("/stats/")
    table = page.locator("table.stats")
    assert table.locator("tr.total").inner_text().startswith("合计")
    assert "湖里区人民政府" in table.inner_text()
    screenshot(page, "stats")
    page.goto("/industry/targets/")
    assert page.locator("svg.chart").count() == 2
    assert "已完成目标进程" in page.inner_text("main")
    screenshot(page, "industry-targets")
