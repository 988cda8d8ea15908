"""Reply letters (答复函), their measures and commitments, progress updates and deputy feedback."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from proposals.models import Deputy, HandlingUnit, Proposal, TimestampedModel


class ReplyCategory(TimestampedModel):
    """A reply category (答复类别): A/B/C are seeded; places that use D add it here."""

    code = models.CharField(_("代码"), max_length=5, unique=True, help_text=_("如 A、B、C、D"))
    name = models.CharField(_("名称"), max_length=20, help_text=_("如 A类"))
    description = models.CharField(_("含义"), max_length=200, blank=True)
    counts_as_adopted = models.BooleanField(
        _("计入解决采纳"), default=False, help_text=_("统计解决采纳率时计入分子（通常仅 A 类）")
    )
    position = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("在用"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("答复类别")
        verbose_name_plural = _("答复类别")
        ordering = ["position", "code"]

    def __str__(self):
        return self.name


class Disclosure(models.TextChoices):
    PUBLIC = "public", _("主动公开")
    ON_REQUEST = "on_request", _("依申请公开")
    WITHHELD = "withheld", _("不予公开")


class ReplyState(models.TextChoices):
    ACTIVE = "active", _("有效")
    WITHDRAWN = "withdrawn", _("已撤回")


class Reply(TimestampedModel):
    """A signed reply letter from the lead unit; a re-handling reply points at the one it replaces."""

    proposal = models.ForeignKey(Proposal, verbose_name=_("建议"), on_delete=models.PROTECT, related_name="replies")
    unit = models.ForeignKey(HandlingUnit, verbose_name=_("答复单位"), on_delete=models.PROTECT, related_name="replies")
    document_number = models.CharField(
        _("文号"), max_length=100, unique=True, help_text=_("如 厦湖府办函〔2025〕103号")
    )
    category = models.ForeignKey(
        ReplyCategory, verbose_name=_("答复类别"), on_delete=models.PROTECT, related_name="replies"
    )
    title = models.CharField(_("标题"), max_length=300, blank=True)
    addressee = models.CharField(_("主送"), max_length=200, blank=True, help_text=_("如 钟庆达代表"))
    issuer = models.CharField(_("发文机关"), max_length=100, blank=True, help_text=_("落款单位"))
    issued_on = models.DateField(_("答复日期"))
    signer = models.CharField(_("领导署名"), max_length=50, blank=True)
    contact_person = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=50, blank=True)
    disclosure = models.CharField(_("公开属性"), max_length=20, choices=Disclosure.choices, default=Disclosure.PUBLIC)
    cc = models.JSONField(_("抄送"), default=list, blank=True, help_text=_("抄送单位列表"))
    opening = models.TextField(_("开头"), blank=True, help_text=_("如：您提出的《……》收悉。现答复如下："))
    closing = models.TextField(_("结束语"), blank=True)
    original_file = models.FileField(_("原件"), upload_to="replies/%Y/", blank=True)
    replaces = models.ForeignKey(
        "self",
        verbose_name=_("所替代的答复"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
        help_text=_("重新办理时指向原答复"),
    )
    state = models.CharField(
        _("状态"), max_length=20, choices=ReplyState.choices, default=ReplyState.ACTIVE, editable=False
    )
    due_on_at_issue = models.DateField(
        _("答复时的办理期限"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("答复当时有效的期限（含延期），用于按期办复率"),
    )
    rating_due_on = models.DateField(_("评价期限"), null=True, blank=True, editable=False)
    rating_due_explanation = models.CharField(_("评价期限计算"), max_length=300, blank=True, editable=False)
    rating_due_confirmed = models.BooleanField(_("评价期限日历已确认"), default=True, editable=False)
    publish_on = models.DateField(_("公开期限"), null=True, blank=True, editable=False)
    publish_explanation = models.CharField(_("公开期限计算"), max_length=300, blank=True, editable=False)
    publish_confirmed = models.BooleanField(_("公开期限日历已确认"), default=True, editable=False)
    withdrawn_reason = models.TextField(_("撤回理由"), blank=True, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("答复函")
        verbose_name_plural = _("答复函")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state="active") | ~Q(withdrawn_reason=""), name="reply_withdrawn_has_reason"
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "issued_on"], name="reply_unit_issued_idx"),
            models.Index(fields=["disclosure", "issued_on"], name="reply_disclosure_idx"),
            models.Index(fields=["rating_due_on"], name="reply_rating_due_idx"),
            models.Index(fields=["updated_at", "id"], name="reply_sync_idx"),
        ]

    def __str__(self):
        return self.document_number


class ReplySection(models.Model):
    """A numbered section of the letter body (一、办理工作背景 ...), in order."""

    reply = models.ForeignKey(Reply, verbose_name=_("答复函"), on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField(_("序号"), default=0)
    heading = models.CharField(_("标题"), max_length=200)
    text = models.TextField(_("正文"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("正文部分")
        verbose_name_plural = _("正文部分")
        ordering = ["reply", "position", "id"]

    def __str__(self):
        return self.heading


class Measure(models.Model):
    """What was done (措施与成效), per point of the suggestion, in order."""

    reply = models.ForeignKey(Reply, verbose_name=_("答复函"), on_delete=models.CASCADE, related_name="measures")
    position = models.PositiveSmallIntegerField(_("序号"), default=0)
    point = models.CharField(_("针对的建议"), max_length=300, blank=True)
    text = models.TextField(_("措施与成效"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("办理措施")
        verbose_name_plural = _("办理措施")
        ordering = ["reply", "position", "id"]

    def __str__(self):
        return self.point or self.text[:40]


class CommitmentStatus(models.TextChoices):
    PLANNED = "planned", _("计划中")
    IN_PROGRESS = "in_progress", _("推进中")
    FULFILLED = "fulfilled", _("已兑现")
    OVERDUE = "overdue", _("已逾期")
    DROPPED = "dropped", _("已终止")


class Commitment(TimestampedModel):
    """A promise made in a reply (今后推动计划), followed up until fulfilled or dropped."""

    reply = models.ForeignKey(Reply, verbose_name=_("答复函"), on_delete=models.PROTECT, related_name="commitments")
    position = models.PositiveSmallIntegerField(_("序号"), default=0)
    text = models.TextField(_("承诺事项"))
    responsible_unit = models.ForeignKey(
        HandlingUnit, verbose_name=_("责任单位"), on_delete=models.PROTECT, related_name="commitments"
    )
    due_on = models.DateField(_("完成期限"), null=True, blank=True)
    target_year = models.PositiveSmallIntegerField(_("目标年份"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=CommitmentStatus.choices, default=CommitmentStatus.PLANNED, editable=False
    )
    status_reason = models.TextField(_("状态说明"), blank=True, editable=False)
    closed_on = models.DateField(_("办结日期"), null=True, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("承诺事项")
        verbose_name_plural = _("承诺事项")
        ordering = ["reply", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="dropped") | ~Q(status_reason=""), name="commitment_dropped_has_reason"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["fulfilled", "dropped"], closed_on__isnull=False)
                | (~Q(status__in=["fulfilled", "dropped"]) & Q(closed_on__isnull=True)),
                name="commitment_closed_on_iff_closed",
            ),
            models.CheckConstraint(
                condition=Q(target_year__isnull=True) | Q(target_year__gte=2000, target_year__lte=2100),
                name="commitment_target_year_plausible",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_on"], name="commitment_status_due_idx"),
            models.Index(fields=["responsible_unit", "status"], name="commitment_unit_status_idx"),
            models.Index(fields=["updated_at", "id"], name="commitment_sync_idx"),
        ]

    def __str__(self):
        return self.text[:60]

    @property
    def is_open(self):
        return self.status not in (CommitmentStatus.FULFILLED, CommitmentStatus.DROPPED)


class ProgressUpdate(TimestampedModel):
    """A dated progress note on a commitment."""

    commitment = models.ForeignKey(
        Commitment, verbose_name=_("承诺事项"), on_delete=models.PROTECT, related_name="progress_updates"
    )
    reported_on = models.DateField(_("报告日期"))
    text = models.TextField(_("进展情况"))
    percent = models.PositiveSmallIntegerField(_("完成比例（%）"), null=True, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("报告人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("进展报告")
        verbose_name_plural = _("进展报告")
        ordering = ["-reported_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__isnull=True) | Q(percent__lte=100), name="progress_percent_at_most_100"
            ),
        ]
        indexes = [models.Index(fields=["updated_at", "id"], name="progress_sync_idx")]

    def __str__(self):
        return f"{self.reported_on} {self.text[:40]}"

    def clean(self):
        if self.percent is not None and self.percent > 100:
            raise ValidationError({"percent": _("完成比例不能超过 100%。")})


class Rating(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASICALLY_SATISFIED = "basically_satisfied", _("基本满意")
    UNSATISFIED = "unsatisfied", _("不满意")


class FeedbackSubject(models.TextChoices):
    REPLY = "reply", _("答复")
    COMMITMENTS = "commitments", _("承诺事项落实")


class Feedback(TimestampedModel):
    """The deputy's rating of a reply (or of the fulfilment of its commitments)."""

    reply = models.ForeignKey(Reply, verbose_name=_("答复函"), on_delete=models.PROTECT, related_name="feedback")
    deputy = models.ForeignKey(Deputy, verbose_name=_("评价代表"), on_delete=models.PROTECT, related_name="feedback")
    subject = models.CharField(
        _("评价对象"), max_length=20, choices=FeedbackSubject.choices, default=FeedbackSubject.REPLY
    )
    attitude = models.CharField(_("办理态度"), max_length=20, choices=Rating.choices)
    result = models.CharField(_("办理结果"), max_length=20, choices=Rating.choices)
    comment = models.TextField(_("意见"), blank=True)
    rated_on = models.DateField(_("评价日期"))
    rehandling_order_due_on = models.DateField(_("交由重新办理期限"), null=True, blank=True, editable=False)
    rehandling_order_due_explanation = models.CharField(
        _("交由重新办理期限计算"), max_length=300, blank=True, editable=False
    )
    rehandling_order_due_confirmed = models.BooleanField(_("交由重新办理期限日历已确认"), default=True, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("代表评价")
        verbose_name_plural = _("代表评价")
        ordering = ["-rated_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["reply", "deputy", "subject"], name="feedback_once_per_reply"),
        ]
        indexes = [models.Index(fields=["updated_at", "id"], name="feedback_sync_idx")]

    def __str__(self):
        return f"{self.deputy.name}：{self.get_result_display()}"

    @property
    def is_unsatisfied(self):
        return Rating.UNSATISFIED in (self.attitude, self.result)
