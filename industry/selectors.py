"""Targets and their progress: the latest observation against the target, from a baseline."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch, QuerySet

from industry.models import Indicator, Observation, Target


@dataclass(frozen=True)
class TargetProgress:
    target: Target
    observations: list[Observation]  # annual and sub-annual values, oldest first
    baseline: Observation | None  # the earliest observation
    latest: Observation | None

    @property
    def share_covered(self) -> Decimal | None:
        """How much of the way from the baseline to the target the latest value has come, in
        percent (None without two distinct observations or when the target is the baseline)."""
        if self.baseline is None or self.latest is None or self.latest.pk == self.baseline.pk:
            return None
        distance = self.target.value - self.baseline.value
        if not distance:
            return None
        share = 100 * (self.latest.value - self.baseline.value) / distance
        return share.quantize(Decimal("0.1"), ROUND_HALF_UP)


def targets_with_progress(targets: QuerySet[Target] | None = None) -> list[TargetProgress]:
    """Every target with its indicator's observations (two queries whatever the number)."""
    targets = (targets if targets is not None else Target.objects.all()).select_related(
        "indicator", "commitment__reply__proposal"
    )
    targets = targets.prefetch_related(
        Prefetch("indicator__observations", queryset=Observation.objects.order_by("period"))
    )
    result = []
    for target in targets:
        observations = list(target.indicator.observations.all())
        annual = [o for o in observations if len(o.period) == 4] or observations
        result.append(
            TargetProgress(
                target=target,
                observations=observations,
                baseline=annual[0] if annual else None,
                latest=annual[-1] if annual else None,
            )
        )
    return result


def indicators_with_observations() -> QuerySet[Indicator]:
    return Indicator.objects.select_related("sector").prefetch_related(
        Prefetch("observations", queryset=Observation.objects.order_by("period")), "targets"
    )
