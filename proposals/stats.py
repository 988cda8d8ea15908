"""The handling figures congress offices publish (DESIGN.md §5), computed in the database.

One row per lead unit and one for the whole selection, each figure with its numerator and
denominator. Only lead assignments count (a proposal with co-handling units counts once, for its
lead unit); withdrawn replies count for nothing; a re-handled proposal counts by its first reply
for timeliness, contact and satisfaction, and by the reply in force for the category.

- 办复率 = proposals replied / proposals assigned
- 按期办复率 = first replies issued by the due date in force then (extensions counted)
  / proposals replied or past their due date
- 见面率 = first replies preceded by a recorded contact with the deputy / proposals replied
- 满意率 = first ratings of the result 满意 or 基本满意 / first ratings returned
- 解决采纳率 = replies in force whose category counts as adopted (A) / proposals replied
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone

from proposals.models import Assignment, AssignmentRole, AssignmentState, CongressSession, Contact
from proposals.roles import Role, unit_ids_of, user_roles

DEFINITIONS = {
    "reply_rate": ("办复率", "已答复的建议数 / 已交办的建议数"),
    "on_time_rate": ("按期办复率", "在当时有效期限（含批准的延期）内首次答复的建议数 / 已答复或已过答复期限的建议数"),
    "contact_rate": ("见面率", "首次答复前有沟通记录（面商、电话、座谈等）的建议数 / 已答复的建议数"),
    "satisfaction_rate": ("满意率", "首次评价办理结果为满意或基本满意的数量 / 已返回的首次评价数（未返回的不计）"),
    "adoption_rate": ("解决采纳率", "现行答复为 A 类（计入解决采纳的类别）的建议数 / 已答复的建议数"),
}


@dataclass(frozen=True)
class Figure:
    numerator: int
    denominator: int

    @property
    def rate(self) -> Decimal | None:
        """The share in percent with one decimal, or None when nothing was counted ("-")."""
        if not self.denominator:
            return None
        return (Decimal(100 * self.numerator) / self.denominator).quantize(Decimal("0.1"), ROUND_HALF_UP)

    def __str__(self):
        return "-" if self.rate is None else f"{self.rate}%"


@dataclass
class StatsRow:
    unit_id: int | None
    unit_name: str
    assigned: int = 0
    replied: int = 0
    due_or_replied: int = 0
    on_time: int = 0
    contacted: int = 0
    rated: int = 0
    satisfied: int = 0
    adopted: int = 0
    categories: dict[str, int] = field(default_factory=dict)
    open_commitments: int = 0
    overdue_commitments: int = 0

    @property
    def reply_rate(self) -> Figure:
        return Figure(self.replied, self.assigned)

    @property
    def on_time_rate(self) -> Figure:
        return Figure(self.on_time, self.due_or_replied)

    @property
    def contact_rate(self) -> Figure:
        return Figure(self.contacted, self.replied)

    @property
    def satisfaction_rate(self) -> Figure:
        return Figure(self.satisfied, self.rated)

    @property
    def adoption_rate(self) -> Figure:
        return Figure(self.adopted, self.replied)


@dataclass
class StatsTable:
    session: CongressSession | None
    categories: list[tuple[str, str]]  # (code, name)
    units: list[StatsRow]
    total: StatsRow

    @property
    def rows(self) -> list[StatsRow]:
        """The unit rows, then the total."""
        return [*self.units, self.total]


def _counts(categories, today):
    from responses.models import Feedback, FeedbackSubject, Rating, Reply, ReplyState

    active = Reply.objects.filter(proposal=OuterRef("proposal_id"), state=ReplyState.ACTIVE)
    first = active.filter(replaces__isnull=True)
    in_force = active.exclude(Exists(Reply.objects.filter(replaces=OuterRef("pk"), state=ReplyState.ACTIVE)))
    contact_before = Exists(
        first.filter(
            Exists(
                Contact.objects.filter(
                    assignment__proposal=OuterRef("proposal_id"), contacted_on__lte=OuterRef("issued_on")
                )
            )
        )
    )
    first_rating = Feedback.objects.filter(
        reply__proposal=OuterRef("proposal_id"),
        reply__replaces__isnull=True,
        reply__state=ReplyState.ACTIVE,
        subject=FeedbackSubject.REPLY,
    )
    counts = {
        "assigned": Count("pk"),
        "replied": Count("pk", filter=Q(Exists(active))),
        "due_or_replied": Count("pk", filter=Q(Exists(active)) | Q(due_on__lt=today)),
        "on_time": Count("pk", filter=Q(Exists(first.filter(issued_on__lte=F("due_on_at_issue"))))),
        "contacted": Count("pk", filter=Q(contact_before)),
        "rated": Count("pk", filter=Q(Exists(first_rating))),
        "satisfied": Count(
            "pk", filter=Q(Exists(first_rating.filter(result__in=[Rating.SATISFIED, Rating.BASICALLY_SATISFIED])))
        ),
        "adopted": Count("pk", filter=Q(Exists(in_force.filter(category__counts_as_adopted=True)))),
    }
    for code, _ in categories:
        counts[f"category_{code}"] = Count("pk", filter=Q(Exists(in_force.filter(category__code=code))))
    return counts


def handling_stats(*, user, session: CongressSession | None = None, unit_id: int | None = None) -> StatsTable:
    """The figures for `session` (all sessions when None), per lead unit and in total, restricted to
    the units `user` may see: every unit for the offices, their own unit for unit staff, and for
    deputies and the public only the sessions whose figures the office made public."""
    from responses.models import Commitment, CommitmentStatus, ReplyCategory

    today = timezone.localdate()
    categories = list(ReplyCategory.objects.filter(is_active=True).values_list("code", "name"))
    leads = Assignment.objects.filter(role=AssignmentRole.LEAD).exclude(state=AssignmentState.RETURNED)
    commitments = Commitment.objects.exclude(reply__state="withdrawn")
    if session is not None:
        leads = leads.filter(proposal__session=session)
        commitments = commitments.filter(reply__proposal__session=session)
    roles = user_roles(user)
    if roles & {Role.OFFICE, Role.SUPERVISOR}:
        pass
    elif Role.UNIT in roles:
        allowed = unit_ids_of(user)
        leads = leads.filter(unit_id__in=allowed)
        commitments = commitments.filter(responsible_unit_id__in=allowed)
    else:  # deputies and the public: the sessions whose figures the office made public
        leads = leads.filter(proposal__session__stats_public=True)
        commitments = commitments.filter(reply__proposal__session__stats_public=True)
    if unit_id is not None:
        leads = leads.filter(unit_id=unit_id)
        commitments = commitments.filter(responsible_unit_id=unit_id)

    counts = _counts(categories, today)
    closed = [CommitmentStatus.FULFILLED, CommitmentStatus.DROPPED]
    open_q = ~Q(status__in=closed)
    overdue_q = open_q & (
        Q(status=CommitmentStatus.OVERDUE) | Q(due_on__lt=today) | Q(due_on__isnull=True, target_year__lt=today.year)
    )
    commitment_counts = {"open": Count("pk", filter=open_q), "overdue": Count("pk", filter=overdue_q)}

    def row(unit_id, unit_name, values, commitment_values) -> StatsRow:
        return StatsRow(
            unit_id=unit_id,
            unit_name=unit_name,
            categories={code: values.get(f"category_{code}", 0) for code, _ in categories},
            open_commitments=commitment_values.get("open", 0),
            overdue_commitments=commitment_values.get("overdue", 0),
            **{name: values.get(name, 0) for name in counts if not name.startswith("category_")},
        )

    per_unit = {
        item["unit_id"]: item
        for item in leads.values("unit_id", "unit__name").annotate(**counts).order_by("unit__name")
    }
    commitments_per_unit = {
        item["responsible_unit_id"]: item
        for item in commitments.values("responsible_unit_id", "responsible_unit__name").annotate(**commitment_counts)
    }
    names = {k: v["unit__name"] for k, v in per_unit.items()}
    names |= {k: v["responsible_unit__name"] for k, v in commitments_per_unit.items() if k not in names}
    units = [
        row(unit, names[unit], per_unit.get(unit, {}), commitments_per_unit.get(unit, {}))
        for unit in sorted(names, key=lambda u: names[u])
    ]
    total = row(None, "合计", leads.aggregate(**counts), commitments.aggregate(**commitment_counts))
    return StatsTable(session=session, categories=categories, units=units, total=total)


def stats_sessions_visible_to(*, user):
    """Sessions whose figures `user` may see: all for office, supervision and unit staff (units
    see their own unit's rows only); for deputies and the public, those the office made public."""
    sessions = CongressSession.objects.all()
    if user_roles(user) & {Role.OFFICE, Role.SUPERVISOR, Role.UNIT}:
        return sessions
    return sessions.filter(stats_public=True)
