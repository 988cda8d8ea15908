"""What every admin in the project shares: history, workflow steps through services, errors as messages.

State fields are `editable=False` on the models, so the admin shows them read-only and only the
services change them. An admin whose "add" is a workflow step overrides `create_object` to call
its service; a WorkflowError (or a database conflict) raised while saving rolls the whole save
back and comes back to the user as form errors on the same, still filled-in form.

Row-level visibility: each admin's `visible_to` narrows its queryset through the selectors. The
list, change and history pages, autocomplete, the choices of every related-record field, list
filters, actions and export all start from that queryset, so a record a user may not see is a
404 wherever they type its address.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportMixin
from import_export.formats.base_formats import CSV, XLSX
from simple_history.admin import SimpleHistoryAdmin

from proposals.errors import WorkflowError
from proposals.roles import Role, is_office, sees_everything, user_roles

CONFLICT_MESSAGE = _("保存时发生冲突（可能有人同时修改了相关记录），未作任何更改，请检查后重试。")


def workflow_validation_error(err: WorkflowError, form: forms.BaseForm) -> ValidationError:
    """The WorkflowError as a ValidationError for `form`: its field errors where the form has the field."""
    if not err.fields:
        return ValidationError(err.message, code=err.code)
    errors: dict[str, list[ValidationError]] = {}
    for name, field_messages in err.fields.items():
        key = name if name in form.fields else NON_FIELD_ERRORS
        errors.setdefault(key, []).extend(ValidationError(m, code=err.code) for m in field_messages)
    return ValidationError(errors)


class WorkflowFormMixin:
    """Gives admin forms the request (for services that need the actor) and replays a refused save.

    `get_form` mixes this into every form class; `workflow_error` is set when the first attempt
    to save raised, so the re-displayed form carries the refusal as its errors.
    """

    request = None
    workflow_error: WorkflowError | None = None

    def _post_clean(self):
        super()._post_clean()
        if self.workflow_error is not None:
            self.add_error(None, workflow_validation_error(self.workflow_error, self))


class LinesField(forms.CharField):
    """A list of strings edited as one line each (CC lists and the like, stored as a JSON list)."""

    widget = forms.Textarea(attrs={"rows": 3})

    def to_python(self, value):
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(str(v) for v in value)
        return value


def adopt(target, source) -> None:
    """Make the admin's unsaved `target` stand for `source`, the row a service just created."""
    for field in source._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))
    target._state.adding = False
    target._state.db = source._state.db


def run_for_each(modeladmin: admin.ModelAdmin, request, queryset: Iterable, step: Callable, done: str):
    """Run a workflow step on each selected row; refused rows are reported, the others go through.

    Returns the redirect back to the page the step was started from (a change page's button), if any.
    """
    succeeded = 0
    for obj in queryset:
        try:
            step(obj)
        except WorkflowError as err:
            modeladmin.message_user(
                request, gettext("%(object)s：%(message)s") % {"object": obj, "message": err.message}, messages.ERROR
            )
        else:
            succeeded += 1
    if succeeded:
        modeladmin.message_user(
            request, gettext("%(done)s：%(count)s 条。") % {"done": done, "count": succeeded}, messages.SUCCESS
        )
    return back(request)


RETURN_TO = "_return_to"


def back(request):
    """A redirect to the page a workflow button was pressed on, when it is one of ours; else None."""
    target = request.POST.get(RETURN_TO, "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return HttpResponseRedirect(target)
    return None


def run_with_form(
    modeladmin: admin.ModelAdmin,
    request,
    queryset,
    *,
    form_class: type[forms.Form],
    step: Callable,
    done: str,
    title: str,
):
    """An admin action that first asks for input (a reason, a date) on an intermediate page.

    `step(obj, cleaned_data)` runs the service for each selected row. With one row selected, a
    refusal comes back as errors on the same form; with several, as one message per refused row.
    """
    objects = list(queryset)
    form = form_class(request.POST if "apply" in request.POST else None)
    if form.is_bound and form.is_valid():
        if len(objects) != 1:
            return run_for_each(modeladmin, request, objects, lambda obj: step(obj, form.cleaned_data), done)
        try:
            step(objects[0], form.cleaned_data)
        except WorkflowError as err:
            form.add_error(None, workflow_validation_error(err, form))
        else:
            modeladmin.message_user(
                request, gettext("%(done)s：%(object)s。") % {"done": done, "object": objects[0]}, messages.SUCCESS
            )
            return back(request)
    opts = modeladmin.model._meta
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "form": form,
        "objects": objects,
        "action": request.POST.get("action", ""),
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "return_to": request.POST.get(RETURN_TO, ""),
        "opts": opts,
        "app_label": opts.app_label,
        "media": modeladmin.media + form.media,
    }
    request.current_app = modeladmin.admin_site.name
    return TemplateResponse(request, "admin/workflow_action.html", context)


# -- workflow buttons on change pages -----------------------------------------------------


@dataclass(frozen=True)
class Step:
    """A workflow button on a change page: a link to an add form, or an admin action on one row."""

    label: str
    url: str
    action: str = ""  # set: POST this action for `pk` to `url` (a changelist)
    pk: object = None
    primary: bool = False


def action_step(modeladmin: admin.ModelAdmin, request, name: str, obj, label: str | None = None) -> Step | None:
    """The button for admin action `name` on `obj`, if this user has that action."""
    actions = modeladmin.get_actions(request)
    if name not in actions:
        return None
    opts = modeladmin.model._meta
    url = reverse(f"{modeladmin.admin_site.name}:{opts.app_label}_{opts.model_name}_changelist")
    return Step(label or actions[name][2], url, action=name, pk=obj.pk)


def add_step(model, label: str, **initial) -> Step:
    """A link to `model`'s add form with fields filled in (e.g. the proposal a reply answers)."""
    opts = model._meta
    query = "&".join(f"{k}={v}" for k, v in initial.items())
    return Step(label, f"{reverse(f'admin:{opts.app_label}_{opts.model_name}_add')}?{query}", primary=True)


# -- due dates ------------------------------------------------------------------------------

RED, AMBER = "#ba2121", "#b45f06"
SOON_DAYS = 7


def due_badge(due_on: date | None, *, is_open: bool = True, confirmed: bool = True, today: date | None = None):
    """A due date with the days left, red when overdue, amber within a week, and a mark when the
    working-day calendar it was counted on is not the official one yet."""
    if due_on is None:
        return "-"
    today = today or timezone.localdate()
    left = (due_on - today).days
    if not is_open:
        text, colour = "", ""
    elif left < 0:
        text, colour = gettext("（逾期%(days)s天）") % {"days": -left}, RED
    elif left == 0:
        text, colour = gettext("（今天到期）"), RED
    else:
        text, colour = gettext("（剩%(days)s天）") % {"days": left}, AMBER if left <= SOON_DAYS else ""
    html = format_html("{}", f"{due_on:%Y-%m-%d}")
    if text:
        html = format_html(
            '{} <span class="due-left" style="color:{};font-weight:{}">{}</span>',
            html,
            colour or "inherit",
            "bold" if colour else "normal",
            text,
        )
    if not confirmed:
        html = format_html(
            '{} <span class="calendar-unconfirmed" title="{}" style="color:{}">⚠ {}</span>',
            html,
            gettext("该年度工作日历尚未按官方通知确认，期限为暂定，确认后将自动重算。"),
            AMBER,
            gettext("日历未确认"),
        )
    return html


# -- export ---------------------------------------------------------------------------------


class ExportAdminMixin(ExportMixin):
    """XLSX and CSV export of the list as filtered, limited to the rows the user sees.

    The export starts from the changelist's queryset (so from `visible_to`); `export_prefetch`
    names the related rows a resource prints, fetched once per chunk rather than once per row.
    """

    export_formats = [XLSX, CSV]
    export_prefetch: tuple[str, ...] = ()

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def get_export_queryset(self, request):
        queryset = super().get_export_queryset(request)
        if self.export_prefetch:
            queryset = queryset.prefetch_related(*self.export_prefetch)
        return queryset


class BaseAdmin(SimpleHistoryAdmin):
    """The project's ModelAdmin: history one click away, lists that stay fast, workflow-safe saves.

    - `readonly_fields`: state shown, never edited (hidden on the add form: nothing to show yet).
    - `change_readonly_fields`: editable when adding, fixed once the record exists.
    - `create_object`: the service that creates the record, when adding is a workflow step.
    - `visible_to`: the hook for row-level visibility.
    """

    show_full_result_count = False
    list_per_page = 50
    list_max_show_all = 500
    change_readonly_fields: tuple[str, ...] | list[str] = ()
    deletable = True

    # -- querysets --------------------------------------------------------------------------

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if isinstance(self.list_select_related, list | tuple) and self.list_select_related:
            # Change pages and autocomplete answers print the same related names as the list.
            queryset = queryset.select_related(*self.list_select_related)
        return self.visible_to(request, queryset)

    def visible_to(self, request, queryset):
        """Narrow `queryset` to the rows `request.user` may see (row-level visibility hooks in here)."""
        return queryset

    def get_field_queryset(self, db, db_field, request):
        # A related-record field offers (and accepts) only the records the user may see there.
        related_admin = self.admin_site._registry.get(db_field.remote_field.model)
        if isinstance(related_admin, BaseAdmin) and type(related_admin).visible_to is not BaseAdmin.visible_to:
            queryset = related_admin.visible_to(request, db_field.remote_field.model._default_manager.using(db))
            ordering = related_admin.get_ordering(request)
            return queryset.order_by(*ordering) if ordering else queryset
        return super().get_field_queryset(db, db_field, request)

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # A record outside the user's rows is not there for them: 404, whatever the page.
        raise Http404(gettext("%(name)s %(key)s 不存在或无权查看。") % {"name": opts.verbose_name, "key": object_id})

    # -- roles, for actions (`@admin.action(permissions=["office"])`) ------------------------

    def has_office_permission(self, request):
        return is_office(request.user)

    def has_unit_permission(self, request):
        return Role.UNIT in user_roles(request.user)

    # -- workflow buttons -------------------------------------------------------------------

    def get_workflow_steps(self, request, obj) -> list[Step]:
        """The workflow buttons shown on `obj`'s change page (each admin lists its own)."""
        return []

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["workflow_steps"] = [s for s in self.get_workflow_steps(request, obj) if s is not None]
            context["return_to_field"] = RETURN_TO
        return super().render_change_form(request, context, add, change, form_url, obj)

    # -- fields -----------------------------------------------------------------------------

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            fields += [f for f in self.change_readonly_fields if f not in fields]
        return fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None:
            return fieldsets
        hidden = set(self.readonly_fields)
        trimmed = []
        for name, options in fieldsets:
            fields = [f for f in options["fields"] if f not in hidden]
            if fields:
                trimmed.append((name, {**options, "fields": fields}))
        return trimmed

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        attrs = {"request": request, "workflow_error": getattr(request, "_workflow_error", None)}
        return type(form.__name__, (WorkflowFormMixin, form), attrs)

    # -- saving -----------------------------------------------------------------------------

    def create_object(self, request, form):
        """Create the record from a valid add form through its service; None saves the form as usual."""
        return None

    def save_model(self, request, obj, form, change):
        if not change:
            created = self.create_object(request, form)
            if created is not None:
                adopt(obj, created)
                obj._created_by_service = True
                return
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        if getattr(form.instance, "_created_by_service", False):
            # The service has set the many-to-many fields itself; only the inlines are left.
            for formset in formsets:
                self.save_formset(request, form, formset, change=change)
            return
        super().save_related(request, form, formsets, change)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # Django runs a POST inside transaction.atomic(), so by the time an error reaches
        # here everything the save did has been rolled back.
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except IntegrityError:
            err = WorkflowError("conflict", CONFLICT_MESSAGE)
        except WorkflowError as exc:
            err = exc
        messages_only = request.method != "POST" or getattr(request, "_workflow_error", None) is not None
        if messages_only:
            messages.error(request, err.message)
            if request.method == "POST":
                return redirect(request.get_full_path())
            opts = self.model._meta
            return redirect(f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_changelist")
        # Show the same form again, filled in as posted, with the refusal as its errors.
        request._workflow_error = err
        return self.changeform_view(request, object_id, form_url, extra_context)

    def changelist_view(self, request, extra_context=None):
        # Actions report refusals row by row (run_for_each); this catches any that slips through.
        try:
            return super().changelist_view(request, extra_context)
        except WorkflowError as err:
            if request.method != "POST":
                raise
            messages.error(request, err.message)
            return redirect(request.get_full_path())

    def _require_visible(self, request, object_id) -> None:
        # simple_history falls back to the history table when the row is not in get_queryset
        # (meant for deleted rows): that would show other units' records. Only the offices, who
        # see every row, may read the history of a deleted one.
        from django.contrib.admin.utils import unquote

        pk = unquote(object_id)
        if self.get_queryset(request).filter(pk=pk).exists():
            return
        if sees_everything(request.user) and not self.model._default_manager.filter(pk=pk).exists():
            return
        raise Http404(gettext("%(name)s %(key)s 不存在或无权查看。") % {"name": self.opts.verbose_name, "key": pk})

    def history_view(self, request, object_id, extra_context=None):
        self._require_visible(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # Reverting would write old state fields straight back, around the services.
        if request.method == "POST":
            raise PermissionDenied
        self._require_visible(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context)

    def revert_disabled(self, request, obj=None):
        return True

    # -- deleting ---------------------------------------------------------------------------

    def has_delete_permission(self, request, obj=None):
        return self.deletable and super().has_delete_permission(request, obj)


class NoDeleteAdmin(BaseAdmin):
    """Records that are withdrawn or dropped with a reason, never deleted (DESIGN.md §3)."""

    deletable = False


class ReadOnlyInline(admin.TabularInline):
    """Related rows shown for context on a change page; they change through their own admin."""

    extra = 0
    can_delete = False
    show_change_link = True

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_view_permission(self, request, obj=None):
        # Nothing to show on an add form.
        return obj is not None and super().has_view_permission(request, obj)

    def get_queryset(self, request):
        # Django asks for the view permission here without the parent record, which the rule
        # above reads as "an add form": ask the model permission itself instead. The rows are
        # those of a parent the user already sees.
        queryset = admin.options.BaseModelAdmin.get_queryset(self, request)
        if not super().has_view_permission(request):
            queryset = queryset.none()
        return queryset

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
