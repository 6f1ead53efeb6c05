from odoo import fields, models


class DealerBrand(models.Model):
    _name = "dealer.brand"
    _inherit = ["dealer.input.guard.mixin"]
    _description = "Vehicle Brand"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    image_128 = fields.Image("Logo", max_width=128, max_height=128)

    _name_uniq = models.Constraint("UNIQUE(name)", "A brand with this name already exists.")
