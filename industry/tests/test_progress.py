"""A target's progress: the latest observation against the target, from the earliest one."""

from decimal import Decimal

import pytest

from industry.charts import target_chart_svg
from industry.selectors import targets_with_progress
from industry.tests.factories import IndicatorFactory, ObservationFactory, TargetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def target():
    indicator = IndicatorFactory(name="电子信息产业产值", unit="亿元")
    ObservationFactory(indicator=indicator, period="2024", value=Decimal("600"))
    ObservationFactory(indicator=indicator, period="2025-06", value=Decimal("330"))
    ObservationFactory(indicator=indicator, period="2025", value=Decimal("690"))
    return TargetFactory(indicator=indicator, value=Decimal("780"), year=2027)


def test_the_share_of_the_way_covered_runs_from_the_earliest_annual_value(target):
    [progress] = targets_with_progress()
    assert (progress.baseline.period, progress.latest.period) == ("2024", "2025")
    assert progress.share_covered == Decimal("50.0")  # (690 - 600) / (780 - 600)


def test_a_target_with_one_value_or_none_has_no_share_yet():
    TargetFactory()
    one = TargetFactory(indicator=ObservationFactory(period="2024").indicator)
    shares = {p.target.pk: p.share_covered for p in targets_with_progress()}
    assert set(shares.values()) == {None} and one.pk in shares


def test_progress_for_many_targets_costs_two_queries(target, django_assert_num_queries):
    TargetFactory(indicator=ObservationFactory(period="2023").indicator)
    with django_assert_num_queries(2):  # targets with their joins, then observations
        assert len(targets_with_progress()) == 2


def test_the_chart_is_self_contained_svg_with_values_and_target(target):
    [progress] = targets_with_progress()
    svg = target_chart_svg(progress)
    assert svg.startswith("<svg") and "http://www.w3.org/2000/svg" in svg
    assert "目标 2027年 780亿元" in svg and ">600<" in svg and ">690<" in svg
    assert "<script" not in svg and "href" not in svg


def test_a_chart_without_observations_says_so():
    TargetFactory()
    [progress] = targets_with_progress()
    assert "尚无指标数据" in target_chart_svg(progress)
