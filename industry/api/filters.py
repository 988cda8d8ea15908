"""Query filters of the industry lists."""

import django_filters

from config.api import BooleanFilter, SyncFilterSet
from industry.models import Indicator, Observation, Sector, Target


class SectorFilter(SyncFilterSet):
    parent = django_filters.ModelChoiceFilter(queryset=Sector.objects.all())
    root = BooleanFilter(field_name="parent", lookup_expr="isnull", label="只看顶层产业")

    class Meta:
        model = Sector
        fields = []


class IndicatorFilter(SyncFilterSet):
    sector = django_filters.ModelChoiceFilter(queryset=Sector.objects.all())

    class Meta:
        model = Indicator
        fields = ["region"]


class ObservationFilter(SyncFilterSet):
    indicator = django_filters.ModelChoiceFilter(queryset=Indicator.objects.all())
    sector = django_filters.ModelChoiceFilter(field_name="indicator__sector", queryset=Sector.objects.all())
    period_from = django_filters.CharFilter(field_name="period", lookup_expr="gte", label="期别不早于，如 2023")
    period_to = django_filters.CharFilter(field_name="period", lookup_expr="lte", label="期别不晚于，如 2024-12")

    class Meta:
        model = Observation
        fields = ["period"]


class TargetFilter(SyncFilterSet):
    indicator = django_filters.ModelChoiceFilter(queryset=Indicator.objects.all())
    sector = django_filters.ModelChoiceFilter(field_name="indicator__sector", queryset=Sector.objects.all())
    year = django_filters.NumberFilter()

    class Meta:
        model = Target
        fields = []
