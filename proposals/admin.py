"""Admin for sessions, deputies, units, proposals, assignments and contacts.

Registering a proposal, assigning it and recording a contact are workflow steps: the add forms
call proposal_register, proposal_assign and contact_record. State is read-only everywhere.
"""

import json
from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Subquery
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from proposals import importing, services
from proposals.admin_forms import ExtensionRequestForm, RegisterImportForm, RehandlingForm, ReturnForm
from proposals.admin_utils import (
    SOON_DAYS,
    BaseAdmin,
    ExportAdminMixin,
    NoDeleteAdmin,
    ReadOnlyInline,
    action_step,
    add_step,
    due_badge,
    run_for_each,
    run_with_form,
)
from proposals.calendar import policy_create_defaults
from proposals.models import (
    Assignment,
    AssignmentRole,
    AssignmentState,
    CalendarDay,
    CalendarYear,
    CongressSession,
    Contact,
    DeadlinePolicy,
    DeadlineRule,
    Deputy,
    ExtensionState,
    HandlingUnit,
    Proposal,
    ProposalStatus,
    Reminder,
)
from proposals.resources import ProposalResource
from proposals.roles import Role, group_name, sees_everything, unit_ids_of, works_for
from proposals.selectors import assignments_visible_to, contacts_visible_to, proposals_visible_to
from responses.models import Reply, ReplyCategory
from responses.selectors import replies_in_force


@admin.register(CongressSession)
class CongressSessionAdmin(BaseAdmin):
    list_display = ["name", "body", "term", "sitting", "opened_on", "closed_on"]
    list_filter = ["body", "term"]
    search_fields = ["name", "body"]
    readonly_fields = ["created_at", "updated_at"]


@admin.register(Deputy)
class DeputyAdmin(BaseAdmin):
    list_display = ["name", "delegation", "phone", "email", "user"]
    list_select_related = ["user"]
    list_filter = ["delegation"]
    search_fields = ["name", "delegation", "phone", "email"]
    readonly_fields = ["created_at", "updated_at"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["queryset"] = get_user_model().objects.filter(groups__name=group_name(Role.DEPUTY))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(HandlingUnit)
class HandlingUnitAdmin(BaseAdmin):
    list_display = ["name", "short_name", "kind", "parent", "is_active", "email"]
    list_select_related = ["parent"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "short_name"]
    autocomplete_fields = ["parent"]
    filter_horizontal = ["staff"]
    readonly_fields = ["created_at", "updated_at"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "staff":
            kwargs["queryset"] = get_user_model().objects.filter(is_staff=True, is_active=True)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


# -- proposals ------------------------------------------------------------------------------


class AssignmentInline(ReadOnlyInline):
    model = Assignment
    fields = [
        "unit",
        "role",
        "state",
        "assigned_on",
        "due_on",
        "due_explanation",
        "due_confirmed",
        "signed_on",
        "extension_state",
        "returned_on",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("unit", "proposal")


class ReplyInline(ReadOnlyInline):
    """The proposal's replies, withdrawn ones included (they stay on the record)."""

    model = Reply
    fields = ["document_number", "unit", "category", "issued_on", "disclosure", "state", "rating_due_on"]
    verbose_name_plural = _("答复函")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("unit", "category", "proposal")


def active_lead_assignments():
    return Assignment.objects.filter(proposal=OuterRef("pk"), role=AssignmentRole.LEAD).exclude(
        state=AssignmentState.RETURNED
    )


OPEN_STATUSES = list(services.OPEN_STATUSES)


class DueFilter(admin.SimpleListFilter):
    """By the lead unit's reply due date, for proposals still being handled."""

    title = _("答复期限")
    parameter_name = "due"

    def lookups(self, request, model_admin):
        return [
            ("overdue", gettext("已逾期")),
            ("this_week", gettext("本周到期")),
            ("week", gettext("%(days)s天内到期") % {"days": SOON_DAYS}),
            ("unconfirmed", gettext("日历未确认")),
        ]

    def queryset(self, request, queryset):
        today = services.today()
        lead = active_lead_assignments()
        if self.value() == "overdue":
            return queryset.filter(Exists(lead.filter(due_on__lt=today)), status__in=OPEN_STATUSES)
        if self.value() == "this_week":
            monday = today - timedelta(days=today.weekday())
            week = lead.filter(due_on__gte=monday, due_on__lte=monday + timedelta(days=6))
            return queryset.filter(Exists(week), status__in=OPEN_STATUSES)
        if self.value() == "week":
            soon = lead.filter(due_on__gte=today, due_on__lte=today + timedelta(days=SOON_DAYS))
            return queryset.filter(Exists(soon), status__in=OPEN_STATUSES)
        if self.value() == "unconfirmed":
            return queryset.filter(Exists(lead.filter(due_confirmed=False)), status__in=OPEN_STATUSES)
        return queryset


class ReplyCategoryFilter(admin.SimpleListFilter):
    """By the category of the reply in force (A/B/C...)."""

    title = _("答复类别")
    parameter_name = "reply_category"

    def lookups(self, request, model_admin):
        return [(c.code, c.name) for c in ReplyCategory.objects.all()]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        replies = replies_in_force().filter(proposal=OuterRef("pk"), category__code=self.value())
        return queryset.filter(Exists(replies))


@admin.register(Proposal)
class ProposalAdmin(ExportAdminMixin, NoDeleteAdmin):
    resource_classes = [ProposalResource]
    export_prefetch = ("assignments__unit", "co_deputies")
    change_list_template = "admin/proposals/proposal/change_list.html"
    list_display = ["number", "title", "lead_deputy_name", "lead_unit", "status", "reply_due_on"]
    list_display_links = ["number", "title"]
    list_select_related = ["session", "lead_deputy"]
    list_filter = [
        "session",
        "status",
        DueFilter,
        ("assignments__unit", admin.RelatedOnlyFieldListFilter),
        "topic",
        ReplyCategoryFilter,
        "is_key",
    ]
    search_fields = ["number", "title", "lead_deputy__name", "co_deputies__name"]
    search_help_text = _("按编号、标题或代表姓名（领衔或附议）查找")
    date_hierarchy = "submitted_on"
    autocomplete_fields = ["session", "lead_deputy", "co_deputies"]
    readonly_fields = ["status", "created_at", "updated_at"]
    fields = [
        "session",
        "number",
        "title",
        "lead_deputy",
        "co_deputies",
        "submitted_on",
        "topic",
        "is_key",
        "body",
        "status",
        "created_at",
        "updated_at",
    ]
    inlines = [AssignmentInline, ReplyInline]
    actions = ["order_rehandling"]
    history_list_display = ["status"]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.status != ProposalStatus.REGISTERED:
            # Deadlines, visibility and who may rate hang on these once the proposal is assigned.
            fields += [f for f in ("session", "number", "lead_deputy", "submitted_on") if f not in fields]
        return fields

    def visible_to(self, request, queryset):
        # Who sees which proposals lives in the selector, shared with the API and the portal.
        return queryset & proposals_visible_to(user=request.user)

    def get_queryset(self, request):
        lead = active_lead_assignments()
        return (
            super()
            .get_queryset(request)
            .annotate(
                lead_unit_name=Subquery(lead.values("unit__name")[:1]),
                lead_due_on=Subquery(lead.values("due_on")[:1]),
                lead_due_confirmed=Subquery(lead.values("due_confirmed")[:1]),
            )
        )

    @admin.display(description=_("领衔代表"), ordering="lead_deputy__name")
    def lead_deputy_name(self, obj):
        return obj.lead_deputy.name

    @admin.display(description=_("主办单位"), ordering="lead_unit_name")
    def lead_unit(self, obj):
        return obj.lead_unit_name or "-"

    @admin.display(description=_("答复期限"), ordering="lead_due_on")
    def reply_due_on(self, obj):
        return due_badge(
            obj.lead_due_on,
            is_open=obj.status in OPEN_STATUSES,
            confirmed=obj.lead_due_confirmed is not False,
        )

    def create_object(self, request, form):
        data = form.cleaned_data
        return services.proposal_register(
            actor=request.user,
            session=data["session"],
            number=data["number"],
            title=data["title"],
            lead_deputy=data["lead_deputy"],
            submitted_on=data["submitted_on"],
            co_deputies=data.get("co_deputies") or (),
            body=data.get("body", ""),
            topic=data.get("topic", ""),
            is_key=data.get("is_key", False),
        )

    # -- workflow -------------------------------------------------------------------------------

    @admin.action(description=_("交由重新办理（代表不满意）"), permissions=["office"])
    def order_rehandling(self, request, queryset):
        return run_with_form(
            self,
            request,
            queryset,
            form_class=RehandlingForm,
            step=lambda p, data: services.proposal_order_rehandling(
                proposal=p, actor=request.user, ordered_on=data["ordered_on"]
            ),
            done=gettext("已交由重新办理"),
            title=gettext("交由重新办理"),
        )

    def get_workflow_steps(self, request, obj):
        steps = []
        if obj.status == ProposalStatus.REGISTERED and self.has_office_permission(request):
            steps.append(add_step(Assignment, pgettext("workflow button", "交办"), proposal=obj.pk))
        if obj.status == ProposalStatus.REPLIED:
            steps.append(action_step(self, request, "order_rehandling", obj))
        mine = [a for a in obj.assignments.select_related("unit") if a.is_active and works_for(request.user, a.unit)]
        assignment_admin = self.admin_site._registry[Assignment]
        for assignment in mine:
            assignment.proposal = obj
            steps += assignment_admin.get_workflow_steps(request, assignment, on_proposal=True)
            if assignment.role == AssignmentRole.LEAD and obj.status in (
                ProposalStatus.IN_PROGRESS,
                ProposalStatus.REHANDLING,
            ):
                steps.append(add_step(Reply, gettext("录入答复"), proposal=obj.pk))
        return steps

    # -- importing the register -----------------------------------------------------------------

    def has_import_permission(self, request):
        return self.has_office_permission(request) and self.has_add_permission(request)

    def get_urls(self):
        urls = super().get_urls()
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}_import_register"
        return [path("import-register/", self.admin_site.admin_view(self.import_register_view), name=name), *urls]

    def changelist_view(self, request, extra_context=None):
        extra_context = {"has_import_permission": self.has_import_permission(request), **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    def import_register_view(self, request):
        """Upload a register, see every row with its errors, then import it (all rows or none)."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("导入建议交办登记表"),
            "columns": list(importing.COLUMNS),
        }
        result = None
        if request.method == "POST" and "confirm" in request.POST:
            form = RegisterImportForm(initial={"session": request.POST.get("session")})
            session = CongressSession.objects.filter(pk=request.POST.get("session") or None).first()
            try:
                rows = json.loads(request.POST.get("rows", "[]"))
            except ValueError:
                rows = None
            if session is None or not isinstance(rows, list):
                messages.error(request, gettext("导入数据不完整，请重新上传文件。"))
                return redirect(request.path)
            result = importing.proposal_register_import(actor=request.user, session=session, rows=rows, commit=True)
            if result.written:
                messages.success(request, gettext("已导入 %(count)s 条建议。") % {"count": len(result.rows)})
                changelist = reverse("admin:proposals_proposal_changelist")
                return redirect(f"{changelist}?session__id__exact={session.pk}")
            messages.error(request, gettext("数据已有变化，导入未执行，请核对下列错误。"))
        elif request.method == "POST":
            form = RegisterImportForm(request.POST, request.FILES)
            if form.is_valid():
                upload = form.cleaned_data["file"]
                session = form.cleaned_data["session"]
                try:
                    rows = importing.register_read(upload.read(), upload.name)
                except importing.RegisterFileError as err:
                    form.add_error("file", str(err))
                else:
                    result = importing.proposal_register_import(
                        actor=request.user, session=session, rows=rows, commit=False
                    )
        else:
            form = RegisterImportForm()
        if result is not None:
            context |= {"result": result, "session": session, "rows_json": json.dumps(rows, ensure_ascii=False)}
        context["form"] = form
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/proposals/proposal/import_register.html", context)


# -- assignments ----------------------------------------------------------------------------


class AssignmentAddForm(forms.ModelForm):
    """交办: a lead unit and any co-handling units at once, through proposal_assign."""

    co_units = forms.ModelMultipleChoiceField(
        HandlingUnit.objects.filter(is_active=True), label=_("协办单位"), required=False
    )

    class Meta:
        model = Assignment
        fields = ["proposal", "unit", "co_units", "assigned_on"]
        labels = {"unit": _("主办单位")}
        help_texts = {"assigned_on": _("答复期限按交办日期自动计算。")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = HandlingUnit.objects.filter(is_active=True)
        co_units = self.fields["co_units"]
        co_units.widget = AutocompleteSelectMultiple(Assignment._meta.get_field("unit"), admin.site)
        co_units.widget.choices = co_units.choices


@admin.register(Assignment)
class AssignmentAdmin(NoDeleteAdmin):
    add_form = AssignmentAddForm
    add_fieldsets = [(None, {"fields": ["proposal", "unit", "co_units", "assigned_on"]})]
    list_display = [
        "proposal_number",
        "proposal_title",
        "unit",
        "role",
        "state",
        "assigned_on",
        "due",
        "signed_on",
        "extension_state",
    ]
    list_display_links = ["proposal_number", "proposal_title"]
    list_select_related = ["proposal", "unit"]
    list_filter = [
        "state",
        "role",
        "extension_state",
        "due_confirmed",
        ("unit", admin.RelatedOnlyFieldListFilter),
        "proposal__session",
    ]
    search_fields = ["proposal__number", "proposal__title", "unit__name"]
    date_hierarchy = "assigned_on"
    autocomplete_fields = ["proposal", "unit"]
    readonly_fields = [
        "state",
        "due_explanation",
        "due_confirmed",
        "signed_on",
        "returned_on",
        "return_reason",
        "extension_state",
        "extension_requested_on",
        "extension_reason",
        "extension_due_on",
    ]
    # Who handles what, and by when, changes only through the workflow (return, extension).
    change_readonly_fields = ["proposal", "unit", "role", "assigned_on", "due_on", "assigned_by"]
    fieldsets = [
        (None, {"fields": ["proposal", "unit", "role", "assigned_on", "assigned_by", "state", "signed_on"]}),
        (_("期限"), {"fields": ["due_on", "due_explanation", "due_confirmed"]}),
        (_("退回"), {"fields": ["returned_on", "return_reason"]}),
        (_("延期"), {"fields": ["extension_state", "extension_requested_on", "extension_reason", "extension_due_on"]}),
    ]
    actions = ["sign", "return_assignment", "request_extension", "approve_extension", "refuse_extension"]
    history_list_display = ["state", "due_on"]

    def visible_to(self, request, queryset):
        return queryset & assignments_visible_to(user=request.user)

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return self.add_fieldsets
        return super().get_fieldsets(request, obj)

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = self.add_form
        return super().get_form(request, obj, **kwargs)

    def get_changeform_initial_data(self, request):
        return {"assigned_on": services.today(), **super().get_changeform_initial_data(request)}

    @admin.display(description=_("建议编号"), ordering="proposal__number")
    def proposal_number(self, obj):
        return obj.proposal.number

    @admin.display(description=_("建议标题"), ordering="proposal__title")
    def proposal_title(self, obj):
        return obj.proposal.title

    @admin.display(description=_("答复期限"), ordering="due_on")
    def due(self, obj):
        is_open = obj.is_active and obj.proposal.status in OPEN_STATUSES
        return due_badge(obj.due_on, is_open=is_open, confirmed=obj.due_confirmed)

    def create_object(self, request, form):
        data = form.cleaned_data
        assignments = services.proposal_assign(
            proposal=data["proposal"],
            actor=request.user,
            lead_unit=data["unit"],
            co_units=data.get("co_units") or (),
            assigned_on=data["assigned_on"],
        )
        return assignments[0]

    # -- workflow -------------------------------------------------------------------------------

    @admin.action(description=_("签收所选交办（日期为今天）"), permissions=["unit"])
    def sign(self, request, queryset):
        return run_for_each(
            self,
            request,
            queryset,
            lambda a: services.assignment_sign(assignment=a, actor=request.user),
            gettext("已签收"),
        )

    @admin.action(description=_("申请退回所选交办"), permissions=["unit"])
    def return_assignment(self, request, queryset):
        return run_with_form(
            self,
            request,
            queryset,
            form_class=ReturnForm,
            step=lambda a, data: services.assignment_return(assignment=a, actor=request.user, reason=data["reason"]),
            done=gettext("已退回"),
            title=gettext("申请退回"),
        )

    @admin.action(description=_("申请延期答复"), permissions=["unit"])
    def request_extension(self, request, queryset):
        return run_with_form(
            self,
            request,
            queryset,
            form_class=ExtensionRequestForm,
            step=lambda a, data: services.assignment_extension_request(
                assignment=a, actor=request.user, reason=data["reason"], due_on=data["due_on"]
            ),
            done=gettext("已提交延期申请"),
            title=gettext("申请延期答复"),
        )

    @admin.action(description=_("同意所选延期申请"), permissions=["office"])
    def approve_extension(self, request, queryset):
        return run_for_each(
            self,
            request,
            queryset,
            lambda a: services.assignment_extension_decide(assignment=a, actor=request.user, approve=True),
            gettext("已同意延期"),
        )

    @admin.action(description=_("不同意所选延期申请"), permissions=["office"])
    def refuse_extension(self, request, queryset):
        return run_for_each(
            self,
            request,
            queryset,
            lambda a: services.assignment_extension_decide(assignment=a, actor=request.user, approve=False),
            gettext("已不同意延期"),
        )

    def _within_return_window(self, obj) -> bool:
        if obj.proposal.status not in (ProposalStatus.ASSIGNED, ProposalStatus.IN_PROGRESS):
            return False
        return services.today() <= services.assignment_return_window(obj).due

    def get_workflow_steps(self, request, obj, on_proposal=False):
        """Buttons for the steps open on this assignment; the services make the final call."""
        if not obj.is_active:
            return []
        mine = works_for(request.user, obj.unit)
        steps = []
        if mine and obj.state == AssignmentState.ASSIGNED:
            steps.append(action_step(self, request, "sign", obj, gettext("签收")))
        if mine and obj.proposal.status in OPEN_STATUSES:
            steps.append(add_step(Contact, gettext("记录沟通（面商）"), assignment=obj.pk))
            if obj.role == AssignmentRole.LEAD and obj.extension_state != ExtensionState.REQUESTED:
                steps.append(action_step(self, request, "request_extension", obj, gettext("申请延期")))
            if self._within_return_window(obj):
                steps.append(action_step(self, request, "return_assignment", obj, gettext("申请退回")))
        if obj.extension_state == ExtensionState.REQUESTED and not on_proposal:
            steps.append(action_step(self, request, "approve_extension", obj, gettext("同意延期")))
            steps.append(action_step(self, request, "refuse_extension", obj, gettext("不同意延期")))
        return [s for s in steps if s is not None]


# -- contacts -------------------------------------------------------------------------------


@admin.register(Contact)
class ContactAdmin(NoDeleteAdmin):
    list_display = ["contacted_on", "kind", "proposal_number", "unit_name", "participants", "recorded_by"]
    list_select_related = ["assignment__proposal", "assignment__unit", "recorded_by"]
    list_filter = ["kind", ("assignment__unit", admin.RelatedOnlyFieldListFilter), "assignment__proposal__session"]
    search_fields = ["assignment__proposal__number", "assignment__proposal__title", "participants", "notes"]
    date_hierarchy = "contacted_on"
    autocomplete_fields = ["assignment"]
    fields = ["assignment", "kind", "contacted_on", "participants", "notes", "recorded_by"]
    readonly_fields = ["recorded_by"]
    # contact_record checks the date against the assignment; neither moves afterwards.
    change_readonly_fields = ["assignment", "contacted_on"]

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or services.contact_may_change(request.user, obj))

    def visible_to(self, request, queryset):
        return queryset & contacts_visible_to(user=request.user)

    def get_changeform_initial_data(self, request):
        return {"contacted_on": services.today(), **super().get_changeform_initial_data(request)}

    @admin.display(description=_("建议编号"), ordering="assignment__proposal__number")
    def proposal_number(self, obj):
        return obj.assignment.proposal.number

    @admin.display(description=_("承办单位"), ordering="assignment__unit__name")
    def unit_name(self, obj):
        return obj.assignment.unit.name

    def create_object(self, request, form):
        data = form.cleaned_data
        return services.contact_record(
            assignment=data["assignment"],
            actor=request.user,
            contacted_on=data["contacted_on"],
            kind=data["kind"],
            participants=data.get("participants", ""),
            notes=data.get("notes", ""),
        )


# -- deadlines and the working-day calendar ------------------------------------------------


def recompute_and_report(modeladmin, request, reason: str, session=None) -> None:
    from django.contrib import messages

    changed = services.deadlines_recompute(reason=reason, session=session)
    if changed:
        modeladmin.message_user(
            request, gettext("已按新的规则重新计算 %(count)s 个未到期的期限。") % {"count": changed}, messages.WARNING
        )


class DeadlineRuleInline(admin.TabularInline):
    model = DeadlineRule
    extra = 0
    fields = ["step", "length", "unit", "counted_from"]


@admin.register(DeadlinePolicy)
class DeadlinePolicyAdmin(BaseAdmin):
    list_display = ["session", "roll_forward", "reminder_offsets", "updated_at"]
    list_select_related = ["session"]
    autocomplete_fields = ["session"]
    inlines = [DeadlineRuleInline]
    readonly_fields = ["created_at", "updated_at"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Steps left out of the form keep the default numbers, now written down to be edited.
        policy_create_defaults(form.instance.session)
        recompute_and_report(self, request, f"{form.instance.session}办理期限规则修改", form.instance.session)


class RecomputingAdmin(BaseAdmin):
    """Calendar edits move open due dates: every save and delete recomputes them, with a reason."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        recompute_and_report(self, request, f"工作日历修改：{obj}")

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        recompute_and_report(self, request, f"工作日历删除：{obj}")

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        recompute_and_report(self, request, "工作日历批量删除")


@admin.register(CalendarYear)
class CalendarYearAdmin(RecomputingAdmin):
    list_display = ["year", "is_official", "source", "updated_at"]
    list_filter = ["is_official"]
    search_fields = ["year"]
    readonly_fields = ["created_at", "updated_at"]


WEEKDAYS = (
    pgettext_lazy("weekday", "一"),
    pgettext_lazy("weekday", "二"),
    pgettext_lazy("weekday", "三"),
    pgettext_lazy("weekday", "四"),
    pgettext_lazy("weekday", "五"),
    pgettext_lazy("weekday", "六"),
    pgettext_lazy("weekday", "日"),
)


@admin.register(CalendarDay)
class CalendarDayAdmin(RecomputingAdmin):
    list_display = ["date", "is_working_day", "name", "weekday"]
    list_filter = ["is_working_day", "name"]
    search_fields = ["name", "date"]
    date_hierarchy = "date"
    readonly_fields = ["created_at", "updated_at"]

    @admin.display(description=_("星期"))
    def weekday(self, obj):
        return str(WEEKDAYS[obj.date.weekday()])


@admin.register(Reminder)
class ReminderAdmin(BaseAdmin):
    """The in-app list of reminders: each unit sees its own, the offices see all."""

    list_display = [
        "created_at",
        "kind",
        "step",
        "proposal",
        "unit",
        "due_on",
        "offset",
        "delivered_at",
        "cancelled_at",
    ]
    list_select_related = ["proposal", "unit"]
    list_filter = ["kind", "step", "unit", ("delivered_at", admin.EmptyFieldListFilter)]
    search_fields = ["proposal__number", "proposal__title", "message"]
    date_hierarchy = "created_at"
    deletable = False

    def visible_to(self, request, queryset):
        if sees_everything(request.user):
            return queryset
        return queryset.filter(unit_id__in=unit_ids_of(request.user))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
