"""The admin's "导入答复函" (import a reply letter) pages, as a mixin for ReplyAdmin.

Two steps on one URL (…/responses/reply/import/): upload a .txt/.docx letter or paste its
text and pick the proposal; then check the extracted fields beside the original text (fields
the importer is unsure of are marked), correct them and confirm. Only the confirmation writes,
through reply_record_from_letter (reply_record plus the targets, one transaction). The uploaded
file waits in storage under letter_imports/ until then and is kept as the reply's original.
"""

from __future__ import annotations

import json
import uuid
from datetime import date

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from industry.models import Indicator
from proposals.admin_utils import LinesField, workflow_validation_error
from proposals.errors import WorkflowError
from proposals.models import Proposal
from proposals.selectors import proposals_visible_to
from responses.letters import LetterError, parse_letter, read_upload
from responses.letters_service import reply_record_from_letter
from responses.models import Disclosure, ReplyCategory

PENDING_DIR = "letter_imports"
# Form field -> the parser's name for it (Letter.unsure keys).
UNSURE_ALIASES = {"addressee": "deputy", "proposal": "proposal_number"}
SIGNING_SALT = "responses.letter_import"


class ProposalChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.session.name} 第{obj.number}号 {obj.title}"


class LetterUploadForm(forms.Form):
    proposal = ProposalChoiceField(
        label="所答复的建议",
        queryset=Proposal.objects.none(),
        required=False,
        help_text="留空则按函件中的会议和编号查找。",
    )
    file = forms.FileField(label="答复函文件", required=False, help_text="文本（UTF-8 或 GB18030）或 Word .docx。")
    text = forms.CharField(label="或粘贴函件文字", required=False, widget=forms.Textarea(attrs={"rows": 12}))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposal"].queryset = proposals_visible_to(user=user).select_related("session")

    def clean(self):
        cleaned = super().clean()
        upload, text = cleaned.get("file"), (cleaned.get("text") or "").strip()
        if not upload and not text:
            raise forms.ValidationError("请上传答复函文件，或粘贴函件文字。")
        if upload and text:
            raise forms.ValidationError("请只上传文件或只粘贴文字，不要同时提供。")
        try:
            cleaned["letter_text"] = read_upload(upload) if upload else text
            cleaned["letter"] = parse_letter(cleaned["letter_text"])
        except LetterError as err:
            self.add_error("file" if upload else "text", err.message)
        return cleaned


class SectionForm(forms.Form):
    heading = forms.CharField(label="标题", max_length=200)
    text = forms.CharField(label="正文", widget=forms.Textarea(attrs={"rows": 4}))


class MeasureForm(forms.Form):
    point = forms.CharField(label="针对的建议", max_length=300, required=False)
    text = forms.CharField(label="措施与成效", widget=forms.Textarea(attrs={"rows": 3}))


class CommitmentForm(forms.Form):
    text = forms.CharField(label="承诺事项", widget=forms.Textarea(attrs={"rows": 3}))
    due_on = forms.DateField(label="完成期限", required=False)
    target_year = forms.IntegerField(label="目标年份", required=False, min_value=2000, max_value=2100)


class TargetForm(forms.Form):
    indicator = forms.CharField(label="指标", max_length=100)
    region = forms.CharField(label="地区", max_length=50)
    value = forms.DecimalField(label="目标值", max_digits=16, decimal_places=4)
    unit = forms.CharField(label="单位", max_length=20)
    year = forms.IntegerField(label="年份", min_value=2000, max_value=2100)
    commitment = forms.IntegerField(label="对应承诺序号", required=False, min_value=1)


def _formset(form, prefix, data=None, initial=None):
    formset_class = forms.formset_factory(form, extra=0, can_delete=True)
    return formset_class(data=data, initial=initial, prefix=prefix)


class LetterConfirmForm(forms.Form):
    proposal = forms.ModelChoiceField(label="所答复的建议", queryset=Proposal.objects.none())
    document_number = forms.CharField(label="文号", max_length=100)
    category = forms.ModelChoiceField(label="答复类别", queryset=ReplyCategory.objects.filter(is_active=True))
    issued_on = forms.DateField(label="答复日期")
    disclosure = forms.ChoiceField(label="公开属性", choices=Disclosure.choices)
    title = forms.CharField(label="标题", max_length=300, required=False)
    addressee = forms.CharField(label="主送", max_length=200, required=False)
    issuer = forms.CharField(label="发文机关", max_length=100, required=False)
    signer = forms.CharField(label="领导署名", max_length=50, required=False)
    contact_person = forms.CharField(label="联系人", max_length=50, required=False)
    contact_phone = forms.CharField(label="联系电话", max_length=50, required=False)
    cc = LinesField(label="抄送", required=False, help_text="每行一个单位。")
    opening = forms.CharField(label="开头", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    closing = forms.CharField(label="结束语", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    pending = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposal"].queryset = proposals_visible_to(user=user).select_related("session")

    def clean_pending(self):
        try:
            return signing.loads(self.cleaned_data["pending"], salt=SIGNING_SALT)
        except signing.BadSignature as exc:
            raise forms.ValidationError("导入数据已失效，请重新上传。") from exc


def _letter_initial(letter, proposal) -> dict:
    fields = letter.reply_fields()
    category = ReplyCategory.objects.filter(code=letter.category, is_active=True).first() if letter.category else None
    return {
        "proposal": proposal.pk if proposal else None,
        "document_number": fields["document_number"],
        "category": category.pk if category else None,
        "issued_on": fields["issued_on"],
        "disclosure": fields["disclosure"] or Disclosure.PUBLIC,
        **{key: fields[key] for key in ("title", "addressee", "issuer", "signer", "contact_person", "contact_phone")},
        "cc": fields["cc"],
        "opening": fields["opening"],
        "closing": fields["closing"],
    }


def _target_initial(letter) -> list[dict]:
    names = {t["indicator"] for t in letter.targets}
    regions: dict[str, set[str]] = {}
    for name, region in Indicator.objects.filter(name__in=names).values_list("name", "region"):
        regions.setdefault(name, set()).add(region)
    rows = []
    for target in letter.targets:
        known = regions.get(target["indicator"], set())
        rows.append(
            {
                "indicator": target["indicator"],
                "region": next(iter(known)) if len(known) == 1 else "",
                "value": target["value"],
                "unit": target["unit"],
                "year": target["year"],
                "commitment": target["commitment"] + 1,
            }
        )
    return rows


def _commitment_initial(letter) -> list[dict]:
    return [
        {
            "text": c["text"],
            "due_on": c["due"] if isinstance(c["due"], date) else None,
            "target_year": c["due"] if isinstance(c["due"], int) else None,
        }
        for c in letter.commitments
    ]


class LetterImportMixin:
    """Adds "导入答复函" to a Reply ModelAdmin: upload or paste, check, confirm."""

    change_list_template = "admin/responses/reply/import_change_list.html"

    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        urls = [path("import/", self.admin_site.admin_view(self.import_letter_view), name="{}_{}_import".format(*info))]
        return urls + super().get_urls()

    def import_letter_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        if request.method == "POST" and "confirm" in request.POST:
            return self._confirm_step(request)
        form = LetterUploadForm(request.POST or None, request.FILES or None, user=request.user)
        if request.method == "POST" and form.is_valid():
            return self._check_step(request, form)
        return self._render(request, "import_upload.html", {"form": form})

    # -- step 2: the fields beside the original text ----------------------------------------

    def _check_step(self, request, upload_form):
        text = upload_form.cleaned_data["letter_text"]
        letter = upload_form.cleaned_data["letter"]
        proposal = upload_form.cleaned_data.get("proposal") or self._find_proposal(request, letter)
        upload = upload_form.cleaned_data.get("file")
        name = upload.name if upload else "letter.txt"
        content = upload.read() if upload else text.encode("utf-8")
        stored = default_storage.save(f"{PENDING_DIR}/{uuid.uuid4().hex}/{name}", ContentFile(content))
        pending = signing.dumps({"file": stored, "text": text, "unsure": letter.unsure}, salt=SIGNING_SALT)
        form = LetterConfirmForm(initial={**_letter_initial(letter, proposal), "pending": pending}, user=request.user)
        formsets = {
            "sections": _formset(SectionForm, "sections", initial=letter.reply_fields()["sections"]),
            "measures": _formset(MeasureForm, "measures", initial=letter.measures),
            "commitments": _formset(CommitmentForm, "commitments", initial=_commitment_initial(letter)),
            "targets": _formset(TargetForm, "targets", initial=_target_initial(letter)),
        }
        if letter.category and form.initial["category"] is None:
            letter.unsure["category"] = f"函件印的类别“{letter.category}”不在启用的答复类别中。"
        if proposal is None:
            letter.unsure["proposal"] = "没有找到函件所答复的建议，请选择。"
        return self._render_check(request, form, formsets, text, letter.unsure)

    def _find_proposal(self, request, letter):
        if not letter.proposal_number:
            return None
        candidates = proposals_visible_to(user=request.user).filter(number=letter.proposal_number)
        if letter.session:
            narrowed = candidates.filter(session__name=letter.session)
            candidates = narrowed if narrowed.exists() else candidates
        found = list(candidates[:2])
        return found[0] if len(found) == 1 else None

    # -- step 3: confirm -------------------------------------------------------------------

    def _confirm_step(self, request):
        form = LetterConfirmForm(request.POST, user=request.user)
        formsets = {
            "sections": _formset(SectionForm, "sections", data=request.POST),
            "measures": _formset(MeasureForm, "measures", data=request.POST),
            "commitments": _formset(CommitmentForm, "commitments", data=request.POST),
            "targets": _formset(TargetForm, "targets", data=request.POST),
        }
        valid = form.is_valid() & all([fs.is_valid() for fs in formsets.values()])
        pending = form.cleaned_data.get("pending") if valid else _unsigned(request.POST.get("pending", ""))
        if valid:
            rows = {
                name: [f.cleaned_data for f in fs.forms if not f.cleaned_data.get("DELETE")]
                for name, fs in formsets.items()
            }
            data = form.cleaned_data
            try:
                with default_storage.open(pending["file"]) as original:
                    reply = reply_record_from_letter(
                        proposal=data["proposal"],
                        actor=request.user,
                        document_number=data["document_number"],
                        category=data["category"],
                        issued_on=data["issued_on"],
                        disclosure=data["disclosure"],
                        title=data["title"],
                        addressee=data["addressee"],
                        issuer=data["issuer"],
                        signer=data["signer"],
                        contact_person=data["contact_person"],
                        contact_phone=data["contact_phone"],
                        cc=data["cc"],
                        opening=data["opening"],
                        closing=data["closing"],
                        original_file=ContentFile(original.read(), name=pending["file"].rsplit("/", 1)[-1]),
                        sections=[{"heading": r["heading"], "text": r["text"]} for r in rows["sections"]],
                        measures=[{"point": r["point"], "text": r["text"]} for r in rows["measures"]],
                        commitments=[
                            {"text": r["text"], "due_on": r["due_on"], "target_year": r["target_year"]}
                            for r in rows["commitments"]
                        ],
                        targets=[{**r, "wording": ""} for r in rows["targets"]],
                    )
            except WorkflowError as err:
                form.add_error(None, workflow_validation_error(err, form))
            except FileNotFoundError:
                form.add_error(None, "导入的原件已不在服务器上，请重新上传。")
            else:
                default_storage.delete(pending["file"])
                self.message_user(request, f"已按导入的答复函保存答复 {reply.document_number}。", messages.SUCCESS)
                info = self.model._meta.app_label, self.model._meta.model_name
                return redirect(reverse("admin:{}_{}_change".format(*info), args=[reply.pk]))
        return self._render_check(
            request, form, formsets, (pending or {}).get("text", ""), (pending or {}).get("unsure", {})
        )

    # -- rendering -------------------------------------------------------------------------

    def _render_check(self, request, form, formsets, text, unsure):
        rows = []
        for name in form.fields:
            if name == "pending":
                continue
            alias = UNSURE_ALIASES.get(name, name)
            rows.append({"field": form[name], "unsure": unsure.get(name) or unsure.get(alias)})
        context = {
            "form": form,
            "rows": rows,
            "formsets": formsets,
            "original_text": text,
            "unsure": unsure,
            "unsure_json": json.dumps(unsure, ensure_ascii=False),
        }
        return self._render(request, "import_check.html", context)

    def _render(self, request, template, context):
        opts = self.model._meta
        return TemplateResponse(
            request,
            f"admin/{opts.app_label}/{opts.model_name}/{template}",
            {
                **self.admin_site.each_context(request),
                "opts": opts,
                "title": "导入答复函",
                "import_url": request.path,
                "has_view_permission": self.has_view_permission(request),
                **context,
            },
        )


def _unsigned(value: str) -> dict | None:
    try:
        return signing.loads(value, salt=SIGNING_SALT)
    except signing.BadSignature:
        return None
