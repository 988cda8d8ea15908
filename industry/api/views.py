"""API views for industry data: statistics every logged-in client may read.

A target's link to the commitment that promised it is shown only to callers who may see that
commitment (proposals.selectors.commitments_visible_to).
"""

from django.db.models import Exists, OuterRef

from config.api import ReadViewSet
from industry.api import filters, serializers
from industry.models import Indicator, Observation, Sector, Target
from proposals.api.views import read_schema
from proposals.selectors import commitments_visible_to


@read_schema("industry", serializers.SectorSerializer)
class SectorViewSet(ReadViewSet):
    queryset = Sector.objects.all()
    serializer_class = serializers.SectorSerializer
    filterset_class = filters.SectorFilter
    search_fields = ["name"]
    ordering_fields = ("name",)


@read_schema("industry", serializers.IndicatorSerializer)
class IndicatorViewSet(ReadViewSet):
    queryset = Indicator.objects.all()
    serializer_class = serializers.IndicatorSerializer
    filterset_class = filters.IndicatorFilter
    search_fields = ["name", "region"]
    ordering_fields = ("name",)


@read_schema("industry", serializers.ObservationSerializer)
class ObservationViewSet(ReadViewSet):
    queryset = Observation.objects.all()
    serializer_class = serializers.ObservationSerializer
    filterset_class = filters.ObservationFilter
    ordering_fields = ("period",)


@read_schema("industry", serializers.TargetSerializer)
class TargetViewSet(ReadViewSet):
    serializer_class = serializers.TargetSerializer
    filterset_class = filters.TargetFilter
    search_fields = ["wording"]
    ordering_fields = ("year",)

    def get_queryset(self):
        visible = commitments_visible_to(user=self.request.user).filter(pk=OuterRef("commitment_id"))
        return Target.objects.annotate(commitment_visible=Exists(visible))
