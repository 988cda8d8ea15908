"""Who is who: the role groups, their model permissions, and role checks on a user.

Roles are Django groups with model permissions (the admin uses them); unit staff also belong
to their handling units, and a deputy's login is linked from their Deputy record.
"""

from django.contrib.auth.models import Group, Permission
from django.db import models


class Role(models.TextChoices):
    OFFICE = "office", "代表工作机构"  # the congress office that assigns
    SUPERVISOR = "supervisor", "督查室"  # the supervision office that follows up
    UNIT = "unit", "承办单位"
    DEPUTY = "deputy", "代表"


ALL = ("view", "add", "change")
VIEW = ("view",)

# Replies, commitments, progress and feedback have no delete permission for anyone: they are
# withdrawn or dropped with a reason and stay visible.
GROUP_PERMISSIONS: dict[str, dict[str, tuple[str, ...]]] = {
    Role.OFFICE: {
        "proposals.congresssession": ALL,
        "proposals.deputy": ALL,
        "proposals.handlingunit": ALL,
        "proposals.proposal": ALL,
        "proposals.assignment": ALL,
        "proposals.contact": ALL,
        "responses.replycategory": ALL,
        "responses.reply": ALL,
        "responses.replysection": ALL,
        "responses.measure": ALL,
        "responses.commitment": ALL,
        "responses.progressupdate": ALL,
        "responses.feedback": ALL,
        "industry.sector": (*ALL, "delete"),
        "industry.indicator": (*ALL, "delete"),
        "industry.observation": (*ALL, "delete"),
        "industry.target": ALL,
        "industry.park": (*ALL, "delete"),
        "industry.project": (*ALL, "delete"),
        "proposals.deadlinepolicy": ALL,
        "proposals.deadlinerule": (*ALL, "delete"),
        "proposals.calendaryear": ALL,
        "proposals.calendarday": (*ALL, "delete"),
        "proposals.reminder": VIEW,
        "django_celery_beat.periodictask": ALL,
        "django_celery_beat.crontabschedule": ALL,
    },
    Role.SUPERVISOR: {
        "proposals.congresssession": VIEW,
        "proposals.deputy": VIEW,
        "proposals.handlingunit": VIEW,
        "proposals.proposal": VIEW,
        "proposals.assignment": VIEW,
        "proposals.contact": VIEW,
        "proposals.deadlinepolicy": VIEW,
        "proposals.calendaryear": VIEW,
        "proposals.calendarday": VIEW,
        "proposals.reminder": VIEW,
        "responses.replycategory": VIEW,
        "responses.reply": VIEW,
        "responses.replysection": VIEW,
        "responses.measure": VIEW,
        "responses.commitment": ("view", "change"),
        "responses.progressupdate": ("view", "add"),
        "responses.feedback": VIEW,
        "industry.sector": VIEW,
        "industry.indicator": VIEW,
        "industry.observation": VIEW,
        "industry.target": VIEW,
        "industry.park": VIEW,
        "industry.project": VIEW,
    },
    Role.UNIT: {
        "proposals.congresssession": VIEW,
        "proposals.deputy": VIEW,
        "proposals.handlingunit": VIEW,
        "proposals.proposal": VIEW,
        "proposals.assignment": ("view", "change"),
        "proposals.contact": ALL,
        "proposals.calendarday": VIEW,
        "proposals.reminder": VIEW,
        "responses.replycategory": VIEW,
        "responses.reply": ALL,
        "responses.replysection": ALL,
        "responses.measure": ALL,
        "responses.commitment": ALL,
        "responses.progressupdate": ALL,
        "responses.feedback": VIEW,
        "industry.sector": VIEW,
        "industry.indicator": VIEW,
        "industry.observation": ("view", "add"),
        "industry.target": VIEW,
        "industry.park": VIEW,
        "industry.project": VIEW,
    },
    Role.DEPUTY: {},
}


def group_name(role: Role) -> str:
    return Role(role).label


def sync_role_groups() -> None:
    """Create the role groups and give each exactly the permissions above (idempotent)."""
    for role, perms in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name(role))
        wanted = []
        for label, actions in perms.items():
            app_label, model = label.split(".")
            for action in actions:
                wanted.append((app_label, f"{action}_{model}"))
        permissions = [
            p
            for p in Permission.objects.filter(content_type__app_label__in={a for a, _ in wanted}).select_related(
                "content_type"
            )
            if (p.content_type.app_label, p.codename) in set(wanted)
        ]
        group.permissions.set(permissions)


def user_roles(user) -> set[str]:
    """The roles a user holds; a superuser counts as congress office."""
    if user is None or not user.is_authenticated or not user.is_active:
        return set()
    cached = getattr(user, "_roles_cache", None)
    if cached is not None:
        return cached
    names = {Role(r).label: r for r in Role.values}
    roles = {names[n] for n in user.groups.values_list("name", flat=True) if n in names}
    if user.is_superuser:
        roles.add(Role.OFFICE)
    user._roles_cache = roles
    return roles


def is_office(user) -> bool:
    return Role.OFFICE in user_roles(user)


def is_supervisor(user) -> bool:
    return Role.SUPERVISOR in user_roles(user)


def sees_everything(user) -> bool:
    return bool(user_roles(user) & {Role.OFFICE, Role.SUPERVISOR})


def unit_ids_of(user) -> list[int]:
    """The handling units a user works for (empty for anyone not logged in)."""
    if user is None or not user.is_authenticated:
        return []
    cached = getattr(user, "_unit_ids_cache", None)
    if cached is None:
        cached = list(user.handling_units.values_list("id", flat=True))
        user._unit_ids_cache = cached
    return cached


def works_for(user, unit) -> bool:
    return unit is not None and unit.pk in unit_ids_of(user)


def deputy_of(user):
    """The Deputy record linked to this login, or None."""
    if user is None or not user.is_authenticated:
        return None
    try:
        return user.deputy
    except Exception:  # RelatedObjectDoesNotExist
        return None
