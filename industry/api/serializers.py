"""How sectors, indicators, observations and targets look in the API."""

from rest_framework import serializers

from industry.models import Indicator, Observation, Sector, Target


class SectorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Sector
        fields = ["id", "name", "parent", "updated_at"]


class IndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = ["id", "name", "unit", "sector", "region", "description", "updated_at"]


class ObservationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Observation
        fields = ["id", "indicator", "period", "value", "source", "updated_at"]


class TargetSerializer(serializers.ModelSerializer):
    commitment = serializers.SerializerMethodField(help_text="来源承诺；调用者无权查看该承诺时为空")

    class Meta:
        model = Target
        fields = ["id", "indicator", "year", "value", "wording", "commitment", "updated_at"]

    def get_commitment(self, target) -> int | None:
        # The view annotates whether the caller may see the commitment (one query for the page).
        return target.commitment_id if getattr(target, "commitment_visible", False) else None
