from odoo import api, fields, models


class VehicleOrderEtaChange(models.Model):
    """One move of an order's expected delivery date: when, from, to, who said so, why."""

    _name = "vehicle.order.eta.change"
    _inherit = ["dealer.input.guard.mixin"]
    _description = "Expected Delivery Date Change"
    _order = "changed_at desc, id desc"

    order_id = fields.Many2one(
        "vehicle.order", required=True, ondelete="cascade", index=True
    )
    # Computed before the INSERT: a batch of events writes hundreds of lines, which must
    # not be updated right after (their foreign keys checked a second time).
    company_id = fields.Many2one(
        related="order_id.company_id", store=True, index=True, precompute=True
    )
    changed_at = fields.Datetime(required=True, default=fields.Datetime.now, readonly=True)
    old_date = fields.Date(string="From", readonly=True)
    new_date = fields.Date(string="To", required=True, readonly=True)
    shift_days = fields.Integer(compute="_compute_shift_days", store=True, precompute=True)
    source = fields.Char(
        readonly=True, help="System (or person) that moved the date: factory, logistics, staff."
    )
    reason = fields.Char(readonly=True, help="Shown to the customer, e.g. 'port congestion'.")
    event_id = fields.Many2one("vehicle.order.event", readonly=True, ondelete="set null")

    @api.depends("old_date", "new_date")
    def _compute_shift_days(self):
        for change in self:
            change.shift_days = (
                (change.new_date - change.old_date).days if change.old_date else 0
            )
