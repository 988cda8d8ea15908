"""/stats/: the handling figures per session and unit, as a page and as an XLSX export."""

from io import BytesIO
from urllib.parse import urlencode

from django.core.exceptions import BadRequest, PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from proposals.errors import WorkflowError
from proposals.models import HandlingUnit
from proposals.stats import DEFINITIONS, StatsRow, StatsTable, handling_stats, stats_scope

FIGURES = ("reply_rate", "on_time_rate", "contact_rate", "satisfaction_rate", "adoption_rate")


def _selection(request) -> tuple:
    """The sessions visible to the user and the session and unit asked for (see stats_scope)."""
    try:
        return stats_scope(user=request.user, session=request.GET.get("session"), unit=request.GET.get("unit"))
    except WorkflowError as err:
        if err.code == "forbidden":
            raise PermissionDenied(err.message) from err
        raise BadRequest(err.message) from err


def _record_links(table: StatsTable, row: StatsRow) -> dict[str, str]:
    """Admin lists behind a row's figures (for staff)."""
    base = {"session__id__exact": table.session.pk} if table.session else {}
    unit = {"assignments__unit__id__exact": row.unit_id} if row.unit_id else {}
    replies = {"proposal__session__id__exact": table.session.pk} if table.session else {}
    commitments = {"reply__proposal__session__id__exact": table.session.pk} if table.session else {}
    if row.unit_id:
        replies["unit__id__exact"] = row.unit_id
        commitments["responsible_unit__id__exact"] = row.unit_id
    return {
        "proposals": reverse("admin:proposals_proposal_changelist") + "?" + urlencode(base | unit),
        "replies": reverse("admin:responses_reply_changelist") + "?" + urlencode(replies | {"state__exact": "active"}),
        "commitments": reverse("admin:responses_commitment_changelist") + "?" + urlencode(commitments),
    }


def stats_page(request):
    sessions, session, unit_id = _selection(request)
    table = handling_stats(user=request.user, session=session, unit_id=unit_id)
    staff = request.user.is_authenticated and request.user.is_staff
    units = HandlingUnit.objects.filter(pk__in=[r.unit_id for r in table.units]) if len(table.units) > 1 else []
    return render(
        request,
        "stats/index.html",
        {
            "sessions": sessions,
            "session": session,
            "unit_id": unit_id,
            "units": units,
            "table": table,
            "rows": [
                {
                    "row": row,
                    "figures": [getattr(row, name) for name in FIGURES],
                    "categories": [row.categories.get(code, 0) for code, _ in table.categories],
                    "links": _record_links(table, row) if staff else None,
                }
                for row in table.rows
            ],
            "figure_names": [DEFINITIONS[name][0] for name in FIGURES],
            "definitions": [DEFINITIONS[name] for name in FIGURES],
            "export_query": urlencode(
                {k: v for k, v in {"session": session.pk if session else "", "unit": unit_id or ""}.items() if v}
            ),
        },
    )


def stats_export(request):
    """The same table as an XLSX workbook, numerators and denominators included."""
    from openpyxl import Workbook

    _, session, unit_id = _selection(request)
    table = handling_stats(user=request.user, session=session, unit_id=unit_id)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "办理统计"
    header = ["承办单位", "交办", "答复"]
    for name in FIGURES:
        label = DEFINITIONS[name][0]
        header += [f"{label}分子", f"{label}分母", f"{label}(%)"]
    header += [f"{name}" for _, name in table.categories] + ["未办结承诺", "逾期承诺"]
    sheet.append([f"{session.name if session else '全部会议'} 建议办理统计"])
    sheet.append(header)
    for row in table.rows:
        values = [row.unit_name, row.assigned, row.replied]
        for name in FIGURES:
            figure = getattr(row, name)
            values += [figure.numerator, figure.denominator, float(figure.rate) if figure.rate is not None else "-"]
        values += [row.categories.get(code, 0) for code, _ in table.categories]
        values += [row.open_commitments, row.overdue_commitments]
        sheet.append(values)
    sheet.append([])
    for label, definition in (DEFINITIONS[name] for name in FIGURES):
        sheet.append([label, definition])
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="stats.xlsx"'
    return response
