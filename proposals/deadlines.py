"""Statutory periods for handling a proposal.

Month periods follow the Civil Code: the start day is not counted, and a period ends on the
same day number of the target month, or on that month's last day when it has none
(30 November + 3 months = 28 February). relativedelta does exactly that clamping.

The working-day calendar and per-session policies build on this module (issue 4).
"""

from datetime import date

from dateutil.relativedelta import relativedelta

REPLY_MONTHS = 3  # 代表法 Art. 51; Xiamen 2025 rules Art. 27
EXTENDED_REPLY_MONTHS = 6  # an extension adds at most 3 months
REHANDLING_REPLY_MONTHS = 1


def add_months(start: date, months: int) -> date:
    """The day a period of `months` calendar months counted from `start` ends."""
    return start + relativedelta(months=months)


def reply_due(assigned_on: date) -> date:
    return add_months(assigned_on, REPLY_MONTHS)


def extended_reply_cap(assigned_on: date) -> date:
    """The latest day an extension may move the reply to."""
    return add_months(assigned_on, EXTENDED_REPLY_MONTHS)


def rehandling_reply_due(ordered_on: date) -> date:
    return add_months(ordered_on, REHANDLING_REPLY_MONTHS)
