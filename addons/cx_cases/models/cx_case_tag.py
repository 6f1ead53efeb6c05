from random import randint

from odoo import fields, models


class CxCaseTag(models.Model):
    _name = "cx.case.tag"
    _inherit = ["dealer.input.guard.mixin"]
    _description = "CX Case Tag"
    _order = "name"

    name = fields.Char(required=True, translate=True)
    color = fields.Integer(default=lambda self: randint(1, 11))

    _name_uniq = models.Constraint("UNIQUE(name)", "This tag already exists.")
