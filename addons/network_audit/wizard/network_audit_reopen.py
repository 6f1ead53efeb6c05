from odoo import fields, models


class NetworkAuditReopen(models.TransientModel):
    """A validated audit is locked: a network manager reopens it, saying why."""

    _name = "network.audit.reopen"
    _inherit = ["dealer.input.guard.mixin"]
    _description = "Reopen a Validated Audit"

    audit_id = fields.Many2one("network.audit", required=True, readonly=True)
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        self.audit_id.action_reopen(reason=self.reason)
        return {"type": "ir.actions.act_window_close"}
