from odoo import fields, models


class CxCaseConfirmWizard(models.TransientModel):
    _name = "cx.case.confirm.wizard"
    _inherit = ["dealer.input.guard.mixin"]
    _description = "Record a Customer's Confirmation"

    case_id = fields.Many2one("cx.case", required=True, ondelete="cascade")
    note = fields.Text(
        required=True,
        help="How and when the customer told you all is well, e.g. "
        "'Called 14:05, customer confirms the new key works'.",
    )

    def action_confirm(self):
        self.ensure_one()
        self.case_id.action_record_confirmation(self.note)
        return {"type": "ir.actions.act_window_close"}
