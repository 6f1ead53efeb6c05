from odoo import fields, models


class DealerCapability(models.Model):
    _name = "dealer.capability"
    _inherit = ["dealer.server.fields.mixin"]
    # The guard layer's input checks only (a NUL, a date of year 9999).
    _server_fields = ()
    _description = "Outlet Capability"
    _order = "name"

    name = fields.Char(required=True, translate=True)
    color = fields.Integer()
    active = fields.Boolean(default=True)

    _name_uniq = models.Constraint(
        "UNIQUE(name)", "A capability with this name already exists."
    )
