from odoo import fields, models


class CxCaseType(models.Model):
    _name = "cx.case.type"
    _inherit = ["dealer.input.guard.mixin", "dealer.process.cache.mixin"]
    # cx.sla.policy._match_candidates: policies see active types only.
    _process_cache_fields = ("active",)
    _description = "CX Case Type"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="Technical key used by integrations and campaigns.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    proactive = fields.Boolean(help="Cases of this type are started by the brand (calls out).")

    _code_uniq = models.Constraint("UNIQUE(code)", "A case type with this code already exists.")
