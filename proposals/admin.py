"""Admin for sessions, deputies, units, proposals, assignments and contacts.

Registering a proposal, assigning it and recording a contact are workflow steps: the add forms
call proposal_register, proposal_assign and contact_record. State is read-only everywhere.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.contrib.auth import get_user_model
from django.db.models import OuterRef, Subquery

from proposals import services
from proposals.admin_utils import BaseAdmin, NoDeleteAdmin, ReadOnlyInline, run_for_each
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
    HandlingUnit,
    Proposal,
    Reminder,
)
from proposals.roles import Role, group_name, sees_everything, unit_ids_of
from proposals.selectors import proposals_visible_to


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


def active_lead_assignments():
    return Assignment.objects.filter(proposal=OuterRef("pk"), role=AssignmentRole.LEAD).exclude(
        state=AssignmentState.RETURNED
    )


@admin.register(Proposal)
class ProposalAdmin(NoDeleteAdmin):
    list_display = [
        "number",
        "title",
        "session",
        "lead_deputy_name",
        "lead_unit",
        "reply_due_on",
        "status",
        "is_key",
        "submitted_on",
    ]
    list_display_links = ["number", "title"]
    list_select_related = ["session", "lead_deputy"]
    list_filter = ["status", "session", "is_key", "assignments__unit", "topic"]
    search_fields = ["number", "title", "lead_deputy__name", "co_deputies__name"]
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
    inlines = [AssignmentInline]
    history_list_display = ["status"]

    def get_queryset(self, request):
        # Who sees which proposals lives in the selector, shared with the API and the portal.
        queryset = proposals_visible_to(user=request.user)
        ordering = self.get_ordering(request)
        if ordering:
            queryset = queryset.order_by(*ordering)
        lead = active_lead_assignments()
        return queryset.select_related(*self.list_select_related).annotate(
            lead_unit_name=Subquery(lead.values("unit__name")[:1]),
            lead_due_on=Subquery(lead.values("due_on")[:1]),
        )

    @admin.display(description="领衔代表", ordering="lead_deputy__name")
    def lead_deputy_name(self, obj):
        return obj.lead_deputy.name

    @admin.display(description="主办单位", ordering="lead_unit_name")
    def lead_unit(self, obj):
        return obj.lead_unit_name or "-"

    @admin.display(description="答复期限", ordering="lead_due_on")
    def reply_due_on(self, obj):
        return obj.lead_due_on or "-"

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


# -- assignments ----------------------------------------------------------------------------


class AssignmentAddForm(forms.ModelForm):
    """交办: a lead unit and any co-handling units at once, through proposal_assign."""

    co_units = forms.ModelMultipleChoiceField(
        HandlingUnit.objects.filter(is_active=True), label="协办单位", required=False
    )

    class Meta:
        model = Assignment
        fields = ["proposal", "unit", "co_units", "assigned_on"]
        labels = {"unit": "主办单位"}
        help_texts = {"assigned_on": "答复期限按交办日期自动计算。"}

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
        "due_on",
        "due_confirmed",
        "signed_on",
        "extension_state",
    ]
    list_display_links = ["proposal_number", "proposal_title"]
    list_select_related = ["proposal", "unit"]
    list_filter = ["state", "role", "extension_state", "due_confirmed", "unit", "proposal__session"]
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
        ("期限", {"fields": ["due_on", "due_explanation", "due_confirmed"]}),
        ("退回", {"fields": ["returned_on", "return_reason"]}),
        ("延期", {"fields": ["extension_state", "extension_requested_on", "extension_reason", "extension_due_on"]}),
    ]
    actions = ["sign", "approve_extension", "refuse_extension"]
    history_list_display = ["state", "due_on"]

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

    @admin.display(description="建议编号", ordering="proposal__number")
    def proposal_number(self, obj):
        return obj.proposal.number

    @admin.display(description="建议标题", ordering="proposal__title")
    def proposal_title(self, obj):
        return obj.proposal.title

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

    @admin.action(description="签收所选交办（日期为今天）", permissions=["change"])
    def sign(self, request, queryset):
        run_for_each(
            self, request, queryset, lambda a: services.assignment_sign(assignment=a, actor=request.user), "已签收"
        )

    @admin.action(description="同意所选延期申请", permissions=["change"])
    def approve_extension(self, request, queryset):
        run_for_each(
            self,
            request,
            queryset,
            lambda a: services.assignment_extension_decide(assignment=a, actor=request.user, approve=True),
            "已同意延期",
        )

    @admin.action(description="不同意所选延期申请", permissions=["change"])
    def refuse_extension(self, request, queryset):
        run_for_each(
            self,
            request,
            queryset,
            lambda a: services.assignment_extension_decide(assignment=a, actor=request.user, approve=False),
            "已不同意延期",
        )


# -- contacts -------------------------------------------------------------------------------


@admin.register(Contact)
class ContactAdmin(NoDeleteAdmin):
    list_display = ["contacted_on", "kind", "proposal_number", "unit_name", "participants", "recorded_by"]
    list_select_related = ["assignment__proposal", "assignment__unit", "recorded_by"]
    list_filter = ["kind", "assignment__unit", "assignment__proposal__session"]
    search_fields = ["assignment__proposal__number", "assignment__proposal__title", "participants", "notes"]
    date_hierarchy = "contacted_on"
    autocomplete_fields = ["assignment"]
    fields = ["assignment", "kind", "contacted_on", "participants", "notes", "recorded_by"]
    readonly_fields = ["recorded_by"]
    # contact_record checks the date against the assignment; neither moves afterwards.
    change_readonly_fields = ["assignment", "contacted_on"]

    def get_changeform_initial_data(self, request):
        return {"contacted_on": services.today(), **super().get_changeform_initial_data(request)}

    @admin.display(description="建议编号", ordering="assignment__proposal__number")
    def proposal_number(self, obj):
        return obj.assignment.proposal.number

    @admin.display(description="承办单位", ordering="assignment__unit__name")
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
        modeladmin.message_user(request, f"已按新的规则重新计算 {changed} 个未到期的期限。", messages.WARNING)


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


@admin.register(CalendarDay)
class CalendarDayAdmin(RecomputingAdmin):
    list_display = ["date", "is_working_day", "name", "weekday"]
    list_filter = ["is_working_day", "name"]
    search_fields = ["name", "date"]
    date_hierarchy = "date"
    readonly_fields = ["created_at", "updated_at"]

    @admin.display(description="星期")
    def weekday(self, obj):
        return "一二三四五六日"[obj.date.weekday()]


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
