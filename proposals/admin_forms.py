"""The small forms admin actions ask for before they call a workflow service, and the register import."""

from django import forms
from django.utils.translation import gettext_lazy as _

from proposals.models import CongressSession
from proposals.services import today


class ReturnForm(forms.Form):
    """申请退回: why the unit should not handle this proposal."""

    reason = forms.CharField(label=_("退回理由"), widget=forms.Textarea(attrs={"rows": 3}))


class ExtensionRequestForm(forms.Form):
    """申请延期: a reason and the date asked for."""

    due_on = forms.DateField(label=_("申请延至"), help_text=_("格式：2027-02-28。不能超过延期上限。"))
    reason = forms.CharField(label=_("延期理由"), widget=forms.Textarea(attrs={"rows": 3}))


class RehandlingForm(forms.Form):
    """交由重新办理: the day of the order (today unless entered late)."""

    ordered_on = forms.DateField(label=_("交办重新办理日期"), initial=today)


class RegisterImportForm(forms.Form):
    """The congress office's proposal register (建议交办登记表) as XLSX or CSV."""

    session = forms.ModelChoiceField(CongressSession.objects.all(), label=_("会议"))
    file = forms.FileField(
        label=_("登记表文件"),
        help_text=_(
            "XLSX 或 CSV（UTF-8 或 GBK），首行为列名："
            "编号、标题、领衔代表、附议代表、主办单位、协办单位、交办日期"
            "（可选：提出日期、所属领域、重点建议、建议内容）。"
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("只能导入 .xlsx 或 .csv 文件。"))
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("文件不能超过 5 MB。"))
        return upload
