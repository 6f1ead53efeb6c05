"""How action items and answers present themselves to their users (issue 7 §7).

Kept apart from the workflow code of network_audit_action.py: columns in process
order, due dates counted from the day an item reaches the dealer and written as
dates in messages, months shown as months."""

from odoo import fields, models
from odoo.tools.misc import format_date


class NetworkAuditAction(models.Model):
    _inherit = "network.audit.action"

    state = fields.Selection(group_expand=True)
    sent_date = fields.Date(
        readonly=True, copy=False,
        help="The day the item was sent to the dealer; its due date counts from then.",
    )

    def action_send(self):
        """Due dates count from the day the item reaches the dealer, not from the
        audit: an item reviewed two weeks after the audit still gets its full time.
        A later due date set by the reviewer is kept. Working days of the market
        (``res.company._network_audit_due_dates``)."""
        today = fields.Date.context_today(self)
        items = self.filtered(lambda a: a.state == "draft")
        due_dates = {market: market._network_audit_due_dates(today) for market in items.company_id}
        for item in items:
            due = due_dates[item.company_id].get(item.criticality) or today
            item._workflow().write({
                "sent_date": today,
                "due_date": max(item.due_date or today, due),
            })
        return super().action_send()

    def _due_date_text(self):
        """The due date as the dealer reads it in messages ("November 25, 2026" in
        their language), not the ISO form."""
        self.ensure_one()
        return format_date(self.env, self.due_date, lang_code=self.responsible_partner_id.lang,
                           date_format="long")


class NetworkAuditLine(models.Model):
    _name = "network.audit.line"
    _inherit = ["network.audit.line", "dealer.month.label.mixin"]
