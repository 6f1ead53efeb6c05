from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL, format_date


class DealerOutletDocument(models.Model):
    _name = "dealer.outlet.document"
    _description = "Outlet Document"
    # For its company-move check: a move to an outlet of another market is checked
    # against the writer's markets like the record itself.
    _inherit = ["dealer.workflow.mixin"]
    _order = "expiry_date, id"
    # Set by the expiry reminder cron, reset when the expiry moves: never by a client
    # (True would silence the reminder of an expiring contract).
    _server_only_fields = ("reminder_sent",)

    name = fields.Char(required=True)
    outlet_id = fields.Many2one(
        "dealer.outlet", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="outlet_id.company_id", store=True)
    document_type = fields.Selection(
        [
            ("contract", "Contract"),
            ("certification", "Certification"),
            ("insurance", "Insurance"),
            ("other", "Other"),
        ],
        required=True,
        default="contract",
    )
    file = fields.Binary(attachment=True)
    file_name = fields.Char()
    issue_date = fields.Date()
    expiry_date = fields.Date(index=True)
    reminder_days = fields.Integer(
        string="Remind Days Before", default=30,
        help="A reminder activity is scheduled for the outlet's network officer this "
        "many days before the document expires.",
    )
    reminder_sent = fields.Boolean(copy=False, readonly=True)
    expiry_state = fields.Selection(
        [("valid", "Valid"), ("expiring", "Expiring Soon"), ("expired", "Expired")],
        compute="_compute_expiry_state",
        search="_search_expiry_state",
    )

    _reminder_days_positive = models.Constraint(
        "CHECK(reminder_days >= 0)", "The reminder cannot be after the expiry date."
    )
    _dates_ordered = models.Constraint(
        "CHECK(issue_date IS NULL OR expiry_date IS NULL OR issue_date <= expiry_date)",
        "A document cannot expire before it is issued.",
    )

    @api.depends("expiry_date", "reminder_days")
    def _compute_expiry_state(self):
        today = fields.Date.context_today(self)
        for document in self:
            if not document.expiry_date or document.expiry_date > today + timedelta(
                days=document.reminder_days
            ):
                document.expiry_state = "valid"
            elif document.expiry_date < today:
                document.expiry_state = "expired"
            else:
                document.expiry_state = "expiring"

    def _search_expiry_state(self, operator, value):
        if operator not in ("in", "="):
            return NotImplemented
        values = {value} if isinstance(value, str) else set(value)
        # reminder_days differs per document: compare in SQL rather than per record.
        self.env["dealer.outlet.document"].flush_model(["expiry_date", "reminder_days"])
        today = fields.Date.context_today(self)
        clauses = {
            "expired": SQL("expiry_date < %s", today),
            "expiring": SQL(
                "expiry_date >= %s AND expiry_date <= %s + reminder_days", today, today
            ),
            "valid": SQL(
                "(expiry_date IS NULL OR expiry_date > %s + reminder_days)", today
            ),
        }
        wanted = [clauses[v] for v in values if v in clauses] or [SQL("FALSE")]
        rows = self.env.execute_query(
            SQL("SELECT id FROM dealer_outlet_document WHERE %s", SQL(" OR ").join(wanted))
        )
        return [("id", "in", [row[0] for row in rows])]

    def write(self, vals):
        records = self._server_values_open([vals], ["reminder_sent"])
        if "expiry_date" in vals or "reminder_days" in vals:
            vals["reminder_sent"] = False
        result = super(DealerOutletDocument, records).write(vals)
        self._check_company_move(vals, ("outlet_id",))
        return result

    @api.model
    def _cron_remind_expiring_documents(self):
        """Schedule one activity per expiring document, on its outlet, for the
        outlet's network officer; a renewed document (new expiry date) is reminded again."""
        documents = self.search(
            [
                ("reminder_sent", "=", False),
                ("expiry_state", "=", "expiring"),
                ("outlet_id.active", "=", True),
            ]
        )
        activity_type = self.env.ref("dealer_profile.mail_activity_type_document_expiry")
        for document in documents:
            outlet = document.outlet_id
            officer = outlet.user_id or self.env.user
            # The job's language is nobody's: the officer reads their own, and the date
            # as they write it, not "2026-12-20".
            officer_env = officer.partner_id._lang_env()
            outlet.activity_schedule(
                activity_type_id=activity_type.id,
                date_deadline=document.expiry_date,
                summary=officer_env._(
                    "%(document)s expires on %(date)s", document=document.name,
                    date=format_date(officer_env, document.expiry_date, date_format="long"),
                ),
                user_id=officer.id,
            )
        documents.reminder_sent = True
        return documents
