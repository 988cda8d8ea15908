"""Statutory due dates, computed from a per-session policy and the working-day calendar.

Pure computation: no models, no queries. Callers pass a Policy (proposals.models turns a
session's DeadlinePolicy into one) and a Calendar (proposals.calendar builds one from the
calendar table).

Counting follows the Civil Code's rules for periods (Art. 201-203): the start day is not
counted; a month period ends on the same day number of the target month, or on that month's
last day when it has none (30 November + 3 months = 28 February, which relativedelta's
clamping gives); a working-day period ends on the Nth working day after the start day. A
month period that ends on a non-working day rolls to the next working day when the policy says
so.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from typing import Protocol

from dateutil.relativedelta import relativedelta

MONTHS = "months"
WORKING_DAYS = "working_days"

# The event a period counts from; the label is how an explanation names it.
EVENT_LABELS = {
    "assignment": "交办",
    "session_close": "闭会",
    "reply": "答复",
    "rating": "评价",
    "rehandling_order": "交由重新办理",
    "extension": "延期批准",
}


@dataclass(frozen=True)
class Rule:
    length: int
    unit: str  # MONTHS or WORKING_DAYS
    counted_from: str  # a key of EVENT_LABELS


# Xiamen 2025 rules on handling deputy suggestions, Art. 27-29, and 代表法 Art. 51.
DEFAULT_RULES: Mapping[str, Rule] = {
    "reply": Rule(3, MONTHS, "assignment"),
    "extended_reply": Rule(6, MONTHS, "assignment"),
    "co_handling_opinion": Rule(2, MONTHS, "assignment"),
    "return_request": Rule(5, WORKING_DAYS, "assignment"),
    "rating": Rule(15, WORKING_DAYS, "reply"),
    "rehandling_order": Rule(5, WORKING_DAYS, "rating"),
    "rehandling_reply": Rule(1, MONTHS, "rehandling_order"),
    "publication": Rule(20, WORKING_DAYS, "reply"),
}
STEPS = tuple(DEFAULT_RULES)
DEFAULT_REMINDER_OFFSETS = (30, 14, 7, 3, 1)


@dataclass(frozen=True)
class Policy:
    rules: Mapping[str, Rule] = field(default_factory=lambda: dict(DEFAULT_RULES))
    roll_forward: bool = True
    reminder_offsets: tuple[int, ...] = DEFAULT_REMINDER_OFFSETS


DEFAULT_POLICY = Policy()


class Calendar(Protocol):
    def is_working_day(self, day: date) -> bool: ...

    def is_confirmed(self, day: date) -> bool:
        """Whether the day's status comes from an official calendar rather than the provisional rule."""
        ...


@cache
def statutory_holidays(year: int) -> frozenset[date]:
    """The public holidays the national regulations fix by date (2025 revision), for a year with
    no official calendar yet: New Year, Spring Festival (eve to the 3rd day), Qingming, Labour Day
    (1-2 May), Dragon Boat, Mid-Autumn and National Day (1-3 October). Days off in lieu and
    swapped working days (调休) are announced yearly and cannot be derived."""
    from chinese_calendar import get_solar_terms
    from lunardate import LunarDate

    days = {
        date(year, 1, 1),
        date(year, 5, 1),
        date(year, 5, 2),
        date(year, 10, 1),
        date(year, 10, 2),
        date(year, 10, 3),
    }
    new_year = LunarDate(year, 1, 1).to_solar_date()
    days |= {new_year + timedelta(days=n) for n in range(-1, 3)}
    days.add(LunarDate(year, 5, 5).to_solar_date())
    days.add(LunarDate(year, 8, 15).to_solar_date())
    days |= {d for d, name in get_solar_terms(date(year, 4, 1), date(year, 4, 10)) if name == "清明"}
    return frozenset(d for d in days if d.year == year)


def provisional_is_working_day(day: date) -> bool:
    """Monday to Friday, minus the statutory holidays."""
    return day.weekday() < 5 and day not in statutory_holidays(day.year)


@dataclass(frozen=True)
class TableCalendar:
    """Official years: Monday-Friday unless an exception says otherwise (holidays, 调休 working
    weekends). Other years: the provisional rule, unconfirmed."""

    exceptions: Mapping[date, bool] = field(default_factory=dict)
    official_years: frozenset[int] = frozenset()

    def is_working_day(self, day: date) -> bool:
        if day.year in self.official_years:
            return self.exceptions.get(day, day.weekday() < 5)
        return self.exceptions.get(day, provisional_is_working_day(day))

    def is_confirmed(self, day: date) -> bool:
        return day.year in self.official_years


@dataclass(frozen=True)
class Due:
    step: str
    start: date
    due: date
    calendar_confirmed: bool
    explanation: str

    def as_dict(self) -> dict:
        return {
            "step": self.step,
            "start": self.start.isoformat(),
            "due": self.due.isoformat(),
            "calendar_confirmed": self.calendar_confirmed,
            "explanation": self.explanation,
        }


WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _day(day: date, calendar: Calendar) -> str:
    """'Saturday', or 'Sunday, a working day' for a weekend day the official calendar swaps (调休)."""
    name = WEEKDAYS[day.weekday()]
    return f"{name}, a working day" if day.weekday() >= 5 and calendar.is_working_day(day) else name


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def compute_due(step: str, start: date, *, policy: Policy = DEFAULT_POLICY, calendar: Calendar) -> Due:
    """When `step` counted from `start` falls due under `policy`, and how that was computed."""
    try:
        rule = policy.rules[step]
    except KeyError:
        raise ValueError(f"unknown step {step!r}; one of: {', '.join(STEPS)}") from None
    event = EVENT_LABELS.get(rule.counted_from, rule.counted_from)
    examined: list[date] = []
    if rule.unit == MONTHS:
        raw = start + relativedelta(months=rule.length)
        due = raw
        examined.append(raw)
        text = f"{event} {start:%Y-%m-%d} + {_plural(rule.length, 'month')} = {raw:%Y-%m-%d} ({_day(raw, calendar)})"
        if not calendar.is_working_day(raw):
            if policy.roll_forward:
                while not calendar.is_working_day(due):
                    due += timedelta(days=1)
                    examined.append(due)
                text += f" -> rolled to next working day {due:%Y-%m-%d}"
            else:
                text += " -> not a working day; rolling is off"
    elif rule.unit == WORKING_DAYS:
        due, counted = start, 0
        while counted < rule.length:
            due += timedelta(days=1)
            examined.append(due)
            counted += calendar.is_working_day(due)
        text = (
            f"{event} {start:%Y-%m-%d} + {_plural(rule.length, 'working day')} = {due:%Y-%m-%d} ({_day(due, calendar)})"
        )
    else:
        raise ValueError(f"unknown unit {rule.unit!r}")
    confirmed = all(calendar.is_confirmed(d) for d in examined)
    if not confirmed:
        years = sorted({d.year for d in examined if not calendar.is_confirmed(d)})
        text += f"; provisional calendar for {', '.join(map(str, years))} (Monday-Friday minus statutory holidays)"
    return Due(step=step, start=start, due=due, calendar_confirmed=confirmed, explanation=text)
