"""Recording a reply from an imported letter: the reply through reply_record, plus its targets."""

from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation

from django.db import transaction

from industry.models import Indicator, Target
from proposals.errors import WorkflowError
from proposals.services import full_clean_or_raise
from responses.models import Reply
from responses.services import reply_record


@transaction.atomic
def reply_record_from_letter(*, targets: Iterable[Mapping] = (), **reply_fields) -> Reply:
    """Record the reply exactly as reply_record does and attach the letter's quantitative targets
    to its commitments, all in one transaction (a refused target leaves no reply behind).

    `targets` are {indicator, value, unit, year, region, commitment}: `commitment` is the 1-based
    position of the commitment that promises it (or None); the indicator is looked up by region
    and name and created when missing.
    """
    reply = reply_record(**reply_fields)
    commitments = list(reply.commitments.order_by("position"))
    for number, item in enumerate(targets, start=1):
        name, region, unit = (str(item.get(key) or "").strip() for key in ("indicator", "region", "unit"))
        where = f"第{number}个目标"
        if not name or not region or not unit:
            raise WorkflowError("invalid", f"{where}：请填写指标名称、地区和计量单位。", {"targets": [where]})
        try:
            value = Decimal(str(item.get("value")))
        except (InvalidOperation, TypeError) as exc:
            raise WorkflowError("invalid", f"{where}：目标值不是数字。", {"targets": [where]}) from exc
        indicator, created = Indicator.objects.get_or_create(region=region, name=name, defaults={"unit": unit})
        if not created and indicator.unit != unit:
            message = f"{where}：指标“{region}{name}”的计量单位是{indicator.unit}，不是{unit}。"
            raise WorkflowError("invalid", message, {"targets": [message]})
        position = item.get("commitment")
        commitment = None
        if position:
            if not 1 <= int(position) <= len(commitments):
                message = f"{where}：没有第{position}条承诺事项。"
                raise WorkflowError("invalid", message, {"targets": [message]})
            commitment = commitments[int(position) - 1]
        target = Target(
            indicator=indicator,
            value=value,
            year=item.get("year"),
            commitment=commitment,
            wording=str(item.get("wording") or "")[:300],
        )
        full_clean_or_raise(target)
        target.save()
    return reply
