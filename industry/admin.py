"""Admin for sectors, indicators and their values, targets, parks and redevelopment projects.

Plain reference data: no workflow, so forms save directly; delete follows the role permissions.
"""

from django.contrib import admin
from django.db.models import Q
from import_export.admin import ImportMixin
from import_export.formats.base_formats import CSV, XLSX

from industry.models import Indicator, Observation, Park, Project, Sector, Target
from industry.resources import ObservationResource
from proposals.admin_utils import BaseAdmin
from proposals.roles import sees_everything
from proposals.selectors import commitments_visible_to


class CommitmentLinkedAdmin(BaseAdmin):
    """Targets and projects are shared reference data, except those tied to a commitment: a unit
    sees those only when it sees the commitment (its text is another unit's reply otherwise)."""

    def visible_to(self, request, queryset):
        if sees_everything(request.user):
            return queryset
        return queryset.filter(Q(commitment__isnull=True) | Q(commitment__in=commitments_visible_to(user=request.user)))


# A sector prints its ancestors: lists select two levels up so that they stay one query.
SECTOR_ANCESTORS = "parent__parent"


class SectorFilter(admin.RelatedFieldListFilter):
    """Filter by sector, its choices printed as paths without a query per sector."""

    def field_choices(self, field, request, model_admin):
        return [(sector.pk, str(sector)) for sector in Sector.objects.select_related(SECTOR_ANCESTORS)]


@admin.register(Sector)
class SectorAdmin(BaseAdmin):
    list_display = ["__str__", "name", "parent"]
    list_select_related = [SECTOR_ANCESTORS]
    search_fields = ["name", "parent__name"]
    autocomplete_fields = ["parent"]


@admin.register(Indicator)
class IndicatorAdmin(BaseAdmin):
    list_display = ["name", "unit", "region", "sector"]
    list_select_related = [f"sector__{SECTOR_ANCESTORS}"]
    list_filter = ["region", ("sector", SectorFilter)]
    search_fields = ["name", "region", "sector__name"]
    autocomplete_fields = ["sector"]


@admin.register(Observation)
class ObservationAdmin(ImportMixin, BaseAdmin):
    """Staff record values one by one, or import a sheet (指标, 地区, 期别, 数值, 来源): the preview
    shows every row's errors, and nothing is written while any row has one."""

    resource_classes = [ObservationResource]
    import_formats = [XLSX, CSV]

    list_display = ["indicator", "period", "value", "source"]
    list_select_related = ["indicator"]
    list_filter = ["indicator__region", ("indicator__sector", SectorFilter), "period"]
    search_fields = ["indicator__name", "period", "source"]
    autocomplete_fields = ["indicator"]

    def has_import_permission(self, request):
        return self.has_add_permission(request)


@admin.register(Target)
class TargetAdmin(CommitmentLinkedAdmin):
    list_display = ["indicator", "year", "value", "commitment", "wording"]
    list_select_related = ["indicator", "commitment"]
    list_filter = ["year", "indicator__region"]
    search_fields = ["indicator__name", "wording", "commitment__text"]
    autocomplete_fields = ["indicator", "commitment"]


@admin.register(Park)
class ParkAdmin(BaseAdmin):
    list_display = ["name", "region", "status", "area_hectares"]
    list_filter = ["status", "region"]
    search_fields = ["name", "region"]
    autocomplete_fields = ["sectors"]


@admin.register(Project)
class ProjectAdmin(CommitmentLinkedAdmin):
    list_display = ["name", "kind", "status", "park", "region", "started_on", "completed_on"]
    list_select_related = ["park"]
    list_filter = ["kind", "status", "region"]
    search_fields = ["name", "region", "park__name"]
    date_hierarchy = "started_on"
    autocomplete_fields = ["park", "commitment"]
