"""Admin for reply letters, their sections, measures and commitments, progress and feedback.

Recording a reply, adding its parts, reporting progress and entering a rating are workflow
steps: the forms call reply_check / reply_record, reply_parts_add, progress_update_add and
feedback_record. Nothing here is ever deleted; state changes only through the services.
"""

import re
from datetime import date

from django import forms
from django.contrib import admin
from django.db.models import F, OuterRef, Q, Subquery
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from proposals.admin_utils import (
    BaseAdmin,
    ExportAdminMixin,
    LinesField,
    NoDeleteAdmin,
    ReadOnlyInline,
    action_step,
    add_step,
    due_badge,
    run_for_each,
    run_with_form,
    workflow_validation_error,
)
from proposals.errors import WorkflowError
from proposals.roles import sees_everything
from proposals.selectors import (
    commitments_visible_to,
    feedback_visible_to,
    progress_updates_visible_to,
    replies_visible_to,
)
from proposals.services import today
from responses import services
from responses.admin_forms import DropCommitmentForm, WithdrawReplyForm
from responses.letter_admin import LetterImportMixin
from responses.models import (
    Commitment,
    CommitmentStatus,
    Feedback,
    Measure,
    ProgressUpdate,
    Reply,
    ReplyCategory,
    ReplySection,
    ReplyState,
)
from responses.resources import CommitmentResource, ReplyResource
from responses.selectors import DUE_SOON_DAYS, OPEN_COMMITMENT, commitment_due_soon, commitment_overdue


@admin.register(ReplyCategory)
class ReplyCategoryAdmin(BaseAdmin):
    list_display = ["code", "name", "description", "counts_as_adopted", "position", "is_active"]
    list_filter = ["is_active", "counts_as_adopted"]
    search_fields = ["code", "name"]


# -- replies and their parts ----------------------------------------------------------------


class ReplyForm(forms.ModelForm):
    cc = LinesField(label=_("抄送"), required=False, help_text=_("每行一个单位。"))

    class Meta:
        model = Reply
        fields = [
            "proposal",
            "document_number",
            "category",
            "issued_on",
            "disclosure",
            "title",
            "addressee",
            "opening",
            "closing",
            "issuer",
            "signer",
            "contact_person",
            "contact_phone",
            "cc",
            "original_file",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "category" in self.fields:
            current = self.instance.category_id if self.instance.pk else None
            self.fields["category"].queryset = ReplyCategory.objects.filter(is_active=True) | (
                ReplyCategory.objects.filter(pk=current)
            )

    def clean(self):
        cleaned = super().clean()
        proposal = cleaned.get("proposal")
        if self.instance.pk is None and proposal is not None and self.request is not None:
            # Whether this user may reply to this proposal now is the workflow's call, shown
            # here as form errors rather than after the save.
            try:
                services.reply_check(proposal=proposal, actor=self.request.user, issued_on=cleaned.get("issued_on"))
            except WorkflowError as err:
                raise workflow_validation_error(err, self) from err
        return cleaned


class CommitmentForm(forms.ModelForm):
    class Meta:
        model = Commitment
        fields = ["reply", "text", "responsible_unit", "due_on", "target_year"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "responsible_unit" in self.fields:
            self.fields["responsible_unit"].required = False
            self.fields["responsible_unit"].help_text = gettext("留空则为答复单位。")


class ReplySectionInline(admin.StackedInline):
    model = ReplySection
    fields = ["position", "heading", "text"]
    readonly_fields = ["position"]
    can_delete = False

    # On an existing reply only those who may change it (services.reply_may_change) edit or add
    # parts; on the add form the reply does not exist yet and reply_record checks the actor.
    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or services.reply_may_change(request.user, obj))

    def has_add_permission(self, request, obj=None):
        allowed = super().has_add_permission(request, obj)
        return allowed and (obj is None or services.reply_may_change(request.user, obj))

    def get_extra(self, request, obj=None, **kwargs):
        return 0 if obj else 1


class MeasureInline(ReplySectionInline):
    model = Measure
    fields = ["position", "point", "text"]


class CommitmentInline(ReplySectionInline):
    model = Commitment
    form = CommitmentForm
    fields = ["position", "text", "responsible_unit", "due_on", "target_year", "status"]
    readonly_fields = ["position", "status"]
    autocomplete_fields = ["responsible_unit"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("responsible_unit")


class FeedbackInline(ReadOnlyInline):
    model = Feedback
    fields = ["deputy", "subject", "attitude", "result", "rated_on", "comment"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("deputy")


# Inline model -> (reply_parts_add argument, fields passed to it)
REPLY_PARTS = {
    ReplySection: ("sections", ["heading", "text"]),
    Measure: ("measures", ["point", "text"]),
    Commitment: ("commitments", ["text", "responsible_unit", "due_on", "target_year"]),
}


@admin.register(Reply)
class ReplyAdmin(LetterImportMixin, ExportAdminMixin, NoDeleteAdmin):
    form = ReplyForm
    resource_classes = [ReplyResource]
    list_display = [
        "document_number",
        "proposal_number",
        "proposal_title",
        "unit",
        "category",
        "issued_on",
        "disclosure",
        "state",
    ]
    list_select_related = ["proposal__session", "unit", "category"]
    list_filter = [
        "state",
        "category",
        "disclosure",
        ("unit", admin.RelatedOnlyFieldListFilter),
        "proposal__session",
    ]
    search_fields = ["document_number", "title", "proposal__number", "proposal__title", "addressee", "signer"]
    date_hierarchy = "issued_on"
    autocomplete_fields = ["proposal"]
    readonly_fields = [
        "unit",
        "replaces",
        "state",
        "withdrawn_reason",
        "recorded_by",
        "rating_due_on",
        "rating_due_explanation",
        "rating_due_confirmed",
        "publish_on",
        "publish_explanation",
        "publish_confirmed",
    ]
    change_readonly_fields = ["proposal", "issued_on"]
    fieldsets = [
        (None, {"fields": ["proposal", "unit", "document_number", "category", "issued_on", "disclosure"]}),
        (
            _("函件"),
            {
                "fields": [
                    "title",
                    "addressee",
                    "opening",
                    "closing",
                    "issuer",
                    "signer",
                    "contact_person",
                    "contact_phone",
                    "cc",
                    "original_file",
                ]
            },
        ),
        (_("状态"), {"fields": ["replaces", "state", "withdrawn_reason", "recorded_by"]}),
        (
            _("期限"),
            {
                "fields": [
                    "rating_due_on",
                    "rating_due_explanation",
                    "rating_due_confirmed",
                    "publish_on",
                    "publish_explanation",
                    "publish_confirmed",
                ]
            },
        ),
    ]
    inlines = [ReplySectionInline, MeasureInline, CommitmentInline, FeedbackInline]
    actions = ["withdraw"]
    history_list_display = ["state"]

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or services.reply_may_change(request.user, obj))

    def visible_to(self, request, queryset):
        return queryset & replies_visible_to(user=request.user)

    @admin.action(description=_("撤回所选答复（须说明理由）"), permissions=["office"])
    def withdraw(self, request, queryset):
        return run_with_form(
            self,
            request,
            queryset,
            form_class=WithdrawReplyForm,
            step=lambda r, data: services.reply_withdraw(reply=r, actor=request.user, reason=data["reason"]),
            done=gettext("已撤回"),
            title=gettext("撤回答复"),
        )

    def get_workflow_steps(self, request, obj):
        if obj.state != ReplyState.ACTIVE:
            return []
        return [action_step(self, request, "withdraw", obj, gettext("撤回答复"))]

    @admin.display(description=_("建议编号"), ordering="proposal__number")
    def proposal_number(self, obj):
        return obj.proposal.number

    @admin.display(description=_("建议标题"), ordering="proposal__title")
    def proposal_title(self, obj):
        return obj.proposal.title

    def create_object(self, request, form):
        data = form.cleaned_data
        return services.reply_record(
            proposal=data["proposal"],
            actor=request.user,
            document_number=data["document_number"],
            category=data["category"],
            issued_on=data["issued_on"],
            disclosure=data["disclosure"],
            title=data.get("title", ""),
            addressee=data.get("addressee", ""),
            issuer=data.get("issuer", ""),
            signer=data.get("signer", ""),
            contact_person=data.get("contact_person", ""),
            contact_phone=data.get("contact_phone", ""),
            cc=data.get("cc") or (),
            opening=data.get("opening", ""),
            closing=data.get("closing", ""),
            original_file=data.get("original_file") or None,
        )

    def save_formset(self, request, form, formset, change):
        if formset.model not in REPLY_PARTS:
            return super().save_formset(request, form, formset, change)
        # Edited rows save as they are; new rows go through reply_parts_add, which numbers
        # them after the existing ones in the order entered and fills in the defaults.
        reply = form.instance
        argument, names = REPLY_PARTS[formset.model]
        manager = getattr(reply, argument)
        formset.changed_objects, formset.deleted_objects, new_items = [], [], []
        for inline_form in formset.forms:
            if not inline_form.has_changed():  # the part inlines have no delete box
                continue
            if inline_form.instance.pk is None:
                new_items.append({name: inline_form.cleaned_data.get(name) for name in names})
                continue
            part = inline_form.save(commit=False)
            if isinstance(part, Commitment) and part.responsible_unit_id is None:
                part.responsible_unit = reply.unit
            part.save()
            formset.changed_objects.append((part, inline_form.changed_data))
        existing = set(manager.values_list("pk", flat=True))
        services.reply_parts_add(reply=reply, actor=request.user, **{argument: new_items})
        formset.new_objects = list(manager.exclude(pk__in=existing))


class ReplyPartAdmin(NoDeleteAdmin):
    """A measure or commitment on its own: added to a reply through reply_parts_add."""

    part_argument = ""
    part_fields: list[str] = []

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or services.reply_may_change(request.user, obj.reply))

    def create_object(self, request, form):
        reply = form.cleaned_data["reply"]
        part = {name: form.cleaned_data.get(name) for name in self.part_fields}
        services.reply_parts_add(reply=reply, actor=request.user, **{self.part_argument: [part]})
        return getattr(reply, self.part_argument).latest("id")

    @admin.display(description=_("答复函文号"), ordering="reply__document_number")
    def reply_document(self, obj):
        return obj.reply.document_number

    @admin.display(description=_("建议编号"), ordering="reply__proposal__number")
    def proposal_number(self, obj):
        return obj.reply.proposal.number


@admin.register(Measure)
class MeasureAdmin(ReplyPartAdmin):
    part_argument = "measures"
    part_fields = ["point", "text"]
    list_display = ["__str__", "position", "reply_document", "proposal_number"]
    list_select_related = ["reply__proposal"]
    list_filter = [("reply__unit", admin.RelatedOnlyFieldListFilter), "reply__proposal__session"]
    search_fields = ["point", "text", "reply__document_number", "reply__proposal__number"]
    autocomplete_fields = ["reply"]
    fields = ["reply", "position", "point", "text"]
    readonly_fields = ["position"]
    change_readonly_fields = ["reply"]

    def visible_to(self, request, queryset):
        if sees_everything(request.user):
            return queryset
        return queryset.filter(reply__in=replies_visible_to(user=request.user))


class ProgressUpdateInline(ReadOnlyInline):
    model = ProgressUpdate
    fields = ["reported_on", "percent", "text", "reported_by"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("reported_by")


class AttentionFilter(admin.SimpleListFilter):
    """督办: what the supervision office follows up first."""

    title = _("督办")
    parameter_name = "attention"

    def lookups(self, request, model_admin):
        return [
            ("attention", gettext("需督办（逾期或即将到期）")),
            ("overdue", gettext("已逾期")),
            ("soon", gettext("%(days)s天内到期") % {"days": DUE_SOON_DAYS}),
            ("open", gettext("未办结")),
        ]

    def queryset(self, request, queryset):
        day = today()
        conditions = {
            "attention": commitment_overdue(day) | commitment_due_soon(day),
            "overdue": commitment_overdue(day),
            "soon": commitment_due_soon(day),
            "open": Q(status__in=OPEN_COMMITMENT),
        }
        return queryset.filter(conditions[self.value()]) if self.value() in conditions else queryset


class YearFilter(admin.SimpleListFilter):
    """年度: the year a commitment is due in (its date's year, or its target year)."""

    title = _("年度")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        this_year = today().year
        return [(str(y), gettext("%(year)s年") % {"year": y}) for y in range(this_year + 3, this_year - 4, -1)]

    def queryset(self, request, queryset):
        if not re.fullmatch(r"[0-9]{4}", self.value() or ""):
            return queryset
        year = int(self.value())
        return queryset.filter(Q(due_on__year=year) | Q(due_on__isnull=True, target_year=year))


def latest_progress():
    return ProgressUpdate.objects.filter(commitment=OuterRef("pk")).order_by("-reported_on", "-id")


@admin.register(Commitment)
class CommitmentAdmin(ExportAdminMixin, ReplyPartAdmin):
    """Commitments, and the supervision view: open ones due or overdue, across units, with their latest progress."""

    form = CommitmentForm
    resource_classes = [CommitmentResource]
    change_list_template = "admin/responses/commitment/change_list.html"
    part_argument = "commitments"
    part_fields = ["text", "responsible_unit", "due_on", "target_year"]
    list_display = [
        "__str__",
        "proposal_number",
        "responsible_unit",
        "due",
        "status",
        "progress",
        "reply_document",
    ]
    list_select_related = ["reply__proposal", "responsible_unit"]
    list_filter = [
        AttentionFilter,
        "status",
        ("responsible_unit", admin.RelatedOnlyFieldListFilter),
        YearFilter,
        "reply__proposal__session",
    ]
    search_fields = ["text", "reply__document_number", "reply__proposal__number", "reply__proposal__title"]
    date_hierarchy = "due_on"
    autocomplete_fields = ["reply", "responsible_unit"]
    fields = [
        "reply",
        "position",
        "text",
        "responsible_unit",
        "due_on",
        "target_year",
        "status",
        "status_reason",
        "closed_on",
    ]
    readonly_fields = ["position", "status", "status_reason", "closed_on"]
    change_readonly_fields = ["reply"]
    inlines = [ProgressUpdateInline]
    actions = ["mark_in_progress", "mark_fulfilled", "drop"]
    history_list_display = ["status"]

    def visible_to(self, request, queryset):
        return queryset & commitments_visible_to(user=request.user)

    def get_queryset(self, request):
        progress = latest_progress()
        return (
            super()
            .get_queryset(request)
            .annotate(
                latest_progress_on=Subquery(progress.values("reported_on")[:1]),
                latest_progress_percent=Subquery(progress.values("percent")[:1]),
                latest_progress_text=Subquery(progress.values("text")[:1]),
            )
        )

    def get_urls(self):
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}_supervision"
        return [path("supervision/", self.admin_site.admin_view(self.supervision_view), name=name), *super().get_urls()]

    def supervision_view(self, request):
        """The supervision view: this list, showing the open commitments that are due or overdue."""
        changelist = reverse(f"{self.admin_site.name}:responses_commitment_changelist")
        return redirect(f"{changelist}?attention=attention&o=4")

    @admin.display(description=_("完成期限"), ordering=F("due_on").asc(nulls_last=True))
    def due(self, obj):
        if obj.due_on is None and obj.target_year:
            badge = due_badge(date(obj.target_year, 12, 31), is_open=obj.is_open)
            return badge if obj.is_open else gettext("%(year)s年") % {"year": obj.target_year}
        return due_badge(obj.due_on, is_open=obj.is_open)

    @admin.display(description=_("最新进展"), ordering="latest_progress_on")
    def progress(self, obj):
        if obj.latest_progress_on is None:
            return "-"
        percent = f" {obj.latest_progress_percent}%" if obj.latest_progress_percent is not None else ""
        text = obj.latest_progress_text
        return f"{obj.latest_progress_on:%Y-%m-%d}{percent}：{text[:60]}{'…' if len(text) > 60 else ''}"

    def save_model(self, request, obj, form, change):
        if change and obj.responsible_unit_id is None:
            obj.responsible_unit = obj.reply.unit
        super().save_model(request, obj, form, change)

    def _update(self, request, queryset, status, done):
        return run_for_each(
            self,
            request,
            queryset,
            lambda c: services.commitment_update(commitment=c, actor=request.user, status=status),
            done,
        )

    @admin.action(description=_("标记为推进中"), permissions=["change"])
    def mark_in_progress(self, request, queryset):
        return self._update(request, queryset, CommitmentStatus.IN_PROGRESS, gettext("已标记为推进中"))

    @admin.action(description=_("标记为已兑现（日期为今天）"), permissions=["change"])
    def mark_fulfilled(self, request, queryset):
        return self._update(request, queryset, CommitmentStatus.FULFILLED, gettext("已标记为已兑现"))

    @admin.action(description=_("终止所选承诺事项（须说明理由）"), permissions=["change"])
    def drop(self, request, queryset):
        return run_with_form(
            self,
            request,
            queryset,
            form_class=DropCommitmentForm,
            step=lambda c, data: services.commitment_update(
                commitment=c, actor=request.user, status=CommitmentStatus.DROPPED, reason=data["reason"]
            ),
            done=gettext("已终止"),
            title=gettext("终止承诺事项"),
        )

    def get_workflow_steps(self, request, obj):
        if not obj.is_open:
            return []
        steps = []
        if self.admin_site._registry[ProgressUpdate].has_add_permission(request):
            steps.append(add_step(ProgressUpdate, gettext("报告进展"), commitment=obj.pk))
        steps.append(action_step(self, request, "mark_fulfilled", obj, gettext("标记已兑现")))
        steps.append(action_step(self, request, "drop", obj, gettext("终止（说明理由）")))
        return steps


# -- progress and feedback ------------------------------------------------------------------


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(NoDeleteAdmin):
    list_display = ["reported_on", "commitment", "percent", "reported_by"]
    list_select_related = ["commitment", "reported_by"]
    list_filter = ["commitment__status", ("commitment__responsible_unit", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["text", "commitment__text", "commitment__reply__document_number"]
    date_hierarchy = "reported_on"
    autocomplete_fields = ["commitment"]
    fields = ["commitment", "reported_on", "percent", "text", "reported_by"]
    readonly_fields = ["reported_by"]
    change_readonly_fields = ["commitment", "reported_on"]

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or services.commitment_may_update(request.user, obj.commitment))

    def visible_to(self, request, queryset):
        return queryset & progress_updates_visible_to(user=request.user)

    def get_changeform_initial_data(self, request):
        return {"reported_on": today(), **super().get_changeform_initial_data(request)}

    def create_object(self, request, form):
        data = form.cleaned_data
        return services.progress_update_add(
            commitment=data["commitment"],
            actor=request.user,
            text=data["text"],
            reported_on=data["reported_on"],
            percent=data.get("percent"),
        )


@admin.register(Feedback)
class FeedbackAdmin(NoDeleteAdmin):
    list_display = ["reply", "proposal_number", "deputy", "subject", "attitude", "result", "rated_on"]
    list_select_related = ["reply__proposal", "deputy"]
    list_filter = ["subject", "attitude", "result", "reply__proposal__session"]
    search_fields = ["reply__document_number", "reply__proposal__number", "deputy__name"]
    date_hierarchy = "rated_on"
    autocomplete_fields = ["reply"]
    fields = [
        "reply",
        "subject",
        "attitude",
        "result",
        "rated_on",
        "comment",
        "deputy",
        "recorded_by",
        "rehandling_order_due_on",
        "rehandling_order_due_explanation",
    ]
    readonly_fields = ["deputy", "recorded_by", "rehandling_order_due_on", "rehandling_order_due_explanation"]
    # A deputy's rating is a record of what they said: entered once, not edited afterwards.
    change_readonly_fields = ["reply", "subject", "attitude", "result", "rated_on", "comment"]

    def visible_to(self, request, queryset):
        return queryset & feedback_visible_to(user=request.user)

    def get_changeform_initial_data(self, request):
        return {"rated_on": today(), **super().get_changeform_initial_data(request)}

    @admin.display(description=_("建议编号"), ordering="reply__proposal__number")
    def proposal_number(self, obj):
        return obj.reply.proposal.number

    def create_object(self, request, form):
        data = form.cleaned_data
        return services.feedback_record(
            reply=data["reply"],
            actor=request.user,
            attitude=data["attitude"],
            result=data["result"],
            rated_on=data["rated_on"],
            comment=data.get("comment", ""),
            subject=data["subject"],
        )
