"""Page-level reads for the deputy portal: what a proposal's standing is in words, and its timeline.

Nothing here decides anything: who sees what comes from proposals.selectors, what may happen next
from the services. These helpers only put what the selectors return into sentences and dates a
deputy can read at a glance. Choice labels are Chinese in the models; gettext turns them into the
page language (the English catalog carries them as msgids).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from proposals.models import (
    Assignment,
    AssignmentRole,
    AssignmentState,
    ContactKind,
    ExtensionState,
    Proposal,
    ProposalStatus,
)
from proposals.roles import deputy_of
from proposals.selectors import (
    assignments_visible_to,
    commitments_visible_to,
    contacts_visible_to,
    feedback_visible_to,
    progress_updates_visible_to,
    proposals_visible_to,
    replies_visible_to,
)

# The model choice labels, listed so that makemessages keeps them in the English catalog.
CHOICE_LABELS = (
    gettext_noop("已登记"),
    gettext_noop("已交办"),
    gettext_noop("办理中"),
    gettext_noop("已答复"),
    gettext_noop("重新办理"),
    gettext_noop("已办结"),
    gettext_noop("主办"),
    gettext_noop("协办"),
    gettext_noop("面商"),
    gettext_noop("电话沟通"),
    gettext_noop("座谈会"),
    gettext_noop("实地调研"),
    gettext_noop("其他"),
    gettext_noop("满意"),
    gettext_noop("基本满意"),
    gettext_noop("不满意"),
    gettext_noop("主动公开"),
    gettext_noop("依申请公开"),
    gettext_noop("不予公开"),
    gettext_noop("计划中"),
    gettext_noop("推进中"),
    gettext_noop("已兑现"),
    gettext_noop("已逾期"),
    gettext_noop("已终止"),
    gettext_noop("答复"),
    gettext_noop("承诺事项落实"),
)

OPEN = (ProposalStatus.ASSIGNED, ProposalStatus.IN_PROGRESS, ProposalStatus.REHANDLING)


def label(choices, value) -> str:
    """A choice's label in the page language."""
    return _(str(choices(value).label)) if value in choices.values else str(value)


def iso(day: date | None) -> str:
    return f"{day:%Y-%m-%d}" if day else ""


# --------------------------------------------------------------------------------------------
# Reading a deputy's proposals (through the selectors, with everything a page shows prefetched)
# --------------------------------------------------------------------------------------------


def portal_proposals(*, user, details: bool = False) -> QuerySet[Proposal]:
    """The proposals `user` may see, with what the list (or, with `details`, the proposal page)
    shows prefetched: a constant number of queries whatever the number of proposals."""
    replies = replies_visible_to(user=user).select_related("category", "unit").order_by("-issued_on", "-id")
    reply_prefetches = [Prefetch("feedback", feedback_visible_to(user=user).select_related("deputy"))]
    if details:
        progress = progress_updates_visible_to(user=user).order_by("-reported_on", "-id")
        commitments = (
            commitments_visible_to(user=user)
            .select_related("responsible_unit")
            .prefetch_related(Prefetch("progress_updates", progress))
            .order_by("position", "id")
        )
        reply_prefetches.append(Prefetch("commitments", commitments))
    return (
        proposals_visible_to(user=user)
        .select_related("session", "lead_deputy")
        .prefetch_related(
            "co_deputies",
            Prefetch("assignments", assignments_visible_to(user=user).select_related("unit").order_by("role", "id")),
            Prefetch(
                "assignments__contacts", contacts_visible_to(user=user).order_by("contacted_on", "id"), "all_contacts"
            ),
            Prefetch("replies", replies.prefetch_related(*reply_prefetches)),
        )
        .order_by("-session__term", "-session__sitting", "number")
    )


def deputy_relation(proposal: Proposal, user) -> str:
    """领衔 or 附议 for the deputy looking at the page; empty for staff."""
    deputy = deputy_of(user)
    if deputy is None:
        return ""
    if deputy.pk == proposal.lead_deputy_id:
        return _("领衔")
    if any(d.pk == deputy.pk for d in proposal.co_deputies.all()):
        return _("附议")
    return ""


def current_reply_of(proposal: Proposal):
    """The reply in force, from the prefetched replies (same rule as responses.selectors.current_reply)."""
    from responses.models import ReplyState

    return next((r for r in proposal.replies.all() if r.state == ReplyState.ACTIVE), None)


def reply_rating(reply):
    """The lead deputy's rating of the reply itself (not of the commitments), from prefetched feedback."""
    from responses.models import FeedbackSubject

    if reply is None:
        return None
    return next(
        (
            f
            for f in reply.feedback.all()
            if f.subject == FeedbackSubject.REPLY and f.deputy_id == reply.proposal.lead_deputy_id
        ),
        None,
    )


# --------------------------------------------------------------------------------------------
# Standing: status in words, the date that matters next, days left
# --------------------------------------------------------------------------------------------


@dataclass
class Standing:
    words: str
    lead_unit: object | None = None
    co_units: list = field(default_factory=list)
    reply: object | None = None
    rating: object | None = None
    due_on: date | None = None
    due_label: str = ""
    due_explanation: str = ""
    due_confirmed: bool = True
    days_left: int | None = None

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0

    @property
    def days_text(self) -> str:
        if self.days_left is None:
            return ""
        if self.days_left == 0:
            return _("今天到期")
        if self.days_left > 0:
            return ngettext("还剩 %(n)s 天", "还剩 %(n)s 天", self.days_left) % {"n": self.days_left}
        days = -self.days_left
        return ngettext("已逾期 %(n)s 天", "已逾期 %(n)s 天", days) % {"n": days}


def standing_of(proposal: Proposal, *, today: date | None = None) -> Standing:
    """Where the proposal stands, e.g. "已交办，湖里区人民政府办理中，2025-05-12 前答复"."""
    today = today or timezone.localdate()
    active = [a for a in proposal.assignments.all() if a.state != AssignmentState.RETURNED]
    lead = next((a for a in active if a.role == AssignmentRole.LEAD), None)
    co_units = [a.unit for a in active if a.role == AssignmentRole.CO_HANDLING]
    reply = current_reply_of(proposal)
    rating = reply_rating(reply)
    standing = Standing(words="", lead_unit=lead.unit if lead else None, co_units=co_units, reply=reply, rating=rating)
    status = proposal.status
    unit = lead.unit.name if lead else ""

    def due(on, text, explanation, confirmed=True):
        standing.due_on, standing.due_label = on, text
        standing.due_explanation, standing.due_confirmed = explanation, confirmed
        standing.days_left = (on - today).days if on else None

    if status == ProposalStatus.REGISTERED:
        standing.words = _("已登记，等待交办")
    elif status in OPEN and lead is not None:
        due(lead.due_on, _("答复期限"), lead.due_explanation, lead.due_confirmed)
        values = {"unit": unit, "due": iso(lead.due_on)}
        if status == ProposalStatus.ASSIGNED:
            standing.words = _("已交办，%(unit)s待签收，%(due)s 前答复") % values
        elif status == ProposalStatus.REHANDLING:
            standing.words = _("重新办理中，%(unit)s办理，%(due)s 前重新答复") % values
        else:
            standing.words = _("已交办，%(unit)s办理中，%(due)s 前答复") % values
        if standing.overdue:
            standing.words = _("已交办，%(unit)s办理中，已超过答复期限（%(due)s）") % values
    elif status == ProposalStatus.REPLIED and reply is not None:
        values = {"unit": reply.unit.name, "category": reply.category.name, "due": iso(reply.rating_due_on)}
        if rating is None:
            due(reply.rating_due_on, _("评价期限"), reply.rating_due_explanation, reply.rating_due_confirmed)
            if standing.days_left is not None and standing.days_left < 0:
                standing.words = _("%(unit)s已答复（%(category)s），评价期限已过") % values
                standing.days_left = None
            else:
                standing.words = _("%(unit)s已答复（%(category)s），请于 %(due)s 前评价") % values
        else:
            standing.words = _("%(unit)s已答复（%(category)s），代表评价不满意，等待代表工作机构交由重新办理") % values
    elif status == ProposalStatus.CLOSED and reply is not None:
        values = {"category": reply.category.name, "result": label_rating(rating.result) if rating else ""}
        if rating:
            standing.words = _("已办结（%(category)s，办理结果%(result)s）") % values
        else:
            standing.words = _("已办结（%(category)s）") % values
    else:
        standing.words = label(ProposalStatus, status)
    return standing


def label_rating(value: str) -> str:
    from responses.models import Rating

    return label(Rating, value)


# --------------------------------------------------------------------------------------------
# Timeline
# --------------------------------------------------------------------------------------------


@dataclass
class DueNote:
    """A due date with how it was computed (as the services stored it)."""

    on: date
    explanation: str
    confirmed: bool = True
    text: str = ""


@dataclass
class Event:
    on: date
    kind: str
    title: str
    lines: list[str] = field(default_factory=list)
    due: DueNote | None = None
    reply: object | None = None
    order: int = 0


def assignment_history(proposal: Proposal) -> dict[int, list]:
    """Every saved version of the proposal's visible assignments, oldest first (one query).

    The rows keep the due dates that later steps replaced: the original reply deadline before an
    extension, and each order to re-handle with its deadline.
    """
    ids = [a.pk for a in proposal.assignments.all()]
    rows: dict[int, list] = {pk: [] for pk in ids}
    if not ids:
        return rows
    for row in Assignment.history.filter(id__in=ids).order_by("history_date", "history_id"):
        rows[row.id].append(row)
    return rows


def _first_due(rows: list, steps: tuple[str, ...]):
    """The last version of an assignment's due date computed for one of `steps` (after recomputes)."""
    matching = [r for r in rows if r.due_step in steps]
    return matching[-1] if matching else None


def timeline(proposal: Proposal, *, history: dict[int, list] | None = None) -> list[Event]:
    """What happened to the proposal, oldest first; each due date carries its explanation.

    Without `history` (the list page) the events come from the current rows only: enough for
    the latest event, not for deadlines that a later step replaced.
    """
    from responses.models import Disclosure, FeedbackSubject, Rating, ReplyState

    history = history or {}
    events: list[Event] = []
    co_names = "、".join(d.name for d in proposal.co_deputies.all())
    lines = [_("领衔代表：%(name)s") % {"name": proposal.lead_deputy.name}]
    if co_names:
        lines.append(_("附议代表：%(names)s") % {"names": co_names})
    events.append(Event(proposal.submitted_on, "submitted", _("提出建议"), lines, order=0))

    for a in proposal.assignments.all():
        rows = history.get(a.pk, [])
        role = label(AssignmentRole, a.role)
        first = _first_due(rows, ("reply", "co_handling_opinion"))
        if first is not None:
            original = DueNote(first.due_on, first.due_explanation, first.due_confirmed)
        else:
            original = DueNote(a.due_on, a.due_explanation, a.due_confirmed)
        original.text = _("答复期限") if a.role == AssignmentRole.LEAD else _("提出协办意见期限")
        title = _("交办给%(unit)s（%(role)s）") % {"unit": a.unit.name, "role": role}
        events.append(Event(a.assigned_on, "assigned", title, due=original, order=1))
        if a.signed_on:
            events.append(Event(a.signed_on, "signed", _("%(unit)s签收") % {"unit": a.unit.name}, order=2))
        if a.returned_on:
            lines = [_("理由：%(reason)s") % {"reason": a.return_reason}] if a.return_reason else []
            events.append(Event(a.returned_on, "returned", _("%(unit)s退回") % {"unit": a.unit.name}, lines, order=2))
        if a.extension_requested_on:
            lines = [_("理由：%(reason)s") % {"reason": a.extension_reason}]
            lines.append(_("申请延至：%(due)s") % {"due": iso(a.extension_due_on)})
            state = {
                ExtensionState.REQUESTED: _("等待代表工作机构审批"),
                ExtensionState.REFUSED: _("代表工作机构未同意延期"),
            }.get(a.extension_state)
            if state:
                lines.append(state)
            title = _("%(unit)s申请延期答复") % {"unit": a.unit.name}
            events.append(Event(a.extension_requested_on, "extension", title, lines, order=3))
        approvals = [r for r in rows if r.due_step == "extension"]
        if a.extension_state == ExtensionState.APPROVED:
            approved = approvals[-1] if approvals else a
            note = DueNote(approved.due_on, approved.due_explanation, approved.due_confirmed, _("新的答复期限"))
            day = approved.due_start or a.extension_requested_on
            events.append(Event(day, "extension_approved", _("同意延期答复"), due=note, order=4))
        orders = {}
        for r in rows:
            if r.due_step == "rehandling_reply" and r.due_start:
                orders[r.due_start] = r
        if a.due_step == "rehandling_reply" and a.due_start:
            orders[a.due_start] = a
        for day, r in sorted(orders.items()):
            note = DueNote(r.due_on, r.due_explanation, r.due_confirmed, _("重新答复期限"))
            title = _("交由%(unit)s重新办理") % {"unit": a.unit.name}
            events.append(Event(day, "rehandling", title, due=note, order=7))
        for c in getattr(a, "all_contacts", []):
            lines = [x for x in (c.participants, c.notes) if x]
            title = _("%(kind)s：%(unit)s与代表沟通") % {"kind": label(ContactKind, c.kind), "unit": a.unit.name}
            events.append(Event(c.contacted_on, "contact", title, lines, order=3))

    for r in sorted(proposal.replies.all(), key=lambda r: (r.issued_on, r.pk)):
        lines = [
            _("文号：%(number)s") % {"number": r.document_number},
            _("答复类别：%(category)s") % {"category": r.category.name},
        ]
        if r.signer:
            lines.append(_("领导署名：%(signer)s") % {"signer": r.signer})
        lines.append(_("公开属性：%(disclosure)s") % {"disclosure": label(Disclosure, r.disclosure)})
        if r.state == ReplyState.WITHDRAWN:
            lines.append(_("该答复已撤回：%(reason)s") % {"reason": r.withdrawn_reason})
        note = None
        if r.rating_due_on:
            note = DueNote(r.rating_due_on, r.rating_due_explanation, r.rating_due_confirmed, _("代表评价期限"))
        title = _("%(unit)s答复") % {"unit": r.unit.name}
        events.append(Event(r.issued_on, "reply", title, lines, due=note, reply=r, order=5))
        for f in r.feedback.all():
            lines = [
                _("办理态度：%(rating)s") % {"rating": label(Rating, f.attitude)},
                _("办理结果：%(rating)s") % {"rating": label(Rating, f.result)},
            ]
            if f.comment:
                lines.append(_("意见：%(comment)s") % {"comment": f.comment})
            note = None
            if f.rehandling_order_due_on:
                note = DueNote(
                    f.rehandling_order_due_on,
                    f.rehandling_order_due_explanation,
                    f.rehandling_order_due_confirmed,
                    _("代表工作机构决定重新办理的期限"),
                )
            if f.subject == FeedbackSubject.REPLY:
                title = _("%(name)s代表评价答复") % {"name": f.deputy.name}
            else:
                title = _("%(name)s代表评价承诺事项落实情况") % {"name": f.deputy.name}
            events.append(Event(f.rated_on, "rating", title, lines, due=note, order=6))
    events.sort(key=lambda e: (e.on, e.order))
    return events
