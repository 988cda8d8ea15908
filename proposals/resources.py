"""Export of proposals to XLSX and CSV with the column headings a congress office uses.

The admin hands the resource its filtered, visible queryset with the assignments and co-signing
deputies prefetched (ProposalAdmin.export_prefetch), so the export runs a fixed number of queries.
"""

from import_export import fields, resources

from proposals.models import AssignmentRole, Proposal


def _active(proposal, role):
    return [a for a in proposal.assignments.all() if a.role == role and a.is_active]


class ProposalResource(resources.ModelResource):
    session = fields.Field(attribute="session__name", column_name="会议")
    number = fields.Field(attribute="number", column_name="编号")
    title = fields.Field(attribute="title", column_name="标题")
    lead_deputy = fields.Field(attribute="lead_deputy__name", column_name="领衔代表")
    co_deputies = fields.Field(column_name="附议代表")
    lead_unit = fields.Field(column_name="主办单位")
    co_units = fields.Field(column_name="协办单位")
    assigned_on = fields.Field(column_name="交办日期")
    due_on = fields.Field(column_name="答复期限")
    due_confirmed = fields.Field(column_name="日历已确认")
    status = fields.Field(column_name="状态")
    submitted_on = fields.Field(attribute="submitted_on", column_name="提出日期")
    topic = fields.Field(attribute="topic", column_name="所属领域")
    is_key = fields.Field(column_name="重点建议")

    class Meta:
        model = Proposal
        name = "建议"
        fields = (
            "session",
            "number",
            "title",
            "lead_deputy",
            "co_deputies",
            "lead_unit",
            "co_units",
            "assigned_on",
            "due_on",
            "due_confirmed",
            "status",
            "submitted_on",
            "topic",
            "is_key",
        )
        export_order = fields

    def dehydrate_co_deputies(self, proposal):
        return "、".join(d.name for d in proposal.co_deputies.all())

    def _lead(self, proposal):
        lead = _active(proposal, AssignmentRole.LEAD)
        return lead[0] if lead else None

    def dehydrate_lead_unit(self, proposal):
        lead = self._lead(proposal)
        return lead.unit.name if lead else ""

    def dehydrate_co_units(self, proposal):
        return "、".join(a.unit.name for a in _active(proposal, AssignmentRole.CO_HANDLING))

    def dehydrate_assigned_on(self, proposal):
        lead = self._lead(proposal)
        return lead.assigned_on if lead else None

    def dehydrate_due_on(self, proposal):
        lead = self._lead(proposal)
        return lead.due_on if lead else None

    def dehydrate_due_confirmed(self, proposal):
        lead = self._lead(proposal)
        return ("是" if lead.due_confirmed else "否（暂定）") if lead else ""

    def dehydrate_status(self, proposal):
        return proposal.get_status_display()

    def dehydrate_is_key(self, proposal):
        return "是" if proposal.is_key else ""
