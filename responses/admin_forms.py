"""The small forms admin actions ask for before they call a reply or commitment service."""

from django import forms
from django.utils.translation import gettext_lazy as _


class WithdrawReplyForm(forms.Form):
    """撤回答复: the reply stays visible, marked withdrawn with this reason."""

    reason = forms.CharField(label=_("撤回理由"), widget=forms.Textarea(attrs={"rows": 3}))


class DropCommitmentForm(forms.Form):
    """终止承诺事项: why it will not be done (the commitment stays on the record)."""

    reason = forms.CharField(label=_("终止理由"), widget=forms.Textarea(attrs={"rows": 3}))
