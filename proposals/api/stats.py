"""GET /api/v1/stats/: the handling figures of /stats/, with the same filters and permissions."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api import ErrorSerializer
from proposals.stats import DEFINITIONS, handling_stats, stats_scope

FIGURES = tuple(DEFINITIONS)


class FigureSerializer(serializers.Serializer):
    numerator = serializers.IntegerField()
    denominator = serializers.IntegerField()
    rate = serializers.DecimalField(
        max_digits=5, decimal_places=1, allow_null=True, help_text="百分比，保留一位小数；分母为 0 时为 null"
    )


class StatsRowSerializer(serializers.Serializer):
    unit = serializers.SerializerMethodField()
    assigned = serializers.IntegerField()
    replied = serializers.IntegerField()
    reply_rate = FigureSerializer(help_text="办复率")
    on_time_rate = FigureSerializer(help_text="按期办复率")
    contact_rate = FigureSerializer(help_text="见面率")
    satisfaction_rate = FigureSerializer(help_text="满意率")
    adoption_rate = FigureSerializer(help_text="解决采纳率")
    categories = serializers.DictField(child=serializers.IntegerField(), help_text="现行答复的类别分布")
    open_commitments = serializers.IntegerField()
    overdue_commitments = serializers.IntegerField()

    def get_unit(self, row) -> dict | None:
        return {"id": row.unit_id, "name": row.unit_name} if row.unit_id else None


class StatsSerializer(serializers.Serializer):
    session = serializers.SerializerMethodField()
    definitions = serializers.SerializerMethodField()
    units = StatsRowSerializer(many=True)
    total = StatsRowSerializer()

    def get_session(self, table) -> dict:
        return {"id": table.session.pk, "name": table.session.name}

    def get_definitions(self, table) -> dict[str, str]:
        return {key: f"{label}：{text}" for key, (label, text) in DEFINITIONS.items()}


class StatsView(APIView):
    """Figures per lead unit and in total for one session (the first visible one by default).

    Office and supervision staff see every unit, unit staff their own; deputies and anonymous
    clients see the sessions whose figures the office made public (403 otherwise)."""

    permission_classes = [AllowAny]

    @extend_schema(
        tags=["stats"],
        parameters=[
            OpenApiParameter("session", int, description="会议 id；缺省为最近一次可查看的会议"),
            OpenApiParameter("unit", int, description="只看一个主办单位"),
        ],
        responses={200: StatsSerializer, 400: ErrorSerializer, 403: ErrorSerializer},
    )
    def get(self, request):
        _, session, unit_id = stats_scope(
            user=request.user, session=request.query_params.get("session"), unit=request.query_params.get("unit")
        )
        table = handling_stats(user=request.user, session=session, unit_id=unit_id)
        return Response(StatsSerializer(table).data)
