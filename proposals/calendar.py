"""The working-day calendar table and the policies stored per session, turned into the plain
objects that proposals.deadlines computes with."""

from datetime import date, timedelta

from proposals import deadlines
from proposals.models import CalendarDay, CalendarYear, CongressSession, DeadlinePolicy, DeadlineRule


def calendar_for_years(first: int, last: int) -> deadlines.TableCalendar:
    """The calendar table for years first..last (two queries)."""
    exceptions = dict(
        CalendarDay.objects.filter(date__year__gte=first, date__year__lte=last).values_list("date", "is_working_day")
    )
    official = frozenset(
        CalendarYear.objects.filter(year__gte=first, year__lte=last, is_official=True).values_list("year", flat=True)
    )
    return deadlines.TableCalendar(exceptions=exceptions, official_years=official)


CALENDAR_YEARS_AHEAD = 2  # periods run up to a year or so; the rest of the way is provisional anyway


def calendar_around(start: date) -> deadlines.TableCalendar:
    """Enough of the calendar for any period counted from `start`."""
    return calendar_for_years(start.year, start.year + CALENDAR_YEARS_AHEAD)


def policy_for(session: CongressSession | None) -> deadlines.Policy:
    """The session's policy, or the default rules where it has none (or lacks a step)."""
    if session is None:
        return deadlines.DEFAULT_POLICY
    try:
        stored = session.deadline_policy
    except DeadlinePolicy.DoesNotExist:
        return deadlines.DEFAULT_POLICY
    rules = dict(deadlines.DEFAULT_RULES)
    for rule in stored.rules.all():
        rules[rule.step] = deadlines.Rule(rule.length, rule.unit, rule.counted_from)
    return deadlines.Policy(rules=rules, roll_forward=stored.roll_forward, reminder_offsets=stored.offsets())


def policy_create_defaults(session: CongressSession) -> DeadlinePolicy:
    """Give a session an editable copy of the default rules (idempotent)."""
    policy, _ = DeadlinePolicy.objects.get_or_create(session=session)
    existing = set(policy.rules.values_list("step", flat=True))
    DeadlineRule.objects.bulk_create(
        DeadlineRule(policy=policy, step=step, length=rule.length, unit=rule.unit, counted_from=rule.counted_from)
        for step, rule in deadlines.DEFAULT_RULES.items()
        if step not in existing
    )
    return policy


def due_from(step: str, start: date, *, session: CongressSession | None) -> deadlines.Due:
    """When `step` counted from `start` falls due under `session`'s policy."""
    return deadlines.compute_due(step, start, policy=policy_for(session), calendar=calendar_around(start))


def due_for(step: str, *, session: CongressSession, events: dict[str, date | None]) -> deadlines.Due:
    """When `step` falls due, counted from whichever event the session's policy names for it
    (e.g. 交办 by default, or the session's closing day where a place counts from that)."""
    from proposals.errors import WorkflowError

    policy = policy_for(session)
    counted_from = policy.rules[step].counted_from
    events = {"session_close": session.closed_on, **events}
    start = events.get(counted_from)
    if start is None:
        event = deadlines.EVENT_LABELS.get(counted_from, counted_from)
        raise WorkflowError(
            "invalid", f"{session}的期限规则从“{event}”起算，但还没有这个日期（如会议的闭幕日期），无法计算期限。"
        )
    try:
        return deadlines.compute_due(step, start, policy=policy, calendar=calendar_around(start))
    except ValueError as exc:  # e.g. a date outside what the lunar calendar library knows
        raise WorkflowError("invalid", f"无法计算期限：{exc}") from exc


def seed_from_chinesecalendar(
    first: int | None = None, last: int | None = None, *, day_model=CalendarDay, year_model=CalendarYear
) -> dict[str, int]:
    """Load the official calendar the installed chinesecalendar knows (2004-2026 in 1.11) into the
    table: holidays on weekdays and working weekends (调休), and mark those years official.
    Staff-entered days of years chinesecalendar does not know are left alone. (The model
    arguments let the data migration pass its historical models.)"""
    from importlib.metadata import version

    import chinese_calendar

    known = sorted({d.year for d in chinese_calendar.holidays} | {d.year for d in chinese_calendar.workdays})
    first = max(first or known[0], known[0])
    last = min(last or known[-1], known[-1])
    source = f"chinesecalendar {version('chinesecalendar')}"
    created = updated = 0
    for year in range(first, last + 1):
        day = date(year, 1, 1)
        wanted = {}
        while day.year == year:
            working = chinese_calendar.is_workday(day)
            if working != (day.weekday() < 5):
                _, name = chinese_calendar.get_holiday_detail(day)
                wanted[day] = (working, _holiday_name(name))
            day += timedelta(days=1)
        stored = {d.date: d for d in day_model.objects.filter(date__year=year)}
        for d, (working, name) in wanted.items():
            row = stored.pop(d, None)
            if row is None:
                day_model.objects.create(date=d, is_working_day=working, name=name)
                created += 1
            elif (row.is_working_day, row.name) != (working, name):
                row.is_working_day, row.name = working, name
                row._change_reason = f"按{source}更新"
                row.save()
                updated += 1
        for row in stored.values():  # a day the official calendar treats as ordinary
            row.delete()
            updated += 1
        year_model.objects.update_or_create(year=year, defaults={"is_official": True, "source": source})
    return {"years": last - first + 1, "created": created, "updated": updated}


HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


def _holiday_name(name: str | None) -> str:
    if not name:
        return ""
    return HOLIDAY_NAMES.get(name, name)
