"""Who is told what: recipients and email delivery through Django's mail backend (EMAIL_URL)."""

from django.conf import settings
from django.core.mail import send_mail

from proposals.models import Assignment, HandlingUnit, UnitKind


def unit_addresses(units) -> list[str]:
    """The units' own mailboxes and their staff's email addresses, without duplicates."""
    addresses = []
    for unit in units:
        addresses.append(unit.email)
        addresses.extend(user.email for user in unit.staff.all() if user.is_active)
    return list(dict.fromkeys(a for a in addresses if a))


def office_units(kind: str):
    return HandlingUnit.objects.filter(kind=kind, is_active=True).prefetch_related("staff")


def deputy_address(deputy) -> str:
    return deputy.email or (deputy.user.email if deputy.user_id else "")


def notify_deputy_of_extension(assignment: Assignment) -> None:
    """Tell the lead deputy that the reply to their proposal will come later (Xiamen rules Art. 28)."""
    proposal = assignment.proposal
    address = deputy_address(proposal.lead_deputy)
    if not address:
        return
    send_mail(
        subject=f"第{proposal.number}号建议答复期限延长",
        message=(
            f"{proposal.lead_deputy.name}代表：\n\n您领衔提出的第{proposal.number}号建议《{proposal.title}》由"
            f"{assignment.unit.name}主办，经批准延期答复，答复期限延至{assignment.due_on:%Y年%m月%d日}。\n"
            f"延期理由：{assignment.extension_reason}\n"
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[address],
    )


def supervision_addresses() -> list[str]:
    return unit_addresses(office_units(UnitKind.SUPERVISION_OFFICE))


def congress_office_addresses() -> list[str]:
    return unit_addresses(office_units(UnitKind.CONGRESS_OFFICE))
