from odoo import fields, models


class DealerCapability(models.Model):
    _name = "dealer.capability"
    _inherit = ["dealer.input.guard.mixin"]
    _description = "Outlet Capability"
    _order = "name"

    name = fields.Char(required=True, translate=True)
    color = fields.Integer()
    active = fields.Boolean(default=True)

    _name_uniq = models.Constraint(
        "UNIQUE(name)", "A capability with this name already exists."
    )
