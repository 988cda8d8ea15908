"""Forms of the reply pages: the deputy's rating and the public search. They shape input only;
the rating itself is decided by responses.services.feedback_record."""

from django import forms
from django.utils.translation import gettext_lazy

from proposals.errors import WorkflowError
from responses.models import Rating
from responses.portal import public_filter_choices

RATING_CHOICES = [(value, gettext_lazy(text)) for value, text in Rating.choices]


class RatingForm(forms.Form):
    attitude = forms.ChoiceField(label=gettext_lazy("办理态度"), choices=RATING_CHOICES, widget=forms.RadioSelect)
    result = forms.ChoiceField(label=gettext_lazy("办理结果"), choices=RATING_CHOICES, widget=forms.RadioSelect)
    comment = forms.CharField(
        label=gettext_lazy("意见和建议"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def add_workflow_error(self, exc: WorkflowError) -> None:
        """Show a refused rating as form errors: on its fields where the service named them."""
        placed = False
        for name, messages in exc.fields.items():
            if name in self.fields:
                for message in messages:
                    self.add_error(name, message)
                placed = True
        if not placed:
            self.add_error(None, exc.message)


class ReplySearchForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("关键词"), required=False, max_length=100)
    session = forms.ModelChoiceField(label=gettext_lazy("会议"), queryset=None, required=False)
    unit = forms.ModelChoiceField(label=gettext_lazy("答复单位"), queryset=None, required=False)
    category = forms.ModelChoiceField(
        label=gettext_lazy("答复类别"), queryset=None, required=False, to_field_name="code"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, queryset in public_filter_choices().items():
            self.fields[name].queryset = queryset
            self.fields[name].empty_label = gettext_lazy("全部")
