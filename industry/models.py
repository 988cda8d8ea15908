"""Sectors, indicators, observations and targets; industrial parks and redevelopment projects."""

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from proposals.models import TimestampedModel


class Sector(TimestampedModel):
    """An industry sector, as a tree (电子信息 > 新型显示)."""

    name = models.CharField(_("名称"), max_length=100)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级产业"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("产业")
        verbose_name_plural = _("产业")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name"], condition=Q(parent__isnull=True), name="sector_unique_root_name"),
            models.UniqueConstraint(fields=["parent", "name"], name="sector_unique_child_name"),
        ]

    def __str__(self):
        return f"{self.parent} > {self.name}" if self.parent_id else self.name


class Indicator(TimestampedModel):
    """A measured quantity, e.g. 电子信息产业产值 in 亿元 for 湖里区."""

    name = models.CharField(_("指标名称"), max_length=100)
    unit = models.CharField(_("计量单位"), max_length=20, help_text=_("如 亿元、家、%"))
    sector = models.ForeignKey(
        Sector, verbose_name=_("所属产业"), null=True, blank=True, on_delete=models.PROTECT, related_name="indicators"
    )
    region = models.CharField(_("地区"), max_length=50, help_text=_("如 湖里区"))
    description = models.TextField(_("口径说明"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("指标")
        verbose_name_plural = _("指标")
        ordering = ["region", "name"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="indicator_unique_in_region")]

    def __str__(self):
        return f"{self.region}{self.name}（{self.unit}）"


period_validator = RegexValidator(
    r"^\d{4}(-(0[1-9]|1[0-2]|Q[1-4]))?$", _("期别格式为 年（2024）、年-月（2024-06）或 年-季度（2024-Q2）。")
)


class Observation(TimestampedModel):
    """A value of an indicator for a period (a year, a month or a quarter)."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("指标"), on_delete=models.PROTECT, related_name="observations"
    )
    period = models.CharField(
        _("期别"), max_length=7, validators=[period_validator], help_text=_("如 2024、2024-06、2024-Q2")
    )
    value = models.DecimalField(_("数值"), max_digits=16, decimal_places=4)
    source = models.CharField(_("来源"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("指标数据")
        verbose_name_plural = _("指标数据")
        ordering = ["indicator", "period"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"], name="observation_unique_period"),
            models.CheckConstraint(
                condition=Q(period__regex=r"^[0-9]{4}(-(0[1-9]|1[0-2]|Q[1-4]))?$"), name="observation_period_format"
            ),
        ]
        indexes = [models.Index(fields=["updated_at", "id"], name="observation_sync_idx")]

    def __str__(self):
        return f"{self.indicator.name} {self.period}：{self.value.normalize():f}"

    @property
    def year(self):
        return int(self.period[:4])


class Target(TimestampedModel):
    """A quantitative target for a year, usually promised in a reply's commitment."""

    indicator = models.ForeignKey(Indicator, verbose_name=_("指标"), on_delete=models.PROTECT, related_name="targets")
    value = models.DecimalField(_("目标值"), max_digits=16, decimal_places=4)
    year = models.PositiveSmallIntegerField(_("目标年份"))
    commitment = models.ForeignKey(
        "responses.Commitment",
        verbose_name=_("来源承诺"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="targets",
    )
    wording = models.CharField(
        _("原文表述"), max_length=300, blank=True, help_text=_("如：力争到2027年电子信息产业产值总量达到780亿元")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("目标")
        verbose_name_plural = _("目标")
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year", "commitment"], name="target_unique_per_commitment"),
            models.CheckConstraint(condition=Q(year__gte=2000, year__lte=2100), name="target_year_plausible"),
        ]
        indexes = [models.Index(fields=["updated_at", "id"], name="target_sync_idx")]

    def __str__(self):
        return f"{self.indicator.name} {self.year}年 {self.value.normalize():f}{self.indicator.unit}"


class ParkStatus(models.TextChoices):
    PLANNED = "planned", _("规划中")
    UNDER_CONSTRUCTION = "under_construction", _("建设中")
    OPERATING = "operating", _("已运营")


class Park(TimestampedModel):
    """An industrial park (产业园区)."""

    name = models.CharField(_("园区名称"), max_length=100, unique=True)
    region = models.CharField(_("地区"), max_length=50)
    status = models.CharField(_("状态"), max_length=20, choices=ParkStatus.choices, default=ParkStatus.OPERATING)
    sectors = models.ManyToManyField(Sector, verbose_name=_("主导产业"), blank=True, related_name="parks")
    area_hectares = models.DecimalField(_("占地面积（公顷）"), max_digits=10, decimal_places=2, null=True, blank=True)
    description = models.TextField(_("简介"), blank=True)

    history = HistoricalRecords(m2m_fields=[sectors])

    class Meta:
        verbose_name = _("产业园区")
        verbose_name_plural = _("产业园区")
        ordering = ["region", "name"]

    def __str__(self):
        return self.name


class ProjectKind(models.TextChoices):
    REDEVELOPMENT = "redevelopment", _("低效工业用地再开发")
    NEW_PARK = "new_park", _("新建园区")
    EXPANSION = "expansion", _("提容增效")
    OTHER = "other", _("其他")


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", _("谋划中")
    PILOT = "pilot", _("试点推进")
    UNDER_WAY = "under_way", _("实施中")
    COMPLETED = "completed", _("已完成")
    SUSPENDED = "suspended", _("暂停")


class Project(TimestampedModel):
    """A land-redevelopment or park construction project."""

    name = models.CharField(_("项目名称"), max_length=100, unique=True)
    kind = models.CharField(
        _("项目类型"), max_length=20, choices=ProjectKind.choices, default=ProjectKind.REDEVELOPMENT
    )
    status = models.CharField(_("状态"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.PLANNED)
    park = models.ForeignKey(
        Park, verbose_name=_("所在/形成园区"), null=True, blank=True, on_delete=models.PROTECT, related_name="projects"
    )
    region = models.CharField(_("地区"), max_length=50)
    started_on = models.DateField(_("开工日期"), null=True, blank=True)
    completed_on = models.DateField(_("完成日期"), null=True, blank=True)
    commitment = models.ForeignKey(
        "responses.Commitment",
        verbose_name=_("相关承诺"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    description = models.TextField(_("情况说明"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("再开发项目")
        verbose_name_plural = _("再开发项目")
        ordering = ["region", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(completed_on__gte=F("started_on")),
                name="project_completes_after_start",
            ),
        ]

    def __str__(self):
        return self.name
