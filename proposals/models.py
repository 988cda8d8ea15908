"""Congress sessions, deputies, handling units, proposals, assignments and contacts."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_comma_separated_integer_list
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class TimestampedModel(models.Model):
    """`updated_at` lets API clients sync incrementally; indexed for that."""

    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True, db_index=True)

    class Meta:
        abstract = True


class CongressSession(TimestampedModel):
    """A sitting of a people's congress, e.g. 市十六届人大五次会议."""

    body = models.CharField(_("人大"), max_length=100, help_text=_("如：厦门市人民代表大会"))
    term = models.PositiveSmallIntegerField(_("届次"))
    sitting = models.PositiveSmallIntegerField(_("会次"))
    name = models.CharField(_("会议名称"), max_length=100, unique=True, help_text=_("如：市十六届人大五次会议"))
    opened_on = models.DateField(_("开幕日期"), null=True, blank=True)
    closed_on = models.DateField(_("闭幕日期"), null=True, blank=True)
    stats_public = models.BooleanField(
        _("办理统计向代表和公众公开"), default=False, help_text=_("勾选后，代表和公众可以查看本次会议建议的办理统计")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("会议")
        verbose_name_plural = _("会议")
        ordering = ["-term", "-sitting"]
        constraints = [
            models.UniqueConstraint(fields=["body", "term", "sitting"], name="session_unique_sitting"),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(opened_on__isnull=True) | Q(closed_on__gte=F("opened_on")),
                name="session_closes_after_opening",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.opened_on and self.closed_on and self.closed_on < self.opened_on:
            raise ValidationError({"closed_on": _("闭幕日期不能早于开幕日期。")})


class UnitKind(models.TextChoices):
    GOVERNMENT = "government", _("人民政府")
    DEPARTMENT = "department", _("政府部门")
    CONGRESS_OFFICE = "congress_office", _("人大代表工作机构")
    SUPERVISION_OFFICE = "supervision_office", _("督查室")
    OTHER = "other", _("其他单位")


class HandlingUnit(TimestampedModel):
    """A unit that handles proposals (承办单位), or one of the offices that assign and follow up."""

    name = models.CharField(_("单位名称"), max_length=100, unique=True)
    short_name = models.CharField(_("简称"), max_length=50, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    kind = models.CharField(_("单位类型"), max_length=20, choices=UnitKind.choices, default=UnitKind.DEPARTMENT)
    email = models.EmailField(_("通知邮箱"), blank=True)
    is_active = models.BooleanField(_("在用"), default=True)
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("工作人员"), blank=True, related_name="handling_units"
    )

    history = HistoricalRecords(m2m_fields=[staff])

    class Meta:
        verbose_name = _("承办单位")
        verbose_name_plural = _("承办单位")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Deputy(TimestampedModel):
    """A people's congress deputy (人大代表)."""

    name = models.CharField(_("姓名"), max_length=50, db_index=True)
    delegation = models.CharField(_("代表团"), max_length=100, blank=True)
    phone = models.CharField(_("联系电话"), max_length=50, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登录账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deputy",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("代表")
        verbose_name_plural = _("代表")
        ordering = ["name", "id"]

    def __str__(self):
        return f"{self.name}（{self.delegation}）" if self.delegation else self.name


class ProposalStatus(models.TextChoices):
    REGISTERED = "registered", _("已登记")
    ASSIGNED = "assigned", _("已交办")
    IN_PROGRESS = "in_progress", _("办理中")
    REPLIED = "replied", _("已答复")
    REHANDLING = "rehandling", _("重新办理")
    CLOSED = "closed", _("已办结")


class Proposal(TimestampedModel):
    """A deputy's suggestion (建议), numbered within its session."""

    session = models.ForeignKey(
        CongressSession, verbose_name=_("会议"), on_delete=models.PROTECT, related_name="proposals"
    )
    number = models.CharField(_("编号"), max_length=20, help_text=_("按原样保留前导零，如 0119"))
    title = models.CharField(_("标题"), max_length=300)
    lead_deputy = models.ForeignKey(
        Deputy, verbose_name=_("领衔代表"), on_delete=models.PROTECT, related_name="led_proposals"
    )
    co_deputies = models.ManyToManyField(
        Deputy, verbose_name=_("附议代表"), blank=True, related_name="cosigned_proposals"
    )
    body = models.TextField(_("建议内容"), blank=True)
    topic = models.CharField(_("所属领域"), max_length=50, blank=True)
    submitted_on = models.DateField(_("提出日期"))
    is_key = models.BooleanField(_("重点建议"), default=False)
    status = models.CharField(
        _("状态"), max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.REGISTERED, editable=False
    )

    history = HistoricalRecords(m2m_fields=[co_deputies])

    class Meta:
        verbose_name = _("建议")
        verbose_name_plural = _("建议")
        ordering = ["session", "number"]
        constraints = [
            models.UniqueConstraint(fields=["session", "number"], name="proposal_unique_number_in_session"),
        ]
        indexes = [
            models.Index(fields=["status"], name="proposal_status_idx"),
            models.Index(fields=["session", "status"], name="proposal_session_status_idx"),
            models.Index(fields=["updated_at", "id"], name="proposal_sync_idx"),
        ]

    def __str__(self):
        return f"第{self.number}号 {self.title}"

    def lead_assignment(self):
        """The lead unit's current (not returned) assignment, or None."""
        return next((a for a in self.assignments.all() if a.role == AssignmentRole.LEAD and a.is_active), None)


class AssignmentRole(models.TextChoices):
    LEAD = "lead", _("主办")
    CO_HANDLING = "co_handling", _("协办")


class AssignmentState(models.TextChoices):
    ASSIGNED = "assigned", _("待签收")
    SIGNED = "signed", _("已签收")
    RETURNED = "returned", _("已退回")


class ExtensionState(models.TextChoices):
    NONE = "", _("未申请")
    REQUESTED = "requested", _("已申请")
    APPROVED = "approved", _("已同意")
    REFUSED = "refused", _("未同意")


class Assignment(TimestampedModel):
    """A proposal handed to one unit (交办), as lead or co-handling unit, with its due date."""

    proposal = models.ForeignKey(Proposal, verbose_name=_("建议"), on_delete=models.PROTECT, related_name="assignments")
    unit = models.ForeignKey(
        HandlingUnit, verbose_name=_("承办单位"), on_delete=models.PROTECT, related_name="assignments"
    )
    role = models.CharField(_("办理方式"), max_length=20, choices=AssignmentRole.choices, default=AssignmentRole.LEAD)
    state = models.CharField(
        _("签收状态"), max_length=20, choices=AssignmentState.choices, default=AssignmentState.ASSIGNED, editable=False
    )
    assigned_on = models.DateField(_("交办日期"))
    due_on = models.DateField(_("答复期限"))
    due_step = models.CharField(_("期限依据"), max_length=30, default="reply", editable=False)
    due_start = models.DateField(_("起算日期"), null=True, blank=True, editable=False)
    due_explanation = models.CharField(_("期限计算"), max_length=300, blank=True, editable=False)
    due_confirmed = models.BooleanField(_("日历已确认"), default=True, editable=False)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("交办人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    signed_on = models.DateField(_("签收日期"), null=True, blank=True, editable=False)
    returned_on = models.DateField(_("退回日期"), null=True, blank=True, editable=False)
    return_reason = models.TextField(_("退回理由"), blank=True, editable=False)
    extension_state = models.CharField(
        _("延期状态"),
        max_length=20,
        choices=ExtensionState.choices,
        default=ExtensionState.NONE,
        blank=True,
        editable=False,
    )
    extension_requested_on = models.DateField(_("延期申请日期"), null=True, blank=True, editable=False)
    extension_reason = models.TextField(_("延期理由"), blank=True, editable=False)
    extension_due_on = models.DateField(_("申请延至"), null=True, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("交办")
        verbose_name_plural = _("交办")
        ordering = ["proposal", "role", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal"],
                condition=Q(role="lead") & ~Q(state="returned"),
                name="assignment_one_active_lead",
            ),
            models.UniqueConstraint(
                fields=["proposal", "unit"],
                condition=~Q(state="returned"),
                name="assignment_unit_once_per_proposal",
            ),
            models.CheckConstraint(condition=Q(due_on__gte=F("assigned_on")), name="assignment_due_after_assigned"),
            models.CheckConstraint(
                condition=Q(signed_on__isnull=True) | Q(signed_on__gte=F("assigned_on")),
                name="assignment_signed_after_assigned",
            ),
            models.CheckConstraint(
                condition=Q(returned_on__isnull=True) | Q(returned_on__gte=F("assigned_on")),
                name="assignment_returned_after_assigned",
            ),
            models.CheckConstraint(
                condition=Q(extension_due_on__isnull=True) | Q(extension_due_on__gt=F("assigned_on")),
                name="assignment_extension_after_assigned",
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "state"], name="assignment_unit_state_idx"),
            models.Index(fields=["due_on"], name="assignment_due_idx"),
            models.Index(fields=["updated_at", "id"], name="assignment_sync_idx"),
        ]

    def __str__(self):
        return f"{self.proposal.number} → {self.unit.name}（{self.get_role_display()}）"

    @property
    def is_active(self):
        return self.state != AssignmentState.RETURNED

    def clean(self):
        if self.assigned_on and self.due_on and self.due_on < self.assigned_on:
            raise ValidationError({"due_on": _("答复期限不能早于交办日期。")})


class ContactKind(models.TextChoices):
    FACE_TO_FACE = "face_to_face", _("面商")
    PHONE = "phone", _("电话沟通")
    MEETING = "meeting", _("座谈会")
    SITE_VISIT = "site_visit", _("实地调研")
    OTHER = "other", _("其他")


class Contact(TimestampedModel):
    """A talk with the deputy before the reply (面商 and the like)."""

    assignment = models.ForeignKey(
        Assignment, verbose_name=_("交办"), on_delete=models.PROTECT, related_name="contacts"
    )
    kind = models.CharField(_("沟通方式"), max_length=20, choices=ContactKind.choices, default=ContactKind.FACE_TO_FACE)
    contacted_on = models.DateField(_("沟通日期"))
    participants = models.CharField(_("参加人员"), max_length=300, blank=True)
    notes = models.TextField(_("沟通情况"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("沟通记录")
        verbose_name_plural = _("沟通记录")
        ordering = ["-contacted_on", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.contacted_on}"


class DeadlineStep(models.TextChoices):
    REPLY = "reply", _("主办单位答复")
    EXTENDED_REPLY = "extended_reply", _("延期答复上限")
    CO_HANDLING_OPINION = "co_handling_opinion", _("协办单位提出意见")
    RETURN_REQUEST = "return_request", _("申请退回")
    RATING = "rating", _("代表评价")
    REHANDLING_ORDER = "rehandling_order", _("交由重新办理")
    REHANDLING_REPLY = "rehandling_reply", _("重新办理答复")
    PUBLICATION = "publication", _("答复公开")


class PeriodUnit(models.TextChoices):
    MONTHS = "months", _("个月")
    WORKING_DAYS = "working_days", _("个工作日")


class CountedFrom(models.TextChoices):
    ASSIGNMENT = "assignment", _("交办之日")
    SESSION_CLOSE = "session_close", _("闭会之日")
    REPLY = "reply", _("答复之日")
    RATING = "rating", _("评价之日")
    REHANDLING_ORDER = "rehandling_order", _("交由重新办理之日")


class DeadlinePolicy(TimestampedModel):
    """A session's deadline rules (places differ in the numbers); defaults are Xiamen's 2025 rules."""

    session = models.OneToOneField(
        CongressSession, verbose_name=_("会议"), on_delete=models.CASCADE, related_name="deadline_policy"
    )
    roll_forward = models.BooleanField(_("期满日为休息日时顺延"), default=True)
    reminder_offsets = models.CharField(
        _("提醒提前天数"),
        max_length=50,
        default="30,14,7,3,1",
        validators=[validate_comma_separated_integer_list],
        help_text=_("到期前多少天提醒，逗号分隔"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("办理期限规则")
        verbose_name_plural = _("办理期限规则")

    def __str__(self):
        return f"{self.session}办理期限规则"

    def offsets(self) -> tuple[int, ...]:
        return tuple(sorted({int(x) for x in self.reminder_offsets.split(",") if x.strip()}, reverse=True))


class DeadlineRule(models.Model):
    """One step of a policy: its length, unit and the event it counts from."""

    policy = models.ForeignKey(
        DeadlinePolicy, verbose_name=_("期限规则"), on_delete=models.CASCADE, related_name="rules"
    )
    step = models.CharField(_("环节"), max_length=30, choices=DeadlineStep.choices)
    length = models.PositiveSmallIntegerField(_("期限"))
    unit = models.CharField(_("单位"), max_length=20, choices=PeriodUnit.choices)
    counted_from = models.CharField(_("起算"), max_length=20, choices=CountedFrom.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("期限")
        verbose_name_plural = _("期限")
        ordering = ["policy", "id"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "step"], name="deadline_rule_once_per_step"),
            models.CheckConstraint(condition=Q(length__gte=1), name="deadline_rule_positive_length"),
        ]

    def __str__(self):
        return f"{self.get_step_display()}：{self.get_counted_from_display()}起{self.length}{self.get_unit_display()}"


class CalendarYear(TimestampedModel):
    """Whether a year's working-day calendar is the official one (国务院办公厅 notice) or provisional."""

    year = models.PositiveSmallIntegerField(_("年份"), unique=True)
    is_official = models.BooleanField(_("已按官方通知确认"), default=False)
    source = models.CharField(_("来源"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("工作日历年度")
        verbose_name_plural = _("工作日历年度")
        ordering = ["-year"]

    def __str__(self):
        return f"{self.year}年（{'官方' if self.is_official else '暂定'}）"


class CalendarDay(TimestampedModel):
    """A day that differs from Monday-Friday: a holiday on a weekday, or a swapped working weekend (调休)."""

    date = models.DateField(_("日期"), unique=True)
    is_working_day = models.BooleanField(_("工作日"))
    name = models.CharField(_("节假日"), max_length=50, blank=True, help_text=_("如 春节、国庆节"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("节假日与调休")
        verbose_name_plural = _("节假日与调休")
        ordering = ["-date"]

    def __str__(self):
        return f"{self.date} {'上班' if self.is_working_day else '休息'} {self.name}".strip()


class ReminderKind(models.TextChoices):
    UPCOMING = "upcoming", _("到期提醒")
    OVERDUE = "overdue", _("逾期通知")
    PROVISIONAL = "provisional", _("日历未确认提示")


class Reminder(models.Model):
    """One reminder about one due date, recorded once per (item, kind, due date, offset) and
    delivered after the recording transaction commits; the in-app list of a unit's reminders."""

    item_key = models.CharField(_("事项"), max_length=50, help_text=_("如 assignment:12"))
    step = models.CharField(_("环节"), max_length=30, choices=DeadlineStep.choices)
    kind = models.CharField(_("类型"), max_length=20, choices=ReminderKind.choices)
    due_on = models.DateField(_("期限"))
    offset = models.SmallIntegerField(_("提前天数"), default=0)
    proposal = models.ForeignKey(Proposal, verbose_name=_("建议"), on_delete=models.PROTECT, related_name="reminders")
    assignment = models.ForeignKey(
        Assignment, verbose_name=_("交办"), null=True, blank=True, on_delete=models.PROTECT, related_name="reminders"
    )
    reply = models.ForeignKey(
        "responses.Reply",
        verbose_name=_("答复函"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reminders",
    )
    unit = models.ForeignKey(
        HandlingUnit,
        verbose_name=_("提醒单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reminders",
        help_text=_("空表示代表工作机构"),
    )
    notify_supervision = models.BooleanField(_("同时通知督查室"), default=False)
    message = models.TextField(_("内容"))
    scan_id = models.UUIDField(_("扫描批次"), editable=False)
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)
    delivered_at = models.DateTimeField(_("送达时间"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("作废时间"), null=True, blank=True, help_text=_("期限已变化，不再发送"))
    recipients = models.TextField(_("收件人"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("发送次数"), default=0)
    last_error = models.TextField(_("最近一次发送错误"), blank=True)

    class Meta:
        verbose_name = _("提醒")
        verbose_name_plural = _("提醒")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["item_key", "kind", "due_on", "offset"], name="reminder_once"),
        ]
        indexes = [
            models.Index(
                fields=["created_at"],
                name="reminder_pending_idx",
                condition=Q(delivered_at__isnull=True, cancelled_at__isnull=True),
            ),
            models.Index(fields=["unit", "created_at"], name="reminder_unit_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.proposal.number} {self.due_on}"
