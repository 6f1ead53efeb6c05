from odoo import api, models


class IrSequence(models.Model):
    _inherit = "ir.sequence"

    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("code") == "cx.case" for vals in vals_list):
            self.env.registry.clear_cache()  # cx.case._case_sequence
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("code") == "cx.case" or any(seq.code == "cx.case" for seq in self):
            self.env.registry.clear_cache()  # cx.case._case_sequence
        return super().write(vals)

    def unlink(self):
        if any(seq.code == "cx.case" for seq in self):
            self.env.registry.clear_cache()  # cx.case._case_sequence
        return super().unlink()
