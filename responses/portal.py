"""Page-level reads for reply letters: the letter as printed, the rating form's state, public search.

The rules stay where they are: visibility in proposals.selectors, the rating window and the
one-rating rule in responses.services.feedback_record. The rating state below only tells the page
whether to offer the form and what to say when it is closed; a POST still goes through the
service, which has the last word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from proposals.models import CongressSession, HandlingUnit, ProposalStatus
from proposals.portal import iso, label
from proposals.roles import deputy_of
from proposals.selectors import feedback_visible_to, replies_public, replies_visible_to
from responses.models import Disclosure, FeedbackSubject, Rating, Reply, ReplyCategory, ReplySection, ReplyState

DISCLOSURE_MARKS = {
    Disclosure.PUBLIC: "（此件主动公开）",
    Disclosure.ON_REQUEST: "（此件依申请公开）",
    Disclosure.WITHHELD: "（此件不予公开）",
}


def official_date(day: date) -> str:
    """A date as official letters print it: 2025年5月7日."""
    return f"{day.year}年{day.month}月{day.day}日"


NUMBERED = re.compile(r"^（[一二三四五六七八九十]+）")


@dataclass
class Paragraph:
    """A paragraph of a section as printed: a numbered heading of its own ("（一）稳存育新…"), or
    a paragraph whose numbered first sentence is set in bold ("（一）关于…的建议。一是…")."""

    text: str
    lead: str = ""
    subheading: bool = False


def paragraphs(text: str) -> list[Paragraph]:
    result = []
    for block in re.split(r"\n\s*\n", text.strip()):
        block = block.strip()
        if not block:
            continue
        if NUMBERED.match(block) and "。" not in block.rstrip("。"):
            result.append(Paragraph(text=block, subheading=True))
        elif NUMBERED.match(block) and "。" in block:
            lead, _sep, rest = block.partition("。")
            result.append(Paragraph(text=rest, lead=lead + "。"))
        else:
            result.append(Paragraph(text=block))
    return result


@dataclass
class Section:
    heading: str
    paragraphs: list[Paragraph]


@dataclass
class Letter:
    """What the official layout prints besides the reply's own fields."""

    reply: Reply
    sections: list[Section]

    @property
    def disclosure_mark(self) -> str:
        return DISCLOSURE_MARKS.get(self.reply.disclosure, "")

    @property
    def cc_line(self) -> str:
        return "，".join(self.reply.cc) + "。" if self.reply.cc else ""

    @property
    def date(self) -> str:
        return official_date(self.reply.issued_on)

    @property
    def issuer(self) -> str:
        return self.reply.issuer or self.reply.unit.name


def letter_of(reply: Reply) -> Letter:
    return Letter(reply=reply, sections=[Section(s.heading, paragraphs(s.text)) for s in reply.sections.all()])


def _with_letter(queryset: QuerySet[Reply]) -> QuerySet[Reply]:
    return queryset.select_related(
        "proposal__session", "proposal__lead_deputy", "unit", "category", "replaces"
    ).prefetch_related(Prefetch("sections", ReplySection.objects.order_by("position", "id")))


def deputy_replies(*, user) -> QuerySet[Reply]:
    """Replies `user` may read in full (a deputy: every reply to their own proposals), ready to print."""
    return _with_letter(replies_visible_to(user=user)).prefetch_related(
        Prefetch("feedback", feedback_visible_to(user=user).select_related("deputy"))
    )


def public_letters() -> QuerySet[Reply]:
    """Published 主动公开 replies, newest first, ready to print."""
    return _with_letter(replies_public()).order_by("-issued_on", "-id")


# --------------------------------------------------------------------------------------------
# The rating form
# --------------------------------------------------------------------------------------------


@dataclass
class RatingState:
    """Whether the page offers the rating form to this user, and what it says."""

    shown: bool  # whether the rating block appears at all
    open: bool = False
    message: str = ""
    feedback: object | None = None
    due_on: date | None = None
    due_explanation: str = ""


def rating_state(reply: Reply, *, user, current: Reply | None, today: date | None = None) -> RatingState:
    """The rating block for `user` on `reply` (mirrors feedback_record's checks to explain a closed form)."""
    today = today or timezone.localdate()
    proposal = reply.proposal
    deputy = deputy_of(user)
    if deputy is None:
        return RatingState(shown=False)
    rating = next(
        (
            f
            for f in reply.feedback.all()
            if f.subject == FeedbackSubject.REPLY and f.deputy_id == proposal.lead_deputy_id
        ),
        None,
    )
    base = {"feedback": rating, "due_on": reply.rating_due_on, "due_explanation": reply.rating_due_explanation}
    if deputy.pk != proposal.lead_deputy_id:
        message = _("您是本建议的附议代表，可以查看答复；办理情况由领衔代表%(name)s评价。") % {
            "name": proposal.lead_deputy.name
        }
        return RatingState(shown=True, message=message, **base)
    if rating is not None:
        message = _(
            "您已于 %(day)s 评价：办理态度%(attitude)s，办理结果%(result)s。每份答复只能评价一次，评价表已关闭。"
        ) % {
            "day": iso(rating.rated_on),
            "attitude": label(Rating, rating.attitude),
            "result": label(Rating, rating.result),
        }
        return RatingState(shown=True, message=message, **base)
    if reply.state != ReplyState.ACTIVE:
        return RatingState(shown=True, message=_("该答复已撤回，不能评价。"), **base)
    if current is not None and current.pk != reply.pk:
        return RatingState(shown=True, message=_("该答复已被重新办理后的答复替代，请评价现行答复。"), **base)
    if proposal.status != ProposalStatus.REPLIED:
        message = _("本建议当前为“%(status)s”，不能评价。") % {"status": label(ProposalStatus, proposal.status)}
        return RatingState(shown=True, message=message, **base)
    if reply.rating_due_on and today > reply.rating_due_on:
        message = _("评价期限已于 %(due)s 届满，评价表已关闭。如需评价，请与代表工作机构联系。") % {
            "due": iso(reply.rating_due_on)
        }
        return RatingState(shown=True, message=message, **base)
    return RatingState(shown=True, open=True, **base)


# --------------------------------------------------------------------------------------------
# Public search
# --------------------------------------------------------------------------------------------


def public_search(
    *,
    q: str = "",
    session: CongressSession | None = None,
    unit: HandlingUnit | None = None,
    category: ReplyCategory | None = None,
) -> QuerySet[Reply]:
    """Published replies matching the words in `q` (title, document number, unit, body text) and the filters."""
    replies = replies_public().select_related("proposal__session", "unit", "category").order_by("-issued_on", "-id")
    for word in q.split():
        in_sections = ReplySection.objects.filter(reply=OuterRef("pk")).filter(
            Q(heading__icontains=word) | Q(text__icontains=word)
        )
        replies = replies.filter(
            Q(title__icontains=word)
            | Q(proposal__title__icontains=word)
            | Q(document_number__icontains=word)
            | Q(unit__name__icontains=word)
            | Q(unit__short_name__icontains=word)
            | Q(issuer__icontains=word)
            | Q(opening__icontains=word)
            | Q(closing__icontains=word)
            | Q(Exists(in_sections))
        )
    if session is not None:
        replies = replies.filter(proposal__session=session)
    if unit is not None:
        replies = replies.filter(unit=unit)
    if category is not None:
        replies = replies.filter(category=category)
    return replies


def public_filter_choices() -> dict[str, QuerySet]:
    """The sessions, units and categories that published replies have (for the filter menus)."""
    published = replies_public()
    return {
        "session": CongressSession.objects.filter(Exists(published.filter(proposal__session=OuterRef("pk")))),
        "unit": HandlingUnit.objects.filter(Exists(published.filter(unit=OuterRef("pk")))),
        "category": ReplyCategory.objects.filter(Exists(published.filter(category=OuterRef("pk")))),
    }
