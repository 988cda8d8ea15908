"""What every admin in the project shares: history, workflow steps through services, errors as messages.

State fields are `editable=False` on the models, so the admin shows them read-only and only the
services change them. An admin whose "add" is a workflow step overrides `create_object` to call
its service; a WorkflowError (or a database conflict) raised while saving rolls the whole save
back and comes back to the user as form errors on the same, still filled-in form.
"""

from collections.abc import Callable, Iterable

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError
from django.shortcuts import redirect
from simple_history.admin import SimpleHistoryAdmin

from proposals.errors import WorkflowError

CONFLICT_MESSAGE = "保存时发生冲突（可能有人同时修改了相关记录），未作任何更改，请检查后重试。"


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


def run_for_each(modeladmin: admin.ModelAdmin, request, queryset: Iterable, step: Callable, done: str) -> None:
    """Run a workflow step on each selected row; refused rows are reported, the others go through."""
    succeeded = 0
    for obj in queryset:
        try:
            step(obj)
        except WorkflowError as err:
            modeladmin.message_user(request, f"{obj}：{err.message}", messages.ERROR)
        else:
            succeeded += 1
    if succeeded:
        modeladmin.message_user(request, f"{done}：{succeeded} 条。", messages.SUCCESS)


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

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # Reverting would write old state fields straight back, around the services.
        if request.method == "POST":
            raise PermissionDenied
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

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
