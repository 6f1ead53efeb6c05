from odoo import fields, models


class CxCaseType(models.Model):
    _name = "cx.case.type"
    _inherit = ["dealer.input.guard.mixin"]
    _description = "CX Case Type"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="Technical key used by integrations and campaigns.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    proactive = fields.Boolean(help="Cases of this type are started by the brand (calls out).")

    _code_uniq = models.Constraint("UNIQUE(code)", "A case type with this code already exists.")

    def write(self, vals):
        if "active" in vals:
            self.env.registry.clear_cache()  # cx.sla.policy._match_candidates
        return super().write(vals)

    def unlink(self):
        self.env.registry.clear_cache()  # cx.sla.policy._match_candidates
        return super().unlink()
