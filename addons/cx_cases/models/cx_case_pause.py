from odoo import fields, models


class CxCasePause(models.Model):
    """A period during which the SLA clock of a case stood still (the customer had
    the ball). Written by the case workflow only."""

    _name = "cx.case.pause"
    _inherit = ["dealer.input.guard.mixin"]
    _description = "CX Case SLA Pause"
    _order = "date_start, id"

    case_id = fields.Many2one("cx.case", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="case_id.company_id", store=True)
    date_start = fields.Datetime(required=True)
    date_end = fields.Datetime()
    reason = fields.Char()

    _dates_order = models.Constraint(
        "CHECK(date_end IS NULL OR date_end >= date_start)",
        "A pause cannot end before it starts.",
    )
