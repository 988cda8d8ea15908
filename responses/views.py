"""Reply letter pages: the public list and letters (/replies/), and a deputy's own replies with the
rating form (/my/replies/<id>/). Both print in the official layout with ?print=1."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from proposals.errors import WorkflowError
from proposals.portal import iso, label
from responses.forms import RatingForm, ReplySearchForm
from responses.models import Rating, Reply
from responses.portal import deputy_replies, letter_of, public_letters, public_search, rating_state
from responses.selectors import current_reply
from responses.services import feedback_record

PER_PAGE = 20


def _printing(request) -> bool:
    return request.GET.get("print") not in (None, "", "0")


def reply_list(request):
    form = ReplySearchForm(request.GET or None)
    status = 200
    if form.is_bound and not form.is_valid():
        replies, status = Reply.objects.none(), 400
    else:
        filters = form.cleaned_data if form.is_bound else {}
        replies = public_search(
            q=filters.get("q") or "",
            session=filters.get("session"),
            unit=filters.get("unit"),
            category=filters.get("category"),
        )
    page = Paginator(replies, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    return render(request, "public/reply_list.html", context, status=status)


def reply_detail(request, pk: int):
    reply = get_object_or_404(public_letters(), pk=pk)
    context = {"reply": reply, "letter": letter_of(reply), "public": True}
    if _printing(request):
        return render(request, "letter_print.html", context)
    return render(request, "public/reply_detail.html", context)


@login_required
def my_reply(request, pk: int):
    reply = get_object_or_404(deputy_replies(user=request.user), pk=pk)
    context = {"reply": reply, "letter": letter_of(reply), "public": False}
    if _printing(request):
        return render(request, "letter_print.html", context)
    state = rating_state(reply, user=request.user, current=current_reply(reply.proposal))
    form = RatingForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            feedback = feedback_record(reply=reply, actor=request.user, **form.cleaned_data)
        except WorkflowError as exc:
            form.add_workflow_error(exc)
        else:
            values = {"attitude": label(Rating, feedback.attitude), "result": label(Rating, feedback.result)}
            messages.success(request, _("评价已提交：办理态度%(attitude)s，办理结果%(result)s。") % values)
            if feedback.is_unsatisfied:
                due = {"due": iso(feedback.rehandling_order_due_on)}
                messages.info(
                    request, _("您对办理情况不满意，代表工作机构将于 %(due)s 前决定是否交由承办单位重新办理。") % due
                )
            return redirect("responses:my_reply", pk=reply.pk)
    context |= {"state": state, "form": form}
    return render(request, "portal/reply.html", context)
