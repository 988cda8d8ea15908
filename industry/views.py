"""/industry/targets/: each target against the indicator's values over time, as an SVG chart."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.safestring import mark_safe

from industry.charts import target_chart_svg
from industry.selectors import targets_with_progress
from proposals.roles import Role, user_roles

STAFF_ROLES = {Role.OFFICE, Role.SUPERVISOR, Role.UNIT}


@login_required
def targets_page(request):
    if not user_roles(request.user) & STAFF_ROLES:
        raise PermissionDenied("产业目标仅供代表工作机构、督查室和承办单位查看。")
    items = [
        {"progress": progress, "svg": mark_safe(target_chart_svg(progress))}  # built from escaped values
        for progress in targets_with_progress()
    ]
    return render(request, "industry/targets.html", {"items": items})
