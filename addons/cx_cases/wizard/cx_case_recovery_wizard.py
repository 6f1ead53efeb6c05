from odoo import fields, models


class CxCaseRecoveryWizard(models.TransientModel):
    _name = "cx.case.recovery.wizard"
    _inherit = ["dealer.input.guard.mixin"]
    _description = "Resolve a Recovery Case"

    case_id = fields.Many2one("cx.case", required=True, ondelete="cascade")
    resolution = fields.Text(
        required=True,
        help="How the customer's problem was put right, e.g. 'Replaced the cable, "
        "goodwill service voucher, customer called back satisfied'.",
    )

    def action_resolve(self):
        self.ensure_one()
        self.case_id.action_resolve_recovery(self.resolution)
        return {"type": "ir.actions.act_window_close"}
