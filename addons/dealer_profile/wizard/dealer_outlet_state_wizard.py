from odoo import fields, models

from ..models.dealer_outlet import LIFECYCLE_STATES


class DealerOutletStateWizard(models.TransientModel):
    _name = "dealer.outlet.state.wizard"
    _inherit = ["dealer.input.guard.mixin"]
    _description = "Suspend or Close Outlets"

    outlet_ids = fields.Many2many("dealer.outlet", required=True)
    new_state = fields.Selection(LIFECYCLE_STATES, required=True, readonly=True)
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        self.outlet_ids._set_lifecycle_state(self.new_state, self.reason)
        return {"type": "ir.actions.act_window_close"}
