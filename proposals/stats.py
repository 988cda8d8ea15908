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

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.db.models import Count, Q
from django.utils import timezone

from proposals.models import Assignment, AssignmentRole, AssignmentState, CongressSession, HandlingUnit
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


LEAD_FACTS_SQL = """
WITH first_reply AS (
    SELECT r.proposal_id,
           MIN(r.issued_on) AS issued_on,
           MAX(CASE WHEN r.issued_on <= r.due_on_at_issue THEN 1 ELSE 0 END) AS on_time,
           MAX(CASE WHEN f.id IS NOT NULL THEN 1 ELSE 0 END) AS rated,
           MAX(CASE WHEN f.result IN ('satisfied', 'basically_satisfied') THEN 1 ELSE 0 END) AS satisfied
    FROM responses_reply r
    LEFT JOIN responses_feedback f ON f.reply_id = r.id AND f.subject = 'reply'
    WHERE r.state = 'active' AND r.replaces_id IS NULL
    GROUP BY r.proposal_id
),
first_contact AS (
    SELECT a.proposal_id, MIN(c.contacted_on) AS contacted_on
    FROM proposals_contact c
    JOIN proposals_assignment a ON a.id = c.assignment_id
    GROUP BY a.proposal_id
),
in_force AS (
    SELECT r.proposal_id, MIN(c.code) AS code, MAX(CASE WHEN c.counts_as_adopted THEN 1 ELSE 0 END) AS adopted
    FROM responses_reply r
    JOIN responses_replycategory c ON c.id = r.category_id
    WHERE r.state = 'active'
      AND NOT EXISTS (SELECT 1 FROM responses_reply n WHERE n.replaces_id = r.id AND n.state = 'active')
    GROUP BY r.proposal_id
)
SELECT leads.unit_id,
       COUNT(*) AS assigned,
       SUM(CASE WHEN fr.proposal_id IS NOT NULL THEN 1 ELSE 0 END) AS replied,
       SUM(CASE WHEN fr.proposal_id IS NOT NULL OR leads.due_on < %s THEN 1 ELSE 0 END) AS due_or_replied,
       SUM(COALESCE(fr.on_time, 0)) AS on_time,
       SUM(CASE WHEN fc.contacted_on <= fr.issued_on THEN 1 ELSE 0 END) AS contacted,
       SUM(COALESCE(fr.rated, 0)) AS rated,
       SUM(COALESCE(fr.satisfied, 0)) AS satisfied,
       SUM(COALESCE(inf.adopted, 0)) AS adopted{category_columns}
FROM leads
LEFT JOIN first_reply fr ON fr.proposal_id = leads.proposal_id
LEFT JOIN first_contact fc ON fc.proposal_id = leads.proposal_id
LEFT JOIN in_force inf ON inf.proposal_id = leads.proposal_id
GROUP BY leads.unit_id
"""


def _lead_facts(leads, today, codes: list[str]) -> dict[int, dict[str, int]]:
    """Per lead unit: assigned, replied, due or replied, on time, contacted, rated, satisfied,
    adopted, and category_<code> for each category code of the reply in force.

    One query: the (already filtered) lead assignments as a CTE, joined to each proposal's first
    reply, first contact and reply in force, pre-aggregated per proposal so that nothing counts twice."""
    leads_sql, leads_params = leads.values("proposal_id", "unit_id", "due_on").order_by().query.sql_with_params()
    columns_sql = "".join(
        f",\n       SUM(CASE WHEN inf.code = %s THEN 1 ELSE 0 END) AS category_{i}" for i in range(len(codes))
    )
    sql = LEAD_FACTS_SQL.replace("{category_columns}", columns_sql).replace("WITH first_reply", ", first_reply", 1)
    with connection.cursor() as cursor:
        cursor.execute(f"WITH leads AS ({leads_sql}) {sql}", [*leads_params, today, *codes])
        columns = [c[0] for c in cursor.description]
        columns = [f"category_{codes[int(c[9:])]}" if c.startswith("category_") else c for c in columns]
        return {
            row[0]: {k: int(v or 0) for k, v in zip(columns[1:], row[1:], strict=True)} for row in cursor.fetchall()
        }


def handling_stats(*, user, session: CongressSession | None = None, unit_id: int | None = None) -> StatsTable:
    """The figures for `session` (all sessions when None), per lead unit and in total, restricted to
    the units `user` may see: every unit for the offices, their own unit for unit staff, and for
    deputies and the public only the sessions whose figures the office made public.

    Four queries whatever the number of proposals (categories, the lead facts, the commitments,
    the unit names). The total is the sum of the unit rows, since every proposal
    has exactly one lead unit."""
    from responses.models import (
        Commitment,
        ReplyCategory,
        ReplyState,
    )
    from responses.selectors import OPEN_COMMITMENT, commitment_overdue

    today = timezone.localdate()
    categories = list(ReplyCategory.objects.filter(is_active=True).values_list("code", "name", "counts_as_adopted"))
    leads = Assignment.objects.filter(role=AssignmentRole.LEAD).exclude(state=AssignmentState.RETURNED)
    commitments = Commitment.objects.exclude(reply__state=ReplyState.WITHDRAWN)
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

    facts = _lead_facts(leads, today, [code for code, _, _ in categories])
    open_q = Q(status__in=OPEN_COMMITMENT)
    overdue_q = commitment_overdue(today)
    commitment_counts = {
        item["responsible_unit_id"]: item
        for item in commitments.values("responsible_unit_id")
        .annotate(open=Count("pk", filter=open_q), overdue=Count("pk", filter=overdue_q))
        .order_by()
    }
    unit_ids = set(commitment_counts) | set(facts)
    names = dict(HandlingUnit.objects.filter(pk__in=unit_ids).values_list("pk", "name"))

    units = []
    for unit in sorted(unit_ids, key=lambda u: names[u]):
        values = facts.get(unit, {})
        mix = {code: values.get(f"category_{code}", 0) for code, _, _ in categories}
        row = StatsRow(
            unit_id=unit,
            unit_name=names[unit],
            assigned=values.get("assigned", 0),
            replied=values.get("replied", 0),
            due_or_replied=values.get("due_or_replied", 0),
            on_time=values.get("on_time", 0),
            contacted=values.get("contacted", 0),
            rated=values.get("rated", 0),
            satisfied=values.get("satisfied", 0),
            adopted=values.get("adopted", 0),
            categories=mix,
            open_commitments=commitment_counts.get(unit, {}).get("open", 0),
            overdue_commitments=commitment_counts.get(unit, {}).get("overdue", 0),
        )
        units.append(row)
    total = StatsRow(unit_id=None, unit_name="合计", categories={code: 0 for code, _, _ in categories})
    for row in units:
        for name in COUNTED:
            setattr(total, name, getattr(total, name) + getattr(row, name))
        for code, n in row.categories.items():
            total.categories[code] += n
    return StatsTable(session=session, categories=[(c, n) for c, n, _ in categories], units=units, total=total)


COUNTED = (
    "assigned",
    "replied",
    "due_or_replied",
    "on_time",
    "contacted",
    "rated",
    "satisfied",
    "adopted",
    "open_commitments",
    "overdue_commitments",
)


def stats_sessions_visible_to(*, user):
    """Sessions whose figures `user` may see: all for office, supervision and unit staff (units
    see their own unit's rows only); for deputies and the public, those the office made public."""
    sessions = CongressSession.objects.all()
    if user_roles(user) & {Role.OFFICE, Role.SUPERVISOR, Role.UNIT}:
        return sessions
    return sessions.filter(stats_public=True)


def stats_scope(*, user, session: str | None = None, unit: str | None = None):
    """The sessions `user` may see figures for, and the session and unit asked for (query-string
    values). Raises WorkflowError: `forbidden` when nothing or not that may be seen, `invalid`
    (naming the parameter) for a malformed value. The first visible session is the default."""
    from proposals.errors import WorkflowError

    sessions = list(stats_sessions_visible_to(user=user))
    if not sessions:
        raise WorkflowError("forbidden", "办理统计尚未公开。")
    chosen = None
    if session:
        if not re.fullmatch(r"[0-9]{1,18}", session):
            raise WorkflowError("invalid", "会议编号须为整数。", {"session": ["会议编号须为整数。"]})
        chosen = next((s for s in sessions if s.pk == int(session)), None)
        if chosen is None:
            raise WorkflowError("forbidden", "没有权限查看该会议的办理统计，或该会议不存在。")
    else:
        chosen = sessions[0]
    unit_id = None
    if unit:
        if not re.fullmatch(r"[0-9]{1,18}", unit):
            raise WorkflowError("invalid", "承办单位编号须为整数。", {"unit": ["承办单位编号须为整数。"]})
        unit_id = int(unit)
        roles = user_roles(user)
        if Role.UNIT in roles and not roles & {Role.OFFICE, Role.SUPERVISOR} and unit_id not in unit_ids_of(user):
            raise WorkflowError("forbidden", "只能查看本单位的办理统计。")
    return sessions, chosen, unit_id
