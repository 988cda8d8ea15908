"""Export of replies and commitments to XLSX and CSV with Chinese column headings.

The admin passes the visible, filtered queryset with the related rows joined (list_select_related)
and, for commitments, the latest progress annotated, so an export runs a fixed number of queries.
"""

from import_export import fields, resources

from responses.models import Commitment, Reply


class ReplyResource(resources.ModelResource):
    document_number = fields.Field(attribute="document_number", column_name="文号")
    session = fields.Field(attribute="proposal__session__name", column_name="会议")
    proposal_number = fields.Field(attribute="proposal__number", column_name="建议编号")
    proposal_title = fields.Field(attribute="proposal__title", column_name="建议标题")
    unit = fields.Field(attribute="unit__name", column_name="答复单位")
    category = fields.Field(attribute="category__name", column_name="答复类别")
    issued_on = fields.Field(attribute="issued_on", column_name="答复日期")
    disclosure = fields.Field(column_name="公开属性")
    state = fields.Field(column_name="状态")
    withdrawn_reason = fields.Field(attribute="withdrawn_reason", column_name="撤回理由")
    addressee = fields.Field(attribute="addressee", column_name="主送")
    signer = fields.Field(attribute="signer", column_name="领导署名")
    contact_person = fields.Field(attribute="contact_person", column_name="联系人")
    contact_phone = fields.Field(attribute="contact_phone", column_name="联系电话")
    rating_due_on = fields.Field(attribute="rating_due_on", column_name="评价期限")
    publish_on = fields.Field(attribute="publish_on", column_name="公开期限")

    class Meta:
        model = Reply
        name = "答复函"
        fields = (
            "document_number",
            "session",
            "proposal_number",
            "proposal_title",
            "unit",
            "category",
            "issued_on",
            "disclosure",
            "state",
            "withdrawn_reason",
            "addressee",
            "signer",
            "contact_person",
            "contact_phone",
            "rating_due_on",
            "publish_on",
        )
        export_order = fields

    def dehydrate_disclosure(self, reply):
        return reply.get_disclosure_display()

    def dehydrate_state(self, reply):
        return reply.get_state_display()


class CommitmentResource(resources.ModelResource):
    proposal_number = fields.Field(attribute="reply__proposal__number", column_name="建议编号")
    document_number = fields.Field(attribute="reply__document_number", column_name="答复函文号")
    position = fields.Field(attribute="position", column_name="序号")
    text = fields.Field(attribute="text", column_name="承诺事项")
    responsible_unit = fields.Field(attribute="responsible_unit__name", column_name="责任单位")
    due_on = fields.Field(attribute="due_on", column_name="完成期限")
    target_year = fields.Field(attribute="target_year", column_name="目标年份")
    status = fields.Field(column_name="状态")
    status_reason = fields.Field(attribute="status_reason", column_name="状态说明")
    closed_on = fields.Field(attribute="closed_on", column_name="办结日期")
    latest_progress_on = fields.Field(column_name="最新进展日期")
    latest_progress_percent = fields.Field(column_name="完成比例（%）")
    latest_progress = fields.Field(column_name="最新进展")

    class Meta:
        model = Commitment
        name = "承诺事项"
        fields = (
            "proposal_number",
            "document_number",
            "position",
            "text",
            "responsible_unit",
            "due_on",
            "target_year",
            "status",
            "status_reason",
            "closed_on",
            "latest_progress_on",
            "latest_progress_percent",
            "latest_progress",
        )
        export_order = fields

    def dehydrate_status(self, commitment):
        return commitment.get_status_display()

    # The admin annotates the latest progress (CommitmentAdmin.get_queryset); a bare queryset has none.
    def dehydrate_latest_progress_on(self, commitment):
        return getattr(commitment, "latest_progress_on", None)

    def dehydrate_latest_progress_percent(self, commitment):
        return getattr(commitment, "latest_progress_percent", None)

    def dehydrate_latest_progress(self, commitment):
        return getattr(commitment, "latest_progress_text", None) or ""
