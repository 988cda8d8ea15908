"""Observation import (XLSX/CSV): 指标, 地区, 期别, 数值, 来源 — one value of an indicator per row."""

from import_export import fields, resources
from import_export.widgets import DecimalWidget, ForeignKeyWidget

from industry.models import Indicator, Observation


class IndicatorWidget(ForeignKeyWidget):
    """An indicator by its name, within the row's 地区 when the sheet has that column."""

    def __init__(self):
        super().__init__(Indicator, field="name")

    def get_queryset(self, value, row, *args, **kwargs):
        region = (row.get("地区") or "").strip() if row else ""
        return Indicator.objects.filter(region=region) if region else Indicator.objects.all()

    def clean(self, value, row=None, **kwargs):
        name = (value or "").strip()
        if not name:
            raise ValueError("请填写指标名称。")
        matches = list(self.get_queryset(name, row).filter(name=name)[:2])
        if not matches:
            raise ValueError(f"没有名为“{name}”的指标（请先在“指标”中添加，或检查地区）。")
        if len(matches) > 1:
            raise ValueError(f"有多个地区都有指标“{name}”，请填写“地区”列。")
        return matches[0]


class ObservationResource(resources.ModelResource):
    indicator = fields.Field(attribute="indicator", column_name="指标", widget=IndicatorWidget())
    region = fields.Field(attribute="indicator__region", column_name="地区", readonly=True)
    period = fields.Field(attribute="period", column_name="期别")
    value = fields.Field(attribute="value", column_name="数值", widget=DecimalWidget())
    source = fields.Field(attribute="source", column_name="来源")

    class Meta:
        model = Observation
        fields = ("indicator", "region", "period", "value", "source")
        import_id_fields = ("indicator", "period")  # a second import of a period corrects its value
        clean_model_instances = True  # the period format and the uniqueness, as in the admin form
        skip_unchanged = True
        report_skipped = True
